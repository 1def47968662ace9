// Tests of the demo source's Mastodon (pure functions, no sockets): Link paging of
// tag timelines, well-formed HTML with full-URL links, uri vs local id, search
// behind a token, rate limits; and the same events told on X, Bluesky and Mastodon.
#include "demo_fixture.hpp"

#include "demo/bsky_api.hpp"
#include "demo/mastodon_api.hpp"
#include "demo/wire_util.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <set>

using namespace earshot::demo;
using namespace earshot::demo::test;
using nlohmann::json;

namespace {
const std::string kTag = "/api/v1/timelines/tag/";
const std::string kSearch = "/api/v2/search";
const std::string kToken = "demo-mastodon-token";

Response mget(const std::string& path, const Params& params, ServerState& state,
              int64_t now = kNow, const std::string& token = "",
              const ServerOptions& options = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty())
        headers["authorization"] = "Bearer " + token;
    return get(path, params, state, now, options, headers);
}

/// "<url?a=1&max_id=5>; rel=\"next\", …" → {"next": params of that url}.
std::map<std::string, Params> parse_link(const std::string& link) {
    std::map<std::string, Params> out;
    static const std::regex part(R"re(<([^>]*)>; rel="([a-z]+)")re");
    for (auto it = std::sregex_iterator(link.begin(), link.end(), part); it != std::sregex_iterator();
         ++it) {
        const std::string url = (*it)[1];
        out[(*it)[2]] = parse_query_string(url.substr(url.find('?') + 1));
    }
    return out;
}

/// Statuses whose own (or boosted) tags include `tag`, visible at now, newest first.
std::vector<std::string> brute_force_tag(const std::string& tag, int64_t now) {
    const MastodonCorpus& m = *corpus().mastodon;
    std::vector<std::string> ids;
    for (size_t i = m.statuses.size(); i-- > 0;) {
        const MastodonStatus& s = m.statuses[i];
        const MastodonStatus& shown = s.reblog ? m.statuses[*s.reblog] : s;
        if (s.created_ms <= now &&
            std::find(shown.tags.begin(), shown.tags.end(), tag) != shown.tags.end())
            ids.push_back(std::to_string(s.id));
    }
    return ids;
}

/// Checks tags balance (void <br /> aside) and returns the text of <a> elements
/// whose class is not a mention or hashtag, with their hrefs.
std::vector<std::pair<std::string, std::string>> check_html(const std::string& html) {
    std::vector<std::string> open;
    std::vector<std::pair<std::string, std::string>> links;
    std::string link_text, href;
    bool plain_link = false;
    for (size_t i = 0; i < html.size();) {
        if (html[i] != '<') {
            if (plain_link)
                link_text += html[i];
            ++i;
            continue;
        }
        const size_t end = html.find('>', i);
        REQUIRE(end != std::string::npos);
        const std::string tag = html.substr(i + 1, end - i - 1);
        i = end + 1;
        if (tag == "br /")
            continue;
        if (tag[0] == '/') {
            REQUIRE(!open.empty());
            CHECK(open.back() == tag.substr(1));
            if (open.back() == "a" && plain_link) {
                links.emplace_back(href, link_text);
                plain_link = false;
            }
            open.pop_back();
            continue;
        }
        const std::string name = tag.substr(0, tag.find(' '));
        CHECK((name == "p" || name == "a" || name == "span"));
        open.push_back(name);
        if (name == "a") {
            const size_t h = tag.find("href=\"");
            REQUIRE(h != std::string::npos);
            href = tag.substr(h + 6, tag.find('"', h + 6) - h - 6);
            CHECK(std::regex_match(href, std::regex("https?://[^ \"<>]+")));
            plain_link = tag.find("mention") == std::string::npos;
            link_text.clear();
        }
    }
    CHECK(open.empty());
    return links;
}

std::string unescape_html(std::string s) {
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}}) {
        for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1))
            s.replace(at, from.size(), to);
    }
    return s;
}
} // namespace

TEST_CASE("mastodon: Link headers page a tag timeline without gaps or repeats", "[demo][mastodon]") {
    for (const std::string tag : {"coffee", "harbourbeanthrowdown"}) {
        const auto expected = brute_force_tag(tag, kNow);
        REQUIRE(expected.size() > 20);
        ServerState state;
        Params params = {{"limit", "40"}};
        std::vector<std::string> got;
        int pages = 0;
        for (; pages < 500; ++pages) {
            const Response r = mget(kTag + tag, params, state);
            REQUIRE(r.status == 200);
            const json b = body(r);
            REQUIRE(b.is_array());
            CHECK(b.size() <= 40);
            if (b.empty()) {
                CHECK(header(r, "Link").empty());
                break;
            }
            for (const auto& s : b)
                got.push_back(s["id"]);
            const auto links = parse_link(header(r, "Link"));
            REQUIRE(links.count("next"));
            REQUIRE(links.count("prev"));
            params = links.at("next");
        }
        CHECK(pages > 0);
        CHECK(got == expected);
        CHECK(std::set<std::string>(got.begin(), got.end()).size() == got.size());
    }
    // min_id: the statuses just above it, newest first; prev from a later page gets them.
    ServerState state;
    const auto all = brute_force_tag("coffee", kNow);
    const Response above = mget(kTag + "coffee", {{"min_id", all[30]}, {"limit", "5"}}, state);
    std::vector<std::string> ids;
    for (const auto& s : body(above))
        ids.push_back(s["id"]);
    CHECK(ids == std::vector<std::string>(all.begin() + 25, all.begin() + 30));
    const Response since = mget(kTag + "coffee", {{"since_id", all[30]}, {"limit", "40"}}, state);
    CHECK(body(since).size() == 30);
    CHECK(body(since)[0]["id"] == all[0]);
    // Statuses arriving later show up above the newest one seen.
    const int64_t later = kNow + 6 * 3'600'000;
    const Response newer = mget(kTag + "coffee", {{"min_id", all[0]}, {"limit", "40"}}, state, later);
    REQUIRE(newer.status == 200);
    CHECK(!body(newer).empty());
    for (const auto& s : body(newer))
        CHECK(std::stoull(s["id"].get<std::string>()) > std::stoull(all[0]));
}

