// Tests of alerts: the robust same-hour spike and surge tests on hand-built and seeded
// synthetic series (known spikes found, a strong daily rhythm raises nothing), and the
// monitor's per-mention alerts, de-duplication and wording.
#include "core/insights/alerts.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace earshot::core;

namespace {

constexpr int64_t kMonday = 1704067200; // 2024-01-01T00:00:00Z, a Monday
constexpr int64_t kHour = 3600, kDay = 86400;

/// Knuth's Poisson sampler on mt19937: the same numbers on every platform (the standard
/// library's poisson_distribution differs between libstdc++ and libc++).
uint32_t poisson(std::mt19937& rng, double lambda) {
    const double limit = std::exp(-lambda);
    double p = 1;
    uint32_t k = 0;
    for (;;) {
        p *= (rng() + 0.5) / 4294967296.0;
        if (p <= limit)
            return k;
        ++k;
    }
}

/// Mentions expected at an hour: quiet nights, a strong midday peak, quieter weekends.
double rhythm(size_t hour_index, double peak) {
    const size_t h = hour_index % 24, day = hour_index / 24;
    double lambda = 0.3;
    if (h >= 6 && h <= 22)
        lambda += peak * std::pow(std::sin(3.14159265358979 * (h - 6) / 16.0), 2);
    if (day % 7 == 5 || day % 7 == 6)
        lambda *= 0.6;
    return lambda;
}

std::vector<uint32_t> flat_days(int days, uint32_t normal, uint32_t at_14) {
    std::vector<uint32_t> v(static_cast<size_t>(days) * 24, normal);
    for (int d = 0; d < days; ++d)
        v[static_cast<size_t>(d) * 24 + 14] = at_14;
    return v;
}

Mention post(const std::string& id, int64_t t, uint64_t = 0) {
    Mention m;
    m.id = id;
    m.created_at = t;
    m.text = "text of " + id;
    return m;
}

} // namespace

TEST_CASE("a spike against the same hour of previous days") {
    SpikeParams p; // 7 days, z ≥ 4, at least 5 mentions
    std::vector<uint32_t> v = flat_days(9, 3, 8);
    const size_t now = 8 * 24 + 14;
    v[now] = 42;
    const SpikeTest t = same_hour_spike(v, now, p);
    CHECK(t.fired);
    CHECK(t.count == 42);
    CHECK(t.median == 8);
    CHECK(t.days == 7);
    // z = (2√(42 + 3/8) − 2√(8 + 3/8)) / 1 with a flat baseline (MAD 0, floor 1)
    CHECK(t.z == Approx(2 * std::sqrt(42.375) - 2 * std::sqrt(8.375)));
    CHECK_FALSE(same_hour_spike(v, now - 1, p).fired); // 3 as usual at 13:00
    CHECK(find_spikes(v, p) == std::vector<size_t>{now});

    // The usual level is not an alarm, nor a modest rise.
    v[now] = 11;
    CHECK_FALSE(same_hour_spike(v, now, p).fired);
}

TEST_CASE("small numbers: 0 → 2 is never an alarm, 0 → 20 is") {
    SpikeParams p;
    std::vector<uint32_t> v(8 * 24, 0);
    v.back() = 2;
    CHECK_FALSE(same_hour_spike(v, v.size() - 1, p).fired);
    v.back() = 4; // still under the minimum count
    CHECK_FALSE(same_hour_spike(v, v.size() - 1, p).fired);
    v.back() = 20;
    CHECK(same_hour_spike(v, v.size() - 1, p).fired);
}

TEST_CASE("a past spike in the baseline does not hide a new one; short history gives no verdict") {
    SpikeParams p;
    std::vector<uint32_t> v = flat_days(9, 3, 8);
    v[3 * 24 + 14] = 60; // an earlier spike
    v[8 * 24 + 14] = 42;
    const SpikeTest t = same_hour_spike(v, 8 * 24 + 14, p);
    CHECK(t.fired);
    CHECK(t.median == 8); // the median ignores the old spike
    CHECK(find_spikes(v, p) == std::vector<size_t>{3 * 24 + 14, 8 * 24 + 14});

    std::vector<uint32_t> young = flat_days(3, 3, 8); // two earlier days only
    young.back() = 100;
    CHECK(same_hour_spike(young, young.size() - 1, p).days == 2);
    CHECK_FALSE(same_hour_spike(young, young.size() - 1, p).fired);
    // Days before the listener existed are not history.
    CHECK(same_hour_spike(v, 8 * 24 + 14, p, 5 * 24).days == 3);
}

