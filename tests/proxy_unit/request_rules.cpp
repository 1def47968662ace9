// The proxy's pure rules without sockets: the request-head parser, the X
// allow-list, the post caps and their file, the rate limit, static-file choices.
#include <catch2/catch.hpp>

#include "proxy/config.hpp"
#include "proxy/http_message.hpp"
#include "proxy/post_cap.hpp"
#include "proxy/rate_limit.hpp"
#include "proxy/static_files.hpp"
#include "proxy/allow_list.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>

using namespace earshot::proxy;

namespace {

Request parse_ok(const std::string& head) {
    ParsedHead p = parse_request_head(head);
    INFO(p.why);
    REQUIRE(p.request);
    return *p.request;
}

int refused(const std::string& head) { return parse_request_head(head).refuse_status; }

Params params(const std::string& raw) {
    std::optional<Params> p = parse_query(raw);
    REQUIRE(p);
    return *p;
}

const std::string kSearch = "/2/tweets/search/recent";

std::string temp_path(const char* what) {
    return "/tmp/earshot-proxy-unit-" + std::to_string(getpid()) + "-" + what;
}

std::time_t at(int year, int month, int day, int hour) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    return timegm(&tm);
}

} // namespace

TEST_CASE("a plain GET head is read with its path decoded and headers lower-cased", "[proxy]") {
    Request r = parse_ok("GET /api/x/2/tweets/search/recent?query=caf%C3%A9 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                         "X-Earshot-Key:  k  \r\nConnection: close");
    CHECK(r.method == "GET");
    CHECK(r.path == "/api/x/2/tweets/search/recent");
    CHECK(r.raw_query == "query=caf%C3%A9");
    REQUIRE(r.header("x-earshot-key"));
    CHECK(*r.header("x-earshot-key") == "k");
    CHECK(r.wants_close());
}

TEST_CASE("heads that smuggling and desync attacks need are refused", "[proxy]") {
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b") == 400);
    CHECK(refused("GET / HTTP/1.1") == 400); // no Host in 1.1
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked") == 413);
    CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12") == 413);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 150") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\ncontent-length: 0") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\n folded") == 400);
    CHECK(refused("GET http://evil.example/ HTTP/1.1\r\nHost: a") == 400);
    CHECK(refused("GET / HTTP/2.0\r\nHost: a") == 400);
    CHECK(refused("GET /a%00b HTTP/1.1\r\nHost: a") == 400);
    CHECK(refused("GET /a%zz HTTP/1.1\r\nHost: a") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\x01") == 400);
    CHECK(refused("GET / HTTP/1.1\r\nHo st: a") == 400);
    CHECK(refused("GET  / HTTP/1.1\r\nHost: a") == 400);
    std::string many = "GET / HTTP/1.1\r\nHost: a";
    for (int i = 0; i < 101; ++i) many += "\r\nX-" + std::to_string(i) + ": 1";
    CHECK(refused(many) == 431);
    CHECK(parse_ok("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0").method == "GET");
}

TEST_CASE("query strings decode once; broken escapes are refused", "[proxy]") {
    Params p = params("a%26b%3Dc=1&q=caf%C3%A9+au+lait&empty=&flag");
    REQUIRE(p.size() == 4);
    CHECK(p[0].first == "a&b=c");
    CHECK(p[1].second == "café au lait");
    CHECK(p[2].second.empty());
    CHECK(p[3].first == "flag");
    CHECK_FALSE(parse_query("q=%4"));
    CHECK_FALSE(parse_query("q=%00"));
    CHECK(percent_encode("a&b=c #ł😀") == "a%26b%3Dc%20%23%C5%82%F0%9F%98%80");
}

