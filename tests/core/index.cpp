// Tests of the local index: search equals a brute-force Query::matches scan on seeded
// random corpora and queries, incremental adds, time ranges, Unicode, and entity lookups.
#include "core/index/mention_index.hpp"
#include "core/index/internal/postings.hpp"
#include "core/store/mention_store.hpp"
#include "core/query/query.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace earshot::core;

namespace {

// [SECTION] Helpers

constexpr int64_t kT0 = 1795600800; // 2026-11-24 08:00:00 UTC, an hour boundary

Query parse(const std::string& text) {
    auto parsed = Query::parse(text);
    if (const QueryError* e = std::get_if<QueryError>(&parsed))
        FAIL(text << " → " << e->to_string());
    return std::get<Query>(parsed);
}

std::vector<uint32_t> brute_force(const Query& q, const MentionStore& store, TimeRange range = {}) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < store.size(); ++i)
        if (range.contains(store.at(i).created_at) && q.matches(store.at(i)))
            out.push_back(static_cast<uint32_t>(i));
    return out;
}

bool is_subset(const std::vector<uint32_t>& small, const std::vector<uint32_t>& big) {
    return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

// The vocabulary mixes case, accents (composed and decomposed), emoji with variation
// selectors and skin tones, flags, unspaced scripts and punctuated words, so that the
// index's tokens and the evaluator's are compared where they are easiest to get wrong.
const std::vector<std::string> kWords = {"coffee",
                                         "Coffee",
                                         "COFFEE",
                                         "coffeelover",
                                         "café",
                                         "Café",
                                         "cafe",
                                         "cafe\xCC\x81",
                                         "CAFÉ",
                                         "latte",
                                         "espresso",
                                         "flat",
                                         "white",
                                         "Flat",
                                         "oat",
                                         "milk",
                                         "barista",
                                         "decaf",
                                         "crème",
                                         "brûlée",
                                         "naïve",
                                         "straße",
                                         "strasse",
                                         "Ærø",
                                         "smørrebrød",
                                         "καφές",
                                         "кофе",
                                         "Кофе",
                                         "咖啡",
                                         "東京",
                                         "☕",
                                         "☕\xEF\xB8\x8F",
                                         "❤\xEF\xB8\x8F",
                                         "❤",
                                         "👍🏽",
                                         "👍",
                                         "🇬🇧",
                                         "🇫🇷",
                                         "😍",
                                         "coca-cola",
                                         "don't",
                                         "e-mail",
                                         "x.com",
                                         "1st",
                                         "42",
                                         "the",
                                         "a",
                                         "and",
                                         "great",
                                         "slow",
                                         "queue",
                                         "brighton",
                                         "Brighton",
                                         "harbour",
                                         "bean",
                                         "🥐",
                                         "ﬁne",
                                         "fine",
                                         "Ａｂｃ",
                                         "abc",
                                         "wi-fi",
                                         "wifi",
                                         "pão",
                                         "mañana",
                                         "manana",
                                         "über",
                                         "uber"};
const std::vector<std::string> kTags = {"coffee", "Coffee",   "CoffeeLover", "café", "Cafe",
                                        "latte",  "brighton", "flatwhite",   "咖啡", "tag_1"};
const std::vector<std::string> kHandles = {"harbourbean", "HarbourBean",    "joe_bean",
                                           "Anna",        "rival_roasters", "zoë"};
const std::vector<std::string> kLangs = {"en", "es", "fr", "de", "pt", "EN", "und", ""};
const std::vector<std::string> kUrls = {
    "https://harbourbean.co.uk/menu/flat-white", "https://www.example.com/coffee?ref=x",
    "https://site.com/Café-Crème", "https://news.example.org/2026/11/latte-art",
    "https://x.com/i/status/123"};

template <typename T> const T& pick(std::mt19937& rng, const std::vector<T>& v) {
    return v[rng() % v.size()];
}

Mention random_mention(std::mt19937& rng, int i) {
    Mention m;
    m.source_id = std::to_string(100000 + i);
    m.id = "x:" + m.source_id;
    const int words = 1 + static_cast<int>(rng() % 14);
    for (int w = 0; w < words; ++w) {
        if (w)
            m.text += (rng() % 9 == 0) ? ", " : " ";
        m.text += pick(rng, kWords);
    }
    if (rng() % 4 == 0) {
        const std::string& tag = pick(rng, kTags);
        m.hashtags.push_back(tag);
        m.text += " #" + tag;
    }
    if (rng() % 5 == 0) {
        const std::string& handle = pick(rng, kHandles);
        m.mentions.push_back(handle);
        m.text = "@" + handle + " " + m.text;
    }
    if (rng() % 20 == 0)
        m.cashtags.push_back(rng() % 2 ? "SBUX" : "sbux");
    if (rng() % 4 == 0) {
        const std::string& url = pick(rng, kUrls);
        m.urls.push_back(url);
        m.text += " https://t.co/ab" + std::to_string(i % 97);
        m.domains.push_back(url.find("harbourbean") != std::string::npos ? "harbourbean.co.uk"
                                                                         : "example.com");
    }
    // Spread over ~3 days, not in index order: backfills arrive late.
    m.created_at = kT0 + static_cast<int64_t>(rng() % (3 * 86400)) - 3600;
    m.lang = pick(rng, kLangs);
    m.kind = static_cast<Kind>(rng() % 4);
    m.author.handle = pick(rng, kHandles);
    m.author.id = std::to_string(rng() % 7);
    m.author.verified = rng() % 10 == 0;
    m.has_media = rng() % 6 == 0;
    m.conversation_id = std::to_string(500 + rng() % 5);
    if (m.kind == Kind::Reply) {
        m.in_reply_to = std::to_string(100000 + rng() % 50);
        m.in_reply_to_handle = pick(rng, kHandles);
    }
    if (m.kind == Kind::Repost || m.kind == Kind::Quote)
        m.referenced_id = std::to_string(100000 + rng() % 50);
    if (rng() % 6 == 0) {
        Place p;
        p.id = rng() % 2 ? "abc123" : "ABC999";
        p.name = rng() % 2 ? "Brighton" : "São Paulo";
        p.full_name = p.name == "Brighton" ? "Brighton, England" : "São Paulo, Brasil";
        p.country_code = p.name == "Brighton" ? (rng() % 2 ? "GB" : "gb") : "BR";
        if (rng() % 2) {
            p.lon = -0.14 + (static_cast<int>(rng() % 100) - 50) * 0.001;
            p.lat = 50.82 + (static_cast<int>(rng() % 100) - 50) * 0.001;
        }
        m.place = p;
    }
    return m;
}

// [SECTION] Random queries
// Built from the same vocabulary, in every shape the language has: OR and AND, groups,
// negation, phrases, entities, every operator. Queries X would refuse (an OR branch
// without a positive standalone term) fail to parse and are skipped.

std::string random_term(std::mt19937& rng) {
    switch (rng() % 22) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5: {
        std::string w = pick(rng, kWords);
        // Bare words with quotes or parentheses would change the syntax; quote them.
        return w.find_first_of("\"():") != std::string::npos ? "\"" + w + "\"" : w;
    }
    case 6:
    case 7:
        return "\"" + pick(rng, kWords) + " " + pick(rng, kWords) + "\"";
    case 8:
        return "#" + pick(rng, kTags);
    case 9:
        return rng() % 2 ? "#coff" : "#" + pick(rng, kTags);
    case 10:
        return "@" + pick(rng, kHandles);
    case 11:
        return rng() % 2 ? "$SBUX" : "$sbux";
    case 12:
        return "from:" + (rng() % 2 ? pick(rng, kHandles) : std::to_string(rng() % 8));
    case 13:
        return "to:" + pick(rng, kHandles);
    case 14:
        return rng() % 2 ? "url:\"harbourbean.co.uk/menu\"" : "url:coffee";
    case 15:
        return rng() % 2 ? "place:brighton" : "place:\"Sao Paulo\"";
    case 16:
        return rng() % 2 ? "place_country:gb" : "place:ABC123";
    case 17:
        return "conversation_id:" + std::to_string(500 + rng() % 6);
    case 18:
        return rng() % 2 ? "retweets_of_tweet_id:" + std::to_string(100000 + rng() % 50)
                         : "quotes_of_tweet_id:" + std::to_string(100000 + rng() % 50);
    case 19:
        return "in_reply_to_tweet_id:" + std::to_string(100000 + rng() % 50);
    case 20:
        return rng() % 2 ? "point_radius:[-0.14 50.82 3km]"
                         : "bounding_box:[-0.16 50.80 -0.12 50.84]";
    default:
        return pick(rng, kWords) == "coffee" ? "coffee" : "latte";
    }
}

