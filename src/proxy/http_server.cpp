// The poll() loop, the worker pool and the connection accounting of the
// proxy's HTTP server (see http_server.hpp for the shape).
#include "proxy/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace earshot::proxy {

using Clock = std::chrono::steady_clock;

struct HttpServer::Conn {
    int fd = -1;
    std::string peer;
    bool loopback = false;
    std::string buffer;          ///< bytes of the next request head (and any pipelined after it)
    Clock::time_point deadline;  ///< close when passed
    bool mid_request = false;    ///< some bytes of a head have come: the header deadline runs
    // An answer the socket has not taken yet, written by the poll thread.
    bool writing = false;
    bool keep_after = false;
    std::string out_head;
    std::shared_ptr<const std::string> out_body;
    size_t out_pos = 0;          ///< over out_head then *out_body
    Clock::time_point write_until;
};

struct HttpServer::Job {
    std::unique_ptr<Conn> conn;
    Request request;
};

namespace {

std::string peer_address(const sockaddr_storage& a) {
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(a).sin_addr, text, sizeof text);
    else if (a.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(a).sin6_addr, text, sizeof text);
    std::string s = text;
    if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) s = s.substr(7);
    return s;
}

bool is_loopback(const std::string& ip) { return ip.rfind("127.", 0) == 0 || ip == "::1"; }

// Writes everything before the deadline; the socket is non-blocking.
bool write_all(int fd, const std::string& bytes, Clock::time_point deadline) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000))) < 0 && errno != EINTR) return false;
    }
    return true;
}

std::string problem_json(int status, const std::string& detail) {
    std::string escaped;
    for (char c : detail) {
        if (c == '"' || c == '\\') escaped += '\\';
        if (static_cast<unsigned char>(c) >= 0x20) escaped += c;
    }
    return "{\"type\":\"https://earshot.local/problems/bad-request\",\"title\":\"" + std::string(reason_phrase(status)) +
           "\",\"status\":" + std::to_string(status) + ",\"detail\":\"" + escaped + "\"}";
}

} // namespace

HttpServer::HttpServer(ServerLimits limits, Handler handler) : m_limits(limits), m_handler(std::move(handler)) {
    if (::pipe2(m_wake, O_NONBLOCK | O_CLOEXEC) != 0) m_wake[0] = m_wake[1] = -1;
}

HttpServer::~HttpServer() {
    if (m_listen_fd >= 0) ::close(m_listen_fd);
    for (int fd : m_wake)
        if (fd >= 0) ::close(fd);
}

std::string HttpServer::bind(const std::string& host, int port) {
    if (m_wake[0] < 0) return "cannot create a pipe: " + std::string(std::strerror(errno));
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
    if (rc != 0) return "cannot resolve " + host + ": " + gai_strerror(rc);
    std::string error = "no address to listen on for " + host;
    for (addrinfo* a = found; a; a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 512) == 0) {
            sockaddr_storage bound{};
            socklen_t len = sizeof bound;
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
            m_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                                       : reinterpret_cast<sockaddr_in&>(bound).sin_port);
            m_listen_fd = fd;
            error.clear();
            break;
        }
        error = "cannot listen on " + host + ":" + service + ": " + std::strerror(errno);
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return error;
}

void HttpServer::stop() {
    m_stopping.store(true);
    if (m_wake[1] >= 0) {
        char b = 1;
        ssize_t ignored = ::write(m_wake[1], &b, 1);
        (void)ignored;
    }
}

void HttpServer::run() {
    for (int i = 0; i < m_limits.workers; ++i) m_workers.emplace_back([this] { worker(); });
    loop();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_work_ready.notify_all();
    }
    for (std::thread& t : m_workers) t.join();
    m_workers.clear();
    for (auto& c : m_reading) close_conn(std::move(c));
    m_reading.clear();
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto& c : m_returned) ::close(c->fd);
    m_returned.clear();
}

