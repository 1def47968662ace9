// Query benchmark: the local index over 1,000,000 generated mentions — build time and
// memory, listener queries vs a brute-force scan and SQLite FTS5 (native), the stored
// size vs X's JSON, and a cold load of the stored cache to ready-to-query.
#include "bench.hpp"

#include "core/store/internal/binary.hpp"
#include "core/index/mention_index.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/store/mention_store.hpp"
#include "core/query/query.hpp"
#include "core/store/persistent_store.hpp"
#include "core/text/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#ifdef EARSHOT_HAVE_SQLITE
#include <sqlite3.h>
#endif

namespace earshot::bench {

namespace {

using core::Mention;
using nlohmann::json;

// [SECTION] Index
// [SECTION] Memory probes
// [SECTION] A realistic corpus
// [SECTION] X API v2 pages of the same mentions
// [SECTION] Where the stored bytes go, and what a format change would save
// Sizes as segment.cpp writes them (varint length + bytes), summed by part, and an
// estimate of the same records in a proposed layout (not implemented): no derivable
// fields, numeric ids as varints, and each segment's authors stored once.

size_t varint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80)
        v >>= 7, ++n;
    return n;
}

size_t str_size(const std::string& s) {
    return varint_size(s.size()) + s.size();
}

size_t strs_size(const std::vector<std::string>& v) {
    size_t n = varint_size(v.size());
    for (const std::string& s : v)
        n += str_size(s);
    return n;
}

// What a mention's strings weigh before encoding, by part (text, ids, author…), beside
// what the segment really takes: where the bytes are, for the next format change.
json storage_breakdown(const core::MentionStore& store, size_t count) {
    double text = 0, url = 0, ids = 0, author = 0, entities = 0;
    for (size_t i = 0; i < count; ++i) {
        const Mention& m = store.at(i);
        text += str_size(m.text);
        url += str_size(m.url);
        ids += str_size(m.source_id) + str_size(m.conversation_id) + str_size(m.in_reply_to) +
               str_size(m.referenced_id);
        author += str_size(m.author.id) + str_size(m.author.handle) + str_size(m.author.name) +
                  str_size(m.author.location);
        entities += strs_size(m.hashtags) + strs_size(m.mentions) + strs_size(m.cashtags) +
                    strs_size(m.urls) + strs_size(m.domains);
    }
    std::vector<core::SegmentRecord> records;
    for (size_t i = 0; i < count; ++i)
        records.push_back({store.at(i), 1});
    const double n = static_cast<double>(count);
    return {{"text_strings", text / n},
            {"url_string", url / n},
            {"id_strings", ids / n},
            {"author_strings", author / n},
            {"entity_strings", entities / n},
            {"segment_total", static_cast<double>(core::encode_segment(records).size()) / n}};
}

// [SECTION] SQLite FTS5 peer
// [SECTION] The benchmark

// [SECTION] Memory probes

/// Bytes the allocator has handed out and not taken back.
size_t heap_in_use() {
#ifdef __EMSCRIPTEN__
    const struct mallinfo mi = mallinfo();
    return static_cast<uint32_t>(mi.uordblks) + static_cast<uint32_t>(mi.hblkhd);
#else
    const struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#endif
}