std::string random_narrowing(std::mt19937& rng) {
    static const std::vector<std::string> kNarrow = {
        "lang:en",      "lang:EN",      "lang:fr",      "lang:und",  "is:retweet",    "is:reply",
        "is:quote",     "is:verified",  "-is:nullcast", "has:links", "has:media",     "has:images",
        "has:hashtags", "has:mentions", "has:cashtags", "has:geo",   "has:video_link"};
    return pick(rng, kNarrow);
}

std::string random_group(std::mt19937& rng, int depth);

std::string random_and(std::mt19937& rng, int depth) {
    std::vector<std::string> parts = {random_term(rng)}; // the anchoring standalone term
    const int extra = static_cast<int>(rng() % 4);
    for (int i = 0; i < extra; ++i) {
        const unsigned r = rng() % 6;
        if (r == 0)
            parts.push_back(random_narrowing(rng));
        else if (r == 1)
            parts.push_back("-" + random_narrowing(rng));
        else if (r == 2)
            parts.push_back("-" + random_term(rng));
        else if (r == 3 && depth < 2)
            parts.push_back(random_group(rng, depth + 1));
        else if (r == 4 && depth < 2)
            parts.push_back("-" + random_group(rng, depth + 1));
        else
            parts.push_back(random_term(rng));
    }
    std::shuffle(parts.begin(), parts.end(), rng);
    std::string out;
    for (const std::string& p : parts)
        out += (out.empty() ? "" : " ") + p;
    return out;
}

