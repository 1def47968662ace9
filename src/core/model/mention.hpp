// The source-neutral Mention: what every ingest format produces and every other
// part of the core (query, store, analysis) consumes. See docs/architecture.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace earshot::core {

/// Where a mention came from.
enum class Source : uint8_t { X, Bsky, Mastodon, Import };

/// How a post relates to others. A quote is matched on its own text, a repost
/// carries the reposted text.
enum class Kind : uint8_t { Original, Reply, Repost, Quote };

const char* to_string(Source s);
const char* to_string(Kind k);
std::optional<Source> source_from_string(const std::string& s);
std::optional<Kind> kind_from_string(const std::string& s);

/// Intent labels (the *why*). A bit set so a mention can carry several.
enum Intent : uint8_t {
    IntentComplaint = 1 << 0,
    IntentQuestion = 1 << 1,
    IntentPraise = 1 << 2,
    IntentPurchase = 1 << 3,
    IntentRecommendationRequest = 1 << 4,
    IntentEvent = 1 << 5,
    IntentPromotion = 1 << 6,
};
constexpr int kIntentCount = 7;
/// Wire names in bit order: "complaint", "question", ...
const char* intent_name(int bit_index);
/// The same in words, for people: "purchase intent", "recommendation request", ...
const char* intent_words(int bit_index);

struct Author {
    std::string id;
    std::string handle; ///< without '@'
    std::string name;
    std::string location; ///< stated profile location, empty when unknown
    std::optional<int64_t> followers;
    bool verified = false;
};

/// Unknown values stay empty (never invented as 0).
struct Metrics {
    std::optional<int64_t> likes, reposts, replies, quotes, impressions;
};

struct Place {
    std::string id;
    std::string name;         ///< "Brighton"
    std::string full_name;    ///< "Brighton, England"
    std::string country_code; ///< ISO 3166-1 alpha-2, "GB"
    std::optional<double> lat, lon; ///< point, or bbox centre when only a bbox is known
    /// Bounding box [west, south, east, north] when the source gives one.
    std::optional<std::vector<double>> bbox;
};

struct Mention {
    std::string id; ///< "x:1234" — source prefix + source id; the identity for dedup
    Source source = Source::X;
    std::string source_id;
    std::string url;
    std::string text;
    int64_t created_at = 0; ///< Unix seconds, UTC
    std::string lang;       ///< BCP-47-ish code as the source gives it ("en", "und")
    Kind kind = Kind::Original;
    std::string conversation_id;
    std::string in_reply_to;        ///< id of the post replied to
    std::string in_reply_to_handle; ///< handle of the user replied to (for `to:`)
    std::string referenced_id;      ///< quoted or reposted post id
    Author author;
    Metrics metrics;
    std::vector<std::string> hashtags; ///< without '#', as written
    std::vector<std::string> mentions; ///< handles without '@'
    std::vector<std::string> cashtags; ///< without '$'
    std::vector<std::string> urls;     ///< expanded URLs
    std::vector<std::string> domains;  ///< host of each URL, lower-case, no "www."
    bool has_media = false;
    std::optional<Place> place;
    // Derived on ingest.
    std::optional<float> sentiment; ///< -1..1
    uint8_t intents = 0;            ///< Intent bits
};

} // namespace earshot::core
