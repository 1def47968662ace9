// Shared by the proxy tests: the real earshot-proxy (and demo source) run as child
// processes on port 0, raw HTTP over loopback sockets, and fake upstreams that record
// every request (httplib) or stall on purpose (raw sockets).
#pragma once

#include <httplib.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace earshot::proxy_test {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

inline std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

inline std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A fresh directory under /tmp, removed with everything in it on destruction.
struct TempDir {
    std::string path;
    TempDir() {
        char name[] = "/tmp/earshot-proxy-test-XXXXXX";
        path = mkdtemp(name) ? name : "";
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /// Writes `content` to `relative` (creating folders) and returns its full path.
    std::string write(const std::string& relative, const std::string& content) const {
        std::filesystem::path p = std::filesystem::path(path) / relative;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
};

// [SECTION] Child processes

/// A child process whose stdout and stderr go to one log file; stopped (SIGTERM, then
/// SIGKILL) on destruction. Servers announce "… listening on http://HOST:PORT …" and
/// are started with port 0, so no port is picked here and bound later by someone else.
class Child {
  public:
    /// `env` entries ("NAME=value") are added to the test's environment, from which
    /// every EARSHOT_* and X_* variable is first removed so the host cannot leak in.
    Child(const std::vector<std::string>& args, const std::vector<std::string>& env)
        : m_log(m_dir.path + "/output.log") {
        std::vector<std::string> environment = clean_environment();
        environment.insert(environment.end(), env.begin(), env.end());
        // Built before fork(): the fake upstreams' threads may hold malloc's lock, so
        // the child may only call async-signal-safe functions until execve().
        std::vector<char*> argv = c_strings(args), envp = c_strings(environment);
        m_pid = fork();
        if (m_pid == 0)
            exec_child(argv.data(), envp.data());
    }
    ~Child() { stop(); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// Waits (up to `limit`) for the "listening on" line; the announced port, or 0
    /// when the child exited or stayed silent.
    int wait_for_port(double limit_s = 5) {
        const auto t0 = Clock::now();
        while (seconds_since(t0) < limit_s) {
            if (int port = announced_port())
                return m_port = port;
            if (exit_code(0) != kRunning)
                return 0;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return 0;
    }
    int port() const { return m_port; }

    static constexpr int kRunning = -1000;
    /// Waits up to `limit_s` for the child to exit; its exit code (-signal when
    /// killed by one), or kRunning.
    int exit_code(double limit_s) {
        if (m_exited)
            return m_code;
        const auto t0 = Clock::now();
        do {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_exited = true;
                m_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
                return m_code;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        } while (seconds_since(t0) < limit_s);
        return kRunning;
    }

    /// Kills the child as a crash or an OOM kill would: no chance to save anything.
    void kill_now() {
        if (m_pid <= 0 || m_exited)
            return;
        kill(m_pid, SIGKILL);
        exit_code(3);
    }

    void stop() {
        if (m_pid <= 0 || m_exited)
            return;
        kill(m_pid, SIGTERM);
        if (exit_code(3) == kRunning) {
            kill(m_pid, SIGKILL);
            exit_code(3);
        }
    }

    /// Everything the child printed so far (stdout and stderr).
    std::string output() const { return read_whole_file(m_log); }

  private:
    static std::vector<std::string> clean_environment() {
        std::vector<std::string> out;
        for (char** e = environ; *e; ++e) {
            const std::string entry = *e;
            if (entry.rfind("EARSHOT_", 0) == 0 || entry.rfind("X_", 0) == 0)
                continue;
            out.push_back(entry);
        }
        return out;
    }

    static std::vector<char*> c_strings(const std::vector<std::string>& strings) {
        std::vector<char*> out;
        for (const auto& s : strings)
            out.push_back(const_cast<char*>(s.c_str()));
        out.push_back(nullptr);
        return out;
    }

    [[noreturn]] void exec_child(char** argv, char** envp) {
        const int fd = open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        execve(argv[0], argv, envp);
        _exit(127);
    }

    int announced_port() const {
        const std::string out = output();
        const std::string mark = "listening on http://";
        const size_t at = out.find(mark);
        if (at == std::string::npos)
            return 0;
        const size_t end = out.find_first_of(" \n", at + mark.size());
        if (end == std::string::npos)
            return 0; // the line is still being written
        const std::string address = out.substr(at + mark.size(), end - at - mark.size());
        const size_t colon = address.rfind(':');
        if (colon == std::string::npos)
            return 0;
        return std::atoi(address.c_str() + colon + 1);
    }

    TempDir m_dir;
    std::string m_log;
    pid_t m_pid = -1;
    int m_port = 0;
    bool m_exited = false;
    int m_code = kRunning;
};

// [SECTION] Raw HTTP over loopback

/// One HTTP answer as read off the socket. status 0: no answer (closed or timed out).
struct Reply {
    int status = 0;
    std::string raw;                                 ///< every byte received, head and body
    std::multimap<std::string, std::string> headers; ///< names lower-cased
    std::string body;
    bool closed = false; ///< the server closed the connection

    std::string header(const std::string& name) const {
        auto it = headers.find(lower(name));
        return it == headers.end() ? "" : it->second;
    }
    bool has(const std::string& name) const { return headers.count(lower(name)) > 0; }
};

/// A connected TCP socket to `to_ip`:port, optionally from a given local address
/// (127.0.0.2 …, or the machine's own) so per-address limits can be told apart from
/// global ones.
class Socket {
  public:
    /// `receive_buffer` > 0 shrinks the receive window, so a client that does not read
    /// stalls the server's writes after a few KB instead of a few MB.
    explicit Socket(int port, const char* from_ip = nullptr, const char* to_ip = "127.0.0.1",
                    int receive_buffer = 0) {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        if (receive_buffer > 0)
            setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
        if (from_ip) {
            sockaddr_in local{};
            local.sin_family = AF_INET;
            inet_pton(AF_INET, from_ip, &local.sin_addr);
            bind(m_fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
        }
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        inet_pton(AF_INET, to_ip, &a.sin_addr);
        m_connected = connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~Socket() {
        if (m_fd >= 0)
            close(m_fd);
    }
    Socket(Socket&& o) noexcept
        : m_fd(std::exchange(o.m_fd, -1)), m_connected(o.m_connected),
          m_pending(std::move(o.m_pending)) {}
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    bool connected() const { return m_connected; }

    /// Sends all of `bytes`; false when the peer refused them (closed or reset),
    /// which abuse cases expect and must not crash on.
    bool send_all(const std::string& bytes) {
        size_t sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            sent += static_cast<size_t>(n);
        }
        return true;
    }

    /// Waits up to `limit_s` for the peer to close (EOF or reset), discarding
    /// whatever it sends; true when it closed, with what it sent in `received`.
    bool wait_closed(double limit_s, std::string* received = nullptr) {
        const auto t0 = Clock::now();
        char buf[4096];
        while (seconds_since(t0) < limit_s) {
            pollfd p{m_fd, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            const ssize_t n = recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0)
                return true;
            if (received)
                received->append(buf, static_cast<size_t>(n));
        }
        return false;
    }

    /// Reads one answer (to a HEAD request when `head`), up to `limit_s` in all.
    /// Reads one answer (to a HEAD request when `head`), up to `limit_s` in all. Bytes
    /// past it (pipelined answers) are kept for the next call.
    Reply read_reply(double limit_s, bool head = false) {
        Reply r;
        r.raw = std::exchange(m_pending, std::string());
        const auto t0 = Clock::now();
        size_t head_end = std::string::npos, end = std::string::npos;
        long long body_length = -1; // unknown: until close (or chunked)
        bool chunked = false;
        char buf[65536];
        for (;;) {
            if (head_end == std::string::npos &&
                (head_end = r.raw.find("\r\n\r\n")) != std::string::npos)
                parse_head(r, head_end, body_length, chunked);
            if (head_end != std::string::npos &&
                (end = answer_end(r, head_end, body_length, chunked, head)) != std::string::npos)
                break;
            if (seconds_since(t0) >= limit_s)
                break;
            pollfd p{m_fd, POLLIN, 0};
            if (poll(&p, 1, 20) <= 0)
                continue;
            const ssize_t n = recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0) {
                r.closed = true;
                break;
            }
            r.raw.append(buf, static_cast<size_t>(n));
        }
        if (end != std::string::npos) {
            m_pending = r.raw.substr(end);
            r.raw.resize(end);
        }
        if (head_end != std::string::npos && !head) {
            r.body = r.raw.substr(head_end + 4);
            if (chunked)
                r.body = dechunk(r.body);
        }
        return r;
    }

    int fd() const { return m_fd; }

  private:
    static void parse_head(Reply& r, size_t head_end, long long& body_length, bool& chunked) {
        std::istringstream lines(r.raw.substr(0, head_end));
        std::string line;
        std::getline(lines, line);
        if (line.rfind("HTTP/1.", 0) == 0 && line.size() >= 12)
            r.status = std::atoi(line.c_str() + 9);
        while (std::getline(lines, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            const size_t colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            r.headers.emplace(lower(line.substr(0, colon)), value);
        }
        if (r.has("content-length"))
            body_length = std::atoll(r.header("content-length").c_str());
        chunked = lower(r.header("transfer-encoding")).find("chunked") != std::string::npos;
    }

    /// Where the answer whose head ends at `head_end` ends, or npos while incomplete.
    static size_t answer_end(const Reply& r, size_t head_end, long long body_length, bool chunked,
                             bool head) {
        const size_t body_start = head_end + 4;
        if (head || r.status == 204 || r.status == 304 || (r.status / 100 == 1))
            return body_start;
        if (chunked) {
            const size_t last = r.raw.find("\r\n0\r\n\r\n", body_start - 2);
            return last == std::string::npos ? last : last + 7;
        }
        if (body_length >= 0 && r.raw.size() - body_start >= static_cast<size_t>(body_length))
            return body_start + static_cast<size_t>(body_length);
        return std::string::npos;
    }

    static std::string dechunk(const std::string& in) {
        std::string out;
        size_t at = 0;
        while (at < in.size()) {
            const size_t eol = in.find("\r\n", at);
            if (eol == std::string::npos)
                break;
            const size_t size = std::strtoul(in.substr(at, eol - at).c_str(), nullptr, 16);
            if (size == 0)
                break;
            out += in.substr(eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return out;
    }

    int m_fd = -1;
    bool m_connected = false;
    std::string m_pending; ///< received bytes of the next answer
};

/// Sends `request` on a fresh connection and reads one answer.
inline Reply exchange(int port, const std::string& request, double limit_s = 10,
                      bool head = false) {
    Socket s(port);
    if (!s.connected())
        return {};
    s.send_all(request);
    return s.read_reply(limit_s, head);
}

/// "METHOD target HTTP/1.1" with a Host for 127.0.0.1:port, `extra` header lines
/// ("Name: value\r\n" each) and Connection: close.
inline std::string request_text(const std::string& method, const std::string& target, int port,
                                const std::string& extra = "") {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" +
           extra + "Connection: close\r\n\r\n";
}

// [SECTION] The proxy under test

/// The binary under test: the one built next to the tests, or EARSHOT_TEST_PROXY_BIN
/// (to run the suite against an installed or older build).
inline std::string proxy_binary() {
    const char* other = std::getenv("EARSHOT_TEST_PROXY_BIN");
    return other && *other ? other : EARSHOT_PROXY_BIN;
}

/// The real earshot-proxy on 127.0.0.1 port 0, with its own state directory unless
/// `env` names one. Every answer it gives through send() is kept for leak checks.
class Proxy {
  public:
    Proxy(std::vector<std::string> args, std::vector<std::string> env)
        : m_child(command(args), with_state_dir(env)) {
        m_port = m_child.wait_for_port();
        for (const auto& e : env)
            if (e.rfind("EARSHOT_ACCESS_KEY=", 0) == 0)
                m_key = e.substr(std::strlen("EARSHOT_ACCESS_KEY="));
    }
    int port() const { return m_port; }
    const std::string& key() const { return m_key; }
    Child& child() { return m_child; }
    std::string output() const { return m_child.output(); }
    const std::vector<std::string>& answers() const { return m_answers; }

    Reply send(const std::string& request, double limit_s = 10, bool head = false) {
        Reply r = exchange(m_port, request, limit_s, head);
        m_answers.push_back(r.raw);
        return r;
    }
    /// A GET carrying the access key (and `extra` header lines).
    Reply get(const std::string& target, const std::string& extra = "", double limit_s = 10) {
        return send(request_text("GET", target, m_port, "X-Earshot-Key: " + m_key + "\r\n" + extra),
                    limit_s);
    }
    /// A GET without any access key, as an <img> or a plain link would send it.
    Reply get_without_key(const std::string& target, const std::string& extra = "") {
        return send(request_text("GET", target, m_port, extra));
    }

  private:
    static std::vector<std::string> command(std::vector<std::string> args) {
        args.insert(args.begin(), proxy_binary());
        if (std::find(args.begin(), args.end(), "--port") == args.end()) {
            args.push_back("--port");
            args.push_back("0");
        }
        return args;
    }
    std::vector<std::string> with_state_dir(std::vector<std::string> env) const {
        const bool named = std::any_of(env.begin(), env.end(), [](const std::string& e) {
            return e.rfind("EARSHOT_STATE_DIR=", 0) == 0;
        });
        if (!named)
            env.push_back("EARSHOT_STATE_DIR=" + m_state.path);
        return env;
    }

    TempDir m_state; // declared before m_child: it must exist when the child starts
    Child m_child;
    int m_port = 0;
    std::string m_key = "any-key-will-do";
    std::vector<std::string> m_answers;
};

// [SECTION] Fake upstreams

/// What the fake X was sent.
struct Seen {
    std::string method, path, target;
    httplib::Params params; ///< decoded, as X would decode them
    httplib::Headers headers;
    int remote_port = 0;
    size_t body_size = 0;
};

/// A fake X on 127.0.0.1 (httplib) that records every request, whatever its method
/// or path, and answers searches with `result_count` posts (or a `pad_bytes` body,
/// `chunked` or not). Stopped and joined on destruction.
class FakeX {
  public:
    std::atomic<int> result_count{1};
    std::atomic<size_t> pad_bytes{0};
    std::atomic<bool> chunked{false};

    FakeX() {
        m_server.set_keep_alive_max_count(
            1000); // httplib's default (5) would hide connection reuse
        auto record = [this](const httplib::Request& req, httplib::Response& res) {
            answer(req, res);
        };
        m_server.Get(".*", record);
        m_server.Post(".*", record);
        m_server.Put(".*", record);
        m_server.Patch(".*", record);
        m_server.Delete(".*", record);
        m_server.Options(".*", record);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // stop() before the loop runs would be lost and join() would hang.
        while (!m_server.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FakeX() { stop(); }
    FakeX(const FakeX&) = delete;
    FakeX& operator=(const FakeX&) = delete;

    void stop() {
        if (!m_thread.joinable())
            return;
        m_server.stop();
        m_thread.join();
    }
    int port() const { return m_port; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    std::vector<Seen> seen() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seen;
    }
    size_t count() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seen.size();
    }
    Seen last() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seen.empty() ? Seen{} : m_seen.back();
    }

  private:
    void answer(const httplib::Request& req, httplib::Response& res) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_seen.push_back({req.method, req.path, req.target, req.params, req.headers,
                              req.remote_port, req.body.size()});
        }
        const std::string n = std::to_string(result_count.load());
        if (req.path == "/2/tweets/search/recent" && pad_bytes.load() > 0)
            return answer_padded(res);
        if (req.path == "/2/tweets/search/recent") {
            res.set_content(R"({"data":[{"id":"1","text":"hi"}],"meta":{"result_count":)" + n +
                                R"(,"newest_id":"1","oldest_id":"1"}})",
                            "application/json");
        } else if (req.path == "/2/tweets/counts/recent") {
            // result_count here too: a proxy that counted any result_count would show it.
            res.set_content(
                R"({"data":[{"start":"2026-12-01T00:00:00.000Z","end":"2026-12-02T00:00:00.000Z","tweet_count":)" +
                    n + R"(}],"meta":{"total_tweet_count":)" + n + R"(,"result_count":)" + n + "}}",
                "application/json");
        } else if (req.path.rfind("/2/users/by/username/", 0) == 0) {
            res.set_content(
                R"({"data":{"id":"2244994945","name":"Someone","username":"someone"},"meta":{"result_count":)" +
                    n + "}}",
                "application/json");
        } else {
            res.status = 404;
            res.set_content(R"({"title":"Not Found Error"})", "application/json");
        }
    }

    void answer_padded(httplib::Response& res) {
        const std::string head = R"({"data":[],"meta":{"result_count":0},"pad":")";
        const std::string tail = R"("})";
        const size_t total = pad_bytes.load();
        if (!chunked.load()) {
            res.set_content(head + std::string(total, 'x') + tail, "application/json");
            return;
        }
        res.set_chunked_content_provider(
            "application/json", [=](size_t offset, httplib::DataSink& sink) {
                if (offset == 0)
                    return sink.write(head.data(), head.size());
                const size_t written = offset - head.size();
                if (written >= total) {
                    sink.write(tail.data(), tail.size());
                    sink.done();
                    return true;
                }
                const std::string piece(std::min<size_t>(65536, total - written), 'x');
                return sink.write(piece.data(), piece.size());
            });
    }

    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<Seen> m_seen;
};

/// A fake X on raw sockets that reads each request head, then either never answers
/// (Silent) or starts a huge answer and sends one byte every 200 ms (Trickle), until
/// destroyed — so only an overall deadline, not a per-read timeout, can end a forward.
class StallingX {
  public:
    enum class Mode { Silent, Trickle };
    std::atomic<int> requests{0};

    explicit StallingX(Mode mode) : m_mode(mode) {
        m_listen = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        listen(m_listen, 16);
        m_acceptor = std::thread([this] { accept_loop(); });
    }
    ~StallingX() {
        m_stop = true;
        m_acceptor.join();
        for (auto& t : m_connections)
            t.join();
        close(m_listen);
    }
    StallingX(const StallingX&) = delete;
    StallingX& operator=(const StallingX&) = delete;

    std::string base() const { return "http://127.0.0.1:" + std::to_string(m_port); }

  private:
    void accept_loop() {
        while (!m_stop) {
            pollfd p{m_listen, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            const int fd = accept(m_listen, nullptr, nullptr);
            if (fd >= 0)
                m_connections.emplace_back([this, fd] { serve(fd); });
        }
    }

    void serve(int fd) {
        std::string head;
        char buf[4096];
        while (!m_stop && head.find("\r\n\r\n") == std::string::npos) {
            pollfd p{fd, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            const ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            head.append(buf, static_cast<size_t>(n));
        }
        if (head.find("\r\n\r\n") != std::string::npos)
            ++requests;
        if (m_mode == Mode::Trickle) {
            const std::string start = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                      "Content-Length: 1000000\r\n\r\n{\"data\":[";
            bool ok = ::send(fd, start.data(), start.size(), MSG_NOSIGNAL) > 0;
            while (!m_stop && ok) {
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                ok = ::send(fd, " ", 1, MSG_NOSIGNAL) == 1;
            }
        }
        while (!m_stop)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        close(fd);
    }

    Mode m_mode;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_acceptor;
    std::vector<std::thread>
        m_connections; // touched by the acceptor thread only until it is joined
};

} // namespace earshot::proxy_test
