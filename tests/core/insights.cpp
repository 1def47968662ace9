// Tests of the Insights board's numbers: each panel on small hand-built sets (expected
// values worked out by hand), the building blocks against brute force, and incremental,
// bulk and recounted results against each other.
#include "core/insights/insights.hpp"
#include "core/insights/internal/accumulator.hpp"
#include "core/store/mention_store.hpp"
#include "core/text/stopwords.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace earshot::core;
using insights_detail::TermTokenizer;

namespace {

constexpr int64_t kMonday = 1704067200; // 2024-01-01T00:00:00Z, a Monday
constexpr int64_t kHour = 3600, kDay = 86400;

Mention mention(const std::string& id, int64_t t, const std::string& text = "",
                const std::string& lang = "en") {
    Mention m;
    m.id = id;
    m.created_at = t;
    m.text = text;
    m.lang = lang;
    return m;
}

Mention by(Mention m, const std::string& author_id,
           std::optional<int64_t> followers = std::nullopt) {
    m.author.id = author_id;
    m.author.handle = "user" + author_id;
    m.author.followers = followers;
    return m;
}

std::vector<std::string> tokens(std::string_view text) {
    TermTokenizer tok;
    std::vector<std::string> out;
    tok.run(text, [&](std::string_view t, uint64_t h) {
        CHECK(h == insights_detail::hash_bytes(t)); // the interner relies on it
        out.emplace_back(t);
    });
    return out;
}

std::map<std::string, uint64_t> as_map(const std::vector<RankedItem>& items) {
    std::map<std::string, uint64_t> m;
    for (const RankedItem& i : items)
        m[i.label] = i.count;
    return m;
}

std::vector<std::string> handles(const std::vector<AuthorRank>& v) {
    std::vector<std::string> out;
    for (const AuthorRank& a : v)
        out.push_back(a.handle);
    return out;
}

} // namespace

// [SECTION] Building blocks

TEST_CASE("the term tokenizer lower-cases, passes UTF-8 letters and skips entities") {
    using V = std::vector<std::string>;
    CHECK(tokens("Café au LAIT!! https://t.co/x #Coffee @bob don't 42 x ÉCOLE 😀naïve") ==
          V{"café", "au", "lait", "don", "école", "naïve"});
    CHECK(tokens("coca-cola l'école «bonjour» word…next ¿qué? ¡Olé!") ==
          V{"coca", "cola", "école", "bonjour", "word", "next", "qué", "olé"});
    CHECK(tokens("HTTP://Example.com/x hello http:/broken") == V{"hello", "http", "broken"});
    CHECK(tokens("café’s ☕️latte 2pm 1990 ÀÉÎÕÜ") ==
          V{"café", "latte", "2pm", "àéîõü"});
    CHECK(tokens("日本語のテキスト、です") ==
          V{"日本語のテキスト", "です"});                   // runs, split at CJK punctuation
    CHECK(tokens("Привет МИР") == V{"Привет", "МИР"});      // other scripts pass through as written
    CHECK(tokens(std::string(50, 'a') + " ok") == V{"ok"}); // over-long tokens are dropped
    CHECK(tokens("") == V{});
    CHECK(tokens("\xC3") == V{}); // truncated UTF-8 is a separator, not a crash
    CHECK(tokens("ab\xFF"
                 "cd") == V{"ab", "cd"});
}

TEST_CASE("the interner gives dense ids, one per distinct string, long or short") {
    insights_detail::Interner in;
    const uint32_t a = in.intern("latte"), b = in.intern("cappuccino"),
                   c = in.intern("cappuccinos");
    CHECK(a == 0);
    CHECK(b == 1);
    CHECK(c == 2);
    CHECK(in.intern("latte") == a);
    CHECK(in.intern("cappuccino") == b);
    CHECK(in.str(c) == "cappuccinos");
    CHECK(in.find("cappuccinos") == 2);
    CHECK(in.find("mocha") == -1);
    // Growth keeps every id.
    for (int i = 0; i < 5000; ++i)
        in.intern("w" + std::to_string(i));
    for (int i = 0; i < 5000; i += 499)
        CHECK(in.str(in.intern("w" + std::to_string(i))) == "w" + std::to_string(i));
    CHECK(in.size() == 5003);
    CHECK(in.intern("") == 5003); // the empty string is a string too
    CHECK(in.intern("") == 5003);
}

