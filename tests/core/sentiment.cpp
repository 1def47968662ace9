// Tests for the sentiment scorer: one case per rule, bounds and robustness, and agreement with
// human ratings on the shared fixture (skipped with a warning when the fixtures are absent;
// failing under CI=true). Other languages and the learned layer: sentiment_languages.cpp.
#include "core/analysis/analysis.hpp"
#include "core/analysis/sentiment.hpp"

#include "core/analysis/internal/sentiment_lexicon.hpp"
#include "core/analysis/internal/sentiment_tokens.hpp"
#include "fixtures.hpp"
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

using earshot::core::sentiment_score;

namespace {
float s(const std::string& text) {
    return sentiment_score(text);
}
} // namespace

TEST_CASE("lexicon words set the polarity", "[sentiment]") {
    CHECK(s("The coffee is good") > 0.3f);
    CHECK(s("The coffee is awful") < -0.3f);
    // Nothing rated: the rules give 0; the learned layer may lean, but stays neutral.
    CHECK(earshot::core::sentiment_rule_score("The coffee is hot and the shop is on Mill Road") ==
          0.f);
    CHECK(earshot::core::sentiment_polarity(s("The coffee is hot and the shop is on Mill Road")) ==
          earshot::core::Polarity::Neutral);
    CHECK(s("") == 0.f);
    CHECK(s("   \n\t ") == 0.f);
    // Words VADER lacks come from AFINN-165.
    CHECK(earshot::core::sentiment_lexicon_valence("reliable") > 0.f);
    CHECK(earshot::core::sentiment_lexicon_valence("GOOD") ==
          earshot::core::sentiment_lexicon_valence("good"));
}

TEST_CASE("negation flips the words it scopes", "[sentiment]") {
    for (const char* negated :
         {"The coffee is not good", "The coffee isn't good", "The coffee isnt good",
          "The coffee isn’t good", "I don't like it", "It was never good", "No good at all",
          "A cake without any flavour is not great"}) {
        INFO(negated);
        CHECK(s(negated) < 0.f);
    }
    CHECK(s("The service was not bad") > 0.f);
    CHECK(s("Without doubt the best bakery") > 0.f); // VADER's exception
    // Scope ends at the sentence: "not" does not reach into the next one.
    CHECK(s("I was not sure. The cake was lovely") > 0.f);
    // Repetition is not double negation.
    CHECK(s("DON'T CARE DON'T CARE DON'T CARE") < 0.f);
    // Laughter and emoticons are never negated.
    CHECK(s("no idea lol") > 0.f);
    CHECK(s("no no no") < 0.f);
}

TEST_CASE("boosters and dampeners scale intensity", "[sentiment]") {
    CHECK(s("The staff are very friendly") > s("The staff are friendly"));
    CHECK(s("The staff are kinda friendly") < s("The staff are friendly"));
    CHECK(s("The staff are extremely rude") < s("The staff are rude"));
    CHECK(s("It was sort of ok") < s("It was ok"));
}

TEST_CASE("ALL-CAPS is emphasis", "[sentiment]") {
    CHECK(s("The service was GREAT") > s("The service was great"));
    CHECK(s("The service was AWFUL") < s("The service was awful"));
    // A post in capitals shouts too.
    CHECK(s("GREAT SERVICE") > s("great service"));
}

TEST_CASE("the clause after 'but' dominates", "[sentiment]") {
    CHECK(s("The food was great but the service was terrible") < 0.f);
    CHECK(s("The food was terrible but the service was great") > 0.f);
}

TEST_CASE("repeated punctuation adds emphasis", "[sentiment]") {
    CHECK(s("Great coffee!!!") > s("Great coffee!"));
    CHECK(s("Great coffee!") > s("Great coffee"));
    CHECK(s("Awful coffee!!!") < s("Awful coffee"));
    CHECK(s("Awful coffee??") < s("Awful coffee?"));
}

