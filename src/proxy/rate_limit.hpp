// A token bucket per client on /api/: a greedy or looping client gets 429s
// instead of spending the owner's X budget or the proxy's workers.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace earshot::proxy {

class RateLimit {
public:
    /// `per_minute` requests, in bursts of as many; 0 turns the limit off.
    explicit RateLimit(int per_minute) : m_per_minute(per_minute) {}

    /// 0 when `client` may go on now, else the whole seconds until it may.
    int wait_seconds(const std::string& client, std::chrono::steady_clock::time_point now);

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point at;
    };
    int m_per_minute;
    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
};

} // namespace earshot::proxy
