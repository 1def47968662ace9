// Every Unicode code point through every text path of the core (display order and
// shaping included): alone, inside words, hashtags, mentions and URLs. One Polish
// tweet once froze the app for good (the intent tokenizer stood still on "ł"); this
// makes any such character a test failure (or a hang ctest times out) instead of a
// user's frozen tab.
#include "core/analysis/analysis.hpp"
#include "core/analysis/internal/intent.hpp"
#include "core/query/query.hpp"
#include "core/text/bidi.hpp"
#include "core/text/grapheme.hpp"
#include "core/text/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace earshot::core;

namespace {

/// True when `s` is well-formed UTF-8 (what we cut or fold must stay so).
bool valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

} // namespace

TEST_CASE("Polish, Czech, Turkish and Hungarian letters fold, and × ÷ are stepped over") {
    const intent_detail::Text t = intent_detail::tokenize("Łódź ×3 ÷ Żółć şoför őrült");
    std::vector<std::string> words;
    for (size_t i = 0; i < t.tokens.size(); ++i) words.emplace_back(t.word(i));
    CHECK(words == std::vector<std::string>{"lodz", "3", "zolc", "sofor", "orult"});
    // The tweet that froze the tab: analysed, with a tone, in a moment.
    const Analysis a = analyze_text("Świetna kawa w Łodzi, polecam! ☕", "pl");
    CHECK_FALSE(a.sentiment.has_value()); // no Polish model: unknown, not an English reading
}

TEST_CASE("every code point, alone and inside words, hashtags, mentions and URLs, passes every text path") {
    const auto query = std::get<Query>(Query::parse("coffee OR #tag OR @user OR lodz"));
    // "qu'" and "ísimas": the French/Italian elision split and the superlative lookup.
    const char* const contexts[][2] = {{"", ""}, {"caf", "é"}, {"#tag", "x"}, {"@user", "x"}, {"https://ex.com/a", "b"},
                                       {"qu'", "\xC3\xADsimas"}};
    size_t texts = 0;
    for (uint32_t block = 0; block < 0x110000; block += 256) {
        for (const auto& ctx : contexts) {
            std::string text;
            for (uint32_t cp = block; cp < block + 256; ++cp) {
                if (cp >= 0xD800 && cp <= 0xDFFF) continue; // surrogates are not characters
                if (cp == 0) continue;
                text += ctx[0];
                utf8_append(static_cast<char32_t>(cp), text);
                text += ctx[1];
                text += ' ';
            }
            INFO("code points U+" << std::hex << block << "..U+" << block + 255 << " in context \"" << ctx[0] << "\"");
            for (const char* lang : {"en", "de", "fr", "es", "it", "nl", "pl", ""}) {
                const Analysis a = analyze_text(text, lang);
                REQUIRE(a.sentiment.has_value() == (std::string_view(lang) != "pl"));
                REQUIRE(std::isfinite(a.sentiment.value_or(0.f)));
                REQUIRE(std::fabs(a.sentiment.value_or(0.f)) <= 1.0f);
            }
            const std::string folded = fold_for_search(text);
            REQUIRE(valid_utf8(folded));
            // Display: shaped and in visual order, nothing lost or broken (tests/core/bidi.cpp checks the order).
            const std::string shown = for_ltr_renderer(text);
            REQUIRE(valid_utf8(shown));
            REQUIRE(utf8_length(shown) <= utf8_length(text));
            REQUIRE(visual_order(text, TextDirection::RightToLeft).size() == text.size());
            for (const std::string& token : tokenize(text)) REQUIRE(valid_utf8(token));
            Mention m;
            m.id = "x:1";
            m.text = text;
            m.lang = "en";
            (void)query.matches(m); // must return
            ++texts;
        }
    }
    CHECK(texts == 0x110000 / 256 * 6);
}

TEST_CASE("every code point, alone and inside words, hashtags, mentions and URLs, is cut only where a cluster ends") {
    const char* const contexts[][2] = {{"", ""}, {"caf", "e\xCC\x81"}, {"#tag", "x"}, {"@user", "\xE2\x80\x8D"}, {"https://ex.com/a", "b"}};
    size_t cuts = 0;
    for (uint32_t cp = 1; cp < 0x110000; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue; // surrogates are not characters
        for (const auto& ctx : contexts) {
            std::string text = ctx[0];
            const size_t at = text.size();
            utf8_append(static_cast<char32_t>(cp), text);
            text += ctx[1];
            // Boundaries, once: the cut must land on one of them, the last that fits.
            std::vector<size_t> ends{0};
            for (size_t pos = 0; pos < text.size();) ends.push_back(pos = next_grapheme_boundary(text, pos));
            // Budgets inside and just after the code point: where a byte cut would break it.
            for (size_t budget = at + 1; budget <= text.size() && budget <= at + 4; ++budget) {
                const std::string_view cut = cut_at_grapheme(text, budget);
                const size_t last_fit = *std::prev(std::upper_bound(ends.begin(), ends.end(), budget));
                if (!valid_utf8(cut) || cut.size() != last_fit || text.compare(0, cut.size(), cut) != 0) {
                    INFO("U+" << std::hex << cp << " in context \"" << ctx[0] << "\", budget " << std::dec << budget
                              << ": cut " << cut.size() << " bytes, last boundary that fits " << last_fit);
                    REQUIRE(false);
                }
                ++cuts;
            }
        }
    }
    CHECK(cuts > 0x10F800 * 5);
}
