// Proxy tests over loopback: the real earshot-proxy binary in front of a fake
// upstream (for exact failure modes) and in front of the real demo source.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "core/ingest/x_v2.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

const std::string kSecret = "s3cret-T0KEN-never-shown";

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

/// A child process with its stderr captured to a file; killed on destruction.
struct Process {
    pid_t pid = -1;
    std::string log;
    Process(std::vector<std::string> args, std::vector<std::string> env_vars) {
        log = "/tmp/earshot-test-" + std::to_string(getpid()) + "-" + std::to_string(free_port()) + ".log";
        pid = fork();
        if (pid == 0) {
            FILE* f = std::fopen(log.c_str(), "w");
            dup2(fileno(f), 2);
            dup2(fileno(f), 1);
            for (auto& e : env_vars) putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
    }
    ~Process() {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
        std::remove(log.c_str());
    }
    std::string output() const {
        std::ifstream in(log);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
};

bool wait_for(int port, const char* path) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(0, 200000);
    for (int i = 0; i < 100; ++i) {
        if (c.Get(path)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

std::string all_headers(const httplib::Response& r) {
    std::string s;
    for (auto& [k, v] : r.headers) s += k + ": " + v + "\n";
    return s;
}

} // namespace

TEST_CASE("proxy in front of a fake X: forwarding, allow-list, failures, no token leaks") {
    // The fake upstream records what it was sent and misbehaves on request.
    httplib::Server upstream;
    std::string seen_auth, seen_query;
    upstream.Get("/2/tweets/search/recent", [&](const httplib::Request& req, httplib::Response& res) {
        seen_auth = req.get_header_value("Authorization");
        seen_query = req.get_param_value("query");
        if (seen_query == "slow") std::this_thread::sleep_for(std::chrono::seconds(3));
        if (seen_query == "limited") {
            res.status = 429;
            res.set_header("x-rate-limit-remaining", "0");
            res.set_header("x-rate-limit-reset", "1795606200");
            res.set_content(R"({"title":"Too Many Requests","status":429})", "application/json");
            return;
        }
        res.set_header("x-rate-limit-limit", "450");
        res.set_header("x-rate-limit-remaining", "449");
        res.set_header("Set-Cookie", "upstream=1"); // must not pass through
        res.set_content(R"({"data":[{"id":"1","text":"hi"}],"meta":{"result_count":1}})", "application/json");
    });
    int up_port = upstream.bind_to_any_port("127.0.0.1");
    std::thread up_thread([&] { upstream.listen_after_bind(); });

    int port = free_port();
    {
        Process proxy({EARSHOT_PROXY_BIN, "--port", std::to_string(port), "--upstream-timeout", "1"},
                      {"X_BEARER_TOKEN=" + kSecret, "X_API_BASE=http://127.0.0.1:" + std::to_string(up_port)});
        REQUIRE(wait_for(port, "/api/sources"));
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(10);
        c.set_default_headers({{"X-Earshot-Key", "any"}}); // no EARSHOT_ACCESS_KEY: any value passes

        auto sources = c.Get("/api/sources");
        REQUIRE(sources);
        CHECK(sources->status == 200);
        auto js = nlohmann::json::parse(sources->body);
        CHECK(js["sources"][0]["mode"] == "live");
        CHECK(sources->body.find(kSecret) == std::string::npos);

        auto ok = c.Get("/api/x/2/tweets/search/recent?query=caf%C3%A9%20%23coffee&max_results=10");
        REQUIRE(ok);
        CHECK(ok->status == 200);
        CHECK(seen_auth == "Bearer " + kSecret);
        CHECK(seen_query == "café #coffee");
        CHECK(ok->get_header_value("x-rate-limit-remaining") == "449");
        CHECK_FALSE(ok->has_header("Set-Cookie"));
        CHECK(earshot::core::parse_x_page(std::string_view(ok->body)).ok());

        auto limited = c.Get("/api/x/2/tweets/search/recent?query=limited");
        REQUIRE(limited);
        CHECK(limited->status == 429);
        CHECK(limited->get_header_value("x-rate-limit-reset") == "1795606200");

        for (const char* path : {"/api/x/2/tweets/123", "/api/x/1.1/search/tweets.json", "/api/fetch?url=http://x",
                                 "/api/x/2/tweets/search/all"}) {
            auto r = c.Get(path);
            REQUIRE(r);
            INFO(path);
            CHECK(r->status == 404);
        }

        auto slow = c.Get("/api/x/2/tweets/search/recent?query=slow");
        REQUIRE(slow);
        CHECK(slow->status == 504);
        CHECK(nlohmann::json::parse(slow->body)["detail"].get<std::string>().find("did not answer") !=
              std::string::npos);

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
        CHECK(log.find("/api/x/2/tweets/search/recent") != std::string::npos); // it does log requests
        CHECK(log.find(kSecret) == std::string::npos);
    }
}

TEST_CASE("proxy in front of the demo source serves real pages") {
    int demo_port = free_port(), port = free_port();
    Process demo({EARSHOT_DEMO_BIN, "--port", std::to_string(demo_port)}, {});
    Process proxy({EARSHOT_PROXY_BIN, "--port", std::to_string(port)},
                  {"EARSHOT_DEMO_URL=http://127.0.0.1:" + std::to_string(demo_port)});
    REQUIRE(wait_for(demo_port, "/health"));
    REQUIRE(wait_for(port, "/api/sources"));
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10);
    c.set_default_headers({{"X-Earshot-Key", "any"}});
    auto sources = c.Get("/api/sources");
    REQUIRE(sources);
    CHECK(nlohmann::json::parse(sources->body)["sources"][0]["mode"] == "demo");
    auto page = c.Get("/api/x/2/tweets/search/recent?query=coffee&max_results=100&tweet.fields=author_id&expansions=author_id");
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
/// (-1 when it did not exit) and everything it printed.
std::pair<int, std::string> run_to_exit(const std::vector<std::string>& args) {
    const std::string log = "/tmp/earshot-test-flags-" + std::to_string(getpid()) + ".log";
    std::vector<std::string> all{EARSHOT_PROXY_BIN};
    all.insert(all.end(), args.begin(), args.end());
    const pid_t pid = fork();
    if (pid == 0) {
        FILE* f = std::fopen(log.c_str(), "w");
        dup2(fileno(f), 2);
        dup2(fileno(f), 1);
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0, code = -1;
    for (int i = 0; i < 100; ++i) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (code == -1) { // still listening: the flag was taken
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
    }
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    std::remove(log.c_str());
    return {code, ss.str()};
}

} // namespace

TEST_CASE("a numeric flag that is not a number in range is refused with the reason, not read as 0") {
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
             {"--upstream-timeout", "x"},
             {"--upstream-timeout", "0"},
             {"--upstream-timeout", "-5"},
             {"--upstream-timeout", "20s"},
             {"--upstream-timeout", "99999999999999999999"},
             {"--upstream-timeout", ""},
             {"--port", "x"},
             {"--port", "-1"}, // 0 is valid: any free port
             {"--port", "65536"},
             {"--port", "80.5"}}) {
        INFO(flag << " " << value);
        auto [code, output] = run_to_exit({flag, value});
        CHECK(code == 2);
        CHECK(output.find(flag + " wants") != std::string::npos);
        CHECK(output.find("\"" + value + "\"") != std::string::npos);
    }
    // A good value is taken: the proxy starts and listens (and is stopped here).
    const int port = free_port();
    auto [code, output] = run_to_exit({"--port", std::to_string(port), "--upstream-timeout", "7"});
    CHECK(code == -1);
    CHECK(output.find("listening on http://127.0.0.1:" + std::to_string(port)) != std::string::npos);
}
