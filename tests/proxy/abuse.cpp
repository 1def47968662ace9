// The abuse suite of issue 11: the real earshot-proxy in front of a fake X that records
// every request. Each case checks the proxy's answer and what reached X (mostly nothing),
// and that the token, the access key and the searches appear in no answer or log line.
#include <catch2/catch.hpp>

#include "harness.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <ifaddrs.h>
#include <net/if.h>
#include <regex>
#include <set>

using namespace earshot::proxy_test;
using json = nlohmann::json;

namespace {

// [SECTION] Fixtures and checks shared by the cases

const std::string kToken = "XTOKEN-abuse-5ecret-9f3a";
const std::string kAccessKey = "ACCESSKEY-abuse-7c1e-opensesame";
const std::string kWrongKey = "WRONGKEY-abuse-0000";
// Every query the suite sends starts with this, so a query in a log line is found.
const std::string kMarker = "zqxjmarker";
const std::string kTagMarker = "zqxjtag"; // a Mastodon hashtag searched, in the path
const std::string kSearch = "/api/x/2/tweets/search/recent";
const std::string kCounts = "/api/x/2/tweets/counts/recent";
const std::string kUser = "/api/x/2/users/by/username/";

/// The environment of a proxy in front of `x` with an access key, plus `more`.
std::vector<std::string> live_env(const std::string& upstream_base,
                                  std::vector<std::string> more = {}) {
    std::vector<std::string> env{"X_BEARER_TOKEN=" + kToken, "X_API_BASE=" + upstream_base,
                                 "EARSHOT_ACCESS_KEY=" + kAccessKey};
    env.insert(env.end(), more.begin(), more.end());
    return env;
}

std::string search(const std::string& params = "") {
    return kSearch + "?query=" + kMarker + params;
}

/// Percent-encodes every byte but RFC 3986's unreserved ones, as a careful client does.
std::string encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// The answer is a JSON problem with this status (and type, when given).
void expect_problem(const Reply& r, int status, const std::string& type = "") {
    INFO("answer:\n" << r.raw.substr(0, 2000));
    CHECK(r.status == status);
    const json body = json::parse(r.body, nullptr, false);
    if (!body.is_object()) {
        FAIL_CHECK("the answer is not a JSON problem");
        return;
    }
    CHECK(body.value("status", 0) == status);
    CHECK(body.value("title", "") != "");
    if (!type.empty())
        CHECK(body.value("type", "") == "https://earshot.local/problems/" + type);
}

bool allowed_upstream_path(const std::string& path) {
    static const std::regex user(R"(/2/users/by/username/[A-Za-z0-9_]{1,15})");
    return path == "/2/tweets/search/recent" || path == "/2/tweets/counts/recent" ||
           std::regex_match(path, user);
}

/// Whatever reached X was a GET on an allow-listed path, with the bearer token and
/// none of the client's credentials or cookies.
void expect_upstream_clean(const FakeX& x) {
    for (const Seen& s : x.seen()) {
        INFO("upstream saw " << s.method << " " << s.target);
        CHECK(s.method == "GET");
        CHECK(allowed_upstream_path(s.path));
        CHECK(s.body_size == 0);
        CHECK(s.headers.find("Authorization") != s.headers.end());
        for (const auto& [name, value] : s.headers) {
            INFO("header " << name << ": " << value);
            CHECK(lower(name) != "x-earshot-key");
            CHECK(lower(name) != "cookie");
            CHECK(value.find(kAccessKey) == std::string::npos);
            if (lower(name) == "authorization")
                CHECK(value == "Bearer " + kToken);
        }
    }
}

/// The token is in no answer (head or body); the token, the keys and the searches are
/// in no line the proxy printed.
void expect_no_leaks(const Proxy& p) {
    for (const std::string& raw : p.answers()) {
        INFO("answer:\n" << raw.substr(0, 2000));
        CHECK(raw.find(kToken) == std::string::npos);
        CHECK(raw.find(kAccessKey) == std::string::npos);
    }
    const std::string log = p.output();
    INFO("proxy output:\n" << log.substr(0, 4000));
    CHECK(log.find(kToken) == std::string::npos);
    CHECK(log.find(kAccessKey) == std::string::npos);
    CHECK(log.find(kWrongKey) == std::string::npos);
    CHECK(log.find(kMarker) == std::string::npos);
    CHECK(log.find("query=") == std::string::npos);
}

size_t count_path(const FakeX& x, const std::string& path) {
    size_t n = 0;
    for (const Seen& s : x.seen())
        n += s.path == path;
    return n;
}

std::string iso_utc(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// The start of the next UTC day (or month).
std::time_t next_utc_midnight(std::time_t now, bool month) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    if (month) {
        tm.tm_mday = 1;
        tm.tm_mon += 1;
    } else {
        tm.tm_mday += 1;
    }
    return timegm(&tm);
}

/// A listening socket on 0.0.0.0 holding a port, so a server that binds before it
/// checks its configuration fails differently from one that checks first.
struct HeldPort {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int port = 0;
    HeldPort() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_ANY);
        bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        listen(fd, 1);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~HeldPort() { close(fd); }
};

} // namespace

// [SECTION] Access key

