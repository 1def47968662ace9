// Insights and alerts benchmark: the 5W + H + E accumulator over 1,000,000 generated
// mentions (full recompute, and 100 new mentions on top), plus the alert monitor.
#include "bench.hpp"

#include "core/insights/alerts.hpp"
#include "core/insights/insights.hpp"
#include "core/store/mention_store.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace earshot::bench {

namespace {

using core::Mention;

// [SECTION] A realistic corpus
// Text is what costs: posts of 5–28 words drawn Zipf-like from a multilingual vocabulary
// with a long tail of rare words, stop words at their usual rate, plus handles, hashtags,
// links, emoji and accents. Authors, places and stated locations follow skewed
// distributions too, so hash tables see hot and cold keys as in real data.

struct Corpus {
    std::vector<std::string> words, tags, links, domains, locations, places, countries;
    std::vector<double> word_cdf;
};

const char* const kCommon[] = {
    "coffee",    "latte",    "flat",     "white",      "croissant", "barista",   "queue",
    "service",   "great",    "slow",     "love",       "best",      "brunch",    "cake",
    "oat",       "milk",     "espresso", "cappuccino", "café",      "brighton",  "seafront",
    "open",      "closed",   "sunday",   "morning",    "staff",     "friendly",  "price",
    "expensive", "cheap",    "wifi",     "laptop",     "beans",     "roast",     "pastry",
    "vegan",     "gluten",   "free",     "dog",        "friendly",  "lovely",    "terrible",
    "waited",    "minutes",  "order",    "wrong",      "cold",      "hot",       "chocolate",
    "tea",       "cookie",   "sandwich", "lunch",      "table",     "outside",   "sunshine",
    "rain",      "busy",     "quiet",    "music",      "vibe",      "recommend", "anyone",
    "know",      "where",    "good",     "place",      "near",      "station",   "pier",
    "lanes",     "north",    "laine",    "harbour",    "bean",      "rival",     "roasters",
    "deal",      "discount", "loyalty",  "card",       "event",     "tonight",   "weekend",
    "delicioso", "café",     "très",     "bon",        "lecker",    "kaffee",    "gostoso",
    "cafezinho", "pão",      "manhã",    "mañana",     "increíble", "atención",  "süß",
    "frühstück", "déjeuner", "crème",    "brûlée",     "😍",         "☕",         "🥐",
    "🙄",      "👍"};
const char* const kStop[] = {
    "the",  "a",   "and", "is", "to", "of",  "in",  "it", "for", "my",   "this",  "at", "was",
    "with", "on",  "but", "so", "i",  "you", "we",  "el", "la",  "de",   "que",   "le", "et",
    "der",  "und", "não", "é",  "um", "ist", "les", "y",  "en",  "just", "really"};

Corpus make_corpus(std::mt19937_64& rng) {
    Corpus c;
    for (const char* w : kCommon)
        c.words.push_back(w);
    // The long tail: pronounceable rare words.
    const char* syl[] = {"ka",  "lo",  "mi",  "ne",  "ru", "ta",  "ve", "sho",
                         "pri", "gan", "del", "tor", "bu", "qua", "ze", "fin",
                         "ol",  "ar",  "es",  "ti",  "um", "ber", "ly", "ing"};
    for (int i = 0; i < 30000; ++i) {
        std::string w;
        const int n = 2 + static_cast<int>(rng() % 3);
        for (int k = 0; k < n; ++k)
            w += syl[rng() % 24];
        c.words.push_back(w);
    }
    // Zipf s = 1.05 over the content words.
    double sum = 0;
    for (size_t i = 0; i < c.words.size(); ++i) {
        sum += 1.0 / std::pow(static_cast<double>(i + 1), 1.05);
        c.word_cdf.push_back(sum);
    }
    for (double& x : c.word_cdf)
        x /= sum;
    for (int i = 0; i < 2000; ++i) {
        std::string t = i < 20 ? std::string(kCommon[i]) : "tag" + std::to_string(i);
        if (i % 3 == 0)
            t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
        c.tags.push_back(t);
    }
    for (int i = 0; i < 5000; ++i) {
        const std::string d =
            i < 10 ? "harbourbean.co.uk" : "site" + std::to_string(i % 700) + ".com";
        c.domains.push_back(d);
        c.links.push_back("https://www." + d + "/page/" + std::to_string(i) + "?utm_source=x");
    }
    const char* base_locations[] = {"Brighton, UK",
                                    "brighton",
                                    "Brighton 🇬🇧",
                                    "Hove",
                                    "London",
                                    "London, England",
                                    "NYC",
                                    "Manchester",
                                    "Lewes, East Sussex",
                                    "Worldwide 🌍",
                                    "U.K.",
                                    "Paris, France",
                                    "São Paulo, Brasil",
                                    "Berlin",
                                    "Madrid, España"};
    for (const char* l : base_locations)
        c.locations.push_back(l);
    for (int i = 0; i < 3000; ++i)
        c.locations.push_back("Town " + std::to_string(i) + ", UK");
    for (int i = 0; i < 200; ++i)
        c.places.push_back(i == 0 ? "Brighton, England" : "Place " + std::to_string(i));
    c.countries = {"GB", "US", "FR", "DE", "ES", "PT", "BR"};
    return c;
}

size_t zipf_index(std::mt19937_64& rng, const std::vector<double>& cdf) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
}