TEST_CASE("TopK over growing scores equals a full sort, ties to the smaller id") {
    std::mt19937 rng(11);
    insights_detail::TopK<uint64_t> top;
    top.reset(10);
    std::vector<uint64_t> score(300, 0);
    for (int step = 0; step < 20000; ++step) {
        // Skewed: low ids grow faster, so the top set keeps changing early on.
        const uint32_t id =
            static_cast<uint32_t>(std::min<unsigned>(299, rng() % 300 * (rng() % 3 + 1) / 3));
        score[id] += 1 + rng() % 3;
        top.update(id, score[id]);
    }
    std::vector<uint32_t> all(300);
    for (uint32_t i = 0; i < 300; ++i)
        all[i] = i;
    std::sort(all.begin(), all.end(), [&](uint32_t a, uint32_t b) {
        return score[a] != score[b] ? score[a] > score[b] : a < b;
    });
    const auto got = top.sorted();
    REQUIRE(got.size() == 10);
    for (size_t i = 0; i < 10; ++i) {
        CHECK(got[i].id == all[i]);
        CHECK(got[i].score == score[all[i]]);
    }
}

TEST_CASE("stop-word lists apply by the post's language, English and social noise always") {
    CHECK(is_stop_word("the", "en"));
    CHECK(is_stop_word("está", "es"));
    CHECK(is_stop_word("très", "fr"));
    CHECK(is_stop_word("über", "de"));
    CHECK(is_stop_word("não", "pt-BR"));
    CHECK(is_stop_word("the", "de"));       // English is mixed into every language
    CHECK(is_stop_word("rt", "fr"));        // social noise everywhere
    CHECK_FALSE(is_stop_word("hat", "en")); // German "hat" is an English word
    CHECK(is_stop_word("hat", "de"));
    CHECK(is_stop_word("hat", "und")); // unknown language: every list
    CHECK(is_stop_word("hat", ""));
    CHECK_FALSE(is_stop_word("coffee"));
    CHECK(stop_word_lists("a") == (StopEnglish | StopSpanish | StopPortuguese | StopItalian));
    CHECK(stop_lists_for_language("EN-gb") == (StopEnglish | StopSocial));
}

// [SECTION] Panels on hand-built sets

TEST_CASE("Who: top authors by mentions, reach, engagement and influence; new vs returning") {
    InsightsConfig cfg;
    cfg.from = kMonday;
    cfg.to = kMonday + 7 * kDay;
    InsightsAccumulator acc(cfg);
    auto with = [](Mention m, int64_t likes, int64_t reposts, int64_t replies, int64_t quotes) {
        m.metrics.likes = likes;
        m.metrics.reposts = reposts;
        m.metrics.replies = replies;
        m.metrics.quotes = quotes;
        return m;
    };
    acc.add(with(by(mention("a1", kMonday + kHour), "1", 100), 5, 1, 0, 0));
    acc.add(with(by(mention("a2", kMonday + 2 * kHour), "1", 150), 2, 0, 0, 0));
    acc.add(with(by(mention("a3", kMonday + 3 * kHour), "1"), 0, 0, 1, 0));
    acc.add(with(by(mention("b1", kMonday + kHour), "2", 10000), 0, 0, 0, 0));
    acc.add(with(by(mention("c1", kMonday + 5000), "3"), 10, 0, 0, 2));
    acc.add(with(by(mention("c2", kMonday + 6000), "3"), 3, 0, 0, 0));

    WhoPanel who = acc.who(10);
    CHECK(who.authors == 3);
    CHECK(who.new_authors == 3); // nobody seen before the window yet
    CHECK(who.returning_authors == 0);
    CHECK(handles(who.by_mentions) == std::vector<std::string>{"user1", "user3", "user2"});
    CHECK(who.by_mentions[0].mentions == 3);
    CHECK(handles(who.by_reach) ==
          std::vector<std::string>{"user2", "user1"}); // unknown followers left out
    CHECK(who.by_reach[1].followers == 150);           // the largest seen
    CHECK(handles(who.by_engagement) == std::vector<std::string>{"user3", "user1", "user2"});
    CHECK(who.by_engagement[0].engagement == 15);
    CHECK(who.by_engagement[1].engagement == 9);
    // influence = log10(followers + 1) × mentions × (1 + log10(1 + engagement / mentions))
    const double alice = std::log10(151.0) * 3 * (1 + std::log10(1 + 9.0 / 3));
    const double bob = std::log10(10001.0) * 1 * (1 + std::log10(1.0));
    REQUIRE(who.influencers.size() == 3);
    CHECK(who.influencers[0].handle == "user1");
    CHECK(who.influencers[0].influence == Approx(alice));
    CHECK(who.influencers[1].influence == Approx(bob));
    CHECK(who.influencers[2].influence == 0); // followers unknown
    CHECK(acc.extent().potential_reach == 10150);

    // An older mention by user1 arriving late: user1 turns out to be returning.
    acc.add(by(mention("a0", kMonday - kDay), "1", 120));
    who = acc.who(10);
    CHECK(who.new_authors == 2);
    CHECK(who.returning_authors == 1);
    CHECK_FALSE(who.by_mentions[0].is_new);
    CHECK(who.by_mentions[0].mentions == 3); // the old mention is history, not window
    CHECK(acc.extent().potential_reach == 10150);
    CHECK(acc.who(2).by_mentions.size() == 2);
}

