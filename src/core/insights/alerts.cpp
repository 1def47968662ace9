// Alerts (see alerts.hpp): the robust same-hour tests, the per-listener hourly series they
// run on, and the messages that say why each alert fired.
#include "core/insights/alerts.hpp"
#include "core/insights/goals.hpp"

#include "core/text/grapheme.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace earshot::core {

// [SECTION] Index
// [SECTION] Robust tests
// [SECTION] Wording
// [SECTION] AlertMonitor

// [SECTION] Robust tests

namespace {

constexpr int64_t kMaxHours = 24 * 366 * 20; // a series never spans more than 20 years
/// A question this negative is unhappy whatever it asks ("why is it always so slow??").
constexpr float kClearlyNegative = -0.5f;

double anscombe(double x) {
    return 2.0 * std::sqrt(x + 0.375);
}

double median_of(std::vector<double>& v) {
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(mid), v.end());
    double m = v[mid];
    if (v.size() % 2 == 0)
        m = (m + *std::max_element(v.begin(), v.begin() + static_cast<long>(mid))) / 2;
    return m;
}

int64_t floor_div(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

} // namespace

const char* to_string(AlertKind kind) {
    switch (kind) {
    case AlertKind::VolumeSpike:
        return "volume_spike";
    case AlertKind::NegativeSurge:
        return "negative_surge";
    case AlertKind::HighReachComplaint:
        return "high_reach_complaint";
    case AlertKind::CompetitorOpportunity:
        return "competitor_opportunity";
    }
    return "";
}

SpikeTest same_hour_spike(const std::vector<uint32_t>& hourly, size_t index,
                          const SpikeParams& params, size_t first_valid) {
    SpikeTest r;
    if (index >= hourly.size())
        return r;
    r.count = hourly[index];
    std::vector<double> raw, y;
    for (int k = 1; k <= params.baseline_days; ++k) {
        const size_t back = static_cast<size_t>(k) * 24;
        if (back > index || index - back < first_valid)
            break;
        raw.push_back(hourly[index - back]);
        y.push_back(anscombe(hourly[index - back]));
    }
    r.days = static_cast<int>(y.size());
    if (r.days < std::max(1, params.min_baseline_days))
        return r;
    r.median = median_of(raw);
    const double med = median_of(y);
    std::vector<double> dev(y.size());
    for (size_t i = 0; i < y.size(); ++i)
        dev[i] = std::fabs(y[i] - med);
    // 1.4826 · MAD estimates a standard deviation; 1 is Poisson noise after the transform.
    const double scale = std::max(1.4826 * median_of(dev), 1.0);
    r.z = (anscombe(r.count) - med) / scale;
    r.fired = r.count >= params.min_count && r.z >= params.z_threshold;
    return r;
}

std::vector<size_t> find_spikes(const std::vector<uint32_t>& hourly, const SpikeParams& params) {
    std::vector<size_t> out;
    for (size_t i = 0; i < hourly.size(); ++i)
        if (same_hour_spike(hourly, i, params).fired)
            out.push_back(i);
    return out;
}

SurgeTest negative_surge(const std::vector<uint32_t>& negative, const std::vector<uint32_t>& total,
                         size_t index, const SpikeParams& spike, const SurgeParams& surge,
                         size_t first_valid) {
    SurgeTest r;
    if (index >= negative.size() || index >= total.size())
        return r;
    SpikeParams p = spike;
    p.z_threshold = surge.z_threshold;
    p.min_count = surge.min_negative;
    const SpikeTest t = same_hour_spike(negative, index, p, first_valid);
    r.negative = negative[index];
    r.total = total[index];
    r.usual_negative = t.median;
    r.z = t.z;
    r.days = t.days;
    // The usual mood is pooled over whole days: one hour's share is too noisy.
    const size_t span = static_cast<size_t>(std::max(1, spike.baseline_days)) * 24;
    const size_t from = std::max(first_valid, index >= span ? index - span : 0);
    uint64_t neg = 0, all = 0;
    for (size_t j = from; j < index; ++j) {
        neg += negative[j];
        all += total[j];
    }
    r.usual_share = all ? static_cast<double>(neg) / static_cast<double>(all) : 0.0;
    r.share = r.total ? static_cast<double>(r.negative) / r.total : 0.0;
    r.fired = t.fired && r.share >= r.usual_share + surge.min_share_rise &&
              r.share >= surge.share_ratio * r.usual_share;
    return r;
}

