// The proxy's side of one service (X, a Bluesky PDS, a Mastodon server, or the
// demo source): kept-alive clients reused across requests, an overall deadline
// per forward enforced by a watchdog, and a bound on the answer's size.
// Credentials are added by the caller per request and never leave the proxy.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Client;
}

namespace earshot::proxy {

struct UpstreamAnswer {
    enum class Failure { none, unreachable, timeout, too_large };
    Failure failure = Failure::none;
    std::string detail;  ///< for a failure: what the client library said
    int status = 0;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> passed_headers; ///< rate limits and paging, lower-cased
    std::string body;
};

class Upstream {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;
    /// `pass_prefixes`: lower-case header name prefixes copied back to the app
    /// ("x-rate-limit-", "ratelimit-", "link").
    Upstream(std::string base_url, int deadline_s, size_t max_body_bytes, std::vector<std::string> pass_prefixes);
    ~Upstream();
    Upstream(const Upstream&) = delete;
    Upstream& operator=(const Upstream&) = delete;

    /// GETs `target` (path and encoded query) within the deadline.
    UpstreamAnswer get(const std::string& target, const Headers& headers);
    /// POSTs a JSON body (Bluesky's session calls).
    UpstreamAnswer post_json(const std::string& target, const std::string& body, const Headers& headers);

private:
    std::unique_ptr<httplib::Client> take_client();
    void return_client(std::unique_ptr<httplib::Client> client);
    void watch();

    UpstreamAnswer send(const std::string& method, const std::string& target, const std::string* body,
                        const Headers& headers);

    std::string m_base;
    std::vector<std::string> m_pass;
    int m_deadline_s;
    size_t m_max_body;

    std::mutex m_mutex;
    std::vector<std::unique_ptr<httplib::Client>> m_idle;
    std::condition_variable m_watch_cv;
    std::map<httplib::Client*, std::chrono::steady_clock::time_point> m_in_flight;
    std::map<httplib::Client*, bool> m_expired;
    bool m_closing = false;
    std::thread m_watchdog;
};

} // namespace earshot::proxy
