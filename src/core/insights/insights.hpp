// The Insights board's numbers — the 5W + H + E lens (docs/product.md) — accumulated
// incrementally as mentions arrive, read out per panel. A full recompute is clear() + add().
#pragma once

#include "core/insights/locations.hpp"
#include "core/model/mention.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace earshot::core {

class MentionStore;

/// What the board is about: a listener (focus), a time range and the owner's settings.
/// The caller's filter (a query) is applied with add(…, selected) / select().
struct InsightsConfig {
    /// The window [from, to) in UTC Unix seconds. Mentions before `from` still count
    /// for "returning authors" and for the previous period (Why trends, extent
    /// comparisons); mentions at or after `to` are ignored. The window does not slide by
    /// itself: when "last 7 days" moves on, configure() the new one (a recount).
    int64_t from = std::numeric_limits<int64_t>::min();
    int64_t to = std::numeric_limits<int64_t>::max();
    /// Authors whose first mention in the set is at or after this are "new"; the others
    /// active in the window are "returning". Default: `from`.
    std::optional<int64_t> new_since;
    /// The owner's time zone, minutes east of UTC (+60 CET, -300 EST), for hours and days.
    int utc_offset_minutes = 0;
    /// Listener bits the panels are about; 0 = every mention added. Mentions outside the
    /// focus still count for share of voice.
    uint64_t focus = 0;
    /// The business's own listener bit (-1 = none) and its competitors' listener bits,
    /// for share of voice.
    int business_listener = -1;
    std::vector<int> competitor_listeners;
    /// Words left out of top terms besides the built-in stop words (the business's own
    /// name, the listener's keywords), compared lower-case.
    std::vector<std::string> extra_stop_words;
    /// The business's town, for "local" shares.
    LocalArea local;
    /// Accounts kept out of Who's lists (the owner's own and the competitors'): they
    /// are in nearly every mention of themselves and are not the audience. Handles or
    /// site domains, matched on every network by is_account_of() (goals.hpp). They
    /// still count in totals and reach.
    std::vector<std::string> excluded_authors;
    /// The longest any top list can be; the top K is maintained as mentions arrive.
    size_t top_k = 50;
};

/// A label and how many mentions carry it.
struct RankedItem {
    std::string label;
    uint64_t count = 0;
};

/// One author in the window.
struct AuthorRank {
    std::string id;
    std::string handle; ///< as first seen, without '@'
    std::string name;
    uint32_t mentions = 0;            ///< in the window
    std::optional<int64_t> followers; ///< the largest count seen; unknown when never given
    uint64_t engagement = 0;          ///< likes + reposts + replies + quotes on those mentions
    double influence = 0;             ///< see WhoPanel::influencers
    bool verified = false;
    bool is_new = false; ///< first seen at or after InsightsConfig::new_since
};

/// Who: the people talking.
struct WhoPanel {
    std::vector<AuthorRank> by_mentions;   ///< most mentions first
    std::vector<AuthorRank> by_reach;      ///< most followers first (unknown followers excluded)
    std::vector<AuthorRank> by_engagement; ///< most engagement first
    /// By influence = log10(followers + 1) × mentions × (1 + log10(1 + engagement / mentions)):
    /// audience size (log, so a celebrity's single mention does not bury regulars) × how
    /// often they mention us × how much their mentions are engaged with, per mention,
    /// damped. Unknown followers count as 0. It never falls when a mention is added (nor
    /// when followers grow), which keeps the top list exact as mentions arrive.
    std::vector<AuthorRank> influencers;
    uint32_t authors = 0;           ///< distinct authors in the window
    uint32_t new_authors = 0;       ///< of those, first seen at or after new_since
    uint32_t returning_authors = 0; ///< of those, seen before new_since
};

struct TermPair {
    std::string a, b;   ///< a < b by first appearance
    uint32_t count = 0; ///< mentions containing both
};

