// Spend guard tests: accounting across UTC day and month boundaries, caps that
// stop a run before it passes them (with the message), poll groups' shared
// pages (billed once, charged per member, the smallest allowance), the estimate
// from X's counts endpoint (real recordings in ../shared/fixtures), and JSON
// round trips.
#include "core/listen/spend.hpp"
#include "core/ingest/x_v2.hpp"

#include "fixtures.hpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace earshot::core;

namespace {

constexpr int64_t kNov26 = 1795687200;     // 2026-11-26T10:00:00Z
constexpr int64_t kNov30Late = 1796083140; // 2026-11-30T23:59:00Z
constexpr int64_t kDec1 = 1796083200;      // 2026-12-01T00:00:00Z
constexpr int64_t kDec31Late = 1798761540; // 2026-12-31T23:59:00Z

std::string fixtures() {
    return EARSHOT_FIXTURES;
}
bool have_fixtures() {
    return std::filesystem::exists(fixtures() + "/x-v2/test_client_get_recent_tweets_count.json");
}
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Listener listener(const std::string& id, uint64_t daily_cap = 0) {
    Listener l{id, "Listener " + id, "coffee", "", 0, 0, false};
    l.daily_cap_posts = daily_cap;
    return l;
}

} // namespace

TEST_CASE("money and counts read as the owner expects") {
    CHECK(format_money(5 * kMicrosPerDollar) == "$5.00");
    CHECK(format_money(5'000) == "$0.005");
    CHECK(format_money(2'055'000) == "$2.055");
    CHECK(format_money(1'234'500'000) == "$1,234.50");
    CHECK(format_money(0) == "$0.00");
    CHECK(format_count(1000) == "1,000");
    CHECK(format_count(999) == "999");
    CHECK(format_count(1234567) == "1,234,567");
}

TEST_CASE("UTC days and calendar months") {
    CHECK(utc_month(kNov30Late) + 1 == utc_month(kDec1));
    CHECK(utc_day(kNov30Late) + 1 == utc_day(kDec1));
    CHECK(start_of_next_month(kNov26) == kDec1);
    CHECK(start_of_next_month(kNov30Late) == kDec1);
    CHECK(start_of_next_day(kNov30Late) == kDec1);
    CHECK(start_of_next_month(kDec31Late) == kDec31Late + 60); // 2027-01-01
    CHECK(format_day_month(kDec1) == "1 December");
    CHECK(format_day_month(kDec31Late + 60) == "1 January");
    CHECK(format_day_month(1709164800) == "29 February"); // 2024, a leap year
    CHECK(utc_day(-1) == -1);
}

TEST_CASE("reads are counted per listener, per UTC day and per calendar month") {
    SpendGuard g;
    g.record("area", 50, kNov30Late);
    g.record("trade", 10, kNov30Late);
    const ListenerSpend nov = g.listener("area", kNov30Late);
    CHECK(nov.today.posts == 50);
    CHECK(nov.month.posts == 50);
    CHECK(nov.month.spent == 250'000);
    CHECK(g.month(kNov30Late).posts == 60);

    g.record("area", 20, kDec1 + 60);

    const ListenerSpend dec = g.listener("area", kDec1 + 120);
    CHECK(dec.today.posts == 20);
    CHECK(dec.month.posts == 20);
    CHECK(dec.month.spent == 100'000);
    CHECK(dec.all_time.posts == 70);
    CHECK(dec.all_time.spent == 350'000);
    CHECK(g.month(kDec1 + 120).posts == 20);
    CHECK(g.today(kDec1 + 120).posts == 20);
    CHECK(g.listener("trade", kDec1).month.posts == 0);
    CHECK(g.listener("nobody", kDec1).all_time.posts == 0);

    // A new price applies from now on; what was spent stays as charged.
    REQUIRE(g.set_settings({10'000, 5 * kMicrosPerDollar}).ok());
    g.record("area", 10, kDec1 + 180);
    CHECK(g.listener("area", kDec1 + 180).month.spent == 100'000 + 100'000);
    CHECK_FALSE(g.set_settings({-1, 0}).ok());
    CHECK_FALSE(g.set_settings({5'000, -1}).ok());
    CHECK(g.settings().price_per_post == 10'000);
}

TEST_CASE("the monthly cap stops a run before it is passed, with the message") {
    SpendGuard g; // $0.005 a post, $5.00 a month: 1,000 posts
    const Listener l = listener("area");
    CHECK(g.monthly_cap_posts() == 1000);
    Allowance a = g.allowance(l, kNov26);
    CHECK(a.ok());
    CHECK(a.max_results == 100);

    g.record("area", 950, kNov26);
    a = g.allowance(l, kNov26);
    CHECK(a.ok());
    CHECK(a.posts == 50);
    CHECK(a.max_results == 50); // asks for no more than is left

    g.record("area", 45, kNov26);
    a = g.allowance(l, kNov26);
    CHECK_FALSE(a.ok()); // 5 left, but X's smallest page is 10
    CHECK(a.stopped_by == CapKind::MonthlyCap);
    CHECK(a.max_results == 0);
    CHECK(a.message.find("all but reached ($4.975 spent") != std::string::npos);

    g.record("other", 5, kNov26);
    a = g.allowance(l, kNov26);
    CHECK(a.until == kDec1);
    CHECK(a.message == "Stopped: the monthly cap of $5.00 is reached (1,000 posts). Raise it in "
                       "Settings or wait until 1 December.");

    // A new month starts afresh.
    CHECK(g.allowance(l, kDec1).ok());

    // Raising the cap lets it continue at once.
    REQUIRE(g.set_settings({5'000, 10 * kMicrosPerDollar}).ok());
    CHECK(g.allowance(l, kNov26).max_results == 100);
}

TEST_CASE("the daily cap is per listener and lifts at UTC midnight") {
    SpendGuard g;
    const Listener a = listener("a", 100), b = listener("b", 100);
    g.record("a", 60, kNov30Late);
    CHECK(g.allowance(a, kNov30Late).max_results == 40);
    g.record("a", 40, kNov30Late);
    const Allowance stop = g.allowance(a, kNov30Late);
    CHECK(stop.stopped_by == CapKind::DailyCap);
    CHECK(stop.until == kDec1);
    CHECK(stop.message ==
          "Stopped: the daily cap of 100 posts ($0.50) for Listener a is reached. Raise it in the "
          "listener's settings or wait until tomorrow (midnight UTC).");
    CHECK(g.allowance(b, kNov30Late).ok());
    CHECK(g.allowance(a, kDec1).ok());
    g.record("b", 93, kNov30Late);
    CHECK(g.allowance(b, kNov30Late).message.find("all but reached (93 read") != std::string::npos);
}

TEST_CASE("a run guarded page by page never reads past a cap") {
    // Whatever the starting point, pages sized by the allowance end exactly at
    // the cap or at most 9 posts short of it, never beyond.
    for (uint64_t already : {0u, 3u, 5u, 91u, 995u, 999u}) {
        for (uint64_t daily : {0u, 25u, 137u}) {
            SpendGuard g;
            const Listener l = listener("l", daily);
            g.record("x", already, kNov26);
            int pages = 0;
            for (Allowance a = g.allowance(l, kNov26); a.ok() && pages < 100;
                 a = g.allowance(l, kNov26), ++pages) {
                REQUIRE(a.max_results >= 10);
                REQUIRE(a.max_results <= 100);
                g.record("l", static_cast<uint64_t>(a.max_results),
                         kNov26); // X returns a full page
            }
            INFO("already " << already << ", daily cap " << daily);
            CHECK(g.month(kNov26).spent <= g.settings().monthly_cap);
            if (daily)
                CHECK(g.listener("l", kNov26).today.posts <= daily);
            const uint64_t room = std::min<uint64_t>(1000 - already, daily ? daily : UINT64_MAX);
            CHECK(room - g.listener("l", kNov26).today.posts < 10);
        }
    }
}

TEST_CASE("a shared page is billed once for the workspace and charged to each member it matches") {
    SpendGuard g;
    // A poll group read 40 posts: 30 match "area", 25 match "questions" (15 both).
    g.record_shared(40, {{"area", 30}, {"questions", 25}, {"business", 0}}, kNov26);
    CHECK(g.month(kNov26).posts == 40);
    CHECK(g.month(kNov26).spent == 200'000);
    CHECK(g.today(kNov26).posts == 40);
    CHECK(g.listener("area", kNov26).today.posts == 30);
    CHECK(g.listener("area", kNov26).month.spent == 150'000);
    CHECK(g.listener("questions", kNov26).all_time.posts == 25);
    // Per-listener figures add up to more than the workspace paid.
    CHECK(g.listener("area", kNov26).month.posts + g.listener("questions", kNov26).month.posts >
          g.month(kNov26).posts);
    // A member charged nothing gets no entry (nothing to store).
    CHECK(nlohmann::json::parse(g.to_json())["listeners"].count("business") == 0);
    // The stored shape is unchanged (version 1): a record written before groups reads back.
    Result<SpendGuard> back = SpendGuard::from_json(g.to_json());
    REQUIRE(back.ok());
    CHECK(back->month(kNov26).posts == 40);
    CHECK(back->listener("area", kNov26).today.posts == 30);
}

TEST_CASE("a group's allowance is its smallest member's, and stops when any member is stopped") {
    SpendGuard g;
    const Listener a = listener("a", 100), b = listener("b", 50), c = listener("c");
    g.record("a", 20, kNov26);
    g.record("b", 25, kNov26);
    Allowance both = g.allowance(std::vector<const Listener*>{&a, &b, &c}, kNov26);
    CHECK(both.ok());
    CHECK(both.posts == 25);
    CHECK(both.max_results == 25);
    CHECK(g.allowance(std::vector<const Listener*>{&c}, kNov26).max_results == 100);
    g.record("b", 20, kNov26);
    const Allowance stopped = g.allowance(std::vector<const Listener*>{&a, &b, &c}, kNov26);
    CHECK(stopped.stopped_by == CapKind::DailyCap);
    CHECK(stopped.message.find("for Listener b") != std::string::npos);
}

TEST_CASE("pages of a group guarded by its allowance never pass any member's cap") {
    // Every page may charge every member all of its posts (the worst case):
    // whatever the members' caps, nobody passes theirs and the month holds.
    for (uint64_t already : {0u, 7u, 990u}) {
        SpendGuard g;
        const Listener a = listener("a", 37), b = listener("b", 120), c = listener("c");
        const std::vector<const Listener*> members = {&a, &b, &c};
        g.record("someone", already, kNov26);
        int pages = 0;
        for (Allowance al = g.allowance(members, kNov26); al.ok() && pages < 200;
             al = g.allowance(members, kNov26), ++pages) {
            const uint64_t n = static_cast<uint64_t>(al.max_results);
            g.record_shared(n, {{"a", n}, {"b", n}, {"c", n}}, kNov26);
        }
        INFO("already " << already);
        CHECK(g.listener("a", kNov26).today.posts <= 37);
        const uint64_t room = std::min<uint64_t>(1000 - already, 37); // the month, or a's cap
        CHECK(room - g.listener("a", kNov26).today.posts < 10); // stopped less than a page short
        CHECK(g.listener("b", kNov26).today.posts <= 120);
        CHECK(g.month(kNov26).spent <= g.settings().monthly_cap);
    }
}

TEST_CASE("free sources, a cap of nothing and a price of nothing") {
    SpendGuard g;
    Listener free = listener("bsky");
    free.sources = source_bit(Source::Bsky);
    g.record("x", 1000, kNov26);
    CHECK(g.allowance(free, kNov26).ok());
    CHECK(g.estimate(free, 500, kNov26).text ==
          "Costs nothing: this listener reads no paid source.");

    SpendGuard none({5'000, 0});
    const Allowance a = none.allowance(listener("l"), kNov26);
    CHECK(a.stopped_by == CapKind::MonthlyCap);
    CHECK(a.until == 0);
    CHECK(a.message ==
          "Stopped: the monthly cap is $0.00, so nothing is read from X. Raise it in Settings.");

    SpendGuard demo({0, 0});
    CHECK(demo.allowance(listener("l"), kNov26).ok());
    CHECK(demo.monthly_cap_posts() == UINT64_MAX);
}

TEST_CASE("the estimate request asks only for what the next run would read") {
    Listener l = listener("l");
    l.query = "\"harbour bean\" -(snow OR day)";
    std::string p = counts_request_path(l, kNov26);
    CHECK(p == "/2/tweets/counts/recent?query=%22harbour%20bean%22%20-snow%20-day");

    l.newest_id = "1500";
    CHECK(counts_request_path(l, kNov26).find("&since_id=1500") != std::string::npos);

    l.resume = {"1500", "", "tok", "1900", "1600"};
    p = counts_request_path(l, kNov26);
    CHECK(p.find("&since_id=1500&until_id=1600") != std::string::npos);

    Listener quiet = listener("q");
    quiet.last_sync = kNov26 - 3600;
    CHECK(counts_request_path(quiet, kNov26).find("&start_time=2026-11-26T09%3A00%3A00Z") !=
          std::string::npos);
    quiet.last_sync = kNov26 - 8 * 86400; // beyond the 7-day window: the default window
    CHECK(counts_request_path(quiet, kNov26).find("start_time") == std::string::npos);
}

TEST_CASE("estimate from X's counts endpoint (recorded responses)") {
    if (!have_fixtures()) {
        earshot::test::fixtures_absent("the recorded counts tests");
        return;
    }
    const auto doc =
        nlohmann::json::parse(slurp(fixtures() + "/x-v2/test_client_get_recent_tweets_count.json"));
    const auto& ex = doc["interactions"][0];
    HttpResponse r;
    r.status = ex["status"].get<int>();
    r.body = ex["body"].dump();
    for (auto it = ex["headers"].begin(); it != ex["headers"].end(); ++it)
        r.headers[it.key()] = it.value();
    Result<PostCounts> counts = parse_counts(r);
    REQUIRE(counts.ok());
    CHECK(counts->total == 411);
    REQUIRE(counts->buckets.size() == 169);
    uint64_t sum = 0;
    for (const auto& b : counts->buckets)
        sum += b.posts;
    CHECK(sum == 411);
    int64_t start = 0;
    REQUIRE(parse_iso8601("2021-09-13T19:18:24.000Z", start));
    CHECK(counts->buckets.front().start == start);
    CHECK(counts->buckets.front().end - counts->buckets.front().start == 41 * 60 + 36); // to 20:00

    SpendGuard g;
    Listener l = listener("tweepy", 200);
    l.newest_id = "1437000000000000000";
    CostEstimate e = g.estimate(l, counts->total, kNov26);
    CHECK(e.cost == 2'055'000);
    CHECK(e.posts_within_caps == 200);
    CHECK(e.text.rfind("About 411 new posts since the last sync, $2.055. The caps let it read "
                       "about 200 of them now "
                       "($1.00)",
                       0) == 0);

    // twarc2 writes the same body as one JSON line, with its own envelope.
    std::string line = slurp(fixtures() + "/twarc/counts.jsonl");
    Result<PostCounts> twarc = parse_counts(std::string_view(line));
    REQUIRE(twarc.ok());
    CHECK(twarc->total == 771665);
    CHECK(twarc->buckets.size() == 169);
    l.daily_cap_posts = 0;
    l.newest_id.clear();
    e = g.estimate(l, twarc->total, kNov26);
    CHECK(e.text.rfind("About 771,665 posts in the last 7 days, $3,858.325.", 0) == 0);
    CHECK(e.posts_within_caps == 1000); // the monthly cap
}

TEST_CASE("counts failures say what happened") {
    HttpResponse r;
    r.transport_error = "connection refused";
    CHECK(parse_counts(r).error().find("connection refused") != std::string::npos);
    r.status = 429;
    CHECK(parse_counts(r).error().find("rate limit") != std::string::npos);
    r.status = 400;
    r.body =
        R"({"errors":[{"parameters":{"since_id":["1"]},"message":"Invalid 'since_id'"}],"title":"Invalid Request"})";
    const std::string e = parse_counts(r).error();
    CHECK(e.find("HTTP 400") != std::string::npos);
    CHECK(e.find("Invalid 'since_id'") != std::string::npos);
    CHECK_FALSE(parse_counts(std::string_view("<html>")).ok());
    // No data and zero total is a real answer: nothing to read.
    Result<PostCounts> zero = parse_counts(std::string_view(R"({"meta":{"total_tweet_count":0}})"));
    REQUIRE(zero.ok());
    CHECK(zero->total == 0);
    SpendGuard g;
    Listener l = listener("l");
    l.last_sync = kNov26 - 60;
    CHECK(g.estimate(l, 0, kNov26).text ==
          "No new posts since the last sync; the run costs nothing.");
}

TEST_CASE("the spend record round-trips through JSON; unknown versions are refused") {
    SpendGuard g({6'000, 7 * kMicrosPerDollar});
    g.record("area", 50, kNov30Late);
    g.record("area", 20, kDec1 + 60);
    g.record("trade", 5, kDec1 + 60);
    Result<SpendGuard> back = SpendGuard::from_json(g.to_json());
    REQUIRE(back.ok());
    CHECK(back->settings().price_per_post == 6'000);
    CHECK(back->settings().monthly_cap == 7 * kMicrosPerDollar);
    CHECK(back->listener("area", kDec1 + 120).today.posts == 20);
    CHECK(back->listener("area", kDec1 + 120).all_time.posts == 70);
    CHECK(back->listener("trade", kDec1 + 120).month.spent == 30'000);
    CHECK(back->month(kDec1 + 120).posts == 25);
    CHECK(back->today(kDec1 + 120).posts == 25);
    CHECK(back->to_json() == g.to_json());

    nlohmann::json doc = nlohmann::json::parse(g.to_json());
    doc["version"] = 2;
    Result<SpendGuard> newer = SpendGuard::from_json(doc.dump());
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().find("version 2") != std::string::npos);
    CHECK_FALSE(SpendGuard::from_json("{").ok());
    CHECK_FALSE(SpendGuard::from_json(R"({"format":"something-else","version":1})").ok());

    // Mistyped fields are read as absent, never thrown on.
    Result<SpendGuard> odd = SpendGuard::from_json(
        R"({"format":"earshot-spend","version":1,"price_per_post_micros":"cheap","month":{"key":12,"posts":"many"},
            "listeners":{"a":{"day":{"key":"2026-13-01","posts":5}},"b":7}})");
    REQUIRE(odd.ok());
    CHECK(odd->settings().price_per_post == 5'000);
    CHECK(odd->month(kNov26).posts == 0);
    CHECK(odd->listener("a", kNov26).today.posts == 0);
}

TEST_CASE("the spend record is written byte for byte as nlohmann's dump(1) writes it") {
    // The manifest holds the record as text, so its bytes are part of the stored format:
    // to_json() writes them by hand (it runs on every commit) and must not drift.
    SpendGuard fresh({5'000, 5 * kMicrosPerDollar});
    CHECK(nlohmann::json::parse(fresh.to_json()).dump(1) == fresh.to_json());
    SpendGuard g({6'000, 7 * kMicrosPerDollar});
    g.record("area", 50, kNov30Late);
    g.record("trade", 5, kDec1 + 60);
    g.record("quote\"and\\slash é", 3, kDec1 + 60);
    const std::string text = g.to_json();
    CHECK(nlohmann::json::parse(text).dump(1) == text);
    CHECK(nlohmann::json::parse(text)["listeners"].size() == 3);
}

TEST_CASE("a stored ledger with amounts no real ledger holds is refused as damaged, not added to") {
    SpendGuard g({5'000, 7 * kMicrosPerDollar});
    g.record("area", 50, kDec1 + 60);
    const nlohmann::json good = nlohmann::json::parse(g.to_json());
    const auto with = [&](const nlohmann::json::json_pointer& at, nlohmann::json value) {
        nlohmann::json doc = good;
        doc[at] = std::move(value);
        return SpendGuard::from_json(doc.dump());
    };
    using ptr = nlohmann::json::json_pointer;
    const Result<SpendGuard> huge_micros = with(ptr("/month/micros"), INT64_MAX - 10);
    REQUIRE_FALSE(huge_micros.ok());
    CHECK(huge_micros.error().find("damaged") != std::string::npos);
    CHECK_FALSE(with(ptr("/month/micros"), -1).ok());
    CHECK_FALSE(with(ptr("/month/posts"), UINT64_MAX).ok());
    CHECK_FALSE(with(ptr("/listeners/area/all_time/micros"), INT64_MAX).ok());
    CHECK_FALSE(with(ptr("/price_per_post_micros"), INT64_MAX).ok());
    CHECK_FALSE(with(ptr("/monthly_cap_micros"), INT64_MAX).ok());
    CHECK(with(ptr("/month/micros"), 999'000'000'000'000).ok()); // large but possible
    SpendGuard settings;
    CHECK_FALSE(settings.set_settings({INT64_MAX, 0}).ok());
}
