// The proxy in front of a fake Bluesky PDS and fake Mastodon servers, over
// loopback: the session is made, kept and refreshed by the proxy; a wrong app
// password is said in words and not retried in a loop; Mastodon search only
// where the token is; no secret in any answer or log line.
#include <catch2/catch.hpp>

#include "harness.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace {

const std::string kPassword = "app-pass-w0rd-secret";
const std::string kMastodonToken = "masto-T0KEN-secret";

/// earshot-proxy on a free port (--port 0), started through the shared harness
/// (a clean environment, argv built before fork()), stopped on destruction.
struct ProxyProcess {
    earshot::proxy_test::Child child;
    int port = 0;
    explicit ProxyProcess(const std::vector<std::string>& env_vars)
        : child({earshot::proxy_test::proxy_binary(), "--port", "0", "--upstream-timeout", "5"}, env_vars) {
        port = child.wait_for_port();
    }
    std::string output() const { return child.output(); }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(10);
        c.set_default_headers({{"X-Earshot-Key", "any"}});
        return c;
    }
};

/// A fake upstream on a free port, serving until destroyed.
struct FakeServer {
    httplib::Server server;
    int port = 0;
    std::thread thread;
    void start() {
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        // stop() before the loop runs would be lost and join() would hang.
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FakeServer() {
        server.stop();
        if (thread.joinable())
            thread.join();
    }
};

std::string everything(const httplib::Result& r) {
    std::string s = r ? r->body : "";
    if (r)
        for (auto& [k, v] : r->headers)
            s += k + ": " + v + "\n";
    return s;
}

// A PDS whose access tokens work for two calls, then say ExpiredToken.
struct FakePds {
    FakeServer fake;
    std::mutex m;
    int creates = 0, refreshes = 0, searches = 0, access_uses = 0, generation = 0;
    std::string last_q;

    void start() {
        fake.server.Post("/xrpc/com.atproto.server.createSession", [this](
                                                                       const httplib::Request& req,
                                                                       httplib::Response& res) {
            std::lock_guard<std::mutex> lock(m);
            ++creates;
            nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
            if (!body.is_object() || body.value("password", "") != kPassword) {
                res.status = 401;
                res.set_content(
                    R"({"error":"AuthenticationRequired","message":"Invalid identifier or password"})",
                    "application/json");
                return;
            }
            issue(res);
        });
        fake.server.Post("/xrpc/com.atproto.server.refreshSession",
                         [this](const httplib::Request& req, httplib::Response& res) {
                             std::lock_guard<std::mutex> lock(m);
                             ++refreshes;
                             if (req.get_header_value("Authorization") !=
                                 "Bearer refresh-" + std::to_string(generation)) {
                                 res.status = 400;
                                 res.set_content(
                                     R"({"error":"ExpiredToken","message":"Token has expired"})",
                                     "application/json");
                                 return;
                             }
                             issue(res);
                         });
        fake.server.Get("/xrpc/app.bsky.feed.searchPosts", [this](const httplib::Request& req,
                                                                  httplib::Response& res) {
            std::lock_guard<std::mutex> lock(m);
            ++searches;
            last_q = req.get_param_value("q");
            if (req.get_header_value("Authorization") !=
                    "Bearer access-" + std::to_string(generation) ||
                ++access_uses > 2) {
                res.status = 400;
                res.set_content(R"({"error":"ExpiredToken","message":"Token has expired"})",
                                "application/json");
                return;
            }
            res.set_header("RateLimit-Remaining", "2999");
            res.set_content(R"({"posts":[],"cursor":"1"})", "application/json");
        });
        fake.start();
    }
    void issue(httplib::Response& res) {
        ++generation;
        access_uses = 0;
        nlohmann::json j = {{"did", "did:plc:abc"},
                            {"handle", "crumb.bsky.social"},
                            {"accessJwt", "access-" + std::to_string(generation)},
                            {"refreshJwt", "refresh-" + std::to_string(generation)}};
        res.set_content(j.dump(), "application/json");
    }
};

} // namespace

TEST_CASE("Bluesky: the proxy logs in once, refreshes an expired token, and keeps secrets") {
    FakePds pds;
    pds.start();
    ProxyProcess proxy({"BSKY_HANDLE=crumb.bsky.social", "BSKY_APP_PASSWORD=" + kPassword,
                        "BSKY_PDS=http://127.0.0.1:" + std::to_string(pds.fake.port)});
    REQUIRE(proxy.port > 0);
    httplib::Client c = proxy.client();

    auto sources = c.Get("/api/sources");
    REQUIRE(sources);
    nlohmann::json s = nlohmann::json::parse(sources->body);
    CHECK(s["sources"][1]["id"] == "bsky");
    CHECK(s["sources"][1]["mode"] == "live");

    std::string leaks;
    for (int i = 0; i < 5; ++i) {
        auto r =
            c.Get("/api/bsky/xrpc/app.bsky.feed.searchPosts?q=caf%C3%A9%20%26%20cake&limit=25");
        REQUIRE(r);
        INFO(r->body);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("ratelimit-remaining") == "2999");
        leaks += everything(r);
    }
    std::lock_guard<std::mutex> lock(pds.m);
    CHECK(pds.last_q == "café & cake");
    CHECK(pds.creates == 1);   // one login for five searches
    CHECK(pds.refreshes == 2); // tokens last two calls here: refreshed, not logged in again
    CHECK(leaks.find("access-") == std::string::npos);
    CHECK(leaks.find("refresh-") == std::string::npos);
    std::string log = proxy.output();
    CHECK(log.find(kPassword) == std::string::npos);
    CHECK(log.find("access-") == std::string::npos);
    CHECK(log.find("café") == std::string::npos); // no searches in the log
}

