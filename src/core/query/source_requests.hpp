// The one query AST turned into the searches Bluesky and Mastodon can run.
// Neither speaks X's syntax, so each search asks for a superset (dropping what
// the service cannot express) and the local evaluator filters what comes back:
// a listener means the same on every source. What is left to the local filter,
// and what cannot be searched at all, is said in words for the Listeners view.
#pragma once

#include "core/query/query.hpp"

#include <string>
#include <vector>

namespace earshot::core {

struct SourcePlan {
    /// Proxy paths to poll ("/api/bsky/xrpc/app.bsky.feed.searchPosts?q=…"),
    /// without paging parameters (limit, cursor, min_id) which the engine adds.
    std::vector<std::string> requests;
    /// Parts of the query the service cannot express, applied locally
    /// ("-is:retweet is filtered locally").
    std::vector<std::string> filtered_locally;
    /// Why this source cannot run the query (empty when it can).
    std::string cannot;
    bool ok() const { return cannot.empty() && !requests.empty(); }
};

/// At most this many searches per listener and source: an OR of many
/// alternatives is better narrowed than polled as a dozen searches.
constexpr size_t kMaxSourceRequests = 8;

/// Bluesky's searchPosts: words and phrases in q, #tags as tag, from: as author,
/// @handles as mentions, lang: as lang, url: with a bare domain as domain.
/// Handles without a dot get ".bsky.social", Bluesky's default domain.
SourcePlan plan_bsky(const Query& q);

/// Mastodon: a hashtag timeline per server for alternatives holding a hashtag
/// (others as all[]; single-tag alternatives merged into any[]); otherwise
/// status search on `search_server` when a token is configured there.
SourcePlan plan_mastodon(const Query& q, const std::vector<std::string>& servers, const std::string& search_server);

} // namespace earshot::core
