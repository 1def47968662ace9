// Tests for sentiment beyond English: which model reads which language tag, each language's
// negation and praise, emoji everywhere, unknown tone, and the learned layer (its training on
// made-up data, its cross-validated figures and the committed weights being reproducible).
#include "core/analysis/analysis.hpp"
#include "core/analysis/intent.hpp"
#include "core/analysis/internal/sentiment_model.hpp"
#include "core/analysis/sentiment.hpp"
#include "core/analysis/sentiment_learn.hpp"

#include "fixtures.hpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace earshot::core;

namespace {
Polarity tone(const std::string& text, const char* lang) {
    const std::optional<float> s = sentiment_score(text, lang);
    REQUIRE(s.has_value());
    return sentiment_polarity(*s);
}
} // namespace

TEST_CASE("language tags choose the model, and unknown languages get no tone") {
    CHECK(sentiment_language("de") == SentimentLang::De);
    CHECK(sentiment_language("pt-BR") == SentimentLang::Pt);
    CHECK(sentiment_language("FR") == SentimentLang::Fr);
    CHECK(sentiment_language("nl_BE") == SentimentLang::Nl);
    CHECK(sentiment_language("") == SentimentLang::En); // a source that gives no language
    CHECK(sentiment_language("und") == SentimentLang::Symbols);
    CHECK_FALSE(sentiment_language("ja").has_value());
    CHECK_FALSE(sentiment_language("pl").has_value());
    CHECK_FALSE(sentiment_language("det").has_value()); // not "de" by its first letters
    // No English reading of foreign words: a Polish rant and Japanese praise have no tone.
    CHECK_FALSE(sentiment_score("Okropna obsługa, nigdy więcej!", "pl").has_value());
    CHECK_FALSE(sentiment_score("最高のコーヒーでした", "ja").has_value());
    const Analysis a = analyze_text("Okropna obsługa, nigdy więcej!", "pl");
    CHECK_FALSE(a.sentiment.has_value());
    CHECK(a.to_json()["sentiment"].is_null());
}

TEST_CASE("the praise that raised false alarms reads as praise") {
    // The two demo posts: German "war" is "was", not "war".
    CHECK(tone("Der cheese scone bei @grindhousecafe war ein Traum 😍", "de") == Polarity::Positive);
    CHECK(tone("Atendimento incrível no The Daily Crumb, voltarei com certeza ☕", "pt") ==
          Polarity::Positive);
    const struct {
        const char* lang;
        const char* text;
    } kPraise[] = {
        {"de", "Der Kuchen war wirklich lecker, die Bedienung super freundlich"},
        {"de", "Bester Kaffee der Stadt, wir kommen wieder!"},
        {"es", "El café estaba buenísimo y el servicio excelente"},
        {"es", "Me encantó el desayuno, muy recomendable"},
        {"fr", "Le café était délicieux et l'accueil très chaleureux"},
        {"fr", "Super brunch, on reviendra avec plaisir"},
        {"it", "Il cornetto era ottimo e il personale gentilissimo"},
        {"it", "Posto bellissimo, consigliato!"},
        {"pt", "O bolo estava ótimo e o atendimento perfeito"},
        {"pt", "Adorei o café, recomendo muito!"},
        {"nl", "Heerlijke koffie en vriendelijk personeel"},
    };
    // Never negative. Most read positive; a few fall through the lexicons ("encantó": Spanish's
    // source lists "encanta" but not "encantar", so its forms are not derived) and read neutral.
    int positive = 0;
    for (const auto& p : kPraise) {
        INFO(p.lang << ": " << p.text);
        CHECK(tone(p.text, p.lang) != Polarity::Negative);
        positive += tone(p.text, p.lang) == Polarity::Positive;
        // Nor does it become a complaint through the tone fallback.
        CHECK_FALSE(analyze_text(p.text, p.lang).intents & IntentComplaint);
    }
    CHECK(positive >= 9);
}