/// The process's peak: the WASM memory size (it never shrinks) or VmHWM natively.
size_t peak_bytes() {
#ifdef __EMSCRIPTEN__
    return static_cast<size_t>(__builtin_wasm_memory_size(0)) * 65536;
#else
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return static_cast<size_t>(std::atoll(line.c_str() + 6)) * 1024;
    return 0;
#endif
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return seconds_since(t0) * 1000.0;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// [SECTION] A realistic corpus
// ~20 words a post: stop words of the post's language, then content words drawn Zipf-like
// (s = 1) from ~50,000 words — topical words (coffee, latte…) at the ranks a café's
// listening cache gives them, accented words, emoji, and a long tail of rare words, some
// accented. Two-word expressions ("flat white", "oat milk") appear as units. Hashtags,
// @mentions, links (t.co in the text, expanded URL beside it), 5 languages, 10% reposts,
// 15% replies, 5% quotes, 200,000 authors of skewed activity with log-normal followers.

const char* const kEveryday[] = {"just",  "like", "get",   "one",   "now", "see",   "back",
                                 "think", "make", "want",  "still", "got", "first", "last",
                                 "right", "way",  "thing", "lol",   "yes", "going"};
const char* const kTopical[] = {
    "coffee",     "great",    "love",      "today",     "good",       "time",      "latte",
    "new",        "place",    "best",      "espresso",  "morning",    "service",   "people",
    "day",        "really",   "nice",      "order",     "week",       "barista",   "staff",
    "friendly",   "café",     "queue",     "cake",      "brunch",     "price",     "cup",
    "croissant",  "beans",    "roast",     "oat",       "milk",       "lunch",     "sandwich",
    "tea",        "slow",     "busy",      "cold",      "hot",        "wifi",      "laptop",
    "seafront",   "brighton", "open",      "closed",    "sunday",     "weekend",   "tonight",
    "music",      "vibe",     "recommend", "anyone",    "know",       "near",      "station",
    "cappuccino", "mocha",    "americano", "cortado",   "macchiato",  "decaf",     "pastry",
    "vegan",      "gluten",   "dog",       "lovely",    "terrible",   "waited",    "minutes",
    "wrong",      "rude",     "amazing",   "delicious", "expensive",  "cheap",     "loyalty",
    "card",       "discount", "deal",      "event",     "crème",      "brûlée",    "délicieux",
    "très",       "mañana",   "increíble", "atención",  "süß",        "frühstück", "pão",
    "manhã",      "gostoso",  "naïve",     "façade",    "smørrebrød", "zoë",       "☕",
    "😍",          "🥐",     "👍",         "🙄",      "❤️",     "🔥",         "😡",
    "🙏",          "🇬🇧"};
const char* const kExpressions[] = {"flat white", "oat milk",  "customer service",
                                    "cold brew",  "pour over", "hot chocolate"};
const char* const kLangs[] = {"en", "es", "fr", "de", "pt"};
const char* const kStop[5][16] = {{"the", "a", "and", "is", "to", "of", "in", "it", "for", "my",
                                   "this", "at", "was", "with", "but", "so"},
                                  {"el", "la", "de", "que", "y", "en", "un", "es", "por", "con",
                                   "no", "una", "los", "se", "para", "muy"},
                                  {"le", "la", "de", "et", "un", "est", "les", "des", "en", "pas",
                                   "une", "du", "que", "pour", "très", "à"},
                                  {"der", "die", "und", "ist", "das", "ich", "nicht", "ein", "zu",
                                   "mit", "es", "auf", "für", "sehr", "den", "im"},
                                  {"o", "a", "de", "que", "e", "não", "é", "um", "para", "com",
                                   "uma", "os", "no", "em", "muito", "por"}};
const char* const kLocations[] = {"Brighton, UK",
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
                                  "Madrid, España",
                                  "Lisboa",
                                  "Sussex by the sea"};
const char* const kFirst[] = {"Anna", "Ben",   "Chloé", "Dan", "Eva",  "Farid", "Grace",
                              "Hugo", "Inès",  "Jack",  "Kai", "Lena", "Marta", "Noah",
                              "Olu",  "Priya", "João",  "Zoë", "Sam",  "Tom"};
const char* const kLast[] = {"Smith",   "García", "Müller", "Dubois", "Silva",
                             "Jones",   "Brown",  "Rossi",  "Nowak",  "Kim",
                             "O'Brien", "Ng",     "Patel",  "Costa",  "Lefèvre"};

struct Corpus {
    std::vector<std::string> words; ///< content words by rank
    std::vector<double> word_cdf;
    std::vector<std::string> tags, handles, domains, paths;
    std::vector<double> tag_cdf, handle_cdf, author_cdf;
    struct Author {
        std::string id, handle, name, location;
        int64_t followers;
        bool verified;
    };
    std::vector<Author> authors;
    std::vector<core::Place> places;
};

// Our own distributions: libstdc++ and libc++ implement std::uniform_real_distribution
// and std::normal_distribution differently, and native and WASM must see the same corpus.
double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

double normal(std::mt19937_64& rng, double mean, double sd) {
    const double u = 1.0 - uniform01(rng), v = uniform01(rng);
    return mean + sd * std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
}

std::vector<double> zipf_cdf(size_t n, double s) {
    std::vector<double> cdf(n);
    double sum = 0;
    for (size_t i = 0; i < n; ++i)
        cdf[i] = sum += 1.0 / std::pow(static_cast<double>(i + 1), s);
    for (double& x : cdf)
        x /= sum;
    return cdf;
}

size_t zipf(std::mt19937_64& rng, const std::vector<double>& cdf) {
    const double u = uniform01(rng);
    return std::min(cdf.size() - 1,
                    static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin()));
}

std::string pronounceable(std::mt19937_64& rng, int syllables, bool accents) {
    static const char* syl[] = {"ka",  "lo",  "mi", "ne",  "ru", "ta",  "ve", "sho", "pri", "gan",
                                "del", "tor", "bu", "qua", "ze", "fin", "ol", "ar",  "es",  "ti",
                                "um",  "ber", "ly", "ing", "mo", "sa",  "ko", "ri"};
    static const char* accented[] = {"é", "ü", "ñ", "ø", "ç", "á", "ô", "ß"};
    std::string w;
    for (int k = 0; k < syllables; ++k)
        w += syl[rng() % 28];
    if (accents)
        w += accented[rng() % 8];
    return w;
}

