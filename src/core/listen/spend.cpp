// SpendGuard: accounting of X reads per listener, day and month (UTC), the
// caps, the estimate from X's counts endpoint and the words the owner reads.
#include "core/listen/spend.hpp"

#include "core/ingest/x_v2.hpp"
#include "core/text/internal/json_read.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace earshot::core {

using nlohmann::json;

namespace {

constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();
constexpr int64_t kDay = 86'400;
constexpr int64_t kRecentWindow = 7 * kDay; // how far back X's recent search and counts reach

// [SECTION] Calendar (H. Hinnant's days_from_civil / civil_from_days, proleptic Gregorian)

struct Civil {
    int64_t year;
    unsigned month, day; // 1-based
};

int64_t floor_div(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

Civil civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = floor_div(z, 146097);
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = floor_div(y, 400);
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

std::string day_key_text(int64_t day) {
    if (day < 0)
        return "";
    const Civil c = civil_from_days(day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                  c.day);
    return buf;
}

std::string month_key_text(int64_t month) {
    if (month < 0)
        return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(month / 12),
                  static_cast<unsigned>(month % 12 + 1));
    return buf;
}

// "2026-11-20" / "2026-11" → key; -1 when unreadable.
bool read_digits(const std::string& s, size_t at, size_t n, unsigned& out) {
    if (at + n > s.size())
        return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return true;
}
int64_t parse_month_key(const std::string& s) {
    unsigned y = 0, m = 0;
    if (s.size() != 7 || s[4] != '-' || !read_digits(s, 0, 4, y) || !read_digits(s, 5, 2, m) ||
        m < 1 || m > 12)
        return -1;
    return static_cast<int64_t>(y) * 12 + (m - 1);
}
int64_t parse_day_key(const std::string& s) {
    unsigned y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_digits(s, 0, 4, y) ||
        !read_digits(s, 5, 2, m) || !read_digits(s, 8, 2, d) || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    return days_from_civil(y, m, d);
}

Micros cost_of(uint64_t posts, Micros price) {
    if (price <= 0)
        return 0;
    const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<Micros>::max() / price);
    return posts > limit ? std::numeric_limits<Micros>::max() : static_cast<Micros>(posts) * price;
}

std::string plural(uint64_t n, const char* one, const char* many) {
    return format_count(n) + " " + (n == 1 ? one : many);
}

} // namespace

// [SECTION] Formatting and calendar