TEST_CASE("What: terms without stop words in five languages, hashtags, links, domains") {
    InsightsConfig cfg;
    cfg.extra_stop_words = {"Harbour Bean"};
    InsightsAccumulator acc(cfg);
    Mention m1 = mention(
        "1", kMonday,
        "The LATTE at Harbour Bean was great, the latte!! https://t.co/abc #Coffee @harbourbean");
    m1.hashtags = {"Coffee"};
    m1.urls = {"https://www.Example.com/menu/?utm_source=tw&size=large#top"};
    m1.domains = {"example.com"};
    Mention m2 = mention("2", kMonday, "El café está muy rico y el latte también", "es");
    m2.hashtags = {"coffee"};
    m2.urls = {"http://example.com/menu?size=large"};
    m2.domains = {"example.com"};
    Mention m3 = mention("3", kMonday, "Der Kaffee ist sehr gut, latte auch", "de");
    m3.hashtags = {"COFFEE", "Kaffee", "coffee"}; // the same tag twice in one post counts once
    Mention m4 = mention("4", kMonday, "Le croissant est très bon", "fr");
    m4.hashtags = {"Coffee"};
    Mention m5 = mention("5", kMonday, "O pão de queijo é muito bom", "pt");
    for (const Mention* m : {&m1, &m2, &m3, &m4, &m5})
        acc.add(*m);

    const WhatPanel what = acc.what(20);
    const std::map<std::string, uint64_t> expected = {
        {"latte", 3},     {"great", 1}, {"café", 1}, {"rico", 1},   {"kaffee", 1}, {"gut", 1},
        {"croissant", 1}, {"bon", 1},   {"pão", 1},  {"queijo", 1}, {"bom", 1}};
    CHECK(as_map(what.terms) == expected);
    REQUIRE_FALSE(what.terms.empty());
    CHECK(what.terms[0].label == "latte");
    REQUIRE(what.hashtags.size() == 2);
    CHECK(what.hashtags[0].label == "Coffee"); // the commonest spelling of #coffee
    CHECK(what.hashtags[0].count == 4);
    CHECK(what.hashtags[1].label == "Kaffee");
    REQUIRE(what.links.size() == 1);
    CHECK(what.links[0].label == "example.com/menu?size=large");
    CHECK(what.links[0].count == 2);
    CHECK(as_map(what.domains) == std::map<std::string, uint64_t>{{"example.com", 2}});
    CHECK(acc.what(3).terms.size() == 3);
}

