// The spend guard: what X's pay-per-use reads cost, per listener and for the
// whole workspace, the estimate before a run, and the caps that stop a run
// before it overspends. Pure logic; the app stores it as JSON.
#pragma once

#include "core/listen/listener.hpp"
#include "core/model/result.hpp"
#include "core/listen/x_search.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace earshot::core {

/// Money in millionths of a dollar, so sums at $0.005 a post stay exact.
using Micros = int64_t;
constexpr Micros kMicrosPerDollar = 1'000'000;

/// "$5.00", "$1,234.50"; a sub-cent amount keeps its digits ("$0.005", "$2.055").
std::string format_money(Micros amount);
/// "1,000".
std::string format_count(uint64_t n);

// [SECTION] UTC calendar (days and calendar months, as X bills them)

/// Days since 1970-01-01 (UTC) of a Unix time.
int64_t utc_day(int64_t unix_seconds);
/// year * 12 + (month - 1) of a Unix time (UTC).
int64_t utc_month(int64_t unix_seconds);
/// Unix time of the next UTC midnight after `unix_seconds`.
int64_t start_of_next_day(int64_t unix_seconds);
/// Unix time of the first instant of the next UTC calendar month.
int64_t start_of_next_month(int64_t unix_seconds);
/// "1 December" (the UTC date of a Unix time).
std::string format_day_month(int64_t unix_seconds);

// [SECTION] Estimate (GET /2/tweets/counts/recent)

/// Posts matching a query, per time bucket, as X's counts endpoint gives them.
struct PostCounts {
    struct Bucket {
        int64_t start = 0, end = 0; ///< Unix seconds
        uint64_t posts = 0;         ///< tweet_count
    };
    std::vector<Bucket> buckets;
    uint64_t total = 0; ///< meta.total_tweet_count, or the sum of the buckets without it
};

/// The counts request for what the listener's next run would read: posts
/// after its since_id (for an interrupted run, only the part still unread);
/// after its last sync when it has no since_id; the last 7 days when it was
/// never polled. Path and query under the X API root, like request_path().
std::string counts_request_path(const Listener& listener, int64_t now);

/// Reads a counts response (X's or the demo source's; a twarc2 counts line
/// too). Errors say what happened, like XSearchRun's messages.
Result<PostCounts> parse_counts(const HttpResponse& response);
Result<PostCounts> parse_counts(std::string_view body);

// [SECTION] The guard

struct SpendSettings {
    Micros price_per_post = 5'000; ///< X's price for reading one post ($0.005)
    /// Cap for the whole workspace per calendar month (UTC). 0 = read nothing
    /// from paid sources (a cap of 0 never means "unlimited").
    Micros monthly_cap = 5 * kMicrosPerDollar;
};

/// Posts read and money spent over one period.
struct SpendCounters {
    uint64_t posts = 0;
    Micros spent = 0;
};

/// One listener's reads, rolled to a given time (a period that has ended reads 0).
struct ListenerSpend {
    SpendCounters today, month, all_time;
};

enum class CapKind : uint8_t { None, DailyCap, MonthlyCap };

/// What a listener may read now. X returns at least 10 posts a page, so when
/// less than 10 posts of allowance are left the run stops rather than pass the
/// cap: those last few posts of the cap stay unspent.
struct Allowance {
    CapKind stopped_by = CapKind::None;
    uint64_t posts = 0;  ///< posts it may still read (UINT64_MAX: no cap applies)
    int max_results = 0; ///< for the next request: 10..100, 0 when stopped
    int64_t until = 0;   ///< when stopped: when the cap lifts
    std::string message; ///< when stopped: what happened and what to do
    bool ok() const { return stopped_by == CapKind::None; }
};

struct CostEstimate {
    uint64_t posts = 0;
    Micros cost = 0;
    uint64_t posts_within_caps = 0; ///< how many of them the caps let it read now
    std::string text;               ///< "About 340 new posts since the last sync, $1.70. …"
};

/// Accounts for every post read from X and decides whether the next page may
/// be read. Listeners are keyed by id; a deleted listener's reads stay in the
/// month's total, so deleting one never frees budget.
///
/// Poll groups read a post once for several listeners: the workspace's day and
/// month count it once (that is what X bills), while each member whose query
/// matches it counts it in its own figures (its daily cap guards what it
/// receives). So per-listener figures can add up to more than the workspace's.
class SpendGuard {
  public:
    static constexpr uint32_t kFormatVersion = 1;

    SpendGuard() = default;
    explicit SpendGuard(SpendSettings settings) : m_settings(settings) {}

    const SpendSettings& settings() const { return m_settings; }
    /// A new price applies to reads from now on; what was spent stays as charged.
    /// Refuses a negative price or cap.
    Result<bool> set_settings(const SpendSettings& settings);

    /// Records `posts` read by a listener at `now` (call after every page, with
    /// XSearchRun::last_page_posts()).
    void record(const std::string& listener_id, uint64_t posts, int64_t now);
    /// Records one page of a run read for several listeners: `posts` once for
    /// the workspace, and for each member the posts charged to it
    /// (member_charges in listeners.hpp), each at the full price.
    void record_shared(uint64_t posts, const std::vector<std::pair<std::string, uint64_t>>& charges,
                       int64_t now);

    ListenerSpend listener(const std::string& listener_id, int64_t now) const;
    /// The whole workspace this calendar month / this UTC day.
    SpendCounters month(int64_t now) const;
    SpendCounters today(int64_t now) const;
    /// Posts the monthly cap buys at the current price (UINT64_MAX when free).
    uint64_t monthly_cap_posts() const;

    /// Whether `l` may read now, and how many posts to ask for. Listeners that
    /// poll no paid source (no X in Listener::sources) are never stopped.
    Allowance allowance(const Listener& l, int64_t now) const;
    /// For a run read for several listeners: the smallest of their allowances
    /// (a page may charge each member every post in it), so no member's daily
    /// cap and not the monthly cap is passed. Stopped when any member is.
    Allowance allowance(const std::vector<const Listener*>& members, int64_t now) const;

    /// Cost of reading `posts` (from parse_counts) for `l`, and how many fit the caps.
    CostEstimate estimate(const Listener& l, uint64_t posts, int64_t now) const;

    /// {"format":"earshot-spend","version":1,...}; small, replaced as a whole.
    std::string to_json() const;
    /// An unknown format or version is an Error (nothing is guessed).
    static Result<SpendGuard> from_json(std::string_view text);

  private:
    struct Period {
        int64_t key = -1; ///< utc_day or utc_month the counters belong to
        SpendCounters counters;
        SpendCounters at(int64_t now_key) const {
            return key == now_key ? counters : SpendCounters{};
        }
        void add(int64_t now_key, uint64_t posts, Micros cost);
    };
    struct Entry {
        Period day, month;
        SpendCounters all_time;
    };

    SpendSettings m_settings;
    std::map<std::string, Entry> m_listeners;
    Period m_day, m_month; ///< workspace totals
};

} // namespace earshot::core
