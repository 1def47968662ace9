// What the proxy lets through to X, Bluesky and Mastodon: per allow-listed
// endpoint, the parameters Earshot sends, each value checked, and the upstream
// query rebuilt and encoded here so nothing a client smuggles in a key or value
// reaches a service as syntax.
#pragma once

#include "proxy/http_message.hpp"

#include <string>
#include <string_view>

namespace earshot::proxy {

enum class XEndpoint { search_recent, counts_recent, user_by_username, bsky_search, mastodon_tag, mastodon_search };

struct XForward {
    bool ok = false;
    XEndpoint endpoint = XEndpoint::search_recent;
    std::string target;  ///< upstream path + "?" + rebuilt query, when ok
    std::string problem; ///< why not, naming the parameter, when !ok
    bool not_found = false; ///< the path is not one X endpoint Earshot uses (404, not 400)
};

/// `path` is the decoded path after "/api/x" ("/2/tweets/search/recent").
XForward validate_x_request(std::string_view path, const Params& params);

/// `path` after "/api/bsky" ("/xrpc/app.bsky.feed.searchPosts").
XForward validate_bsky_request(std::string_view path, const Params& params);

/// `path` after "/api/mastodon/<server>" ("/api/v1/timelines/tag/coffee",
/// "/api/v2/search"); the tag is re-encoded into the target.
XForward validate_mastodon_request(std::string_view path, const Params& params);

constexpr size_t kMaxQueryChars = 512; ///< X's limit for self-serve search queries

} // namespace earshot::proxy