TEST_CASE("elongated words are read and emphasised", "[sentiment]") {
    CHECK(s("this is gooood") > 0.f);
    CHECK(s("this is gooood") >= s("this is good"));
    CHECK(s("soooo good") > s("good"));
    CHECK(s("I looove it") > 0.f);
    CHECK(s("hahahahaha") > 0.f);
    CHECK(s("lovin it") > 0.f);
}

TEST_CASE("emoticons, emoji and HTML entities", "[sentiment]") {
    CHECK(s(":)") > 0.f);
    CHECK(s(":(") < 0.f);
    CHECK(s("D:") < 0.f);    // dismay, not the tongue-out "d:"
    CHECK(s(":DDD") > 0.f);  // repeated strokes
    CHECK(s("fun:)") > 0.f); // glued to a word
    CHECK(s("<3") > 0.f);
    CHECK(s("&lt;3") > 0.f);                    // X sends text HTML-escaped
    CHECK(s("\xE2\x9D\xA4\xEF\xB8\x8F") > 0.f); // ❤️ (with variation selector)
    CHECK(s("\xF0\x9F\x98\x8D") > 0.f);         // 😍
    CHECK(s("\xF0\x9F\x98\x92") < 0.f);         // 😒
    CHECK(s("Great coffee \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") >
          s("Great coffee")); // 👍🏽 skin tone
}

TEST_CASE("a ZWJ sequence is read as its first emoji, not its parts", "[sentiment]") {
    // 🤷‍♂️: the ♂ sign alone is rated (positive), inside a shrug it is the man shrugging.
    const std::string shrug = "\xF0\x9F\xA4\xB7";
    const std::string man_shrugging = shrug + "\xE2\x80\x8D\xE2\x99\x82\xEF\xB8\x8F";
    CHECK(earshot::core::sentiment_rule_score("Waited an hour " + man_shrugging) ==
          earshot::core::sentiment_rule_score("Waited an hour " + shrug));
    for (const char* lang : {"en", "de", "fr"})
        for (const std::string& reason :
             earshot::core::sentiment_reasons("20 Minuten gewartet, der Kaffee war kalt " + man_shrugging, lang))
            CHECK(reason.find("\xE2\x99\x82") == std::string::npos);
    CHECK(earshot::core::sentiment_rule_score("\xE2\x99\x82") != 0.f); // the sign on its own stays rated
}

TEST_CASE("a closing run of topic hashtags does not sway the learned layer", "[sentiment]") {
    // The demo's Mastodon posts end in tags; read as words they made this complaint positive.
    const std::string complaint = "20 Minuten gewartet und der Kaffee war kalt. Schade, Grindhouse";
    const std::string tagged = complaint + " #Kaffee #Coffee #Brighton #NorthLaine";
    const std::optional<float> plain = earshot::core::sentiment_score(complaint, "de");
    const std::optional<float> with_tags = earshot::core::sentiment_score(tagged, "de");
    REQUIRE(plain);
    REQUIRE(with_tags);
    CHECK(earshot::core::sentiment_polarity(*plain) == earshot::core::Polarity::Negative);
    CHECK(earshot::core::sentiment_polarity(*with_tags) == earshot::core::Polarity::Negative);
    for (const std::string& reason : earshot::core::sentiment_reasons(tagged, "de"))
        CHECK((reason != "kaffee" && reason != "northlaine" && reason != "brighton"));
    CHECK(s("Waited an hour #fail") < s("Waited an hour")); // a tag that says something still counts
}

TEST_CASE("hashtags count, handles and URLs do not", "[sentiment]") {
    CHECK(s("#love") > 0.f);
    CHECK(s("#fail") < 0.f);
    CHECK(s("@love") == 0.f);
    CHECK(s("@happy_customer https://great.example.com/awesome www.best.example") == 0.f);
    CHECK(s("Thanks @GreatBakery") == s("Thanks"));
}

TEST_CASE("questions and hypotheticals weigh less than statements", "[sentiment]") {
    CHECK(s("Is the cake good?") > 0.f);
    CHECK(s("Is the cake good?") < s("The cake is good."));
    CHECK(s("If the cake were good I would go back") < s("The cake is good and I will go back"));
}