// [SECTION] Wording

namespace {

/// 48200 → "48,200".
std::string with_commas(int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

/// 8 → "8", 7.5 → "7.5".
std::string number(double v) {
    char buf[32];
    if (std::fabs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

/// "14:00–15:00" for a local hour index.
std::string hour_range(int64_t local_hour) {
    const int h = static_cast<int>(local_hour - floor_div(local_hour, 24) * 24);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:00\u2013%02d:00", h, (h + 1) % 24);
    return buf;
}

std::string days_phrase(int days) {
    return days == 1 ? "last day" : "last " + std::to_string(days) + " days";
}

/// The first ~100 bytes of a post on one line, cut at a grapheme-cluster boundary
/// (never inside a character, a flag or an emoji sequence).
std::string excerpt(const std::string& text) {
    constexpr size_t kMax = 100;
    std::string line = text;
    for (char& c : line)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    return ellipsize(line, kMax);
}

std::string author_label(const Mention& m) {
    if (!m.author.handle.empty())
        return "@" + m.author.handle;
    if (!m.author.name.empty())
        return m.author.name;
    return "someone";
}

} // namespace

// [SECTION] AlertMonitor

AlertMonitor::AlertMonitor(AlertConfig config) {
    configure(std::move(config));
}

void AlertMonitor::configure(AlertConfig config) {
    m_cfg = std::move(config);
    m_competitors = 0;
    for (int c : m_cfg.competitor_listeners)
        if (c >= 0 && c < 64 && c != m_cfg.business_listener)
            m_competitors |= uint64_t{1} << c;
    clear();
}

void AlertMonitor::clear() {
    for (Series& s : m_series)
        s = Series{};
    m_alerts.clear();
    m_new.clear();
    m_fired_hours.clear();
    m_fired_mentions.clear();
}

int64_t AlertMonitor::local_hour(int64_t t) const {
    return floor_div(t + static_cast<int64_t>(m_cfg.utc_offset_minutes) * 60, 3600);
}

std::string AlertMonitor::listener_name(int bit) const {
    if (bit >= 0 && static_cast<size_t>(bit) < m_cfg.listener_names.size() &&
        !m_cfg.listener_names[static_cast<size_t>(bit)].empty())
        return m_cfg.listener_names[static_cast<size_t>(bit)];
    return "listener " + std::to_string(bit);
}

void AlertMonitor::count(Series& s, int64_t hour, bool negative) {
    if (!s.used) {
        s.used = true;
        s.base = s.first = s.last = hour;
        s.total.assign(1, 0);
        s.negative.assign(1, 0);
    }
    const int64_t first = std::min(s.first, hour), last = std::max(s.last, hour);
    if (last - first + 1 > kMaxHours)
        return; // a stray timestamp must not allocate decades
    const int64_t size = static_cast<int64_t>(s.total.size());
    if (hour < s.base) {
        // Grow downwards with slack so mentions arriving newest-first stay amortised O(1).
        const int64_t slack = std::min<int64_t>(size, kMaxHours - (s.base + size - hour));
        const int64_t base = hour - std::max<int64_t>(0, slack);
        s.total.insert(s.total.begin(), static_cast<size_t>(s.base - base), 0);
        s.negative.insert(s.negative.begin(), static_cast<size_t>(s.base - base), 0);
        s.base = base;
    } else if (hour >= s.base + size) {
        s.total.resize(static_cast<size_t>(hour - s.base + 1), 0);
        s.negative.resize(s.total.size(), 0);
    }
    s.first = first;
    s.last = last;
    const size_t i = static_cast<size_t>(hour - s.base);
    ++s.total[i];
    if (negative)
        ++s.negative[i];
}

void AlertMonitor::raise(Alert a) {
    m_new.push_back(a);
    m_alerts.push_back(std::move(a));
    // Both lists keep the newest max_kept, so an app that never asks cannot grow them.
    for (std::vector<Alert>* list : {&m_alerts, &m_new})
        if (list->size() > m_cfg.max_kept)
            list->erase(list->begin(),
                        list->begin() + static_cast<long>(list->size() - m_cfg.max_kept));
}

std::vector<Alert> AlertMonitor::take_new() {
    std::vector<Alert> out;
    out.swap(m_new);
    return out;
}

bool AlertMonitor::is_own_handle(const std::string& handle) const {
    // The same account on every network: "rivalroasters", its Mastodon acct
    // "rivalroasters@demo.social", its Bluesky "rivalroasters.bsky.social" or its site's
    // domain as a Bluesky handle (is_account_of, as Insights and Goals read them).
    return std::any_of(m_cfg.own_handles.begin(), m_cfg.own_handles.end(),
                       [&](const std::string& own) { return is_account_of(handle, own); });
}

void AlertMonitor::add(const Mention& m, uint64_t listeners) {
    if (m.created_at <= 0)
        return; // no time: it cannot be placed in an hour
    const bool negative = m.sentiment && *m.sentiment <= m_cfg.negative_below;
    const int64_t hour = local_hour(m.created_at);
    for (uint64_t bits = listeners; bits; bits &= bits - 1)
        count(m_series[__builtin_ctzll(bits)], hour, negative);

    if (m.created_at < m_cfg.since || m.id.empty())
        return;
    // Per-mention alerts are about customers speaking: a repost repeats someone whose
    // own post already raised its alert, and the businesses' own accounts are not customers.
    if (m.kind == Kind::Repost || is_own_handle(m.author.handle))
        return;
    const uint64_t business = m_cfg.business_listener >= 0 && m_cfg.business_listener < 64
                                  ? uint64_t{1} << m_cfg.business_listener
                                  : 0;
    const uint64_t own = listeners & ~m_competitors;
    const bool complaint = (m.intents & IntentComplaint) != 0;

    if (complaint && own && m.author.followers &&
        *m.author.followers >= m_cfg.high_reach_followers &&
        m_fired_mentions.insert("c:" + m.id).second) {
        Alert a;
        a.kind = AlertKind::HighReachComplaint;
        a.listener = (own & business) ? m_cfg.business_listener : __builtin_ctzll(own);
        a.listeners = listeners;
        a.at = m.created_at;
        a.mention_id = m.id;
        a.observed = static_cast<double>(*m.author.followers);
        a.message = "Complaint from " + author_label(m) + ", " + with_commas(*m.author.followers) +
                    " followers (alerts from " + with_commas(m_cfg.high_reach_followers) +
                    "): \u201c" + excerpt(m.text) + "\u201d";
        raise(std::move(a));
    }

    // A competitor's unhappy customer. A mention that also names the business is left to
    // the complaint path: its mood may be about us. Someone asking ("¿Grindhouse tiene leche
    // de avena?", "does it take dogs?") is not unhappy because the tone leans a little
    // negative: on a question with no rated word the lean is the scorer's guess. Only a
    // clearly negative question counts, or one that complains.
    const uint64_t rivals = listeners & m_competitors;
    const bool asking = (m.intents & (IntentQuestion | IntentPurchase | IntentRecommendationRequest)) != 0;
    const bool unhappy = complaint || (negative && (!asking || *m.sentiment <= kClearlyNegative));
    if (rivals && !(listeners & business) && unhappy &&
        m_fired_mentions.insert("o:" + m.id).second) {
        Alert a;
        a.kind = AlertKind::CompetitorOpportunity;
        a.listener = __builtin_ctzll(rivals);
        a.listeners = listeners;
        a.at = m.created_at;
        a.mention_id = m.id;
        a.observed = m.sentiment ? *m.sentiment : 0.0;
        std::string why;
        if (m.sentiment && negative) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "sentiment %.2f", static_cast<double>(*m.sentiment));
            why = buf;
        }
        if (complaint)
            why += why.empty() ? "a complaint" : ", a complaint";
        a.message = author_label(m) + " is unhappy with " + listener_name(a.listener) + " (" + why +
                    "): \u201c" + excerpt(m.text) + "\u201d \u2014 a chance to win a customer";
        raise(std::move(a));
    }
}

void AlertMonitor::test_hour(int listener, int64_t hour, int64_t now,
                             std::vector<Alert>& out) const {
    const Series& s = m_series[listener];
    if (!s.used || hour < s.base || hour >= s.base + static_cast<int64_t>(s.total.size()))
        return;
    const size_t i = static_cast<size_t>(hour - s.base);
    const size_t first_valid = static_cast<size_t>(s.first - s.base);
    const int64_t offset = static_cast<int64_t>(m_cfg.utc_offset_minutes) * 60;
    const int64_t start = hour * 3600 - offset;
    const std::string when = hour_range(hour) + (now < start + 3600 ? " so far" : "");
    const std::string prefix = static_cast<size_t>(listener) < m_cfg.listener_names.size() &&
                                       !m_cfg.listener_names[static_cast<size_t>(listener)].empty()
                                   ? m_cfg.listener_names[static_cast<size_t>(listener)] + ": "
                                   : std::string();

    const SpikeTest spike = same_hour_spike(s.total, i, m_cfg.spike, first_valid);
    if (spike.fired) {
        Alert a;
        a.kind = AlertKind::VolumeSpike;
        a.listener = listener;
        a.listeners = uint64_t{1} << listener;
        a.at = start;
        a.observed = spike.count;
        a.usual = spike.median;
        a.score = spike.z;
        a.message = prefix + std::to_string(spike.count) +
                    (spike.count == 1 ? " mention " : " mentions ") + when + ", usually " +
                    number(spike.median) + " (same hour, " + days_phrase(spike.days) + ")";
        out.push_back(std::move(a));
    }
    const SurgeTest surge =
        negative_surge(s.negative, s.total, i, m_cfg.spike, m_cfg.surge, first_valid);
    if (surge.fired) {
        Alert a;
        a.kind = AlertKind::NegativeSurge;
        a.listener = listener;
        a.listeners = uint64_t{1} << listener;
        a.at = start;
        a.observed = surge.negative;
        a.usual = surge.usual_negative;
        a.score = surge.z;
        a.message = prefix + std::to_string(surge.negative) + " negative mentions " + when + " (" +
                    number(std::round(surge.share * 100)) + "% of " + std::to_string(surge.total) +
                    "), usually " + number(surge.usual_negative) + " (same hour, " +
                    days_phrase(surge.days) + ") and " +
                    number(std::round(surge.usual_share * 100)) + "% negative";
        out.push_back(std::move(a));
    }
}

void AlertMonitor::check(int64_t now) {
    const int64_t current = local_hour(now);
    const int64_t offset = static_cast<int64_t>(m_cfg.utc_offset_minutes) * 60;
    std::vector<Alert> found;
    for (int l = 0; l < 64; ++l) {
        if (!m_series[l].used)
            continue;
        for (int64_t hour : {current - 1, current}) {
            if (hour * 3600 - offset + 3600 <= m_cfg.since)
                continue; // ended before `since`
            found.clear();
            test_hour(l, hour, now, found);
            for (Alert& a : found) {
                const uint64_t key = (static_cast<uint64_t>(hour) << 8) |
                                     (static_cast<uint64_t>(l) << 2) |
                                     static_cast<uint64_t>(a.kind);
                if (m_fired_hours.insert(key).second)
                    raise(std::move(a));
            }
        }
    }
}

std::vector<Alert> AlertMonitor::scan(int64_t from, int64_t to) const {
    std::vector<Alert> out;
    if (to <= from)
        return out;
    const int64_t first = local_hour(from), last = local_hour(to - 1);
    for (int l = 0; l < 64; ++l) {
        const Series& s = m_series[l];
        if (!s.used)
            continue;
        const int64_t lo = std::max(first, s.first), hi = std::min(last, s.last);
        for (int64_t h = lo; h <= hi; ++h)
            test_hour(l, h, std::numeric_limits<int64_t>::max(), out);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Alert& a, const Alert& b) { return a.at < b.at; });
    return out;
}

uint32_t AlertMonitor::hour_count(int listener, int64_t t) const {
    if (listener < 0 || listener >= 64)
        return 0;
    const Series& s = m_series[listener];
    const int64_t h = local_hour(t);
    if (!s.used || h < s.base || h >= s.base + static_cast<int64_t>(s.total.size()))
        return 0;
    return s.total[static_cast<size_t>(h - s.base)];
}

} // namespace earshot::core
