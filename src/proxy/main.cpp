// earshot-proxy [--port 8080] [--host 127.0.0.1] [--web DIR] [--upstream-timeout 20]
// Credentials come from the environment only (X_BEARER_TOKEN); see README.
#include "proxy/proxy.hpp"

#include <httplib.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace {
httplib::Server* g_server = nullptr;
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
    std::fprintf(stderr, "earshot-proxy: %s wants %s from %ld to %ld, not \"%s\"\n", flag, what,
                 lowest, highest, text);
    return false;
}
} // namespace

int main(int argc, char** argv) {
    earshot::proxy::Config cfg = earshot::proxy::config_from_environment();
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--port") && i + 1 < argc) {
            if (!read_number("--port", argv[++i], 1, 65535, "a port number", cfg.port)) return 2;
        } else if (!std::strcmp(argv[i], "--host") && i + 1 < argc) {
            cfg.host = argv[++i];
        } else if (!std::strcmp(argv[i], "--web") && i + 1 < argc) {
            cfg.web_root = argv[++i];
        } else if (!std::strcmp(argv[i], "--upstream-timeout") && i + 1 < argc) {
            if (!read_number("--upstream-timeout", argv[++i], 1, 600, "a whole number of seconds", cfg.upstream_timeout_s)) return 2;
        } else {
            std::fprintf(stderr, "usage: earshot-proxy [--port N] [--host H] [--web DIR] [--upstream-timeout S]\n");
            return 2;
        }
    }
    httplib::Server server;
    g_server = &server;
    earshot::proxy::install_routes(server, cfg);
    std::signal(SIGINT, stop);
    std::signal(SIGTERM, stop);
    std::printf("earshot-proxy listening on http://%s:%d (X source: %s)\n", cfg.host.c_str(), cfg.port,
                cfg.x_is_demo ? "demo" : "live");
    std::fflush(stdout);
    if (!server.listen(cfg.host.c_str(), cfg.port)) {
        std::fprintf(stderr, "earshot-proxy: cannot listen on %s:%d (port in use?)\n", cfg.host.c_str(), cfg.port);
        return 1;
    }
    return 0;
}
