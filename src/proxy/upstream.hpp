// The proxy's side of X (or of the demo source): kept-alive clients reused
// across requests, an overall deadline per forward enforced by a watchdog, and
// a bound on the answer's size. The bearer token is added here and nowhere else.
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
    std::vector<std::pair<std::string, std::string>> rate_headers; ///< x-rate-limit-*, lower-cased
    std::string body;
};

class Upstream {
public:
    Upstream(std::string base_url, std::string bearer_token, int deadline_s, size_t max_body_bytes);
    ~Upstream();
    Upstream(const Upstream&) = delete;
    Upstream& operator=(const Upstream&) = delete;

    /// GETs `target` (path and encoded query) within the deadline.
    UpstreamAnswer get(const std::string& target);

private:
    std::unique_ptr<httplib::Client> take_client();
    void return_client(std::unique_ptr<httplib::Client> client);
    void watch();

    std::string m_base, m_token;
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
