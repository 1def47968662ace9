// The per-client token bucket (see rate_limit.hpp).
#include "proxy/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace earshot::proxy {

int RateLimit::wait_seconds(const std::string& client, std::chrono::steady_clock::time_point now) {
    if (m_per_minute <= 0) return 0;
    const double capacity = m_per_minute, per_second = m_per_minute / 60.0;
    std::lock_guard<std::mutex> lock(m_mutex);
    // Forget full buckets now and then so a scan of many addresses cannot grow the map forever.
    if (m_buckets.size() > 10000)
        for (auto it = m_buckets.begin(); it != m_buckets.end();)
            it = std::chrono::duration<double>(now - it->second.at).count() * per_second >= capacity
                     ? m_buckets.erase(it)
                     : std::next(it);
    auto [it, fresh] = m_buckets.try_emplace(client, Bucket{capacity, now});
    Bucket& b = it->second;
    if (!fresh) {
        double refill = std::chrono::duration<double>(now - b.at).count() * per_second;
        b.tokens = std::min(capacity, b.tokens + refill);
        b.at = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second)));
}

} // namespace earshot::proxy
