// Tests of the demo source's Bluesky (pure functions, no sockets): sessions,
// expiry and refresh, facets' byte ranges, searchPosts matching and cursor paging,
// rate limits, and the postView shape of the recorded f_search.json.
#include "demo_fixture.hpp"

#include "demo/bsky_api.hpp"
#include "demo/wire_util.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>

using namespace earshot::demo;
using namespace earshot::demo::test;
using nlohmann::json;

namespace {
const std::string kSearch = "/xrpc/app.bsky.feed.searchPosts";
const std::string kCreate = "/xrpc/com.atproto.server.createSession";
const std::string kRefresh = "/xrpc/com.atproto.server.refreshSession";

Response call(const std::string& method, const std::string& path, const Params& params,
              ServerState& state, int64_t now, const std::string& token = "",
              const std::string& post_body = "", const ServerOptions& options = {}) {
    Request r;
    r.method = method;
    r.path = path;
    r.params = params;
    r.body = post_body;
    if (!token.empty())
        r.headers["authorization"] = "Bearer " + token;
    return handle_request(corpus(), options, state, r, now);
}

json sign_in(ServerState& state, int64_t now, const ServerOptions& options = {}) {
    const Response r = call("POST", kCreate, {}, state, now, "",
                            R"({"identifier":"demo.bsky.social","password":"demo-app-password"})",
                            options);
    REQUIRE(r.status == 200);
    return body(r);
}

std::vector<json> search_all(Params params, int64_t now, int* pages = nullptr) {
    ServerState state;
    const std::string token = sign_in(state, now)["accessJwt"];
    std::vector<json> posts;
    for (int page = 0; page < 1000; ++page) {
        const Response r = call("GET", kSearch, params, state, now, token);
        REQUIRE(r.status == 200);
        const json b = body(r);
        for (const auto& p : b["posts"])
            posts.push_back(p);
        if (pages)
            *pages = page + 1;
        if (!b.contains("cursor"))
            break;
        params.erase(std::remove_if(params.begin(), params.end(),
                                    [](const auto& kv) { return kv.first == "cursor"; }),
                     params.end());
        params.emplace_back("cursor", b["cursor"].get<std::string>());
    }
    return posts;
}

/// The bytes a facet covers must be exactly the link's shown text, "@handle" or "#tag".
void check_facets(const json& record, const std::map<std::string, std::string>& handle_of_did,
                  int& non_ascii_before) {
    const std::string text = record["text"];
    for (const auto& f : record.value("facets", json::array())) {
        const size_t start = f["index"]["byteStart"], end = f["index"]["byteEnd"];
        REQUIRE(start < end);
        REQUIRE(end <= text.size());
        const std::string slice = text.substr(start, end - start);
        const json& feature = f["features"][0];
        const std::string type = feature["$type"];
        if (type == "app.bsky.richtext.facet#link") {
            std::string shown = slice;
            if (shown.size() > 3 && shown.compare(shown.size() - 3, 3, "...") == 0)
                shown.resize(shown.size() - 3);
            CHECK(feature["uri"].get<std::string>().find(shown) != std::string::npos);
            CHECK(feature["uri"].get<std::string>().rfind("https://", 0) == 0);
        } else if (type == "app.bsky.richtext.facet#mention") {
            CHECK(slice == "@" + handle_of_did.at(feature["did"].get<std::string>()));
        } else {
            REQUIRE(type == "app.bsky.richtext.facet#tag");
            CHECK(slice == "#" + feature["tag"].get<std::string>());
        }
        // The case that code-point offsets would get wrong.
        if (utf8_length(text.substr(0, start)) != start)
            ++non_ascii_before;
    }
}

std::map<std::string, std::string> handles() {
    std::map<std::string, std::string> out;
    for (const auto& a : corpus().bsky->accounts)
        if (!a.did.empty())
            out[a.did] = a.handle;
    return out;
}
} // namespace

