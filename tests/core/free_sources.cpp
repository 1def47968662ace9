// The free sources' poller on its own: reading /api/sources, which poll is
// due (schedules, Bluesky's floor, "Sync now", holds), the pages of a poll
// (Bluesky's since/cursor, Mastodon's min_id and Link paging), what a 429 or a
// failed login means, and its cursors surviving a round trip through JSON.
#include "core/listen/free_sources.hpp"

#include "core/ingest/x_v2.hpp"
#include "core/text/text.hpp"
#include "poll_helpers.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace earshot::core;
using earshot::test::param_of;

namespace {

constexpr int64_t kNow = 1'780'000'000;

HttpResponse ok(std::string body, std::map<std::string, std::string> headers = {}) {
    HttpResponse r;
    r.status = 200;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

HttpResponse sources_answer(bool bsky = true, bool mastodon = true) {
    nlohmann::json s = nlohmann::json::array();
    s.push_back({{"id", "x"}, {"mode", "demo"}});
    s.push_back({{"id", "bsky"}, {"configured", bsky}, {"mode", bsky ? "demo" : "off"}});
    s.push_back({{"id", "mastodon"}, {"configured", mastodon}, {"mode", mastodon ? "live" : "off"},
                 {"servers", {"demo.social"}}, {"search_server", nullptr}});
    return ok(nlohmann::json{{"sources", s}}.dump());
}

Listener listener(const std::string& id, const std::string& query, uint32_t sources) {
    Listener l = earshot::test::member(id, query);
    l.sources = sources;
    l.interval_minutes = 15;
    return l;
}

std::string bsky_post(const std::string& rkey, const std::string& text, int64_t created) {
    return nlohmann::json{{"uri", "at://did:plc:abc/app.bsky.feed.post/" + rkey},
                          {"cid", "bafy" + rkey},
                          {"author", {{"did", "did:plc:abc"}, {"handle", "ana.bsky.social"}}},
                          {"record",
                           {{"$type", "app.bsky.feed.post"}, {"text", text}, {"createdAt", format_iso8601(created)}}},
                          {"indexedAt", format_iso8601(created)}}
        .dump();
}

std::string mastodon_status(const std::string& id, const std::string& html, int64_t created) {
    return nlohmann::json{{"id", id},
                          {"uri", "https://demo.social/users/ana/statuses/" + id},
                          {"created_at", format_iso8601(created)},
                          {"content", html},
                          {"account", {{"id", "1"}, {"username", "ana"}, {"acct", "ana"}, {"url", "https://demo.social/@ana"}}}}
        .dump();
}

} // namespace

TEST_CASE("/api/sources is read into which sources the proxy offers, of any shape") {
    SourceDirectory d = read_source_directory(sources_answer(true, false));
    CHECK(d.known);
    CHECK(d.mode(Source::X) == "demo");
    CHECK(d.offers(Source::Bsky));
    CHECK_FALSE(d.offers(Source::Mastodon)); // configured: false
    CHECK(d.mastodon_servers == std::vector<std::string>{"demo.social"});
    CHECK(d.mastodon_search_server.empty());
    // An older proxy naming X only still works; nothing else is offered.
    d = read_source_directory(ok(R"({"sources":[{"id":"x","mode":"live"}]})"));
    CHECK(d.known);
    CHECK(d.mode(Source::X) == "live");
    CHECK_FALSE(d.offers(Source::Bsky));
    for (const char* body : {"", "{", "[1]", R"({"sources":7})", R"({"sources":[{"id":5}]})",
                             R"({"sources":[{"id":"bsky","mode":"everything"}]})"}) {
        INFO(body);
        d = read_source_directory(ok(body));
        CHECK_FALSE(d.offers(Source::Bsky));
    }
    HttpResponse down;
    down.transport_error = "refused";
    CHECK_FALSE(read_source_directory(down).known);
}

TEST_CASE("a listener polls only the free sources it chose and the proxy offers") {
    FreeSourcePoller p;
    std::vector<Listener> ls{listener("x-only", "coffee", source_bit(Source::X)),
                             listener("both", "coffee", kPolledSources)};
    CHECK_FALSE(p.next_due(ls, kNow)); // nothing before the proxy said what exists
    p.set_directory(read_source_directory(sources_answer(true, false)));
    auto r = p.next_due(ls, kNow);
    REQUIRE(r);
    CHECK(r->listener_id == "both");
    CHECK(r->source == Source::Bsky);
    CHECK(r->first);
    CHECK(r->path.rfind("/api/bsky/xrpc/app.bsky.feed.searchPosts?q=coffee", 0) == 0);
    CHECK(param_of(r->path, "limit") == "100");
    // A first poll looks back a week.
    CHECK(param_of(r->path, "since") == url_encode(format_iso8601(kNow - FreeSourcePoller::kLookBackSeconds)));
    ls[1].paused = true;
    CHECK_FALSE(p.next_due(ls, kNow));
}

TEST_CASE("a Bluesky poll pages with the cursor, then polls from the newest post on its schedule") {
    FreeSourcePoller p;
    p.set_directory(read_source_directory(sources_answer(true, false)));
    std::vector<Listener> ls{listener("cafe", "coffee", kPolledSources)};
    FreeRequest r = *p.next_due(ls, kNow);
    FreeAnswer a = p.on_answer(r, ok(R"({"cursor":"page2","posts":[)" + bsky_post("b", "coffee two", kNow - 60) + "," +
                                         bsky_post("a", "coffee one", kNow - 120) + "]}"),
                               kNow);
    CHECK(a.posts.size() == 2);
    REQUIRE(a.next);
    CHECK(param_of(a.next->path, "cursor") == "page2");
    a = p.on_answer(*a.next, ok(R"({"posts":[)" + bsky_post("z", "coffee old", kNow - 3600) + "]}"), kNow + 1);
    CHECK(a.posts.size() == 1);
    CHECK_FALSE(a.next); // no cursor: the poll is done
    CHECK(p.cursor("cafe", r.planned) == format_iso8601(kNow - 60));
    CHECK(p.status(Source::Bsky).posts_seen == 3);
    // Not again before its interval (15 min); then from the newest post read.
    CHECK_FALSE(p.next_due(ls, kNow + 10 * 60));
    auto again = p.next_due(ls, kNow + 16 * 60);
    REQUIRE(again);
    CHECK_FALSE(again->first);
    CHECK(param_of(again->path, "since") == url_encode(format_iso8601(kNow - 60)));
    CHECK(param_of(again->path, "cursor").empty());
}

TEST_CASE("\"Sync now\" brings a poll forward, but never within Bluesky's five minutes") {
    FreeSourcePoller p;
    p.set_directory(read_source_directory(sources_answer(true, false)));
    std::vector<Listener> ls{listener("cafe", "coffee", kPolledSources)};
    FreeRequest r = *p.next_due(ls, kNow);
    p.on_answer(r, ok(R"({"posts":[]})"), kNow);
    p.sync_now(ls);
    CHECK_FALSE(p.next_due(ls, kNow + 60));
    CHECK(p.next_due(ls, kNow + FreeSourcePoller::kBskyFloorSeconds));
    CHECK(p.next_due_at(ls) == kNow + FreeSourcePoller::kBskyFloorSeconds);
}

TEST_CASE("a 429 holds the service until its reset, said in words") {
    FreeSourcePoller p;
    p.set_directory(read_source_directory(sources_answer(true, true)));
    std::vector<Listener> ls{listener("cafe", "coffee", kPolledSources)};
    FreeRequest r = *p.next_due(ls, kNow);
    REQUIRE(r.source == Source::Bsky);
    HttpResponse limited;
    limited.status = 429;
    limited.body = R"({"error":"RateLimitExceeded","message":"Rate Limit Exceeded"})";
    limited.headers["ratelimit-reset"] = std::to_string(kNow + 240);
    limited.headers["ratelimit-remaining"] = "0";
    FreeAnswer a = p.on_answer(r, limited, kNow);
    CHECK(a.posts.empty());
    CHECK_FALSE(a.next);
    CHECK(p.status(Source::Bsky).problem.find("rate limit") != std::string::npos);
    CHECK(p.status(Source::Bsky).remaining == 0);
    // Mastodon is not held by Bluesky's limit.
    for (int64_t t = kNow; t < kNow + 240; t += 30)
        if (auto next = p.next_due(ls, t)) {
            CHECK(next->source == Source::Mastodon);
            p.on_answer(*next, ok("[]"), t);
        }
    auto resumed = p.next_due(ls, kNow + 240);
    REQUIRE(resumed);
    CHECK(resumed->source == Source::Bsky);
    CHECK(resumed->first); // the poll that failed is asked again from where it was
    p.on_answer(*resumed, ok(R"({"posts":[]})"), kNow + 240);
    CHECK(p.status(Source::Bsky).problem.empty());
}

TEST_CASE("a failed Bluesky login is said and not retried for five minutes") {
    FreeSourcePoller p;
    p.set_directory(read_source_directory(sources_answer(true, false)));
    std::vector<Listener> ls{listener("cafe", "coffee", kPolledSources)};
    HttpResponse refused;
    refused.status = 503;
    refused.body = R"({"title":"Bluesky login failed","detail":"Bluesky refused the app password: check BSKY_APP_PASSWORD."})";
    p.on_answer(*p.next_due(ls, kNow), refused, kNow);
    CHECK(p.status(Source::Bsky).problem == "Bluesky refused the app password: check BSKY_APP_PASSWORD.");
    CHECK_FALSE(p.next_due(ls, kNow + 299));
    CHECK(p.next_due(ls, kNow + 300));
}

TEST_CASE("an unreadable answer ends the poll with a reason instead of asking again at once") {
    FreeSourcePoller p;
    p.set_directory(read_source_directory(sources_answer(false, true)));
    std::vector<Listener> ls{listener("cafe", "#coffee", kPolledSources)};
    FreeRequest r = *p.next_due(ls, kNow);
    FreeAnswer a = p.on_answer(r, ok(R"({"truncated":)"), kNow);
    CHECK(a.posts.empty());
    CHECK_FALSE(a.next);
    CHECK(p.status(Source::Mastodon).problem.find("could not be read") != std::string::npos);
    CHECK_FALSE(p.next_due(ls, kNow + 30));
}

TEST_CASE("Mastodon: the first poll reads back through older pages, later ones forward from min_id") {
    FreeSourcePoller p;
    p.set_directory(read_source_directory(sources_answer(false, true)));
    std::vector<Listener> ls{listener("cafe", "#coffee", kPolledSources)};
    FreeRequest r = *p.next_due(ls, kNow);
    CHECK(r.path == "/api/mastodon/demo.social/api/v1/timelines/tag/coffee?limit=40");
    std::map<std::string, std::string> link{
        {"link", "<https://demo.social/api/v1/timelines/tag/coffee?max_id=105>; rel=\"next\", "
                 "<https://demo.social/api/v1/timelines/tag/coffee?min_id=120>; rel=\"prev\""}};
    FreeAnswer a = p.on_answer(
        r, ok("[" + mastodon_status("120", "<p>#coffee here</p>", kNow - 60) + "," +
                  mastodon_status("105", "<p>more #coffee</p>", kNow - 3600) + "]", link),
        kNow);
    CHECK(a.posts.size() == 2);
    REQUIRE(a.next);
    CHECK(param_of(a.next->path, "max_id") == "105");
    a = p.on_answer(*a.next, ok("[]"), kNow);
    CHECK_FALSE(a.next);
    CHECK(p.cursor("cafe", r.planned) == "120");
    FreeRequest later = *p.next_due(ls, kNow + 16 * 60);
    CHECK(param_of(later.path, "min_id") == "120");
    CHECK(param_of(later.path, "max_id").empty());
}

TEST_CASE("Link headers and status ids are read as Mastodon writes them") {
    const std::string link = "<https://m.example/api/v1/timelines/tag/a?any%5B%5D=b&max_id=99>; rel=\"next\", "
                             "<https://m.example/api/v1/timelines/tag/a?min_id=1000>; rel=\"prev\"";
    CHECK(link_param(link, "next", "max_id") == "99");
    CHECK(link_param(link, "prev", "min_id") == "1000");
    CHECK(link_param(link, "prev", "max_id").empty());
    CHECK(link_param("", "next", "max_id").empty());
    CHECK(link_param("<broken", "next", "max_id").empty());
    CHECK(status_id_newer("1000", "999"));
    CHECK_FALSE(status_id_newer("999", "1000"));
    CHECK(status_id_newer("5", ""));
    CHECK_FALSE(status_id_newer("", "5"));
    CHECK(newest_status_id(R"([{"id":"99"},{"id":"1000"},{"id":"x1"},{"id":7}])") == "1000");
    CHECK(newest_status_id(R"({"statuses":[{"id":"12"}]})") == "12");
    CHECK(newest_status_id("{").empty());
    CHECK(oldest_status_id(R"([{"id":"99"},{"id":"1000"},{"id":"x1"}])") == "99");
}

TEST_CASE("cursors and holds survive the manifest; cursors of gone listeners are dropped") {
    FreeSourcePoller p;
    p.set_directory(read_source_directory(sources_answer(true, false)));
    std::vector<Listener> ls{listener("cafe", "coffee", kPolledSources), listener("tea", "tea", kPolledSources)};
    for (int i = 0; i < 2; ++i) {
        FreeRequest r = *p.next_due(ls, kNow);
        p.on_answer(r, ok(R"({"posts":[)" + bsky_post("p" + std::to_string(i), "coffee tea", kNow - 10) + "]}"), kNow);
    }
    Result<FreeSourcePoller> back = FreeSourcePoller::from_json(p.to_json());
    REQUIRE(back);
    FreeSourcePoller q = back.value();
    q.set_directory(p.directory());
    const std::string planned = q.plan(ls[0], Source::Bsky).requests.at(0);
    CHECK(q.cursor("cafe", planned) == format_iso8601(kNow - 10));
    CHECK_FALSE(q.next_due(ls, kNow + 60)); // their schedule came back with them
    q.forget_unplanned({ls[1]});
    CHECK(q.cursor("cafe", planned).empty());
    CHECK_FALSE(FreeSourcePoller::from_json(R"({"version":9})"));
    CHECK_FALSE(FreeSourcePoller::from_json("{"));
}
