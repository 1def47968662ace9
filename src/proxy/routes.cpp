// The proxy's routes (see routes.hpp). Order matters: Host first (a rebound DNS
// name gets nothing), then method, rate and key, and only then the allow-list
// and the caps — so every refusal happens before anything reaches X.
#include "proxy/routes.hpp"

#include "proxy/allow_list.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

namespace earshot::proxy {

namespace {

constexpr size_t kMaxUpstreamBody = 8 * 1024 * 1024;
constexpr const char* kProblemBase = "https://earshot.local/problems/";

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Log lines carry no query strings (user searches) and no headers (credentials);
// control characters from a decoded path cannot forge a line.
std::string printable(const std::string& s) {
    std::string out;
    for (char c : s.substr(0, 200)) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    return out;
}

// Paths that carry what the owner searches for (a hashtag timeline, a user
// lookup) are logged up to that part, like query strings.
std::string loggable_path(const std::string& path) {
    for (const char* marker : {"/timelines/tag/", "/users/by/username/"}) {
        size_t at = path.find(marker);
        if (at != std::string::npos) return path.substr(0, at + std::char_traits<char>::length(marker)) + "…";
    }
    return path;
}

void log_line(const Request& req, const std::string& client, int status, double ms) {
    std::fprintf(stderr, "proxy: %s %s -> %d (%.0f ms) from %s\n", printable(req.method).c_str(),
                 printable(loggable_path(req.path)).c_str(), status, ms, printable(client).c_str());
}

// Behind a TLS front on this machine every peer is 127.0.0.1: the front's
// X-Forwarded-For names the real client (its last entry, the one it added).
std::string client_of(const Request& req) {
    const std::string* xff = req.header("x-forwarded-for");
    if (!xff || !is_loopback_host(req.peer_ip)) return req.peer_ip;
    std::vector<std::string> hops = split_list(*xff);
    return hops.empty() ? req.peer_ip : hops.back();
}

std::string post_cap_file(const Config& c) {
    if (!c.daily_post_cap && !c.monthly_post_cap) return {};
    return c.state_dir + "/x-spend.json";
}

} // namespace

Response problem(int status, const std::string& type, const std::string& title, const std::string& detail) {
    Response r;
    r.status = status;
    r.set_header("Content-Type", "application/problem+json");
    r.set_header("Cache-Control", "no-store");
    r.body = nlohmann::json{{"type", kProblemBase + type}, {"title", title}, {"status", status}, {"detail", detail}}
                 .dump();
    return r;
}

Proxy::Proxy(Config config)
    : m_config(std::move(config)),
      m_upstream(m_config.x_base, m_config.upstream_timeout_s, kMaxUpstreamBody, {"x-rate-limit-"}),
      m_bsky_pds(m_config.bsky_base, m_config.upstream_timeout_s, kMaxUpstreamBody, {"ratelimit-"}),
      m_bsky(m_bsky_pds, m_config.bsky_identifier, m_config.bsky_password),
      m_cap(m_config.daily_post_cap, m_config.monthly_post_cap, post_cap_file(m_config)),
      m_rate(m_config.api_rate_per_minute), m_static(m_config.web_root) {
    for (const Config::MastodonServer& server : m_config.mastodon_servers)
        m_mastodon[server.host] = std::make_unique<Upstream>(server.base, m_config.upstream_timeout_s, kMaxUpstreamBody,
                                                             std::vector<std::string>{"x-ratelimit-", "link"});
}

std::string Proxy::open() {
    if (m_cap.active()) {
        std::error_code ec;
        std::filesystem::create_directories(m_config.state_dir, ec);
        if (ec) return "cannot create the state folder " + m_config.state_dir + " (EARSHOT_STATE_DIR): " + ec.message();
        if (std::string e = m_cap.load(); !e.empty()) return e;
    }
    if (!m_config.web_root.empty())
        if (std::string e = m_static.open(); !e.empty()) return e;
    return {};
}

Response Proxy::handle(const Request& req) {
    auto t0 = std::chrono::steady_clock::now();
    std::string client = client_of(req);
    Response res = route(req, client);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    log_line(req, client, res.status,
             std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    return res;
}

Response Proxy::route(const Request& req, const std::string& client) {
    const std::string* host = req.header("host");
    std::string h = host ? lower(*host) : std::string();
    bool known = false;
    for (const std::string& allowed : m_config.allowed_hosts) known = known || allowed == h;
    if (!known)
        return problem(421, "misdirected", "Unknown host",
                       "This proxy answers only for " +
                           (m_config.allowed_hosts.empty() ? std::string("its own address") : m_config.allowed_hosts[0]) +
                           ". If you reach it under another name, add that name to EARSHOT_ALLOWED_HOSTS.");
    if (req.path.rfind("/api/", 0) == 0) {
        Response res = api(req, client);
        allow_cors(req, res);
        return res;
    }
    if (!m_static.enabled()) return problem(404, "not-found", "Not Found", "This proxy serves no web folder.");
    if (req.method != "GET" && req.method != "HEAD") {
        Response r = problem(405, "method-not-allowed", "Method Not Allowed", "The app's files are read with GET.");
        r.set_header("Allow", "GET, HEAD");
        return r;
    }
    Response r = m_static.serve(req);
    r.set_header("Content-Security-Policy", content_security_policy());
    // For browsers without CSP frame-ancestors; it cannot name other origins, so
    // it is left out when the owner lets admin pages frame Earshot.
    if (frame_ancestors().empty()) r.set_header("X-Frame-Options", "SAMEORIGIN");
    return r;
}

Response Proxy::api(const Request& req, const std::string& client) {
    if (req.method == "OPTIONS") {
        const std::string* origin = req.header("origin");
        if (!origin || !origin_allowed(*origin))
            return problem(403, "origin", "Origin not allowed",
                           "Pages from this origin may not call Earshot's proxy. The owner can add it to "
                           "EARSHOT_ALLOWED_ORIGINS.");
        Response r;
        r.status = 204;
        r.set_header("Access-Control-Allow-Methods", "GET");
        r.set_header("Access-Control-Allow-Headers", "X-Earshot-Key");
        r.set_header("Access-Control-Max-Age", "600");
        return r;
    }
    if (req.method != "GET") {
        Response r = problem(405, "method-not-allowed", "Method Not Allowed",
                             "Earshot's proxy forwards only GET requests.");
        r.set_header("Allow", "GET");
        return r;
    }
    if (int wait = m_rate.wait_seconds(client, std::chrono::steady_clock::now())) {
        Response r = problem(429, "rate-limit", "Too many requests",
                             "This browser asked the proxy more than " + std::to_string(m_config.api_rate_per_minute) +
                                 " times in a minute. Wait " + std::to_string(wait) + " s.");
        r.set_header("Retry-After", std::to_string(wait));
        return r;
    }
    const std::string* key = req.header("x-earshot-key");
    if (!key || key->empty() || !key_matches(*key)) {
        bool sent = key && !key->empty();
        Response r = problem(401, "access-key", sent ? "Wrong access key" : "Access key needed",
                             sent ? "The proxy refused this key. Check EARSHOT_ACCESS_KEY on the server and type "
                                    "the same value."
                                  : "Every request to Earshot's proxy carries the X-Earshot-Key header; type the "
                                    "access key set in EARSHOT_ACCESS_KEY on the server.");
        r.set_header("WWW-Authenticate", "X-Earshot-Key");
        return r;
    }
    if (req.path == "/api/sources") return sources();
    if (req.path.rfind("/api/x/", 0) == 0) return forward_x(req, req.path.substr(6));
    if (req.path.rfind("/api/bsky/", 0) == 0) return forward_bsky(req, req.path.substr(9));
    if (req.path.rfind("/api/mastodon/", 0) == 0) return forward_mastodon(req, req.path.substr(14));
    return problem(404, "not-found", "Not Found", "Earshot's proxy does not serve " + printable(req.path) + ".");
}

Response Proxy::forward_x(const Request& req, const std::string& x_path) {
    std::optional<Params> params = parse_query(req.raw_query);
    if (!params) return problem(400, "bad-parameter", "Bad parameter", "The query string has a broken percent escape.");
    XForward f = validate_x_request(x_path, *params);
    if (f.not_found) return problem(404, "not-found", "Not Found", f.problem);
    if (!f.ok) return problem(400, "bad-parameter", "Bad parameter", f.problem);

    bool search = f.endpoint == XEndpoint::search_recent;
    std::time_t now = std::time(nullptr);
    if (search)
        if (std::optional<CapRefusal> cap = m_cap.check(now)) {
            std::string which = cap->cap == "daily" ? "Daily" : "Monthly";
            Response r = problem(429, "post-cap", which + " post cap reached",
                                 "This server has read " + std::to_string(cap->used) + " of its " +
                                     std::to_string(cap->limit) + " " + cap->cap +
                                     " posts from X (EARSHOT_X_" + (cap->cap == "daily" ? "DAILY" : "MONTHLY") +
                                     "_POST_CAP). Searches resume at " + utc_timestamp(cap->resets_at) + ".");
            nlohmann::json body = nlohmann::json::parse(r.body);
            body["cap"] = cap->cap;
            body["limit"] = cap->limit;
            body["used"] = cap->used;
            body["resets_at"] = utc_timestamp(cap->resets_at);
            r.body = body.dump();
            r.set_header("Retry-After", std::to_string(std::max<long long>(1, cap->resets_at - now)));
            return r;
        }

    UpstreamAnswer up = m_upstream.get(f.target, {{"Authorization", "Bearer " + m_config.x_bearer_token}});
    if (search && up.failure == UpstreamAnswer::Failure::none && up.status >= 200 && up.status < 300) {
        std::string e = m_cap.add(posts_in_search_answer(up.body), now);
        if (!e.empty()) std::fprintf(stderr, "proxy: the post counters were not saved: %s\n", e.c_str());
    }
    return answer_from(std::move(up));
}

Response Proxy::sources() const {
    nlohmann::json servers = nlohmann::json::array();
    for (const auto& s : m_config.mastodon_servers) servers.push_back(s.host);
    nlohmann::json body = {
        {"sources",
         {{{"id", "x"}, {"name", "X (Twitter)"}, {"configured", true}, {"mode", m_config.x_is_demo ? "demo" : "live"},
           {"cost", "paid per post read"}},
          {{"id", "bsky"}, {"name", "Bluesky"}, {"configured", !m_config.bsky_off},
           {"mode", m_config.bsky_off ? "off" : m_config.bsky_is_demo ? "demo" : "live"}, {"cost", "free"}},
          {{"id", "mastodon"}, {"name", "Mastodon"}, {"configured", !m_config.mastodon_off},
           {"mode", m_config.mastodon_off ? "off" : m_config.mastodon_is_demo ? "demo" : "live"}, {"cost", "free"},
           {"servers", servers},
           {"search_server", m_config.mastodon_token.empty() ? nlohmann::json() : nlohmann::json(m_config.mastodon_token_server)}}}}};
    Response r;
    r.set_header("Content-Type", "application/json");
    r.set_header("Cache-Control", "no-store");
    r.body = body.dump();
    return r;
}

Response Proxy::forward_bsky(const Request& req, const std::string& bsky_path) {
    std::optional<Params> params = parse_query(req.raw_query);
    if (!params) return problem(400, "bad-parameter", "Bad parameter", "The query string has a broken percent escape.");
    if (m_config.bsky_off)
        return problem(404, "not-configured", "Bluesky is not set up",
                       "This server has no Bluesky account: set BSKY_HANDLE and BSKY_APP_PASSWORD (an app password) "
                       "and restart the proxy.");
    XForward f = validate_bsky_request(bsky_path, *params);
    if (f.not_found) return problem(404, "not-found", "Not Found", f.problem);
    if (!f.ok) return problem(400, "bad-parameter", "Bad parameter", f.problem);
    UpstreamAnswer up = m_bsky.get(f.target);
    if (up.failure == UpstreamAnswer::Failure::none && up.status == 0)
        return problem(503, "bsky-login", "Bluesky login failed", m_bsky.login_problem());
    return answer_from(std::move(up));
}

// "<server>/api/…": the server must be one the owner listed; search only where the token is.
Response Proxy::forward_mastodon(const Request& req, const std::string& rest) {
    size_t slash = rest.find('/');
    std::string host = rest.substr(0, slash);
    auto server = m_mastodon.find(host);
    if (slash == std::string::npos || server == m_mastodon.end())
        return problem(404, "not-found", "Not Found",
                       "\"" + printable(host) + "\" is not one of the Mastodon servers this proxy listens to "
                       "(MASTODON_SERVERS).");
    std::optional<Params> params = parse_query(req.raw_query);
    if (!params) return problem(400, "bad-parameter", "Bad parameter", "The query string has a broken percent escape.");
    XForward f = validate_mastodon_request(rest.substr(slash), *params);
    if (f.not_found) return problem(404, "not-found", "Not Found", f.problem);
    if (!f.ok) return problem(400, "bad-parameter", "Bad parameter", f.problem);
    Upstream::Headers headers;
    if (f.endpoint == XEndpoint::mastodon_search) {
        if (m_config.mastodon_token.empty() || host != m_config.mastodon_token_server)
            return problem(404, "not-found", "No search on this server",
                           "Mastodon finds posts by words only with an access token (MASTODON_ACCESS_TOKEN, scope "
                           "read:search) on MASTODON_TOKEN_SERVER; hashtag timelines work without one.");
        headers.emplace_back("Authorization", "Bearer " + m_config.mastodon_token);
    }
    return answer_from(server->second->get(f.target, headers));
}

Response Proxy::answer_from(UpstreamAnswer up) {
    if (up.failure == UpstreamAnswer::Failure::timeout)
        return problem(504, "gateway-timeout", "Gateway Timeout",
                       "The source did not answer in time (" + up.detail + "). Try again in a minute.");
    if (up.failure == UpstreamAnswer::Failure::too_large)
        return problem(502, "bad-gateway", "Bad Gateway", "The source's answer was refused: " + up.detail + ".");
    if (up.failure == UpstreamAnswer::Failure::unreachable)
        return problem(502, "bad-gateway", "Bad Gateway",
                       "The source could not be reached (" + up.detail + "). Try again in a minute.");
    Response r;
    r.status = up.status;
    for (auto& [name, value] : up.passed_headers) r.set_header(name, value);
    r.set_header("Content-Type", up.content_type.empty() ? "application/json" : up.content_type);
    r.set_header("Cache-Control", "no-store");
    r.body = std::move(up.body);
    return r;
}

bool Proxy::origin_allowed(const std::string& origin) const {
    for (const std::string& o : m_config.allowed_origins)
        if (o == origin || o == "*") return true;
    return false;
}

void Proxy::allow_cors(const Request& req, Response& res) const {
    const std::string* origin = req.header("origin");
    res.set_header("Vary", "Origin");
    if (!origin || !origin_allowed(*origin)) return;
    res.set_header("Access-Control-Allow-Origin", *origin);
}

// Constant time over the longer of the two, so the answer's timing says nothing
// about how much of a guess was right.
bool Proxy::key_matches(const std::string& sent) const {
    const std::string& want = m_config.access_key;
    if (want.empty()) return true;
    size_t n = std::max(want.size(), sent.size());
    unsigned diff = static_cast<unsigned>(want.size() ^ sent.size());
    for (size_t i = 0; i < n; ++i) {
        unsigned char a = i < want.size() ? static_cast<unsigned char>(want[i]) : 0;
        unsigned char b = i < sent.size() ? static_cast<unsigned char>(sent[i]) : 0;
        diff |= a ^ b;
    }
    return diff == 0;
}

std::vector<std::string> Proxy::frame_ancestors() const {
    std::vector<std::string> out;
    for (const auto* list : {&m_config.allowed_origins, &m_config.embed_origins})
        for (const std::string& o : *list)
            if (o != "*" && std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
    return out;
}

std::string Proxy::content_security_policy() const {
    std::string ancestors = "'self'";
    for (const std::string& o : frame_ancestors()) ancestors += " " + o;
    // The page has no inline script or style (shell/boot.js, shell/app.css), so none is allowed.
    return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
           "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'none'; frame-ancestors " +
           ancestors;
}

} // namespace earshot::proxy