TEST_CASE("mastodon: any[], all[] and none[] combine tags", "[demo][mastodon]") {
    ServerState state;
    auto tags_of = [](const json& s) {
        std::set<std::string> t;
        for (const auto& x : (s["reblog"].is_null() ? s : s["reblog"])["tags"])
            t.insert(x["name"].get<std::string>());
        return t;
    };
    const json all = body(mget(kTag + "coffee", {{"all[]", "kemptown"}, {"limit", "40"}}, state));
    REQUIRE(!all.empty());
    for (const auto& s : all)
        CHECK((tags_of(s).count("coffee") && tags_of(s).count("kemptown")));
    const json none = body(mget(kTag + "coffee", {{"none[]", "brighton"}, {"limit", "40"}}, state));
    REQUIRE(!none.empty());
    for (const auto& s : none)
        CHECK((tags_of(s).count("coffee") && !tags_of(s).count("brighton")));
    const json any = body(mget(kTag + "kaffee", {{"any[]", "cafe"}, {"limit", "40"}}, state));
    std::set<std::string> seen;
    for (const auto& s : any) {
        const auto t = tags_of(s);
        CHECK((t.count("kaffee") || t.count("cafe")));
        seen.insert(t.begin(), t.end());
    }
    CHECK((seen.count("kaffee") && seen.count("cafe")));
}

TEST_CASE("mastodon: content is well-formed HTML and links carry full URLs", "[demo][mastodon]") {
    const MastodonCorpus& m = *corpus().mastodon;
    int links = 0, cut = 0, paragraphs = 0, mentions = 0, warnings = 0, boosts = 0, remote = 0;
    std::set<std::string> langs;
    for (size_t i = 0; i < m.statuses.size(); ++i) {
        const MastodonStatus& s = m.statuses[i];
        if (s.reblog) {
            ++boosts;
            CHECK(s.content.empty());
            continue;
        }
        for (const auto& [href, text] : check_html(s.content)) {
            // The visible and hidden spans together are the whole URL.
            CHECK(unescape_html(text) == unescape_html(href));
            ++links;
        }
        cut += s.content.find("class=\"ellipsis\"") != std::string::npos;
        paragraphs += s.content.find("</p><p>") != std::string::npos;
        mentions += s.content.find("u-url mention") != std::string::npos;
        warnings += !s.spoiler.empty();
        langs.insert(s.lang);
        // One status, one uri: the local id is this server's, the uri the home server's.
        const MastodonAccount& a = m.accounts[s.author];
        CHECK(s.uri != std::to_string(s.id));
        if (a.server != kMastodonHost) {
            ++remote;
            CHECK(a.acct == a.username + "@" + a.server);
            CHECK(s.uri.rfind("https://" + a.server + "/users/", 0) == 0);
            CHECK(s.uri.find(std::to_string(s.id)) == std::string::npos);
        }
    }
    CHECK(links > 100);
    CHECK(cut > 20);
    CHECK(paragraphs > 500);
    CHECK(mentions > 50);
    CHECK(warnings > 10);
    CHECK(boosts > 100);
    CHECK(remote > 500);
    CHECK(langs.size() >= 5);

    // The same through the endpoint: account, uri/url, media, card, reblog shapes.
    ServerState state;
    const json page = body(mget(kTag + "brighton", {{"limit", "40"}}, state));
    REQUIRE(page.size() == 40);
    for (const auto& s : page) {
        CHECK(std::regex_match(s["id"].get<std::string>(), std::regex("[0-9]{17,19}")));
        CHECK(s["account"]["url"].get<std::string>().rfind("https://", 0) == 0);
        CHECK(s["account"]["followers_count"].is_number());
        CHECK(s["account"]["acct"].is_string());
        CHECK(s.contains("card"));
        CHECK(s["media_attachments"].is_array());
        CHECK(s["visibility"] == "public");
        if (!s["reblog"].is_null()) {
            CHECK(s["content"] == "");
            CHECK(s["reblog"]["content"].get<std::string>().rfind("<p>", 0) == 0);
        }
    }
}