void HttpServer::loop() {
    std::vector<pollfd> fds;
    while (!m_stopping.load()) {
        fds.clear();
        fds.push_back({m_wake[0], POLLIN, 0});
        fds.push_back({m_listen_fd, POLLIN, 0});
        Clock::time_point now = Clock::now(), soonest = now + std::chrono::seconds(1);
        for (auto& c : m_reading) {
            fds.push_back({c->fd, static_cast<short>(c->writing ? POLLOUT : POLLIN), 0});
            soonest = std::min(soonest, c->deadline);
        }
        int wait_ms = static_cast<int>(
            std::max<long long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(soonest - now).count() + 1));
        if (::poll(fds.data(), fds.size(), wait_ms) < 0 && errno != EINTR) break;
        if (m_stopping.load()) break;

        // Readable connections first: their indexes match `fds` until the vector changes.
        std::vector<std::unique_ptr<Conn>> still;
        still.reserve(m_reading.size());
        now = Clock::now();
        for (size_t i = 0; i < m_reading.size(); ++i) {
            std::unique_ptr<Conn>& c = m_reading[i];
            short ev = fds[i + 2].revents;
            if (c->writing) {
                if ((ev & (POLLOUT | POLLHUP | POLLERR)) && !write_pending(*c)) {
                    close_conn(std::move(c));
                    continue;
                }
                if (c->out_head.empty() && !c->out_body) {
                    after_answer(std::move(c), still);
                    continue;
                }
                if (now >= c->deadline) { // the client stopped taking the answer
                    close_conn(std::move(c));
                    continue;
                }
                still.push_back(std::move(c));
                continue;
            }
            if (ev & (POLLIN | POLLHUP | POLLERR)) {
                bool open = read_from(*c);
                // A client may half-close right after its request: answer it still.
                bool whole_head = c->buffer.find("\r\n\r\n") != std::string::npos;
                if (!open && !whole_head) {
                    close_conn(std::move(c));
                    continue;
                }
                if (!take_requests(c)) continue; // closed or handed to a worker
                if (!open) {
                    close_conn(std::move(c));
                    continue;
                }
            }
            if (now >= c->deadline) {
                if (c->mid_request) refuse_and_close(std::move(c), 408, "the request head did not arrive in time");
                else close_conn(std::move(c));
                continue;
            }
            still.push_back(std::move(c));
        }
        m_reading = std::move(still);

        if (fds[0].revents & POLLIN) {
            char drain[64];
            while (::read(m_wake[0], drain, sizeof drain) > 0) {
            }
            std::vector<std::unique_ptr<Conn>> back;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                back.swap(m_returned);
            }
            for (auto& c : back) {
                if (c->writing) { // the rest of its answer is written from here
                    m_reading.push_back(std::move(c));
                    continue;
                }
                c->keep_after = true;
                // A pipelined request may already be waiting in the buffer.
                after_answer(std::move(c), m_reading);
            }
        }
        if (fds[1].revents & POLLIN) accept_new();
    }
}

void HttpServer::accept_new() {
    for (;;) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        int fd = ::accept4(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return; // EAGAIN, or a transient error (EMFILE…): try again on the next wake
        auto c = std::make_unique<Conn>();
        c->fd = fd;
        c->peer = peer_address(addr);
        c->loopback = is_loopback(c->peer);
        bool admitted = false;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            int& mine = m_per_client[c->peer];
            if (m_open < m_limits.max_connections && (c->loopback || mine < m_limits.max_per_client)) {
                ++mine;
                ++m_open;
                admitted = true;
            } else if (mine == 0) {
                m_per_client.erase(c->peer);
            }
        }
        if (!admitted) {
            // Closed at once: answering would cost what the limit protects.
            ::close(fd);
            continue;
        }
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->deadline = Clock::now() + std::chrono::seconds(m_limits.header_timeout_s);
        m_reading.push_back(std::move(c));
    }
}

bool HttpServer::read_from(Conn& c) {
    char chunk[16384];
    for (;;) {
        ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            if (!c.mid_request) {
                c.mid_request = true;
                c.deadline = Clock::now() + std::chrono::seconds(m_limits.header_timeout_s);
            }
            c.buffer.append(chunk, static_cast<size_t>(n));
            if (c.buffer.size() > m_limits.max_head_bytes + 4) return true; // take_requests refuses it
            continue;
        }
        if (n == 0) return false;
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
}

bool HttpServer::take_requests(std::unique_ptr<Conn>& c) {
    // Robustness (RFC 9112 §2.2): empty lines before a request line are ignored.
    size_t skip = 0;
    while (skip + 1 < c->buffer.size() && c->buffer[skip] == '\r' && c->buffer[skip + 1] == '\n') skip += 2;
    if (skip) c->buffer.erase(0, skip);
    if (c->buffer.empty()) {
        c->mid_request = false;
        return true;
    }
    size_t end = c->buffer.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (c->buffer.size() > m_limits.max_head_bytes) {
            refuse_and_close(std::move(c), 431, "the request head is larger than 16 KB");
            return false;
        }
        return true;
    }
    if (end > m_limits.max_head_bytes) {
        refuse_and_close(std::move(c), 431, "the request head is larger than 16 KB");
        return false;
    }
    ParsedHead parsed = parse_request_head(std::string_view(c->buffer).substr(0, end));
    if (!parsed.request) {
        refuse_and_close(std::move(c), parsed.refuse_status, parsed.why);
        return false;
    }
    c->buffer.erase(0, end + 4);
    auto job = std::make_unique<Job>();
    job->request = std::move(*parsed.request);
    job->request.peer_ip = c->peer;
    job->request.client = c->peer;
    job->conn = std::move(c);
    std::unique_ptr<Conn> overflow;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_jobs.size() >= m_limits.max_queued) {
            overflow = std::move(job->conn);
        } else {
            m_jobs.push_back(std::move(job));
            m_work_ready.notify_one();
        }
    }
    if (overflow) refuse_and_close(std::move(overflow), 503, "the proxy is busy; try again in a few seconds");
    return false;
}

