// The demo source's Bluesky XRPC methods as pure functions: sessions with short-
// lived access tokens and single-use refresh tokens, searchPosts over the Bluesky
// side of the corpus with opaque cursors, RateLimit-* headers and 429s.
//
// Index:
// [SECTION] Tokens and sessions
// [SECTION] Rendering postViews
// [SECTION] Query matching
// [SECTION] app.bsky.feed.searchPosts
// [SECTION] Routing
#include "demo/bsky_api.hpp"

#include "demo/api_params.hpp"
#include "demo/wire_util.hpp"

#include <algorithm>
#include <climits>
#include <iterator>

namespace earshot::demo {

Response xrpc_error(int status, const std::string& error, const std::string& message) {
    Json body = {{"error", error}};
    if (!message.empty())
        body["message"] = message;
    return json_response(status, body);
}

namespace {

// [SECTION] Tokens and sessions

std::string base64url(const std::string& bytes) {
    static const char kChars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6)
            out += kChars[(v >> s) & 63];
    }
    if (i < bytes.size()) {
        uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        const int chars = i + 1 < bytes.size() ? 3 : 2;
        for (int k = 0, s = 18; k < chars; ++k, s -= 6)
            out += kChars[(v >> s) & 63];
    }
    return out;
}

/// A JWT-shaped token (the proxy treats it as opaque, as it should).
std::string mint_token(BskyState& state, const std::string& did, bool refresh, int64_t now_ms,
                       int64_t lifetime_ms) {
    const uint64_t n = ++state.issued;
    const Json header = {{"typ", refresh ? "refresh+jwt" : "at+jwt"}, {"alg", "ES256K"}};
    Json payload = {{"scope", refresh ? "com.atproto.refresh" : "com.atproto.appPass"},
                    {"sub", did},
                    {"iat", now_ms / 1000},
                    {"exp", (now_ms + lifetime_ms) / 1000},
                    {"aud", "did:web:demo.bsky.social"}};
    if (refresh)
        payload["jti"] = base32_chars(n, 77, 20);
    const std::string token = base64url(dump(header)) + "." + base64url(dump(payload)) + "." +
                              base64url(base32_chars(n, now_ms, 43));
    // A long-running demo refreshes every few minutes: forget tokens long dead.
    if (state.tokens.size() > 10'000)
        for (auto it = state.tokens.begin(); it != state.tokens.end();)
            it = now_ms - it->second.expires_ms > 3'600'000 ? state.tokens.erase(it) : std::next(it);
    state.tokens[token] = {did, now_ms + lifetime_ms, refresh};
    return token;
}

Json new_session(BskyState& state, const BskyOptions& o, const std::string& did,
                 const std::string& handle, int64_t now_ms) {
    constexpr int64_t kRefreshLifetimeMs = 90LL * 86'400'000; // bsky.social: 90 days
    return {{"did", did},
            {"handle", handle},
            {"accessJwt", mint_token(state, did, false, now_ms, o.token_ms)},
            {"refreshJwt", mint_token(state, did, true, now_ms, kRefreshLifetimeMs)},
            {"active", true}};
}

std::string account_did(const std::string& identifier) {
    return "did:plc:" + base32_chars(fnv1a(identifier), 11, 24);
}

std::string bearer(const Request& r) {
    auto it = r.headers.find("authorization");
    if (it == r.headers.end() || it->second.size() <= 7 ||
        to_lower_ascii(it->second.substr(0, 7)) != "bearer ")
        return "";
    return it->second.substr(7);
}

/// Checks a bearer token; nullopt when it is good for this use.
std::optional<Response> check_token(BskyState& state, const std::string& token, bool want_refresh,
                                    int64_t now_ms) {
    if (token.empty())
        return xrpc_error(401, "AuthenticationRequired", "Authentication Required");
    auto it = state.tokens.find(token);
    if (it == state.tokens.end())
        return xrpc_error(400, "InvalidToken", "Token could not be verified");
    if (it->second.refresh != want_refresh)
        return xrpc_error(400, "InvalidToken", "Invalid token type");
    if (now_ms >= it->second.expires_ms)
        return xrpc_error(400, "ExpiredToken",
                          want_refresh ? "Token has been revoked" : "Token has expired");
    return std::nullopt;
}

Response create_session(const BskyOptions& o, BskyState& state, const Request& r,
                        int64_t now_ms) {
    const Json in = Json::parse(r.body, nullptr, false);
    if (in.is_discarded() || !in.is_object())
        return xrpc_error(400, "InvalidRequest", "Request body must be a JSON object");
    for (const char* field : {"identifier", "password"})
        if (!in.contains(field) || !in[field].is_string())
            return xrpc_error(400, "InvalidRequest",
                              std::string("Input must have the property \"") + field + "\"");
    std::string identifier = to_lower_ascii(in["identifier"].get<std::string>());
    if (!identifier.empty() && identifier[0] == '@')
        identifier = identifier.substr(1);
    const std::string handle = to_lower_ascii(o.identifier);
    const std::string did = account_did(handle);
    const bool known = identifier == handle || identifier == did;
    if (!known || in["password"].get<std::string>() != o.password)
        return xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password");
    // An account with email two-factor: the demo's way to show that answer.
    if (handle.rfind("2fa.", 0) == 0 && !in.contains("authFactorToken"))
        return xrpc_error(401, "AuthFactorTokenRequired",
                          "A sign in code has been sent to your email address");
    return json_response(200, new_session(state, o, did, handle, now_ms));
}

Response refresh_session(const BskyOptions& o, BskyState& state, const Request& r,
                         int64_t now_ms) {
    const std::string token = bearer(r);
    if (auto bad = check_token(state, token, true, now_ms))
        return *bad;
    const std::string did = state.tokens[token].did;
    // A refresh token works once: the old one is revoked when the new pair is issued.
    state.tokens[token].expires_ms = now_ms;
    return json_response(200, new_session(state, o, did, to_lower_ascii(o.identifier), now_ms));
}

// [SECTION] Rendering postViews

std::string blob_cid(uint64_t seed) {
    return "bafkrei" + base32_chars(seed, 31, 52);
}

Json author_view(const BskyCorpus& b, size_t user) {
    const BskyAccount& a = b.accounts[user];
    return {{"did", a.did},
            {"handle", a.handle},
            {"displayName", a.display_name},
            {"avatar", a.avatar},
            {"viewer", {{"muted", false}, {"blockedBy", false}}},
            {"labels", Json::array()},
            {"createdAt", iso8601_ms(a.created_ms)}};
}

Json strong_ref(const BskyPost& p) {
    return {{"cid", p.cid}, {"uri", p.uri}};
}

Json facet_json(const BskyPost::Facet& f) {
    Json feature;
    switch (f.kind) {
    case Segment::Kind::Link:
        feature = {{"$type", "app.bsky.richtext.facet#link"}, {"uri", f.value}};
        break;
    case Segment::Kind::Mention:
        feature = {{"$type", "app.bsky.richtext.facet#mention"}, {"did", f.value}};
        break;
    default:
        feature = {{"$type", "app.bsky.richtext.facet#tag"}, {"tag", f.value}};
        break;
    }
    return {{"features", Json::array({feature})},
            {"index", {{"byteEnd", f.byte_end}, {"byteStart", f.byte_start}}}};
}

/// The images embed: what the record stores and what the view shows.
void images_embed(const Corpus& c, const BskyPost& p, Json& record, Json& view) {
    const std::string& did = c.bsky->accounts[p.author].did;
    Json rec = Json::array(), shown = Json::array();
    for (size_t m : p.media) {
        const DemoMedia& media = c.media[m];
        const std::string cid = blob_cid(fnv1a(media.media_key));
        const Json ratio = {{"height", media.height}, {"width", media.width}};
        rec.push_back({{"alt", media.alt_text},
                       {"aspectRatio", ratio},
                       {"image",
                        {{"$type", "blob"},
                         {"ref", {{"$link", cid}}},
                         {"mimeType", "image/jpeg"},
                         {"size", 90'000 + fnv1a(cid) % 400'000}}}});
        shown.push_back(
            {{"thumb", "https://cdn.bsky.app/img/feed_thumbnail/plain/" + did + "/" + cid + "@jpeg"},
             {"fullsize",
              "https://cdn.bsky.app/img/feed_fullsize/plain/" + did + "/" + cid + "@jpeg"},
             {"alt", media.alt_text},
             {"aspectRatio", ratio}});
    }
    record = {{"$type", "app.bsky.embed.images"}, {"images", rec}};
    view = {{"$type", "app.bsky.embed.images#view"}, {"images", shown}};
}

Json record_json(const Corpus& c, const BskyPost& p, bool with_embed);

Json embed_record(const Corpus& c, const BskyPost& p) {
    const BskyCorpus& b = *c.bsky;
    Json record, view;
    if (p.quoted) {
        const BskyPost& q = b.posts[*p.quoted];
        const Json ref = {{"$type", "app.bsky.embed.record"}, {"record", strong_ref(q)}};
        if (p.media.empty())
            return ref;
        Json media_view;
        images_embed(c, p, record, media_view);
        return {{"$type", "app.bsky.embed.recordWithMedia"}, {"record", ref}, {"media", record}};
    }
    if (!p.media.empty()) {
        images_embed(c, p, record, view);
        return record;
    }
    if (!p.external_uri.empty())
        return {{"$type", "app.bsky.embed.external"},
                {"external",
                 {{"description", p.external_description},
                  {"title", p.external_title},
                  {"uri", p.external_uri}}}};
    return nullptr;
}

Json embed_view(const Corpus& c, const BskyPost& p) {
    const BskyCorpus& b = *c.bsky;
    Json record, view;
    if (p.quoted) {
        const BskyPost& q = b.posts[*p.quoted];
        Json quoted = {{"$type", "app.bsky.embed.record#viewRecord"},
                       {"uri", q.uri},
                       {"cid", q.cid},
                       {"author", author_view(b, q.author)},
                       {"value", record_json(c, q, true)},
                       {"labels", Json::array()},
                       {"likeCount", q.likes},
                       {"replyCount", q.extra_replies},
                       {"repostCount", q.reposts},
                       {"quoteCount", q.extra_quotes},
                       {"indexedAt", iso8601_ms(q.created_ms + 250)}};
        const Json record_view = {{"$type", "app.bsky.embed.record#view"}, {"record", quoted}};
        if (p.media.empty())
            return record_view;
        images_embed(c, p, record, view);
        return {{"$type", "app.bsky.embed.recordWithMedia#view"},
                {"record", record_view},
                {"media", view}};
    }
    if (!p.media.empty()) {
        images_embed(c, p, record, view);
        return view;
    }
    if (!p.external_uri.empty())
        return {{"$type", "app.bsky.embed.external#view"},
                {"external",
                 {{"uri", p.external_uri},
                  {"title", p.external_title},
                  {"description", p.external_description},
                  {"thumb", "https://cdn.bsky.app/img/feed_thumbnail/plain/" +
                                b.accounts[p.author].did + "/" + blob_cid(fnv1a(p.external_uri)) +
                                "@jpeg"}}}};
    return nullptr;
}

Json record_json(const Corpus& c, const BskyPost& p, bool with_embed) {
    const BskyCorpus& b = *c.bsky;
    Json r = {{"$type", "app.bsky.feed.post"}, {"createdAt", iso8601_ms(p.created_ms)}};
    if (with_embed)
        if (Json e = embed_record(c, p); !e.is_null())
            r["embed"] = e;
    if (!p.facets.empty()) {
        Json facets = Json::array();
        for (const auto& f : p.facets)
            facets.push_back(facet_json(f));
        r["facets"] = facets;
    }
    if (!p.lang.empty())
        r["langs"] = Json::array({p.lang});
    if (p.reply_parent)
        r["reply"] = {{"parent", strong_ref(b.posts[*p.reply_parent])},
                      {"root", strong_ref(b.posts[*p.reply_root])}};
    r["text"] = p.text;
    return r;
}

/// Children visible at now_ms (the corpus holds posts from the future too).
int64_t visible_count(const BskyCorpus& b, const std::vector<size_t>& children, int64_t now_ms) {
    int64_t n = 0;
    for (size_t i : children)
        n += b.posts[i].created_ms <= now_ms;
    return n;
}

Json post_view(const Corpus& c, size_t index, int64_t now_ms) {
    const BskyCorpus& b = *c.bsky;
    const BskyPost& p = b.posts[index];
    Json v = {{"uri", p.uri},
              {"cid", p.cid},
              {"author", author_view(b, p.author)},
              {"record", record_json(c, p, true)}};
    if (Json e = embed_view(c, p); !e.is_null())
        v["embed"] = e;
    v["replyCount"] = p.extra_replies + visible_count(b, b.replies[index], now_ms);
    v["repostCount"] = p.reposts;
    v["likeCount"] = p.likes;
    v["quoteCount"] = p.extra_quotes + visible_count(b, b.quotes[index], now_ms);
    v["indexedAt"] = iso8601_ms(p.created_ms + 250);
    v["viewer"] = {{"threadMuted", false}, {"embeddingDisabled", false}};
    v["labels"] = Json::array();
    return v;
}

// [SECTION] Query matching

/// What a searchPosts request asks for, from q and the separate parameters.
struct BskyQuery {
    std::vector<std::string> words, phrases, excluded; ///< lower case
    std::vector<std::string> authors, mentions;        ///< dids
    std::vector<std::string> tags;                     ///< lower case, without '#'
    std::string lang, domain, url;
    std::optional<int64_t> since, until;
    bool impossible = false; ///< names an account that does not exist
};

/// A handle or did to a did; "" when no such account.
std::string resolve_actor(const BskyCorpus& b, std::string actor) {
    actor = to_lower_ascii(actor);
    if (!actor.empty() && actor[0] == '@')
        actor = actor.substr(1);
    if (actor.rfind("did:", 0) == 0)
        return b.user_by_did.count(actor) ? actor : "";
    auto it = b.user_by_handle.find(actor);
    return it == b.user_by_handle.end() ? "" : b.accounts[it->second].did;
}

/// ISO datetime or YYYY-MM-DD.
std::optional<int64_t> parse_when(const std::string& s) {
    if (s.size() == 10)
        return parse_iso8601_ms(s + "T00:00:00Z");
    return parse_iso8601_ms(s);
}

std::string host_of(const std::string& url) {
    const size_t s = url.find("//");
    std::string h = url.substr(s == std::string::npos ? 0 : s + 2);
    h = to_lower_ascii(h.substr(0, h.find('/')));
    return h.rfind("www.", 0) == 0 ? h.substr(4) : h;
}

void add_actor(const BskyCorpus& b, const std::string& actor, std::vector<std::string>& out,
               bool& impossible) {
    const std::string did = resolve_actor(b, actor);
    if (did.empty())
        impossible = true;
    else
        out.push_back(did);
}

/// Reads q: words, "quoted phrases", -excluded, #tags and from:/mentions:/lang:/
/// domain:/since:/until: operators, as Bluesky's search box does.
std::optional<std::string> read_q(const BskyCorpus& b, const std::string& q, BskyQuery& out) {
    size_t i = 0;
    while (i < q.size()) {
        if (q[i] == ' ') {
            ++i;
            continue;
        }
        if (q[i] == '"') {
            const size_t end = q.find('"', i + 1);
            if (end == std::string::npos)
                return "Error: unbalanced quote in q";
            const std::string phrase = to_lower_ascii(q.substr(i + 1, end - i - 1));
            if (!phrase.empty())
                out.phrases.push_back(phrase);
            i = end + 1;
            continue;
        }
        size_t end = q.find(' ', i);
        if (end == std::string::npos)
            end = q.size();
        const std::string token = q.substr(i, end - i);
        i = end;
        const size_t colon = token.find(':');
        const std::string op = colon == std::string::npos ? "" : token.substr(0, colon);
        const std::string value = colon == std::string::npos ? "" : token.substr(colon + 1);
        if (op == "from")
            add_actor(b, value, out.authors, out.impossible);
        else if (op == "mentions")
            add_actor(b, value, out.mentions, out.impossible);
        else if (op == "lang")
            out.lang = to_lower_ascii(value);
        else if (op == "domain")
            out.domain = to_lower_ascii(value);
        else if (op == "since" || op == "until") {
            const auto t = parse_when(value);
            if (!t)
                return "Error: " + op + " must be a valid datetime or date";
            (op == "since" ? out.since : out.until) = t;
        } else if (token[0] == '#' && token.size() > 1)
            out.tags.push_back(to_lower_ascii(token.substr(1)));
        else if (token[0] == '-' && token.size() > 1)
            out.excluded.push_back(to_lower_ascii(token.substr(1)));
        else
            out.words.push_back(to_lower_ascii(token));
    }
    return std::nullopt;
}

bool matches(const BskyPost& p, const BskyCorpus& b, const BskyQuery& q) {
    for (const auto& w : q.words)
        if (!contains_word(p.lower_text, w))
            return false;
    for (const auto& w : q.phrases)
        if (p.lower_text.find(w) == std::string::npos)
            return false;
    for (const auto& w : q.excluded)
        if (contains_word(p.lower_text, w))
            return false;
    for (const auto& t : q.tags)
        if (std::find(p.tags.begin(), p.tags.end(), t) == p.tags.end())
            return false;
    if (!q.authors.empty() && std::find(q.authors.begin(), q.authors.end(),
                                        b.accounts[p.author].did) == q.authors.end())
        return false;
    for (const auto& m : q.mentions)
        if (std::find(p.mention_dids.begin(), p.mention_dids.end(), m) == p.mention_dids.end())
            return false;
    if (!q.lang.empty() && p.lang != q.lang)
        return false;
    if (!q.domain.empty() &&
        std::none_of(p.links.begin(), p.links.end(),
                     [&](const std::string& l) { return host_of(l) == q.domain; }))
        return false;
    if (!q.url.empty() && std::find(p.links.begin(), p.links.end(), q.url) == p.links.end())
        return false;
    if (q.since && p.created_ms < *q.since)
        return false;
    if (q.until && p.created_ms >= *q.until)
        return false;
    return true;
}

/// Cursor: "where to continue", tied to the query so it cannot be reused elsewhere.
std::string encode_cursor(char sort, size_t position, const std::string& fingerprint) {
    return base32hex_encode(std::string(1, sort) + std::to_string(position) + ":" + fingerprint);
}

std::optional<size_t> decode_cursor(const std::string& cursor, char sort,
                                    const std::string& fingerprint) {
    const auto raw = base32hex_decode(cursor);
    if (!raw || raw->size() < 3 || (*raw)[0] != sort)
        return std::nullopt;
    const size_t colon = raw->find(':');
    if (colon == std::string::npos || raw->substr(colon + 1) != fingerprint)
        return std::nullopt;
    const auto n = parse_id(raw->substr(1, colon - 1));
    if (!n)
        return std::nullopt;
    return static_cast<size_t>(*n);
}

} // namespace