/// What: what they talk about. Counts are mentions (a word said twice in a post counts once).
struct WhatPanel {
    /// Words without stop words (the post's language's list + English + social noise; all
    /// lists for unknown languages), URLs, @handles and #hashtags. Lower-cased.
    std::vector<RankedItem> terms;
    /// Grouped case-insensitively, labelled with the most common spelling ("#CoffeeTime").
    std::vector<RankedItem> hashtags;
    /// Links without scheme, "www.", fragment, trailing "/" and tracking parameters (utm_*…).
    std::vector<RankedItem> links;
    std::vector<RankedItem> domains;
    /// Term pairs said in the same mention, among the 64 most frequent terms. A pair is
    /// never more frequent than either of its terms, so pairs counted above the 65th
    /// term's count are exactly the top pairs; lower ones are "among the top terms".
    std::vector<TermPair> pairs;
};

/// Tones split by sentiment_polarity() (one neutral band, kSentimentNeutralBand, everywhere).
struct SentimentSplit {
    uint32_t positive = 0;
    uint32_t neutral = 0;
    uint32_t negative = 0;
    uint32_t unknown = 0; ///< no model reads the post's language: counted, never given a tone
    uint32_t total() const { return positive + neutral + negative + unknown; }
};

/// One hour or one day in the owner's time zone.
struct TimeBucket {
    int64_t start = 0; ///< UTC Unix seconds of the local hour / local midnight
    SentimentSplit counts;
    double sentiment_sum = 0; ///< over mentions with a known sentiment
    uint32_t sentiment_known = 0;
    std::optional<double> mean_sentiment() const {
        return sentiment_known ? std::optional<double>(sentiment_sum / sentiment_known)
                               : std::nullopt;
    }
};

/// When: volume over time.
struct WhenPanel {
    /// From the first to the last bucket with a mention, empty buckets included.
    std::vector<TimeBucket> hourly, daily;
    /// Mentions per local [weekday][hour]; weekday 0 = Monday.
    std::array<std::array<uint32_t, 24>, 7> hour_of_week{};
    /// Engagement per local [weekday][hour] — with hour_of_week, the best time to post.
    std::array<std::array<uint64_t, 24>, 7> engagement_by_hour_of_week{};
    uint32_t undated = 0; ///< mentions without a usable time (not in the series)
};

/// Where: places, countries, stated locations, and what is local.
struct WherePanel {
    /// Geotagged places by full name ("Brighton, England"), case-insensitively.
    std::vector<RankedItem> places;
    /// ISO codes: the geotag's country, else the country the author's stated location
    /// names (see normalize_location).
    std::vector<RankedItem> countries;
    /// Authors' stated locations, normalised ("brighton"); counts are mentions.
    std::vector<RankedItem> locations;
    uint32_t total = 0;         ///< mentions in the window
    uint32_t with_location = 0; ///< with a geotag or a usable stated location
    uint32_t local = 0;         ///< geotag or stated location in the business's town
    uint32_t near = 0;          ///< geotag coordinates inside the town's bounding box
    /// local / with_location (0 when nothing is located).
    double local_share() const {
        return with_location ? static_cast<double>(local) / with_location : 0.0;
    }
};

struct IntentTrend {
    int bit = 0;           ///< Intent bit index (intent_name(bit))
    uint32_t count = 0;    ///< this period
    uint32_t previous = 0; ///< the previous period of equal length
    /// (count - previous) / previous; unknown when there is no previous period or it had none.
    std::optional<double> change;
};

/// Why: what people want.
struct WhyPanel {
    std::array<IntentTrend, kIntentCount> intents{};
    uint32_t without_intent = 0;
    uint32_t total = 0, previous_total = 0;
    /// False when the window has no finite start and end (no previous period).
    bool has_previous = false;
};

/// How: the shape of the conversation.
struct HowPanel {
    std::array<uint32_t, 4> kinds{};   ///< by Kind: original, reply, repost, quote
    std::array<uint32_t, 4> sources{}; ///< by Source: x, bsky, mastodon, import
    std::array<std::array<uint32_t, 4>, 4> kinds_by_source{}; ///< [source][kind]
    uint32_t with_media = 0;
    uint32_t with_links = 0;
    uint32_t total = 0;
};

struct ShareOfVoice {
    int listener = -1;
    bool business = false;
    uint32_t mentions = 0; ///< in the window (a mention linked to two listeners counts for both)
    double share = 0;      ///< mentions / sum over business + competitors
};