TEST_CASE("the X allow-list rebuilds what Earshot sends and refuses the rest", "[proxy]") {
    XForward ok = validate_x_request(
        kSearch, params("query=%22The%20Daily%20Crumb%22%20OR%20%40crumb%20-is%3Aretweet&max_results=100"
                        "&tweet.fields=created_at,lang,author_id,conversation_id,public_metrics,entities,"
                        "referenced_tweets,in_reply_to_user_id,geo,attachments"
                        "&expansions=author_id,in_reply_to_user_id,geo.place_id,referenced_tweets.id"
                        "&user.fields=username,name,location,public_metrics,verified"
                        "&place.fields=full_name,name,country_code,geo&since_id=1799999999999999999"
                        "&start_time=2026-12-01T00:00:00.000Z&next_token=b26v89c19zqg8o3f"));
    INFO(ok.problem);
    REQUIRE(ok.ok);
    CHECK(ok.target.rfind(kSearch + "?query=%22The%20Daily%20Crumb%22%20OR%20%40crumb%20-is%3Aretweet&max_results=100", 0) == 0);

    auto problem_for = [](const std::string& raw) { return validate_x_request(kSearch, params(raw)); };
    CHECK_FALSE(problem_for("query=a&a%26b%3Dc=1").ok);
    CHECK(problem_for("query=a&a%26b%3Dc=1").problem.find("a%26b%3Dc") != std::string::npos);
    CHECK_FALSE(problem_for("query=a&query=b").ok);
    CHECK_FALSE(problem_for("max_results=10").ok); // query is required
    CHECK_FALSE(problem_for("query=a&max_results=9").ok);
    CHECK_FALSE(problem_for("query=a&max_results=101").ok);
    CHECK_FALSE(problem_for("query=a&max_results=1e2").ok);
    CHECK(problem_for("query=a&max_results=10").ok);
    CHECK_FALSE(problem_for("query=a&since_id=12a").ok);
    CHECK_FALSE(problem_for("query=a&since_id=12345678901234567890").ok);
    CHECK_FALSE(problem_for("query=a&tweet.fields=created_at,password").ok);
    CHECK_FALSE(problem_for("query=a&tweet.fields=").ok);
    CHECK_FALSE(problem_for("query=a&start_time=2026-12-01").ok);
    CHECK_FALSE(problem_for("query=a&next_token=abc%26x%3D1").ok);
    CHECK_FALSE(problem_for("query=a%0Ab").ok);
    CHECK_FALSE(problem_for("query=%C3%28").ok); // not UTF-8

    // 512 characters (not bytes) is the limit: Polish letters are two bytes each.
    std::string q512;
    for (int i = 0; i < 512; ++i) q512 += "%C5%82";
    CHECK(problem_for("query=" + q512).ok);
    CHECK_FALSE(problem_for("query=" + q512 + "a").ok);
}

TEST_CASE("only the three X endpoints exist; usernames are X's shape", "[proxy]") {
    CHECK(validate_x_request("/2/tweets/counts/recent", params("query=a&granularity=hour")).ok);
    CHECK_FALSE(validate_x_request("/2/tweets/counts/recent", params("query=a&granularity=week")).ok);
    CHECK_FALSE(validate_x_request("/2/tweets/counts/recent", params("query=a&max_results=10")).ok);
    CHECK(validate_x_request("/2/users/by/username/crumb_cafe", {}).ok);
    CHECK(validate_x_request("/2/users/by/username/toolongname_1234", {}).not_found);
    CHECK(validate_x_request("/2/users/by/username/a.b", {}).not_found);
    CHECK(validate_x_request("/2/tweets/123", {}).not_found);
    CHECK(validate_x_request("/2/tweets/search/recent/../../users", {}).not_found);
    CHECK(validate_x_request("/2/tweets/search/all", params("query=a")).not_found);
}

TEST_CASE("post caps count per UTC day and month, refuse once reached, and survive a restart", "[proxy]") {
    std::string file = temp_path("spend.json");
    std::remove(file.c_str());
    std::time_t morning = at(2026, 12, 3, 9);
    {
        PostCap cap(250, 1000, file);
        REQUIRE(cap.load().empty());
        for (int i = 0; i < 3; ++i) {
            CHECK_FALSE(cap.check(morning));
            CHECK(cap.add(100, morning).empty());
        }
        std::optional<CapRefusal> r = cap.check(morning);
        REQUIRE(r);
        CHECK(r->cap == "daily");
        CHECK(r->used == 300);
        CHECK(utc_timestamp(r->resets_at) == "2026-12-04T00:00:00Z");
    }
    PostCap again(250, 1000, file);
    REQUIRE(again.load().empty());
    CHECK(again.check(morning + 3600));
    CHECK_FALSE(again.check(at(2026, 12, 4, 0))); // a new day
    CHECK(again.used_this_month(at(2026, 12, 4, 0)) == 300);
    again.add(700, at(2026, 12, 4, 1));
    std::optional<CapRefusal> month = again.check(at(2026, 12, 5, 1));
    REQUIRE(month);
    CHECK(month->cap == "monthly");
    CHECK(utc_timestamp(month->resets_at) == "2027-01-01T00:00:00Z");
    CHECK_FALSE(again.check(at(2027, 1, 1, 0)));
    std::remove(file.c_str());
}