// [SECTION] app.bsky.feed.searchPosts

Response handle_bsky_search(const Corpus& c, const Params& params, int64_t now_ms) {
    const BskyCorpus& b = *c.bsky;
    const auto q = param(params, "q");
    if (!q || q->find_first_not_of(' ') == std::string::npos)
        return xrpc_error(400, "InvalidRequest", "Error: Params must have the property \"q\"");
    int limit = 25;
    if (const auto v = param(params, "limit")) {
        const auto n = parse_id(*v);
        if (!n)
            return xrpc_error(400, "InvalidRequest", "Error: limit must be an integer");
        if (*n < 1)
            return xrpc_error(400, "InvalidRequest",
                              "Error: limit must be greater than or equal to 1");
        if (*n > 100)
            return xrpc_error(400, "InvalidRequest",
                              "Error: limit must be less than or equal to 100");
        limit = static_cast<int>(*n);
    }
    const std::string sort = param(params, "sort").value_or("latest");
    if (sort != "latest" && sort != "top")
        return xrpc_error(400, "InvalidRequest", "Error: sort must be one of (latest|top)");

    BskyQuery query;
    if (auto error = read_q(b, *q, query))
        return xrpc_error(400, "BadQueryString", *error);
    std::string fingerprint_source = *q;
    for (const auto& [k, v] : params) {
        if (k == "cursor" || k == "limit" || k == "demo_fault")
            continue;
        fingerprint_source += "\n" + k + "=" + v;
        if (k == "author")
            add_actor(b, v, query.authors, query.impossible);
        else if (k == "mentions")
            add_actor(b, v, query.mentions, query.impossible);
        else if (k == "lang")
            query.lang = to_lower_ascii(v);
        else if (k == "domain")
            query.domain = to_lower_ascii(v);
        else if (k == "url")
            query.url = v;
        else if (k == "tag" || k == "tag[]")
            query.tags.push_back(to_lower_ascii(v[0] == '#' ? v.substr(1) : v));
        else if (k == "since" || k == "until") {
            const auto t = parse_when(v);
            if (!t)
                return xrpc_error(400, "InvalidRequest",
                                  "Error: " + k + " must be a valid datetime or date");
            (k == "since" ? query.since : query.until) = t;
        }
    }
    const std::string fingerprint = base32hex_encode(std::to_string(fnv1a(fingerprint_source)));
    const char sort_key = sort == "latest" ? 'l' : 't';
    std::optional<size_t> position;
    if (const auto cursor = param(params, "cursor"); cursor && !cursor->empty()) {
        position = decode_cursor(*cursor, sort_key, fingerprint);
        if (!position)
            return xrpc_error(400, "InvalidRequest", "Error: cursor is not valid for this search");
    }

    // Every match visible now, newest first (a search on a week of one town is small).
    const auto visible =
        std::upper_bound(b.posts.begin(), b.posts.end(), now_ms,
                         [](int64_t t, const BskyPost& p) { return t < p.created_ms; }) -
        b.posts.begin();
    std::vector<size_t> hits;
    if (!query.impossible)
        for (size_t i = static_cast<size_t>(visible); i-- > 0;)
            if (matches(b.posts[i], b, query))
                hits.push_back(i);
    size_t from = 0;
    if (sort_key == 't') {
        std::stable_sort(hits.begin(), hits.end(),
                         [&](size_t x, size_t y) { return b.posts[x].likes > b.posts[y].likes; });
        from = position.value_or(0);
    } else if (position) {
        // Continue below the last post sent, so posts arriving meanwhile shift nothing.
        from = static_cast<size_t>(
            std::find_if(hits.begin(), hits.end(), [&](size_t i) { return i < *position; }) -
            hits.begin());
    }
    Json posts = Json::array();
    size_t next = from;
    for (; next < hits.size() && static_cast<int>(posts.size()) < limit; ++next)
        posts.push_back(post_view(c, hits[next], now_ms));
    Json body = {{"posts", posts}};
    if (next < hits.size())
        body["cursor"] =
            encode_cursor(sort_key, sort_key == 't' ? next : hits[next - 1], fingerprint);
    return json_response(200, body);
}