Corpus make_corpus(std::mt19937_64& rng) {
    Corpus c;
    // Ranks: everyday words first, then the topical words each followed by two rare
    // ones (so "coffee" is ~5% of posts, "barista" ~1%), then the long tail.
    for (const char* w : kEveryday)
        c.words.push_back(w);
    std::unordered_set<std::string> seen(c.words.begin(), c.words.end());
    for (const char* w : kTopical)
        seen.insert(w);
    const auto rare = [&] {
        for (;;) {
            // One draw per statement: argument order differs between GCC and clang.
            const int syllables = 2 + static_cast<int>(rng() % 3);
            const bool accented = rng() % 10 == 0;
            std::string w = pronounceable(rng, syllables, accented);
            if (seen.insert(w).second)
                return w;
        }
    };
    for (const char* w : kTopical) {
        c.words.push_back(w);
        c.words.push_back(rare());
        c.words.push_back(rare());
    }
    while (c.words.size() < 50000)
        c.words.push_back(rare());
    c.word_cdf = zipf_cdf(c.words.size(), 1.0);
    for (int i = 0; i < 3000; ++i) {
        std::string t = i < 40 ? std::string(kTopical[i % 30]) : pronounceable(rng, 3, false);
        if (i == 3)
            t = "flatwhite";
        if (rng() % 3 == 0)
            t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
        c.tags.push_back(t);
    }
    c.tag_cdf = zipf_cdf(c.tags.size(), 1.1);
    for (int i = 0; i < 200000; ++i) {
        Corpus::Author a;
        a.handle = pronounceable(rng, 2 + static_cast<int>(rng() % 2), false);
        if (rng() % 2)
            a.handle += std::to_string(rng() % 1000);
        else if (rng() % 3 == 0)
            a.handle += "_" + pronounceable(rng, 1, false);
        if (i == 0)
            a.handle = "harbourbean";
        a.id = rng() % 2 ? std::to_string(10000000 + rng() % 3000000000ull)
                         : std::to_string(1000000000000000000ull + rng() % 800000000000000000ull);
        a.name = kFirst[rng() % 20];
        a.name += std::string(" ") + kLast[rng() % 15];
        if (rng() % 10 == 0)
            a.name += " ☕";
        if (rng() % 100 < 65)
            a.location = kLocations[rng() % (sizeof kLocations / sizeof *kLocations)];
        a.followers = static_cast<int64_t>(std::exp(normal(rng, 5, 2)));
        a.verified = rng() % 100 == 0;
        c.authors.push_back(std::move(a));
    }
    c.author_cdf = zipf_cdf(c.authors.size(), 0.9);
    for (int i = 0; i < 20000; ++i)
        c.handles.push_back(c.authors[rng() % c.authors.size()].handle);
    c.handle_cdf = zipf_cdf(c.handles.size(), 1.1);
    for (int i = 0; i < 3000; ++i) {
        std::string domain = i == 0 ? "harbourbean.co.uk" : "bbc.co.uk";
        if (i >= 5) {
            domain = pronounceable(rng, 2, false);
            domain += rng() % 3 ? ".com" : ".co.uk";
        }
        c.domains.push_back(domain);
        std::string path = "/" + pronounceable(rng, 2, false);
        path += "/" + pronounceable(rng, 3, false);
        path += "-" + pronounceable(rng, 2, false);
        c.paths.push_back(path);
    }
    const char* towns[] = {"Brighton", "Hove",   "London", "Lewes",  "Worthing",
                           "Paris",    "Madrid", "Berlin", "Lisboa", "São Paulo"};
    const char* countries[] = {"GB", "GB", "GB", "GB", "GB", "FR", "ES", "DE", "PT", "BR"};
    for (int i = 0; i < 200; ++i) {
        core::Place p;
        p.id = std::to_string(0x3a0000000000ull + static_cast<uint64_t>(i) * 7919);
        p.name = towns[i % 10] + std::string(i >= 10 ? " " + std::to_string(i) : "");
        p.full_name = p.name + ", " + countries[i % 10];
        p.country_code = countries[i % 10];
        const double lon = -0.14 + (i % 10) * 0.3, lat = 50.8 + (i % 10) * 0.2;
        p.bbox = std::vector<double>{lon - 0.05, lat - 0.03, lon + 0.05, lat + 0.03};
        p.lon = lon, p.lat = lat;
        c.places.push_back(std::move(p));
    }
    return c;
}

std::string snowflake(uint64_t serial) {
    return std::to_string(1860000000000000000ull + serial * 4096);
}

