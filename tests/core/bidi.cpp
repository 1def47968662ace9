// Tests of right-to-left display text (core/text/bidi): Hebrew and Arabic posts
// with numbers, URLs, handles, emoji and English words in the order a reader
// expects, Arabic letters in their joined forms, and any input passing through.
#include "core/text/bidi.hpp"
#include "core/text/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace earshot::core;

namespace {

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (size_t pos = 0; pos < s.size();) out.push_back(utf8_next(s, pos));
    return out;
}

std::string utf8(const std::u32string& cps) {
    std::string s;
    for (char32_t c : cps) utf8_append(c, s);
    return s;
}

/// `s` reversed code point by code point: how a right-to-left word without marks is drawn.
std::string rev(std::string_view s) {
    std::u32string cps = code_points(s);
    std::reverse(cps.begin(), cps.end());
    return utf8(cps);
}

/// Both halves of a mirrored bracket pair as one, so a permutation check allows mirroring.
char32_t unmirror(char32_t c) {
    static const std::u32string opening = U"([{<\u00AB\u2039\u2045\u207D\u208D\u3008\u300A\u300C\u300E\u3010\uFF08\uFF3B\uFF5B\uFE59\uFE5B\uFE5D\u2264";
    static const std::u32string closing = U")]}>\u00BB\u203A\u2046\u207E\u208E\u3009\u300B\u300D\u300F\u3011\uFF09\uFF3D\uFF5D\uFE5A\uFE5C\uFE5E\u2265";
    const size_t at = closing.find(c);
    return at == std::u32string::npos ? c : opening[at];
}

bool same_code_points(std::string_view a, std::string_view b) {
    std::u32string x = code_points(a), y = code_points(b);
    for (char32_t& c : x) c = unmirror(c);
    for (char32_t& c : y) c = unmirror(c);
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    return x == y;
}

} // namespace

TEST_CASE("a paragraph's direction comes from its first strong letter") {
    CHECK(paragraph_direction("שלום עולם") == TextDirection::RightToLeft);
    CHECK(paragraph_direction("مرحبا بكم") == TextDirection::RightToLeft);
    CHECK(paragraph_direction("50 שקלים") == TextDirection::RightToLeft); // digits are weak
    CHECK(paragraph_direction("@joe שלום") == TextDirection::LeftToRight);
    CHECK(paragraph_direction("Café שלום") == TextDirection::LeftToRight);
    CHECK(paragraph_direction("123 !? ☕") == TextDirection::LeftToRight);
    CHECK(paragraph_direction("") == TextDirection::LeftToRight);
    CHECK(has_rtl("hello שלום"));
    CHECK_FALSE(has_rtl("hello café 東京 ☕"));
}

TEST_CASE("Hebrew sentences read right to left, numbers and English words keep their order") {
    CHECK(visual_order("שלום עולם") == rev("עולם") + " " + rev("שלום"));
    CHECK(visual_order("יש לנו 25 כוסות") == rev("כוסות") + " 25 " + rev("לנו") + " " + rev("יש"));
    CHECK(visual_order("אני אוהב Earshot מאוד") == rev("מאוד") + " Earshot " + rev("אוהב") + " " + rev("אני"));
    CHECK(visual_order("הנחה של 20% היום") == rev("היום") + " 20% " + rev("של") + " " + rev("הנחה"));
    CHECK(visual_order("משלוח תוך 1-2 ימים") == rev("ימים") + " 1-2 " + rev("תוך") + " " + rev("משלוח"));
    CHECK(visual_order("50 שקלים") == rev("שקלים") + " 50");
    CHECK(visual_order("מחיר 1,250.50 ש״ח") == rev("ש״ח") + " 1,250.50 " + rev("מחיר"));
}

TEST_CASE("URLs, handles, hashtags and emoji inside Hebrew stay readable") {
    CHECK(visual_order("ראו https://cafe.example/menu?x=1 עכשיו") ==
          rev("עכשיו") + " https://cafe.example/menu?x=1 " + rev("ראו"));
    // The handle is a left-to-right run; "@" and "!" sit on its right-to-left sides, as browsers draw it.
    CHECK(visual_order("תודה @joes_pizza!") == "!joes_pizza@ " + rev("תודה"));
    CHECK(visual_order("קפה ☕ טעים") == rev("טעים") + " ☕ " + rev("קפה"));
    CHECK(visual_order("ממליץ 👍🏽 בחום") == rev("בחום") + " 👍🏽 " + rev("ממליץ")); // the skin tone stays on its hand
    // "#" is a neutral between Hebrew and the tag: it sides with the paragraph, as browsers show it.
    CHECK(visual_order("מושלם #coffee") == "coffee# " + rev("מושלם"));
}

TEST_CASE("brackets are mirrored inside right-to-left runs, not in left-to-right ones") {
    CHECK(visual_order("שלום (עולם)") == "(" + rev("עולם") + ") " + rev("שלום"));
    CHECK(visual_order("קפה [חם] טוב") == rev("טוב") + " [" + rev("חם") + "] " + rev("קפה"));
    CHECK(visual_order("great (really) coffee") == "great (really) coffee");
}

TEST_CASE("a left-to-right sentence with a Hebrew or Arabic word reverses only that word") {
    CHECK(visual_order("I love שלום so much") == "I love " + rev("שלום") + " so much");
    CHECK(visual_order("Order #123 from מאפה today") == "Order #123 from " + rev("מאפה") + " today");
    // Digits after an Arabic word are Arabic numbers (W2): they stay with it, as browsers show it.
    CHECK(visual_order("Best shawarma: شاورما 2 times") == "Best shawarma: 2 " + rev("شاورما") + " times");
    CHECK(visual_order("plain ascii, 100% untouched") == "plain ascii, 100% untouched");
}

