// Proxy tests over loopback: the real earshot-proxy binary in front of a fake
// upstream (for exact failure modes) and in front of the real demo source.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "core/ingest/x_v2.hpp"
#include "harness.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>
#include <thread>

using namespace earshot::proxy_test;

namespace {

const std::string kSecret = "s3cret-T0KEN-never-shown";

/// A client for the proxy that sends an access key (any non-empty one is taken when
/// EARSHOT_ACCESS_KEY is not set, as in these tests).
httplib::Client client_for(int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10);
    c.set_default_headers({{"X-Earshot-Key", "test-key"}});
    return c;
}

std::string all_headers(const httplib::Response& r) {
    std::string s;
    for (auto& [k, v] : r.headers)
        s += k + ": " + v + "\n";
    return s;
}

} // namespace

TEST_CASE("proxy in front of a fake X: forwarding, allow-list, failures, no token leaks") {
    // The fake upstream records what it was sent and misbehaves on request. Its
    // handlers run on httplib's worker threads, hence the mutex.
    httplib::Server upstream;
    std::mutex seen_mutex;
    std::string seen_auth, seen_query;
    auto seen = [&] {
        std::lock_guard<std::mutex> lock(seen_mutex);
        return std::make_pair(seen_auth, seen_query);
    };
    upstream.Get("/2/tweets/search/recent", [&](const httplib::Request& req,
                                                httplib::Response& res) {
        const std::string query = req.get_param_value("query");
        {
            std::lock_guard<std::mutex> lock(seen_mutex);
            seen_auth = req.get_header_value("Authorization");
            seen_query = query;
        }
        if (query == "slow")
            std::this_thread::sleep_for(std::chrono::seconds(3));
        if (query == "limited") {
            res.status = 429;
            res.set_header("x-rate-limit-remaining", "0");
            res.set_header("x-rate-limit-reset", "1795606200");
            res.set_content(R"({"title":"Too Many Requests","status":429})", "application/json");
            return;
        }
        res.set_header("x-rate-limit-limit", "450");
        res.set_header("x-rate-limit-remaining", "449");
        res.set_header("Set-Cookie", "upstream=1"); // must not pass through
        res.set_content(R"({"data":[{"id":"1","text":"hi"}],"meta":{"result_count":1}})",
                        "application/json");
    });
    const int up_port = upstream.bind_to_any_port("127.0.0.1");
    std::thread up_thread([&] { upstream.listen_after_bind(); });
    while (!upstream.is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // A failed REQUIRE unwinds past the thread: stop and join it then too.
    struct StopOnExit {
        httplib::Server& server;
        std::thread& thread;
        ~StopOnExit() {
            if (!thread.joinable())
                return;
            server.stop();
            thread.join();
        }
    } stop_on_exit{upstream, up_thread};

    {
        Proxy proxy({"--upstream-timeout", "1"},
                    {"X_BEARER_TOKEN=" + kSecret,
                     "X_API_BASE=http://127.0.0.1:" + std::to_string(up_port)});
        REQUIRE(proxy.port() > 0);
        httplib::Client c = client_for(proxy.port());

        auto sources = c.Get("/api/sources");
        REQUIRE(sources);
        CHECK(sources->status == 200);
        auto js = nlohmann::json::parse(sources->body, nullptr, false);
        REQUIRE(js.is_object());
        CHECK(js["sources"][0]["mode"] == "live");
        CHECK(sources->body.find(kSecret) == std::string::npos);
        // A live X deployment that set up neither Bluesky nor Mastodon must not
        // mix the demo's fictional town into its feed: both are off, and say why.
        CHECK(js["sources"][1]["id"] == "bsky");
        CHECK(js["sources"][1]["configured"] == false);
        CHECK(js["sources"][1]["mode"] == "off");
        CHECK(js["sources"][2]["configured"] == false);
        CHECK(js["sources"][2]["servers"].empty());
        auto bsky = c.Get("/api/bsky/xrpc/app.bsky.feed.searchPosts?q=cafe");
        REQUIRE(bsky);
        CHECK(bsky->status == 404);
        CHECK(bsky->body.find("BSKY_APP_PASSWORD") != std::string::npos);
        auto mastodon = c.Get("/api/mastodon/demo.social/api/v1/timelines/tag/cafe");
        REQUIRE(mastodon);
        CHECK(mastodon->status == 404);
        CHECK(mastodon->body.find("MASTODON_SERVERS") != std::string::npos);

        auto ok = c.Get("/api/x/2/tweets/search/recent?query=caf%C3%A9%20%23coffee&max_results=10");
        REQUIRE(ok);
        CHECK(ok->status == 200);
        CHECK(seen().first == "Bearer " + kSecret);
        CHECK(seen().second == "café #coffee");
        CHECK(ok->get_header_value("x-rate-limit-remaining") == "449");
        CHECK_FALSE(ok->has_header("Set-Cookie"));
        CHECK(earshot::core::parse_x_page(std::string_view(ok->body)).ok());

        auto limited = c.Get("/api/x/2/tweets/search/recent?query=limited");
        REQUIRE(limited);
        CHECK(limited->status == 429);
        CHECK(limited->get_header_value("x-rate-limit-reset") == "1795606200");

        for (const char* path : {"/api/x/2/tweets/123", "/api/x/1.1/search/tweets.json",
                                 "/api/fetch", "/api/x/2/tweets/search/all"}) {
            auto r = c.Get(path);
            REQUIRE(r);
            INFO(path);
            CHECK(r->status == 404);
        }

        auto slow = c.Get("/api/x/2/tweets/search/recent?query=slow");
        REQUIRE(slow);
        CHECK(slow->status == 504);
        auto slow_problem = nlohmann::json::parse(slow->body, nullptr, false);
        REQUIRE(slow_problem.is_object());
        CHECK(slow_problem.value("detail", "") != "");

        upstream.stop();
        up_thread.join();
        auto down = c.Get("/api/x/2/tweets/search/recent?query=x");
        REQUIRE(down);
        CHECK(down->status == 502);
        CHECK(nlohmann::json::parse(down->body, nullptr, false).is_object());

        for (auto* r : {&ok, &limited, &slow, &down}) {
            CHECK((*r)->body.find(kSecret) == std::string::npos);
            CHECK(all_headers(**r).find(kSecret) == std::string::npos);
        }
        std::string log = proxy.output();
        CHECK(log.find("/api/x/2/tweets/search/recent") !=
              std::string::npos); // it does log requests
        CHECK(log.find(kSecret) == std::string::npos);
    }
}

TEST_CASE("proxy in front of the demo source serves real pages") {
    Child demo({EARSHOT_DEMO_BIN, "--port", "0"}, {});
    const int demo_port = demo.wait_for_port();
    REQUIRE(demo_port > 0);
    Proxy proxy({}, {"EARSHOT_DEMO_URL=http://127.0.0.1:" + std::to_string(demo_port)});
    REQUIRE(proxy.port() > 0);
    httplib::Client c = client_for(proxy.port());
    auto sources = c.Get("/api/sources");
    REQUIRE(sources);
    CHECK(nlohmann::json::parse(sources->body, nullptr, false)["sources"][0]["mode"] == "demo");
    auto page =
        c.Get("/api/x/2/tweets/search/"
              "recent?query=coffee&max_results=100&tweet.fields=author_id&expansions=author_id");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    auto parsed = earshot::core::parse_x_page(std::string_view(page->body));
    REQUIRE(parsed.ok());
    CHECK(parsed->mentions.size() > 10);
    CHECK_FALSE(parsed->mentions[0].author.handle.empty());
    CHECK(page->has_header("x-rate-limit-remaining"));
}

namespace {

/// Runs the proxy with `args` until it exits by itself (within 5 s); its exit code
/// (Child::kRunning when it did not exit) and everything it printed.
std::pair<int, std::string> run_to_exit(const std::vector<std::string>& args) {
    TempDir state;
    std::vector<std::string> all{proxy_binary()};
    all.insert(all.end(), args.begin(), args.end());
    Child proxy(all, {"EARSHOT_STATE_DIR=" + state.path});
    const int code = proxy.exit_code(5);
    proxy.stop(); // still listening: the flags were taken
    return {code, proxy.output()};
}

} // namespace

TEST_CASE(
    "a numeric flag that is not a number in range is refused with the reason, not read as 0") {
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
             {"--upstream-timeout", "x"},
             {"--upstream-timeout", "0"},
             {"--upstream-timeout", "-5"},
             {"--upstream-timeout", "20s"},
             {"--upstream-timeout", "99999999999999999999"},
             {"--upstream-timeout", ""},
             {"--port", "x"},
             {"--port", "-1"},
             {"--port", "65536"},
             {"--port", "80.5"}}) {
        INFO(flag << " " << value);
        auto [code, output] = run_to_exit({flag, value});
        CHECK(code == 2);
        CHECK(output.find(flag + " wants") != std::string::npos);
        CHECK(output.find("\"" + value + "\"") != std::string::npos);
    }
    // Good values are taken: port 0 picks a free port, which the proxy announces and
    // listens on.
    Proxy proxy({"--port", "0", "--upstream-timeout", "7"}, {});
    REQUIRE(proxy.port() > 0);
    CHECK(proxy.output().find("listening on http://127.0.0.1:" + std::to_string(proxy.port())) !=
          std::string::npos);
    Socket s(proxy.port());
    CHECK(s.connected());
}