TEST_CASE(
    "no, an empty or a wrong access key is 401 and reaches nothing; the right one is forwarded") {
    FakeX x;
    Proxy p({}, live_env(x.base()));
    REQUIRE(p.port() > 0);

    // What an <img src=…> on any page the owner visits sends: no custom header, no Origin.
    Reply img = p.get_without_key(search("&max_results=100"),
                                  "Accept: image/avif,image/webp,*/*\r\nSec-Fetch-Dest: image\r\n"
                                  "Sec-Fetch-Mode: no-cors\r\nSec-Fetch-Site: cross-site\r\n"
                                  "Referer: https://evil.example/\r\n");
    expect_problem(img, 401, "access-key");
    CHECK(json::parse(img.body, nullptr, false).value("title", "") == "Access key needed");
    CHECK(img.header("WWW-Authenticate") == "X-Earshot-Key");

    // A cross-site fetch() without a custom header needs no preflight either.
    expect_problem(p.get_without_key(search(), "Origin: https://evil.example\r\n"), 401,
                   "access-key");
    expect_problem(p.get_without_key("/api/sources"), 401, "access-key");
    expect_problem(p.send(request_text("GET", search(), p.port(), "X-Earshot-Key: \r\n")), 401,
                   "access-key");

    for (const std::string& wrong : {kWrongKey, kAccessKey.substr(0, kAccessKey.size() - 1),
                                     kAccessKey + "x", lower(kAccessKey), kAccessKey.substr(1)}) {
        INFO("key sent: " << wrong);
        Reply r =
            p.send(request_text("GET", search(), p.port(), "X-Earshot-Key: " + wrong + "\r\n"));
        expect_problem(r, 401, "access-key");
        CHECK(json::parse(r.body, nullptr, false).value("title", "") == "Wrong access key");
    }
    CHECK(x.count() == 0);

    Reply ok = p.get(search(), "Cookie: session=shop-admin\r\n");
    CHECK(ok.status == 200);
    CHECK(x.count() == 1);
    CHECK(x.last().params.find("query")->second == kMarker);
    // Header names are case-insensitive (a TLS front speaking HTTP/2 lower-cases them).
    CHECK(p.send(request_text("GET", search(), p.port(), "x-earshot-key: " + kAccessKey + "\r\n"))
              .status == 200);
    CHECK(x.count() == 2);
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

TEST_CASE("without EARSHOT_ACCESS_KEY any non-empty key is taken, a missing one is still 401") {
    FakeX x;
    Proxy p({}, {"X_BEARER_TOKEN=" + kToken, "X_API_BASE=" + x.base()});
    REQUIRE(p.port() > 0);
    expect_problem(p.get_without_key(search()), 401, "access-key");
    expect_problem(p.send(request_text("GET", search(), p.port(), "X-Earshot-Key:\r\n")), 401,
                   "access-key");
    CHECK(x.count() == 0);
    CHECK(p.send(request_text("GET", search(), p.port(), "X-Earshot-Key: whatever\r\n")).status ==
          200);
    CHECK(x.count() == 1);
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

TEST_CASE("without an access key the proxy refuses any address but loopback, before it binds") {
    FakeX x;
    const std::vector<std::string> no_key{"X_BEARER_TOKEN=" + kToken, "X_API_BASE=" + x.base()};
    // "0" is 0.0.0.0 to inet_aton and getaddrinfo; a name is not loopback because it
    // starts with "localhost".
    for (const std::string host : {"0.0.0.0", "0", "::", "192.0.2.1", "localhost.evil.example"}) {
        INFO("--host " << host);
        HeldPort held; // binding first would fail on it (exit 1), not exit 2
        TempDir state;
        std::vector<std::string> env = no_key;
        env.push_back("EARSHOT_STATE_DIR=" + state.path);
        Child proxy({proxy_binary(), "--host", host, "--port", std::to_string(held.port)}, env);
        const int code = proxy.exit_code(5);
        const std::string out = proxy.output();
        INFO("output: " << out);
        CHECK(code == 2);
        CHECK(out.find("EARSHOT_ACCESS_KEY") != std::string::npos);
        CHECK(out.find("listening on") == std::string::npos);
        CHECK(out.find(kToken) == std::string::npos);
    }
    for (const std::string host : {"127.0.0.1", "127.0.0.2", "localhost"}) {
        INFO("--host " << host);
        Proxy p({"--host", host}, no_key);
        CHECK(p.port() > 0);
    }
    // With a key, any address is fine.
    Proxy open({"--host", "0.0.0.0"}, live_env(x.base()));
    CHECK(open.port() > 0);
    CHECK(x.count() == 0);
}

// [SECTION] Host header (DNS rebinding)

TEST_CASE("a Host not in EARSHOT_ALLOWED_HOSTS is 421 and reaches nothing, static files included") {
    FakeX x;
    TempDir web;
    web.write("index.html", "<title>earshot</title>INDEX-BODY");
    Proxy p({"--web", web.path}, live_env(x.base()));
    REQUIRE(p.port() > 0);
    const std::string port = std::to_string(p.port());
    const std::string key = "X-Earshot-Key: " + kAccessKey + "\r\n";

    for (const std::string host :
         {std::string("evil.example"), "evil.example:" + port,
          "127.0.0.1:" + port + ".evil.example", "127.0.0.1:" + std::to_string(p.port() + 1),
          "127.0.0.1:" + port + "@evil.example"}) {
        INFO("Host: " << host);
        expect_problem(p.send("GET " + search() + " HTTP/1.1\r\nHost: " + host + "\r\n" + key +
                              "Connection: close\r\n\r\n"),
                       421, "misdirected");
        Reply page = p.send("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        CHECK(page.status == 421);
        CHECK(page.body.find("INDEX-BODY") == std::string::npos);
    }
    // No Host at all, two of them (an allowed one first), and an absolute target naming
    // another authority than the allowed Host: never forwarded.
    for (const std::string& head :
         {"GET " + search() + " HTTP/1.0\r\n" + key + "\r\n",
          "GET " + search() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port +
              "\r\nHost: evil.example\r\n" + key + "Connection: close\r\n\r\n",
          "GET http://evil.example" + search() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" +
              key + "Connection: close\r\n\r\n"}) {
        Reply r = p.send(head);
        INFO(r.raw);
        CHECK((r.status == 400 || r.status == 421));
    }
    CHECK(x.count() == 0);

    for (const std::string host : {"127.0.0.1:" + port, "localhost:" + port}) {
        INFO("Host: " << host);
        CHECK(p.send("GET " + search() + " HTTP/1.1\r\nHost: " + host + "\r\n" + key +
                     "Connection: close\r\n\r\n")
                  .status == 200);
    }
    CHECK(x.count() == 2);
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

TEST_CASE("EARSHOT_ALLOWED_HOSTS replaces the default list") {
    FakeX x;
    Proxy p({}, live_env(x.base(),
                         {"EARSHOT_ALLOWED_HOSTS=earshot.shop.example:8443,listen.example:443"}));
    REQUIRE(p.port() > 0);
    const std::string key = "X-Earshot-Key: " + kAccessKey + "\r\n";
    auto with_host = [&](const std::string& host) {
        return p.send("GET " + search() + " HTTP/1.1\r\nHost: " + host + "\r\n" + key +
                      "Connection: close\r\n\r\n");
    };
    CHECK(with_host("earshot.shop.example:8443").status == 200);
    CHECK(with_host("listen.example:443").status == 200);
    CHECK(x.count() == 2);
    // Set by the owner, the list is the whole list: the loopback defaults are gone.
    expect_problem(with_host("127.0.0.1:" + std::to_string(p.port())), 421, "misdirected");
    expect_problem(with_host("evil.example:8443"), 421, "misdirected");
    CHECK(x.count() == 2);
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

// [SECTION] Embedding (embed.js): which pages may frame Earshot

TEST_CASE("embedding: EARSHOT_EMBED_ORIGINS may frame the app but gets no CORS, embed.js is cached "
          "for minutes under its stable name, and no origin at all means same-origin framing only") {
    FakeX x;
    TempDir root;
    const std::string web = root.path + "/web";
    root.write("web/index.html", "<title>earshot</title>INDEX-BODY");
    root.write("web/embed.js", "/* embed */");
    root.write("web/embed.js.gz", "EMBED-GZIP");
    const std::string admin = "https://admin.shop.example";
    Proxy p({"--web", web}, live_env(x.base(), {"EARSHOT_EMBED_ORIGINS=" + admin + ", https://shop.example"}));
    REQUIRE(p.port() > 0);

    Reply page = p.send(request_text("GET", "/", p.port()));
    CHECK(page.status == 200);
    const std::string csp = page.header("Content-Security-Policy");
    CHECK(csp.substr(csp.find("frame-ancestors")) == "frame-ancestors 'self' " + admin + " https://shop.example");
    CHECK_FALSE(page.has("X-Frame-Options"));

    for (const std::string accept : {"", "Accept-Encoding: gzip\r\n"}) {
        INFO("extra: " << accept);
        Reply js = p.send(request_text("GET", "/embed.js", p.port(), accept));
        CHECK(js.status == 200);
        CHECK(js.header("Cache-Control") == "public, max-age=300");
        CHECK(js.header("Content-Type") == "text/javascript; charset=utf-8");
        CHECK(js.body == (accept.empty() ? "/* embed */" : "EMBED-GZIP"));
    }

    // Framing is all an admin page needs: the frame is Earshot's own origin, so
    // the admin page's scripts get no CORS answer from the proxy.
    Reply preflight = p.send(request_text("OPTIONS", "/api/sources", p.port(),
                                          "Origin: " + admin + "\r\nAccess-Control-Request-Method: GET\r\n"
                                          "Access-Control-Request-Headers: x-earshot-key\r\n"));
    CHECK(preflight.status == 403);
    Reply api = p.get("/api/sources", "Origin: " + admin + "\r\n");
    CHECK(api.status == 200);
    CHECK_FALSE(api.has("Access-Control-Allow-Origin"));

    // Both lists together frame-ancestors, each origin once; "*" (CORS for any page) never frames.
    Proxy both({"--web", web}, live_env(x.base(), {"EARSHOT_EMBED_ORIGINS=" + admin,
                                                   "EARSHOT_ALLOWED_ORIGINS=*," + admin}));
    REQUIRE(both.port() > 0);
    Reply b = both.send(request_text("GET", "/index.html", both.port()));
    const std::string b_csp = b.header("Content-Security-Policy");
    CHECK(b_csp.substr(b_csp.find("frame-ancestors")) == "frame-ancestors 'self' " + admin);

    // Nobody listed: only Earshot's own pages may frame it, old browsers told too.
    Proxy alone({"--web", web}, live_env(x.base()));
    REQUIRE(alone.port() > 0);
    Reply a = alone.send(request_text("GET", "/index.html", alone.port()));
    const std::string a_csp = a.header("Content-Security-Policy");
    CHECK(a_csp.substr(a_csp.find("frame-ancestors")) == "frame-ancestors 'self'");
    CHECK(a.header("X-Frame-Options") == "SAMEORIGIN");
    CHECK(x.count() == 0);
}

TEST_CASE("EARSHOT_EMBED_ORIGINS refuses \"*\" and anything but scheme and host, before it binds") {
    FakeX x;
    for (const std::string value : {"*", "https://admin.example/panel", "admin.example", "https://a.example;script-src *"}) {
        INFO("EARSHOT_EMBED_ORIGINS=" << value);
        HeldPort held;
        TempDir state;
        std::vector<std::string> env = live_env(x.base(), {"EARSHOT_EMBED_ORIGINS=" + value});
        env.push_back("EARSHOT_STATE_DIR=" + state.path);
        Child proxy({proxy_binary(), "--port", std::to_string(held.port)}, env);
        const int code = proxy.exit_code(5);
        const std::string out = proxy.output();
        INFO("output: " << out);
        CHECK(code == 2);
        CHECK(out.find("EARSHOT_EMBED_ORIGINS") != std::string::npos);
        CHECK(out.find("listening on") == std::string::npos);
    }
}

// [SECTION] CORS and methods

TEST_CASE("a preflight is answered for allowed origins only, and no preflight reaches X") {
    FakeX x;
    Proxy p({}, live_env(x.base(), {"EARSHOT_ALLOWED_ORIGINS=https://shop.example"}));
    REQUIRE(p.port() > 0);
    auto preflight = [&](const std::string& origin) {
        return p.send(request_text("OPTIONS", search("&max_results=100"), p.port(),
                                   "Origin: " + origin +
                                       "\r\nAccess-Control-Request-Method: GET\r\n"
                                       "Access-Control-Request-Headers: x-earshot-key\r\n"));
    };
    Reply ok = preflight("https://shop.example");
    CHECK(ok.status == 204);
    CHECK(ok.header("Access-Control-Allow-Origin") == "https://shop.example");
    CHECK(lower(ok.header("Access-Control-Allow-Headers")).find("x-earshot-key") !=
          std::string::npos);
    const std::string methods = ok.header("Access-Control-Allow-Methods");
    CHECK(methods.find("GET") != std::string::npos);
    for (const char* m : {"POST", "PUT", "DELETE", "PATCH"})
        CHECK(methods.find(m) == std::string::npos);

    for (const std::string origin :
         {"https://evil.example", "null", "http://shop.example",
          "https://shop.example.evil.example", "https://evil.example/https://shop.example"}) {
        INFO("Origin: " << origin);
        Reply r = preflight(origin);
        CHECK(r.status == 403);
        CHECK_FALSE(r.has("Access-Control-Allow-Origin"));
        CHECK_FALSE(r.has("Access-Control-Allow-Headers"));
    }
    CHECK(x.count() == 0);

    Reply allowed = p.get(search(), "Origin: https://shop.example\r\n");
    CHECK(allowed.status == 200);
    CHECK(allowed.header("Access-Control-Allow-Origin") == "https://shop.example");
    Reply other = p.get(search(), "Origin: https://evil.example\r\n");
    CHECK_FALSE(other.has("Access-Control-Allow-Origin"));
    // The embedding page must be able to read the 401 to ask for the key; others not.
    Reply needs_key = p.get_without_key(search(), "Origin: https://shop.example\r\n");
    CHECK(needs_key.status == 401);
    CHECK(needs_key.header("Access-Control-Allow-Origin") == "https://shop.example");
    CHECK_FALSE(p.get_without_key(search(), "Origin: https://evil.example\r\n")
                    .has("Access-Control-Allow-Origin"));
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

TEST_CASE("only GET reaches X: other methods are 405 with Allow: GET, request bodies are refused") {
    FakeX x;
    Proxy p({}, live_env(x.base()));
    REQUIRE(p.port() > 0);
    const std::string key = "X-Earshot-Key: " + kAccessKey + "\r\n";

    for (const std::string method : {"HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE"}) {
        for (const std::string target : {search("&max_results=100"), std::string("/api/sources")}) {
            INFO(method << " " << target);
            const bool head = method == "HEAD";
            const std::string length =
                head || method == "TRACE" || method == "DELETE" ? "" : "Content-Length: 0\r\n";
            Reply r = p.send(request_text(method, target, p.port(), key + length), 10, head);
            // httplib itself may refuse TRACE as a method it does not route.
            if (method == "TRACE")
                CHECK((r.status == 405 || r.status == 400));
            if (method == "TRACE")
                continue;
            CHECK(r.status == 405);
            const std::string allow = r.header("Allow");
            CHECK(allow.find("GET") != std::string::npos);
            for (const char* m : {"HEAD", "POST", "PUT", "DELETE", "PATCH"})
                CHECK(allow.find(m) == std::string::npos);
        }
    }
    Reply post = p.send(
        request_text(
            "POST", search(), p.port(),
            key + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 15\r\n") +
        "max_results=100");
    CHECK((post.status == 405 || post.status == 413));
    Reply get_body =
        p.send(request_text("GET", search(), p.port(), key + "Content-Length: 15\r\n") +
               "max_results=100");
    CHECK(get_body.status == 413);
    Reply chunked =
        p.send(request_text("GET", search(), p.port(), key + "Transfer-Encoding: chunked\r\n") +
               "f\r\nmax_results=100\r\n0\r\n\r\n");
    INFO(chunked.raw);
    CHECK((chunked.status == 413 || chunked.status == 400));
    CHECK(x.count() == 0);
    expect_no_leaks(p);
}

TEST_CASE("on one connection every request is checked on its own, and a body is never read as "
          "the next request") {
    FakeX x;
    Proxy p({}, live_env(x.base()));
    REQUIRE(p.port() > 0);
    const std::string host = "Host: 127.0.0.1:" + std::to_string(p.port()) + "\r\n";
    const std::string key = "X-Earshot-Key: " + kAccessKey + "\r\n";
    const std::string good = "GET " + search() + " HTTP/1.1\r\n" + host + key + "\r\n";

    {
        // Pipelined: a good request, then one for another Host, then one without a key.
        Socket s(p.port());
        s.send_all(good + "GET " + search() + " HTTP/1.1\r\nHost: evil.example\r\n" + key + "\r\n" +
                   "GET " + search() + " HTTP/1.1\r\n" + host + "\r\n");
        CHECK(s.read_reply(5).status == 200);
        Reply second = s.read_reply(5);
        Reply third = s.read_reply(5);
        CHECK(second.status == 421);
        CHECK((third.status == 401 || (third.status == 0 && third.closed)));
        CHECK(x.count() == 1);
    }

    // A request whose body is a whole request: refused, and the inner one never runs.
    const std::string inner =
        "GET " + search("&max_results=100") + " HTTP/1.1\r\n" + host + key + "\r\n";
    const std::vector<std::string> smuggles{
        "GET " + search() + " HTTP/1.1\r\n" + host + key +
            "Content-Length: " + std::to_string(inner.size()) + "\r\n\r\n" + inner,
        "GET " + search() + " HTTP/1.1\r\n" + host + key + "Transfer-Encoding: chunked\r\n\r\n" +
            [&] {
                char size[16];
                std::snprintf(size, sizeof size, "%zx", inner.size());
                return std::string(size) + "\r\n" + inner + "\r\n0\r\n\r\n";
            }(),
        "GET " + search() + " HTTP/1.1\r\n" + host + key + "Content-Length: 0\r\n" +
            "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + inner,
        "GET " + search() + " HTTP/1.1\r\n" + host + key + "Content-Length: 0\r\n" +
            "Content-Length: " + std::to_string(inner.size()) + "\r\n\r\n" + inner,
    };
    for (const std::string& smuggle : smuggles) {
        INFO(smuggle);
        const size_t before = x.count();
        Socket s(p.port());
        s.send_all(smuggle);
        Reply first = s.read_reply(5);
        CHECK((first.status == 400 || first.status == 413));
        Reply next = s.read_reply(1);
        CHECK(next.status != 200);
        CHECK(x.count() == before);
        CHECK(x.last().params.count("max_results") == 0);
    }
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

TEST_CASE("guessing the access key counts against the per-client rate") {
    FakeX x;
    Proxy p({}, live_env(x.base(), {"EARSHOT_API_RATE_PER_MINUTE=5"}));
    REQUIRE(p.port() > 0);
    for (int i = 0; i < 5; ++i)
        CHECK(p.send(request_text("GET", search(), p.port(),
                                  "X-Earshot-Key: " + kWrongKey + std::to_string(i) + "\r\n"))
                  .status == 401);
    expect_problem(
        p.send(request_text("GET", search(), p.port(), "X-Earshot-Key: " + kWrongKey + "5\r\n")),
        429, "rate-limit");
    CHECK(x.count() == 0);
    expect_no_leaks(p);
}

// [SECTION] Endpoints and parameters

TEST_CASE("unknown, repeated or invalid parameters and paths are 400/404 and reach nothing") {
    FakeX x;
    Proxy p({}, live_env(x.base()));
    REQUIRE(p.port() > 0);

    struct Bad {
        std::string target, named; // named: the parameter the problem must mention
    };
    const std::string q = "query=" + kMarker;
    const std::vector<Bad> bad{
        {search("&foo=1"), "foo"},
        {search("&a%26b%3Dc=1"), ""}, // reached X as a&b=c before
        {search("&QUERY=b"), "QUERY"},
        {search("&query%5B%5D=b"), ""},
        {search("&%00=1"), ""},
        {kSearch, "query"},
        {kSearch + "?query=", "query"},
        {kSearch + "?query=" + kMarker + std::string(513 - kMarker.size(), 'a'), "query"},
        {search("&max_results=9"), "max_results"},
        {search("&max_results=101"), "max_results"},
        {search("&max_results=abc"), "max_results"},
        {search("&max_results="), "max_results"},
        {search("&max_results"), "max_results"},
        {search("&max_results=10.5"), "max_results"},
        {search("&max_results=%2B50"), "max_results"},
        {search("&max_results=50%20"), "max_results"},
        {search("&since_id=12a"), "since_id"},
        {search("&since_id=-1"), "since_id"},
        {search("&since_id=12345678901234567890"), "since_id"},
        {search("&until_id=1%202"), "until_id"},
        {search("&tweet.fields=created_at,bogus"), "tweet.fields"},
        {search("&expansions=author_id,evil"), "expansions"},
        {search("&user.fields=password"), "user.fields"},
        {search("&sort_order=newest"), "sort_order"},
        {search("&start_time=2026-12-01"), "start_time"},
        {search("&start_time=2026-12-01T00:00:00%2B01:00"), "start_time"},
        {search("&end_time=yesterday"), "end_time"},
        {search("&next_token=a%2Fb"), "next_token"},
        {search("&next_token=" + std::string(129, 'a')), "next_token"},
        {search("&pagination_token=..%2F..%2F"), "pagination_token"},
        {search("&granularity=hour"), "granularity"},
        {search("&query=b"), "query"},
        {search("&max_results=10&max_results=20"), "max_results"},
        {kCounts + "?" + q + "&granularity=week", "granularity"},
        {kCounts + "?" + q + "&max_results=10", "max_results"},
        {kUser + "jack?" + q, "query"},
        {kUser + "jack?user.fields=secret", "user.fields"},
    };
    for (const Bad& b : bad) {
        INFO("GET " << b.target);
        Reply r = p.get(b.target);
        expect_problem(r, 400);
        if (!b.named.empty())
            CHECK(r.body.find(b.named) != std::string::npos);
    }
    for (const std::string& target : std::vector<std::string>{
             "/api/x/2/tweets/123", kUser + "toolongname_1234", "/api/x/../../etc/passwd",
             "/api/x/%2e%2e/%2e%2e/etc/passwd", kUser + "a%2F..%2F..%2Ftweets%2F123",
             kUser + "jack/extra", kUser, kUser + "j%C3%A4ck", "/api/x/2/tweets/search/all?" + q,
             "/api/x/2/tweets/search/stream?" + q,
             "/api/x/2/tweets/search/recent%2F..%2F..%2F123?" + q,
             "/api/x/1.1/search/tweets.json?q=a", "/api/x//2/tweets/123"}) {
        INFO("GET " << target);
        Reply r = p.get(target);
        CHECK((r.status == 400 || r.status == 404));
    }
    CHECK(x.count() == 0);
    // Dot segments that land on an allowed path may be refused or forwarded, but only
    // ever to that path (expect_upstream_clean).
    p.get("/api/x/2/tweets/search/../search/recent?" + q);
    p.get("/api/x/2/tweets/counts/../../tweets/123?" + q);
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

TEST_CASE("valid parameters are forwarded re-encoded: X decodes exactly what the app sent") {
    FakeX x;
    Proxy p({}, live_env(x.base()));
    REQUIRE(p.port() > 0);

    struct Good {
        std::string path; ///< the proxy's path; X's is the same without /api/x
        std::vector<std::pair<std::string, std::string>> params;
    };
    const std::string tricky =
        kMarker + R"( café & "fast" #coffee 100% a+b=c ;/?%20 łódź Żółć 😀 x)";
    const std::vector<Good> good{
        {kSearch, {{"query", kMarker + std::string(512 - kMarker.size(), 'a')}}},
        {kSearch, {{"query", tricky}}},
        {kSearch, {{"query", kMarker + " line\r\nX-Injected: 1"}}},
        {kSearch, {{"query", kMarker + std::string(" nul\0after", 10)}}},
        // X counts characters, not bytes: 512 Polish letters are 1024 bytes.
        {kSearch,
         {{"query", kMarker +
                        [] {
                            std::string s;
                            for (int i = 0; i < 502; ++i)
                                s += "ą";
                            return s;
                        }()}}},
        {kSearch, {{"query", kMarker}, {"max_results", "10"}}},
        {kSearch, {{"query", kMarker}, {"max_results", "100"}}},
        {kSearch,
         {{"query", kMarker},
          {"since_id", "1234567890123456789"},
          {"until_id", "1"},
          {"sort_order", "recency"},
          {"next_token", "b26v89c19zqg8o3fpzbkk3u9wqrpdtu6rd3ktkdrwk4sd"},
          {"start_time", "2026-12-01T00:00:00Z"},
          {"end_time", "2026-12-02T12:30:00.000Z"},
          {"tweet.fields", "created_at,author_id,public_metrics,lang,conversation_id,entities"},
          {"expansions", "author_id"},
          {"user.fields", "username,name,verified"}}},
        {kSearch,
         {{"query", kMarker}, {"sort_order", "relevancy"}, {"pagination_token", "abc_DEF-123"}}},
        {kCounts, {{"query", kMarker}, {"granularity", "hour"}}},
        {kUser + "jack", {{"user.fields", "description,created_at"}}},
        {kUser + "A_b_9", {}},
    };
    for (const Good& g : good) {
        std::string target = g.path;
        for (size_t i = 0; i < g.params.size(); ++i)
            target +=
                (i ? "&" : "?") + encode(g.params[i].first) + "=" + encode(g.params[i].second);
        INFO("GET " << target);
        const size_t before = x.count();
        Reply r = p.get(target);
        const bool injected =
            target.find("%0A") != std::string::npos || target.find("%00") != std::string::npos;
        if (injected && r.status == 400)
            continue; // refusing a control character is fine too
        CHECK(r.status == 200);
        REQUIRE(x.count() == before + 1);
        const Seen seen = x.last();
        CHECK(seen.path == g.path.substr(std::strlen("/api/x")));
        CHECK(seen.params.size() == g.params.size());
        for (const auto& [name, value] : g.params) {
            INFO("parameter " << name);
            CHECK(seen.params.count(name) == 1);
            if (seen.params.count(name))
                CHECK(seen.params.find(name)->second == value);
        }
        if (injected)
            CHECK(seen.headers.find("X-Injected") == seen.headers.end());
    }
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

TEST_CASE("the Bluesky and Mastodon routes go through the same gate as X's") {
    FakeX x; // stands in for the PDS and the Mastodon server, recording what reaches them
    Proxy p({}, live_env(x.base(),
                         {"BSKY_HANDLE=crumb.bsky.social",
                          "BSKY_APP_PASSWORD=app-pass-abuse-secret", "BSKY_PDS=" + x.base(),
                          "MASTODON_SERVERS=mastodon.example", "MASTODON_BASE_0=" + x.base()}));
    REQUIRE(p.port() > 0);
    const std::string port = std::to_string(p.port());
    const std::string key = "X-Earshot-Key: " + kAccessKey + "\r\n";
    for (const std::string route :
         {"/api/bsky/xrpc/app.bsky.feed.searchPosts?q=" + kMarker,
          "/api/mastodon/mastodon.example/api/v1/timelines/tag/" + kTagMarker + "?limit=40"}) {
        INFO(route);
        expect_problem(p.get_without_key(route), 401, "access-key");
        expect_problem(p.send("GET " + route + " HTTP/1.1\r\nHost: evil.example\r\n" + key +
                              "Connection: close\r\n\r\n"),
                       421, "misdirected");
        CHECK(p.send(request_text("POST", route, p.port(), key + "Content-Length: 0\r\n")).status ==
              405);
        expect_problem(p.get(route + "&foo=1"), 400);
        expect_problem(p.get(route + "&a%26b%3Dc=1"), 400);
    }
    for (const Seen& s : x.seen()) {
        INFO(s.method << " " << s.target);
        CHECK(s.target.find(kMarker) == std::string::npos);
        CHECK(s.target.find(kTagMarker) == std::string::npos);
    }
    // The wiring works: a good request does reach the stand-in.
    p.get("/api/mastodon/mastodon.example/api/v1/timelines/tag/coffee?limit=40");
    CHECK(x.last().path == "/api/v1/timelines/tag/coffee");
    const std::string log = p.output();
    CHECK(log.find("app-pass-abuse-secret") == std::string::npos);
    // A hashtag in a Mastodon path is the user's search, as private as a query string.
    CHECK(log.find(kTagMarker) == std::string::npos);
    expect_no_leaks(p);
}

// [SECTION] Upstream failures

TEST_CASE("an upstream answer past 8 MB is 502, with or without Content-Length") {
    FakeX x;
    Proxy p({}, live_env(x.base()));
    REQUIRE(p.port() > 0);
    x.pad_bytes = 9 * 1024 * 1024;
    for (bool chunked : {false, true}) {
        INFO((chunked ? "chunked" : "Content-Length"));
        x.chunked = chunked;
        Reply r = p.get(search(), "", 20);
        expect_problem(r, 502);
        CHECK(r.body.size() < 64 * 1024);
    }
    expect_no_leaks(p);
}

TEST_CASE("an upstream that never answers or trickles forever is 504 by the overall deadline") {
    for (auto mode : {StallingX::Mode::Silent, StallingX::Mode::Trickle}) {
        INFO((mode == StallingX::Mode::Silent ? "silent" : "trickling"));
        StallingX x(mode);
        Proxy p({"--upstream-timeout", "2"}, live_env(x.base()));
        REQUIRE(p.port() > 0);
        const auto t0 = Clock::now();
        Reply r = p.get(search(), "", 15);
        const double took = seconds_since(t0);
        expect_problem(r, 504);
        CHECK(took >= 1.5);
        CHECK(took < 6);
        CHECK(x.requests >= 1);
        expect_no_leaks(p);
    }
}

TEST_CASE("one kept-alive upstream connection serves a run of searches") {
    FakeX x;
    Proxy p({}, live_env(x.base()));
    REQUIRE(p.port() > 0);
    for (int i = 0; i < 20; ++i)
        CHECK(p.get(search()).status == 200);
    const std::vector<Seen> seen = x.seen();
    CHECK(seen.size() == 20);
    std::set<int> connections;
    for (const Seen& s : seen)
        connections.insert(s.remote_port);
    CHECK(connections.size() <= 2);
    expect_no_leaks(p);
}

// [SECTION] Server-side spend cap

namespace {

/// Runs `searches_allowed` searches (each answered with 100 posts) then one more, which
/// must be refused for the `cap`; returns that refusal.
Reply search_past_the_cap(Proxy& p, FakeX& x, int searches_allowed) {
    const size_t before = count_path(x, "/2/tweets/search/recent");
    for (int i = 0; i < searches_allowed; ++i)
        CHECK(p.get(search("&max_results=100")).status == 200);
    CHECK(count_path(x, "/2/tweets/search/recent") == before + searches_allowed);
    return p.get(search("&max_results=100"));
}

void expect_cap_problem(const Reply& r, const std::string& cap, const std::string& title,
                        bool month) {
    const std::time_t now = std::time(nullptr);
    expect_problem(r, 429, "post-cap");
    const json body = json::parse(r.body, nullptr, false);
    CHECK(body.value("cap", "") == cap);
    CHECK(body.value("title", "") == title);
    // Near midnight the proxy may have answered just before it.
    const std::string resets = body.value("resets_at", "");
    CHECK((resets == iso_utc(next_utc_midnight(now, month)) ||
           resets == iso_utc(next_utc_midnight(now - 5, month))));
    const std::string retry = r.header("Retry-After");
    CHECK(std::regex_match(retry, std::regex("[0-9]{1,8}")));
    const long long wait = std::atoll(retry.c_str());
    CHECK(std::llabs(wait - (next_utc_midnight(now, month) - now)) <= 120);
}

} // namespace

TEST_CASE(
    "daily post cap: counted from search answers only, 429 once reached, kept across a restart") {
    FakeX x;
    x.result_count = 100;
    TempDir state;
    const auto env =
        live_env(x.base(), {"EARSHOT_X_DAILY_POST_CAP=250", "EARSHOT_STATE_DIR=" + state.path});
    {
        Proxy p({}, env);
        REQUIRE(p.port() > 0);
        // Counts and user lookups read no posts, even if their answer says result_count.
        for (int i = 0; i < 3; ++i) {
            CHECK(p.get(kCounts + "?query=" + kMarker).status == 200);
            CHECK(p.get(kUser + "jack").status == 200);
        }
        expect_cap_problem(search_past_the_cap(p, x, 3), "daily", "Daily post cap reached", false);
        CHECK(count_path(x, "/2/tweets/search/recent") == 3);
        CHECK(p.get(kCounts + "?query=" + kMarker).status == 200); // counts bill no posts
        expect_no_leaks(p);
    }
    CHECK(std::filesystem::exists(state.path + "/x-spend.json"));
    Proxy restarted({}, env);
    REQUIRE(restarted.port() > 0);
    expect_cap_problem(restarted.get(search()), "daily", "Daily post cap reached", false);
    CHECK(count_path(x, "/2/tweets/search/recent") == 3);
    expect_upstream_clean(x);
    expect_no_leaks(restarted);
}

TEST_CASE("with a cap set, a damaged ledger or a state folder that cannot be made stops the "
          "proxy at start, and the ledger is left as it was") {
    FakeX x;
    TempDir state;
    const std::string ledger = state.write("x-spend.json", "{\"version\":1,\"day\":");
    Child damaged(
        {proxy_binary(), "--port", "0"},
        live_env(x.base(), {"EARSHOT_X_DAILY_POST_CAP=250", "EARSHOT_STATE_DIR=" + state.path}));
    CHECK(damaged.exit_code(5) == 2);
    CHECK(damaged.output().find("x-spend.json") != std::string::npos);
    CHECK(read_whole_file(ledger) == "{\"version\":1,\"day\":");

    const std::string not_a_folder = state.write("plain-file", "");
    Child unmakeable({proxy_binary(), "--port", "0"},
                     live_env(x.base(), {"EARSHOT_X_MONTHLY_POST_CAP=250",
                                         "EARSHOT_STATE_DIR=" + not_a_folder + "/state"}));
    CHECK(unmakeable.exit_code(5) == 2);
    CHECK(unmakeable.output().find("EARSHOT_STATE_DIR") != std::string::npos);
    CHECK(x.count() == 0);
}

TEST_CASE("monthly post cap: 429 once reached, kept across a crash (SIGKILL) and restart") {
    FakeX x;
    x.result_count = 100;
    TempDir state;
    const auto env =
        live_env(x.base(), {"EARSHOT_X_MONTHLY_POST_CAP=250", "EARSHOT_STATE_DIR=" + state.path});
    {
        Proxy p({}, env);
        REQUIRE(p.port() > 0);
        expect_cap_problem(search_past_the_cap(p, x, 3), "monthly", "Monthly post cap reached",
                           true);
        expect_no_leaks(p);
        // Posts X billed are spent even if the proxy dies the next moment.
        p.child().kill_now();
    }
    Proxy restarted({}, env);
    REQUIRE(restarted.port() > 0);
    expect_cap_problem(restarted.get(search()), "monthly", "Monthly post cap reached", true);
    CHECK(count_path(x, "/2/tweets/search/recent") == 3);
    expect_no_leaks(restarted);
}

// [SECTION] Greedy and slow clients

TEST_CASE(
    "per-client rate on /api/: the 6th quick request of 5 a minute is 429 and not forwarded") {
    FakeX x;
    Proxy p({}, live_env(x.base(), {"EARSHOT_API_RATE_PER_MINUTE=5"}));
    REQUIRE(p.port() > 0);
    for (int i = 0; i < 5; ++i)
        CHECK(p.get(search()).status == 200);
    Reply sixth = p.get(search());
    expect_problem(sixth, 429, "rate-limit");
    CHECK(std::regex_match(sixth.header("Retry-After"), std::regex("[1-9][0-9]{0,3}")));
    CHECK(x.count() == 5);

    // Behind a TLS front on the same machine the client is the right-most
    // X-Forwarded-For entry; entries a client prepends itself change nothing.
    const std::string client = "X-Forwarded-For: 198.51.100.7\r\n";
    for (int i = 0; i < 5; ++i)
        CHECK(p.get(search(), client).status == 200);
    CHECK(p.get(search(), client).status == 429);
    CHECK(p.get(search(), "X-Forwarded-For: 203.0.113.1, 198.51.100.7\r\n").status == 429);
    CHECK(x.count() == 10);
    expect_upstream_clean(x);
    expect_no_leaks(p);
}

namespace {

/// `n` connections spread over loopback addresses 127.0.0.2… (`per_ip` each), each
/// having sent the start of a request head that never ends.
std::vector<Socket> open_slow_clients(int port, int n, int per_ip) {
    std::vector<Socket> out;
    for (int i = 0; i < n; ++i) {
        const std::string ip = "127.0.0." + std::to_string(2 + i / per_ip);
        Socket s(port, ip.c_str());
        s.send_all("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nX-Slow: ");
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

TEST_CASE("64 clients that never finish their headers do not starve a page load") {
    FakeX x;
    TempDir web;
    web.write("index.html", "<title>earshot</title>INDEX-BODY");
    Proxy p({"--web", web.path}, live_env(x.base())); // the default 10 s header deadline
    REQUIRE(p.port() > 0);
    std::vector<Socket> slow = open_slow_clients(p.port(), 64, 16);
    for (const Socket& s : slow)
        CHECK(s.connected());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));

    auto t0 = Clock::now();
    Reply page = p.send(request_text("GET", "/", p.port()), 5);
    CHECK(page.status == 200);
    CHECK(page.body.find("INDEX-BODY") != std::string::npos);
    CHECK(seconds_since(t0) < 3);
    t0 = Clock::now();
    CHECK(p.get(search(), "", 5).status == 200);
    CHECK(seconds_since(t0) < 3);
    expect_no_leaks(p);
}

namespace {

/// One of this machine's IPv4 addresses outside 127.0.0.0/8, or "" when it has none.
std::string non_loopback_ipv4() {
    ifaddrs* all = nullptr;
    if (getifaddrs(&all) != 0)
        return "";
    std::string found;
    for (ifaddrs* i = all; i && found.empty(); i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP))
            continue;
        char text[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, text,
                  sizeof text);
        if (std::string(text).rfind("127.", 0) != 0)
            found = text;
    }
    freeifaddrs(all);
    return found;
}

} // namespace

TEST_CASE("72 clients that never read their answers do not starve a page load") {
    FakeX x;
    TempDir web;
    web.write("index.html", "<title>earshot</title>INDEX-BODY");
    // Past the 4 MB a loopback send buffer grows to, so each answer keeps a writer busy.
    web.write("big.bin", std::string(6 * 1024 * 1024, 'b'));
    Proxy p({"--web", web.path}, live_env(x.base()));
    REQUIRE(p.port() > 0);
    std::vector<Socket> readers_that_never_read;
    for (int i = 0; i < 72; ++i) {
        const std::string ip = "127.0.0." + std::to_string(2 + i / 8);
        readers_that_never_read.emplace_back(p.port(), ip.c_str(), "127.0.0.1", 4096);
        readers_that_never_read.back().send_all(request_text("GET", "/big.bin", p.port()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    const auto t0 = Clock::now();
    Reply page = p.send(request_text("GET", "/", p.port()), 5);
    CHECK(page.status == 200);
    CHECK(page.body.find("INDEX-BODY") != std::string::npos);
    CHECK(seconds_since(t0) < 3);
    expect_no_leaks(p);
}

TEST_CASE("connections beyond EARSHOT_MAX_CONNECTIONS are closed at once") {
    FakeX x;
    Proxy p({}, live_env(x.base(), {"EARSHOT_MAX_CONNECTIONS=8"}));
    REQUIRE(p.port() > 0);
    std::vector<Socket> first = open_slow_clients(p.port(), 8, 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Socket extra(p.port(), "127.0.0.9");
    extra.send_all("GET / HTTP/1.1\r\n");
    CHECK(extra.wait_closed(2));
    CHECK_FALSE(first.front().wait_closed(0.2)); // the 8 wait for their 10 s deadline
    first.clear();                               // room again
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(p.get(search(), "", 5).status == 200);
    expect_no_leaks(p);
}

// A proxy behind a TLS front on the same machine sees every client as loopback, so
// loopback peers are not capped per address; the cap is tested from the machine's own
// non-loopback address, with the proxy listening on all addresses.
TEST_CASE("connections beyond 32 from one non-loopback address are closed at once") {
    const std::string ip = non_loopback_ipv4();
    if (ip.empty()) {
        WARN("this machine has no non-loopback IPv4 address: the per-address cap is not tested");
        return;
    }
    FakeX x;
    Proxy p({"--host", "0.0.0.0"}, live_env(x.base()));
    REQUIRE(p.port() > 0);
    const std::string start =
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(p.port()) + "\r\n";
    std::vector<Socket> first;
    for (int i = 0; i < 32; ++i) {
        first.emplace_back(p.port(), ip.c_str(), ip.c_str());
        first.back().send_all(start);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Socket extra(p.port(), ip.c_str(), ip.c_str());
    REQUIRE(extra.connected());
    extra.send_all(start);
    CHECK(extra.wait_closed(2));
    // The 32 are still waiting (their deadline is 10 s), and other addresses are served.
    CHECK_FALSE(first.front().wait_closed(0.2));
    CHECK(p.get(search(), "", 5).status == 200);
    expect_no_leaks(p);
}

TEST_CASE("X-Forwarded-For from a non-loopback peer is ignored: rotating it evades no rate") {
    const std::string ip = non_loopback_ipv4();
    if (ip.empty()) {
        WARN("this machine has no non-loopback IPv4 address: X-Forwarded-For trust not tested");
        return;
    }
    FakeX x;
    Proxy p({"--host", "0.0.0.0"}, live_env(x.base(), {"EARSHOT_API_RATE_PER_MINUTE=5"}));
    REQUIRE(p.port() > 0);
    std::vector<int> statuses;
    for (int i = 0; i < 6; ++i) {
        Socket s(p.port(), ip.c_str(), ip.c_str());
        s.send_all(request_text("GET", search(), p.port(),
                                "X-Earshot-Key: " + kAccessKey +
                                    "\r\nX-Forwarded-For: 198.51.100." + std::to_string(10 + i) +
                                    "\r\n"));
        statuses.push_back(s.read_reply(5).status);
    }
    CHECK(statuses == std::vector<int>{200, 200, 200, 200, 200, 429});
    CHECK(x.count() == 5);
    expect_no_leaks(p);
}

TEST_CASE("a request head must arrive within EARSHOT_HEADER_TIMEOUT_S and fit in 16 KB; an idle "
          "kept-alive connection is closed") {
    FakeX x;
    Proxy p({}, live_env(x.base(), {"EARSHOT_HEADER_TIMEOUT_S=2"}));
    REQUIRE(p.port() > 0);
    const std::string start =
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(p.port()) + "\r\n";

    // Asks once and keeps the connection: checked at the end, 15 s (+ slack) later.
    Socket idle(p.port());
    idle.send_all("GET /api/sources HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(p.port()) +
                  "\r\nX-Earshot-Key: " + kAccessKey + "\r\n\r\n");
    CHECK(idle.read_reply(5).status == 200);
    const auto idle_since = Clock::now();

    Socket silent(p.port()), partial(p.port()), trickle(p.port());
    partial.send_all(start);
    trickle.send_all(start);
    const auto t0 = Clock::now();
    // One byte every 300 ms: a per-read timeout would never fire, only a deadline can.
    bool trickle_closed = false;
    std::string trickle_got;
    while (!trickle_closed && seconds_since(t0) < 8) {
        trickle.send_all("X");
        trickle_closed = trickle.wait_closed(0.3, &trickle_got);
    }
    const double trickle_took = seconds_since(t0);
    CHECK(trickle_closed);
    CHECK(trickle_took >= 1.5);
    CHECK(trickle_took < 6);
    CHECK(trickle_got.rfind("HTTP/1.1 408", 0) == 0);

    std::string silent_got, partial_got;
    CHECK(silent.wait_closed(6 - seconds_since(t0), &silent_got));
    CHECK(silent_got.empty()); // nothing came, so nothing to answer
    CHECK(partial.wait_closed(6 - seconds_since(t0), &partial_got));
    CHECK(partial_got.rfind("HTTP/1.1 408", 0) == 0);
    CHECK(seconds_since(t0) < 6);

    Reply huge =
        p.send(start + "X-Pad: " + std::string(20 * 1024, 'a') + "\r\nConnection: close\r\n\r\n");
    CHECK(huge.status == 431);
    Reply long_target = p.get(search() + std::string(20 * 1024, 'a'));
    CHECK((long_target.status == 414 || long_target.status == 431 || long_target.status == 400));
    CHECK(x.count() == 0);

    CHECK(idle.wait_closed(17.5 - seconds_since(idle_since)));
    expect_no_leaks(p);
}

// [SECTION] Static files

TEST_CASE("static files: precompressed siblings, caching by name, security headers, no way out of "
          "the dir") {
    FakeX x;
    TempDir root;
    const std::string web = root.path + "/web";
    root.write("secret.txt", "TOP-SECRET-FILE");
    root.write("web/index.html", "<title>earshot</title>INDEX-BODY");
    root.write("web/app.wasm", "WASM-IDENTITY-BYTES");
    root.write("web/app.wasm.gz", "WASM-GZIP-BYTES");
    root.write("web/app.wasm.br", "WASM-BROTLI-BYTES");
    root.write("web/app.0123abcd.js", "console.log('hashed');");
    Proxy p({"--web", web},
            live_env(x.base(),
                     {"EARSHOT_ALLOWED_ORIGINS=https://shop.example,https://admin.shop.example"}));
    REQUIRE(p.port() > 0);
    auto fetch = [&](const std::string& target, const std::string& extra = "") {
        return p.send(request_text("GET", target, p.port(), extra));
    };
    auto expect_security_headers = [](const Reply& r) {
        CHECK(r.header("X-Content-Type-Options") == "nosniff");
        CHECK_FALSE(r.has("X-Frame-Options")); // it cannot name the allowed origins
        CHECK(r.header("Referrer-Policy") == "no-referrer");
        // The contract's policy, word for word: no 'unsafe-inline' anywhere.
        CHECK(r.header("Content-Security-Policy") ==
              "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
              "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
              "object-src 'none'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'self' https://shop.example https://admin.shop.example");
    };

    struct Encoding {
        std::string accept, body, content_encoding;
    };
    for (const Encoding& e : std::vector<Encoding>{{"br, gzip, deflate", "WASM-BROTLI-BYTES", "br"},
                                                   {"gzip, deflate", "WASM-GZIP-BYTES", "gzip"},
                                                   {"", "WASM-IDENTITY-BYTES", ""},
                                                   {"identity", "WASM-IDENTITY-BYTES", ""}}) {
        INFO("Accept-Encoding: " << e.accept);
        Reply r =
            fetch("/app.wasm", e.accept.empty() ? "" : "Accept-Encoding: " + e.accept + "\r\n");
        CHECK(r.status == 200);
        CHECK(r.body == e.body);
        CHECK(r.header("Content-Encoding") == e.content_encoding);
        CHECK(r.header("Content-Type") == "application/wasm");
        CHECK(lower(r.header("Vary")).find("accept-encoding") != std::string::npos);
        CHECK(r.header("Cache-Control").find("immutable") == std::string::npos);
        expect_security_headers(r);
    }

    Reply hashed = fetch("/app.0123abcd.js");
    CHECK(hashed.status == 200);
    CHECK(hashed.header("Cache-Control").find("immutable") != std::string::npos);
    CHECK(hashed.header("Cache-Control").find("max-age=31536000") != std::string::npos);
    expect_security_headers(hashed);
    for (const std::string target : {"/", "/index.html"}) {
        INFO(target);
        Reply r = fetch(target);
        CHECK(r.status == 200);
        CHECK(r.body.find("INDEX-BODY") != std::string::npos);
        CHECK(r.header("Cache-Control").find("no-cache") != std::string::npos);
        CHECK(r.header("Cache-Control").find("immutable") == std::string::npos);
        CHECK(r.has("ETag"));
        expect_security_headers(r);
    }
    Reply head = p.send(request_text("HEAD", "/index.html", p.port()), 10, true);
    CHECK(head.status == 200);
    expect_security_headers(head);

    for (const std::string target :
         {"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt",
          "/./../secret.txt", "/%2e%2e%5csecret.txt", "/..\\secret.txt", "/web/../../secret.txt",
          "/index.html%00", "/index.html%00.js", "/%00", "/%2fetc%2fpasswd", "/etc/passwd",
          "//etc/passwd", "/....//secret.txt", "../secret.txt"}) {
        INFO("GET " << target);
        Reply r = fetch(target);
        CHECK((r.status == 400 || r.status == 403 || r.status == 404));
        CHECK(r.raw.find("TOP-SECRET-FILE") == std::string::npos);
        CHECK(r.raw.find("root:") == std::string::npos);
    }
    CHECK(x.count() == 0);
    expect_no_leaks(p);
}
