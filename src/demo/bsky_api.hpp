// The demo source's Bluesky (AT Protocol XRPC) as pure functions: the same town and
// week as the X corpus, posted by the same people in Bluesky's own voice, served as
// createSession, refreshSession and app.bsky.feed.searchPosts (postView shapes).
//
// Implements: POST /xrpc/com.atproto.server.createSession, POST
// /xrpc/com.atproto.server.refreshSession, GET /xrpc/app.bsky.feed.searchPosts.
// Not implemented: other XRPC methods (404 MethodNotImplemented), labels, viewer
// state beyond defaults, threadgates, video embeds, sort=top beyond likes.
#pragma once

#include "demo/api.hpp"
#include "demo/social_text.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace earshot::demo {

struct BskyAccount {
    std::string did, handle, display_name, avatar, description;
    int64_t created_ms = 0;
};

struct BskyPost {
    size_t post = 0;   ///< the same moment on X (index into Corpus::posts)
    size_t author = 0; ///< index into Corpus::users (and BskyCorpus::accounts)
    int64_t created_ms = 0;
    std::string rkey, cid, uri;
    std::string text;
    struct Facet {
        size_t byte_start = 0, byte_end = 0;
        Segment::Kind kind = Segment::Kind::Link;
        std::string value; ///< link: full URL; mention: did; tag: tag without '#'
    };
    std::vector<Facet> facets;
    std::string lang; ///< empty: no langs
    std::optional<size_t> reply_root, reply_parent, quoted; ///< indices into BskyCorpus::posts
    std::vector<size_t> media;                              ///< indices into Corpus::media
    std::string external_uri, external_title, external_description;
    int64_t likes = 0, reposts = 0, extra_replies = 0, extra_quotes = 0;
    // For query matching.
    std::string lower_text;
    std::vector<std::string> tags, links, mention_dids;
};

struct BskyCorpus {
    std::vector<BskyAccount> accounts; ///< parallel to Corpus::users; empty did: not on Bluesky
    std::vector<BskyPost> posts;       ///< oldest first
    std::vector<std::vector<size_t>> replies, quotes; ///< children of posts[i]
    std::unordered_map<std::string, size_t> user_by_handle; ///< lower-case handle → user
    std::unordered_map<std::string, size_t> user_by_did;
    std::unordered_map<size_t, size_t> by_x_post; ///< Corpus::posts index → posts index
};

/// Derives the Bluesky side of the corpus (called by generate_corpus).
BskyCorpus build_bsky(const Corpus& c);

/// Routes one /xrpc/ request (method, auth, rate limit, the method itself).
/// `fault` is already chosen by the caller (x-demo-fault or --fault).
Response handle_bsky_request(const Corpus& c, const BskyOptions& options, BskyState& state,
                             const Request& request, int64_t now_ms, Fault fault);

/// searchPosts itself, without auth or rate limits.
Response handle_bsky_search(const Corpus& c, const Params& params, int64_t now_ms);

/// An XRPC error body {"error","message"}.
Response xrpc_error(int status, const std::string& error, const std::string& message);

} // namespace earshot::demo
