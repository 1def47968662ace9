// Reading Bluesky (AT Protocol) answers into mentions: searchPosts, getPosts and
// getQuotes (`posts[]`), getAuthorFeed/getTimeline (`feed[]` with reposts),
// getPostThread (`thread`, nested) and Jetstream commit events (one per line).
#pragma once

#include "core/model/mention.hpp"
#include "core/model/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

class JsonView;

/// What one Bluesky answer held besides the posts.
struct BskyPage {
    std::vector<Mention> mentions;
    std::string cursor; ///< empty on the last page
    /// Posts that could not be read (no at:// uri, no record, unreadable dates).
    size_t unreadable = 0;
    /// Why the first unreadable post could not be read.
    std::string first_problem;
};

/// True when `doc` has the shape of an XRPC feed answer: `posts[]`, `feed[]` or `thread`.
bool is_bsky_answer(JsonView doc);

/// Reads a searchPosts, getPosts, getQuotes, getAuthorFeed, getTimeline or
/// getPostThread answer. Ids are "bsky:" + the post's at:// uri. A feed's repost
/// becomes a Repost by the reposter carrying the reposted post's text.
Result<BskyPage> parse_bsky_answer(JsonView doc);
/// The same from the body's bytes.
Result<BskyPage> parse_bsky_answer(std::string_view body);

/// True when `doc` looks like a Jetstream event (`did`, `time_us`, `kind`).
bool is_jetstream_event(JsonView doc);

/// Reads one Jetstream event. A created app.bsky.feed.post gives a mention (the
/// author's handle is not in the event: only the did); every other event (likes,
/// deletes, identity, account) gives nothing. A malformed event is an Error.
Result<std::optional<Mention>> parse_jetstream_event(JsonView doc);

/// The bytes of `text` that a facet's index [byte_start, byte_end) names, or
/// nothing when the range lies outside the text, is empty or reversed, or cuts a
/// UTF-8 character in two (facets come from other clients and may be wrong).
std::optional<std::string_view> facet_slice(std::string_view text, int64_t byte_start, int64_t byte_end);

} // namespace earshot::core
