// The Insights accumulator's state (insights*.cpp and their tests only): the compact row
// each mention becomes, and each panel's interning and counting state.
#pragma once

#include "core/insights/insights.hpp"
#include "core/insights/internal/blocks.hpp"
#include "core/analysis/sentiment.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core::insights_detail {

// [SECTION] Index
// [SECTION] Rows
// [SECTION] Per-panel state

// [SECTION] Rows
// add() turns each mention into a Row once: numbers copied, strings interned, text
// tokenized. Counting reads rows only, so a recount never touches a post's text again.

/// Grows a per-id vector to cover id.
template <typename T> inline void cover(std::vector<T>& v, uint32_t id, T fill) {
    if (id >= v.size())
        v.resize(static_cast<size_t>(id) + 1, fill);
}

/// ASCII and Latin-1 (À..Þ) lower-casing, as the tokenizer does it.
inline void lower_into(std::string_view s, std::string& out) {
    out.assign(s.data(), s.size());
    for (size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            const auto d = static_cast<unsigned char>(out[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97)
                out[i + 1] = static_cast<char>(d + 0x20);
            ++i;
        }
    }
}

inline int64_t floor_div(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// Counts of one mention for the sentiment split.
enum class Tone : uint8_t { Positive, Neutral, Negative, Unknown };
inline Tone tone_of(float s) { // NaN: no model read the post's language
    if (std::isnan(s))
        return Tone::Unknown;
    switch (sentiment_polarity(s)) {
    case Polarity::Positive:
        return Tone::Positive;
    case Polarity::Negative:
        return Tone::Negative;
    case Polarity::Neutral:
        break;
    }
    return Tone::Neutral;
}

constexpr uint32_t kNone = 0xFFFFFFFFu;

inline uint32_t saturate(const std::optional<int64_t>& v) {
    if (!v || *v <= 0)
        return 0;
    return *v >= static_cast<int64_t>(kNone - 1) ? kNone - 1 : static_cast<uint32_t>(*v);
}

/// One mention as the accumulator remembers it (72 bytes + its ids).
struct Row {
    /// kCoords / kNear are decided when the row is made: a new town drops the rows anyway.
    enum : uint8_t { kMedia = 1, kLinks = 2, kSelected = 4, kCoords = 8, kNear = 16 };
    int64_t t = 0;
    uint64_t listeners = 0;
    uint32_t author = kNone;
    uint32_t followers = kNone; ///< kNone when unknown
    uint32_t likes = 0, reposts = 0, replies = 0, quotes = 0;
    uint32_t impressions = kNone; ///< kNone when unknown
    float sentiment = 0;          ///< NaN when unknown
    uint32_t place = kNone;       ///< place key
    uint32_t raw_location = kNone;
    uint32_t country = kNone; ///< the geotag's country
    uint32_t ids = 0;         ///< first of this row's ids in State::ids
    uint8_t n_terms = 0, n_tags = 0, n_links = 0, n_domains = 0; ///< tags take two ids each
    uint8_t intents = 0;
    uint8_t kind = 0, source = 0;
    uint8_t flags = 0;
    uint64_t engagement() const { return uint64_t{likes} + reposts + replies + quotes; }
};
using RowStore = Segmented<Row, 16>;     ///< 64 Ki rows (5 MB) a block
using IdStore = Segmented<uint32_t, 20>; ///< 1 Mi ids (4 MB) a block

// [SECTION] Per-panel state
// Each panel has an intern side (a mention's strings → ids, once, in add()) and a count
// side (a row → counts). In bulk passes (recount, add_from) top lists are not maintained
// per mention but rebuilt once at the end (finish_bulk), which is exact and cheaper.

struct WhoState {
    /// Per author, what does not depend on the window.
    struct Info {
        uint32_t handle = kNone, name = kNone; ///< ids in `text`
        bool verified = false;
    };
    /// Per author, what the current count has found (hot: 32 bytes).
    struct Stats {
        int64_t first_seen = std::numeric_limits<int64_t>::max();
        uint64_t engagement = 0;
        int64_t followers = -1; ///< largest seen, -1 unknown
        uint32_t mentions = 0;
        uint32_t active = 0; ///< has a mention in the window
    };
    Interner ids;  ///< author id (or handle when the source gave no id) → author index
    Interner text; ///< handles and names
    std::vector<Info> info;
    std::vector<Stats> stats;
    TopK<uint64_t> by_mentions, by_reach, by_engagement;
    TopK<double> by_influence;
    int64_t new_since = std::numeric_limits<int64_t>::min();
    uint32_t active = 0, new_count = 0, returning = 0;
    uint64_t reach = 0;

    void clear_strings();
    void reset(size_t k, int64_t new_since_);
    uint32_t intern(const Mention& m); ///< kNone when the mention names no author
    /// Any counted mention (window or history): first seen, largest follower count.
    void see(uint32_t a, int64_t t, uint32_t followers, bool bulk);
    /// A mention in the window.
    void count(uint32_t a, uint64_t engagement, bool bulk);
    void finish_bulk();
    double influence(const Stats& s) const;
    AuthorRank rank(uint32_t a) const;
    WhoPanel panel(size_t n) const;
    size_t memory_bytes() const;
};

struct WhatState {
    static constexpr size_t kMaxDocTerms = 32; ///< distinct terms kept per mention
    static constexpr size_t kPairTerms =
        128; ///< terms whose pairs are counted (hysteresis: shown ⊂ tracked)
    static constexpr size_t kPairShown = 64; ///< pairs are reported among the top these

    TermTokenizer tokenizer;
    Interner terms;
    struct TermStat {
        uint32_t count = 0; ///< mentions containing it
        uint32_t stamp = 0; ///< the last mention that listed it (de-duplication in intern)
        int16_t slot = -1;  ///< row in the pair matrix, -1 untracked
        uint8_t stop = 0;   ///< StopList bits (kStopAllLists for extra words)
    };
    std::vector<TermStat> term;
    TopK<uint32_t> top_terms;
    uint32_t seq = 0;

    // Pairs are counted in a matrix over a tracked set of frequent terms, recounted from
    // the counted rows when the top terms leave that set (rarely, once counts settle).
    std::vector<uint32_t> tracked;
    std::vector<uint32_t> pair; ///< kPairTerms × kPairTerms, upper triangle used
    std::vector<uint32_t> docs; ///< counted rows (their term ids are pairs' input)

    Interner tag_keys, tag_variants;
    std::vector<uint32_t> tag_count, tag_best, variant_count;
    TopK<uint32_t> top_tags;
    Interner links, domains;
    std::vector<uint32_t> link_count, domain_count;
    TopK<uint32_t> top_links, top_domains;
    std::string scratch;
    const RowStore* rows = nullptr; ///< State::rows
    const IdStore* ids = nullptr;   ///< State::ids

    void configure(const InsightsConfig& cfg); ///< drops every string, re-interns stop words
    void reset(size_t k);
    /// Appends the mention's ids to `out` and sets the row's counts of them.
    void intern(const Mention& m, std::vector<uint32_t>& out, Row& row);
    void count(uint32_t r, const Row& row, bool bulk);
    void finish_bulk();
    WhatPanel panel(size_t n);
    size_t memory_bytes() const;

  private:
    uint32_t term_id(std::string_view token, uint64_t hash);
    void count_pairs(const uint32_t* first, const uint32_t* last);
    void count_slot_pairs(const int16_t* slots, size_t k);
    void rebuild_pairs();
    bool pairs_stale() const;
};

/// Link normalisation for grouping (see WhatPanel::links); replaces out.
void normalize_link(std::string_view url, std::string& out);

/// A series of buckets indexed by local hour or day, grown on both sides as mentions
/// arrive in any order.
class DenseSeries {
  public:
    struct Bucket {
        uint32_t positive = 0, neutral = 0, negative = 0, unknown = 0, sentiment_known = 0;
        double sentiment_sum = 0;
    };
    void clear() {
        m_data.clear();
        m_base = 0;
        m_lo = std::numeric_limits<int64_t>::max();
        m_hi = std::numeric_limits<int64_t>::min();
    }
    /// The bucket at index, or nullptr when that would span more than max_span buckets.
    Bucket* at(int64_t index, int64_t max_span);
    /// Buckets lo..hi as TimeBuckets; start(index) gives each one's UTC start.
    template <typename Start> std::vector<TimeBucket> read(Start&& start) const {
        std::vector<TimeBucket> out;
        if (m_lo > m_hi)
            return out;
        out.reserve(static_cast<size_t>(m_hi - m_lo + 1));
        for (int64_t i = m_lo; i <= m_hi; ++i) {
            const Bucket& b = m_data[static_cast<size_t>(i - m_base)];
            TimeBucket t;
            t.start = start(i);
            t.counts = {b.positive, b.neutral, b.negative, b.unknown};
            t.sentiment_sum = b.sentiment_sum;
            t.sentiment_known = b.sentiment_known;
            out.push_back(t);
        }
        return out;
    }
    size_t memory_bytes() const { return m_data.capacity() * sizeof(Bucket); }

  private:
    std::vector<Bucket> m_data;
    int64_t m_base = 0;
    int64_t m_lo = std::numeric_limits<int64_t>::max(), m_hi = std::numeric_limits<int64_t>::min();
};

struct WhenState {
    int64_t offset_s = 0;
    DenseSeries hourly, daily;
    std::array<std::array<uint32_t, 24>, 7> how{};
    std::array<std::array<uint64_t, 24>, 7> how_engagement{};
    uint32_t undated = 0;

    void reset(int utc_offset_minutes);
    void count(int64_t t, float sentiment, uint64_t engagement);
    WhenPanel panel() const;
};

struct WhereState {
    LocalMatcher local;
    Interner place_keys, place_names, countries, raw_locations, locations;
    std::vector<uint32_t> place_name;      ///< place key → display name id
    std::vector<int8_t> place_local;       ///< place key → local by name
    std::vector<uint32_t> raw_to_location; ///< raw stated location → normalised id, kNone
    std::vector<uint32_t> raw_country;     ///< raw stated location → country id, kNone
    std::vector<int8_t> raw_local;
    std::vector<uint32_t> place_count, country_count, location_count;
    TopK<uint32_t> top_places, top_locations;
    uint32_t with_location = 0, local_count = 0, near = 0;
    std::string scratch;

    void configure(const InsightsConfig& cfg); ///< drops every string and cache
    void reset(size_t k);
    void intern(const Mention& m, Row& row);
    void count(const Row& row, bool bulk);
    void finish_bulk();
    WherePanel panel(size_t n) const;
    size_t memory_bytes() const;

  private:
    uint32_t country_id(std::string_view code);
};

} // namespace earshot::core::insights_detail

