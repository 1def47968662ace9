// Mentions out: CSV cells a spreadsheet cannot run as formulas, RFC 4180 quoting,
// and twarc2 JSONL that reads back as the same mentions — checked on the real
// twarc2 recordings in ../shared/fixtures, not on posts made up here.
#include <catch2/catch.hpp>

#include "core/export/export.hpp"
#include "core/ingest/ingest.hpp"
#include "fixtures.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace earshot::core;

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("a CSV cell that would run as a formula is neutralised", "[export]") {
    CHECK(csv_cell("=HYPERLINK(\"http://evil\",\"x\")") == "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    CHECK(csv_cell("+1 555") == "'+1 555");
    CHECK(csv_cell("-2+3") == "'-2+3");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_cell("\t=1") == "'\t=1");
    CHECK(csv_cell("\r=1") == "\"'\r=1\"");
    CHECK(csv_cell("café, croissant") == "\"café, croissant\"");
    CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
    CHECK(csv_cell("plain 😀") == "plain 😀");
    CHECK(csv_cell("a\xC3") == "a\xEF\xBF\xBD"); // cut UTF-8 is replaced, never passed on
    CHECK(csv_cell("") == "");
}

TEST_CASE("a CSV row has as many cells as the header, whatever the text holds", "[export]") {
    Mention m;
    m.id = "x:1";
    m.text = "=cmd|' /C calc'!A0, \"quoted\"\nnext line";
    m.author.handle = "@odd";
    WorkflowEntry w;
    w.tags = {"vip", "=bad"};
    w.note = "+call back";
    std::string row;
    append_csv_row(m, w, row);
    // Count cells outside quotes.
    auto cells = [](const std::string& line) {
        size_t n = 1;
        bool quoted = false;
        for (char c : line) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) ++n;
        }
        return n;
    };
    CHECK(cells(row) == cells(csv_header()));
    CHECK(row.find("\"'=cmd|") != std::string::npos);
    CHECK(row.find("'+call back") != std::string::npos);
    CHECK(row.find("'@odd") != std::string::npos);
    CHECK(row.substr(row.size() - 2) == "\r\n");
}

TEST_CASE("twarc2 JSONL written from the real recordings reads back as the same mentions", "[export]") {
    const std::filesystem::path dir = std::filesystem::path(EARSHOT_FIXTURES) / "twarc";
    if (!std::filesystem::is_directory(dir)) {
        earshot::test::fixtures_absent("the twarc2 recordings");
        return;
    }
    size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".jsonl") continue;
        std::vector<Mention> original;
        ingest_content(read_all(entry.path()), original);
        if (original.empty()) continue; // counts, compliance, users: no posts to write
        std::string exported;
        for (const Mention& m : original) append_twarc2_line(m, exported);
        std::vector<Mention> again;
        IngestReport r = ingest_content(exported, again);
        INFO(entry.path().filename().string());
        CHECK(r.failed == 0);
        REQUIRE(again.size() == original.size());
        for (size_t i = 0; i < original.size(); ++i) {
            const Mention &a = original[i], &b = again[i];
            INFO(a.id);
            CHECK(b.id == a.id);
            CHECK(b.text == a.text);
            CHECK(b.created_at == a.created_at);
            CHECK(b.lang == a.lang);
            CHECK(b.kind == a.kind);
            CHECK(b.author.handle == a.author.handle);
            CHECK(b.author.name == a.author.name);
            CHECK(b.author.followers == a.author.followers);
            CHECK(b.metrics.likes == a.metrics.likes);
            CHECK(b.metrics.reposts == a.metrics.reposts);
            CHECK(b.hashtags == a.hashtags);
            CHECK(b.mentions == a.mentions);
            CHECK(b.urls == a.urls);
            ++compared;
        }
    }
    CHECK(compared >= 500); // the recordings hold 520 posts
}
