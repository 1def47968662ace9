// Benchmarks for sentiment (agreement with human ratings, throughput) and intent detection
// (per-label precision/recall on tests/data/intents.tsv). Peers: bench/sentiment_peers.mjs.
#include "bench.hpp"

#include "core/analysis/intent.hpp"
#include "core/analysis/sentiment.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace earshot::bench {
namespace {

struct Rated {
    double mean; ///< human mean, -4..4
    std::string text;
};

std::vector<Rated> load_ratings(const std::string& path) {
    std::vector<Rated> rows;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const size_t a = line.find('\t');
        const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
        if (b == std::string::npos)
            continue;
        rows.push_back({std::atof(line.c_str() + a + 1), line.substr(b + 1)});
    }
    return rows;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    double mx = 0, my = 0;
    for (size_t i = 0; i < x.size(); ++i)
        mx += x[i], my += y[i];
    mx /= n, my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

// Human means split at +-0.5 (on -4..4); our scores at the documented neutral band.
int human_class(double mean) {
    return mean > 0.5 ? 1 : mean < -0.5 ? -1 : 0;
}
int our_class(float score) {
    const core::Polarity p = core::sentiment_polarity(score);
    return p == core::Polarity::Positive ? 1 : p == core::Polarity::Negative ? -1 : 0;
}

double round4(double v) {
    return std::round(v * 10000.0) / 10000.0;
}

void bench_sentiment(const Args& args) {
    const std::string path = args.fixtures + "/sentiment/tweets_GroundTruth.dev.tsv";
    const std::vector<Rated> rows = load_ratings(path);
    if (rows.empty()) {
        emit({{"bench", "sentiment"}, {"skipped", "fixture not found: " + path}});
        return;
    }
    std::vector<double> ours, human;
    int hits = 0;
    for (const Rated& r : rows) {
        const float s = core::sentiment_score(r.text);
        ours.push_back(s);
        human.push_back(r.mean);
        hits += our_class(s) == human_class(r.mean) ? 1 : 0;
    }
    // Throughput: whole passes over the texts for about a second (times --scale).
    const double budget = std::max(0.2, 1.0 * args.scale);
    size_t scored = 0;
    float sink = 0.f;
    const auto t0 = std::chrono::steady_clock::now();
    do {
        for (const Rated& r : rows)
            sink += core::sentiment_score(r.text);
        scored += rows.size();
    } while (seconds_since(t0) < budget);
    const double elapsed = seconds_since(t0);
    emit({{"bench", "sentiment"},
          {"r", round4(pearson(ours, human))},
          {"accuracy", round4(static_cast<double>(hits) / rows.size())},
          {"texts_per_s", std::round(scored / elapsed)},
          {"texts", rows.size()},
          {"neutral_band", core::kSentimentNeutralBand},
          {"checksum", sink}});
}

// [SECTION] Three-class tweet sets, per language
// TweetEval's val split and UMSAB's train+val splits (their test splits are held out for
// acceptance and never read). The rule scorer is fitted on none of these rows, so every row is
// out-of-sample for it. Metric: macro-averaged recall over negative/neutral/positive (the
// sets' official one), the class taken from sentiment_polarity().

struct LabelledTweet {
    int gold; ///< 0 negative, 1 neutral, 2 positive
    std::string text;
};

std::vector<LabelledTweet> load_labelled(const std::string& path) {
    std::vector<LabelledTweet> rows;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const size_t tab = line.find('\t');
        if (tab != 1 || line[0] < '0' || line[0] > '2')
            continue;
        rows.push_back({line[0] - '0', line.substr(tab + 1)});
    }
    return rows;
}

int polarity_class(float score) {
    const core::Polarity p = core::sentiment_polarity(score);
    return p == core::Polarity::Negative ? 0 : p == core::Polarity::Neutral ? 1 : 2;
}

double macro_recall(const std::vector<int>& gold, const std::vector<int>& got) {
    int hit[3] = {}, support[3] = {};
    for (size_t i = 0; i < gold.size(); ++i) {
        ++support[gold[i]];
        hit[gold[i]] += got[i] == gold[i];
    }
    double sum = 0;
    for (int c = 0; c < 3; ++c)
        sum += support[c] ? static_cast<double>(hit[c]) / support[c] : 0.0;
    return sum / 3.0;
}

