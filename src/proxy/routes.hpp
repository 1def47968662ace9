// The proxy's routes: who may ask (Host, access key, rate), what may be asked
// (the X allow-list), how much (the post caps), and the app's files. The bearer
// token is added by Upstream and never leaves the proxy.
#pragma once

#include "proxy/bsky_session.hpp"
#include "proxy/config.hpp"
#include "proxy/http_message.hpp"
#include "proxy/post_cap.hpp"
#include "proxy/rate_limit.hpp"
#include "proxy/static_files.hpp"
#include "proxy/upstream.hpp"

#include <map>
#include <memory>
#include <string>

namespace earshot::proxy {

class Proxy {
public:
    /// `config.allowed_hosts` must be filled (defaults need the bound port).
    explicit Proxy(Config config);
    /// Loads the cap counters and opens the web folder; an error text if it cannot start.
    std::string open();

    /// Answers one request; thread-safe.
    Response handle(const Request& req);

private:
    Response route(const Request& req, const std::string& client);
    Response api(const Request& req, const std::string& client);
    Response forward_x(const Request& req, const std::string& x_path);
    Response forward_bsky(const Request& req, const std::string& bsky_path);
    Response forward_mastodon(const Request& req, const std::string& rest);
    Response sources() const;
    static Response answer_from(UpstreamAnswer up);
    void allow_cors(const Request& req, Response& res) const;
    bool origin_allowed(const std::string& origin) const;
    bool key_matches(const std::string& sent) const;
    std::string content_security_policy() const;
    /// Pages that may frame Earshot: EARSHOT_ALLOWED_ORIGINS and EARSHOT_EMBED_ORIGINS, without "*".
    std::vector<std::string> frame_ancestors() const;

    Config m_config;
    Upstream m_upstream;
    Upstream m_bsky_pds;
    BskySession m_bsky;
    std::map<std::string, std::unique_ptr<Upstream>> m_mastodon; ///< by host
    PostCap m_cap;
    RateLimit m_rate;
    StaticFiles m_static;
};

/// A JSON problem (RFC 9457) answer.
Response problem(int status, const std::string& type, const std::string& title, const std::string& detail);

} // namespace earshot::proxy
