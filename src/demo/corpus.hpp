// The demo corpus: a seeded, generated week of posts about a fictional café
// (Harbour Bean, Kemptown, Brighton), its two competitors, the town and the trade,
// held in X API v2 terms (users, places, media, posts with entities) plus the
// core Mention of each post so the core's query evaluator can match it.
#pragma once

#include "core/model/mention.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace earshot::demo {

/// What a post is about (ground truth, not on the wire).
enum class Topic : uint8_t { Business, Competitor, Town, Trade };
/// Why it was written (ground truth; the core's intent labels plus plain chatter).
enum class Category : uint8_t {
    Complaint,
    Question,
    Praise,
    Purchase,
    RecommendationRequest,
    Event,
    Promotion,
    Chatter,
};
constexpr int kCategoryCount = 8;
const char* to_string(Category c);
const char* to_string(Topic t);

/// Who an account is in the story (drives which posts it writes).
enum class Role : uint8_t {
    Person,
    Regular,
    Business,
    Competitor,
    Press,
    Influencer,
    Brand,
    Staff
};

struct DemoUser {
    std::string id, username, name, description, location;
    std::string url; ///< profile website (expanded), may be empty
    std::string profile_image_url;
    int64_t created_ms = 0;
    int64_t followers = 0, following = 0, tweet_count = 0, listed = 0;
    bool verified = false;
    std::string verified_type = "none"; ///< "blue", "business", "government", "none"
    std::string lang = "en";            ///< the language the account writes in
    Role role = Role::Person;
    double activity = 1; ///< relative chance of writing a post
};

struct DemoPlace {
    std::string id, name, full_name, country, country_code, place_type;
    double bbox[4] = {0, 0, 0, 0}; ///< west, south, east, north
};

struct DemoMedia {
    std::string media_key, type, url, alt_text;
    int width = 0, height = 0;
};

struct TagEntity {
    int start = 0, end = 0; ///< code-point offsets into the (escaped) text, end exclusive
    std::string tag;
};
struct MentionEntity {
    int start = 0, end = 0;
    std::string username, id;
};
struct UrlEntity {
    int start = 0, end = 0;
    std::string url, expanded_url, display_url, media_key;
};

struct DemoPost {
    uint64_t id = 0;
    std::string id_str;
    int64_t created_ms = 0; ///< whole seconds (X's created_at has .000); the id keeps ms
    std::string text;       ///< as X sends it: HTML-escaped, t.co links
    std::string lang;
    core::Kind kind = core::Kind::Original;
    size_t author = 0;       ///< index into Corpus::users
    uint64_t referenced = 0; ///< replied-to / quoted / reposted post id (0: none)
    uint64_t conversation_id = 0;
    std::optional<size_t> in_reply_to_user; ///< index into users
    std::vector<TagEntity> hashtags, cashtags;
    std::vector<MentionEntity> mentions;
    std::vector<UrlEntity> urls;
    std::vector<size_t> media;                      ///< indices into Corpus::media
    std::optional<size_t> place;                    ///< index into Corpus::places
    std::optional<std::pair<double, double>> point; ///< exact lon, lat when shared
    std::vector<uint64_t> edit_history;             ///< earlier versions first, ends with id
    int64_t likes = 0, bookmarks = 0, impressions = 0;
    /// Engagement from outside the corpus; children in the corpus are added when
    /// they become visible (see Corpus::children).
    int64_t extra_replies = 0, extra_reposts = 0, extra_quotes = 0;
    // Ground truth, not on the wire.
    Topic topic = Topic::Business;
    Category category = Category::Chatter;
    int subject = -1; ///< index into world businesses, -1 when none
};

struct BskyCorpus;
struct MastodonCorpus;

struct CorpusOptions {
    uint64_t seed = 20240611;
    int64_t now_ms = 0;            ///< the corpus's "now"; posts span the 7 days before it
    int posts = 6000;              ///< posts in the 7 days before now (at least this many)
    int users = 2400;              ///< accounts generated besides the named ones
    double trickle_per_minute = 1; ///< posts per minute after now (revealed as time passes)
    int trickle_hours = 72;        ///< how far ahead posts are generated
};

struct Corpus {
    int64_t generated_for_ms = 0; ///< CorpusOptions::now_ms
    std::vector<DemoUser> users;
    std::vector<DemoPlace> places;
    std::vector<DemoMedia> media;
    std::vector<DemoPost> posts;         ///< sorted by id ascending (= by time)
    std::vector<core::Mention> mentions; ///< mentions[i] is posts[i] for the query evaluator
    /// Index of the posts that reply to / quote / repost posts[i].
    std::vector<std::vector<size_t>> children;
    std::unordered_map<uint64_t, size_t> post_index;
    std::unordered_map<std::string, size_t> user_by_username; ///< lower-case username
    std::unordered_map<std::string, size_t> user_by_id;
    std::unordered_map<std::string, size_t> media_by_key;
    /// The same week on Bluesky and Mastodon (bsky_corpus.cpp, mastodon_corpus.cpp).
    std::shared_ptr<const BskyCorpus> bsky;
    std::shared_ptr<const MastodonCorpus> mastodon;

    const DemoPost* find_post(uint64_t id) const;
    /// Index of the first post with id > since (posts.size() when none).
    size_t upper_bound_id(uint64_t since) const;
};

/// Builds the corpus. Same options, same corpus (byte for byte).
Corpus generate_corpus(const CorpusOptions& options);

} // namespace earshot::demo
