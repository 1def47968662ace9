// The proxy's HTTP/1.1 server. One thread reads every request head with poll()
// and a deadline, so clients that dribble bytes cost a file descriptor, not a
// thread; complete requests go to a pool of workers that run the routes and
// write what the socket takes at once; the rest of a large answer is written by
// the poll thread, so clients that never read cannot hold the workers either.
// Connections are bounded in total and per client address.
#pragma once

#include "proxy/http_message.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace earshot::proxy {

struct ServerLimits {
    int max_connections = 256;
    int max_per_client = 32;     ///< loopback peers (a TLS front on this machine) are exempt
    int header_timeout_s = 10;   ///< from the first byte of a request to its blank line
    int idle_timeout_s = 15;     ///< a kept-alive connection with no request
    int write_timeout_s = 60;    ///< to write one whole answer
    int write_stall_s = 10;      ///< a client that takes none of an answer for this long is dropped
    size_t max_head_bytes = 16 * 1024;
    int workers = 64;
    size_t max_queued = 1024;    ///< complete requests waiting for a worker
};

using Handler = std::function<Response(const Request&)>;

class HttpServer {
public:
    HttpServer(ServerLimits limits, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and listens; an empty string on success, else what went wrong.
    std::string bind(const std::string& host, int port);
    /// The bound port (useful after binding port 0).
    int port() const { return m_port; }
    /// Serves until stop(); returns after every worker has finished.
    void run();
    /// Safe from a signal handler: sets a flag and writes to a pipe.
    void stop();

private:
    struct Conn;
    struct Job;
    void loop();
    void accept_new();
    bool read_from(Conn& c);             ///< false: close it
    bool take_requests(std::unique_ptr<Conn>& c); ///< false: close it (or handed to a worker)
    bool write_pending(Conn& c);         ///< false: close it
    void after_answer(std::unique_ptr<Conn> c, std::vector<std::unique_ptr<Conn>>& keep);
    void worker();
    void finish(std::unique_ptr<Conn> c, bool keep);
    void close_conn(std::unique_ptr<Conn> c);
    void refuse_and_close(std::unique_ptr<Conn> c, int status, const std::string& why);

    ServerLimits m_limits;
    Handler m_handler;
    int m_listen_fd = -1;
    int m_wake[2] = {-1, -1};
    int m_port = 0;
    std::atomic<bool> m_stopping{false};

    std::vector<std::unique_ptr<Conn>> m_reading; ///< owned by the loop thread

    std::mutex m_mutex; ///< guards everything below
    std::condition_variable m_work_ready;
    std::deque<std::unique_ptr<Job>> m_jobs;
    std::vector<std::unique_ptr<Conn>> m_returned; ///< kept-alive, back from workers
    std::map<std::string, int> m_per_client;
    int m_open = 0;
    std::vector<std::thread> m_workers;
};

} // namespace earshot::proxy
