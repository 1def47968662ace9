// The demo source's X API v2 as pure functions (no sockets): a request in, a
// response out, with X's wire shapes, parameter checks, error bodies, pagination,
// x-rate-limit-* headers and 429s. main.cpp puts an HTTP server in front of it.
//
// Implements: GET /2/tweets/search/recent, GET /2/tweets/counts/recent,
// GET /2/users/by/username/:username, GET /health (no auth).
// Not implemented: sort_order=relevancy ranks like recency; context_annotations,
// polls, non-public/organic/promoted metrics are never present; no streaming.
#pragma once

#include "demo/corpus.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace earshot::demo {

using Params = std::vector<std::pair<std::string, std::string>>; ///< decoded, in order

struct Request {
    std::string method = "GET";
    std::string path; ///< without the query string
    Params params;
    std::map<std::string, std::string> headers; ///< names lower-case
    std::string body;                           ///< POST bodies (Bluesky's createSession)
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers; ///< besides Content-Type
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    int delay_ms = 0;                  ///< fault "slow": wait this long before answering
    std::optional<size_t> truncate_at; ///< fault "truncated": send this many bytes, then drop
    std::string fault;                 ///< the fault applied, for the log ("" when none)
};

/// Ways the server can be told to misbehave (x-demo-fault header, demo_fault
/// parameter, or --fault for every request).
enum class Fault { None, RateLimited, Unavailable, Slow, Truncated, Malformed };
/// "429", "503", "slow", "slow:1500", "truncated", "malformed" (also "none").
/// Sets slow_ms when the value carries a duration.
std::optional<Fault> parse_fault(std::string_view text, int* slow_ms = nullptr);

struct RateWindow {
    int used = 0;
    int64_t reset_ms = 0; ///< 0: not started
};

struct BskyOptions {
    std::string identifier = "demo.bsky.social"; ///< the account the proxy signs in as
    std::string password = "demo-app-password";
    int64_t token_ms = 120'000;         ///< access tokens expire after this
    int search_limit = 3000;            ///< searchPosts per window (bsky.social: 3000 / 5 min)
    int session_limit = 30;             ///< createSession per window (bsky.social: 30 / 5 min)
    int64_t window_ms = 5 * 60 * 1000;
};

struct BskySession {
    std::string did;
    int64_t expires_ms = 0;
    bool refresh = false; ///< a refresh token (usable once) rather than an access token
};

struct BskyState {
    std::unordered_map<std::string, BskySession> tokens;
    std::map<std::string, RateWindow> windows;
    uint64_t issued = 0;
};

struct MastodonOptions {
    std::string token = "demo-mastodon-token"; ///< the access token with read:search
    int limit = 300;                           ///< requests per window (Mastodon: 300 / 5 min)
    int64_t window_ms = 5 * 60 * 1000;
};

struct ServerOptions {
    int search_limit = 450;             ///< search/recent requests per window (X app-auth: 450)
    int other_limit = 300;              ///< counts and user lookups per window
    int64_t window_ms = 15 * 60 * 1000; ///< X's 15-minute windows
    bool require_auth = true;           ///< 401 without "Authorization: Bearer …"
    Fault fault = Fault::None;          ///< applied to requests with no fault of their own
    int fault_every = 1;                ///< ... to every Nth request (1: all)
    int slow_ms = 3000;
    BskyOptions bsky;
    MastodonOptions mastodon;
};


/// What the server remembers between requests.
struct ServerState {
    std::map<std::string, RateWindow> windows; ///< per endpoint
    uint64_t requests = 0;
    BskyState bsky;
    RateWindow mastodon; ///< Mastodon counts every endpoint in one window
    /// The session the demo holds when it answers the proxy's /api/bsky/ paths itself.
    std::string proxy_bsky_token;
};

/// Which fault applies to a request: its own x-demo-fault header or demo_fault
/// parameter wins over the server-wide --fault. False (with `error` set to a 400)
/// when the request names a fault that does not exist.
bool choose_fault(const ServerOptions& options, const ServerState& state, const Request& request,
                  Fault& fault, int& slow_ms, Response& error);
/// Slow, truncated and malformed faults applied to an otherwise good answer.
void apply_fault(Response& r, Fault fault, int slow_ms);

/// Routes one request: auth, faults, rate limit, then the endpoint.
Response handle_request(const Corpus& corpus, const ServerOptions& options, ServerState& state,
                        const Request& request, int64_t now_ms);

/// The endpoints themselves (no auth, rate limit or faults).
Response handle_search_recent(const Corpus& corpus, const Params& params, int64_t now_ms);
Response handle_counts_recent(const Corpus& corpus, const Params& params, int64_t now_ms);
Response handle_user_by_username(const Corpus& corpus, const std::string& username,
                                 const Params& params);

/// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space, as browsers send it).
Params parse_query_string(std::string_view query);

} // namespace earshot::demo