TEST_CASE("What: co-occurring term pairs") {
    InsightsAccumulator acc;
    acc.add(mention("1", kMonday, "latte cake"));
    acc.add(mention("2", kMonday, "cake and a latte, tea"));
    acc.add(mention("3", kMonday, "tea with latte"));
    acc.add(mention("4", kMonday, "scone"));
    const auto pairs = acc.what(10).pairs;
    std::map<std::pair<std::string, std::string>, uint32_t> got;
    for (const TermPair& p : pairs)
        got[{std::min(p.a, p.b), std::max(p.a, p.b)}] = p.count;
    const std::map<std::pair<std::string, std::string>, uint32_t> expected = {
        {{"cake", "latte"}, 2}, {{"latte", "tea"}, 2}, {{"cake", "tea"}, 1}};
    CHECK(got == expected);
    REQUIRE(pairs.size() == 3);
    CHECK(pairs[2].count == 1); // most frequent first
}

TEST_CASE("link normalisation keeps what identifies the page") {
    std::string out;
    insights_detail::normalize_link(
        "HTTPS://WWW.Example.COM:443/Menu/?utm_campaign=x&id=7&fbclid=y#frag", out);
    CHECK(out == "example.com/Menu?id=7");
    insights_detail::normalize_link("https://x.com/bean/status/123?s=20&t=abc", out);
    CHECK(out == "x.com/bean/status/123");
    insights_detail::normalize_link("https://shop.example.com/?s=coffee",
                                    out); // "s" is a search elsewhere
    CHECK(out == "shop.example.com?s=coffee");
    insights_detail::normalize_link("", out);
    CHECK(out.empty());
}

TEST_CASE(
    "When: hourly and daily volume by sentiment in the owner's time zone, hour-of-week grid") {
    InsightsConfig cfg;
    cfg.utc_offset_minutes = 60; // CET
    InsightsAccumulator acc(cfg);
    auto felt = [](Mention m, std::optional<float> s) {
        m.sentiment = s;
        return m;
    };
    // Sunday 2024-01-07 23:30 UTC is Monday 00:30 in CET.
    const int64_t sun2330 = kMonday + 6 * kDay + 23 * kHour + 30 * 60;
    acc.add(felt(mention("1", sun2330), 0.5f));
    acc.add(felt(mention("2", sun2330 + 10 * 60), -0.5f));
    // Just inside the one neutral band every view shares (sentiment_polarity).
    acc.add(felt(mention("3", sun2330 + 20 * 60), 0.049f));
    acc.add(felt(mention("4", sun2330 + 2 * kHour), std::nullopt)); // unknown: its own count
    acc.add(felt(mention("5", 0), 0.9f));                       // no time: undated

    const WhenPanel when = acc.when();
    CHECK(when.undated == 1);
    REQUIRE(when.hourly.size() == 3); // 00:00, (01:00 empty), 02:00 local
    CHECK(when.hourly[0].start == sun2330 - 30 * 60);
    CHECK(when.hourly[0].counts.positive == 1);
    CHECK(when.hourly[0].counts.negative == 1);
    CHECK(when.hourly[0].counts.neutral == 1);
    CHECK(when.hourly[1].counts.total() == 0);
    CHECK(when.hourly[2].counts.neutral == 0); // unknown tone is not neutral
    CHECK(when.hourly[2].counts.unknown == 1);
    CHECK(when.hourly[2].counts.total() == 1);
    CHECK_FALSE(when.hourly[2].mean_sentiment().has_value());
    REQUIRE(when.daily.size() == 1);
    CHECK(when.daily[0].start == kMonday + 7 * kDay - kHour); // local midnight in UTC
    CHECK(when.daily[0].counts.total() == 4);
    CHECK(*when.daily[0].mean_sentiment() == Approx((0.5 - 0.5 + 0.049) / 3));
    CHECK(when.hour_of_week[0][0] == 3); // Monday 00:xx
    CHECK(when.hour_of_week[0][2] == 1);
    uint32_t total = 0;
    for (const auto& day : when.hour_of_week)
        for (uint32_t c : day)
            total += c;
    CHECK(total == 4);

    // The same instants for an owner in New York (UTC-5): Sunday 18:30.
    cfg.utc_offset_minutes = -300;
    CHECK(acc.configure(cfg)); // rows kept, recounted
    CHECK(acc.when().hour_of_week[6][18] == 3);
    CHECK(acc.when().hourly[0].start == sun2330 - 30 * 60);

    const ExtentPanel extent = acc.extent();
    REQUIRE(extent.sentiment_trend.size() == 1);
    CHECK(extent.sentiment_trend[0].known == 3);
}