void HttpServer::worker() {
    for (;;) {
        std::unique_ptr<Job> job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_work_ready.wait(lock, [this] { return m_stopping.load() || !m_jobs.empty(); });
            if (m_jobs.empty()) return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        Response res;
        try {
            res = m_handler(job->request);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "proxy: a route failed: %s\n", e.what());
            res = Response{};
            res.status = 500;
            res.set_header("Content-Type", "application/json");
            res.body = problem_json(500, "The proxy failed on this request; its log says why.");
        }
        bool keep = !job->request.wants_close() && !res.close && !m_stopping.load();
        Conn& c = *job->conn;
        c.out_head = serialize(res, keep);
        if (res.shared_body && !body_to_send(res).empty()) c.out_body = res.shared_body;
        c.out_pos = 0;
        c.keep_after = keep;
        c.write_until = Clock::now() + std::chrono::seconds(m_limits.write_timeout_s);
        c.deadline = Clock::now() + std::chrono::seconds(m_limits.write_stall_s);
        if (!write_pending(c)) {
            close_conn(std::move(job->conn));
            continue;
        }
        // What the socket did not take at once is the poll thread's to write.
        c.writing = c.out_pos < c.out_head.size() + (c.out_body ? c.out_body->size() : 0);
        if (c.writing) finish(std::move(job->conn), true);
        else finish(std::move(job->conn), keep);
    }
}

// Sends what the socket takes now without waiting; false on a broken connection.
bool HttpServer::write_pending(Conn& c) {
    const size_t head = c.out_head.size(), total = head + (c.out_body ? c.out_body->size() : 0);
    while (c.out_pos < total) {
        const char* from = c.out_pos < head ? c.out_head.data() + c.out_pos : c.out_body->data() + (c.out_pos - head);
        size_t len = c.out_pos < head ? head - c.out_pos : total - c.out_pos;
        ssize_t n = ::send(c.fd, from, len, MSG_NOSIGNAL);
        if (n > 0) {
            c.out_pos += static_cast<size_t>(n);
            c.deadline = std::min(c.write_until, Clock::now() + std::chrono::seconds(m_limits.write_stall_s));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
    c.out_head.clear();
    c.out_body.reset();
    return true;
}

// An answer is fully written: the connection waits for the next request, or closes.
void HttpServer::after_answer(std::unique_ptr<Conn> c, std::vector<std::unique_ptr<Conn>>& keep) {
    c->writing = false;
    if (!c->keep_after || m_stopping.load()) {
        close_conn(std::move(c));
        return;
    }
    c->deadline = Clock::now() + std::chrono::seconds(m_limits.idle_timeout_s);
    c->mid_request = false;
    if (!c->buffer.empty() && !take_requests(c)) return;
    keep.push_back(std::move(c));
}

void HttpServer::finish(std::unique_ptr<Conn> c, bool keep) {
    if (!keep) {
        close_conn(std::move(c));
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_returned.push_back(std::move(c));
    }
    char b = 1;
    ssize_t ignored = ::write(m_wake[1], &b, 1);
    (void)ignored;
}

void HttpServer::close_conn(std::unique_ptr<Conn> c) {
    if (!c) return;
    ::close(c->fd);
    std::lock_guard<std::mutex> lock(m_mutex);
    --m_open;
    auto it = m_per_client.find(c->peer);
    if (it != m_per_client.end() && --it->second <= 0) m_per_client.erase(it);
}

void HttpServer::refuse_and_close(std::unique_ptr<Conn> c, int status, const std::string& why) {
    Response res;
    res.status = status;
    res.close = true;
    res.set_header("Content-Type", "application/problem+json");
    res.body = problem_json(status, why);
    // Best effort and short: the client may be the slow one.
    write_all(c->fd, serialize(res, false), Clock::now() + std::chrono::milliseconds(200));
    std::fprintf(stderr, "proxy: refused a request from %s -> %d (%s)\n", c->peer.c_str(), status, why.c_str());
    close_conn(std::move(c));
}

} // namespace earshot::proxy