TEST_CASE("each language's negation flips the words it scopes") {
    const struct {
        const char* lang;
        const char* plain;
        const char* negated;
    } kPairs[] = {
        {"de", "Das Essen war gut", "Das Essen war nicht gut"},
        {"de", "Ein guter Service", "Kein guter Service"},
        {"es", "La comida es buena", "La comida no es buena"},
        {"fr", "Le café est bon", "Le café n'est pas bon"},
        {"it", "Il servizio è buono", "Il servizio non è buono"},
        {"pt", "A comida é boa", "A comida não é boa"},
        {"nl", "Het eten is lekker", "Het eten is niet lekker"},
    };
    for (const auto& p : kPairs) {
        INFO(p.lang << ": " << p.plain << " / " << p.negated);
        const SentimentLang l = *sentiment_language(p.lang);
        CHECK(sentiment_rule_score(p.plain, l) > 0.f);
        CHECK(sentiment_rule_score(p.negated, l) < 0.f);
        CHECK(sentiment_score(p.negated, l) < sentiment_score(p.plain, l));
    }
    // Each language's intensifiers and contrast words (rules alone).
    CHECK(sentiment_rule_score("Das Essen war sehr gut", SentimentLang::De) >
          sentiment_rule_score("Das Essen war gut", SentimentLang::De));
    CHECK(sentiment_rule_score("La comida es muy buena", SentimentLang::Es) >
          sentiment_rule_score("La comida es buena", SentimentLang::Es));
    CHECK(sentiment_rule_score("Le café est bon mais le service est horrible", SentimentLang::Fr) <
          0.f);
    CHECK(sentiment_rule_score("Il servizio è orribile ma il caffè è ottimo", SentimentLang::It) >
          0.f);
}

TEST_CASE("French \"ne … pas\" closes after the verb, and elided words are read on their own") {
    // "j'adore" was one unknown word (neutral), and "je n'aime pas" had no negator before "aime".
    CHECK(sentiment_rule_score("J'adore ce café", SentimentLang::Fr) > 0.f);
    CHECK(tone("J'adore ce café", "fr") == Polarity::Positive);
    CHECK(tone("L\u2019accueil est génial", "fr") == Polarity::Positive); // a phone's apostrophe
    const char* negated[] = {"Je n'aime pas ce café", "Je ne l'aime pas", "Je ne recommande pas",
                             "Je n'aime plus ce café"};
    for (const char* text : negated) {
        INFO(text);
        CHECK(sentiment_rule_score(text, SentimentLang::Fr) < 0.f);
        CHECK(sentiment_score(text, SentimentLang::Fr) < 0.f);
    }
    // Negated once, not twice: the "pas" before "bon" already turns it, "ne" adds nothing.
    CHECK(sentiment_rule_score("Ce n'est pas bon", SentimentLang::Fr) < 0.f);
    CHECK(sentiment_rule_score("Je ne suis pas content", SentimentLang::Fr) < 0.f);
    // A "ne" without its "pas" in the clause negates nothing; "aujourd'hui" is no elision.
    CHECK(sentiment_rule_score("Il ne fait que sourire, j'adore", SentimentLang::Fr) > 0.f);
    CHECK(sentiment_rule_score("Aujourd'hui c'est génial", SentimentLang::Fr) > 0.f);
    CHECK(sentiment_reasons("Je n'aime pas ce café", "fr").front() == "n'aime pas");
    // Italian elides too: "un'ottima" is "un'" and "ottima".
    CHECK(sentiment_rule_score("Un'ottima colazione", SentimentLang::It) > 0.f);
}

TEST_CASE("an inflected or superlative form is rated as the form its lexicon has") {
    // Each of these read about 0: the lexicons rate "heerlijk", "ótimo", "bueno", "buono".
    const std::pair<const char*, const char*> praise[] = {
        {"nl", "Heerlijke koffie"},        {"nl", "Vriendelijke mensen"},
        {"pt", "Comida ótima"},            {"pt", "Um bolo lindíssimo"},
        {"pt", "Amei o café"},             {"es", "Comida buenísima"},
        {"es", "Unas tartas riquísimas"},  {"es", "Camareros amabilísimos"},
        {"es", "Me encantó el café"},      {"it", "Personale gentilissimo"},
        {"it", "Un caffè buonissimo"},
    };
    for (const auto& [lang, text] : praise) {
        INFO(lang << ": " << text);
        CHECK(sentiment_rule_score(text, *sentiment_language(lang)) > 0.f);
        CHECK(tone(text, lang) == Polarity::Positive);
    }
    for (const char* text : {"Atendimento péssimo", "Comida péssima"}) {
        INFO(text);
        CHECK(tone(text, "pt") == Polarity::Negative);
    }
    CHECK(tone("Slechte service", "nl") == Polarity::Negative);
    // 😬 is a wince, not a laugh (the Emoji Sentiment Ranking rated it positive, and this
    // complaint from the demo read +0.15).
    CHECK(tone("20 Minuten gewartet und der Kaffee war kalt. Schade, @harbourbean \xF0\x9F\x98\xAC", "de") ==
          Polarity::Negative);
    CHECK(sentiment_rule_score("\xF0\x9F\x98\xAC", SentimentLang::En) < 0.f);
    // Dutch has no fitted model: its reasons come from the rules, and still name the word.
    CHECK(sentiment_reasons("Slechte service", "nl") == std::vector<std::string>{"slechte"});
}

