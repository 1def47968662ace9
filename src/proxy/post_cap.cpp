// Counting and persisting the server-side post caps (see post_cap.hpp).
#include "proxy/post_cap.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace earshot::proxy {

namespace {

constexpr uint64_t kMaxCounter = 1'000'000'000'000ULL; // no real ledger holds more posts

std::tm utc(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

std::string day_of(std::time_t t) {
    char b[16];
    std::tm tm = utc(t);
    std::strftime(b, sizeof b, "%Y-%m-%d", &tm);
    return b;
}

std::string month_of(std::time_t t) { return day_of(t).substr(0, 7); }

std::time_t next_midnight(std::time_t t) {
    std::tm tm = utc(t);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mday += 1;
    return timegm(&tm);
}

std::time_t next_month(std::time_t t) {
    std::tm tm = utc(t);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mday = 1;
    tm.tm_mon += 1;
    return timegm(&tm);
}

bool read_counter(const nlohmann::json& j, const char* key, uint64_t& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned() || it->get<uint64_t>() > kMaxCounter) return false;
    out = it->get<uint64_t>();
    return true;
}

bool read_text(const nlohmann::json& j, const char* key, size_t length, std::string& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string() || it->get<std::string>().size() != length) return false;
    out = it->get<std::string>();
    return true;
}

} // namespace

std::string utc_timestamp(std::time_t t) {
    char b[32];
    std::tm tm = utc(t);
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return b;
}

PostCap::PostCap(uint64_t daily, uint64_t monthly, std::string state_file)
    : m_daily(daily), m_monthly(monthly), m_file(std::move(state_file)) {}

std::string PostCap::load() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_file.empty()) return {};
    std::ifstream in(m_file, std::ios::binary);
    if (!in) return errno == ENOENT ? std::string() : "cannot read " + m_file + ": " + std::strerror(errno);
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
    std::string day, month;
    uint64_t day_posts = 0, month_posts = 0;
    bool ok = j.is_object() && j.value("version", 0) == 1 && read_text(j, "day", 10, day) &&
              read_text(j, "month", 7, month) && read_counter(j, "day_posts", day_posts) &&
              read_counter(j, "month_posts", month_posts);
    if (!ok)
        return m_file + " is damaged, so the posts already read this day and month are unknown. Move it aside to "
                        "start counting from zero (only if you know this month's X usage), then start again.";
    m_day = day;
    m_month = month;
    m_day_posts = day_posts;
    m_month_posts = month_posts;
    return {};
}

void PostCap::roll(std::time_t now) {
    std::string d = day_of(now), m = month_of(now);
    if (d != m_day) {
        m_day = d;
        m_day_posts = 0;
    }
    if (m != m_month) {
        m_month = m;
        m_month_posts = 0;
    }
}

std::optional<CapRefusal> PostCap::check(std::time_t now) {
    std::lock_guard<std::mutex> lock(m_mutex);
    roll(now);
    if (m_monthly && m_month_posts >= m_monthly) return CapRefusal{"monthly", m_monthly, m_month_posts, next_month(now)};
    if (m_daily && m_day_posts >= m_daily) return CapRefusal{"daily", m_daily, m_day_posts, next_midnight(now)};
    return std::nullopt;
}

std::string PostCap::add(uint64_t posts, std::time_t now) {
    std::lock_guard<std::mutex> lock(m_mutex);
    roll(now);
    m_day_posts = std::min(kMaxCounter, m_day_posts + posts);
    m_month_posts = std::min(kMaxCounter, m_month_posts + posts);
    return save();
}

uint64_t PostCap::used_today(std::time_t now) {
    std::lock_guard<std::mutex> lock(m_mutex);
    roll(now);
    return m_day_posts;
}

uint64_t PostCap::used_this_month(std::time_t now) {
    std::lock_guard<std::mutex> lock(m_mutex);
    roll(now);
    return m_month_posts;
}

// Written beside and renamed over, so a crash mid-write leaves the old file.
std::string PostCap::save() const {
    if (m_file.empty()) return {};
    nlohmann::json j = {{"version", 1}, {"day", m_day}, {"day_posts", m_day_posts},
                        {"month", m_month}, {"month_posts", m_month_posts}};
    std::string tmp = m_file + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << j.dump() << "\n";
        out.flush();
        if (!out) return "cannot write " + tmp + ": " + std::strerror(errno);
    }
    if (std::rename(tmp.c_str(), m_file.c_str()) != 0) return "cannot replace " + m_file + ": " + std::strerror(errno);
    return {};
}

uint64_t posts_in_search_answer(const std::string& body) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return 0;
    // X bills the posts it returns: take the larger of what meta says and what came.
    uint64_t said = 0;
    auto meta = j.find("meta");
    if (meta != j.end() && meta->is_object()) {
        auto n = meta->find("result_count");
        if (n != meta->end() && n->is_number_unsigned()) said = std::min<uint64_t>(n->get<uint64_t>(), 100000);
    }
    auto data = j.find("data");
    uint64_t came = data != j.end() && data->is_array() ? data->size() : 0;
    return std::max(said, came);
}

} // namespace earshot::proxy
