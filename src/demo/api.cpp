// The demo source's X API v2 endpoints as pure functions: query matching with the
// core's evaluator, newest-first paging with opaque next_tokens, rate-limit windows
// and the misbehaviour switches. Parameter checks and error bodies: api_params.cpp.
//
// Index:
// [SECTION] GET /2/tweets/search/recent
// [SECTION] GET /2/tweets/counts/recent
// [SECTION] GET /2/users/by/username/:username
// [SECTION] Routing, auth, rate limits, faults
#include "demo/api.hpp"

#include "demo/api_params.hpp"
#include "demo/bsky_api.hpp"
#include "demo/mastodon_api.hpp"
#include "demo/wire_util.hpp"

#include <algorithm>
#include <cctype>
#include <climits>

namespace earshot::demo {

namespace {

/// Index one past the newest post visible at now_ms (posts appear at their time).
size_t visible_end(const Corpus& c, int64_t now_ms) {
    return c.upper_bound_id(snowflake(now_ms, 0x3FFFFF));
}
} // namespace

// [SECTION] GET /2/tweets/search/recent

Response handle_search_recent(const Corpus& corpus, const Params& params, int64_t now_ms) {
    static const std::vector<std::string> allowed = {
        "query",        "start_time",  "end_time",     "since_id",
        "until_id",     "max_results", "next_token",   "pagination_token",
        "sort_order",   "expansions",  "tweet.fields", "post.fields",
        "media.fields", "poll.fields", "place.fields", "user.fields"};
    std::vector<ParamError> errors;
    check_known(params, allowed, errors);
    int max_results = 10;
    if (const auto v = param(params, "max_results")) {
        const auto n = parse_id(*v);
        if (!n || *n < 10 || *n > 100)
            errors.push_back(
                {"max_results", *v,
                 "The `max_results` query parameter value [" + *v + "] is not between 10 and 100"});
        else
            max_results = static_cast<int>(*n);
    }
    if (const auto v = param(params, "sort_order"); v && *v != "recency" && *v != "relevancy")
        errors.push_back({"sort_order", *v,
                          "The `sort_order` query parameter value [" + *v +
                              "] is not one of [recency,relevancy]"});
    FieldSelection sel;
    std::set<std::string> unused;
    read_list(params, "tweet.fields", valid_tweet_fields(), sel.tweet, errors);
    read_list(params, "post.fields", valid_tweet_fields(), sel.tweet, errors);
    read_list(params, "user.fields", valid_user_fields(), sel.user, errors);
    read_list(params, "place.fields", valid_place_fields(), sel.place, errors);
    read_list(params, "media.fields", valid_media_fields(), sel.media, errors);
    read_list(params, "poll.fields", valid_poll_fields(), unused, errors);
    read_list(params, "expansions", valid_expansions(), sel.expansions, errors);
    const Window w = read_window(params, now_ms, errors);
    const auto query = read_query(params, errors);
    const std::string query_text = param(params, "query").value_or("");
    std::optional<uint64_t> below;
    const auto token = param(params, "next_token") ? param(params, "next_token")
                                                   : param(params, "pagination_token");
    if (token && errors.empty()) {
        below = decode_token(*token, query_text);
        if (!below)
            errors.push_back({param(params, "next_token") ? "next_token" : "pagination_token",
                              *token,
                              "The `next_token` query parameter value [" + *token +
                                  "] is not valid for this query"});
    }
    if (!errors.empty() || !query)
        return invalid_request(errors);

    // Newest first: walk down from the newest visible post.
    const int64_t lowest_ms = w.start.value_or(now_ms - kWeekMs);
    const int64_t end_ms = w.end.value_or(INT64_MAX);
    uint64_t ceiling = UINT64_MAX; // ids below this
    if (w.until_id)
        ceiling = std::min(ceiling, *w.until_id);
    if (below)
        ceiling = std::min(ceiling, *below);
    size_t top = visible_end(corpus, now_ms);
    if (ceiling != UINT64_MAX)
        top = std::min(top, corpus.upper_bound_id(ceiling - 1));
    std::vector<size_t> hits;
    bool more = false;
    for (size_t i = top; i-- > 0;) {
        const DemoPost& p = corpus.posts[i];
        if ((w.since_id && p.id <= *w.since_id) || p.created_ms < lowest_ms)
            break;
        if (p.created_ms >= end_ms || !query->matches(corpus.mentions[i]))
            continue;
        if (static_cast<int>(hits.size()) == max_results) {
            more = true;
            break;
        }
        hits.push_back(i);
    }

    Json body;
    if (!hits.empty()) {
        Json data = Json::array();
        for (size_t i : hits)
            data.push_back(render_tweet(corpus, corpus.posts[i], sel.tweet, now_ms));
        body["data"] = data;
        Json includes = render_includes(corpus, hits, sel, now_ms);
        if (!includes.empty())
            body["includes"] = includes;
        Json meta = {{"newest_id", corpus.posts[hits.front()].id_str},
                     {"oldest_id", corpus.posts[hits.back()].id_str},
                     {"result_count", hits.size()}};
        if (more)
            meta["next_token"] = encode_token(corpus.posts[hits.back()].id, query_text);
        body["meta"] = meta;
    } else {
        body["meta"] = {{"result_count", 0}};
    }
    return json_response(200, body);
}

// [SECTION] GET /2/tweets/counts/recent

Response handle_counts_recent(const Corpus& corpus, const Params& params, int64_t now_ms) {
    static const std::vector<std::string> allowed = {
        "query",       "start_time",          "end_time",   "since_id",        "until_id",
        "granularity", "search_count.fields", "next_token", "pagination_token"};
    std::vector<ParamError> errors;
    check_known(params, allowed, errors);
    int64_t step = 3'600'000;
    if (const auto g = param(params, "granularity")) {
        if (*g == "minute")
            step = 60'000;
        else if (*g == "day")
            step = 86'400'000;
        else if (*g != "hour")
            errors.push_back({"granularity", *g,
                              "The `granularity` query parameter value [" + *g +
                                  "] is not one of [minute,hour,day]"});
    }
    std::set<std::string> unused;
    read_list(params, "search_count.fields", {"end", "start", "tweet_count"}, unused, errors);
    const Window w = read_window(params, now_ms, errors);
    const auto query = read_query(params, errors);
    if (!errors.empty() || !query)
        return invalid_request(errors);

    const int64_t end = w.end.value_or(now_ms - 10'000 - (now_ms % 1000));
    const int64_t start = w.start.value_or(end - kWeekMs);
    // Bucket edges: start, then every granularity boundary, then end.
    std::vector<int64_t> edges = {start};
    for (int64_t b = (start / step + 1) * step; b < end; b += step)
        edges.push_back(b);
    edges.push_back(end);
    std::vector<int64_t> counts(edges.size() - 1, 0);
    const size_t top = visible_end(corpus, now_ms);
    for (size_t i = corpus.upper_bound_id(w.since_id.value_or(0)); i < top; ++i) {
        const DemoPost& p = corpus.posts[i];
        if (w.until_id && p.id >= *w.until_id)
            break;
        if (p.created_ms < start || p.created_ms >= end || !query->matches(corpus.mentions[i]))
            continue;
        const size_t b =
            std::upper_bound(edges.begin(), edges.end(), p.created_ms) - edges.begin() - 1;
        if (b < counts.size())
            ++counts[b];
    }
    Json data = Json::array();
    int64_t total = 0;
    for (size_t b = 0; b < counts.size(); ++b) {
        data.push_back({{"end", iso8601_ms(edges[b + 1])},
                        {"start", iso8601_ms(edges[b])},
                        {"tweet_count", counts[b]}});
        total += counts[b];
    }
    return json_response(200, {{"data", data}, {"meta", {{"total_tweet_count", total}}}});
}

// [SECTION] GET /2/users/by/username/:username

Response handle_user_by_username(const Corpus& corpus, const std::string& username,
                                 const Params& params) {
    std::vector<ParamError> errors;
    check_known(params, {"user.fields", "expansions", "tweet.fields"}, errors);
    FieldSelection sel;
    read_list(params, "user.fields", valid_user_fields(), sel.user, errors);
    read_list(params, "tweet.fields", valid_tweet_fields(), sel.tweet, errors);
    read_list(params, "expansions",
              {"pinned_tweet_id", "most_recent_tweet_id", "affiliation.user_id"}, sel.expansions,
              errors);
    const bool valid = !username.empty() && username.size() <= 15 &&
                       std::all_of(username.begin(), username.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                       });
    if (!valid)
        errors.push_back({"username", username,
                          "The `username` query parameter value [" + username +
                              "] does not match ^[A-Za-z0-9_]{1,15}$"});
    if (!errors.empty())
        return invalid_request(errors);
    auto it = corpus.user_by_username.find(to_lower_ascii(username));
    if (it == corpus.user_by_username.end())
        return json_response(
            200,
            {{"errors",
              Json::array({{{"value", username},
                            {"detail", "Could not find user with username: [" + username + "]."},
                            {"title", "Not Found Error"},
                            {"resource_type", "user"},
                            {"parameter", "username"},
                            {"resource_id", username},
                            {"type", "https://api.twitter.com/2/problems/resource-not-found"}}})}});
    return json_response(200, {{"data", render_user(corpus, corpus.users[it->second], sel.user)}});
}

// [SECTION] Routing, auth, rate limits, faults

std::optional<Fault> parse_fault(std::string_view text, int* slow_ms) {
    if (text.empty() || text == "none")
        return Fault::None;
    if (text == "429")
        return Fault::RateLimited;
    if (text == "503")
        return Fault::Unavailable;
    if (text == "truncated")
        return Fault::Truncated;
    if (text == "malformed")
        return Fault::Malformed;
    if (text.substr(0, 4) == "slow") {
        if (text.size() == 4)
            return Fault::Slow;
        if (text[4] != ':')
            return std::nullopt;
        const auto ms = parse_id(text.substr(5));
        if (!ms || *ms > 600'000)
            return std::nullopt;
        if (slow_ms)
            *slow_ms = static_cast<int>(*ms);
        return Fault::Slow;
    }
    return std::nullopt;
}

Params parse_query_string(std::string_view query) {
    auto decode = [](std::string_view s) {
        std::string out;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '+') {
                out += ' ';
            } else if (s[i] == '%' && i + 2 < s.size() &&
                       std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                       std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
                out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                out += s[i];
            }
        }
        return out;
    };
    Params out;
    size_t start = 0;
    while (start < query.size()) {
        size_t amp = query.find('&', start);
        if (amp == std::string_view::npos)
            amp = query.size();
        const std::string_view pair = query.substr(start, amp - start);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            out.emplace_back(decode(pair.substr(0, eq)), eq == std::string_view::npos
                                                             ? std::string()
                                                             : decode(pair.substr(eq + 1)));
        }
        start = amp + 1;
    }
    return out;
}

