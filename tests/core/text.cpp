// Tests of the UTF-8 text helpers: decoding, lower-casing, accent folding, tokenization.
#include "core/text/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace earshot::core;

using Tokens = std::vector<std::string>;

TEST_CASE("utf8_next decodes valid sequences and replaces malformed ones") {
    const auto decode = [](std::string_view s) {
        std::vector<char32_t> out;
        for (size_t pos = 0; pos < s.size();)
            out.push_back(utf8_next(s, pos));
        return out;
    };
    CHECK(decode("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x83") ==
          std::vector<char32_t>{'a', 0xE9, 0x20AC, 0x1F603}); // a é € 😃
    CHECK(decode("\xFF") == std::vector<char32_t>{0xFFFD});
    CHECK(decode("\xC3") == std::vector<char32_t>{0xFFFD});             // truncated
    CHECK(decode("\xC3(") == std::vector<char32_t>{0xFFFD, '('});       // bad continuation
    CHECK(decode("\xC0\x80") == std::vector<char32_t>{0xFFFD, 0xFFFD}); // overlong NUL
    CHECK(decode("\xED\xA0\x80").front() == 0xFFFD);                    // surrogate
    CHECK(decode("\xF4\x90\x80\x80").front() == 0xFFFD);                // past U+10FFFF
    std::string encoded;
    for (char32_t cp : {char32_t('x'), char32_t(0xE9), char32_t(0x20AC), char32_t(0x1F603)})
        utf8_append(cp, encoded);
    CHECK(encoded == "x\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x83");
    CHECK(utf8_length("café 😃") == 6);
    CHECK(utf8_length("") == 0);
}

TEST_CASE("Utf8Prefixes counts every prefix as utf8_length does, cut sequences included") {
    std::vector<std::string> texts = {"", "abc", "caf\xC3\xA9 \xE2\x82\xAC\xF0\x9F\x98\x83 \xC5\x81\xC3\xB3" "d\xC5\xBA",
                                      "\xFF\xC3(\xC0\x80\xED\xA0\x80\xF4\x90\x80\x80", "\xE2\x82", "x\xF0\x9F\x98"};
    // And bytes at random: any mix of valid, cut and malformed sequences.
    uint32_t state = 12345;
    for (int t = 0; t < 200; ++t) {
        std::string random;
        for (int i = 0; i < 40; ++i) {
            state = state * 1664525u + 1013904223u;
            const uint8_t pick = static_cast<uint8_t>(state >> 24);
            random += static_cast<char>(pick < 64 ? 'a' + pick % 26 : pick < 128 ? 0x80 | (pick & 0x3F) : pick);
        }
        texts.push_back(random);
    }
    for (const std::string& text : texts) {
        const Utf8Prefixes prefixes(text);
        for (size_t offset = 0; offset <= text.size() + 2; ++offset) {
            INFO("offset " << offset << " of a " << text.size() << "-byte text");
            REQUIRE(prefixes.length_before(offset) == utf8_length(std::string_view(text).substr(0, offset)));
        }
    }
}

TEST_CASE("to_lower covers Latin, Greek, Cyrillic and Armenian and keeps accents") {
    CHECK(to_lower("Hello WORLD 123!") == "hello world 123!");
    CHECK(to_lower("ÀÉÎÕÜ ÇÑ ÆØÅ Þ") == "àéîõü çñ æøå þ");
    CHECK(to_lower("ŁŚĆŹŻ ŐŰ ĞŞ Ÿ") == "łśćźż őű ğş ÿ");
    CHECK(to_lower("İ") == "i");
    CHECK(to_lower("ǅ Ǆ ȘȚ") == "ǆ ǆ șț");
    CHECK(to_lower("ΑΒΓ ΆΈΉΊΌΎΏ ΪΫ") == "αβγ άέήίόύώ ϊϋ");
    CHECK(to_lower("Ἀθῆναι ᾼ") == "ἀθῆναι ᾳ");
    CHECK(to_lower("МОСКВА ЁЇЄЎ ҐӘ") == "москва ёїєў ґә");
    CHECK(to_lower("ԱԲԳ") == "աբգ");
    CHECK(to_lower("ẞ Ạ Ỳ") == "ß ạ ỳ");
    CHECK(to_lower("ＡＢＣ") == "ａｂｃ");
    CHECK(to_lower("東京 😃") == "東京 😃");
}

