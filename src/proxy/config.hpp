// Everything the proxy is told at start: flags and environment, checked once,
// with a message that says what to change when something is wrong.
#pragma once

#include "proxy/http_server.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace earshot::proxy {

struct Config {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string web_root;        ///< the built app (build/web/site)
    std::string x_base;          ///< "https://api.x.com" or the demo source URL
    std::string x_bearer_token;  ///< never logged, never sent to the browser
    bool x_is_demo = true;
    int upstream_timeout_s = 20; ///< overall, per forward

    // Bluesky: a live session from BSKY_HANDLE + BSKY_APP_PASSWORD on BSKY_PDS,
    // else the demo source's.
    std::string bsky_base;       ///< "https://bsky.social" or the demo source URL
    std::string bsky_identifier;
    std::string bsky_password;   ///< never logged, never sent to the browser
    bool bsky_is_demo = true;
    /// Neither credentials nor the demo: a live X deployment that has not set
    /// Bluesky up must not mix the demo's fictional town into a real feed.
    bool bsky_off = false;

    // Mastodon: MASTODON_SERVERS (host names), else the demo source as "demo.social".
    struct MastodonServer {
        std::string host;        ///< as the app names it: "mastodon.social"
        std::string base;        ///< "https://mastodon.social" or the demo source URL
    };
    std::vector<MastodonServer> mastodon_servers;
    std::string mastodon_token;        ///< MASTODON_ACCESS_TOKEN (read:search)
    std::string mastodon_token_server; ///< where the token is valid: MASTODON_TOKEN_SERVER or the first server
    bool mastodon_is_demo = true;
    bool mastodon_off = false; ///< no MASTODON_SERVERS on a live deployment

    std::string access_key;                   ///< EARSHOT_ACCESS_KEY; empty: any X-Earshot-Key value
    std::vector<std::string> allowed_hosts;   ///< EARSHOT_ALLOWED_HOSTS; empty: the listen address (set after bind)
    std::vector<std::string> allowed_origins; ///< EARSHOT_ALLOWED_ORIGINS: CORS and frame-ancestors
    std::vector<std::string> embed_origins;   ///< EARSHOT_EMBED_ORIGINS: frame-ancestors only (embed.js)
    uint64_t daily_post_cap = 0;              ///< EARSHOT_X_DAILY_POST_CAP; 0: none
    uint64_t monthly_post_cap = 0;            ///< EARSHOT_X_MONTHLY_POST_CAP; 0: none
    std::string state_dir = ".earshot-state"; ///< EARSHOT_STATE_DIR
    int api_rate_per_minute = 600;            ///< EARSHOT_API_RATE_PER_MINUTE; 0: none
    ServerLimits limits;                      ///< EARSHOT_MAX_CONNECTIONS, EARSHOT_HEADER_TIMEOUT_S
};

/// Reads the environment into `c`; an error text when a value is malformed.
std::string read_environment(Config& c);

/// Why the configuration must not start (an empty string when it may).
std::string refuse_to_start(const Config& c);

/// The default Host values: the listen address, localhost and 127.0.0.1, with the port.
std::vector<std::string> default_allowed_hosts(const std::string& host, int port);

bool is_loopback_host(const std::string& host);

/// Splits "a, b,c" into {"a","b","c"}.
std::vector<std::string> split_list(const std::string& text);

} // namespace earshot::proxy