bool choose_fault(const ServerOptions& options, const ServerState& state, const Request& request,
                  Fault& fault, int& slow_ms, Response& error) {
    std::string fault_text;
    if (auto h = request.headers.find("x-demo-fault"); h != request.headers.end())
        fault_text = h->second;
    else if (auto p = param(request.params, "demo_fault"))
        fault_text = *p;
    fault = Fault::None;
    if (!fault_text.empty()) {
        const auto parsed = parse_fault(fault_text, &slow_ms);
        if (!parsed) {
            error = invalid_request(
                {{"demo_fault", fault_text,
                  "The `demo_fault` query parameter value [" + fault_text +
                      "] is not one of [429,503,slow,slow:MS,truncated,malformed]"}});
            return false;
        }
        fault = *parsed;
    } else if (options.fault != Fault::None &&
               (options.fault_every <= 1 ||
                state.requests % static_cast<uint64_t>(options.fault_every) == 0)) {
        fault = options.fault;
    }
    return true;
}

void apply_fault(Response& r, Fault fault, int slow_ms) {
    if (fault == Fault::Slow) {
        r.delay_ms = slow_ms;
        r.fault = "slow:" + std::to_string(slow_ms);
    } else if (fault == Fault::Truncated) {
        // The connection drops half way through an otherwise good answer.
        r.truncate_at = std::max<size_t>(1, r.body.size() / 2);
        r.fault = "truncated";
    } else if (fault == Fault::Malformed) {
        // A complete answer that is not JSON: a trailing comma where the last brace was.
        if (!r.body.empty())
            r.body.back() = ',';
        r.body += "\"}";
        r.fault = "malformed";
    }
}

