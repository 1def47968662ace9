// earshot-proxy [--port 8080] [--host 127.0.0.1] [--web DIR] [--upstream-timeout 20]
// Credentials and limits come from the environment only; see README ("Put
// Earshot on your server") and config.hpp for every variable.
#include "proxy/config.hpp"
#include "proxy/http_server.hpp"
#include "proxy/routes.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace {

earshot::proxy::HttpServer* g_server = nullptr;
void stop(int) {
    if (g_server) g_server->stop();
}

// A whole number in [lowest, highest], or nothing: atoi() read "x" as 0 (a timeout
// of 0) and an overflow as anything.
std::optional<int> whole_number(const char* text, long lowest, long highest) {
    errno = 0;
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE || v < lowest || v > highest) return std::nullopt;
    return static_cast<int>(v);
}

// Reads a numeric flag's value into `out`; says what is wrong when it cannot.
bool read_number(const char* flag, const char* text, long lowest, long highest, const char* what, int& out) {
    if (std::optional<int> v = whole_number(text, lowest, highest)) {
        out = *v;
        return true;
    }
    std::fprintf(stderr, "earshot-proxy: %s wants %s from %ld to %ld, not \"%s\"\n", flag, what, lowest, highest, text);
    return false;
}

bool read_flags(int argc, char** argv, earshot::proxy::Config& cfg) {
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--port") && i + 1 < argc) {
            if (!read_number("--port", argv[++i], 0, 65535, "a port number (0: any free port)", cfg.port)) return false;
        } else if (!std::strcmp(argv[i], "--host") && i + 1 < argc) {
            cfg.host = argv[++i];
        } else if (!std::strcmp(argv[i], "--web") && i + 1 < argc) {
            cfg.web_root = argv[++i];
        } else if (!std::strcmp(argv[i], "--upstream-timeout") && i + 1 < argc) {
            if (!read_number("--upstream-timeout", argv[++i], 1, 600, "a whole number of seconds", cfg.upstream_timeout_s))
                return false;
        } else {
            std::fprintf(stderr, "usage: earshot-proxy [--port N] [--host H] [--web DIR] [--upstream-timeout S]\n");
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    using namespace earshot::proxy;
    Config cfg;
    if (std::string e = read_environment(cfg); !e.empty()) {
        std::fprintf(stderr, "earshot-proxy: %s\n", e.c_str());
        return 2;
    }
    if (!read_flags(argc, argv, cfg)) return 2;
    if (std::string e = refuse_to_start(cfg); !e.empty()) {
        std::fprintf(stderr, "earshot-proxy: %s\n", e.c_str());
        return 2;
    }

    // The routes are built after binding: the default allowed Host needs the real port.
    std::unique_ptr<Proxy> proxy;
    HttpServer server(cfg.limits, [&proxy](const Request& req) { return proxy->handle(req); });
    if (std::string e = server.bind(cfg.host, cfg.port); !e.empty()) {
        std::fprintf(stderr, "earshot-proxy: %s (is the port in use?)\n", e.c_str());
        return 1;
    }
    cfg.port = server.port();
    if (cfg.allowed_hosts.empty()) cfg.allowed_hosts = default_allowed_hosts(cfg.host, cfg.port);
    proxy = std::make_unique<Proxy>(cfg);
    if (std::string e = proxy->open(); !e.empty()) {
        std::fprintf(stderr, "earshot-proxy: %s\n", e.c_str());
        return 2;
    }

    g_server = &server;
    std::signal(SIGINT, stop);
    std::signal(SIGTERM, stop);
    std::signal(SIGPIPE, SIG_IGN);
    std::printf("earshot-proxy listening on http://%s:%d (X source: %s)\n", cfg.host.c_str(), cfg.port,
                cfg.x_is_demo ? "demo" : "live");
    if (!cfg.access_key.empty()) std::printf("earshot-proxy: the app will ask for the access key once\n");
    std::fflush(stdout);
    server.run();
    return 0;
}
