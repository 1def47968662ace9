// The server's own spend guard for X, the last line of defence behind the
// app's: posts counted from each search answer per UTC day and month, kept in a
// small file so a restart does not reset them.
#pragma once

#include <cstdint>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>

namespace earshot::proxy {

struct CapRefusal {
    std::string cap;       ///< "daily" or "monthly"
    uint64_t limit = 0;
    uint64_t used = 0;
    std::time_t resets_at = 0; ///< the next UTC midnight / first of the month
};

class PostCap {
public:
    /// 0 means no cap. `state_file` empty: counters live in memory only.
    PostCap(uint64_t daily, uint64_t monthly, std::string state_file);

    /// Reads the counters; an empty string on success (or no file yet), else
    /// what is wrong with the file and what to do.
    std::string load();
    bool active() const { return m_daily || m_monthly; }

    /// A refusal when a cap is reached at `now`.
    std::optional<CapRefusal> check(std::time_t now);
    /// Adds the posts of one answer and writes the file; an error text if it
    /// could not be written (the count still holds in memory).
    std::string add(uint64_t posts, std::time_t now);

    uint64_t used_today(std::time_t now);
    uint64_t used_this_month(std::time_t now);

private:
    void roll(std::time_t now);
    std::string save() const;

    uint64_t m_daily, m_monthly;
    std::string m_file;
    std::mutex m_mutex;
    std::string m_day, m_month; ///< "2026-12-03", "2026-12"
    uint64_t m_day_posts = 0, m_month_posts = 0;
};

/// The posts an X search answer says it holds (meta.result_count, else the
/// length of data); 0 for anything else.
uint64_t posts_in_search_answer(const std::string& body);

/// "2026-12-04T00:00:00Z"
std::string utc_timestamp(std::time_t t);

} // namespace earshot::proxy