std::string random_or(std::mt19937& rng, int depth) {
    const int branches = 1 + static_cast<int>(rng() % 3);
    std::string out;
    for (int i = 0; i < branches; ++i)
        out += (i ? " OR " : "") + random_and(rng, depth);
    return out;
}

std::string random_group(std::mt19937& rng, int depth) {
    return "(" + random_or(rng, depth) + ")";
}

MentionStore random_store(std::mt19937& rng, int count) {
    MentionStore store;
    for (int i = 0; i < count; ++i)
        store.upsert(random_mention(rng, i));
    return store;
}

} // namespace

// [SECTION] Equality with a brute-force scan

TEST_CASE("index search equals a Query::matches scan on random corpora and queries") {
    std::mt19937 rng(20261124);
    const MentionStore store = random_store(rng, 3000);
    MentionIndex index;
    index.update(store);
    REQUIRE(index.size() == 3000);

    int checked = 0, nonempty = 0, attempts = 0;
    while (checked < 400 && attempts < 20000) {
        ++attempts;
        const std::string text = random_or(rng, 0);
        auto parsed = Query::parse(text);
        if (!std::holds_alternative<Query>(parsed))
            continue;
        const Query& q = std::get<Query>(parsed);
        const std::vector<uint32_t> expected = brute_force(q, store);
        SearchStats stats;
        const std::vector<uint32_t> got = index.search(q, store, {}, &stats);
        INFO(text);
        REQUIRE(got == expected);
        REQUIRE(stats.scanned == 0);
        REQUIRE(stats.results == got.size());
        REQUIRE(is_subset(expected, index.candidates(q, store)));
        ++checked;
        nonempty += !expected.empty();
    }
    REQUIRE(checked == 400);
    REQUIRE(nonempty > 200); // the queries really select something
}

TEST_CASE("index search equals the scan within random time ranges") {
    std::mt19937 rng(7);
    const MentionStore store = random_store(rng, 2000);
    MentionIndex index;
    index.update(store);
    const char* queries[] = {"coffee", "coffee OR latte -decaf lang:en -is:retweet",
                             "\"flat white\" OR #coffee", "from:anna OR @harbourbean",
                             "conversation_id:501"};
    for (int round = 0; round < 200; ++round) {
        // Hour-aligned, mid-hour, one-second, empty and open-ended ranges.
        TimeRange range;
        const int64_t a = kT0 - 7200 + static_cast<int64_t>(rng() % (4 * 86400));
        const int64_t b = a + static_cast<int64_t>(rng() % (2 * 86400));
        switch (round % 5) {
        case 0:
            range = {a - a % 3600, b - b % 3600};
            break;
        case 1:
            range = {a, b};
            break;
        case 2:
            range = {a, a + 1};
            break;
        case 3:
            range.from = a;
            break;
        default:
            range.to = b;
            if (round % 10 == 9)
                range = {b, a}; // empty
        }
        const Query q = parse(queries[round % 5]);
        INFO(queries[round % 5] << " in [" << range.from << ", " << range.to << ")");
        REQUIRE(index.search(q, store, range) == brute_force(q, store, range));
        REQUIRE(is_subset(brute_force(q, store, range), index.candidates(q, store, range)));
        std::vector<uint32_t> in;
        for (size_t i = 0; i < store.size(); ++i)
            if (range.contains(store.at(i).created_at))
                in.push_back(static_cast<uint32_t>(i));
        REQUIRE(index.in_range(store, range) == in);
    }
}

