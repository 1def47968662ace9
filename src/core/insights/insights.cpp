// The Insights accumulator: mentions → rows, and which row reaches which panel (selection,
// window, focus, previous period), plus the small panels — Why, How, To what extent.
// Who/What and When/Where live in insights_who_what.cpp and insights_when_where.cpp.
#include "core/insights/insights.hpp"

#include "core/insights/internal/accumulator.hpp"
#include "core/store/mention_store.hpp"

#include "core/insights/goals.hpp"

#include <algorithm>
#include <cmath>

namespace earshot::core {

using namespace insights_detail;

// [SECTION] Index
// [SECTION] Configuration
// [SECTION] Rows
// [SECTION] Counting
// [SECTION] Selection and recounts
// [SECTION] Why, How, To what extent

// [SECTION] Configuration

namespace {

/// Settings applied while rows are made: changing them means making rows again.
bool same_row_settings(const InsightsConfig& a, const InsightsConfig& b) {
    return a.extra_stop_words == b.extra_stop_words && a.local.town == b.local.town &&
           a.local.aliases == b.local.aliases && a.local.country_code == b.local.country_code &&
           a.local.bbox == b.local.bbox;
}

/// Below this many mentions an add_from is counted one by one (top lists maintained);
/// above it, in bulk (top lists rebuilt once at the end).
constexpr size_t kBulkThreshold = 2048;

} // namespace

InsightsAccumulator::InsightsAccumulator(InsightsConfig config) : m_s(std::make_unique<State>()) {
    if (config.top_k == 0)
        config.top_k = 1;
    m_s->cfg = std::move(config);
    m_s->what.rows = &m_s->rows;
    m_s->what.ids = &m_s->ids;
    m_s->what.configure(m_s->cfg);
    m_s->where.configure(m_s->cfg);
    m_s->reset_counts();
}
InsightsAccumulator::~InsightsAccumulator() = default;
InsightsAccumulator::InsightsAccumulator(InsightsAccumulator&&) noexcept = default;
InsightsAccumulator& InsightsAccumulator::operator=(InsightsAccumulator&&) noexcept = default;

bool InsightsAccumulator::configure(InsightsConfig config) {
    State& s = *m_s;
    if (config.top_k == 0)
        config.top_k = 1;
    const bool keep_rows = same_row_settings(s.cfg, config);
    s.cfg = std::move(config);
    if (!keep_rows) {
        clear();
        s.who.clear_strings();
        s.what.configure(s.cfg);
        s.where.configure(s.cfg);
        s.reset_counts();
        return false;
    }
    recount();
    return true;
}

const InsightsConfig& InsightsAccumulator::config() const {
    return m_s->cfg;
}

void InsightsAccumulator::clear() {
    State& s = *m_s;
    s.rows.clear();
    s.ids.clear();
    s.stale = false;
    s.reset_counts();
}

size_t InsightsAccumulator::rows() const {
    return m_s->rows.size();
}
size_t InsightsAccumulator::in_window() const {
    return m_s->in_window;
}
bool InsightsAccumulator::needs_recount() const {
    return m_s->stale;
}

size_t InsightsAccumulator::memory_bytes() const {
    const State& s = *m_s;
    return sizeof(State) + s.rows.memory_bytes() + s.ids.memory_bytes() + s.who.memory_bytes() +
           s.what.memory_bytes() + s.when.hourly.memory_bytes() + s.when.daily.memory_bytes() +
           s.where.memory_bytes();
}

// [SECTION] Rows

static_assert(sizeof(Row) == 72, "rows are the accumulator's memory: keep them compact");

void InsightsAccumulator::State::make_row(const Mention& m, uint64_t listeners, bool selected) {
    Row row;
    row.t = m.created_at;
    row.listeners = listeners;
    row.author = who.intern(m);
    if (m.author.followers && *m.author.followers >= 0)
        row.followers = saturate(m.author.followers);
    row.likes = saturate(m.metrics.likes);
    row.reposts = saturate(m.metrics.reposts);
    row.replies = saturate(m.metrics.replies);
    row.quotes = saturate(m.metrics.quotes);
    if (m.metrics.impressions)
        row.impressions = saturate(m.metrics.impressions);
    row.sentiment = m.sentiment ? *m.sentiment : std::nanf("");
    row.intents = m.intents;
    row.kind = static_cast<uint8_t>(static_cast<unsigned>(m.kind) & 3);
    row.source = static_cast<uint8_t>(static_cast<unsigned>(m.source) & 3);
    row.flags =
        static_cast<uint8_t>((m.has_media ? Row::kMedia : 0) | (m.urls.empty() ? 0 : Row::kLinks) |
                             (selected ? Row::kSelected : 0));
    row_ids.clear();
    what.intern(m, row_ids, row);
    ids.contiguous(row_ids.size());              // a row's ids are read as one span
    row.ids = static_cast<uint32_t>(ids.size()); // not dereferenced when the row has no ids
    for (uint32_t id : row_ids)
        ids.push_back(id);
    where.intern(m, row);
    rows.push_back(row);
}

void InsightsAccumulator::add(const Mention& m, uint64_t listeners, bool selected) {
    State& s = *m_s;
    s.make_row(m, listeners, selected);
    if (selected)
        s.count(static_cast<uint32_t>(s.rows.size() - 1), false);
}

void InsightsAccumulator::add_from(const MentionStore& store, size_t first, size_t last) {
    State& s = *m_s;
    last = std::min(last, store.size());
    if (first >= last)
        return;
    const bool bulk = last - first >= kBulkThreshold;
    for (size_t i = first; i < last; ++i) {
        s.make_row(store.at(i), store.listeners_of(i), true);
        s.count(static_cast<uint32_t>(s.rows.size() - 1), bulk);
    }
    if (bulk)
        s.finish_bulk();
}

void InsightsAccumulator::rebuild(const MentionStore& store) {
    clear();
    add_from(store, 0);
}

// [SECTION] Counting

void InsightsAccumulator::State::reset_counts() {
    const InsightsConfig& c = cfg;
    // The previous period mirrors the window; it exists only for a finite window whose
    // mirror does not underflow.
    int64_t length = 0, start = 0;
    has_previous = c.from != std::numeric_limits<int64_t>::min() &&
                   c.to != std::numeric_limits<int64_t>::max() &&
                   !__builtin_sub_overflow(c.to, c.from, &length) && length > 0 &&
                   !__builtin_sub_overflow(c.from, length, &start);
    previous_from = has_previous ? start : 0;

    who.reset(c.top_k, c.new_since.value_or(c.from));
    what.reset(c.top_k);
    when.reset(c.utc_offset_minutes);
    where.reset(c.top_k);
    in_window = 0;
    intents.fill(0);
    previous_intents.fill(0);
    without_intent = previous_total = 0;
    how = HowPanel{};
    likes = reposts = replies = quotes = impressions = 0;
    impressions_known = 0;
    sentiment_sum = previous_sentiment_sum = 0;
    sentiment_known = previous_sentiment_known = 0;
    listener_mentions.fill(0);
}

void InsightsAccumulator::State::count(uint32_t r, bool bulk) {
    const Row& row = rows[r];
    const int64_t t = row.t;
    if (t >= cfg.to)
        return;
    const bool window = t >= cfg.from;

    // Share of voice compares listeners, so it counts whatever the focus.
    if (window)
        for (uint64_t bits = row.listeners; bits; bits &= bits - 1)
            ++listener_mentions[__builtin_ctzll(bits)];
    if (cfg.focus && !(row.listeners & cfg.focus))
        return;

    if (row.author != kNone)
        who.see(row.author, t, row.followers, bulk);
    const bool has_sentiment = !std::isnan(row.sentiment);
    if (!window) {
        if (has_previous && t >= previous_from) {
            ++previous_total;
            for (int b = 0; b < kIntentCount; ++b)
                if (row.intents & (1u << b))
                    ++previous_intents[static_cast<size_t>(b)];
            if (has_sentiment) {
                previous_sentiment_sum += row.sentiment;
                ++previous_sentiment_known;
            }
        }
        return;
    }
    ++in_window;

    const uint64_t engagement = row.engagement();
    if (row.author != kNone)
        who.count(row.author, engagement, bulk);
    what.count(r, row, bulk);
    when.count(t, row.sentiment, engagement);
    where.count(row, bulk);

    // Why
    if (!row.intents)
        ++without_intent;
    for (int b = 0; b < kIntentCount; ++b)
        if (row.intents & (1u << b))
            ++intents[static_cast<size_t>(b)];
    // How
    ++how.kinds[row.kind];
    ++how.sources[row.source];
    ++how.kinds_by_source[row.source][row.kind];
    how.with_media += (row.flags & Row::kMedia) != 0;
    how.with_links += (row.flags & Row::kLinks) != 0;
    ++how.total;
    // To what extent
    likes += row.likes;
    reposts += row.reposts;
    replies += row.replies;
    quotes += row.quotes;
    if (row.impressions != kNone) {
        impressions += row.impressions;
        ++impressions_known;
    }
    if (has_sentiment) {
        sentiment_sum += row.sentiment;
        ++sentiment_known;
    }
}

void InsightsAccumulator::State::finish_bulk() {
    who.finish_bulk();
    what.finish_bulk();
    where.finish_bulk();
}

// [SECTION] Selection and recounts

void InsightsAccumulator::recount() {
    State& s = *m_s;
    s.reset_counts();
    s.stale = false;
    const uint32_t n = static_cast<uint32_t>(s.rows.size());
    for (uint32_t r = 0; r < n; ++r) {
        // Rows are read in order, authors at random: fetch an author's stats a few rows
        // ahead so the miss overlaps with counting (a third of a recount otherwise).
        constexpr uint32_t kAhead = 8;
        if (r + kAhead < n) {
            const uint32_t a = s.rows[r + kAhead].author;
            if (a != kNone)
                __builtin_prefetch(&s.who.stats[a]);
        }
        if (s.rows[r].flags & Row::kSelected)
            s.count(r, true);
    }
    s.finish_bulk();
}

void InsightsAccumulator::select(const std::vector<uint32_t>& rows) {
    State& s = *m_s;
    for (size_t r = 0; r < s.rows.size(); ++r)
        s.rows[r].flags &= static_cast<uint8_t>(~Row::kSelected);
    for (uint32_t r : rows)
        if (r < s.rows.size())
            s.rows[r].flags |= Row::kSelected;
    recount();
}

void InsightsAccumulator::select_all() {
    for (size_t r = 0; r < m_s->rows.size(); ++r)
        m_s->rows[r].flags |= Row::kSelected;
    recount();
}

void InsightsAccumulator::refresh(size_t r, const Mention& m, uint64_t listeners) {
    State& s = *m_s;
    if (r >= s.rows.size())
        return;
    Row& row = s.rows[r];
    row.listeners |= listeners;
    if (m.metrics.likes) { // the same rule as MentionStore::upsert: a refetch brings fresh counters
        row.likes = saturate(m.metrics.likes);
        row.reposts = saturate(m.metrics.reposts);
        row.replies = saturate(m.metrics.replies);
        row.quotes = saturate(m.metrics.quotes);
        if (m.metrics.impressions)
            row.impressions = saturate(m.metrics.impressions);
    }
    if (m.author.followers && *m.author.followers >= 0)
        row.followers = saturate(m.author.followers);
    s.stale = true;
}

// [SECTION] Who, What, When, Where read-outs (computed in the panel files)

WhoPanel InsightsAccumulator::who(size_t n) const {
    const std::vector<std::string>& out = m_s->cfg.excluded_authors;
    if (out.empty())
        return m_s->who.panel(n);
    // Ask for as many more as could be left out, so each list still has n when it can.
    WhoPanel p = m_s->who.panel(n + out.size());
    const auto excluded = [&out](const AuthorRank& a) {
        return std::any_of(out.begin(), out.end(), [&a](const std::string& x) { return is_account_of(a.handle, x); });
    };
    for (std::vector<AuthorRank>* list : {&p.by_mentions, &p.by_reach, &p.by_engagement, &p.influencers}) {
        list->erase(std::remove_if(list->begin(), list->end(), excluded), list->end());
        if (list->size() > n)
            list->resize(n);
    }
    return p;
}
WhatPanel InsightsAccumulator::what(size_t n) const {
    return m_s->what.panel(n);
}
WhenPanel InsightsAccumulator::when() const {
    return m_s->when.panel();
}
WherePanel InsightsAccumulator::where(size_t n) const {
    WherePanel p = m_s->where.panel(n);
    p.total = static_cast<uint32_t>(m_s->in_window);
    return p;
}

// [SECTION] Why, How, To what extent

WhyPanel InsightsAccumulator::why() const {
    const State& s = *m_s;
    WhyPanel p;
    p.has_previous = s.has_previous;
    p.total = static_cast<uint32_t>(s.in_window);
    p.previous_total = s.previous_total;
    p.without_intent = s.without_intent;
    for (int b = 0; b < kIntentCount; ++b) {
        IntentTrend& t = p.intents[static_cast<size_t>(b)];
        t.bit = b;
        t.count = s.intents[static_cast<size_t>(b)];
        t.previous = s.previous_intents[static_cast<size_t>(b)];
        if (s.has_previous && t.previous > 0)
            t.change = (static_cast<double>(t.count) - t.previous) / t.previous;
    }
    return p;
}

HowPanel InsightsAccumulator::how() const {
    return m_s->how;
}

ExtentPanel InsightsAccumulator::extent() const {
    const State& s = *m_s;
    ExtentPanel p;
    p.mentions = static_cast<uint32_t>(s.in_window);
    p.previous_mentions = s.previous_total;
    p.potential_reach = s.who.reach;
    p.likes = s.likes;
    p.reposts = s.reposts;
    p.replies = s.replies;
    p.quotes = s.quotes;
    p.engagement = s.likes + s.reposts + s.replies + s.quotes;
    p.impressions = s.impressions;
    p.impressions_known = s.impressions_known;
    if (s.sentiment_known)
        p.mean_sentiment = s.sentiment_sum / s.sentiment_known;
    if (s.previous_sentiment_known)
        p.previous_mean_sentiment = s.previous_sentiment_sum / s.previous_sentiment_known;
    const int64_t offset = s.when.offset_s;
    for (const TimeBucket& d :
         s.when.daily.read([offset](int64_t day) { return day * 86400 - offset; }))
        if (d.sentiment_known)
            p.sentiment_trend.push_back(
                {d.start, d.sentiment_sum / d.sentiment_known, d.sentiment_known});

    std::vector<std::pair<int, bool>> voices;
    if (s.cfg.business_listener >= 0 && s.cfg.business_listener < 64)
        voices.push_back({s.cfg.business_listener, true});
    for (int c : s.cfg.competitor_listeners)
        if (c >= 0 && c < 64 && c != s.cfg.business_listener)
            voices.push_back({c, false});
    uint64_t sum = 0;
    for (auto [bit, business] : voices)
        sum += s.listener_mentions[static_cast<size_t>(bit)];
    for (auto [bit, business] : voices) {
        ShareOfVoice v;
        v.listener = bit;
        v.business = business;
        v.mentions = s.listener_mentions[static_cast<size_t>(bit)];
        v.share = sum ? static_cast<double>(v.mentions) / static_cast<double>(sum) : 0.0;
        p.share_of_voice.push_back(v);
    }
    return p;
}

} // namespace earshot::core
