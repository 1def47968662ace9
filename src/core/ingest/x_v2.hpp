// Reading X API v2 tweet payloads: one `search/recent` page (data + includes +
// meta + partial errors), a single streamed tweet, or a twarc2 "flattened" tweet.
#pragma once

#include "core/model/mention.hpp"
#include "core/model/result.hpp"


#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

class JsonView;

/// What one X response page held besides the mentions.
struct XPage {
    std::vector<Mention> mentions;
    std::string next_token; ///< empty on the last page
    std::string newest_id;  ///< empty when the page had no results
    size_t result_count = 0;
    /// Partial errors (`errors[]` beside `data`): one readable line each, e.g.
    /// "user leeseunggi: User has been suspended".
    std::vector<std::string> partial_errors;
    /// Tweets in `data` that could not be read (missing id/text, wrong types).
    size_t unreadable = 0;
};

/// Parses the body of a `GET /2/tweets/search/recent` response (or any v2
/// response whose `data` is a tweet or a list of tweets). A body that is not
/// JSON, or whose top level is an error (`title`/`detail` without `data`),
/// yields an Error saying so.
Result<XPage> parse_x_page(std::string_view body);

/// The same, from an already parsed document (used by the format detector).
Result<XPage> parse_x_page(JsonView doc);

/// True when `doc` looks like a twarc2 flattened tweet (`id`, `text`, `author`
/// at top level) and converts it.
bool is_flat_tweet(JsonView doc);
Result<Mention> parse_flat_tweet(JsonView doc);

/// Parses "2026-11-20T09:15:00.000Z" (and without fraction, and "+00:00").
/// Returns false on anything else.
bool parse_iso8601(std::string_view s, int64_t& unix_seconds);
/// Formats Unix seconds as "2026-11-20T09:15:00Z".
std::string format_iso8601(int64_t unix_seconds);

/// Lower-case host of a URL without a leading "www." ("" when none).
std::string url_domain(std::string_view url);
/// The same into `host`, whose buffer is reused (hot loops call this per URL).
void url_domain_into(std::string_view url, std::string& host);

} // namespace earshot::core