TEST_CASE("Where: places, countries, normalised locations and the local share") {
    InsightsConfig cfg;
    cfg.local.town = "Brighton";
    cfg.local.aliases = {"Hove"};
    cfg.local.country_code = "GB";
    cfg.local.bbox = std::array<double, 4>{-0.25, 50.80, -0.05, 50.87};
    InsightsAccumulator acc(cfg);
    auto from = [](const std::string& id, const std::string& location) {
        Mention m = by(mention(id, kMonday), id);
        m.author.location = location;
        return m;
    };
    acc.add(from("1", "Brighton, UK"));
    acc.add(from("2", "brighton"));
    acc.add(from("3", "NYC"));
    Mention m4 = mention("4", kMonday);
    m4.place = Place{};
    m4.place->name = "Brighton";
    m4.place->full_name = "Brighton, England";
    m4.place->country_code = "GB";
    acc.add(m4);
    Mention m5 = mention("5", kMonday);
    m5.place = Place{};
    m5.place->name = "Kemptown";
    m5.place->full_name = "Kemptown, England";
    m5.place->country_code = "gb";
    m5.place->lat = 50.82;
    m5.place->lon = -0.12;
    acc.add(m5);
    acc.add(mention("6", kMonday));
    acc.add(from("7", "Brighton, MA"));
    acc.add(from("8", "🌍 Worldwide"));

    const WherePanel where = acc.where(10);
    CHECK(where.total == 8);
    CHECK(where.with_location == 6);
    CHECK(where.local == 4);
    CHECK(where.near == 1);
    CHECK(where.local_share() == Approx(4.0 / 6));
    CHECK(as_map(where.locations) ==
          std::map<std::string, uint64_t>{{"brighton", 3}, {"new york", 1}});
    CHECK(as_map(where.places) ==
          std::map<std::string, uint64_t>{{"Brighton, England", 1}, {"Kemptown, England", 1}});
    CHECK(as_map(where.countries) == std::map<std::string, uint64_t>{{"GB", 3}, {"US", 2}});
    CHECK(where.countries[0].label == "GB");

    // Another town is applied as rows are made: the rows go and must be added again.
    cfg.local.town = "Lewes";
    CHECK_FALSE(acc.configure(cfg));
    CHECK(acc.rows() == 0);
}

TEST_CASE("Why: intents this period against the previous one") {
    InsightsConfig cfg;
    cfg.from = kMonday;
    cfg.to = kMonday + kDay;
    InsightsAccumulator acc(cfg);
    auto wants = [](const std::string& id, int64_t t, uint8_t intents) {
        Mention m = mention(id, t);
        m.intents = intents;
        return m;
    };
    acc.add(wants("p1", kMonday - 10 * kHour, IntentComplaint));
    acc.add(wants("p2", kMonday - 5 * kHour, IntentComplaint));
    acc.add(wants("p3", kMonday - kDay, IntentQuestion)); // the previous period's first second
    acc.add(wants("p4", kMonday - 1, 0));
    acc.add(wants("old", kMonday - kDay - 1, IntentComplaint)); // before both periods
    acc.add(wants("c1", kMonday, IntentComplaint));
    acc.add(wants("c2", kMonday + kHour, IntentComplaint | IntentQuestion));
    acc.add(wants("c3", kMonday + 2 * kHour, IntentComplaint));
    acc.add(wants("c4", kMonday + 3 * kHour, IntentPraise));
    acc.add(wants("c5", kMonday + kDay - 1, 0));
    acc.add(wants("late", kMonday + kDay, IntentComplaint)); // at `to`: ignored

    const WhyPanel why = acc.why();
    CHECK(why.has_previous);
    CHECK(why.total == 5);
    CHECK(why.previous_total == 4);
    CHECK(why.without_intent == 1);
    const IntentTrend& complaint = why.intents[0];
    CHECK(std::string(intent_name(complaint.bit)) == "complaint");
    CHECK(complaint.count == 3);
    CHECK(complaint.previous == 2);
    REQUIRE(complaint.change.has_value());
    CHECK(*complaint.change == Approx(0.5));
    CHECK(why.intents[1].count == 1);
    CHECK(why.intents[1].previous == 1);
    CHECK(*why.intents[1].change == Approx(0.0));
    CHECK(why.intents[2].count == 1);
    CHECK_FALSE(why.intents[2].change.has_value()); // none before: no ratio
    CHECK(acc.extent().previous_mentions == 4);

    InsightsAccumulator open; // no finite window: no previous period
    open.add(wants("x", kMonday, IntentComplaint));
    CHECK_FALSE(open.why().has_previous);
    CHECK_FALSE(open.why().intents[0].change.has_value());
}