// [SECTION] Routing

Response handle_bsky_request(const Corpus& c, const BskyOptions& o, BskyState& state,
                             const Request& request, int64_t now_ms, Fault fault) {
    static const std::string prefix = "/xrpc/";
    const std::string method = request.path.substr(prefix.size());
    const bool search = method == "app.bsky.feed.searchPosts";
    const bool create = method == "com.atproto.server.createSession";
    const bool refresh = method == "com.atproto.server.refreshSession";
    if (!search && !create && !refresh)
        return xrpc_error(501, "MethodNotImplemented", "Method Not Implemented");
    const char* wanted = search ? "GET" : "POST";
    if (request.method != wanted)
        return xrpc_error(400, "InvalidRequest",
                          "Incorrect HTTP method (" + request.method + ") expected " + wanted);

    if (fault == Fault::Unavailable) {
        Response r = xrpc_error(503, "UpstreamFailure", "Upstream service unavailable");
        r.fault = "503";
        return r;
    }
    if (search)
        if (auto bad = check_token(state, bearer(request), false, now_ms))
            return *bad;

    // createSession has its own, much smaller budget (30 per 5 minutes).
    RateWindow& window = state.windows[create ? "session" : "search"];
    if (window.reset_ms == 0 || now_ms >= window.reset_ms)
        window = {0, now_ms + o.window_ms};
    const int limit = create ? o.session_limit : o.search_limit;
    auto rate_headers = [&](Response& r) {
        r.headers.push_back({"RateLimit-Limit", std::to_string(limit)});
        r.headers.push_back(
            {"RateLimit-Remaining", std::to_string(std::max(0, limit - window.used))});
        r.headers.push_back({"RateLimit-Reset", std::to_string((window.reset_ms + 999) / 1000)});
        r.headers.push_back(
            {"RateLimit-Policy", std::to_string(limit) + ";w=" + std::to_string(o.window_ms / 1000)});
    };
    if (fault == Fault::RateLimited || window.used >= limit) {
        Response r = xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded");
        if (fault == Fault::RateLimited) {
            // An injected 429 says "none left" without spending the real budget.
            r.fault = "429";
            r.headers = {{"RateLimit-Limit", std::to_string(limit)},
                         {"RateLimit-Remaining", "0"},
                         {"RateLimit-Reset", std::to_string((window.reset_ms + 999) / 1000)},
                         {"RateLimit-Policy", std::to_string(limit) + ";w=" +
                                                  std::to_string(o.window_ms / 1000)}};
            return r;
        }
        rate_headers(r);
        return r;
    }
    ++window.used;

    Response r = search   ? handle_bsky_search(c, request.params, now_ms)
                 : create ? create_session(o, state, request, now_ms)
                          : refresh_session(o, state, request, now_ms);
    rate_headers(r);
    return r;
}

} // namespace earshot::demo