TEST_CASE("a strong daily and weekly rhythm with Poisson noise raises no alarm; injected spikes "
          "are found") {
    SpikeParams p;
    for (uint32_t seed : {1u, 2u, 3u, 4u}) {
        for (double peak : {4.0, 40.0}) {
            INFO("seed " << seed << ", peak " << peak);
            std::mt19937 rng(seed);
            std::vector<uint32_t> v(35 * 24);
            for (size_t i = 0; i < v.size(); ++i)
                v[i] = poisson(rng, rhythm(i, peak));
            CHECK(find_spikes(v, p).empty()); // 840 hours of ordinary noise

            // Known spikes: a busy weekday noon, and the middle of a night.
            const size_t noon = 22 * 24 + 13,
                         night = 30 * 24 + 3; // day 22 is a Tuesday, day 30 a Wednesday
            v[noon] = static_cast<uint32_t>(std::lround(3 * rhythm(noon, peak) + 12));
            v[night] = 15;
            CHECK(find_spikes(v, p) == std::vector<size_t>{noon, night});
        }
    }
}

TEST_CASE("a negative surge needs a larger negative share, not just a busy hour") {
    SpikeParams spike;
    SurgeParams surge;
    std::vector<uint32_t> total(9 * 24, 20), negative(9 * 24, 2); // usually 10 % negative
    const size_t now = 8 * 24 + 14;
    negative[now] = 12; // 60 % of 20
    const SurgeTest s = negative_surge(negative, total, now, spike, surge);
    CHECK(s.fired);
    CHECK(s.usual_negative == 2);
    CHECK(s.share == Approx(0.6));
    CHECK(s.usual_share == Approx(0.1));

    total[now] = 200; // ten times the volume, the usual mood: a spike, not a surge
    negative[now] = 20;
    CHECK_FALSE(negative_surge(negative, total, now, spike, surge).fired);
    CHECK(same_hour_spike(total, now, spike).fired);

    total[now] = 20; // three unhappy posts are not a surge
    negative[now] = 3;
    CHECK_FALSE(negative_surge(negative, total, now, spike, surge).fired);
}

TEST_CASE("the monitor: a volume spike, said in words, raised once") {
    AlertConfig cfg;
    cfg.utc_offset_minutes = 60; // local 14:00 is 13:00 UTC
    cfg.listener_names = {"Harbour Bean", "Rival Roasters"};
    cfg.business_listener = 0;
    cfg.competitor_listeners = {1};
    cfg.since = kMonday + 8 * kDay;
    AlertMonitor monitor(cfg);
    int n = 0;
    for (int day = 0; day <= 8; ++day) {
        for (int h = 0; h < 24; ++h) {
            const int64_t hour_start = kMonday + day * kDay + h * kHour - kHour; // local hour h
            const int count = h == 14 ? (day == 8 ? 42 : 8) : 2;
            for (int i = 0; i < count; ++i)
                monitor.add(post("m" + std::to_string(n++), hour_start + i * 60), 0b01);
        }
    }
    CHECK(monitor.hour_count(0, kMonday + 8 * kDay + 13 * kHour + 5) == 42);
    CHECK(monitor.alerts().empty()); // nothing per mention; spikes wait for check()

    monitor.check(kMonday + 8 * kDay + 14 * kHour + 10 * 60); // local 15:10
    std::vector<Alert> fresh = monitor.take_new();
    REQUIRE(fresh.size() == 1);
    const Alert& a = fresh[0];
    CHECK(a.kind == AlertKind::VolumeSpike);
    CHECK(std::string(to_string(a.kind)) == "volume_spike");
    CHECK(a.listener == 0);
    CHECK(a.at == kMonday + 8 * kDay + 13 * kHour);
    CHECK(a.observed == 42);
    CHECK(a.usual == 8);
    CHECK(a.message ==
          "Harbour Bean: 42 mentions 14:00\u201315:00, usually 8 (same hour, last 7 days)");

    monitor.check(kMonday + 8 * kDay + 14 * kHour + 50 * 60); // again: nothing new
    CHECK(monitor.take_new().empty());
    CHECK(monitor.alerts().size() == 1);
    const std::vector<Alert> history = monitor.scan(kMonday, kMonday + 9 * kDay);
    REQUIRE(history.size() == 1);
    CHECK(history[0].at == a.at);
}