TEST_CASE("\"couldn't be nicer\" is the utmost, not a negation; \"not better\" still is") {
    const char* praise[] = {"The barista couldn't have been nicer", "Never had a better flat white",
                            "Couldn't be happier with our cake", "Can't recommend them enough",
                            "Things could not be better"};
    for (const char* text : praise) {
        INFO(text);
        CHECK(sentiment_rule_score(text, SentimentLang::En) > 0.f);
        CHECK(tone(text, "en") == Polarity::Positive);
    }
    CHECK(tone("It couldn't be worse", "en") == Polarity::Negative);
    CHECK(tone("I have never had a worse meal", "en") == Polarity::Negative);
    CHECK(sentiment_rule_score("The coffee is not better than last time", SentimentLang::En) < 0.f);
    CHECK(sentiment_rule_score("The coffee was not good", SentimentLang::En) < 0.f);
    CHECK(sentiment_reasons("The barista couldn't have been nicer", "en").front() == "couldn't … nicer");
    // Litotes: "not bad" is mild praise (the learned layer alone read "Not bad at all!" as 0.01).
    CHECK(tone("Not bad at all!", "en") == Polarity::Positive);
    CHECK(tone("The coffee was not bad", "en") == Polarity::Positive);
    CHECK(sentiment_rule_score("That was too bad", SentimentLang::En) < 0.f);
}

TEST_CASE("litotes are praise in every language, whatever negation comes before them") {
    // Each was read negative before (the negated "bad"), some as a complaint.
    const std::pair<const char*, const char*> litotes[] = {
        {"es", "El café no está nada mal"}, {"es", "nada mal"},           {"es", "no esta mal"},
        {"pt", "nada mal esse café"},       {"pt", "não está nada mal"},  {"fr", "pas mal du tout"},
        {"fr", "C'est pas mal"},            {"de", "nicht schlecht"},     {"de", "gar nicht so schlecht"},
        {"it", "non è niente male"},        {"nl", "niet verkeerd"},      {"es", "menos mal que abrieron"},
    };
    for (const auto& [lang, text] : litotes) {
        INFO(lang << ": " << text);
        CHECK(sentiment_rule_score(text, *sentiment_language(lang)) > 0.05f);
        CHECK(tone(text, lang) != Polarity::Negative);
    }
    CHECK(tone("pas mal du tout", "fr") == Polarity::Positive);
    CHECK(tone("nicht schlecht", "de") == Polarity::Positive);
    CHECK(tone("nada mal", "es") == Polarity::Positive);
    // The words alone are still bad.
    CHECK(sentiment_rule_score("el café estaba mal", SentimentLang::Es) < -0.05f);
    CHECK(sentiment_rule_score("der Kaffee war schlecht", SentimentLang::De) < -0.05f);
}

TEST_CASE("the language tables' ratings that were wrong where owners read them are put right") {
    // A colour is no sentiment: "negro" was rated -4, the worst there is.
    CHECK(tone("Un café negro perfecto", "es") == Polarity::Positive);
    CHECK(tone("Um café negro perfeito", "pt") == Polarity::Positive);
    CHECK(tone("Un café noir parfait", "fr") == Polarity::Positive);
    CHECK(sentiment_rule_score("café negro", SentimentLang::Es) == 0.f);
    // "caro" is expensive, "teuer" too (both were praise); "goedkoop" is a good price.
    CHECK(sentiment_rule_score("muy caro", SentimentLang::Es) < -0.05f);
    CHECK(sentiment_rule_score("muito caro", SentimentLang::Pt) < -0.05f);
    CHECK(sentiment_rule_score("zu teuer", SentimentLang::De) < -0.05f);
    CHECK(sentiment_rule_score("lekker goedkoop", SentimentLang::Nl) > 0.05f);
    // "cara" is a face, not praise.
    CHECK(sentiment_rule_score("me miró a la cara", SentimentLang::Es) == 0.f);
}