namespace {

/// The proxy's /api/bsky/ and /api/mastodon/demo.social/ paths answered as the
/// proxy would: with a Bluesky session the demo logs itself into (and renews
/// when it expires) and the Mastodon token, so `earshot-cli listen` and the
/// engine's tests can use the demo source without a proxy in between.
Response answer_as_proxy(const Corpus& corpus, const ServerOptions& options, ServerState& state,
                         const Request& request, int64_t now_ms) {
    Request forwarded = request;
    if (request.path.rfind("/api/mastodon/", 0) == 0) {
        static const std::string server = "/api/mastodon/demo.social/";
        if (request.path.rfind(server, 0) != 0)
            return json_response(404, {{"title", "Not Found"}, {"detail", "The demo is the server demo.social."}});
        forwarded.path = request.path.substr(server.size() - 1);
        forwarded.headers["authorization"] = "Bearer " + options.mastodon.token;
        return handle_request(corpus, options, state, forwarded, now_ms);
    }
    forwarded.path = request.path.substr(std::string("/api/bsky").size());
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (state.proxy_bsky_token.empty()) {
            Request login;
            login.method = "POST";
            login.path = "/xrpc/com.atproto.server.createSession";
            login.body = R"({"identifier":"demo.bsky.social","password":"demo-app-password"})";
            const Response session = handle_request(corpus, options, state, login, now_ms);
            const Json doc = Json::parse(session.body, nullptr, false);
            if (session.status != 200 || !doc.is_object() || !doc.contains("accessJwt")) return session;
            state.proxy_bsky_token = doc["accessJwt"].get<std::string>();
        }
        forwarded.headers["authorization"] = "Bearer " + state.proxy_bsky_token;
        Response r = handle_request(corpus, options, state, forwarded, now_ms);
        if (r.status != 400 || r.body.find("ExpiredToken") == std::string::npos) return r;
        state.proxy_bsky_token.clear(); // expired: log in again, once
    }
    return xrpc_error(400, "ExpiredToken", "Token has expired");
}

} // namespace