TEST_CASE("a damaged counter file stops the start with a message instead of counting from zero", "[proxy]") {
    std::string file = temp_path("damaged.json");
    for (const char* text : {"{\"version\":1,\"day\":\"2026-12-03\"", "[]",
                             "{\"version\":1,\"day\":\"2026-12-03\",\"day_posts\":-5,\"month\":\"2026-12\",\"month_posts\":1}",
                             "{\"version\":2,\"day\":\"2026-12-03\",\"day_posts\":5,\"month\":\"2026-12\",\"month_posts\":1}"}) {
        std::ofstream(file) << text;
        PostCap cap(100, 0, file);
        std::string e = cap.load();
        INFO(text);
        CHECK(e.find("damaged") != std::string::npos);
        CHECK(e.find("Move it aside") != std::string::npos);
    }
    std::remove(file.c_str());
}

TEST_CASE("posts in a search answer: the larger of meta.result_count and the data", "[proxy]") {
    CHECK(posts_in_search_answer(R"({"data":[{"id":"1"},{"id":"2"}],"meta":{"result_count":2}})") == 2);
    CHECK(posts_in_search_answer(R"({"data":[{"id":"1"},{"id":"2"}],"meta":{"result_count":0}})") == 2);
    CHECK(posts_in_search_answer(R"({"meta":{"result_count":57}})") == 57);
    CHECK(posts_in_search_answer(R"({"meta":{"result_count":-3}})") == 0);
    CHECK(posts_in_search_answer("not json") == 0);
}

TEST_CASE("the rate limit lets a burst through, then asks to wait, then refills", "[proxy]") {
    RateLimit limit(6); // one every 10 s, bursts of 6
    auto t = std::chrono::steady_clock::now();
    for (int i = 0; i < 6; ++i) CHECK(limit.wait_seconds("1.2.3.4", t) == 0);
    int wait = limit.wait_seconds("1.2.3.4", t);
    CHECK(wait >= 9);
    CHECK(wait <= 10);
    CHECK(limit.wait_seconds("5.6.7.8", t) == 0); // others are not affected
    CHECK(limit.wait_seconds("1.2.3.4", t + std::chrono::seconds(11)) == 0);
    CHECK(RateLimit(0).wait_seconds("x", t) == 0);
}

TEST_CASE("static choices: hashed names, encodings the client takes", "[proxy]") {
    CHECK(has_content_hash("app.3f9c2a1b.wasm"));
    CHECK(has_content_hash("app.3f9c2a1b0d.data"));
    CHECK_FALSE(has_content_hash("app.wasm"));
    CHECK_FALSE(has_content_hash("deadbeef01.js")); // the name itself, not a hash part
    CHECK_FALSE(has_content_hash("app.3f9c.js"));
    std::string ae = "gzip, deflate, br;q=0";
    CHECK(accepts_encoding(&ae, "gzip"));
    CHECK_FALSE(accepts_encoding(&ae, "br"));
    std::string both = "br, gzip";
    CHECK(accepts_encoding(&both, "br"));
    CHECK_FALSE(accepts_encoding(nullptr, "gzip"));
}