TEST_CASE("Bluesky: a wrong app password is said in words and not retried in a loop") {
    FakePds pds;
    pds.start();
    ProxyProcess proxy({"BSKY_HANDLE=crumb.bsky.social", "BSKY_APP_PASSWORD=wrong-password",
                        "BSKY_PDS=http://127.0.0.1:" + std::to_string(pds.fake.port)});
    REQUIRE(proxy.port > 0);
    httplib::Client c = proxy.client();
    for (int i = 0; i < 4; ++i) {
        auto r = c.Get("/api/bsky/xrpc/app.bsky.feed.searchPosts?q=cake");
        REQUIRE(r);
        CHECK(r->status == 503);
        nlohmann::json p = nlohmann::json::parse(r->body);
        CHECK(p["type"] == "https://earshot.local/problems/bsky-login");
        CHECK(p["detail"].get<std::string>().find("BSKY_APP_PASSWORD") != std::string::npos);
        CHECK(r->body.find("wrong-password") == std::string::npos);
    }
    std::lock_guard<std::mutex> lock(pds.m);
    CHECK(pds.creates == 1);
    CHECK(pds.searches == 0);
    CHECK(proxy.output().find("wrong-password") == std::string::npos);
}

TEST_CASE("Mastodon: listed servers only, tags encoded, search only with the token and only where "
          "it is valid") {
    struct Seen {
        std::mutex m;
        std::vector<std::string> paths, auths;
    };
    Seen seen_a, seen_b;
    FakeServer a, b;
    for (auto [fake, seen] : {std::pair<FakeServer*, Seen*>{&a, &seen_a}, {&b, &seen_b}}) {
        fake->server.Get(".*", [seen = seen](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(seen->m);
            seen->paths.push_back(req.path);
            seen->auths.push_back(req.get_header_value("Authorization"));
            res.set_header("Link",
                           "<https://example/api/v1/timelines/tag/x?max_id=5>; rel=\"next\"");
            res.set_header("X-RateLimit-Remaining", "299");
            res.set_content("[]", "application/json");
        });
        fake->start();
    }
    ProxyProcess proxy({"MASTODON_SERVERS=mastodon.example,https://fosstodon.example/",
                        "MASTODON_BASE_0=http://127.0.0.1:" + std::to_string(a.port),
                        "MASTODON_BASE_1=http://127.0.0.1:" + std::to_string(b.port),
                        "MASTODON_ACCESS_TOKEN=" + kMastodonToken});
    REQUIRE(proxy.port > 0);
    httplib::Client c = proxy.client();

    auto tag = c.Get(
        "/api/mastodon/fosstodon.example/api/v1/timelines/tag/caf%C3%A9?limit=40&any%5B%5D=coffee");
    REQUIRE(tag);
    CHECK(tag->status == 200);
    CHECK(tag->get_header_value("link").find("max_id=5") != std::string::npos);
    CHECK(tag->get_header_value("x-ratelimit-remaining") == "299");

    auto search_a = c.Get("/api/mastodon/mastodon.example/api/v2/search?q=croissant&type=statuses");
    REQUIRE(search_a);
    CHECK(search_a->status == 200);
    auto search_b =
        c.Get("/api/mastodon/fosstodon.example/api/v2/search?q=croissant&type=statuses");
    REQUIRE(search_b);
    CHECK(search_b->status == 404);
    auto unlisted = c.Get("/api/mastodon/evil.example/api/v1/timelines/tag/coffee");
    REQUIRE(unlisted);
    CHECK(unlisted->status == 404);
    auto other = c.Get("/api/mastodon/mastodon.example/api/v1/accounts/1/statuses");
    REQUIRE(other);
    CHECK(other->status == 404);

    std::lock_guard<std::mutex> la(seen_a.m), lb(seen_b.m);
    REQUIRE(seen_b.paths.size() == 1);
    CHECK(seen_b.paths[0] == "/api/v1/timelines/tag/café");
    CHECK(seen_b.auths[0].empty()); // the token stays with its own server
    REQUIRE(seen_a.paths.size() == 1);
    CHECK(seen_a.paths[0] == "/api/v2/search");
    CHECK(seen_a.auths[0] == "Bearer " + kMastodonToken);
    CHECK(everything(search_a).find(kMastodonToken) == std::string::npos);
    CHECK(proxy.output().find(kMastodonToken) == std::string::npos);
}