TEST_CASE("bsky: a wrong password or identifier is AuthenticationRequired", "[demo][bsky]") {
    ServerState state;
    for (const char* in : {R"({"identifier":"demo.bsky.social","password":"wrong"})",
                           R"({"identifier":"someone.bsky.social","password":"demo-app-password"})"}) {
        const Response r = call("POST", kCreate, {}, state, kNow, "", in);
        CHECK(r.status == 401);
        CHECK(body(r) == json::parse(
                             R"({"error":"AuthenticationRequired","message":"Invalid identifier or password"})"));
    }
    const Response missing = call("POST", kCreate, {}, state, kNow, "", R"({"identifier":"x"})");
    CHECK(missing.status == 400);
    CHECK(body(missing)["error"] == "InvalidRequest");
    CHECK(call("POST", kCreate, {}, state, kNow, "", "not json").status == 400);
    // A handle typed with '@' and in capitals still signs in.
    CHECK(call("POST", kCreate, {}, state, kNow, "",
               R"({"identifier":"@Demo.Bsky.Social","password":"demo-app-password"})")
              .status == 200);
    ServerOptions two_factor;
    two_factor.bsky.identifier = "2fa.demo.bsky.social";
    const Response code = call("POST", kCreate, {}, state, kNow, "",
                               R"({"identifier":"2fa.demo.bsky.social","password":"demo-app-password"})",
                               two_factor);
    CHECK(code.status == 401);
    CHECK(body(code)["error"] == "AuthFactorTokenRequired");
}

TEST_CASE("bsky: access tokens expire; a refreshed pair works, the old refresh token does not",
          "[demo][bsky]") {
    ServerState state;
    const json session = sign_in(state, kNow);
    CHECK(session["did"].get<std::string>().rfind("did:plc:", 0) == 0);
    CHECK(session["handle"] == "demo.bsky.social");
    CHECK(session["active"] == true);
    const std::string access = session["accessJwt"], refresh = session["refreshJwt"];
    CHECK(std::count(access.begin(), access.end(), '.') == 2);
    const Params q = {{"q", "coffee"}};
    CHECK(call("GET", kSearch, q, state, kNow + 1000, access).status == 200);
    const int64_t later = kNow + BskyOptions{}.token_ms;
    const Response expired = call("GET", kSearch, q, state, later, access);
    CHECK(expired.status == 400);
    CHECK(body(expired) == json::parse(R"({"error":"ExpiredToken","message":"Token has expired"})"));
    // The access token is not a refresh token, and no token at all is 401.
    CHECK(body(call("POST", kRefresh, {}, state, later, access))["error"] == "InvalidToken");
    CHECK(call("GET", kSearch, q, state, later).status == 401);
    CHECK(body(call("GET", kSearch, q, state, later, "garbage"))["error"] == "InvalidToken");

    const Response refreshed = call("POST", kRefresh, {}, state, later, refresh);
    REQUIRE(refreshed.status == 200);
    const json pair = body(refreshed);
    CHECK(pair["did"] == session["did"]);
    CHECK(pair["accessJwt"] != access);
    CHECK(pair["refreshJwt"] != refresh);
    CHECK(call("GET", kSearch, q, state, later, pair["accessJwt"]).status == 200);
    const Response reused = call("POST", kRefresh, {}, state, later + 1, refresh);
    CHECK(reused.status == 400);
    CHECK(body(reused)["error"] == "ExpiredToken");
    // A GET to a POST method, an unknown method.
    CHECK(call("GET", kCreate, {}, state, later).status == 400);
    CHECK(body(call("GET", "/xrpc/app.bsky.feed.getTimeline", {}, state, later))["error"] ==
          "MethodNotImplemented");
}