namespace earshot::core {

struct InsightsAccumulator::State {
    InsightsConfig cfg;
    bool has_previous = false;
    int64_t previous_from = 0;

    insights_detail::RowStore rows;
    insights_detail::IdStore ids;  ///< every row's term, tag, link and domain ids
    std::vector<uint32_t> row_ids; ///< scratch: the ids of the row being made
    bool stale = false;            ///< a row changed (refresh) since it was counted

    insights_detail::WhoState who;
    insights_detail::WhatState what;
    insights_detail::WhenState when;
    insights_detail::WhereState where;

    size_t in_window = 0;
    // Why
    std::array<uint32_t, kIntentCount> intents{}, previous_intents{};
    uint32_t without_intent = 0, previous_total = 0;
    // How
    HowPanel how;
    // To what extent
    uint64_t likes = 0, reposts = 0, replies = 0, quotes = 0, impressions = 0;
    uint32_t impressions_known = 0;
    double sentiment_sum = 0, previous_sentiment_sum = 0;
    uint32_t sentiment_known = 0, previous_sentiment_known = 0;
    std::array<uint32_t, 64> listener_mentions{};

    void reset_counts();
    void count(uint32_t row, bool bulk);
    void finish_bulk();
    void make_row(const Mention& m, uint64_t listeners, bool selected);
};

} // namespace earshot::core