TEST_CASE("mastodon: search needs a token; with one it finds statuses by words and tags",
          "[demo][mastodon]") {
    ServerState state;
    const Response anonymous = mget(kSearch, {{"q", "oat milk"}, {"type", "statuses"}}, state);
    REQUIRE(anonymous.status == 200);
    CHECK(body(anonymous) == json::parse(R"({"accounts":[],"statuses":[],"hashtags":[]})"));
    CHECK(mget(kSearch, {{"q", "oat"}}, state, kNow, "wrong-token").status == 401);
    const json found =
        body(mget(kSearch, {{"q", "oat milk"}, {"type", "statuses"}, {"limit", "40"}}, state, kNow, kToken));
    REQUIRE(found["statuses"].size() > 3);
    uint64_t previous = UINT64_MAX;
    for (const auto& s : found["statuses"]) {
        const std::string text = to_lower_ascii(s["content"].get<std::string>());
        CHECK(text.find("oat") != std::string::npos);
        CHECK(text.find("milk") != std::string::npos);
        CHECK(s["reblog"].is_null());
        const uint64_t id = std::stoull(s["id"].get<std::string>());
        CHECK(id < previous); // newest first
        previous = id;
    }
    const json tagged = body(mget(kSearch, {{"q", "#HarbourBeanThrowdown"}}, state, kNow, kToken));
    REQUIRE(!tagged["statuses"].empty());
    for (const auto& s : tagged["statuses"])
        CHECK(s["content"].get<std::string>().find("tags/harbourbeanthrowdown") != std::string::npos);
    CHECK(mget(kSearch, {}, state, kNow, kToken).status == 400);
}

TEST_CASE("mastodon: 429 with X-RateLimit-* headers after the budget", "[demo][mastodon]") {
    ServerOptions options;
    options.mastodon.limit = 2;
    ServerState state;
    for (int i = 0; i < 2; ++i) {
        const Response r = mget(kTag + "coffee", {}, state, kNow, "", options);
        REQUIRE(r.status == 200);
        CHECK(header(r, "X-RateLimit-Limit") == "2");
        CHECK(header(r, "X-RateLimit-Remaining") == std::to_string(1 - i));
    }
    const Response limited = mget(kSearch, {{"q", "coffee"}}, state, kNow, kToken, options);
    CHECK(limited.status == 429);
    CHECK(body(limited)["error"] == "Too many requests");
    CHECK(header(limited, "X-RateLimit-Remaining") == "0");
    CHECK(header(limited, "X-RateLimit-Reset") == iso8601_ms(kNow + 300'000));
    CHECK(mget(kTag + "coffee", {}, state, kNow + 300'000, "", options).status == 200);
}

TEST_CASE("the same events on X, Bluesky and Mastodon, in different words", "[demo][mastodon][bsky]") {
    const Corpus& c = corpus();
    // The oat milk complaint: Kate's post on each service.
    const DemoPost* x = nullptr;
    for (const auto& p : c.posts)
        if (c.users[p.author].username == "kemptownkate" && p.kind == earshot::core::Kind::Original &&
            p.text.find("oat milk") != std::string::npos)
            x = &p;
    REQUIRE(x);
    const std::string x_text = x_unescape(x->text);
    const BskyCorpus& b = *c.bsky;
    const MastodonCorpus& m = *c.mastodon;
    auto bsky_it = b.by_x_post.find(c.post_index.at(x->id));
    REQUIRE(bsky_it != b.by_x_post.end());
    const BskyPost& bp = b.posts[bsky_it->second];
    CHECK(bp.text != x_text);
    CHECK(bp.lower_text.find("oat milk") != std::string::npos);
    CHECK(bp.lower_text.find("60p") != std::string::npos);
    const MastodonStatus* toot = nullptr;
    for (const auto& s : m.statuses)
        if (s.post == c.post_index.at(x->id))
            toot = &s;
    REQUIRE(toot);
    CHECK(toot->plain.find("oat milk") != std::string::npos);
    CHECK(toot->plain.find("60p") != std::string::npos);
    CHECK(toot->plain.find(to_lower_ascii(x_text)) == std::string::npos);
    CHECK(toot->spoiler == "food, mild rant");

    // Across the week: every Bluesky post and toot retells an X post by the same
    // person about the same thing, and most are not its words verbatim.
    int same_words = 0, originals = 0;
    for (const auto& p : b.posts) {
        const DemoPost& xp = c.posts[p.post];
        CHECK(xp.author == p.author);
        CHECK(p.created_ms > xp.created_ms);
        if (xp.kind == earshot::core::Kind::Original) {
            ++originals;
            same_words += p.text == x_unescape(xp.text);
        }
    }
    CHECK(same_words * 2 < originals);
    int toots = 0, tagged = 0;
    for (const auto& s : m.statuses) {
        CHECK(c.posts[s.post].author == s.author);
        if (!s.reblog && c.posts[s.post].kind == earshot::core::Kind::Original) {
            ++toots;
            tagged += !s.tags.empty();
        }
    }
    CHECK(tagged * 10 > toots * 6);
}