Response handle_request(const Corpus& corpus, const ServerOptions& options, ServerState& state,
                        const Request& request, int64_t now_ms) {
    ++state.requests;
    if (request.path == "/health" || request.path == "/") {
        // For scripts and tests waiting for the server; no credential needed.
        return json_response(200, {{"status", "ok"},
                                   {"service", "earshot-demo-source"},
                                   {"posts_visible", visible_end(corpus, now_ms)},
                                   {"posts_total", corpus.posts.size()}});
    }
    if (request.path == "/api/sources") // the proxy's answer, so earshot-cli listen can use the demo directly
        return json_response(
            200, {{"sources",
                   Json::array({{{"id", "x"}, {"name", "X (Twitter)"}, {"configured", true}, {"mode", "demo"},
                                 {"cost", "paid per post read"}},
                                {{"id", "bsky"}, {"name", "Bluesky"}, {"configured", true}, {"mode", "demo"},
                                 {"cost", "free"}},
                                {{"id", "mastodon"}, {"name", "Mastodon"}, {"configured", true}, {"mode", "demo"},
                                 {"cost", "free"}, {"servers", Json::array({"demo.social"})},
                                 {"search_server", "demo.social"}}})}});
    if (request.path.rfind("/api/bsky/", 0) == 0 || request.path.rfind("/api/mastodon/", 0) == 0)
        return answer_as_proxy(corpus, options, state, request, now_ms);
    // Bluesky (/xrpc/…) and Mastodon (/api/v1, /api/v2) over the same town and week.
    const bool bsky = request.path.rfind("/xrpc/", 0) == 0;
    const bool mastodon =
        request.path.rfind("/api/v1/", 0) == 0 || request.path.rfind("/api/v2/", 0) == 0;
    if (bsky || mastodon) {
        int slow_ms = options.slow_ms;
        Fault fault = Fault::None;
        if (Response error; !choose_fault(options, state, request, fault, slow_ms, error))
            return error;
        Response r = bsky ? handle_bsky_request(corpus, options.bsky, state.bsky, request,
                                                now_ms, fault)
                          : handle_mastodon_request(corpus, options.mastodon, state.mastodon,
                                                    request, now_ms, fault);
        if (r.status < 400)
            apply_fault(r, fault, slow_ms);
        return r;
    }
    // The proxy's paths ("/api/x/2/…") with the credential the proxy would add.
    static const std::string proxy_prefix = "/api/x/";
    if (request.path.rfind(proxy_prefix, 0) == 0) {
        Request forwarded = request;
        forwarded.path = request.path.substr(proxy_prefix.size() - 1);
        forwarded.headers["authorization"] = "Bearer demo";
        --state.requests; // counted once, as the forwarded request
        return handle_request(corpus, options, state, forwarded, now_ms);
    }
    static const std::string user_prefix = "/2/users/by/username/";
    std::string endpoint;
    if (request.path == "/2/tweets/search/recent")
        endpoint = "search";
    else if (request.path == "/2/tweets/counts/recent")
        endpoint = "counts";
    else if (request.path.rfind(user_prefix, 0) == 0 && request.path.size() > user_prefix.size())
        endpoint = "users";
    if (endpoint.empty())
        return json_response(
            404, {{"errors",
                   Json::array({{{"message", "Sorry, that page does not exist"}, {"code", 34}}})}});
    if (request.method != "GET")
        return plain_problem(405, "Method Not Allowed");

    if (options.require_auth) {
        auto it = request.headers.find("authorization");
        const std::string auth = it == request.headers.end() ? "" : it->second;
        const bool bearer = auth.size() > 7 && to_lower_ascii(auth.substr(0, 7)) == "bearer " &&
                            auth.find_first_not_of(' ', 7) != std::string::npos;
        if (!bearer)
            return json_response(401, {{"title", "Unauthorized"},
                                       {"type", "about:blank"},
                                       {"status", 401},
                                       {"detail", "Unauthorized"}});
    }

    int slow_ms = options.slow_ms;
    Fault fault = Fault::None;
    if (Response error; !choose_fault(options, state, request, fault, slow_ms, error))
        return error;

    // An overloaded server answers 503 whatever the budget says (and spends none of it).
    if (fault == Fault::Unavailable) {
        Response r = plain_problem(503, "Service Unavailable");
        r.fault = "503";
        return r;
    }
    RateWindow& window = state.windows[endpoint];
    if (window.reset_ms == 0 || now_ms >= window.reset_ms)
        window = {0, now_ms + options.window_ms};
    const int limit = endpoint == "search" ? options.search_limit : options.other_limit;
    auto rate_headers = [&](Response& r) {
        r.headers.push_back({"x-rate-limit-limit", std::to_string(limit)});
        r.headers.push_back(
            {"x-rate-limit-remaining", std::to_string(std::max(0, limit - window.used))});
        r.headers.push_back({"x-rate-limit-reset", std::to_string((window.reset_ms + 999) / 1000)});
    };
    if (fault == Fault::RateLimited || window.used >= limit) {
        Response r = plain_problem(429, "Too Many Requests");
        if (fault == Fault::RateLimited) {
            r.fault = "429";
            r.headers.push_back({"x-rate-limit-limit", std::to_string(limit)});
            r.headers.push_back({"x-rate-limit-remaining", "0"});
            r.headers.push_back(
                {"x-rate-limit-reset", std::to_string((window.reset_ms + 999) / 1000)});
        } else {
            rate_headers(r);
        }
        return r;
    }
    ++window.used;

    Response r;
    if (endpoint == "search")
        r = handle_search_recent(corpus, request.params, now_ms);
    else if (endpoint == "counts")
        r = handle_counts_recent(corpus, request.params, now_ms);
    else
        r = handle_user_by_username(corpus, request.path.substr(user_prefix.size()),
                                    request.params);
    rate_headers(r);

    apply_fault(r, fault, slow_ms);
    return r;
}

} // namespace earshot::demo