TEST_CASE("Arabic reads right to left with its numbers in order") {
    CHECK(visual_order("السعر 25 ريال") == rev("ريال") + " 25 " + rev("السعر"));
    CHECK(visual_order("الطلب رقم ١٢٣ جاهز") == rev("جاهز") + " ١٢٣ " + rev("رقم") + " " + rev("الطلب"));
    CHECK(visual_order("قهوة ممتازة في Blue Bottle اليوم") ==
          rev("اليوم") + " Blue Bottle " + rev("في") + " " + rev("ممتازة") + " " + rev("قهوة"));
}

TEST_CASE("a wrapped row keeps its paragraph's direction") {
    // The second row of a Hebrew paragraph that starts with English is still right to left.
    CHECK(visual_order("Earshot שלום", TextDirection::RightToLeft) == rev("שלום") + " Earshot");
    CHECK(visual_order("Earshot שלום", TextDirection::LeftToRight) == "Earshot " + rev("שלום"));
    // A trailing space takes the paragraph's level (L1): the row's logical end, on its left.
    CHECK(visual_order("שלום עולם ", TextDirection::RightToLeft) == " " + rev("עולם") + " " + rev("שלום"));
}

TEST_CASE("Arabic letters take their joined forms, with lam-alef ligatures") {
    // meem reh hah beh alef: initial, final (reh does not join on), initial, medial, final.
    CHECK(code_points(shape_arabic("مرحبا")) == U"\uFEE3\uFEAE\uFEA3\uFE92\uFE8E");
    // seen, lam-alef (final: seen joins it), meem alone (alef does not join on).
    CHECK(code_points(shape_arabic("سلام")) == U"\uFEB3\uFEFC\uFEE1");
    CHECK(code_points(shape_arabic("لا")) == U"\uFEFB");
    CHECK(code_points(shape_arabic("لأن")) == U"\uFEF7\uFEE5");
    // Harakat between letters do not break the joining and stay after their letters.
    CHECK(code_points(shape_arabic("بِسْمِ")) == U"\uFE91\u0650\uFEB4\u0652\uFEE2\u0650");
    // Hamza joins nothing; Persian letters have their forms too (پ گ ی).
    CHECK(code_points(shape_arabic("ء")) == U"\uFE80");
    CHECK(code_points(shape_arabic(u8"\u067E\u06CC\u06A9")) == U"\uFB58\uFBFF\uFB8F");
    // Tatweel joins on both sides; a space ends a word.
    CHECK(code_points(shape_arabic("بـب ب")) == U"\uFE91\u0640\uFE90 \uFE8F");
    CHECK(shape_arabic("no arabic: שלום 123 ☕") == "no arabic: שלום 123 ☕");
}

TEST_CASE("an Arabic post is shaped and put in visual order line by line, marks after their letters") {
    CHECK(code_points(for_ltr_renderer("بِسْمِ")) == U"\uFEE2\u0650\uFEB4\u0652\uFE91\u0650");
    const std::string post = "مرحبا 👋\nالسعر 25 ريال";
    const std::string shown = for_ltr_renderer(post);
    const size_t nl = shown.find('\n');
    REQUIRE(nl != std::string::npos);
    CHECK(shown.substr(0, nl) == "👋 " + rev(shape_arabic("مرحبا")));
    CHECK(shown.substr(nl + 1) == rev(shape_arabic("ريال")) + " 25 " + rev(shape_arabic("السعر")));
    CHECK(for_ltr_renderer("no right-to-left here\nat all") == "no right-to-left here\nat all");
}

TEST_CASE("every code point, alone and among Hebrew, Arabic and English, is only moved, never lost") {
    const char* const contexts[][2] = {{"", ""}, {"שלום ", " עולם"}, {"مرحبا", "بكم 25"}, {"caf", "é (x)"}, {"@user ", " 12%"}};
    size_t lines = 0;
    for (uint32_t block = 0; block < 0x110000; block += 128) {
        for (const auto& ctx : contexts) {
            std::string line;
            for (uint32_t cp = block; cp < block + 128; ++cp) {
                if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == '\n') continue;
                line += ctx[0];
                utf8_append(static_cast<char32_t>(cp), line);
                line += ctx[1];
                line += ' ';
            }
            INFO("code points U+" << std::hex << block << "..U+" << block + 127 << " in context \"" << ctx[0] << "\"");
            for (TextDirection d : {TextDirection::Auto, TextDirection::LeftToRight, TextDirection::RightToLeft}) {
                const std::string shown = visual_order(line, d);
                REQUIRE(same_code_points(shown, line));
            }
            const std::string shaped = shape_arabic(line);
            const size_t before = code_points(line).size(), after = code_points(shaped).size();
            REQUIRE(after <= before);
            REQUIRE(after + before / 2 >= before); // only lam-alef pairs merge
            REQUIRE(code_points(for_ltr_renderer(line)).size() == after);
            ++lines;
        }
    }
    CHECK(lines == 0x110000 / 128 * 5);
}

TEST_CASE("broken UTF-8 becomes U+FFFD and is still ordered") {
    const std::string broken = "שלום \xD7 \xFF\xFE abc \xE2\x82";
    const std::string shown = for_ltr_renderer(broken);
    const std::u32string in = code_points(broken), out = code_points(shown);
    CHECK(out.size() == in.size());
    CHECK(shown.find("abc") != std::string::npos);
    CHECK(std::count(out.begin(), out.end(), U'\uFFFD') == std::count(in.begin(), in.end(), U'\uFFFD'));
    CHECK(std::count(out.begin(), out.end(), U'\uFFFD') >= 4);
}