Mention make_mention(std::mt19937_64& rng, const Corpus& c, const core::MentionStore& store,
                     uint64_t serial, size_t total, int64_t start) {
    Mention m;
    m.source = core::Source::X;
    m.source_id = snowflake(serial);
    m.id = "x:" + m.source_id;
    m.url = "https://x.com/i/status/" + m.source_id;
    // 30 days in arrival order, with backfills up to six hours out of order.
    m.created_at = start + static_cast<int64_t>(serial * (30 * 86400) / total) +
                   static_cast<int64_t>(rng() % 21600) - 10800;
    const Corpus::Author& a = c.authors[zipf(rng, c.author_cdf)];
    m.author.id = a.id;
    m.author.handle = a.handle;
    m.author.name = a.name;
    m.author.location = a.location;
    m.author.followers = a.followers;
    m.author.verified = a.verified;
    m.conversation_id = m.source_id;
    const unsigned kind = static_cast<unsigned>(rng() % 100);
    const size_t earlier = store.size() > 0 ? rng() % store.size() : 0;
    if (kind < 10 && store.size() > 0) {
        // A repost carries the reposted text, as X's v2 payload does.
        const Mention& orig = store.at(earlier);
        m.kind = core::Kind::Repost;
        m.referenced_id = orig.source_id;
        m.text = "RT @" + orig.author.handle + ": " + orig.text;
        m.lang = orig.lang;
        m.hashtags = orig.hashtags;
        m.mentions = {orig.author.handle};
        for (const std::string& h : orig.mentions)
            m.mentions.push_back(h);
        m.urls = orig.urls;
        m.domains = orig.domains;
        m.metrics.likes = 0, m.metrics.reposts = 0, m.metrics.replies = 0, m.metrics.quotes = 0;
        return m;
    }
    const size_t lang = rng() % 100 < 50 ? 0 : 1 + rng() % 4;
    m.lang = kLangs[lang];
    if (kind < 25 && store.size() > 0) {
        const Mention& parent = store.at(earlier);
        m.kind = core::Kind::Reply;
        m.in_reply_to = parent.source_id;
        m.in_reply_to_handle = parent.author.handle;
        m.conversation_id = parent.conversation_id;
        m.mentions.push_back(parent.author.handle);
        m.text = "@" + parent.author.handle + " ";
    } else if (kind < 30 && store.size() > 0) {
        m.kind = core::Kind::Quote;
        m.referenced_id = store.at(earlier).source_id;
    }
    const int words = 8 + static_cast<int>(rng() % 25); // 8–32, 20 on average
    for (int w = 0; w < words; ++w) {
        if (w)
            m.text += rng() % 12 == 0 ? ", " : " ";
        const unsigned r = static_cast<unsigned>(rng() % 100);
        if (r < 35)
            m.text += kStop[lang][rng() % 16];
        else if (r < 36)
            m.text += kExpressions[rng() % 6];
        else
            m.text += c.words[zipf(rng, c.word_cdf)];
        if (w == 0 && rng() % 4 == 0 && m.text.size() > 0 && m.text.back() >= 'a' &&
            m.text.back() <= 'z')
            m.text.back() = static_cast<char>(m.text.back() - 'a' + 'A');
    }
    if (rng() % 100 < 15) {
        const std::string& h = c.handles[zipf(rng, c.handle_cdf)];
        m.mentions.push_back(h);
        m.text += " @" + h;
    }
    for (int h = rng() % 100 < 40 ? 1 + static_cast<int>(rng() % 3) : 0; h > 0; --h) {
        const std::string& tag = c.tags[zipf(rng, c.tag_cdf)];
        if (std::find(m.hashtags.begin(), m.hashtags.end(), tag) != m.hashtags.end())
            continue;
        m.hashtags.push_back(tag);
        m.text += " #" + tag;
    }
    if (rng() % 100 < 25) {
        const size_t d = zipf(rng, c.tag_cdf) % c.domains.size();
        std::string url = "https://www." + c.domains[d] + c.paths[rng() % c.paths.size()];
        if (rng() % 3 == 0)
            url += "?utm_source=twitter";
        m.urls.push_back(url);
        m.domains.push_back(c.domains[d]);
        m.text += " https://t.co/" + pronounceable(rng, 5, false).substr(0, 10);
    }
    if (m.kind == core::Kind::Quote) {
        m.urls.push_back("https://twitter.com/i/web/status/" + m.referenced_id);
        m.domains.push_back("twitter.com");
        m.text += " https://t.co/" + pronounceable(rng, 5, false).substr(0, 10);
    }
    m.has_media = rng() % 100 < 15;
    if (rng() % 100 < 2) {
        m.place = c.places[rng() % c.places.size()];
        if (rng() % 3)
            m.place->lon = *m.place->lon + 0.01, m.place->lat = *m.place->lat - 0.01;
    }
    m.metrics.likes = static_cast<int64_t>(std::exp(normal(rng, 0.5, 1.5)));
    m.metrics.reposts = static_cast<int64_t>(rng() % 100 < 80 ? 0 : rng() % 20);
    m.metrics.replies = static_cast<int64_t>(rng() % 100 < 70 ? 0 : rng() % 10);
    m.metrics.quotes = static_cast<int64_t>(rng() % 100 < 95 ? 0 : rng() % 5);
    if (rng() % 2)
        m.metrics.impressions = *m.metrics.likes * 40 + static_cast<int64_t>(rng() % 500);
    m.sentiment = static_cast<float>(uniform01(rng) * 2 - 1);
    m.intents = static_cast<uint8_t>(rng() % 8 == 0 ? 1u << (rng() % 7) : 0u);
    return m;
}

// [SECTION] X API v2 pages of the same mentions
// What the app downloads for these mentions: search/recent pages of 100 with the fields
// and expansions x_sync.cpp asks for (users, places and referenced tweets in includes).