TEST_CASE("the monitor: a spike seen while the hour is still running says so") {
    AlertConfig cfg; // UTC, unnamed listeners
    AlertMonitor monitor(cfg);
    int n = 0;
    for (int day = 0; day <= 7; ++day)
        for (int i = 0; i < (day == 7 ? 30 : 6); ++i)
            monitor.add(post("m" + std::to_string(n++), kMonday + day * kDay + 9 * kHour + i * 60),
                        0b100);
    monitor.check(kMonday + 7 * kDay + 9 * kHour + 40 * 60); // 09:40
    const std::vector<Alert> fresh = monitor.take_new();
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].listener == 2);
    CHECK(fresh[0].message ==
          "30 mentions 09:00\u201310:00 so far, usually 6 (same hour, last 7 days)");
}

TEST_CASE("the monitor: complaints from high-reach authors and competitors' unhappy customers") {
    AlertConfig cfg;
    cfg.listener_names = {"Harbour Bean", "Rival Roasters"};
    cfg.business_listener = 0;
    cfg.competitor_listeners = {1};
    cfg.since = kMonday;
    AlertMonitor monitor(cfg);

    Mention loud = post("x:1", kMonday + kHour);
    loud.intents = IntentComplaint;
    loud.author.handle = "bigvoice";
    loud.author.followers = 48200;
    loud.text = "Waited 40 minutes for a flat white.\nNever again.";
    monitor.add(loud, 0b01);
    monitor.add(loud, 0b01); // the same post from a second poll
    std::vector<Alert> fresh = monitor.take_new();
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].kind == AlertKind::HighReachComplaint);
    CHECK(fresh[0].mention_id == "x:1");
    CHECK(fresh[0].listener == 0);
    CHECK(fresh[0].message == "Complaint from @bigvoice, 48,200 followers (alerts from 10,000): "
                              "\u201cWaited 40 minutes for a flat white. Never again.\u201d");

    Mention quiet = loud;
    quiet.id = "x:2";
    quiet.author.followers = 9999;
    monitor.add(quiet, 0b01);
    Mention early = loud;
    early.id = "x:3";
    early.created_at = kMonday - 1; // before `since`: history only
    monitor.add(early, 0b01);
    Mention praise = loud;
    praise.id = "x:4";
    praise.intents = IntentPraise;
    monitor.add(praise, 0b01);
    CHECK(monitor.take_new().empty());

    Mention unhappy = post("x:5", kMonday + 2 * kHour);
    unhappy.author.handle = "sam";
    unhappy.sentiment = -0.6f;
    unhappy.text = "Rival Roasters got my order wrong again";
    monitor.add(unhappy, 0b10);
    fresh = monitor.take_new();
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].kind == AlertKind::CompetitorOpportunity);
    CHECK(fresh[0].listener == 1);
    CHECK(fresh[0].message ==
          "@sam is unhappy with Rival Roasters (sentiment -0.60): \u201cRival Roasters got my "
          "order wrong again\u201d \u2014 a chance to win a customer");

    Mention both = unhappy; // names us too: its mood may be about us
    both.id = "x:6";
    monitor.add(both, 0b11);
    Mention happy = unhappy;
    happy.id = "x:7";
    happy.sentiment = 0.7f;
    monitor.add(happy, 0b10);
    Mention mild = unhappy;
    mild.id = "x:8";
    mild.sentiment = -0.02f; // neutral band
    monitor.add(mild, 0b10);
    CHECK(monitor.take_new().empty());

    Mention rival_complaint = loud; // a complaint about a competitor only: an opportunity
    rival_complaint.id = "x:9";
    rival_complaint.sentiment = std::nullopt;
    monitor.add(rival_complaint, 0b10);
    fresh = monitor.take_new();
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].kind == AlertKind::CompetitorOpportunity);
    CHECK(fresh[0].message.find("(a complaint)") != std::string::npos);
    CHECK(monitor.alerts().size() == 3);

    // Someone asking about a competitor is not unhappy because the tone leans negative: the
    // demo's "¿Grindhouse tiene leche de avena?" read -0.33 from function words alone.
    Mention asking = unhappy;
    asking.id = "x:10";
    asking.text = "Does Rival Roasters have oat milk?";
    asking.intents = IntentQuestion;
    asking.sentiment = -0.33f;
    monitor.add(asking, 0b10);
    Mention buying = asking;
    buying.id = "x:11";
    buying.intents = IntentPurchase | IntentRecommendationRequest;
    monitor.add(buying, 0b10);
    CHECK(monitor.take_new().empty());
    Mention fed_up = asking; // a question that is clearly unhappy still is
    fed_up.id = "x:12";
    fed_up.text = "Why is Rival Roasters always so awful??";
    fed_up.sentiment = -0.7f;
    monitor.add(fed_up, 0b10);
    Mention complaining = asking; // and so is one that complains
    complaining.id = "x:13";
    complaining.intents = IntentQuestion | IntentComplaint;
    complaining.sentiment = -0.1f;
    monitor.add(complaining, 0b10);
    CHECK(monitor.take_new().size() == 2);
}