TEST_CASE("How: kinds, sources, media and links") {
    InsightsAccumulator acc;
    auto shaped = [](const std::string& id, Kind k, Source s, bool media, bool link) {
        Mention m = mention(id, kMonday);
        m.kind = k;
        m.source = s;
        m.has_media = media;
        if (link)
            m.urls = {"https://example.com"};
        return m;
    };
    acc.add(shaped("1", Kind::Original, Source::X, true, false));
    acc.add(shaped("2", Kind::Original, Source::Bsky, false, true));
    acc.add(shaped("3", Kind::Reply, Source::X, false, false));
    acc.add(shaped("4", Kind::Repost, Source::Mastodon, true, false));
    acc.add(shaped("5", Kind::Quote, Source::X, false, false));
    const HowPanel how = acc.how();
    CHECK(how.total == 5);
    CHECK(how.kinds == std::array<uint32_t, 4>{2, 1, 1, 1});
    CHECK(how.sources == std::array<uint32_t, 4>{3, 1, 1, 0});
    CHECK(how.kinds_by_source[0] == std::array<uint32_t, 4>{1, 1, 0, 1});
    CHECK(how.with_media == 2);
    CHECK(how.with_links == 1);
}

TEST_CASE("To what extent: reach, engagement, sentiment and share of voice; focus") {
    InsightsConfig cfg;
    cfg.focus = 1; // the business's listener
    cfg.business_listener = 0;
    cfg.competitor_listeners = {1, 2};
    InsightsAccumulator acc(cfg);
    Mention a = by(mention("1", kMonday), "a", 100);
    a.metrics.likes = 1;
    a.sentiment = 0.5f;
    Mention b = by(mention("2", kMonday), "b", 50);
    b.metrics.likes = 2;
    b.metrics.impressions = 1000;
    b.sentiment = -0.5f;
    Mention c = by(mention("3", kMonday), "c", 200);
    acc.add(a, 0b0001);
    acc.add(b, 0b0001);
    acc.add(c, 0b0011); // business and competitor 1
    acc.add(by(mention("4", kMonday), "d", 5000), 0b0010);
    acc.add(by(mention("5", kMonday), "e", 5000), 0b0100);
    acc.add(by(mention("6", kMonday), "f", 5000), 0b0100);
    acc.add(by(mention("7", kMonday), "g", 5000), 0b1000); // an area listener: not a voice

    const ExtentPanel e = acc.extent();
    CHECK(e.mentions == 3); // only the focus
    CHECK(acc.in_window() == 3);
    CHECK(e.potential_reach == 350);
    CHECK(e.likes == 3);
    CHECK(e.engagement == 3);
    CHECK(e.impressions == 1000);
    CHECK(e.impressions_known == 1);
    CHECK(*e.mean_sentiment == Approx(0.0));
    REQUIRE(e.share_of_voice.size() == 3);
    CHECK(e.share_of_voice[0].business);
    CHECK(e.share_of_voice[0].mentions == 3);
    CHECK(e.share_of_voice[0].share == Approx(3.0 / 7));
    CHECK(e.share_of_voice[1].listener == 1);
    CHECK(e.share_of_voice[1].mentions == 2);
    CHECK(e.share_of_voice[2].share == Approx(2.0 / 7));
    CHECK(acc.who(10).authors == 3);
}