// [SECTION] Incremental adds

TEST_CASE("the index grows with the store and never misses what it has not seen") {
    std::mt19937 rng(99);
    MentionStore store;
    MentionIndex index;
    const Query q = parse("(coffee OR café OR \"flat white\") -decaf -is:retweet");
    for (int batch = 0; batch < 6; ++batch) {
        for (int i = 0; i < 250; ++i)
            store.upsert(random_mention(rng, static_cast<int>(store.size())));
        // Searching before update(): the new tail is scanned, results stay complete.
        SearchStats stats;
        REQUIRE(index.search(q, store, {}, &stats) == brute_force(q, store));
        REQUIRE(stats.scanned == 250);
        index.update(store);
        REQUIRE(index.size() == store.size());
        REQUIRE(index.search(q, store, {}, &stats) == brute_force(q, store));
        REQUIRE(stats.scanned == 0);
        // An upsert of a known id adds nothing to the store, so nothing to the index.
        store.upsert(store.at(0));
        index.update(store);
        REQUIRE(index.size() == store.size());
    }
    // Catching up in slices (a frame's worth each) ends where one update() does.
    MentionIndex sliced;
    size_t left = store.size(), rounds = 0;
    while (left > 0) {
        REQUIRE(sliced.search(q, store) == brute_force(q, store)); // exact at every step
        left = sliced.update(store, 400);
        ++rounds;
    }
    REQUIRE(rounds == (store.size() + 399) / 400);
    REQUIRE(sliced.size() == store.size());
    REQUIRE(sliced.update(store, 400) == 0);
    // add() one at a time matches update().
    MentionIndex one_by_one;
    for (uint32_t i = 0; i < store.size(); ++i)
        one_by_one.add(i, store.at(i));
    REQUIRE(one_by_one.search(q, store) == index.search(q, store));
    REQUIRE(one_by_one.term_count() == index.term_count());

    index.clear();
    REQUIRE(index.size() == 0);
    REQUIRE(index.search(q, store) == brute_force(q, store)); // all scanned
    // A store emptied without clear() does not make search read past its end.
    one_by_one.shrink_to_fit();
    MentionStore empty;
    REQUIRE(one_by_one.search(q, empty).empty());
}

// [SECTION] Unicode, hashtags and entities

TEST_CASE("the index folds text exactly as the evaluator does") {
    MentionStore store;
    const std::vector<std::string> texts = {
        "Best CAFÉ in town",         // 0
        "cafe\xCC\x81 au lait",      // 1 decomposed accent
        "coffee ☕\xEF\xB8\x8F time", // 2 emoji with variation selector
        "thumbs 👍🏽 up",        // 3 skin tone
        "flying the 🇬🇧 flag",        // 4
        "我爱咖啡",                  // 5 unspaced script: one token per character
        "ΚΑΦΈΣ και κέικ",            // 6 Greek capitals with tonos
        "Straße und ﬁne Ａｂｃ",     // 7 ß, ligature, full-width
        "flat-white lovers",         // 8 punctuation splits
        "a flat white please",       // 9
        "white flat",                // 10 reversed: not the phrase
    };
    for (size_t i = 0; i < texts.size(); ++i) {
        Mention m;
        m.id = "x:" + std::to_string(i);
        m.text = texts[i];
        m.lang = "en";
        m.created_at = kT0 + static_cast<int64_t>(i);
        store.upsert(m);
    }
    MentionIndex index;
    index.update(store);
    const auto expect = [&](const std::string& query, std::vector<uint32_t> want) {
        const Query q = parse(query);
        INFO(query);
        REQUIRE(brute_force(q, store) == want);  // the evaluator's answer…
        REQUIRE(index.search(q, store) == want); // …and the index agrees
    };
    expect("café", {0, 1});
    expect("CAFE", {0, 1});
    expect("☕", {2});
    expect("\"☕\xEF\xB8\x8F\"", {2});
    expect("👍", {3});
    expect("🇬🇧", {4});
    expect("咖啡", {5});
    expect("爱", {5});
    expect("καφες", {6});
    expect("strasse", {7});
    expect("fine abc", {7});
    expect("\"flat white\"", {8, 9});
    expect("flat-white", {8, 9});
    expect("flat white", {8, 9, 10});
    expect("white -flat", {});
    REQUIRE(index.lookup(IndexField::Word, "Café") == std::vector<uint32_t>{0, 1});
    REQUIRE(index.lookup(IndexField::Word, "flat white").empty()); // two tokens: not a word
    REQUIRE(index.count(IndexField::Word, "FLAT") == 3);
}