TEST_CASE("idioms and multi-word entries", "[sentiment]") {
    CHECK(s("I can't stand this place") < 0.f);
    CHECK(s("Fed up with the queues") < 0.f);
    CHECK(s("Can't wait to try it") > 0.f);
    CHECK(s("yeah right") < 0.f);
}

namespace {
bool reads_negative(const std::string& text) {
    return earshot::core::sentiment_polarity(s(text)) == earshot::core::Polarity::Negative;
}
} // namespace

// Praise said through negative words: what raised "unhappy customer" alerts for happy customers.
TEST_CASE("implicit praise is not read as a complaint", "[sentiment]") {
    using earshot::core::sentiment_rule_score;
    SECTION("'hands down' is unquestionably, not down") {
        for (const char* text : {"Best flat white in Leeds, hands down",
                                 "Hands down the friendliest staff on the high street",
                                 "This is hands down my favourite bakery. Get the rye loaf",
                                 "Kettle & Crumb in Bath, hands down."}) {
            INFO(text);
            CHECK(sentiment_rule_score(text) > 0.f);
            CHECK_FALSE(reads_negative(text));
        }
        CHECK(s("The shop was down the road, the prices went down and my mood went down") <= 0.f);
    }
    SECTION("praise by negation and exaggeration") {
        for (const char* text : {"Nothing beats a warm cinnamon bun on a cold morning",
                                 "nothing beats their sourdough tbh",
                                 "The Mill Bakery never disappoints",
                                 "Their cardamom knot is life changing",
                                 "Can't stop thinking about that lemon tart",
                                 "Took my mum and she won't stop talking about the scones",
                                 "I can't get enough of their cold brew",
                                 "Saw a pigeon nick half a sandwich outside the deli. Leeds, never change"}) {
            INFO(text);
            CHECK(sentiment_rule_score(text) > 0.f);
            CHECK_FALSE(reads_negative(text));
        }
    }
    SECTION("a bad habit judged in hindsight praises what ended it") {
        for (const char* text :
             {"Tried the espresso at Dune and I've been drinking bad coffee my whole life",
              "Turns out I've been eating terrible bread all these years",
              "had their carbonara. i have been making it wrong all my life",
              "Honestly been drinking awful coffee until now"}) {
            INFO(text);
            CHECK(sentiment_rule_score(text) > 0.f);
            CHECK_FALSE(reads_negative(text));
        }
        // No habit ("been miserable"), or no span that ends now: still negative.
        CHECK(sentiment_rule_score("I've been miserable my whole life") < 0.f);
        CHECK(sentiment_rule_score("Been drinking bad coffee at this place all week") < 0.f);
        CHECK(sentiment_rule_score("The coffee has been terrible all these years") < 0.f);
    }
    SECTION("envy answering a photo is admiration") {
        for (const char* text : {"@dailycrumb jealous!", "@sam_k so jealous", "@ritaeats Jealous!!!",
                                 "soooo jealous", "@amy @jo envious of that brunch"}) {
            INFO(text);
            CHECK(sentiment_rule_score(text) > 0.f);
            CHECK_FALSE(reads_negative(text));
        }
        // Jealousy described, not felt at a treat.
        CHECK(sentiment_rule_score("My ex was jealous and controlling the whole time") < 0.f);
    }
    SECTION("a fond closer tells one mishap as amusing, a list of complaints as sarcasm") {
        for (const char* text :
             {"Saw a seagull steal a croissant right outside the café. Brighton, never change",
              "A gull stole my chips on the pier again. Never change",
              "Saw a pigeon nick half a sandwich outside the deli. Leeds, never change"}) {
            INFO(text);
            CHECK(sentiment_rule_score(text) > 0.f);
            CHECK_FALSE(reads_negative(text));
        }
        CHECK(sentiment_rule_score("A gull stole my chips on the pier again") < 0.f);
        for (const char* text : {"Rude staff, awful service and a cold latte. Never change",
                                 "Train cancelled again and the replacement bus broke down. "
                                 "Southern, never change"}) {
            INFO(text);
            CHECK(sentiment_rule_score(text) < 0.f);
            CHECK(reads_negative(text));
        }
    }
    SECTION("a lamenting wallet is money gladly spent") {
        for (const char* text :
             {"The café near work has started doing flat whites and my wallet is crying",
              "My poor wallet is weeping now the bakery next door does doughnuts",
              "my bank account hates me after that brunch"}) {
            INFO(text);
            CHECK(sentiment_rule_score(text) > 0.f);
        }
        // The learned layer has its own say ("poor" and "weeping" are negative words in the
        // tweets it learned from); the demo's post is not read as a complaint.
        CHECK_FALSE(reads_negative(
            "The café near work has started doing flat whites and my wallet is crying"));
        // The wallet must be the writer's and lamenting: theft and other complaints stay negative.
        CHECK(sentiment_rule_score("Someone stole my wallet at the café") < 0.f);
        CHECK(sentiment_rule_score("My wallet was stolen and the staff were rude") < 0.f);
        CHECK(sentiment_rule_score("The barista was crying and the manager was yelling") < 0.f);
    }
    SECTION("menu items named with a rated word") {
        CHECK(sentiment_rule_score("Get the pain au chocolat") == 0.f);
        CHECK(sentiment_rule_score("A dirty chai and a flapjack to go") == 0.f);
        CHECK(sentiment_rule_score("Back pain all week") < 0.f);
    }
}

