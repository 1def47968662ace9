// Tests of grapheme-cluster boundaries and cutting: Unicode's own test file
// (every line must segment as it says) and the cases display text meets.
#include "core/text/grapheme.hpp"
#include "core/text/text.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace earshot::core;

namespace {

std::vector<size_t> boundaries(std::string_view s) {
    std::vector<size_t> out;
    for (size_t pos = 0; pos < s.size();) out.push_back(pos = next_grapheme_boundary(s, pos));
    return out;
}

std::string utf8(std::initializer_list<char32_t> cps) {
    std::string s;
    for (char32_t c : cps) utf8_append(c, s);
    return s;
}

} // namespace

TEST_CASE("every line of Unicode's GraphemeBreakTest.txt segments as it says") {
    const std::string path = std::string(EARSHOT_UNICODE_DIR) + "/auxiliary/GraphemeBreakTest.txt";
    std::ifstream in(path);
    INFO(path << " is missing: run scripts/setup (installs Debian's unicode-data)");
    REQUIRE(in);
    size_t lines = 0;
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        // "÷ 0020 × 0308 ÷": a code point between marks; ÷ is a boundary, × is none.
        std::istringstream fields(line);
        std::string text, field;
        std::vector<size_t> expected;
        while (fields >> field) {
            if (field == "\u00F7") {
                if (!text.empty()) expected.push_back(text.size());
            } else if (field != "\u00D7") {
                utf8_append(static_cast<char32_t>(std::stoul(field, nullptr, 16)), text);
            }
        }
        INFO("line: " << line << " (Unicode " << grapheme_unicode_version() << ")");
        CHECK(boundaries(text) == expected);
        ++lines;
    }
    CHECK(lines > 500); // 602 in Unicode 15.0
}

TEST_CASE("clusters hold together: CR LF, accents, Hangul, flags, skin tones, ZWJ emoji, variation selectors") {
    CHECK(boundaries("a\r\nb") == std::vector<size_t>{1, 3, 4});
    CHECK(boundaries("e\xCC\x81x") == std::vector<size_t>{3, 4});                      // e + combining acute
    CHECK(boundaries(utf8({0x1100, 0x1161, 0x11A8, 'x'})) == std::vector<size_t>{9, 10}); // ᄀ ᅡ ᆨ: one syllable
    const std::string uk = utf8({0x1F1EC, 0x1F1E7}), fr = utf8({0x1F1EB, 0x1F1F7});
    CHECK(boundaries(uk + fr) == std::vector<size_t>{8, 16}); // two flags, not four letters
    CHECK(boundaries(utf8({0x1F44D, 0x1F3FD, '!'})) == std::vector<size_t>{8, 9}); // 👍🏽
    const std::string family = utf8({0x1F468, 0x200D, 0x1F469, 0x200D, 0x1F467});  // 👨‍👩‍👧
    CHECK(boundaries(family + "a") == std::vector<size_t>{family.size(), family.size() + 1});
    CHECK(boundaries(utf8({0x2764, 0xFE0F, 'x'})) == std::vector<size_t>{6, 7}); // ❤️
    CHECK(boundaries(utf8({0x0915, 0x093F})) == std::vector<size_t>{6});         // कि: spacing mark
    CHECK(boundaries("") == std::vector<size_t>{});
}

TEST_CASE("cut_at_grapheme keeps the longest prefix within the budget that ends on a boundary") {
    const std::string family = utf8({0x1F468, 0x200D, 0x1F469, 0x200D, 0x1F467}); // 18 bytes
    const std::string text = "hi " + family + " ok";
    CHECK(cut_at_grapheme(text, 100) == text);
    for (size_t budget = 3; budget < 3 + family.size(); ++budget) CHECK(cut_at_grapheme(text, budget) == "hi ");
    CHECK(cut_at_grapheme(text, 3 + family.size()) == "hi " + family);
    CHECK(cut_at_grapheme(text, 0) == "");
    CHECK(cut_at_grapheme(family, 5) == ""); // the first cluster does not fit
    const std::string flags = utf8({0x1F1EC, 0x1F1E7, 0x1F1EB, 0x1F1F7});
    CHECK(cut_at_grapheme(flags, 12) == flags.substr(0, 8)); // never half a flag
    CHECK(cut_at_grapheme("cafe\xCC\x81!", 5) == "caf"); // the accent stays with its e
}

TEST_CASE("ellipsize cuts on a boundary, leaves room for the ellipsis and drops trailing spaces") {
    CHECK(ellipsize("short", 10) == "short");
    const std::string thumbs = utf8({0x1F44D, 0x1F3FD}); // 👍🏽, 8 bytes
    const std::string out = ellipsize("so good " + thumbs + " really", 18);
    CHECK(out == "so good\u2026"); // 8 + 8 bytes would leave no room for the 3-byte "…"
    CHECK(out.size() <= 18);
    CHECK(ellipsize("so good " + thumbs + " really", 19) == "so good " + thumbs + "\u2026");
}