TEST_CASE("is: and has: agree with the evaluator on every combination of their fields") {
    MentionStore store;
    for (int combo = 0; combo < 512; ++combo) {
        Mention m;
        m.id = "x:" + std::to_string(combo);
        m.text = "a";
        m.kind = static_cast<Kind>(combo & 3);
        m.author.verified = combo & 4;
        m.has_media = combo & 8;
        if (combo & 16)
            m.urls = {"https://example.com/a"};
        if (combo & 32)
            m.mentions = {"someone"};
        if (combo & 64)
            m.hashtags = {"tag"};
        if (combo & 128)
            m.cashtags = {"TAG"};
        if (combo & 256)
            m.place = Place{};
        store.upsert(m);
    }
    MentionIndex index;
    index.update(store);
    for (const char* flag : {"is:retweet", "is:reply", "is:quote", "is:verified", "has:links",
                             "has:media", "has:images", "has:video_link", "has:mentions",
                             "has:hashtags", "has:cashtags", "has:geo"}) {
        for (const std::string& query : {std::string("a ") + flag, std::string("a -") + flag}) {
            const Query q = parse(query);
            INFO(query);
            REQUIRE(index.search(q, store) == brute_force(q, store));
        }
    }
    const Query q = parse("a -is:nullcast");
    REQUIRE(index.search(q, store) == brute_force(q, store));
    REQUIRE(index.search(q, store).size() == 512);
}

TEST_CASE("phrases are confirmed exactly, whatever surrounds them") {
    // The planner confirms ASCII phrases on the raw bytes when ASCII makes it certain;
    // every neighbour that the tokenizer joins, folds or splits must still agree.
    const std::vector<std::string> texts = {"a flat white please",
                                            "FLAT-WHITE!",
                                            "flatwhite",
                                            "éflat white",
                                            "flat whiteé",
                                            "flat😀white",
                                            "flat\xCC\x81 white",
                                            "\xEF\xAC\x82"
                                            "at white",
                                            "ｆｌａｔ ｗｈｉｔｅ",
                                            "flat, white",
                                            "flat\xC2\xA0white",
                                            "flat 1 white",
                                            "flat flat white",
                                            "white flat",
                                            "flat whites",
                                            "xflat white",
                                            "flat_white",
                                            "flat\xE2\x80\x8Bwhite",
                                            "café flat white",
                                            "flat white café",
                                            "flat\xC3\xA9 white",
                                            "",
                                            "flat",
                                            "flat white"};
    MentionStore store;
    for (size_t i = 0; i < texts.size(); ++i) {
        Mention m;
        m.id = "x:" + std::to_string(i);
        m.text = texts[i];
        if (i + 1 == texts.size())
            m.text = "see link", m.urls = {"https://example.com/flat-white"};
        if (i == 0)
            m.urls = {"https://example.com/flat", "https://example.com/white"};
        store.upsert(m);
    }
    MentionIndex index;
    index.update(store);
    for (const char* query : {"\"flat white\"", "flat-white", "\"flat 1 white\"", "url:flat-white",
                              "url:\"flat white\"", "\"white flat\"", "\"flat flat\""}) {
        const Query q = parse(query);
        INFO(query);
        REQUIRE(index.search(q, store) == brute_force(q, store));
    }
    REQUIRE(brute_force(parse("\"flat white\""), store).size() >= 8);
}