TEST_CASE("an annoyed emoji turns the praise it contradicts into sarcasm", "[sentiment]") {
    using earshot::core::sentiment_rule_score;
    using earshot::core::sentiment_score;
    using earshot::core::SentimentLang;
    SECTION("the emoji wins over the praise word it follows") {
        for (const char* text : {"Found a hair in my banana bread… Lovely. 😡",
                                 "Found a hair in my croissant from the café. Lovely. 🙄",
                                 "Great, the card machine is down again 🙄",
                                 "Perfect timing, they ran out of oat milk 😤",
                                 "Amazing service as always 👎"}) {
            INFO(text);
            CHECK(s(text) <= -earshot::core::kSentimentNeutralBand);
            // The learned layer, which sees "lovely" and not the turn, does not overrule it.
            CHECK(reads_negative(text));
        }
        // In every language that reads words: the emoji are read everywhere.
        CHECK(sentiment_score("Encontré un pelo en mi croissant. Genial. 😡", SentimentLang::Es) <
              0.f);
        CHECK(sentiment_score("Ein Haar im Croissant. Toll. 🙄", SentimentLang::De) < 0.f);
        CHECK(sentiment_score("Un cheveu dans mon croissant. Génial. 😡", SentimentLang::Fr) < 0.f);
        CHECK(sentiment_score("Achei um cabelo no croissant. Ótimo. 🙄", SentimentLang::Pt) < 0.f);
        CHECK(sentiment_score("Ein Haar im Croissant. Toll.", SentimentLang::De) > 0.f);
    }
    SECTION("happy emoji and praise without an annoyed emoji stay positive") {
        for (const char* text : {"Lovely. 😍", "Found a new favourite café. Lovely. 😍",
                                 "Lovely morning at the café ☕"}) {
            INFO(text);
            CHECK(s(text) >= earshot::core::kSentimentNeutralBand);
        }
    }
    SECTION("its reach: its own sentence, the one before only when it stands alone") {
        // The rule itself: the same words without the emoji read positive.
        CHECK(sentiment_rule_score("Found a hair in my banana bread… Lovely.") > 0.f);
        CHECK(sentiment_rule_score("Found a hair in my banana bread… Lovely. 😡") < 0.f);
        // A happy sentence before an annoyed one about something else keeps its sign.
        // ("Lovely" still raises the post: it was not turned.)
        CHECK(sentiment_rule_score("What a lovely morning. Then the bus shut its door on me 😡") >
              sentiment_rule_score("What a morning. Then the bus shut its door on me 😡"));
        CHECK(sentiment_rule_score("Lovely morning. The coffee was great 😡") < 0.f);
        CHECK(sentiment_rule_score("Lovely morning. The coffee was great") > 0.f);
    }
}

