// JsonDocument against nlohmann::json, the parser it replaces on the ingest path:
// every JSON file in ../shared/fixtures (whole, every JSONL line, cut short at many
// points, with bytes changed) must be accepted or refused alike, and what is
// accepted must read back as the same values.
#include "core/ingest/json_view.hpp"

#include "fixtures.hpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace earshot::core;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Rebuilds a nlohmann document from a view, for comparison.
json to_nlohmann(JsonView v) {
    if (v.is_object()) {
        json o = json::object();
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string_view k = it.key_raw();
            o[json_unescape(k)] = to_nlohmann(*it);
        }
        return o;
    }
    if (v.is_array()) {
        json a = json::array();
        for (JsonView e : v) a.push_back(to_nlohmann(e));
        return a;
    }
    if (v.is_string()) return v.string();
    if (v.is_bool()) return v.boolean();
    if (v.is_null()) return nullptr;
    if (v.is_integer()) {
        const std::string digits(v.raw());
        if (auto i = v.int64()) return *i;
        // nlohmann keeps what fits in unsigned 64-bit as such, the rest as a double.
        errno = 0;
        const unsigned long long u = std::strtoull(digits.c_str(), nullptr, 10);
        if (digits[0] != '-' && errno == 0) return u;
        return *v.number();
    }
    return *v.number();
}

/// "" when both parsers agree on `text` (both refuse it, or both accept it with the
/// same values), else how they differ.
std::string disagreement(std::string_view text) {
    std::string why;
    const json expected = json::parse(text.begin(), text.end(), nullptr, false);
    const Result<JsonDocument> doc = JsonDocument::parse(text);
    if (expected.is_discarded() != !doc.ok()) {
        why = expected.is_discarded() ? "nlohmann refuses, JsonDocument accepts"
                                      : "JsonDocument refuses (" + doc.error() + "), nlohmann accepts";
        return why;
    }
    if (doc && to_nlohmann(doc->root()) != expected) why = "the values differ";
    return why;
}

std::vector<fs::path> fixture_files() {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(EARSHOT_FIXTURES)) {
        const std::string ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".json" || ext == ".jsonl") && e.file_size() < 8'000'000)
            files.push_back(e.path());
    }
    return files;
}

} // namespace

TEST_CASE("json view: hand-made documents read like nlohmann's") {
    const char* docs[] = {
        "{}", "[]", "0", "-0", "1.5e3", "-12.25E-2", "true", "false", "null", "\"\"",
        R"({"a":{"b":[1,2,{"c":null}],"d":"x\"y\\z\/\b\f\n\r\t"},"e":[]})",
        R"(["\u00e9\u4e2d\ud83d\ude00", "caf\u00E9", "plain é 中 😀"])",
        R"({"k":1,"k":2})", // a repeated key: the last wins
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "-9223372036854775808", "-9223372036854775809", " \t\r\n[ 1 , 2 ]\n ",
        "1e400", "-1e400", "1e-400", // overflow is refused by both; underflow reads as 0
        // Refused by both:
        "", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "[1 2]",
        "{\"a\" 1}", "{1:2}", "\"\\x\"", "\"\\u12\"", "\"a\nb\"", "\"\xC3\"", "\"\xC0\xAF\"",
        "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "[1]x", "{} {}",
        "\"\xF0\x9F\x98\"", "NaN", "[-]", "\x01", "\"\\u00e9", "[\"a\",",
    };
    const std::string huge_integer = "1" + std::string(400, '0');
    CHECK(disagreement(huge_integer).empty());
    CHECK(disagreement("[" + huge_integer + "]").empty());
    for (const char* d : docs) {
        INFO("document: " << d);
        CHECK(disagreement(d).empty());
    }
}

TEST_CASE("json view: accessors answer nothing rather than throw on wrong types") {
    const auto doc = JsonDocument::parse(R"({"n":42,"f":1.5,"s":"x","big":99999999999999999999,"a":[1,"2"],"o":{}})");
    REQUIRE(doc);
    JsonView r = doc->root();
    CHECK(r["n"].int64() == 42);
    CHECK_FALSE(r["f"].int64());
    CHECK(r["f"].number() == 1.5);
    CHECK_FALSE(r["big"].int64()); // does not fit: nothing, not a wrapped value
    CHECK(r["big"].raw() == "99999999999999999999");
    CHECK(r["s"].int64() == std::nullopt);
    CHECK(r["s"]["x"].string().empty());
    CHECK_FALSE(r["missing"]);
    CHECK_FALSE(r["a"].at(2));
    CHECK(r["a"].at(1).string() == "2");
    CHECK(r["a"].size() == 2);
    CHECK(r["o"].size() == 0);
    CHECK_FALSE(r["o"].begin() != r["o"].end());
    CHECK_FALSE(r["n"].begin() != r["n"].end());
}

TEST_CASE("json view: a NUL byte ends nothing: what follows it is still read (nlohmann stops there)") {
    const std::string text("{\"a\":1}\0garbage", 16);
    CHECK_FALSE(JsonDocument::parse(text));
    CHECK_FALSE(JsonDocument::parse(std::string("[1,\0 2]", 7)));
}

TEST_CASE("json view: deep nesting is refused, not a stack overflow") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const auto doc = JsonDocument::parse(deep);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().find("nested too deeply") != std::string::npos);
}

TEST_CASE("json view: every fixture file reads like nlohmann's, whole, per line, cut and damaged") {
    if (!fs::exists(EARSHOT_FIXTURES)) return earshot::test::fixtures_absent("JSON fixtures");
    const std::vector<fs::path> files = fixture_files();
    REQUIRE(files.size() >= 10);
    std::mt19937 rng(7);
    size_t documents = 0;
    for (const fs::path& path : files) {
        const std::string text = slurp(path);
        INFO(path.string());
        CHECK(disagreement(text).empty());
        ++documents;
        std::vector<std::string_view> lines;
        for (size_t pos = 0; pos < text.size();) {
            const size_t nl = std::min(text.find('\n', pos), text.size());
            lines.emplace_back(text.data() + pos, nl - pos);
            pos = nl + 1;
        }
        for (size_t k = 0; k < lines.size() && k < 200; ++k) {
            std::string_view line = lines[k];
            if (line.empty()) continue;
            INFO("line " << k + 1);
            CHECK(disagreement(line).empty());
            // Cut short at a few points, and with one byte changed.
            for (int t = 0; t < 4; ++t) {
                const size_t cut = rng() % line.size();
                CHECK(disagreement(line.substr(0, cut)).empty());
                std::string damaged(line);
                // Not NUL: nlohmann stops reading there (see the test of NUL below).
                damaged[rng() % damaged.size()] = static_cast<char>(1 + rng() % 255);
                INFO("damaged: " << damaged);
                CHECK(disagreement(damaged).empty());
                documents += 2;
            }
        }
    }
    INFO(documents << " documents compared");
    CHECK(documents > 1000);
}