TEST_CASE("bsky: facet byte ranges slice exactly the link, mention or tag", "[demo][bsky]") {
    const auto dids = handles();
    int non_ascii_before = 0, facets = 0;
    // Every post on the Bluesky side, through the same renderer search uses.
    for (const char* q : {"the", "a", "harbour", "coffee", "brighton", "#HarbourBeanThrowdown"}) {
        for (const auto& p : search_all({{"q", q}, {"limit", "100"}}, kNow)) {
            check_facets(p["record"], dids, non_ascii_before);
            facets += static_cast<int>(p["record"].value("facets", json::array()).size());
            if (p.contains("embed") && p["embed"]["$type"] == "app.bsky.embed.record#view")
                check_facets(p["embed"]["record"]["value"], dids, non_ascii_before);
        }
    }
    CHECK(facets > 300);
    CHECK(non_ascii_before > 20);
    // And directly on the stored posts, all of them.
    const BskyCorpus& b = *corpus().bsky;
    for (const auto& p : b.posts)
        for (const auto& f : p.facets) {
            REQUIRE(f.byte_end <= p.text.size());
            const std::string slice = p.text.substr(f.byte_start, f.byte_end - f.byte_start);
            if (f.kind == Segment::Kind::Tag)
                CHECK(slice == "#" + f.value);
            else if (f.kind == Segment::Kind::Mention)
                CHECK(slice == "@" + dids.at(f.value));
        }
}

TEST_CASE("bsky: cursor paging returns every match exactly once, newest first", "[demo][bsky]") {
    // Brute force over the stored posts: every visible post containing the word.
    const BskyCorpus& b = *corpus().bsky;
    std::vector<std::string> expected;
    for (size_t i = b.posts.size(); i-- > 0;)
        if (b.posts[i].created_ms <= kNow && contains_word(b.posts[i].lower_text, "coffee"))
            expected.push_back(b.posts[i].uri);
    REQUIRE(expected.size() > 150);
    int pages = 0;
    std::vector<std::string> got;
    for (const auto& p : search_all({{"q", "coffee"}, {"limit", "17"}}, kNow, &pages))
        got.push_back(p["uri"]);
    CHECK(pages > 8);
    CHECK(got == expected);
    std::vector<std::string> top;
    for (const auto& p : search_all({{"q", "Coffee"}, {"sort", "top"}, {"limit", "100"}}, kNow))
        top.push_back(p["uri"]);
    CHECK(std::set<std::string>(top.begin(), top.end()) ==
          std::set<std::string>(expected.begin(), expected.end()));
    CHECK(top.size() == expected.size());

    ServerState state;
    const std::string token = sign_in(state, kNow)["accessJwt"];
    const json first = body(call("GET", kSearch, {{"q", "coffee"}, {"limit", "10"}}, state, kNow, token));
    const std::string cursor = first["cursor"];
    // Posts arriving later do not shift the next page (a new session: tokens expire).
    const int64_t later = kNow + 30 * kMinute;
    const json next = body(call("GET", kSearch, {{"q", "coffee"}, {"limit", "10"}, {"cursor", cursor}},
                                state, later, sign_in(state, later)["accessJwt"]));
    CHECK(next["posts"][0]["uri"] == expected[10]);
    // A cursor belongs to its search.
    const Response other =
        call("GET", kSearch, {{"q", "tea"}, {"cursor", cursor}}, state, kNow + 1, token);
    CHECK(other.status == 400);
    CHECK(body(other)["error"] == "InvalidRequest");
}

