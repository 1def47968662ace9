// earshot-proxy [--port 8080] [--host 127.0.0.1] [--web DIR]
// Credentials come from the environment only (X_BEARER_TOKEN); see README.
#include "proxy/proxy.hpp"

#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
httplib::Server* g_server = nullptr;
void stop(int) {
    if (g_server) g_server->stop();
}
} // namespace

int main(int argc, char** argv) {
    earshot::proxy::Config cfg = earshot::proxy::config_from_environment();
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--port") && i + 1 < argc) cfg.port = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--host") && i + 1 < argc) cfg.host = argv[++i];
        else if (!std::strcmp(argv[i], "--web") && i + 1 < argc) cfg.web_root = argv[++i];
        else if (!std::strcmp(argv[i], "--upstream-timeout") && i + 1 < argc) cfg.upstream_timeout_s = std::atoi(argv[++i]);
        else {
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
