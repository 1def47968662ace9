// Routes of the proxy. Thin by design: upstream bodies pass through unchanged
// (the core parses them); only status, content type and x-rate-limit-* headers
// are copied back. Nothing outside the allow-list can be fetched.
#include "proxy/proxy.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cctype>

namespace earshot::proxy {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string problem(const std::string& title, const std::string& detail, int status) {
    return nlohmann::json{{"title", title}, {"detail", detail}, {"status", status},
                          {"type", "https://earshot.local/problems/" + title}}
        .dump();
}

void log_line(const httplib::Request& req, int status, double ms) {
    // Only method, path and status: query strings may carry user searches, and
    // headers carry credentials.
    std::fprintf(stderr, "proxy: %s %s -> %d (%.0f ms)\n", req.method.c_str(), req.path.c_str(), status, ms);
}

void allow_cors(const Config& cfg, const httplib::Request& req, httplib::Response& res) {
    std::string origin = req.get_header_value("Origin");
    if (origin.empty()) return;
    for (const std::string& o : cfg.allowed_origins)
        if (o == origin || o == "*") {
            res.set_header("Access-Control-Allow-Origin", origin);
            res.set_header("Vary", "Origin");
            return;
        }
}

/// Forwards one allow-listed GET to X (or the demo source).
void forward(const Config& cfg, const std::string& upstream_path, const httplib::Request& req,
             httplib::Response& res) {
    auto t0 = std::chrono::steady_clock::now();
    httplib::Client client(cfg.x_base);
    client.set_connection_timeout(5);
    client.set_read_timeout(cfg.upstream_timeout_s);
    client.set_follow_location(false);
    std::string target = upstream_path;
    if (!req.params.empty()) target += "?" + httplib::detail::params_to_query_str(req.params);
    httplib::Headers headers{{"Authorization", "Bearer " + cfg.x_bearer_token},
                             {"User-Agent", "earshot-proxy/0.1"}};
    httplib::Result up = client.Get(target.c_str(), headers);
    if (!up) {
        httplib::Error e = up.error();
        bool timeout = e == httplib::Error::Read || e == httplib::Error::Write;
        int status = timeout ? 504 : 502;
        res.status = status;
        std::string what = timeout ? "The source did not answer in time" : "The source could not be reached";
        res.set_content(problem(timeout ? "Gateway Timeout" : "Bad Gateway",
                                what + " (" + httplib::to_string(e) + "). Try again in a minute.", status),
                        "application/json");
    } else {
        res.status = up->status;
        for (const auto& [name, value] : up->headers) {
            std::string lower = name;
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lower.rfind("x-rate-limit-", 0) == 0) res.set_header(lower.c_str(), value);
        }
        std::string type = up->get_header_value("Content-Type");
        res.set_content(up->body, type.empty() ? "application/json" : type.c_str());
    }
    res.set_header("Cache-Control", "no-store");
    log_line(req, res.status, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

} // namespace

Config config_from_environment() {
    Config c;
    c.x_bearer_token = env("X_BEARER_TOKEN");
    c.x_is_demo = c.x_bearer_token.empty();
    if (c.x_is_demo) {
        c.x_base = env("EARSHOT_DEMO_URL").empty() ? "http://127.0.0.1:8081" : env("EARSHOT_DEMO_URL");
        c.x_bearer_token = "demo"; // the demo source wants a bearer, like X
    } else {
        c.x_base = env("X_API_BASE").empty() ? "https://api.x.com" : env("X_API_BASE");
    }
    std::string origins = env("EARSHOT_ALLOWED_ORIGINS");
    size_t pos = 0;
    while (pos < origins.size()) {
        size_t comma = origins.find(',', pos);
        std::string o = origins.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        if (!o.empty()) c.allowed_origins.push_back(o);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return c;
}

void install_routes(httplib::Server& server, const Config& cfg) {
    server.set_payload_max_length(64 * 1024); // the app sends only small GETs
    server.set_read_timeout(10);

    server.Get("/api/sources", [cfg](const httplib::Request& req, httplib::Response& res) {
        nlohmann::json body = {
            {"sources",
             {{{"id", "x"}, {"name", "X (Twitter)"}, {"configured", true}, {"mode", cfg.x_is_demo ? "demo" : "live"}},
              {{"id", "bsky"}, {"name", "Bluesky"}, {"configured", false}, {"mode", "off"}},
              {{"id", "mastodon"}, {"name", "Mastodon"}, {"configured", false}, {"mode", "off"}}}}};
        allow_cors(cfg, req, res);
        res.set_header("Cache-Control", "no-store");
        res.set_content(body.dump(), "application/json");
        log_line(req, 200, 0);
    });

    // The allow-list: nothing else under /api/x/ reaches X.
    for (const char* path : {"/2/tweets/search/recent", "/2/tweets/counts/recent"}) {
        std::string upstream = path;
        server.Get(std::string("/api/x") + path, [cfg, upstream](const httplib::Request& req, httplib::Response& res) {
            allow_cors(cfg, req, res);
            forward(cfg, upstream, req, res);
        });
    }
    server.Get(R"(/api/x/2/users/by/username/([A-Za-z0-9_]{1,15}))",
               [cfg](const httplib::Request& req, httplib::Response& res) {
                   allow_cors(cfg, req, res);
                   forward(cfg, "/2/users/by/username/" + req.matches[1].str(), req, res);
               });

    server.Get(R"(/api/.*)", [](const httplib::Request& req, httplib::Response& res) {
        res.status = 404;
        res.set_content(problem("Not Found", "Earshot's proxy does not serve " + req.path, 404), "application/json");
        log_line(req, 404, 0);
    });
    server.Options(R"(/api/.*)", [cfg](const httplib::Request& req, httplib::Response& res) {
        allow_cors(cfg, req, res);
        res.set_header("Access-Control-Allow-Methods", "GET");
        res.status = 204;
    });

    if (!cfg.web_root.empty()) {
        server.set_mount_point("/", cfg.web_root);
        // The service worker and page must revalidate so a new build is picked up.
        server.set_file_request_handler([](const httplib::Request& req, httplib::Response& res) {
            if (req.path == "/" || req.path == "/index.html" || req.path == "/sw.js")
                res.set_header("Cache-Control", "no-cache");
        });
    }
}

} // namespace earshot::proxy
