// Reading and checking the proxy's configuration (see config.hpp).
#include "proxy/config.hpp"

#include <cerrno>
#include <cctype>
#include <cstdlib>

namespace earshot::proxy {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// A whole number in [lo, hi] from the environment, or a message naming it.
std::string read_number(const char* name, uint64_t lo, uint64_t hi, uint64_t& out) {
    std::string text = env(name);
    if (text.empty()) return {};
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text[0] == '-' || end == text.c_str() || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return std::string(name) + " wants a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
               ", not \"" + text + "\"";
    out = v;
    return {};
}

std::string read_int(const char* name, int lo, int hi, int& out) {
    uint64_t v = static_cast<uint64_t>(out);
    std::string e = read_number(name, static_cast<uint64_t>(lo), static_cast<uint64_t>(hi), v);
    if (e.empty()) out = static_cast<int>(v);
    return e;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool host_name(const std::string& h) {
    if (h.empty() || h.size() > 253) return false;
    for (unsigned char ch : h)
        if (!std::isalnum(ch) && ch != '.' && ch != '-') return false;
    return h.find('.') != std::string::npos;
}

// Bluesky and Mastodon: live when their credentials or servers are set, else
// the demo source speaks for them — when the demo is in use at all (X is the
// demo, or EARSHOT_DEMO_URL is set); otherwise they are off.
std::string read_social_sources(Config& c, const std::string& demo, bool demo_in_use) {
    c.bsky_identifier = env("BSKY_HANDLE");
    c.bsky_password = env("BSKY_APP_PASSWORD");
    c.bsky_is_demo = c.bsky_identifier.empty();
    c.bsky_off = c.bsky_is_demo && !demo_in_use;
    if (c.bsky_off) {
        c.bsky_is_demo = false;
    } else if (c.bsky_is_demo) {
        c.bsky_base = demo;
        c.bsky_identifier = "demo.bsky.social";
        c.bsky_password = "demo-app-password";
    } else {
        if (c.bsky_password.empty())
            return "BSKY_HANDLE is set but BSKY_APP_PASSWORD is not: make an app password in Bluesky (Settings > "
                   "Privacy and security > App passwords) and set it";
        c.bsky_base = env("BSKY_PDS").empty() ? "https://bsky.social" : env("BSKY_PDS");
    }
    std::vector<std::string> hosts = split_list(env("MASTODON_SERVERS"));
    c.mastodon_is_demo = hosts.empty();
    c.mastodon_off = c.mastodon_is_demo && !demo_in_use;
    if (c.mastodon_off) {
        c.mastodon_is_demo = false;
        return {};
    }
    if (c.mastodon_is_demo) {
        c.mastodon_servers.push_back({"demo.social", demo});
        c.mastodon_token = "demo-mastodon-token";
        c.mastodon_token_server = "demo.social";
        return {};
    }
    for (std::string h : hosts) {
        if (h.rfind("https://", 0) == 0) h = h.substr(8);
        while (!h.empty() && h.back() == '/') h.pop_back();
        h = lower(h);
        if (!host_name(h))
            return "MASTODON_SERVERS holds \"" + h + "\"; list server names like mastodon.social, separated by commas";
        // MASTODON_BASE_<n> points server n elsewhere: tests put a fake server there.
        std::string base = env(("MASTODON_BASE_" + std::to_string(c.mastodon_servers.size())).c_str());
        c.mastodon_servers.push_back({h, base.empty() ? "https://" + h : base});
    }
    c.mastodon_token = env("MASTODON_ACCESS_TOKEN");
    c.mastodon_token_server = lower(env("MASTODON_TOKEN_SERVER"));
    if (c.mastodon_token_server.empty()) c.mastodon_token_server = c.mastodon_servers.front().host;
    bool listed = false;
    for (const auto& s : c.mastodon_servers) listed = listed || s.host == c.mastodon_token_server;
    if (!listed) return "MASTODON_TOKEN_SERVER must be one of MASTODON_SERVERS";
    return {};
}

} // namespace

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find(',', pos);
        std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.erase(0, 1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.pop_back();
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

bool is_loopback_host(const std::string& host) {
    std::string h = lower(host);
    return h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

std::vector<std::string> default_allowed_hosts(const std::string& host, int port) {
    std::string p = ":" + std::to_string(port);
    std::string listen = host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
    std::vector<std::string> out = {lower(listen) + p, "localhost" + p, "127.0.0.1" + p};
    return out;
}

namespace {

// Origins go into a header word for word: scheme and host only, nothing that
// could end the header's list or open another directive.
std::string check_origins(const char* name, const std::vector<std::string>& origins, bool star_allowed) {
    for (const std::string& o : origins) {
        if (o == "*" && !star_allowed)
            return std::string(name) + " holds \"*\": any page could then frame Earshot and trick the owner into "
                   "clicks (clickjacking); list the admin pages' origins, like https://admin.example.com";
        bool scheme = o == "*" || o.rfind("https://", 0) == 0 || o.rfind("http://", 0) == 0;
        bool has_path = o != "*" && o.find('/', o.find("://") + 3) != std::string::npos;
        if (!scheme || has_path || o.find_first_of(" ;,'\"") != std::string::npos)
            return std::string(name) + " holds \"" + o +
                   "\"; list origins like https://shop.example (scheme and host, no path), separated by commas";
    }
    return {};
}

} // namespace

std::string read_environment(Config& c) {
    c.x_bearer_token = env("X_BEARER_TOKEN");
    c.x_is_demo = c.x_bearer_token.empty();
    if (c.x_is_demo) {
        c.x_base = env("EARSHOT_DEMO_URL").empty() ? "http://127.0.0.1:8081" : env("EARSHOT_DEMO_URL");
        c.x_bearer_token = "demo"; // the demo source wants a bearer, like X
    } else {
        c.x_base = env("X_API_BASE").empty() ? "https://api.x.com" : env("X_API_BASE");
    }
    std::string demo = env("EARSHOT_DEMO_URL").empty() ? "http://127.0.0.1:8081" : env("EARSHOT_DEMO_URL");
    if (std::string e = read_social_sources(c, demo, c.x_is_demo || !env("EARSHOT_DEMO_URL").empty()); !e.empty())
        return e;
    c.access_key = env("EARSHOT_ACCESS_KEY");
    for (std::string& h : split_list(env("EARSHOT_ALLOWED_HOSTS"))) c.allowed_hosts.push_back(lower(h));
    c.allowed_origins = split_list(env("EARSHOT_ALLOWED_ORIGINS"));
    c.embed_origins = split_list(env("EARSHOT_EMBED_ORIGINS"));
    if (!env("EARSHOT_STATE_DIR").empty()) c.state_dir = env("EARSHOT_STATE_DIR");
    for (const std::string& e :
         {read_number("EARSHOT_X_DAILY_POST_CAP", 0, 1'000'000'000, c.daily_post_cap),
          read_number("EARSHOT_X_MONTHLY_POST_CAP", 0, 1'000'000'000, c.monthly_post_cap),
          read_int("EARSHOT_API_RATE_PER_MINUTE", 0, 1'000'000, c.api_rate_per_minute),
          read_int("EARSHOT_MAX_CONNECTIONS", 8, 100'000, c.limits.max_connections),
          read_int("EARSHOT_HEADER_TIMEOUT_S", 1, 300, c.limits.header_timeout_s)})
        if (!e.empty()) return e;
    if (std::string e = check_origins("EARSHOT_ALLOWED_ORIGINS", c.allowed_origins, true); !e.empty()) return e;
    if (std::string e = check_origins("EARSHOT_EMBED_ORIGINS", c.embed_origins, false); !e.empty()) return e;
    if (c.access_key.size() > 0 && c.access_key.size() < 16)
        return "EARSHOT_ACCESS_KEY is too short to keep strangers out: use 16 or more random characters "
               "(for example the output of: openssl rand -hex 24)";
    return {};
}

std::string refuse_to_start(const Config& c) {
    if (c.access_key.empty() && !is_loopback_host(c.host))
        return "refusing to listen on " + c.host +
               " without an access key: anyone who can reach it could spend your X budget. Set "
               "EARSHOT_ACCESS_KEY to a long random value (openssl rand -hex 24) and type the same value in "
               "Earshot when it asks, or listen on 127.0.0.1 behind your web server.";
    return {};
}

} // namespace earshot::proxy