TEST_CASE("scores stay in -1..1 and never misbehave on odd input", "[sentiment]") {
    std::string very_positive, very_negative, long_text;
    for (int i = 0; i < 400; ++i) {
        very_positive += "AMAZING!!! love love LOVE :) ";
        very_negative += "HORRIBLE!!! hate hate HATE :( ";
        long_text += "good bad ";
    }
    CHECK(s(very_positive) <= 1.f);
    CHECK(s(very_positive) > 0.9f);
    CHECK(s(very_negative) >= -1.f);
    CHECK(s(very_negative) < -0.9f);
    const float mixed = s(long_text);
    CHECK(mixed >= -1.f);
    CHECK(mixed <= 1.f);
    // Random bytes, invalid UTF-8, NULs, a single huge token.
    std::mt19937 rng(42);
    for (int round = 0; round < 200; ++round) {
        std::string junk(static_cast<size_t>(rng() % 600), '\0');
        for (char& c : junk)
            c = static_cast<char>(rng() & 0xFF);
        const float v = s(junk);
        REQUIRE(std::isfinite(v));
        REQUIRE(v >= -1.f);
        REQUIRE(v <= 1.f);
    }
    CHECK(std::isfinite(s(std::string(100000, 'a'))));
    CHECK(s(std::string("good\0bad", 8)) != 1.5f);
}

// The index turns most words away with a small filter before reading its table: a filter that
// forgot a key would silently drop that word's rating. Every generated key of every language
// must still be found, as the whole key and with its own rating.
TEST_CASE("the lexicon index finds every generated key", "[sentiment]") {
    namespace lexicon = earshot::core::lexicon;
    using earshot::core::SentimentLang;
    using earshot::core::sentiment_detail::lexicon_index;
    const auto& en = lexicon_index(SentimentLang::En);
    size_t missing = 0;
    for (uint32_t i = 0; i < lexicon::kEntryCount; ++i) {
        const lexicon::Entry& e = lexicon::kEntries[i];
        const auto* w = en.find(lexicon::kKeys + e.key_offset, e.key_length);
        missing += w && w->key_length == e.key_length ? 0 : 1;
    }
    CHECK(missing == 0);
    for (int t = 0; t < lexicon::kLangTables; ++t) {
        const auto& index = lexicon_index(static_cast<SentimentLang>(t + 1));
        missing = 0;
        for (uint32_t i = lexicon::kLangStart[t]; i < lexicon::kLangStart[t + 1]; ++i) {
            const lexicon::LangEntry& e = lexicon::kLangEntries[i];
            missing += index.find(lexicon::kKeys + e.key_offset, e.key_length) ? 0 : 1;
        }
        INFO("language table " << t);
        CHECK(missing == 0);
    }
    // And a word in no lexicon is not found.
    CHECK(en.find("zzqxv", 5) == nullptr);
}

TEST_CASE("polarity thresholds", "[sentiment]") {
    using earshot::core::Polarity;
    using earshot::core::sentiment_polarity;
    CHECK(sentiment_polarity(0.5f) == Polarity::Positive);
    CHECK(sentiment_polarity(0.f) == Polarity::Neutral);
    CHECK(sentiment_polarity(0.049f) == Polarity::Neutral);
    CHECK(sentiment_polarity(-0.05f) == Polarity::Negative);
}