/// FNV-1a 64, as segment.cpp checksums its files (and a stable hash for fake ids).
uint64_t fnv1a(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

json tweet_json(const Mention& m, const core::MentionStore& store) {
    json t = {{"id", m.source_id},
              {"text", m.text},
              {"created_at", core::format_iso8601(m.created_at).insert(19, ".000")},
              {"lang", m.lang},
              {"author_id", m.author.id},
              {"conversation_id", m.conversation_id},
              {"edit_history_tweet_ids", {m.source_id}},
              {"possibly_sensitive", false},
              {"reply_settings", "everyone"}};
    json pm = {{"retweet_count", m.metrics.reposts.value_or(0)},
               {"reply_count", m.metrics.replies.value_or(0)},
               {"like_count", m.metrics.likes.value_or(0)},
               {"quote_count", m.metrics.quotes.value_or(0)},
               {"bookmark_count", 0}};
    if (m.metrics.impressions)
        pm["impression_count"] = *m.metrics.impressions;
    t["public_metrics"] = pm;
    json entities = json::object();
    const auto span = [&](const std::string& needle) {
        const size_t at = m.text.find(needle);
        const size_t start = at == std::string::npos ? 0 : core::utf8_length(m.text.substr(0, at));
        return std::make_pair(start, start + core::utf8_length(needle));
    };
    for (const std::string& h : m.hashtags) {
        const auto [s, e] = span("#" + h);
        entities["hashtags"].push_back({{"start", s}, {"end", e}, {"tag", h}});
    }
    for (const std::string& h : m.mentions) {
        const auto [s, e] = span("@" + h);
        entities["mentions"].push_back({{"start", s},
                                        {"end", e},
                                        {"username", h},
                                        {"id", std::to_string(fnv1a(h) % 100000000000ull)}});
    }
    size_t link = 0;
    for (const std::string& u : m.urls) {
        size_t at = m.text.find("https://t.co/");
        for (size_t k = 0; k < link && at != std::string::npos; ++k)
            at = m.text.find("https://t.co/", at + 1);
        const std::string tco =
            at == std::string::npos ? "https://t.co/xxxxxxxxxx" : m.text.substr(at, 23);
        const auto [s, e] = span(tco);
        std::string display = u.substr(u.find("://") + 3);
        if (display.rfind("www.", 0) == 0)
            display = display.substr(4);
        entities["urls"].push_back({{"start", s},
                                    {"end", e},
                                    {"url", tco},
                                    {"expanded_url", u},
                                    {"display_url", display.substr(0, 26) + "…"}});
        ++link;
    }
    if (!entities.empty())
        t["entities"] = entities;
    if (m.kind == core::Kind::Repost)
        t["referenced_tweets"] = {{{"type", "retweeted"}, {"id", m.referenced_id}}};
    else if (m.kind == core::Kind::Quote)
        t["referenced_tweets"] = {{{"type", "quoted"}, {"id", m.referenced_id}}};
    else if (m.kind == core::Kind::Reply) {
        t["referenced_tweets"] = {{{"type", "replied_to"}, {"id", m.in_reply_to}}};
        const long parent = store.index_of("x:" + m.in_reply_to);
        if (parent >= 0)
            t["in_reply_to_user_id"] = store.at(static_cast<size_t>(parent)).author.id;
    }
    if (m.has_media)
        t["attachments"] = {{"media_keys", {"3_" + m.source_id}}};
    if (m.place && !m.place->id.empty())
        t["geo"] = {{"place_id", m.place->id}};
    return t;
}

json user_json(const core::Author& a) {
    json u = {{"id", a.id},
              {"username", a.handle},
              {"name", a.name},
              {"verified", a.verified},
              {"public_metrics",
               {{"followers_count", a.followers.value_or(0)},
                {"following_count", a.followers.value_or(0) / 3 + 17},
                {"tweet_count", a.followers.value_or(0) * 7 + 120},
                {"listed_count", a.followers.value_or(0) / 50},
                {"like_count", a.followers.value_or(0) * 3 + 40}}}};
    if (!a.location.empty())
        u["location"] = a.location;
    return u;
}

/// Bytes of the page holding store mentions [first, last), and of its `data` alone.
std::pair<size_t, size_t> page_bytes(const core::MentionStore& store, size_t first, size_t last,
                                     std::string* keep = nullptr) {
    json data = json::array(), users = json::array(), places = json::array(),
         tweets = json::array();
    std::unordered_set<std::string> user_ids, place_ids, tweet_ids;
    for (size_t i = first; i < last; ++i) {
        const Mention& m = store.at(i);
        data.push_back(tweet_json(m, store));
        if (user_ids.insert(m.author.id).second)
            users.push_back(user_json(m.author));
        if (m.place && place_ids.insert(m.place->id).second)
            places.push_back({{"id", m.place->id},
                              {"full_name", m.place->full_name},
                              {"name", m.place->name},
                              {"country_code", m.place->country_code},
                              {"geo",
                               {{"type", "Feature"},
                                {"bbox", *m.place->bbox},
                                {"properties", json::object()}}}});
        const std::string& ref = m.kind == core::Kind::Reply ? m.in_reply_to : m.referenced_id;
        const long r = ref.empty() ? -1 : store.index_of("x:" + ref);
        if (r >= 0 && tweet_ids.insert(ref).second) {
            const Mention& orig = store.at(static_cast<size_t>(r));
            tweets.push_back(tweet_json(orig, store));
            if (user_ids.insert(orig.author.id).second)
                users.push_back(user_json(orig.author));
        }
    }
    const size_t data_bytes = data.dump().size();
    json page = {{"data", std::move(data)},
                 {"includes", {{"users", std::move(users)}}},
                 {"meta",
                  {{"newest_id", store.at(last - 1).source_id},
                   {"oldest_id", store.at(first).source_id},
                   {"result_count", last - first},
                   {"next_token", "b26v89c19zqg8o3fr5nvj0lqbe5bwzs0dblyfkkfxv76l"}}}};
    if (!places.empty())
        page["includes"]["places"] = std::move(places);
    if (!tweets.empty())
        page["includes"]["tweets"] = std::move(tweets);
    std::string text = page.dump();
    const size_t bytes = text.size();
    if (keep)
        *keep = std::move(text);
    return {bytes, data_bytes};
}

// [SECTION] SQLite FTS5 peer

#ifdef EARSHOT_HAVE_SQLITE
void fts5_peer(const core::MentionStore& store, double our_ms, size_t our_count) {
    sqlite3* db = nullptr;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return emit({{"bench", "query_fts5"}, {"error", "cannot open SQLite"}});
    // Expanded URLs in their own column: Earshot's keywords match them too.
    const char* schema =
        "CREATE VIRTUAL TABLE m USING fts5(text, urls, lang UNINDEXED, kind UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2')";
    char* err = nullptr;
    if (sqlite3_exec(db, schema, nullptr, nullptr, &err) != SQLITE_OK) {
        emit({{"bench", "query_fts5"}, {"error", err ? err : "no FTS5"}});
        sqlite3_free(err);
        sqlite3_close(db);
        return;
    }
    auto t0 = std::chrono::steady_clock::now();
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO m(rowid, text, urls, lang, kind) VALUES (?, ?, ?, ?, ?)",
                       -1, &insert, nullptr);
    std::string urls;
    for (size_t i = 0; i < store.size(); ++i) {
        const Mention& m = store.at(i);
        urls.clear();
        for (const std::string& u : m.urls)
            urls += u + " ";
        sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(i));
        sqlite3_bind_text(insert, 2, m.text.data(), static_cast<int>(m.text.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, urls.data(), static_cast<int>(urls.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 4, m.lang.data(), static_cast<int>(m.lang.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 5, core::to_string(m.kind), -1, SQLITE_STATIC);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    const double build_s = seconds_since(t0);
    sqlite3_int64 pages = 0, page_size = 0;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, nullptr);
    if (sqlite3_step(st) == SQLITE_ROW)
        pages = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, nullptr);
    if (sqlite3_step(st) == SQLITE_ROW)
        page_size = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);

    // The listener query in FTS5 syntax; NOT is binary in FTS5 ("a NOT b").
    const char* match = "(coffee OR latte OR espresso OR \"flat white\" OR barista) NOT decaf";
    sqlite3_prepare_v2(db,
                       "SELECT rowid FROM m WHERE m MATCH ?1 AND lang = 'en' AND kind <> 'repost'",
                       -1, &st, nullptr);
    std::vector<double> times;
    std::vector<uint32_t> rows;
    for (int run = 0; run < 5; ++run) {
        rows.clear();
        auto q0 = std::chrono::steady_clock::now();
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            rows.push_back(static_cast<uint32_t>(sqlite3_column_int64(st, 0)));
        sqlite3_reset(st);
        times.push_back(ms_since(q0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    const double fts_ms = median(times);
    emit({{"bench", "query_fts5"},
          {"match", match},
          {"filter", "lang = 'en' AND kind <> 'repost'"},
          {"mentions", store.size()},
          {"build_s", build_s},
          {"bytes_per_mention", static_cast<double>(pages * page_size) / store.size()},
          {"ms", fts_ms},
          {"results", rows.size()},
          {"our_ms", our_ms},
          {"our_results", our_count},
          {"ratio_fts5_over_ours", fts_ms / our_ms}});
}
#endif

// [SECTION] The benchmark

struct Timed {
    std::vector<uint32_t> result;
    double ms = 0; ///< median of the runs
    double min_ms = 0;
};

Timed time_search(const core::MentionIndex& index, const core::Query& q,
                  const core::MentionStore& store, core::TimeRange range, int runs) {
    Timed t;
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        t.result = index.search(q, store, range);
        times.push_back(ms_since(t0));
    }
    t.ms = median(times);
    t.min_ms = *std::min_element(times.begin(), times.end());
    return t;
}

Timed time_scan(const core::Query& q, const core::MentionStore& store, core::TimeRange range,
                int runs) {
    Timed t;
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) {
        t.result.clear();
        auto t0 = std::chrono::steady_clock::now();
        for (size_t i = 0; i < store.size(); ++i) {
            const Mention& m = store.at(i);
            if (range.contains(m.created_at) && q.matches(m))
                t.result.push_back(static_cast<uint32_t>(i));
        }
        times.push_back(ms_since(t0));
    }
    t.ms = median(times);
    t.min_ms = *std::min_element(times.begin(), times.end());
    return t;
}

core::Query must_parse(const std::string& text) {
    auto parsed = core::Query::parse(text);
    if (auto* e = std::get_if<core::QueryError>(&parsed)) {
        std::fprintf(stderr, "bench query does not parse: %s: %s\n", text.c_str(),
                     e->to_string().c_str());
        std::abort();
    }
    return std::get<core::Query>(parsed);
}

void bench_query(const Args& args) {
    const size_t total = std::max<size_t>(2000, static_cast<size_t>(1000000 * args.scale));
    const int64_t start = 1793491200; // 2026-11-01 00:00 UTC
    const size_t heap0 = heap_in_use(), peak0 = peak_bytes();

    // Generate.
    auto t0 = std::chrono::steady_clock::now();
    std::mt19937_64 rng(20261101);
    const Corpus corpus = make_corpus(rng);
    const size_t heap_corpus = heap_in_use();
    auto store = std::make_unique<core::MentionStore>();
    for (size_t i = 0; i < total; ++i)
        store->upsert(make_mention(rng, corpus, *store, i, total, start));
    const double gen_s = seconds_since(t0);
    const size_t heap_store = heap_in_use();

    // Build the index as ingest would: incrementally, in batches of 100.
    auto index = std::make_unique<core::MentionIndex>();
    t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < total; ++i)
        index->add(static_cast<uint32_t>(i), store->at(i));
    const double build_s = seconds_since(t0);
    const size_t heap_index = heap_in_use();
    index->shrink_to_fit();
    const size_t heap_index_shrunk = heap_in_use();
    emit({{"bench", "query_index_build"},
          {"mentions", total},
          {"generate_s", gen_s},
          {"build_s", build_s},
          {"mentions_per_s", total / build_s},
          {"terms", index->term_count()},
          {"index_bytes_per_mention", static_cast<double>(index->memory_bytes()) / total},
          {"index_heap_bytes_per_mention", static_cast<double>(heap_index - heap_store) / total},
          {"index_heap_bytes_per_mention_shrunk",
           static_cast<double>(heap_index_shrunk - heap_store) / total},
          {"mention_store_heap_bytes_per_mention",
           static_cast<double>(heap_store - heap_corpus) / total},
          {"heap_bytes_per_mention_store_and_index",
           static_cast<double>(heap_index_shrunk - heap0) / total},
          {"peak_bytes_per_mention_so_far", static_cast<double>(peak_bytes() - peak0) / total}});

    // Queries: the typical listener first, then other shapes.
    const core::TimeRange last_week{start + 23 * 86400, start + 30 * 86400 + 86400};
    struct Case {
        const char* name;
        std::string text;
        core::TimeRange range;
    };
    const std::string listener =
        "(coffee OR latte OR espresso OR \"flat white\" OR barista) -decaf lang:en -is:retweet";
    const std::vector<Case> cases = {
        {"listener", listener, {}},
        {"listener_last_7_days", listener, last_week},
        {"phrases",
         "(\"customer service\" OR \"cold brew\") (slow OR rude OR terrible) -is:retweet",
         {}},
        {"entities", "#flatwhite OR @harbourbean OR from:harbourbean", {}},
        {"accents_emoji", "(cafe OR creme OR ☕) lang:fr has:links", {}},
        {"rare_word", corpus.words[20000], {}},
        {"url_operator", "url:\"harbourbean.co.uk\" -is:retweet", {}},
        {"unindexed_operator",
         "conversation_id:" + snowflake(777) + " OR (coffee place_country:gb)",
         {}},
    };
    double listener_ms = 0;
    size_t listener_count = 0;
    for (const Case& c : cases) {
        const core::Query q = must_parse(c.text);
        core::SearchStats stats;
        index->search(q, *store, c.range, &stats);
        const Timed ours = time_search(*index, q, *store, c.range, 7);
        const Timed scan = time_scan(q, *store, c.range, c.name == std::string("listener") ? 3 : 1);
        json line = {{"bench", "query_search"},
                     {"case", c.name},
                     {"query", c.text},
                     {"mentions", total},
                     {"results", ours.result.size()},
                     {"ms", ours.ms},
                     {"min_ms", ours.min_ms},
                     {"brute_force_ms", scan.ms},
                     {"speedup", scan.ms / ours.ms},
                     {"equal_to_brute_force", ours.result == scan.result},
                     {"postings_decoded", stats.postings},
                     {"mentions_confirmed", stats.evaluated}};
        if (c.name == std::string("listener")) {
            listener_ms = ours.ms;
            listener_count = ours.result.size();
            // The simpler design: candidates from postings, every one confirmed by matches().
            std::vector<double> times;
            size_t candidates = 0, confirmed = 0;
            for (int r = 0; r < 3; ++r) {
                auto q0 = std::chrono::steady_clock::now();
                const std::vector<uint32_t> cand = index->candidates(q, *store);
                confirmed = 0;
                for (uint32_t i : cand)
                    confirmed += q.matches(store->at(i));
                times.push_back(ms_since(q0));
                candidates = cand.size();
            }
            line["candidates_then_matches_ms"] = median(times);
            line["candidates"] = candidates;
            line["candidates_confirmed"] = confirmed;
        }
        emit(line);
    }

#ifdef EARSHOT_HAVE_SQLITE
    fts5_peer(*store, listener_ms, listener_count);
#else
    (void)listener_ms, (void)listener_count;
#endif

    // Raw X JSON of a sample of the same mentions vs their stored form.
    const size_t sample = std::min<size_t>(total, 100000);
    size_t raw = 0, raw_data = 0;
    std::string first_page;
    for (size_t first = 0; first < sample; first += 100) {
        const auto [bytes, data] = page_bytes(*store, first, std::min(sample, first + 100),
                                              first == 0 ? &first_page : nullptr);
        raw += bytes;
        raw_data += data;
    }
    // The pages are real X pages to our reader: parse one back as a check.
    const core::Result<core::XPage> back = core::parse_x_page(std::string_view(first_page));
    const bool roundtrip = back && back->mentions.size() == 100 &&
                           back->mentions[57].text == store->at(57).text &&
                           back->mentions[57].urls == store->at(57).urls;
    const json breakdown = storage_breakdown(*store, 10000);

    // Write the cache as the app does: sealed segments of 10,000.
    const std::string dir = (std::filesystem::temp_directory_path() /
                             ("earshot-bench-query-" + std::to_string(rng() % 1000000)))
                                .string();
    core::DiskFileSystem fs;
    t0 = std::chrono::steady_clock::now();
    uint64_t stored_bytes = 0;
    {
        core::Store disk(fs, dir);
        std::vector<core::Listener> listeners(1);
        listeners[0].id = "cafe";
        listeners[0].name = "Café";
        listeners[0].query = listener;
        std::vector<core::SegmentRecord> batch;
        for (size_t i = 0; i < total; ++i) {
            batch.push_back({store->at(i), store->listeners_of(i) | 1});
            if (batch.size() == 10000 || i + 1 == total) {
                if (auto ok = disk.commit(batch, listeners); !ok) {
                    emit({{"bench", "query_store"}, {"error", ok.error()}});
                    return;
                }
                batch.clear();
            }
        }
        stored_bytes = disk.bytes();
    }
    const double write_s = seconds_since(t0);
    const double stored_per = static_cast<double>(stored_bytes) / total;
    const double raw_per = static_cast<double>(raw) / sample;
    emit({{"bench", "query_stored_size"},
          {"mentions", total},
          {"segments", (total + 9999) / 10000},
          {"write_s", write_s},
          {"stored_bytes_per_mention", stored_per},
          {"sample", sample},
          {"breakdown_per_mention_first_10000", breakdown},
          {"raw_x_json_bytes_per_mention", raw_per},
          {"raw_x_json_data_only_bytes_per_mention", static_cast<double>(raw_data) / sample},
          {"raw_over_stored", raw_per / stored_per},
          {"x_page_parses_back", roundtrip}});

    // The app saves an index snapshot once a large cache is indexed; time that too.
    const std::vector<uint32_t> expected = index->search(must_parse(listener), *store);
    uint64_t snapshot_bytes = 0;
    {
        core::Store disk(fs, dir);
        t0 = std::chrono::steady_clock::now();
        if (auto ok = disk.save_index(*index, *store); !ok)
            emit({{"bench", "query_index_snapshot"}, {"error", ok.error()}});
        emit({{"bench", "query_index_snapshot"},
              {"save_s", seconds_since(t0)},
              {"snapshot_bytes_per_mention",
               static_cast<double>(std::filesystem::file_size(dir + "/index.snap")) / total},
              {"stored_with_snapshot_bytes_per_mention",
               static_cast<double>(stored_bytes + std::filesystem::file_size(dir + "/index.snap")) / total}});
        snapshot_bytes = std::filesystem::file_size(dir + "/index.snap");

        // What the app does instead: a megabyte per slice between frames, then the write.
        core::IndexSnapshotJob job(*index, *store);
        double longest_slice = 0, built = 0;
        int slices = 0;
        for (bool done = false; !done; ++slices) {
            t0 = std::chrono::steady_clock::now();
            done = job.build_more(1 << 20);
            const double s = seconds_since(t0);
            longest_slice = std::max(longest_slice, s);
            built += s;
        }
        t0 = std::chrono::steady_clock::now();
        const bool saved = disk.save_index(job).ok();
        emit({{"bench", "query_index_snapshot_sliced"},
              {"saved", saved},
              {"slices", slices},
              {"slice_bytes", 1 << 20},
              {"longest_slice_ms", longest_slice * 1000},
              {"build_s", built},
              {"final_write_ms", seconds_since(t0) * 1000}});
    }
    index.reset();
    store.reset();

    // Cold load: a fresh Store::load into an empty MentionStore, then the index, first
    // from the snapshot (what the app does) and then rebuilt from the texts (no snapshot).
    for (const bool use_snapshot : {true, false}) {
        const size_t heap_before_load = heap_in_use();
        auto loaded = std::make_unique<core::MentionStore>();
        core::MentionIndex cold;
        t0 = std::chrono::steady_clock::now();
        core::Store disk(fs, dir);
        std::vector<core::Listener> listeners;
        const core::Result<bool> ok = disk.load(*loaded, listeners);
        const double load_s = seconds_since(t0);
        auto t1 = std::chrono::steady_clock::now();
        size_t restored = 0;
        if (use_snapshot) {
            core::Result<size_t> r = disk.load_index(cold, *loaded);
            restored = r ? r.value() : 0;
        }
        const double restore_s = seconds_since(t1);
        t1 = std::chrono::steady_clock::now();
        cold.update(*loaded);
        const double index_s = seconds_since(t1);
        const double ready_s = seconds_since(t0);
        const Timed first = time_search(cold, must_parse(listener), *loaded, {}, 1);
        emit({{"bench", use_snapshot ? "query_cold_load" : "query_cold_load_no_snapshot"},
              {"mentions", loaded->size()},
              {"loaded", ok && ok.value()},
              {"load_s", load_s},
              {"snapshot_restore_s", restore_s},
              {"snapshot_covered", restored},
              {"snapshot_bytes", snapshot_bytes},
              {"index_s", index_s},
              {"ready_to_query_s", ready_s},
              {"target_s", 1.5},
              {"first_query_ms", first.ms},
              {"same_results", first.result == expected},
              {"heap_bytes_per_mention_loaded_store_and_index",
               static_cast<double>(heap_in_use() - heap_before_load) / total},
              {"peak_bytes_per_mention", static_cast<double>(peak_bytes() - peak0) / total},
              {"peak_bytes", peak_bytes()}});
    }

    // Where Store::load's time goes, stage by stage, one segment at a time.
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".bin")
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    double read_s = 0, checksum_s = 0, decode_s = 0;
    uint64_t sink = 0;
    {
        core::MentionStore again;
        again.reserve(total);
        for (const std::string& file : files) {
            auto s0 = std::chrono::steady_clock::now();
            const std::optional<std::string> bytes = fs.read(file);
            read_s += seconds_since(s0);
            if (!bytes)
                continue;
            s0 = std::chrono::steady_clock::now();
            sink += core::fast_checksum(std::string_view(*bytes).substr(0, bytes->size() - 8));
            checksum_s += seconds_since(s0);
            s0 = std::chrono::steady_clock::now();
            core::Result<size_t> added = core::decode_segment_into(*bytes, again);
            decode_s += seconds_since(s0);
            sink += added ? added.value() : 0;
        }
    }
    emit({{"bench", "query_load_stages"},
          {"mentions", total},
          {"files", files.size()},
          {"read_s", read_s},
          {"checksum_s", checksum_s},
          {"decode_into_store_s_incl_checksum", decode_s},
          {"sink", sink % 7}});
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

} // namespace

EARSHOT_BENCH("query", bench_query);

} // namespace earshot::bench