TEST_CASE("reposts and the businesses' own accounts raise no per-mention alert") {
    AlertConfig cfg;
    cfg.business_listener = 0;
    cfg.competitor_listeners = {1};
    cfg.own_handles = {"HarbourBean", "rivalroasters"};
    AlertMonitor monitor(cfg);
    Mention own = post("x:1", kMonday);
    own.author.handle = "RivalRoasters"; // the competitor apologising for a closure
    own.sentiment = -0.3f;
    own.intents = IntentComplaint;
    monitor.add(own, 0b10);
    Mention repost = post("x:2", kMonday + 1);
    repost.author.handle = "sam";
    repost.kind = Kind::Repost;
    repost.sentiment = -0.6f;
    monitor.add(repost, 0b10);
    CHECK(monitor.take_new().empty());
    // The same businesses on Mastodon and Bluesky, the competitor by its site's domain
    // (found in the demo: "@thedailycrumb.co.uk is unhappy with The Daily Crumb").
    cfg.own_handles = {"HarbourBean", "rivalroasters", "rivalroasters.co.uk"};
    monitor.configure(cfg);
    for (const char* handle : {"rivalroasters@demo.social", "RivalRoasters.bsky.social", "rivalroasters.co.uk",
                               "harbourbean@mastodon.social"}) {
        Mention elsewhere = own;
        elsewhere.id = std::string("bsky:") + handle;
        elsewhere.author.handle = handle;
        monitor.add(elsewhere, 0b10);
        INFO(handle);
        CHECK(monitor.take_new().empty());
    }
    Mention namesake = own; // a longer name is someone else
    namesake.id = "bsky:namesake";
    namesake.author.handle = "rivalroastersfan.bsky.social";
    monitor.add(namesake, 0b10);
    CHECK(monitor.take_new().size() == 1);
    Mention customer = post("x:3", kMonday + 2); // the same words from a customer do count
    customer.author.handle = "sam";
    customer.sentiment = -0.6f;
    monitor.add(customer, 0b10);
    REQUIRE(monitor.take_new().size() == 1);
}

TEST_CASE("the monitor keeps at most max_kept alerts, newest last") {
    AlertConfig cfg;
    cfg.competitor_listeners = {1};
    cfg.max_kept = 3;
    AlertMonitor monitor(cfg);
    for (int i = 0; i < 5; ++i) {
        Mention m = post("x:" + std::to_string(i), kMonday + i);
        m.sentiment = -0.9f;
        monitor.add(m, 0b10);
    }
    REQUIRE(monitor.alerts().size() == 3);
    CHECK(monitor.alerts().front().mention_id == "x:2");
    CHECK(monitor.alerts().back().mention_id == "x:4");
    CHECK(monitor.take_new().size() == 3);
}

TEST_CASE("a long complaint is quoted up to a cluster boundary: no half emoji, flag or accent") {
    AlertConfig cfg;
    cfg.listener_names = {"Harbour Bean"};
    cfg.business_listener = 0;
    cfg.since = kMonday;
    AlertMonitor monitor(cfg);
    // 90 ASCII bytes, then a ZWJ family (18 bytes) across the 100-byte quote limit:
    // a byte cut keeps 👨 and the joiner.
    const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
    Mention m = post("x:9", kMonday + kHour);
    m.intents = IntentComplaint;
    m.author.handle = "bigvoice";
    m.author.followers = 48200;
    m.text = std::string(89, 'a') + " " + family + " and more words after it";
    monitor.add(m, 0b01);
    const std::vector<Alert> fresh = monitor.take_new();
    REQUIRE(fresh.size() == 1);
    const std::string& msg = fresh[0].message;
    CHECK(msg.find(std::string(89, 'a') + "\u2026\u201d") != std::string::npos); // cut before the family
    CHECK(msg.find("\u200D") == std::string::npos); // no piece of it left behind
}