TEST_CASE("emoji, emoticons and laughter count in every language") {
    for (const char* lang : {"en", "es", "fr", "de", "it", "pt", "nl", "und"}) {
        INFO(lang);
        CHECK(tone("\xF0\x9F\x98\x8D\xF0\x9F\x98\x8D", lang) == Polarity::Positive); // 😍😍
        CHECK(tone("\xF0\x9F\x98\xA1", lang) == Polarity::Negative);                 // 😡
        CHECK(tone(":(", lang) == Polarity::Negative);
        CHECK(sentiment_rule_score("<3", *sentiment_language(lang)) > 0.f);
    }
    CHECK(sentiment_rule_score("jajajajaja", SentimentLang::Es) > 0.f);
    CHECK(sentiment_rule_score("kkkkkkk", SentimentLang::Pt) > 0.f);
    // English words are not read in other languages: "war" in German is "was".
    CHECK(sentiment_lexicon_valence("war", SentimentLang::De) == 0.f);
    CHECK(sentiment_lexicon_valence("war") < 0.f);
}

TEST_CASE("accented capitals and dropped accents are found") {
    const float schoen = sentiment_lexicon_valence("schön", SentimentLang::De);
    CHECK(schoen > 0.f);
    CHECK(sentiment_rule_score("SCHÖN", SentimentLang::De) > 0.f);
    CHECK(sentiment_rule_score("Atendimento INCRÍVEL", SentimentLang::Pt) > 0.f);
    // Tweets often drop accents: Portuguese "otimo" is "ótimo".
    CHECK(sentiment_lexicon_valence("otimo", SentimentLang::Pt) ==
          sentiment_lexicon_valence("ótimo", SentimentLang::Pt));
    CHECK(sentiment_lexicon_valence("ótimo", SentimentLang::Pt) > 0.f);
    // Gender and number forms of the listed adjectives.
    CHECK(sentiment_lexicon_valence("buena", SentimentLang::Es) ==
          sentiment_lexicon_valence("bueno", SentimentLang::Es));
    CHECK(sentiment_lexicon_valence("boa", SentimentLang::Pt) > 0.f);
}

TEST_CASE("the learned layer learns words the lexicons lack, deterministically") {
    // Made-up words, so nothing but training can rate them.
    std::vector<SentimentExample> rows;
    for (int i = 0; i < 60; ++i) {
        const std::string filler = " post number " + std::to_string(i);
        rows.push_back({"made-up", SentimentLang::Fr, 2, 0.0, "blorfique" + filler});
        rows.push_back({"made-up", SentimentLang::Fr, 0, 0.0, "snargeux" + filler});
        rows.push_back({"made-up", SentimentLang::Fr, 1, 0.0, "le bus" + filler});
    }
    const SentimentModel a = train_sentiment_model(rows);
    const SentimentModel b = train_sentiment_model(rows);
    CHECK(a.hashed == b.hashed);
    CHECK(a.hashed_scale == b.hashed_scale);
    CHECK(a.trained[static_cast<int>(SentimentLang::Fr)]);
    CHECK_FALSE(a.trained[static_cast<int>(SentimentLang::De)]);
    CHECK(sentiment_polarity(score_with_model(a, "vraiment blorfique", SentimentLang::Fr)) ==
          Polarity::Positive);
    CHECK(sentiment_polarity(score_with_model(a, "vraiment snargeux", SentimentLang::Fr)) ==
          Polarity::Negative);
    // A language it was not trained on is read by its rules alone.
    CHECK(score_with_model(a, "Das Essen war gut", SentimentLang::De) ==
          sentiment_rule_score("Das Essen war gut", SentimentLang::De));
}

namespace {
double macro_recall(const std::vector<SentimentExample>& rows, const std::vector<float>& scores,
                    const std::string& set) {
    int hit[3] = {}, support[3] = {};
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].set != set)
            continue;
        const Polarity p = sentiment_polarity(scores[i]);
        const int got = p == Polarity::Negative ? 0 : p == Polarity::Neutral ? 1 : 2;
        ++support[rows[i].label];
        hit[rows[i].label] += got == rows[i].label;
    }
    double sum = 0;
    for (int c = 0; c < 3; ++c)
        sum += support[c] ? static_cast<double>(hit[c]) / support[c] : 0.0;
    return sum / 3;
}
} // namespace