TEST_CASE("refresh: fresher metrics are counted after a recount") {
    InsightsAccumulator acc;
    Mention m = by(mention("1", kMonday), "a", 10);
    m.metrics.likes = 1;
    acc.add(m, 1);
    m.metrics.likes = 40;
    m.author.followers = 900;
    acc.refresh(0, m, 2);
    CHECK(acc.needs_recount());
    CHECK(acc.extent().likes == 1);
    acc.recount();
    CHECK_FALSE(acc.needs_recount());
    CHECK(acc.extent().likes == 40);
    CHECK(acc.extent().potential_reach == 900);
}

// [SECTION] Against brute force and against each other

namespace {

const char* const kWords[] = {"latte",     "cake",     "tea",  "scone", "queue",  "slow",
                              "great",     "staff",    "oat",  "milk",  "brunch", "vegan",
                              "table",     "music",    "dog",  "wifi",  "the",    "and",
                              "was",       "with",     "very", "is",    "to",     "of",
                              "croissant", "espresso", "cold", "hot",   "price",  "sunny"};

std::vector<Mention> random_mentions(uint32_t seed, size_t n) {
    std::mt19937 rng(seed);
    std::vector<Mention> out;
    for (size_t i = 0; i < n; ++i) {
        std::string text;
        const int words = 1 + static_cast<int>(rng() % 9);
        for (int w = 0; w < words; ++w)
            text += std::string(w ? " " : "") + kWords[rng() % 30 * (rng() % 2 + 1) / 2];
        Mention m = by(mention("m" + std::to_string(i),
                               kMonday + static_cast<int64_t>(rng() % (14 * kDay)), text),
                       std::to_string(rng() % 60), static_cast<int64_t>(rng() % 5000));
        m.metrics.likes = rng() % 7;
        if (rng() % 3 == 0)
            m.hashtags = {rng() % 2 ? "Coffee" : "coffee"};
        if (rng() % 4 == 0)
            m.author.location = rng() % 2 ? "Brighton, UK" : "London";
        if (rng() % 5)
            m.sentiment = static_cast<float>(static_cast<int>(rng() % 200) - 100) / 100.0f;
        m.intents = static_cast<uint8_t>(rng() % 128);
        m.kind = static_cast<Kind>(rng() % 4);
        out.push_back(m);
    }
    return out;
}

/// The counts at each rank are exact whatever the tie order; labels are compared where
/// a count is unique in both lists.
void same_ranking(const std::vector<RankedItem>& a, const std::vector<RankedItem>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i)
        CHECK(a[i].count == b[i].count);
    CHECK(as_map(a) == as_map(b));
}

void same_panels(const InsightsAccumulator& x, const InsightsAccumulator& y) {
    const WhatPanel wx = x.what(15), wy = y.what(15);
    same_ranking(wx.terms, wy.terms);
    same_ranking(wx.hashtags, wy.hashtags);
    REQUIRE(wx.pairs.size() == wy.pairs.size());
    for (size_t i = 0; i < wx.pairs.size(); ++i)
        CHECK(wx.pairs[i].count == wy.pairs[i].count);
    const WhoPanel hx = x.who(10), hy = y.who(10);
    CHECK(hx.authors == hy.authors);
    CHECK(hx.new_authors == hy.new_authors);
    CHECK(hx.returning_authors == hy.returning_authors);
    REQUIRE(hx.by_mentions.size() == hy.by_mentions.size());
    for (size_t i = 0; i < hx.by_mentions.size(); ++i) {
        CHECK(hx.by_mentions[i].mentions == hy.by_mentions[i].mentions);
        CHECK(hx.by_engagement[i].engagement == hy.by_engagement[i].engagement);
        CHECK(hx.influencers[i].influence == Approx(hy.influencers[i].influence));
    }
    CHECK(x.extent().potential_reach == y.extent().potential_reach);
    CHECK(x.extent().likes == y.extent().likes);
    CHECK(x.why().total == y.why().total);
    for (int b = 0; b < kIntentCount; ++b)
        CHECK(x.why().intents[b].count == y.why().intents[b].count);
    CHECK(x.how().kinds == y.how().kinds);
    const WhenPanel nx = x.when(), ny = y.when();
    REQUIRE(nx.hourly.size() == ny.hourly.size());
    for (size_t i = 0; i < nx.hourly.size(); ++i) {
        CHECK(nx.hourly[i].start == ny.hourly[i].start);
        CHECK(nx.hourly[i].counts.negative == ny.hourly[i].counts.negative);
        CHECK(nx.hourly[i].counts.total() == ny.hourly[i].counts.total());
    }
    CHECK(nx.hour_of_week == ny.hour_of_week);
    CHECK(x.where(5).local == y.where(5).local);
    same_ranking(x.where(5).locations, y.where(5).locations);
}

} // namespace