TEST_CASE("bsky: searchPosts parameters narrow the results", "[demo][bsky]") {
    const BskyCorpus& b = *corpus().bsky;
    const auto& kate = b.accounts[corpus().user_by_username.at("kemptownkate")];
    for (const auto& p : search_all({{"q", "from:" + kate.handle + " oat"}}, kNow))
        CHECK(p["author"]["did"] == kate.did);
    for (const auto& p : search_all({{"q", "oat"}, {"author", kate.did}}, kNow))
        CHECK(p["author"]["handle"] == kate.handle);
    const auto fr = search_all({{"q", "le"}, {"lang", "fr"}}, kNow);
    CHECK(!fr.empty());
    for (const auto& p : fr)
        CHECK(p["record"]["langs"] == json::array({"fr"}));
    const auto tagged = search_all({{"q", "throwdown"}, {"tag", "HarbourBeanThrowdown"}}, kNow);
    CHECK(tagged.size() > 5);
    for (const auto& p : tagged)
        CHECK(p["record"]["text"].get<std::string>().find("#HarbourBeanThrowdown") != std::string::npos);
    const auto mention = search_all({{"q", "harbourbean"}, {"mentions", "harbourbean.co.uk"}}, kNow);
    CHECK(!mention.empty());
    for (const auto& p : mention)
        CHECK(p["record"]["text"].get<std::string>().find("@harbourbean.co.uk") != std::string::npos);
    const std::string since = iso8601_ms(kNow - 86'400'000), until = iso8601_ms(kNow - 3'600'000);
    const auto day = search_all({{"q", "coffee"}, {"since", since}, {"until", until}}, kNow);
    CHECK(!day.empty());
    for (const auto& p : day) {
        CHECK(p["record"]["createdAt"].get<std::string>() >= since);
        CHECK(p["record"]["createdAt"].get<std::string>() < until);
    }
    const auto phrase = search_all({{"q", "\"oat milk\""}}, kNow);
    CHECK(!phrase.empty());
    for (const auto& p : phrase)
        CHECK(to_lower_ascii(p["record"]["text"].get<std::string>()).find("oat milk") != std::string::npos);
    CHECK(search_all({{"q", "coffee"}, {"author", "nobody.bsky.social"}}, kNow).empty());
    ServerState state;
    const std::string token = sign_in(state, kNow)["accessJwt"];
    for (const Params& bad : {Params{{"q", "coffee"}, {"limit", "101"}}, Params{{"limit", "5"}},
                              Params{{"q", "coffee"}, {"since", "yesterday"}}}) {
        const Response r = call("GET", kSearch, bad, state, kNow, token);
        CHECK(r.status == 400);
        CHECK(body(r)["error"] == "InvalidRequest");
    }
}

TEST_CASE("bsky: posts have Bluesky's shapes: replies, embeds, no reposts", "[demo][bsky]") {
    std::map<std::string, int> embeds;
    int replies = 0, custom_domain = 0;
    const auto posts = search_all({{"q", "the"}, {"limit", "100"}}, kNow);
    std::set<std::string> uris;
    for (const auto& p : search_all({{"q", "a"}, {"limit", "100"}}, kNow))
        uris.insert(p["uri"].get<std::string>());
    for (const auto& p : posts) {
        const std::string uri = p["uri"];
        const std::string did = p["author"]["did"];
        CHECK(uri.rfind("at://" + did + "/app.bsky.feed.post/", 0) == 0);
        CHECK(uri.size() == std::string("at://" + did + "/app.bsky.feed.post/").size() + 13);
        CHECK(p["cid"].get<std::string>().rfind("bafyrei", 0) == 0);
        CHECK(p["record"]["$type"] == "app.bsky.feed.post");
        CHECK(p["record"]["text"].get<std::string>().rfind("RT @", 0) != 0);
        const std::string handle = p["author"]["handle"];
        custom_domain += handle.find(".bsky.social") == std::string::npos;
        if (p.contains("embed"))
            ++embeds[p["embed"]["$type"].get<std::string>()];
        if (p["record"].contains("reply")) {
            ++replies;
            CHECK(p["record"]["reply"]["parent"]["uri"].get<std::string>().rfind("at://", 0) == 0);
            CHECK(p["record"]["reply"]["root"]["cid"].is_string());
        }
        for (const char* k : {"replyCount", "repostCount", "likeCount", "quoteCount"})
            CHECK(p[k].get<int64_t>() >= 0);
    }
    CHECK(replies > 10);
    CHECK(custom_domain > 0);
    CHECK(embeds["app.bsky.embed.external#view"] > 5);
    CHECK(embeds["app.bsky.embed.images#view"] > 5);
    CHECK(embeds["app.bsky.embed.record#view"] + embeds["app.bsky.embed.recordWithMedia#view"] > 0);

    // Every key of the recorded response's posts exists in ours (ours may omit
    // optional ones the recording happens to have, like "associated").
    std::ifstream in(std::string(EARSHOT_FIXTURES) + "/bluesky/f_search.json");
    REQUIRE(in);
    const json recording = json::parse(in, nullptr, false);
    REQUIRE(!recording.is_discarded());
    const json& real = recording["interactions"][0]["body"]["posts"][0];
    for (const char* k : {"uri", "cid", "author", "record", "replyCount", "repostCount", "likeCount",
                          "quoteCount", "indexedAt", "viewer", "labels"}) {
        CHECK(real.contains(k));
        CHECK(posts.front().contains(k));
    }
    for (const char* k : {"did", "handle", "displayName", "avatar", "createdAt"})
        CHECK(posts.front()["author"].contains(k) == real["author"].contains(k));
}

