// Alerts per listener: volume spikes and negative-sentiment surges (robust to the daily
// rhythm), complaints from high-reach authors, and competitors' unhappy customers.
#pragma once

#include "core/analysis/sentiment.hpp"
#include "core/model/mention.hpp"

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace earshot::core {

enum class AlertKind : uint8_t {
    VolumeSpike,           ///< far more mentions than usual at this hour
    NegativeSurge,         ///< far more negative mentions, and a larger negative share
    HighReachComplaint,    ///< a complaint from an author with many followers
    CompetitorOpportunity, ///< a negative mention of a competitor: someone to win over
};
/// "volume_spike", "negative_surge", "high_reach_complaint", "competitor_opportunity".
const char* to_string(AlertKind kind);

struct Alert {
    AlertKind kind = AlertKind::VolumeSpike;
    int listener = -1;      ///< the listener bit it is about
    uint64_t listeners = 0; ///< per-mention alerts: every listener bit of the mention
    int64_t at = 0;         ///< UTC: the hour's start (spike, surge) or the mention's time
    std::string mention_id; ///< per-mention alerts
    /// Why it fired, in words: "42 mentions 14:00–15:00, usually 8 (same hour, last 7 days)".
    std::string message;
    double observed = 0; ///< the hour's count (negative count for surges); followers or sentiment
    double usual = 0;    ///< the baseline median for the same hour
    double score = 0;    ///< robust z-score (spike, surge)
};

/// The same-hour spike test. For hour i, the baseline is the count at the same hour on
/// each of the previous `baseline_days` days. Counts are first put through the Anscombe
/// transform y = 2·sqrt(x + 3/8), under which Poisson noise has unit variance whatever
/// the level, so busy noon hours and quiet night hours are judged alike. Then
/// z = (y − median(y_base)) / max(1.4826 · MAD(y_base), 1): the median and the MAD
/// ignore a past spike or two in the baseline, the floor of 1 is Poisson noise when the
/// baseline happens to be flat. The hour fires when z ≥ z_threshold and the count is at
/// least min_count (so 0 → 2 is never an alarm).
struct SpikeParams {
    int baseline_days = 7;     ///< same-hour values compared (7–14 is sensible)
    int min_baseline_days = 3; ///< with fewer days of history there is no verdict
    double z_threshold = 4.0;
    uint32_t min_count = 5;
};

/// A negative surge: the hour's negative count passes the spike test (with these
/// thresholds), and the hour's negative share rises by min_share_rise and by the factor
/// share_ratio over the pooled share of the previous baseline_days × 24 hours — so a
/// busy hour with the usual mix of moods is a spike, not a surge.
struct SurgeParams {
    double z_threshold = 3.5;
    uint32_t min_negative = 4;
    double min_share_rise = 0.15;
    double share_ratio = 1.5;
};

struct SpikeTest {
    bool fired = false;
    uint32_t count = 0;
    double median = 0; ///< median of the baseline counts (the "usually")
    double z = 0;
    int days = 0; ///< baseline values used
};

/// Tests hourly[index] against hourly[index − 24k], k = 1..baseline_days, k ≥ first_valid
/// (hours before first_valid are not history: the listener did not exist yet).
SpikeTest same_hour_spike(const std::vector<uint32_t>& hourly, size_t index,
                          const SpikeParams& params, size_t first_valid = 0);

/// Every index of `hourly` that fires.
std::vector<size_t> find_spikes(const std::vector<uint32_t>& hourly, const SpikeParams& params);

struct SurgeTest {
    bool fired = false;
    uint32_t negative = 0, total = 0;
    double usual_negative = 0; ///< median negative count, same hour
    double share = 0;          ///< negative / total this hour
    double usual_share = 0;    ///< pooled over the previous baseline_days × 24 hours
    double z = 0;
    int days = 0;
};

SurgeTest negative_surge(const std::vector<uint32_t>& negative, const std::vector<uint32_t>& total,
                         size_t index, const SpikeParams& spike, const SurgeParams& surge,
                         size_t first_valid = 0);

struct AlertConfig {
    /// Owner's time zone, minutes east of UTC: hours are the owner's clock hours.
    int utc_offset_minutes = 0;
    /// Listener names by bit, for messages ("listener 3" when missing).
    std::vector<std::string> listener_names;
    int business_listener = -1;
    std::vector<int> competitor_listeners;
    /// Accounts (handles and site domains, any case, '@' or not; core::profile_accounts)
    /// whose own posts never raise per-mention alerts, on any network (is_account_of):
    /// the business and its competitors talking about themselves are not customers.
    std::vector<std::string> own_handles;
    /// Complaint alerts need at least this many followers.
    int64_t high_reach_followers = 10000;
    /// A mention is negative at or below this sentiment: by default the board's split
    /// (sentiment_polarity). Mentions of unknown tone are never negative.
    float negative_below = -kSentimentNeutralBand;
    /// No alerts about hours ending or mentions made before this (UTC seconds): older
    /// mentions only teach the baselines. Set it to when the app started or the owner
    /// last looked, so a full reload does not replay old alerts.
    int64_t since = 0;
    SpikeParams spike;
    SurgeParams surge;
    size_t max_kept = 500; ///< alerts() keeps the newest this many
};

/// Watches mentions as they arrive. add() raises the per-mention alerts at once;
/// check(now) tests the current and the previous hour of every listener for spikes and
/// surges. Each alert fires once (per mention, or per listener, hour and kind).
class AlertMonitor {
  public:
    explicit AlertMonitor(AlertConfig config = {});

    /// New settings; forgets every count and alert.
    void configure(AlertConfig config);
    const AlertConfig& config() const { return m_cfg; }
    void clear();

    /// Counts a mention for each of its listeners; may raise per-mention alerts.
    void add(const Mention& m, uint64_t listeners);
    /// Tests the hour containing `now` (so far) and the hour before it.
    void check(int64_t now);

    /// Alerts raised since the last call (oldest first, at most max_kept), for notifications.
    std::vector<Alert> take_new();
    /// The newest max_kept alerts, oldest first.
    const std::vector<Alert>& alerts() const { return m_alerts; }

    /// Spikes and surges over [from, to) for every listener, recomputed from the hourly
    /// counts; ignores `since` and what already fired (for charts).
    std::vector<Alert> scan(int64_t from, int64_t to) const;

    /// Mentions counted for a listener in the owner's local hour containing t.
    uint32_t hour_count(int listener, int64_t t) const;

  private:
    bool is_own_handle(const std::string& handle) const;
    struct Series {
        int64_t base = 0; ///< local hour index of element 0
        std::vector<uint32_t> total, negative;
        int64_t first = 0, last = 0; ///< first and last hour with a mention
        bool used = false;
    };
    int64_t local_hour(int64_t t) const;
    void count(Series& s, int64_t hour, bool negative);
    /// The spike and surge alerts of one listener's local hour (none when it does not fire).
    void test_hour(int listener, int64_t hour, int64_t now, std::vector<Alert>& out) const;
    void raise(Alert a);
    std::string listener_name(int bit) const;

    AlertConfig m_cfg;
    uint64_t m_competitors = 0;
    Series m_series[64];
    std::vector<Alert> m_alerts, m_new;
    std::unordered_set<uint64_t> m_fired_hours; ///< (hour, listener, kind) already raised
    std::unordered_set<std::string> m_fired_mentions;
};

} // namespace earshot::core