Mention make_mention(std::mt19937_64& rng, const Corpus& c, uint64_t serial, int64_t start) {
    Mention m;
    m.id = "x:" + std::to_string(1900000000000000000ull + serial);
    m.source = static_cast<core::Source>(rng() % 10 < 7 ? 0 : 1 + rng() % 3);
    m.kind = static_cast<core::Kind>(rng() % 4);
    // 90 days, busier by day than by night.
    int64_t t = start + static_cast<int64_t>(rng() % (90 * 86400));
    if (rng() % 3 == 0)
        t = t - t % 86400 + 8 * 3600 + static_cast<int64_t>(rng() % (12 * 3600));
    m.created_at = t;
    m.lang = rng() % 10 < 7 ? "en" : (rng() % 2 ? "es" : "und");
    const int words =
        5 + static_cast<int>(rng() % 20); // 5–24 words, 14.5 on average (as bench/ingest.cpp)
    for (int w = 0; w < words; ++w) {
        if (w)
            m.text += ' ';
        if (rng() % 100 < 40)
            m.text += kStop[rng() % (sizeof kStop / sizeof *kStop)];
        else
            m.text += c.words[zipf_index(rng, c.word_cdf)];
        if (w == 0 && rng() % 5 == 0)
            m.text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(m.text[0])));
    }
    if (rng() % 2)
        m.text = "@harbourbean " + m.text;
    // Authors: a few regulars, a long tail of one-off voices.
    const uint64_t author = rng() % 4 == 0 ? rng() % 2000 : rng() % 200000;
    m.author.id = std::to_string(100000 + author);
    m.author.handle = "user" + std::to_string(author);
    m.author.name = "User " + std::to_string(author);
    m.author.followers =
        static_cast<int64_t>(std::exp(std::normal_distribution<double>(5, 2)(rng)));
    if (rng() % 10 < 6)
        m.author.location = c.locations[rng() % 4 == 0 ? rng() % 15 : rng() % c.locations.size()];
    m.metrics.likes = static_cast<int64_t>(rng() % 20);
    m.metrics.reposts = static_cast<int64_t>(rng() % 4);
    m.metrics.replies = static_cast<int64_t>(rng() % 3);
    m.metrics.quotes = static_cast<int64_t>(rng() % 2);
    for (int h = static_cast<int>(rng() % 3); h > 0; --h) {
        const std::string& tag = c.tags[rng() % 4 ? rng() % 20 : rng() % c.tags.size()];
        m.hashtags.push_back(tag);
        m.text += " #" + tag;
    }
    if (rng() % 5 == 0) {
        const size_t l = rng() % c.links.size();
        m.urls.push_back(c.links[l]);
        m.domains.push_back(c.domains[l]);
        m.text += " https://t.co/abc" + std::to_string(l);
    }
    m.has_media = rng() % 4 == 0;
    if (rng() % 30 == 0) {
        core::Place p;
        p.full_name = c.places[rng() % 4 ? 0 : rng() % c.places.size()];
        p.name = p.full_name.substr(0, p.full_name.find(','));
        p.country_code = c.countries[rng() % c.countries.size()];
        if (rng() % 2) {
            p.lat = 50.82 + (static_cast<double>(rng() % 100) - 50) / 1000;
            p.lon = -0.14 + (static_cast<double>(rng() % 100) - 50) / 1000;
        }
        m.place = p;
    }
    if (rng() % 20)
        m.sentiment = static_cast<float>(std::uniform_real_distribution<double>(-1, 1)(rng));
    m.intents = static_cast<uint8_t>(rng() % 8 == 0 ? 1u << (rng() % 7) : 0u);
    return m;
}

uint64_t listeners_for(std::mt19937_64& rng) {
    const uint64_t r = rng() % 10;
    return r < 6 ? 1u : r < 8 ? 2u : r < 9 ? 4u : 9u; // business, 2 competitors, area (+ business)
}

core::InsightsConfig board_config(int64_t start) {
    core::InsightsConfig cfg;
    cfg.from = start + 30 * 86400; // the last 60 of 90 days; the 30 before are history
    cfg.to = start + 90 * 86400;
    cfg.utc_offset_minutes = 60;
    cfg.business_listener = 0;
    cfg.competitor_listeners = {1, 2};
    cfg.extra_stop_words = {"Harbour Bean"};
    cfg.local.town = "Brighton";
    cfg.local.aliases = {"Hove", "Brighton and Hove"};
    cfg.local.country_code = "GB";
    cfg.local.bbox = std::array<double, 4>{-0.25, 50.80, -0.05, 50.87};
    return cfg;
}

