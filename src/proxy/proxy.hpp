// The proxy: serves the built web app and forwards an allow-list of API paths
// to X (or the demo source) with the bearer token, which never leaves it.
#pragma once

#include <string>
#include <vector>

namespace httplib {
class Server;
}

namespace earshot::proxy {

struct Config {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string web_root;        ///< the built app (build/web/site)
    std::string x_base;          ///< "https://api.x.com" or the demo source URL
    std::string x_bearer_token;  ///< never logged, never sent to the browser
    bool x_is_demo = true;
    std::vector<std::string> allowed_origins; ///< CORS for embedding pages
    int upstream_timeout_s = 20;
};

/// Reads X_BEARER_TOKEN, X_API_BASE, EARSHOT_DEMO_URL, EARSHOT_ALLOWED_ORIGINS.
Config config_from_environment();

/// Registers every route on `server`.
void install_routes(httplib::Server& server, const Config& config);

} // namespace earshot::proxy