TEST_CASE("bsky: 429 RateLimitExceeded with RateLimit-* headers after the budget", "[demo][bsky]") {
    ServerOptions options;
    options.bsky.search_limit = 3;
    ServerState state;
    const std::string token = sign_in(state, kNow, options)["accessJwt"];
    for (int i = 0; i < 3; ++i) {
        const Response r = call("GET", kSearch, {{"q", "coffee"}}, state, kNow + i, token, "", options);
        REQUIRE(r.status == 200);
        CHECK(header(r, "RateLimit-Limit") == "3");
        CHECK(header(r, "RateLimit-Remaining") == std::to_string(2 - i));
        CHECK(header(r, "RateLimit-Policy") == "3;w=300");
    }
    const Response limited = call("GET", kSearch, {{"q", "coffee"}}, state, kNow + 5, token, "", options);
    CHECK(limited.status == 429);
    CHECK(body(limited)["error"] == "RateLimitExceeded");
    CHECK(header(limited, "RateLimit-Remaining") == "0");
    const int64_t reset = std::stoll(header(limited, "RateLimit-Reset"));
    CHECK(reset == (kNow + 300'000 + 999) / 1000);
    // After the reset a fresh token (the old one expired) searches again.
    const int64_t after = reset * 1000 + 1;
    const std::string fresh = sign_in(state, after, options)["accessJwt"];
    CHECK(call("GET", kSearch, {{"q", "coffee"}}, state, after, fresh, "", options).status == 200);
    // An injected 429 does not spend the budget.
    Request r;
    r.path = kSearch;
    r.params = {{"q", "coffee"}, {"demo_fault", "429"}};
    r.headers["authorization"] = "Bearer " + fresh;
    CHECK(handle_request(corpus(), options, state, r, after).status == 429);
    CHECK(call("GET", kSearch, {{"q", "coffee"}}, state, after, fresh, "", options).status == 200);
}

namespace {
const std::string kLexicons = std::string(EARSHOT_FIXTURES) + "/bluesky/lexicons/";

/// "app.bsky.embed.images#view" → that def of the stored lexicon (null when not stored).
json lexicon_def(const std::string& ref, const std::string& current_nsid) {
    const size_t hash = ref.find('#');
    std::string nsid = hash == 0 ? current_nsid : ref.substr(0, hash);
    const std::string def = hash == std::string::npos ? "main" : ref.substr(hash + 1);
    std::string path = nsid;
    std::replace(path.begin(), path.end(), '.', '/');
    std::ifstream in(kLexicons + path + ".json");
    if (!in)
        return nullptr;
    const json doc = json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc["defs"].contains(def))
        return nullptr;
    json d = doc["defs"][def];
    if (d.value("type", "") == "record")
        d = d["record"];
    d["__nsid"] = nsid;
    return d;
}

/// Required properties present and declared types respected, recursively through
/// refs and unions (a union member is chosen by the value's $type).
void check_lexicon(const json& value, const json& schema, const std::string& nsid,
                   const std::string& where, int& checked) {
    const std::string type = schema.value("type", "");
    if (type == "ref" || type == "union") {
        std::string ref = type == "ref" ? schema["ref"].get<std::string>() : "";
        if (type == "union") {
            REQUIRE(value.contains("$type"));
            ref = value["$type"].get<std::string>();
            bool listed = false;
            for (const auto& r : schema["refs"]) {
                std::string full = r.get<std::string>();
                if (full[0] == '#')
                    full = nsid + full;
                listed = listed || full == ref || full == ref + "#main";
            }
            INFO(where << ": " << ref);
            CHECK(listed);
        }
        const json def = lexicon_def(ref, nsid);
        if (!def.is_null())
            check_lexicon(value, def, def["__nsid"], where, checked);
        return;
    }
    INFO(where);
    if (type == "string")
        CHECK(value.is_string());
    else if (type == "integer")
        CHECK(value.is_number_integer());
    else if (type == "boolean")
        CHECK(value.is_boolean());
    else if (type == "array") {
        REQUIRE(value.is_array());
        for (size_t i = 0; i < value.size(); ++i)
            check_lexicon(value[i], schema["items"], nsid, where + "[" + std::to_string(i) + "]",
                          checked);
    } else if (type == "object") {
        REQUIRE(value.is_object());
        ++checked;
        for (const auto& r : schema.value("required", json::array())) {
            INFO(where << " needs " << r);
            CHECK(value.contains(r.get<std::string>()));
        }
        for (const auto& [k, v] : value.items())
            if (schema["properties"].contains(k))
                check_lexicon(v, schema["properties"][k], nsid, where + "." + k, checked);
    }
}
} // namespace

TEST_CASE("bsky: searchPosts output follows the stored lexicons", "[demo][bsky]") {
    const json output =
        lexicon_def("app.bsky.feed.searchPosts", "")["output"]["schema"];
    REQUIRE(output.is_object());
    int checked = 0;
    for (const char* q : {"the", "harbour", "#HarbourBeanThrowdown"}) {
        ServerState state;
        const std::string token = sign_in(state, kNow)["accessJwt"];
        const json page =
            body(call("GET", kSearch, {{"q", q}, {"limit", "100"}}, state, kNow, token));
        check_lexicon(page, output, "app.bsky.feed.searchPosts", "output", checked);
        // The record is "unknown" in postView: check it against the post lexicon itself.
        for (const auto& p : page["posts"]) {
            const json record = lexicon_def(p["record"]["$type"], "");
            REQUIRE(!record.is_null());
            check_lexicon(p["record"], record, "app.bsky.feed.post", "record", checked);
        }
    }
    CHECK(checked > 1000);
    ServerState state;
    const std::string token = sign_in(state, kNow)["accessJwt"];
    const Response bad = call("GET", kSearch, {{"q", "\"unclosed"}}, state, kNow, token);
    CHECK(bad.status == 400);
    CHECK(body(bad)["error"] == "BadQueryString");
}

TEST_CASE("bsky and mastodon: the demo's faults apply", "[demo][bsky][mastodon]") {
    ServerState state;
    const std::string token = sign_in(state, kNow)["accessJwt"];
    Request r;
    r.path = kSearch;
    r.params = {{"q", "coffee"}};
    r.headers = {{"authorization", "Bearer " + token}, {"x-demo-fault", "503"}};
    CHECK(handle_request(corpus(), {}, state, r, kNow).status == 503);
    r.headers["x-demo-fault"] = "truncated";
    const Response cut = handle_request(corpus(), {}, state, r, kNow);
    REQUIRE(cut.truncate_at);
    CHECK(*cut.truncate_at < cut.body.size());
    r.headers["x-demo-fault"] = "malformed";
    CHECK(json::parse(handle_request(corpus(), {}, state, r, kNow).body, nullptr, false).is_discarded());
    r.headers["x-demo-fault"] = "slow:250";
    CHECK(handle_request(corpus(), {}, state, r, kNow).delay_ms == 250);
    r.headers["x-demo-fault"] = "bogus";
    CHECK(handle_request(corpus(), {}, state, r, kNow).status == 400);
    Request m;
    m.path = "/api/v1/timelines/tag/coffee";
    m.headers = {{"x-demo-fault", "429"}};
    const Response limited = handle_request(corpus(), {}, state, m, kNow);
    CHECK(limited.status == 429);
    CHECK(header(limited, "X-RateLimit-Remaining") == "0");
    m.headers = {{"x-demo-fault", "503"}};
    CHECK(handle_request(corpus(), {}, state, m, kNow).status == 503);
    // A server-wide --fault reaches the new services too.
    ServerOptions every;
    every.fault = Fault::Unavailable;
    m.headers.clear();
    CHECK(handle_request(corpus(), every, state, m, kNow).status == 503);
}