TEST_CASE("cross-validated: every language reads its tweets better than an English reading") {
    std::string error;
    const std::vector<SentimentExample> rows = load_sentiment_dev_data(EARSHOT_FIXTURES, error);
    if (rows.empty()) {
        earshot::test::fixtures_absent(error);
        return;
    }
    // Out-of-fold scores: no row is scored by a model fitted on it.
    const std::vector<float> cv = cross_validate_sentiment(rows, 5);
    std::vector<float> english(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        english[i] = sentiment_rule_score(rows[i].text);
    for (const char* set : {"umsab-es", "umsab-fr", "umsab-de", "umsab-it", "umsab-pt"}) {
        const double ours = macro_recall(rows, cv, set), en = macro_recall(rows, english, set);
        INFO(set << ": cross-validated macro recall " << ours << ", English reading " << en);
        CHECK(ours > en + 0.08);
        CHECK(ours > 0.5); // chance is 1/3
    }
}

TEST_CASE("the committed weights are what the training command makes of the dev data") {
    std::string error;
    const std::vector<SentimentExample> rows = load_sentiment_dev_data(EARSHOT_FIXTURES, error);
    if (rows.empty()) {
        earshot::test::fixtures_absent(error);
        return;
    }
    using earshot::core::sentiment_detail::kModel;
    using earshot::core::sentiment_detail::kModelBuckets;
    const SentimentModel m = train_sentiment_model(rows);
    using earshot::core::sentiment_detail::kBucketBytes;
    REQUIRE(m.hashed.size() == size_t{kModelBuckets} * kBucketBytes);
    REQUIRE(kModel.hashed != nullptr);
    size_t differ = 0;
    for (size_t i = 0; i < m.hashed.size(); ++i)
        differ += m.hashed[i] != kModel.hashed[i];
    INFO("stale weights: run earshot-cli train-sentiment ../shared/fixtures "
         "src/core/analysis/sentiment_model_data.cpp");
    CHECK(differ == 0);
    CHECK(m.hashed_scale == Approx(kModel.hashed_scale));
}

TEST_CASE("why we think so names the words that weighed most") {
    const std::vector<std::string> praise =
        sentiment_reasons("Der cheese scone bei @grindhousecafe war ein Traum 😍", "de");
    REQUIRE_FALSE(praise.empty());
    // Rated words first ("war" may weigh in, learned from German tweets, but after them).
    CHECK((praise.front() == "traum" || praise.front() == "\xF0\x9F\x98\x8D"));
    const std::vector<std::string> rant = sentiment_reasons("The coffee was awful and cold", "en");
    REQUIRE_FALSE(rant.empty());
    CHECK(rant.front() == "awful");
    CHECK(sentiment_reasons("Das Essen war nicht gut", "de").size() >= 1);
    CHECK(sentiment_reasons("最高のコーヒーでした", "ja").empty()); // unknown tone
    CHECK(sentiment_reasons("", "en").empty());
    CHECK(sentiment_reasons("good good good good", "en", 2).size() <= 2);
}

TEST_CASE("why we think so names a negated word with its negator, and a phrase whole") {
    // "great" alone would name the opposite of what was read.
    const std::vector<std::string> negated = sentiment_reasons("not great, the milk was sour", "en");
    REQUIRE_FALSE(negated.empty());
    CHECK(negated.front() == "not great");
    CHECK(sentiment_reasons("Das Essen war nicht gut", "de").front() == "nicht gut");
    CHECK(sentiment_reasons("never again, the staff were not friendly at all", "en").front().rfind("not", 0) == 0);
    // "not good" is a rated phrase of its own: named as one, not by its first word.
    const std::vector<std::string> phrase = sentiment_reasons("No dairy-free options left… Not good enough.", "en");
    REQUIRE_FALSE(phrase.empty());
    CHECK(phrase.front() == "not good");
    // A negator far away or in another clause is not the reason's.
    for (const std::string& w : sentiment_reasons("I did not expect it. Lovely coffee", "en"))
        CHECK(w.find("not") == std::string::npos);
}
