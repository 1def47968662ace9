// The demo source's Mastodon server "demo.social" as pure functions: the same town
// and week as the X corpus, tooted by the same people in Mastodon's voice (HTML
// content, hashtags, content warnings, boosts, remote accounts from other servers).
//
// Implements: GET /api/v1/timelines/tag/:tag (any[], all[], none[], limit, max_id,
// since_id, min_id, Link paging), GET /api/v2/search (type=statuses with a token;
// no statuses without one), X-RateLimit-* headers and 429s.
// Not implemented: accounts and hashtags in search results (always empty), local=,
// only_media=, remote=, polls, edits, quotes, filters.
#pragma once

#include "demo/api.hpp"
#include "demo/social_text.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace earshot::demo {

constexpr const char* kMastodonHost = "demo.social";

struct MastodonAccount {
    std::string id, username, acct, display_name, url, uri, server, avatar, note;
    int64_t created_ms = 0, followers = 0, following = 0, statuses = 0;
    bool bot = false;
};

struct MastodonStatus {
    size_t post = 0;   ///< the same moment on X (index into Corpus::posts)
    size_t author = 0; ///< index into Corpus::users (and MastodonCorpus::accounts)
    int64_t created_ms = 0;
    uint64_t id = 0;      ///< this server's id, time-ordered like Mastodon's snowflakes
    std::string uri, url; ///< where the status lives (another server for remote authors)
    std::string content;  ///< HTML
    std::string plain;    ///< the same words as plain text, lower case (search)
    std::string spoiler, lang;
    std::vector<std::string> tags;       ///< lower case, without '#'
    std::vector<size_t> mentions;        ///< user indices
    std::vector<std::string> emojis;     ///< custom emoji shortcodes used
    std::optional<size_t> reblog;        ///< a boost: index of the boosted status
    std::optional<size_t> in_reply_to;   ///< index of the status replied to
    std::vector<size_t> media;           ///< indices into Corpus::media
    std::string card_url, card_title, card_description;
    int64_t favourites = 0, reblogs = 0, replies = 0;
};

struct MastodonCorpus {
    std::vector<MastodonAccount> accounts; ///< parallel to Corpus::users; empty id: not there
    std::vector<MastodonStatus> statuses;  ///< ascending id (= time)
};

/// Derives the Mastodon side of the corpus (called by generate_corpus).
MastodonCorpus build_mastodon(const Corpus& c);

/// Routes one /api/v1/… or /api/v2/… request (rate limit, the endpoint).
Response handle_mastodon_request(const Corpus& c, const MastodonOptions& options,
                                 RateWindow& window, const Request& request, int64_t now_ms,
                                 Fault fault);

/// `base`: the server's address for the Link header.
Response handle_tag_timeline(const Corpus& c, const std::string& tag, const Params& params,
                             int64_t now_ms, const std::string& base = "https://demo.social");
Response handle_mastodon_search(const Corpus& c, const Params& params, bool authorised,
                                int64_t now_ms);

} // namespace earshot::demo