TEST_CASE("fold_for_search lower-cases and removes accents") {
    CHECK(fold_for_search("Crème Brûlée") == "creme brulee");
    CHECK(fold_for_search("Diacrítica") == "diacritica");
    CHECK(fold_for_search("Feliz Año Nuevo!") == "feliz ano nuevo!");
    CHECK(fold_for_search("Straße STRASSE ẞ") == "strasse strasse ss");
    CHECK(fold_for_search("ÆSIR Œuvre Ørsted Þór Ðe") == "aesir oeuvre orsted thor de");
    CHECK(fold_for_search("Łódź Đakovo Ħamrun") == "lodz dakovo hamrun");
    CHECK(fold_for_search("İstanbul ıi") == "istanbul ii");
    CHECK(fold_for_search("Tiếng Việt") == "tieng viet");
    CHECK(fold_for_search("Ș ț ǅ") == "s t dz");
    CHECK(fold_for_search("e\xCC\x81t\xC3\xA9") == "ete"); // decomposed é and composed é
    CHECK(fold_for_search("ﬁne ﬂow") == "fine flow");
    CHECK(fold_for_search("Ｆｕｌｌ　ｗｉｄｔｈ！") ==
          "full　width!"); // the ideographic space stays
    CHECK(fold_for_search("x² ₃ ª º") == "x2 3 a o");
    CHECK(fold_for_search("ΆΣΤΥ ς Ἀθῆναι") == "αστυ σ αθηναι");
    CHECK(fold_for_search("ЁЖ ёлка ЇЖАК") == "еж елка іжак");
    CHECK(fold_for_search("Йогурт") == "йогурт");     // й is a letter of its own
    CHECK(fold_for_search("❤️👍🏽") == "❤👍"); // variation selector, skin tone
    CHECK(fold_for_search("in\xC2\xAD"
                          "formation") == "information"); // soft hyphen
    CHECK(fold_for_search("Hello, World!") == "hello, world!");
    CHECK(fold_for_search("\xFF") == "\xEF\xBF\xBD");
    std::string out = "keep ";
    fold_append("ÉTÉ", out);
    CHECK(out == "keep ete");
}

TEST_CASE("tokenize splits words the way X does") {
    CHECK(tokenize("I like coca-cola") == Tokens{"i", "like", "coca", "cola"});
    CHECK(tokenize("I like 🍕") == Tokens{"i", "like", "🍕"});
    CHECK(tokenize("so happy😃😃!") == Tokens{"so", "happy", "😃", "😃"});
    CHECK(tokenize("#Café @joes_pizza $AAPL") == Tokens{"cafe", "joes", "pizza", "aapl"});
    CHECK(tokenize("don't stop, it's 3.14") == Tokens{"don", "t", "stop", "it", "s", "3", "14"});
    CHECK(tokenize("https://www.Example.com/a?b=c") ==
          Tokens{"https", "www", "example", "com", "a", "b", "c"});
    CHECK(tokenize("em—dash «quoted» ¿Qué? 5€") == Tokens{"em", "dash", "quoted", "que", "5"});
    CHECK(tokenize("Ｈｅｌｌｏ，ｗｏｒｌｄ") == Tokens{"hello", "world"});
    CHECK(tokenize("Привет, мир!") == Tokens{"привет", "мир"});
    CHECK(tokenize("Ελληνικά κείμενα") == Tokens{"ελληνικα", "κειμενα"});
    CHECK(tokenize("مرحبا بالعالم") == Tokens{"مرحبا", "بالعالم"});
    CHECK(tokenize("नमस्ते दुनिया") == Tokens{"नमस्ते", "दुनिया"});
    CHECK(tokenize("東京タワー") == Tokens{"東", "京", "タ", "ワ", "ー"});
    CHECK(tokenize("สวัสดี").size() == 6); // Thai: one token per character
    CHECK(tokenize("👨‍👩‍👧 family") == Tokens{"👨", "👩", "👧", "family"});
    CHECK(tokenize("🇬🇧🇫🇷🇩") == Tokens{"🇬🇧", "🇫🇷", "🇩"});
    CHECK(tokenize("❤️ 1️⃣") == Tokens{"❤", "1"});
    CHECK(tokenize("I ♥ NY ✓ © 2024") == Tokens{"i", "♥", "ny", "✓", "©", "2024"});
    CHECK(tokenize("  ... !!! ").empty());
    CHECK(tokenize("").empty());
    CHECK(tokenize("a\xFF"
                   "b") == Tokens{"a", "b"}); // malformed bytes separate words
}

TEST_CASE("TokenList finds token sequences and can be reused") {
    TokenList text, needle;
    text.assign("The X API is great; the API docs too");
    needle.assign("x api");
    CHECK(text.contains_sequence(needle));
    needle.assign("api x");
    CHECK_FALSE(text.contains_sequence(needle));
    needle.assign("API docs");
    CHECK(text.contains_sequence(needle));
    needle.assign("great the");
    CHECK(text.contains_sequence(needle)); // punctuation is not a token
    needle.assign("docs too much");
    CHECK_FALSE(text.contains_sequence(needle)); // longer than what is left
    needle.assign("!!!");
    CHECK_FALSE(text.contains_sequence(needle)); // an empty needle matches nothing
    text.assign("short");
    CHECK(text.size() == 1);
    CHECK(text[0] == "short");
    CHECK(text.hash(0) == token_hash("short"));
    text.append("and more");
    CHECK(text.size() == 3);
    CHECK(text[2] == "more");
    text.clear();
    CHECK(text.empty());
}

TEST_CASE("is_word_char tells word characters from the rest") {
    CHECK(is_word_char('a'));
    CHECK(is_word_char('7'));
    CHECK(is_word_char(0xE9));   // é
    CHECK(is_word_char(0x6771)); // 東
    CHECK(is_word_char(0x0301)); // combining acute accent
    CHECK(is_word_char(0x0416)); // Ж
    CHECK_FALSE(is_word_char('-'));
    CHECK_FALSE(is_word_char(' '));
    CHECK_FALSE(is_word_char(0x1F603)); // 😃
    CHECK_FALSE(is_word_char(0x2014));  // —
    CHECK_FALSE(is_word_char(0xFE0F));
}