TEST_CASE("hashtags, mentions and authors are exact, never prefixes") {
    MentionStore store;
    const auto add = [&](std::string text, std::vector<std::string> tags,
                         std::vector<std::string> mentions, std::string handle, std::string lang,
                         std::vector<std::string> domains = {}) {
        Mention m;
        m.id = "x:" + std::to_string(store.size());
        m.text = std::move(text);
        m.hashtags = std::move(tags);
        m.mentions = std::move(mentions);
        m.author.handle = std::move(handle);
        m.author.id = std::to_string(100 + store.size());
        m.lang = std::move(lang);
        m.domains = std::move(domains);
        store.upsert(m);
    };
    add("#coffee time", {"coffee"}, {}, "Anna", "en");                           // 0
    add("#CoffeeLover here", {"CoffeeLover"}, {}, "anna_b", "EN");               // 1
    add("#Café crème", {"Café"}, {"HarbourBean"}, "bob", "fr", {"example.com"}); // 2
    add("plain coffee", {}, {"harbourbean_two"}, "carol", "en");                 // 3
    MentionIndex index;
    index.update(store);
    const auto expect = [&](const std::string& query, std::vector<uint32_t> want) {
        const Query q = parse(query);
        INFO(query);
        REQUIRE(brute_force(q, store) == want);
        REQUIRE(index.search(q, store) == want);
    };
    expect("#coffee", {0});
    expect("#COFFEE", {0});
    expect("#coffeelover", {1});
    expect("#coff", {});
    expect("coffee", {0, 3}); // the keyword matches the hashtag's text, not a longer word
    expect("#cafe", {2});
    expect("@harbourbean", {2});
    expect("from:anna", {0});
    expect("from:ANNA_B", {1});
    expect("from:103", {3});
    expect("coffee lang:en", {0, 3});
    expect("#coffeelover lang:en", {1});
    REQUIRE(index.lookup(IndexField::Hashtag, "CAFE") == std::vector<uint32_t>{2});
    REQUIRE(index.lookup(IndexField::Domain, "example.com") == std::vector<uint32_t>{2});
    REQUIRE(index.lookup(IndexField::Author, "Anna") == std::vector<uint32_t>{0});
    REQUIRE(index.lookup(IndexField::Lang, "en") == std::vector<uint32_t>{0, 1, 3});
    REQUIRE(index.count(IndexField::Mention, "nobody") == 0);
    REQUIRE(index.memory_bytes() > 0);
    REQUIRE(index.term_count() > 10);
}

// [SECTION] Snapshots

TEST_CASE("a restored snapshot answers exactly as the index it was taken of, and keeps growing") {
    std::mt19937 rng(20261126);
    MentionStore store = random_store(rng, 2500);
    MentionIndex built;
    built.update(store, 2000); // the snapshot covers the first 2,000
    const std::string bytes = built.snapshot();
    MentionIndex restored;
    REQUIRE(restored.restore(bytes).ok());
    REQUIRE(restored.size() == 2000);
    CHECK(restored.term_count() == built.term_count());
    CHECK(restored.snapshot() == bytes); // nothing lost or reordered
    restored.update(store); // the 500 after it are added as usual
    built.update(store);
    REQUIRE(restored.size() == 2500);
    int checked = 0;
    while (checked < 150) {
        auto parsed = Query::parse(random_or(rng, 0));
        if (!std::holds_alternative<Query>(parsed))
            continue;
        const Query& q = std::get<Query>(parsed);
        REQUIRE(restored.search(q, store) == brute_force(q, store));
        ++checked;
    }
    CHECK(restored.lookup(IndexField::Word, "coffee") == built.lookup(IndexField::Word, "coffee"));
    CHECK(restored.in_range(store, {0, 1800000000}) == built.in_range(store, {0, 1800000000}));
}

TEST_CASE("a snapshot built a slice at a time is the one built in one go, at any slice size") {
    std::mt19937 rng(20261204);
    MentionStore store = random_store(rng, 1500);
    MentionIndex index;
    index.update(store);
    const std::string whole = index.snapshot();
    for (const size_t slice : {size_t{1}, size_t{100}, size_t{4096}, whole.size() / 3}) {
        std::string out = "header"; // the Store's header goes first: slices append after it
        MentionIndex::SnapshotCursor cursor;
        size_t calls = 1;
        while (!index.snapshot_more(cursor, out, slice)) ++calls;
        CHECK(out == "header" + whole);
        // It stops at the first term boundary past `slice` bytes: a term per call at the least.
        if (slice == 1) CHECK(calls >= index.term_count());
        else CHECK((calls >= 2 && calls < index.term_count()));
        CHECK(index.snapshot_more(cursor, out, slice)); // a finished cursor adds nothing
        CHECK(out.size() == whole.size() + 6);
    }
}

