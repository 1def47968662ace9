// Forwards to X over kept-alive connections; see upstream.hpp.
#include "proxy/upstream.hpp"

#include <httplib.h>

#include <cctype>

namespace earshot::proxy {

using Clock = std::chrono::steady_clock;

namespace {
constexpr size_t kMaxIdleClients = 4;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
} // namespace

Upstream::Upstream(std::string base_url, int deadline_s, size_t max_body_bytes, std::vector<std::string> pass_prefixes)
    : m_base(std::move(base_url)), m_pass(std::move(pass_prefixes)), m_deadline_s(deadline_s),
      m_max_body(max_body_bytes), m_watchdog([this] { watch(); }) {}

Upstream::~Upstream() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_closing = true;
    }
    m_watch_cv.notify_all();
    m_watchdog.join();
}

std::unique_ptr<httplib::Client> Upstream::take_client() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_idle.empty()) {
            std::unique_ptr<httplib::Client> c = std::move(m_idle.back());
            m_idle.pop_back();
            return c;
        }
    }
    auto c = std::make_unique<httplib::Client>(m_base);
    c->set_keep_alive(true);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(m_deadline_s, 0);
    c->set_write_timeout(m_deadline_s, 0);
    c->set_follow_location(false);
    c->set_default_headers({{"User-Agent", "earshot-proxy/0.2"}});
    return c;
}

void Upstream::return_client(std::unique_ptr<httplib::Client> client) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_idle.size() < kMaxIdleClients) m_idle.push_back(std::move(client));
}

// One thread for every forward's deadline: stop() on the client breaks a read
// that is still trickling in, which a per-read timeout would never do.
void Upstream::watch() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_closing) {
        Clock::time_point now = Clock::now(), next = now + std::chrono::seconds(1);
        for (auto& [client, deadline] : m_in_flight) {
            if (deadline <= now && !m_expired[client]) {
                m_expired[client] = true;
                client->stop();
            }
            if (deadline > now) next = std::min(next, deadline);
        }
        m_watch_cv.wait_until(lock, next);
    }
}

UpstreamAnswer Upstream::get(const std::string& target, const Headers& headers) {
    return send("GET", target, nullptr, headers);
}

UpstreamAnswer Upstream::post_json(const std::string& target, const std::string& body, const Headers& headers) {
    return send("POST", target, &body, headers);
}

UpstreamAnswer Upstream::send(const std::string& method, const std::string& target, const std::string* body,
                              const Headers& headers) {
    UpstreamAnswer out;
    std::unique_ptr<httplib::Client> client = take_client();
    httplib::Client* key = client.get();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_in_flight[key] = Clock::now() + std::chrono::seconds(m_deadline_s);
        m_expired[key] = false;
    }
    m_watch_cv.notify_all();

    bool too_large = false;
    httplib::Request req;
    req.method = method;
    req.path = target;
    for (const auto& [name, value] : headers) req.headers.emplace(name, value);
    if (body) {
        req.body = *body;
        req.headers.emplace("Content-Type", "application/json");
    }
    req.response_handler = [&](const httplib::Response& head) {
        out.status = head.status;
        out.content_type = head.get_header_value("Content-Type");
        for (const auto& [name, value] : head.headers) {
            std::string n = lower(name);
            for (const std::string& prefix : m_pass)
                if (n.rfind(prefix, 0) == 0) {
                    out.passed_headers.emplace_back(n, value);
                    break;
                }
        }
        return true;
    };
    req.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
        if (out.body.size() + length > m_max_body) {
            too_large = true;
            return false;
        }
        out.body.append(data, length);
        return true;
    };
    httplib::Result r = client->send(req);

    bool expired;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        expired = m_expired[key];
        m_in_flight.erase(key);
        m_expired.erase(key);
    }
    if (too_large) {
        out.failure = UpstreamAnswer::Failure::too_large;
        out.detail = "the answer was larger than " + std::to_string(m_max_body / (1024 * 1024)) + " MB";
    } else if (expired) {
        out.failure = UpstreamAnswer::Failure::timeout;
        out.detail = "no whole answer within " + std::to_string(m_deadline_s) + " s";
    } else if (!r) {
        httplib::Error e = r.error();
        bool timeout = e == httplib::Error::Read || e == httplib::Error::Write;
        out.failure = timeout ? UpstreamAnswer::Failure::timeout : UpstreamAnswer::Failure::unreachable;
        out.detail = httplib::to_string(e);
    }
    // A client whose answer was cut short may hold half a response: never reuse it.
    if (out.failure == UpstreamAnswer::Failure::none) return_client(std::move(client));
    if (out.failure != UpstreamAnswer::Failure::none) out.body.clear();
    return out;
}

} // namespace earshot::proxy