std::string format_count(uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string format_money(Micros amount) {
    const bool negative = amount < 0;
    const uint64_t a = negative ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
    std::string frac = std::to_string(a % kMicrosPerDollar);
    frac.insert(0, 6 - frac.size(), '0');
    while (frac.size() > 2 && frac.back() == '0')
        frac.pop_back();
    return std::string(negative ? "-$" : "$") + format_count(a / kMicrosPerDollar) + "." + frac;
}

int64_t utc_day(int64_t t) {
    return floor_div(t, kDay);
}

int64_t utc_month(int64_t t) {
    const Civil c = civil_from_days(utc_day(t));
    return c.year * 12 + (c.month - 1);
}

int64_t start_of_next_day(int64_t t) {
    return (utc_day(t) + 1) * kDay;
}

int64_t start_of_next_month(int64_t t) {
    const Civil c = civil_from_days(utc_day(t));
    const bool december = c.month == 12;
    return days_from_civil(c.year + (december ? 1 : 0), december ? 1 : c.month + 1, 1) * kDay;
}

std::string format_day_month(int64_t t) {
    const Civil c = civil_from_days(utc_day(t));
    return std::to_string(c.day) + " " + kMonths[c.month - 1];
}

// [SECTION] Counts (the estimate)

std::string counts_request_path(const Listener& l, int64_t now) {
    std::string p = "/2/tweets/counts/recent?query=" + url_encode(x_wire_query(l.query));
    if (!l.resume.empty()) {
        // Only what the interrupted run has not read yet: below its oldest post.
        if (!l.resume.since_id.empty())
            p += "&since_id=" + l.resume.since_id;
        const std::string& until =
            l.resume.oldest_id.empty() ? l.resume.until_id : l.resume.oldest_id;
        if (!until.empty())
            p += "&until_id=" + until;
    } else if (!l.newest_id.empty()) {
        p += "&since_id=" + l.newest_id;
    } else if (l.last_sync > 0 && now - l.last_sync < kRecentWindow - 60) {
        // Polled before but nothing matched: count from that poll on.
        p += "&start_time=" + url_encode(format_iso8601(l.last_sync));
    }
    return p;
}

Result<PostCounts> parse_counts(std::string_view body) {
    const json doc = json::parse(body.begin(), body.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return Error{"the count of matching posts could not be read (not JSON)"};
    const json* data = json_read::field(doc, "data");
    const json* meta = json_read::field(doc, "meta");
    if (!data && !meta) {
        std::string detail = json_read::str(doc, "detail", json_read::str(doc, "title"));
        if (const json* errors = json_read::field(doc, "errors");
            errors && errors->is_array() && !errors->empty())
            detail = json_read::str((*errors)[0], "message", detail);
        return Error{"X did not count the posts" +
                     (detail.empty() ? std::string() : ": " + detail)};
    }
    PostCounts out;
    uint64_t sum = 0;
    if (data && data->is_array()) {
        for (const json& b : *data) {
            PostCounts::Bucket bucket;
            parse_iso8601(json_read::str(b, "start"), bucket.start);
            parse_iso8601(json_read::str(b, "end"), bucket.end);
            bucket.posts = json_read::u64(b, "tweet_count");
            sum += bucket.posts;
            out.buckets.push_back(bucket);
        }
    }
    out.total = meta && json_read::field(*meta, "total_tweet_count")
                    ? json_read::u64(*meta, "total_tweet_count", sum)
                    : sum;
    return out;
}

Result<PostCounts> parse_counts(const HttpResponse& r) {
    if (r.status == 0)
        return Error{"Could not reach the Earshot proxy to estimate the cost (" +
                     r.transport_error + ")."};
    if (r.status == 429)
        return Error{
            "X's rate limit for counting posts is spent; the estimate is shown after it resets."};
    if (r.status == 401 || r.status == 403)
        return Error{"X refused the credentials (HTTP " + std::to_string(r.status) +
                     "). Check X_BEARER_TOKEN on the proxy."};
    Result<PostCounts> counts = parse_counts(std::string_view(r.body));
    if (r.status != 200)
        return Error{"The source answered HTTP " + std::to_string(r.status) +
                     (counts ? std::string() : " (" + counts.error() + ")") +
                     " when asked for a count."};
    return counts;
}

// [SECTION] SpendGuard

namespace {
constexpr int64_t kMaxMicros = 1'000'000'000'000'000; ///< $1bn: no ledger holds more
constexpr uint64_t kMaxPosts = 1'000'000'000'000;     ///< a trillion posts read
} // namespace

void SpendGuard::Period::add(int64_t now_key, uint64_t posts, Micros cost) {
    if (key != now_key) {
        key = now_key;
        counters = {};
    }
    counters.posts += posts;
    counters.spent += cost;
}

Result<bool> SpendGuard::set_settings(const SpendSettings& s) {
    if (s.price_per_post < 0)
        return Error{"the price per post cannot be negative"};
    if (s.monthly_cap < 0)
        return Error{"the monthly cap cannot be negative (0 stops all paid reads)"};
    // Bounds far above any real price or budget, so price × posts cannot overflow.
    if (s.price_per_post > kMaxMicros / 1'000'000)
        return Error{"the price per post is too large (at most $1,000,000 a post)"};
    if (s.monthly_cap > kMaxMicros)
        return Error{"the monthly cap is too large (at most $1,000,000,000)"};
    m_settings = s;
    return true;
}

void SpendGuard::record(const std::string& id, uint64_t posts, int64_t now) {
    record_shared(posts, {{id, posts}}, now);
}

void SpendGuard::record_shared(uint64_t posts,
                               const std::vector<std::pair<std::string, uint64_t>>& charges,
                               int64_t now) {
    const int64_t day = utc_day(now), month = utc_month(now);
    for (const auto& [id, charged] : charges) {
        if (charged == 0)
            continue;
        const Micros cost = cost_of(charged, m_settings.price_per_post);
        Entry& e = m_listeners[id];
        e.day.add(day, charged, cost);
        e.month.add(month, charged, cost);
        e.all_time.posts += charged;
        e.all_time.spent += cost;
    }
    if (posts == 0)
        return;
    const Micros cost = cost_of(posts, m_settings.price_per_post);
    m_day.add(day, posts, cost);
    m_month.add(month, posts, cost);
}

ListenerSpend SpendGuard::listener(const std::string& id, int64_t now) const {
    auto it = m_listeners.find(id);
    if (it == m_listeners.end())
        return {};
    return {it->second.day.at(utc_day(now)), it->second.month.at(utc_month(now)),
            it->second.all_time};
}

SpendCounters SpendGuard::month(int64_t now) const {
    return m_month.at(utc_month(now));
}
SpendCounters SpendGuard::today(int64_t now) const {
    return m_day.at(utc_day(now));
}

uint64_t SpendGuard::monthly_cap_posts() const {
    if (m_settings.price_per_post <= 0)
        return kUnlimited;
    return static_cast<uint64_t>(std::max<Micros>(0, m_settings.monthly_cap) /
                                 m_settings.price_per_post);
}

Allowance SpendGuard::allowance(const Listener& l, int64_t now) const {
    Allowance a;
    a.posts = kUnlimited;
    if (!(l.sources & source_bit(Source::X))) {
        a.max_results = XSearchRun::kMaxPage;
        return a;
    }
    const Micros price = m_settings.price_per_post, cap = m_settings.monthly_cap;
    const SpendCounters month_total = month(now);
    uint64_t monthly = kUnlimited;
    if (price > 0)
        monthly =
            month_total.spent >= cap ? 0 : static_cast<uint64_t>((cap - month_total.spent) / price);
    uint64_t daily = kUnlimited;
    const SpendCounters mine = listener(l.id, now).today;
    if (l.daily_cap_posts)
        daily = mine.posts >= l.daily_cap_posts ? 0 : l.daily_cap_posts - mine.posts;
    a.posts = std::min(monthly, daily);
    // X's smallest page is 10 posts: ask for no more than is left, and stop
    // when less than a page is left rather than pass the cap.
    if (a.posts >= static_cast<uint64_t>(XSearchRun::kMinPage)) {
        a.max_results = static_cast<int>(std::min<uint64_t>(a.posts, XSearchRun::kMaxPage));
        return a;
    }
    a.max_results = 0;
    if (monthly < static_cast<uint64_t>(XSearchRun::kMinPage)) {
        a.stopped_by = CapKind::MonthlyCap;
        if (cap <= 0) {
            a.until = 0; // waiting does not lift a cap of nothing
            a.message = "Stopped: the monthly cap is " + format_money(0) +
                        ", so nothing is read from X. Raise it in Settings.";
            return a;
        }
        a.until = start_of_next_month(now);
        const std::string head = "Stopped: the monthly cap of " + format_money(cap);
        const std::string tail =
            " Raise it in Settings or wait until " + format_day_month(a.until) + ".";
        if (monthly == 0)
            a.message =
                head + " is reached (" + plural(monthly_cap_posts(), "post", "posts") + ")." + tail;
        else
            a.message = head + " is all but reached (" + format_money(month_total.spent) +
                        " spent; X's smallest page of 10 posts would pass it)." + tail;
        return a;
    }
    a.stopped_by = CapKind::DailyCap;
    a.until = start_of_next_day(now);
    const std::string head = "Stopped: the daily cap of " +
                             plural(l.daily_cap_posts, "post", "posts") + " (" +
                             format_money(cost_of(l.daily_cap_posts, price)) + ") for " + l.name;
    const std::string tail =
        " Raise it in the listener's settings or wait until tomorrow (midnight UTC).";
    if (daily == 0)
        a.message = head + " is reached." + tail;
    else
        a.message = head + " is all but reached (" + format_count(mine.posts) +
                    " read; X's smallest page of 10 posts would pass it)." + tail;
    return a;
}

Allowance SpendGuard::allowance(const std::vector<const Listener*>& members, int64_t now) const {
    Allowance smallest;
    smallest.posts = kUnlimited;
    smallest.max_results = XSearchRun::kMaxPage;
    for (const Listener* l : members) {
        Allowance a = allowance(*l, now);
        if (!a.ok())
            return a;
        if (a.posts < smallest.posts)
            smallest = std::move(a);
    }
    return smallest;
}

CostEstimate SpendGuard::estimate(const Listener& l, uint64_t posts, int64_t now) const {
    CostEstimate e;
    e.posts = posts;
    if (!(l.sources & source_bit(Source::X))) {
        e.posts_within_caps = posts;
        e.text = "Costs nothing: this listener reads no paid source.";
        return e;
    }
    e.cost = cost_of(posts, m_settings.price_per_post);
    const Allowance a = allowance(l, now);
    e.posts_within_caps = a.ok() ? std::min(posts, a.posts) : 0;
    const char* when = !l.resume.empty() ? " still to read from the interrupted run"
                       : (!l.newest_id.empty() || l.last_sync > 0) ? " since the last sync"
                                                                   : " in the last 7 days";
    if (posts == 0) {
        e.text = std::string("No new posts") + when + "; the run costs nothing.";
        return e;
    }
    const bool first = l.newest_id.empty() && l.resume.empty() && l.last_sync == 0;
    e.text = "About " + plural(posts, first ? "post" : "new post", first ? "posts" : "new posts") +
             when + ", " + format_money(e.cost) + ".";
    if (!a.ok())
        e.text += " " + a.message;
    else if (e.posts_within_caps < posts)
        e.text += " The caps let it read about " + format_count(e.posts_within_caps) +
                  " of them now (" +
                  format_money(cost_of(e.posts_within_caps, m_settings.price_per_post)) +
                  "); the rest waits until they lift, and posts older than 7 days drop out of X's "
                  "recent search.";
    return e;
}

// [SECTION] JSON

namespace {

/// A JSON object written as nlohmann's dump(1) writes one: a member a line, one space of
/// indent a level, members in the order given (the caller gives them sorted, as
/// nlohmann's std::map holds them).
class PrettyObject {
  public:
    PrettyObject(std::string& out, int depth) : m_out(out), m_depth(depth) { m_out += '{'; }
    /// Starts a member: its quoted key; the value is appended to the returned string.
    std::string& key(std::string_view quoted) {
        m_out += m_first ? "\n" : ",\n";
        m_first = false;
        m_out.append(static_cast<size_t>(m_depth + 1), ' ');
        m_out += quoted;
        m_out += ": ";
        return m_out;
    }
    void close() {
        if (!m_first) {
            m_out += '\n';
            m_out.append(static_cast<size_t>(m_depth), ' ');
        }
        m_out += '}';
    }

  private:
    std::string& m_out;
    int m_depth;
    bool m_first = true;
};

void put_counters(std::string& out, int depth, const std::string* key, const SpendCounters& c) {
    PrettyObject o(out, depth);
    if (key) o.key("\"key\"") += '"' + *key + '"'; // digits and dashes, or ""
    o.key("\"micros\"") += std::to_string(c.spent);
    o.key("\"posts\"") += std::to_string(c.posts);
    o.close();
}

} // namespace

std::string SpendGuard::to_json() const {
    // Written by hand, byte for byte what nlohmann's dump(1) of the same tree wrote: every
    // page's commit writes it, and building the tree was 3 % of ingest in WASM.
    const auto period = [](std::string& out, int depth, const Period& p, bool day) {
        const std::string key = day ? day_key_text(p.key) : month_key_text(p.key);
        put_counters(out, depth, &key, p.counters);
    };
    std::string out;
    out.reserve(512 + 256 * m_listeners.size());
    PrettyObject top(out, 0);
    period(top.key("\"day\""), 1, m_day, true);
    top.key("\"format\"") += "\"earshot-spend\"";
    {
        PrettyObject listeners(top.key("\"listeners\""), 1);
        for (const auto& [id, e] : m_listeners) {
            PrettyObject entry(listeners.key(json(id).dump()), 2); // ids are escaped like any text
            put_counters(entry.key("\"all_time\""), 3, nullptr, e.all_time);
            period(entry.key("\"day\""), 3, e.day, true);
            period(entry.key("\"month\""), 3, e.month, false);
            entry.close();
        }
        listeners.close();
    }
    period(top.key("\"month\""), 1, m_month, false);
    top.key("\"monthly_cap_micros\"") += std::to_string(m_settings.monthly_cap);
    top.key("\"price_per_post_micros\"") += std::to_string(m_settings.price_per_post);
    top.key("\"version\"") += std::to_string(kFormatVersion);
    top.close();
    return out;
}

Result<SpendGuard> SpendGuard::from_json(std::string_view text) {
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || json_read::str(doc, "format") != "earshot-spend")
        return Error{"the stored spending record is damaged"};
    const int64_t version = json_read::i64(doc, "version");
    if (version != kFormatVersion)
        return Error{"the stored spending record has format version " + std::to_string(version) +
                     ", which this Earshot does not know (it knows " +
                     std::to_string(kFormatVersion) +
                     "). Open the newer Earshot that wrote it; nothing was changed."};
    SpendGuard g;
    SpendSettings s;
    s.price_per_post = json_read::i64(doc, "price_per_post_micros", s.price_per_post);
    s.monthly_cap = json_read::i64(doc, "monthly_cap_micros", s.monthly_cap);
    if (!g.set_settings(s))
        return Error{"the stored spending settings are damaged (negative price or cap)"};
    // Counters outside what any real ledger holds are damage (one flipped bit), and
    // adding a page's cost to them could overflow.
    bool out_of_range = false;
    const auto counters = [&](const json& j) {
        SpendCounters c{json_read::u64(j, "posts"), json_read::i64(j, "micros")};
        if (c.posts > kMaxPosts || c.spent < 0 || c.spent > kMaxMicros) out_of_range = true;
        return c;
    };
    const auto period = [&](const json& j, const char* key, bool day) {
        Period p;
        const json* f = json_read::field(j, key);
        if (!f)
            return p;
        const std::string k = json_read::str(*f, "key");
        p.key = day ? parse_day_key(k) : parse_month_key(k);
        p.counters = counters(*f);
        return p;
    };
    g.m_day = period(doc, "day", true);
    g.m_month = period(doc, "month", false);
    if (const json* ls = json_read::field(doc, "listeners"); ls && ls->is_object()) {
        for (auto it = ls->begin(); it != ls->end(); ++it) {
            Entry e;
            e.day = period(it.value(), "day", true);
            e.month = period(it.value(), "month", false);
            if (const json* all = json_read::field(it.value(), "all_time"))
                e.all_time = counters(*all);
            g.m_listeners[it.key()] = e;
        }
    }
    if (out_of_range)
        return Error{"the stored spending record is damaged (a count or amount out of range)"};
    return g;
}

} // namespace earshot::core