TEST_CASE("a damaged or foreign snapshot is refused and leaves the index as it was") {
    std::mt19937 rng(7);
    const MentionStore store = random_store(rng, 300);
    MentionIndex built;
    built.update(store);
    const std::string bytes = built.snapshot();
    MentionIndex target;
    target.update(store, 10);
    CHECK_FALSE(target.restore(bytes.substr(0, bytes.size() - 3)).ok()); // truncated
    CHECK_FALSE(target.restore(bytes + "x").ok());                       // trailing bytes
    std::string other_rules = bytes;
    other_rules[5] ^= 0x20; // inside the rules fingerprint
    Result<bool> r = target.restore(other_rules);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("tokenizing rules") != std::string::npos);
    std::string newer = bytes;
    newer[0] = 9; // format
    CHECK_FALSE(target.restore(newer).ok());
    CHECK(target.size() == 10); // untouched by every refusal
    CHECK_FALSE(target.restore("").ok());
}

TEST_CASE("a postings list ending inside a varint is refused, so no walk runs past its bytes") {
    MentionStore store;
    Mention m;
    m.id = "x:1";
    m.source_id = "1";
    m.text = "coffee";
    store.upsert(m);
    MentionIndex built;
    built.update(store);
    std::string bytes = built.snapshot();
    // u32 format | u64 fingerprint | count (1 byte) | terms (1 byte) | 16 key bytes |
    // postings: count, last, size (1 byte each) | the single gap byte.
    constexpr size_t kFirstGap = 4 + 8 + 1 + 1 + 16 + 3;
    REQUIRE(bytes.size() > kFirstGap);
    REQUIRE(bytes[kFirstGap] == 0); // position 0
    bytes[kFirstGap] = static_cast<char>(0x80); // "more follows" — but nothing does
    MentionIndex restored;
    Result<bool> r = restored.restore(bytes);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("damaged") != std::string::npos);
}

TEST_CASE("a walk over a gap longer than five bytes stops instead of shifting past 32 bits") {
    const std::string bytes("\x00\x80\x80\x80\x80\x80\x80\x01", 8); // gap 0, then a 7-byte one
    Postings p = Postings::decoded(bytes, 2, 0);
    std::vector<uint32_t> seen;
    p.for_each(UINT32_MAX, [&](uint32_t i) { seen.push_back(i); });
    CHECK(seen == std::vector<uint32_t>{0});
}

TEST_CASE("overwriting any byte of a snapshot is refused or gives an index that answers without crashing") {
    std::mt19937 rng(99);
    const MentionStore store = random_store(rng, 60);
    MentionIndex built;
    built.update(store);
    const std::string bytes = built.snapshot();
    const Query q = parse("coffee OR #latte -tea");
    size_t refused = 0;
    for (size_t at = 0; at < bytes.size(); ++at)
        for (uint8_t value : {uint8_t{0x00}, uint8_t{0x80}, uint8_t{0xFF}}) {
            std::string damaged = bytes;
            damaged[at] = static_cast<char>(value);
            MentionIndex restored;
            if (!restored.restore(damaged).ok()) {
                ++refused;
                CHECK(restored.size() == 0);
                continue;
            }
            // Accepted damage (a gap changed inside a list) may give wrong answers, which the
            // Store's checksum is there to catch, but every answer stays inside the mentions.
            if (restored.size() > store.size()) continue; // the Store refuses it (covered != size)
            for (uint32_t i : restored.search(q, store)) CHECK(i < store.size());
            for (uint32_t i : restored.in_range(store, {0, INT64_MAX})) CHECK(i < store.size());
            for (uint32_t i : restored.lookup(IndexField::Word, "coffee")) CHECK(i < store.size());
        }
    // Keys and gaps are most of the bytes; damage there is the Store's checksum's to catch.
    CHECK(refused > bytes.size() / 2);
    for (size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(MentionIndex().restore(bytes.substr(0, cut)).ok());
}