/// To what extent: how big it is.
struct ExtentPanel {
    uint32_t mentions = 0, previous_mentions = 0;
    /// Sum of the largest follower count of each distinct author in the window.
    uint64_t potential_reach = 0;
    uint64_t likes = 0, reposts = 0, replies = 0, quotes = 0;
    uint64_t engagement = 0; ///< likes + reposts + replies + quotes
    uint64_t impressions = 0;
    uint32_t impressions_known = 0; ///< mentions whose impressions the source gave
    std::optional<double> mean_sentiment, previous_mean_sentiment;
    /// Mean sentiment per local day (days with a known sentiment only).
    struct DaySentiment {
        int64_t day_start = 0;
        double mean = 0;
        uint32_t known = 0;
    };
    std::vector<DaySentiment> sentiment_trend;
    /// Business first (when configured), then competitors in configuration order.
    std::vector<ShareOfVoice> share_of_voice;
};

/// The Insights board's accumulator.
///
/// Every add() remembers the mention as a compact row (about 80 bytes plus 4 per distinct
/// term, tag, link and domain): numbers copied, strings interned, text tokenized once.
/// Counting reads rows only. So:
/// - new mentions: add() them — O(1) each, panels stay current (incremental);
/// - another window, focus, time zone or listener set: configure() recounts every row
///   without touching a post's text (the usual "full recompute");
/// - another filter: select() the rows that match it and they are recounted;
/// - a metric refresh or a new listener link on a known mention: refresh() it, then
///   recount() when convenient (needs_recount() says so).
/// clear() + add() of everything also works (the cold path, as at start-up: it
/// tokenizes every text again).
///
/// Rows are numbered in add order from 0; add_from(store) from an empty accumulator
/// makes row i store mention i. Top lists are maintained as mentions arrive, so reading
/// a panel costs O(K log K), not a sort of everything.
class InsightsAccumulator {
  public:
    explicit InsightsAccumulator(InsightsConfig config = {});
    ~InsightsAccumulator();
    InsightsAccumulator(InsightsAccumulator&&) noexcept;
    InsightsAccumulator& operator=(InsightsAccumulator&&) noexcept;

    /// New settings. Rows are kept and recounted, except when the extra stop words or the
    /// local area change (both are applied as rows are made): then every row is dropped,
    /// and this returns false — add the mentions again.
    bool configure(InsightsConfig config);
    const InsightsConfig& config() const;

    /// Remembers a mention as the next row and counts it when `selected` (it passes the
    /// caller's filter). `listeners` is its listener bit mask (MentionStore::listeners_of).
    void add(const Mention& m, uint64_t listeners = 0, bool selected = true);
    /// Adds store mentions [first, min(last, size)), all selected. After an ingest, pass
    /// the store's size before it. Large ranges are counted in one bulk pass.
    void add_from(const MentionStore& store, size_t first = 0,
                  size_t last = static_cast<size_t>(-1));
    /// clear() + add_from(store): the cold full build.
    void rebuild(const MentionStore& store);

    /// Counts only these rows (ascending row numbers) from now on, and recounts.
    void select(const std::vector<uint32_t>& rows);
    /// Counts every row, and recounts.
    void select_all();
    /// Recounts every selected row under the current configuration.
    void recount();
    /// Updates a row's metrics, follower count and listener links from a re-fetched
    /// mention (MentionStore::upsert keeps the fresh metrics and merges listeners). The
    /// panels show the change after the next recount().
    void refresh(size_t row, const Mention& m, uint64_t listeners);
    bool needs_recount() const;

    /// Forgets every row and count (keeps the configuration; interned strings stay as a
    /// cache for the next build).
    void clear();

    size_t rows() const;      ///< rows remembered
    size_t in_window() const; ///< rows counted by the panels (selected, in focus and window)

    WhoPanel who(size_t n = 10) const;
    WhatPanel what(size_t n = 10) const;
    WhenPanel when() const;
    WherePanel where(size_t n = 10) const;
    WhyPanel why() const;
    HowPanel how() const;
    ExtentPanel extent() const;

    /// Approximate heap bytes held (for the benchmark and the storage panel).
    size_t memory_bytes() const;

    struct State;

  private:
    std::unique_ptr<State> m_s;
};

} // namespace earshot::core