TEST_CASE("configuration: loopback without a key only; short keys and odd origins refused", "[proxy]") {
    Config c;
    c.host = "0.0.0.0";
    CHECK(refuse_to_start(c).find("EARSHOT_ACCESS_KEY") != std::string::npos);
    c.access_key = "0123456789abcdef0123";
    CHECK(refuse_to_start(c).empty());
    c.access_key.clear();
    c.host = "127.0.0.1";
    CHECK(refuse_to_start(c).empty());
    CHECK(default_allowed_hosts("127.0.0.1", 8080) ==
          std::vector<std::string>{"127.0.0.1:8080", "localhost:8080", "127.0.0.1:8080"});

    setenv("EARSHOT_ACCESS_KEY", "short", 1);
    Config k;
    CHECK(read_environment(k).find("too short") != std::string::npos);
    unsetenv("EARSHOT_ACCESS_KEY");
    setenv("EARSHOT_ALLOWED_ORIGINS", "https://shop.example/admin", 1);
    Config o;
    CHECK(read_environment(o).find("EARSHOT_ALLOWED_ORIGINS") != std::string::npos);
    setenv("EARSHOT_ALLOWED_ORIGINS", "https://shop.example, http://localhost:3000", 1);
    Config o2;
    CHECK(read_environment(o2).empty());
    CHECK(o2.allowed_origins.size() == 2);
    unsetenv("EARSHOT_ALLOWED_ORIGINS");
    setenv("EARSHOT_X_DAILY_POST_CAP", "-1", 1);
    Config d;
    CHECK(read_environment(d).find("EARSHOT_X_DAILY_POST_CAP") != std::string::npos);
    unsetenv("EARSHOT_X_DAILY_POST_CAP");
}

TEST_CASE("Bluesky: searchPosts only, with its own parameters checked", "[proxy]") {
    const std::string path = "/xrpc/app.bsky.feed.searchPosts";
    XForward ok = validate_bsky_request(path, params("q=%22daily+crumb%22&sort=latest&limit=100&tag=coffee&tag=caf%C3%A9"
                                                     "&lang=pt-BR&since=2026-12-01T00:00:00Z&cursor=eyJ0IjoxfQ%3D%3D"));
    INFO(ok.problem);
    REQUIRE(ok.ok);
    CHECK(ok.target.find("tag=coffee&tag=caf%C3%A9") != std::string::npos);
    CHECK(ok.target.find("cursor=eyJ0IjoxfQ%3D%3D") != std::string::npos);
    CHECK_FALSE(validate_bsky_request(path, params("q=a&limit=101")).ok);
    CHECK_FALSE(validate_bsky_request(path, params("q=a&sort=oldest")).ok);
    CHECK_FALSE(validate_bsky_request(path, params("q=a&tag=a%23b")).ok);
    CHECK_FALSE(validate_bsky_request(path, params("q=a&url=javascript:alert(1)")).ok);
    std::string eleven = "q=a";
    for (int i = 0; i < 11; ++i) eleven += "&tag=t" + std::to_string(i);
    CHECK_FALSE(validate_bsky_request(path, params(eleven)).ok);
    CHECK(validate_bsky_request("/xrpc/com.atproto.server.createSession", {}).not_found);
    CHECK(validate_bsky_request("/xrpc/app.bsky.feed.getTimeline", {}).not_found);
}

TEST_CASE("Mastodon: tag timelines and status search, the tag re-encoded into the path", "[proxy]") {
    XForward tag = validate_mastodon_request("/api/v1/timelines/tag/caf\xC3\xA9", params("any[]=coffee&limit=40&min_id=109"));
    INFO(tag.problem);
    REQUIRE(tag.ok);
    CHECK(tag.target.rfind("/api/v1/timelines/tag/caf%C3%A9?any%5B%5D=coffee&limit=40&min_id=109", 0) == 0);
    CHECK(tag.endpoint == XEndpoint::mastodon_tag);
    CHECK_FALSE(validate_mastodon_request("/api/v1/timelines/tag/coffee", params("limit=41")).ok);
    CHECK_FALSE(validate_mastodon_request("/api/v1/timelines/tag/coffee",
                                          params("any[]=a&any[]=b&any[]=c&any[]=d&any[]=e")).ok);
    CHECK(validate_mastodon_request("/api/v1/timelines/tag/a b", {}).not_found);
    CHECK(validate_mastodon_request("/api/v1/timelines/tag/a?b", {}).not_found);
    CHECK(validate_mastodon_request("/api/v1/timelines/public", {}).not_found);
    CHECK(validate_mastodon_request("/api/v1/statuses", {}).not_found);
    XForward search = validate_mastodon_request("/api/v2/search", params("q=croissant&type=statuses&limit=20"));
    REQUIRE(search.ok);
    CHECK(search.endpoint == XEndpoint::mastodon_search);
    CHECK_FALSE(validate_mastodon_request("/api/v2/search", params("q=a&type=accounts")).ok);
    CHECK_FALSE(validate_mastodon_request("/api/v2/search", params("q=a&type=statuses&resolve=true")).ok);
}