void bench_sentiment_languages(const Args& args) {
    struct Set {
        const char* name;
        const char* lang;
        std::vector<const char*> files;
    };
    const std::vector<Set> sets = {
        {"tweeteval", "en", {"tweeteval-val.tsv"}},
        {"umsab-en", "en", {"umsab-en-train.tsv", "umsab-en-val.tsv"}},
        {"umsab-es", "es", {"umsab-es-train.tsv", "umsab-es-val.tsv"}},
        {"umsab-fr", "fr", {"umsab-fr-train.tsv", "umsab-fr-val.tsv"}},
        {"umsab-de", "de", {"umsab-de-train.tsv", "umsab-de-val.tsv"}},
        {"umsab-it", "it", {"umsab-it-train.tsv", "umsab-it-val.tsv"}},
        {"umsab-pt", "pt", {"umsab-pt-train.tsv", "umsab-pt-val.tsv"}},
    };
    for (const Set& set : sets) {
        std::vector<LabelledTweet> rows;
        for (const char* f : set.files) {
            std::vector<LabelledTweet> part = load_labelled(args.fixtures + "/sentiment/" + f);
            rows.insert(rows.end(), part.begin(), part.end());
        }
        if (rows.empty()) {
            emit({{"bench", "sentiment_3class"}, {"set", set.name}, {"skipped", "fixture not found"}});
            continue;
        }
        std::vector<int> gold, ours, english;
        for (const LabelledTweet& r : rows) {
            gold.push_back(r.gold);
            ours.push_back(polarity_class(core::sentiment_score(r.text, set.lang).value_or(0.f)));
            english.push_back(polarity_class(core::sentiment_score(r.text)));
        }
        emit({{"bench", "sentiment_3class"},
              {"set", set.name},
              {"lang", set.lang},
              {"macro_recall", round4(macro_recall(gold, ours))},
              {"macro_recall_english_reading", round4(macro_recall(gold, english))},
              {"texts", rows.size()},
              {"rows", "train+val; the rules are fitted on none of them"}});
    }
}

struct Labelled {
    uint8_t gold;
    std::string lang, text;
};

std::vector<Labelled> load_intents(const std::string& path) {
    std::vector<Labelled> rows;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const size_t a = line.find('\t');
        const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
        if (b == std::string::npos)
            continue;
        Labelled row{0, line.substr(a + 1, b - a - 1), line.substr(b + 1)};
        const std::string labels = line.substr(0, a);
        for (size_t p = 0; p < labels.size();) {
            size_t q = labels.find(',', p);
            if (q == std::string::npos)
                q = labels.size();
            if (auto l = core::intent_from_name(labels.substr(p, q - p)))
                row.gold |= *l;
            p = q + 1;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

/// Per-label precision/recall/F1 over the rows `part` selects; returns macro-F1.
double score_intents(const std::vector<Labelled>& rows, const std::vector<uint8_t>& got, int part,
                     nlohmann::json* per_label) {
    double macro = 0;
    for (int bit = 0; bit < core::kIntentCount; ++bit) {
        int tp = 0, fp = 0, fn = 0;
        for (size_t i = 0; i < rows.size(); ++i) {
            // The data set's hold-out: every 4th row (never looked at while tuning the cues).
            if (part >= 0 && static_cast<int>(i % 4 == 3) != part)
                continue;
            const bool g = rows[i].gold & (1 << bit), d = got[i] & (1 << bit);
            tp += g && d;
            fp += !g && d;
            fn += g && !d;
        }
        const double p = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0.0;
        const double r = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0.0;
        const double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
        macro += f1;
        if (per_label)
            (*per_label)[core::intent_name(bit)] = {{"precision", round4(p)},
                                                    {"recall", round4(r)},
                                                    {"f1", round4(f1)},
                                                    {"support", tp + fn}};
    }
    return macro / core::kIntentCount;
}

void bench_intent(const Args& args) {
    const std::string path = args.test_data + "/intents.tsv";
    const std::vector<Labelled> rows = load_intents(path);
    if (rows.empty()) {
        emit({{"bench", "intent"}, {"skipped", "data not found: " + path}});
        return;
    }
    std::vector<uint8_t> got;
    for (const Labelled& r : rows)
        got.push_back(core::detect_intents(r.text, r.lang).labels);
    nlohmann::json per_label = nlohmann::json::object();
    const double macro = score_intents(rows, got, -1, &per_label);
    const double tuning = score_intents(rows, got, 0, nullptr);
    const double holdout = score_intents(rows, got, 1, nullptr);

    const double budget = std::max(0.2, 0.5 * args.scale);
    size_t done = 0;
    unsigned sink = 0;
    const auto t0 = std::chrono::steady_clock::now();
    do {
        for (const Labelled& r : rows)
            sink += core::detect_intents(r.text, r.lang).labels;
        done += rows.size();
    } while (seconds_since(t0) < budget);
    emit({{"bench", "intent"},
          {"macro_f1", round4(macro)},
          {"macro_f1_tuning", round4(tuning)},
          {"macro_f1_holdout", round4(holdout)},
          {"per_label", per_label},
          {"texts", rows.size()},
          {"texts_per_s", std::round(done / seconds_since(t0))},
          {"checksum", sink}});
}

} // namespace

EARSHOT_BENCH("sentiment", bench_sentiment);
EARSHOT_BENCH("intent", bench_intent);
EARSHOT_BENCH("sentiment_3class", bench_sentiment_languages);

} // namespace earshot::bench