/// Reads every panel, as the board does when it draws; returns something to keep.
size_t read_all(const core::InsightsAccumulator& acc) {
    size_t sink = 0;
    sink += acc.who(10).by_mentions.size();
    sink += acc.what(10).pairs.size();
    sink += acc.when().hourly.size();
    sink += acc.where(10).locations.size();
    sink += acc.why().total;
    sink += acc.how().total;
    sink += acc.extent().share_of_voice.size();
    return sink;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return seconds_since(t0) * 1000.0;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// [SECTION] Benchmarks

void bench_insights(const Args& args) {
    const size_t total = std::max<size_t>(1000, static_cast<size_t>(1000000 * args.scale));
    const size_t batch = 100, batches = 20;
    std::mt19937_64 rng(20261120);
    const Corpus corpus = make_corpus(rng);
    const int64_t start = 1790000000; // 2026-09-21
    core::MentionStore store;
    std::vector<Mention> fresh; // batches × batch more that arrive "live" afterwards
    auto t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < total + batch * batches; ++i) {
        Mention m = make_mention(rng, corpus, i, start);
        const uint64_t mask = listeners_for(rng);
        if (i >= total) {
            m.created_at = start + 90 * 86400 - 1 - static_cast<int64_t>(rng() % 3600); // just in
            fresh.push_back(std::move(m));
        } else {
            store.upsert(std::move(m), mask);
        }
    }
    const double gen_s = seconds_since(t0);

    core::InsightsAccumulator acc(board_config(start));
    // clear + add all (cold, as at start-up): makes a row of every mention — tokenizing
    // each text, interning every string — and counts it.
    t0 = std::chrono::steady_clock::now();
    acc.rebuild(store);
    const double cold_add = ms_since(t0);
    auto t1 = std::chrono::steady_clock::now();
    size_t sink = read_all(acc);
    const double cold_read = ms_since(t1);
    // Full recompute: another window (here: the board's range moved by a day) recounts
    // every row and reads every panel again.
    std::vector<double> recompute, recount_only;
    for (int r = 0; r < 5; ++r) {
        core::InsightsConfig cfg = board_config(start);
        cfg.from += (r % 2) * 86400;
        t0 = std::chrono::steady_clock::now();
        acc.configure(cfg);
        recount_only.push_back(ms_since(t0));
        sink += read_all(acc);
        recompute.push_back(ms_since(t0));
    }
    // Another filter: select about half the rows (as a query's matches would) and recount.
    std::vector<uint32_t> half;
    for (uint32_t i = 0; i < store.size(); ++i)
        if (store.at(i).text.size() % 2)
            half.push_back(i);
    t0 = std::chrono::steady_clock::now();
    acc.select(half);
    sink += read_all(acc);
    const double select_ms = ms_since(t0);
    acc.select_all();
    sink += read_all(acc); // the frame after a recount pays its read-out (pair matrix)
    emit({{"bench", "insights_full_recompute"},
          {"mentions", store.size()},
          {"in_window", acc.in_window()},
          {"ms", median(recompute)},
          {"ms_recount_only", median(recount_only)},
          {"ms_select_half", select_ms},
          {"ms_clear_add_all", cold_add + cold_read},
          {"ms_cold_readout", cold_read},
          {"memory_mb", static_cast<double>(acc.memory_bytes()) / 1e6},
          {"generate_s", gen_s},
          {"sink", sink}});

    // Incremental: 100 new mentions on top of the full set, then every panel read again.
    std::vector<double> add_ms, total_ms;
    std::mt19937_64 mask_rng(7);
    for (size_t b = 0; b < batches; ++b) {
        t0 = std::chrono::steady_clock::now();
        for (size_t i = b * batch; i < (b + 1) * batch; ++i)
            acc.add(fresh[i], listeners_for(mask_rng));
        add_ms.push_back(ms_since(t0));
        sink += read_all(acc);
        total_ms.push_back(ms_since(t0));
    }
    emit({{"bench", "insights_incremental_100"},
          {"mentions", acc.rows()},
          {"ms", median(add_ms)},
          {"ms_with_readout", median(total_ms)},
          {"ms_with_readout_max", *std::max_element(total_ms.begin(), total_ms.end())},
          {"sink", sink}});

    // Alerts: every mention through the monitor, then an hourly check over the 90 days.
    core::AlertConfig acfg;
    acfg.business_listener = 0;
    acfg.competitor_listeners = {1, 2};
    acfg.since = start + 80 * 86400;
    core::AlertMonitor monitor(acfg);
    t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < store.size(); ++i)
        monitor.add(store.at(i), store.listeners_of(i));
    const double alert_add = ms_since(t0);
    t1 = std::chrono::steady_clock::now();
    for (int64_t h = 0; h < 90 * 24; ++h)
        monitor.check(start + h * 3600 + 1800);
    const double alert_check = ms_since(t1) / (90 * 24);
    emit({{"bench", "alerts"},
          {"mentions", store.size()},
          {"ms_add_all", alert_add},
          {"ms_per_check", alert_check},
          {"alerts", monitor.alerts().size()}});
}

} // namespace

EARSHOT_BENCH("insights", bench_insights);

} // namespace earshot::bench