TEST_CASE("agreement with human ratings on the tweet fixture", "[sentiment]") {
    const std::string path =
        std::string(EARSHOT_FIXTURES) + "/sentiment/tweets_GroundTruth.dev.tsv";
    std::ifstream in(path);
    if (!in) {
        earshot::test::fixtures_absent(path);
        return;
    }
    std::vector<double> ours, human;
    int agree = 0;
    std::string line;
    while (std::getline(in, line)) {
        const size_t a = line.find('\t');
        const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
        if (b == std::string::npos)
            continue;
        const double mean = std::atof(line.c_str() + a + 1);
        const float score = sentiment_score(std::string_view(line).substr(b + 1));
        ours.push_back(score);
        human.push_back(mean);
        const int h = mean > 0.5 ? 1 : mean < -0.5 ? -1 : 0;
        const int o = score >= earshot::core::kSentimentNeutralBand    ? 1
                      : score <= -earshot::core::kSentimentNeutralBand ? -1
                                                                       : 0;
        agree += h == o;
    }
    REQUIRE(ours.size() > 1000);
    double mx = 0, my = 0;
    for (size_t i = 0; i < ours.size(); ++i)
        mx += ours[i], my += human[i];
    mx /= static_cast<double>(ours.size());
    my /= static_cast<double>(ours.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < ours.size(); ++i) {
        sxy += (ours[i] - mx) * (human[i] - my);
        sxx += (ours[i] - mx) * (ours[i] - mx);
        syy += (human[i] - my) * (human[i] - my);
    }
    const double r = sxy / std::sqrt(sxx * syy);
    const double accuracy = static_cast<double>(agree) / static_cast<double>(ours.size());
    INFO("Pearson r = " << r << ", 3-class accuracy = " << accuracy);
    // We measure r = 0.8945 and accuracy = 0.805; VADER (npm) scores r = 0.875, accuracy 0.81.
    CHECK(r >= 0.87);
    CHECK(accuracy >= 0.78);
}

// [SECTION] Business names left out of the tone

namespace {
using namespace earshot::core;
} // namespace

TEST_CASE("tone names: whole words in any case are blanked, lengths kept, longest name first") {
    const ToneNames names({"Bean", "Harbour Bean", "Ha", "The Daily Crumb"});
    std::string out;
    REQUIRE(names.blank("HARBOUR BEAN's flat white, then the daily crumb.", out));
    CHECK(out == "            's flat white, then                .");
    CHECK_FALSE(names.blank("Beans, #HarbourBean and beanó are other words", out));
    REQUIRE(names.blank("bean bean", out));
    CHECK(out == "         ");
    CHECK_FALSE(names.blank("ha ha ha", out)); // a name under three letters is never blanked
    CHECK_FALSE(ToneNames().blank("Harbour Bean", out));
    CHECK(ToneNames().empty());
}

TEST_CASE("tone names: a business's name says nothing of a post's tone, nor of why we think so") {
    // A café called "Happy Days" must not make every mention praise.
    const ToneNames names({"Happy Days", "The Good Life", "Harbour Bean"});
    for (const char* text : {"Happy Days opens at 8 tomorrow", "The Good Life has a new menu"}) {
        INFO(text);
        Mention m;
        m.text = text;
        m.lang = "en";
        enrich(m);
        REQUIRE(m.sentiment);
        CHECK(*m.sentiment >= kSentimentNeutralBand); // read as praise without the names
        enrich(m, &names);
        REQUIRE(m.sentiment);
        CHECK(sentiment_polarity(*m.sentiment) == Polarity::Neutral);
        CHECK(tone_reasons(m.text, m.lang, &names).empty());
        const Analysis a = analyze_text(m.text, m.lang, &names);
        CHECK(a.sentiment == m.sentiment);
    }
    // The names leave the tone's words alone, and are never named as a reason.
    Mention m;
    m.text = "Happy Days served me cold coffee and the staff were rude";
    m.lang = "en";
    enrich(m, &names);
    REQUIRE(m.sentiment);
    CHECK(*m.sentiment <= -kSentimentNeutralBand);
    const std::vector<std::string> why = tone_reasons(m.text, m.lang, &names);
    CHECK(std::find(why.begin(), why.end(), "rude") != why.end());
    CHECK(std::find(why.begin(), why.end(), "Happy") == why.end());
    for (const std::string& w : tone_reasons("harbour bean est ouvert le dimanche ?", "fr", &names))
        CHECK((w != "harbour" && w != "bean"));
}

TEST_CASE("sentiment reasons name rated words, and learned words only when they weigh clearly") {
    // Before, the learned layer's faint habits filled the list: "lovely, is, harbour".
    CHECK(sentiment_reasons("Harbour Bean is lovely", "en") == std::vector<std::string>{"lovely"});
    CHECK(sentiment_reasons("meh, Harbour Bean again", "en") == std::vector<std::string>{"meh"});
}