TEST_CASE("top terms and pairs equal a brute-force count") {
    const std::vector<Mention> ms = random_mentions(3, 800);
    InsightsAccumulator acc;
    std::map<std::string, uint64_t> terms;
    std::map<std::pair<std::string, std::string>, uint32_t> pairs;
    for (const Mention& m : ms) {
        acc.add(m);
        std::istringstream in(m.text);
        std::set<std::string> distinct;
        for (std::string w; in >> w;)
            if (!is_stop_word(w, "en"))
                distinct.insert(w);
        for (const std::string& w : distinct)
            ++terms[w];
        for (auto i = distinct.begin(); i != distinct.end(); ++i)
            for (auto j = std::next(i); j != distinct.end(); ++j)
                ++pairs[{*i, *j}];
    }
    std::vector<uint64_t> counts;
    for (auto& [w, c] : terms)
        counts.push_back(c);
    std::sort(counts.rbegin(), counts.rend());
    std::vector<uint32_t> pair_counts;
    for (auto& [p, c] : pairs)
        pair_counts.push_back(c);
    std::sort(pair_counts.rbegin(), pair_counts.rend());

    const WhatPanel what = acc.what(12);
    REQUIRE(what.terms.size() == 12);
    for (size_t i = 0; i < 12; ++i) {
        CHECK(what.terms[i].count == counts[i]);
        CHECK(terms[what.terms[i].label] == what.terms[i].count);
    }
    REQUIRE(what.pairs.size() == 12); // fewer than 64 terms: every pair is counted exactly
    for (size_t i = 0; i < 12; ++i) {
        CHECK(what.pairs[i].count == pair_counts[i]);
        const auto key = std::make_pair(std::min(what.pairs[i].a, what.pairs[i].b),
                                        std::max(what.pairs[i].a, what.pairs[i].b));
        CHECK(pairs[key] == what.pairs[i].count);
    }
}

TEST_CASE("incremental, bulk and recounted panels agree") {
    const std::vector<Mention> ms = random_mentions(5, 3000); // above the bulk threshold
    InsightsConfig cfg;
    cfg.from = kMonday + 3 * kDay;
    cfg.to = kMonday + 12 * kDay;
    cfg.utc_offset_minutes = 330;
    cfg.local.town = "Brighton";

    InsightsAccumulator one_by_one(cfg);
    MentionStore store;
    for (const Mention& m : ms) {
        one_by_one.add(m, 1);
        store.upsert(m, 1);
    }
    InsightsAccumulator bulk(cfg);
    bulk.rebuild(store);
    same_panels(one_by_one, bulk);

    // A new window, recounted from rows, equals one built with that window from the start.
    InsightsConfig later = cfg;
    later.from += 2 * kDay;
    later.new_since = kMonday;
    REQUIRE(bulk.configure(later));
    InsightsAccumulator fresh(later);
    for (const Mention& m : ms)
        fresh.add(m, 1);
    same_panels(bulk, fresh);

    // A filter: selecting rows equals adding with those rows selected.
    std::vector<uint32_t> even;
    InsightsAccumulator filtered(later);
    for (uint32_t i = 0; i < ms.size(); ++i) {
        if (i % 2 == 0)
            even.push_back(i);
        filtered.add(ms[i], 1, i % 2 == 0);
    }
    bulk.select(even);
    same_panels(bulk, filtered);
    bulk.select_all();
    same_panels(bulk, fresh);
}
