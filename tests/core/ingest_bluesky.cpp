// Bluesky ingest: searchPosts, feeds, threads, getPosts/getQuotes and Jetstream events,
// on cases written here and on the real recordings in ../shared/fixtures/bluesky
// (skipped with a message when that folder is absent; failed under CI=true).
#include "core/ingest/bluesky.hpp"
#include "core/ingest/ingest.hpp"
#include "core/ingest/json_view.hpp"
#include "core/ingest/x_v2.hpp"

#include "fixtures.hpp"
#include "utf8_check.hpp"
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace earshot::core;
namespace fs = std::filesystem;

namespace {

std::string fixtures() { return EARSHOT_FIXTURES; }
bool have_fixtures() { return fs::exists(fixtures() + "/bluesky/f_search.json"); }
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
const Mention* by_id(const std::vector<Mention>& v, const std::string& id) {
    for (const Mention& m : v)
        if (m.id == id) return &m;
    return nullptr;
}
bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

/// A facet whose range is where `covered` sits in `text` (found, so the offsets are
/// real UTF-8 byte offsets, whatever the characters before it).
std::string facet(const std::string& text, const std::string& covered, const std::string& feature) {
    const size_t at = text.find(covered);
    REQUIRE(at != std::string::npos);
    return R"({"index":{"byteStart":)" + std::to_string(at) + R"(,"byteEnd":)" + std::to_string(at + covered.size()) +
           R"(},"features":[)" + feature + "]}";
}

std::string post_view(const std::string& rkey, const std::string& text, const std::string& facets,
                      const std::string& extra = "") {
    return R"({"uri":"at://did:plc:amy/app.bsky.feed.post/)" + rkey + R"(","cid":"c",
        "author":{"did":"did:plc:amy","handle":"amy.bsky.social","displayName":"Amy ☕"},
        "record":{"$type":"app.bsky.feed.post","text":")" + text + R"(","createdAt":"2026-11-20T09:15:00.123456Z",
                  "langs":["fr","en"],"facets":[)" + facets + R"(]},
        "likeCount":3,"repostCount":1,"replyCount":0,"quoteCount":2,"indexedAt":"2026-11-20T09:15:01.000Z")" +
           extra + "}";
}

} // namespace

TEST_CASE("a searchPosts page: text, facets at UTF-8 byte offsets, langs, counts, cursor") {
    // Multi-byte characters before every facet: a reader counting characters, not
    // bytes, would cut the wrong text.
    const std::string text = "Café ☕ chez @bean.bsky.social #FlatWhite 😀 harbourbean.co.uk/me…";
    const std::string facets = facet(text, "@bean.bsky.social",
                                     R"({"$type":"app.bsky.richtext.facet#mention","did":"did:plc:bean"})") +
                               "," + facet(text, "#FlatWhite", R"({"$type":"app.bsky.richtext.facet#tag","tag":"FlatWhite"})") +
                               "," + facet(text, "harbourbean.co.uk/me…",
                                           R"({"$type":"app.bsky.richtext.facet#link","uri":"https://www.harbourbean.co.uk/menu?x=1"})");
    const std::string page = R"({"posts":[)" + post_view("3k1", text, facets) + R"(],"cursor":"25"})";
    Result<BskyPage> r = parse_bsky_answer(std::string_view(page));
    REQUIRE(r);
    CHECK(r->cursor == "25");
    REQUIRE(r->mentions.size() == 1);
    const Mention& m = r->mentions[0];
    CHECK(m.id == "bsky:at://did:plc:amy/app.bsky.feed.post/3k1");
    CHECK(m.source == Source::Bsky);
    CHECK(m.source_id == "at://did:plc:amy/app.bsky.feed.post/3k1");
    CHECK(m.url == "https://bsky.app/profile/did:plc:amy/post/3k1");
    CHECK(m.text == text);
    CHECK(m.lang == "fr"); // the first of langs
    CHECK(m.mentions == std::vector<std::string>{"bean.bsky.social"});
    CHECK(m.hashtags == std::vector<std::string>{"FlatWhite"});
    CHECK(m.urls == std::vector<std::string>{"https://www.harbourbean.co.uk/menu?x=1"});
    CHECK(m.domains == std::vector<std::string>{"harbourbean.co.uk"});
    CHECK(m.author.id == "did:plc:amy");
    CHECK(m.author.handle == "amy.bsky.social");
    CHECK(m.author.name == "Amy ☕");
    CHECK(m.metrics.likes == 3);
    CHECK(m.metrics.quotes == 2);
    CHECK_FALSE(m.metrics.impressions);
    CHECK(format_iso8601(m.created_at) == "2026-11-20T09:15:00Z");
    CHECK(m.kind == Kind::Original);
    CHECK_FALSE(m.has_media);
}

TEST_CASE("facet offsets outside the text or inside a character are refused, not trusted") {
    const std::string text = "é☕x"; // bytes: C3 A9 | E2 98 95 | 78
    CHECK(facet_slice(text, 0, 2) == std::optional<std::string_view>("é"));
    CHECK(facet_slice(text, 2, 5) == std::optional<std::string_view>("☕"));
    CHECK(facet_slice(text, 0, 6) == std::optional<std::string_view>(text));
    CHECK_FALSE(facet_slice(text, 1, 2));  // starts inside é
    CHECK_FALSE(facet_slice(text, 0, 3));  // ends inside ☕
    CHECK_FALSE(facet_slice(text, 5, 7));  // past the end
    CHECK_FALSE(facet_slice(text, 3, 3));  // empty
    CHECK_FALSE(facet_slice(text, 4, 2));  // reversed
    CHECK_FALSE(facet_slice(text, -1, 2)); // negative
    CHECK_FALSE(facet_slice(text, 0, INT64_MAX));
    CHECK_FALSE(facet_slice("", 0, 0));

    // A mention whose range is wrong still names the account, by its did.
    const std::string bad = R"({"index":{"byteStart":1,"byteEnd":999},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:bean"}]},
                              {"index":{"byteStart":"x"},"features":[{"$type":"app.bsky.richtext.facet#link","uri":"https://a.example/"}]},
                              {"index":{"byteStart":1,"byteEnd":2},"features":"not a list"})";
    Result<BskyPage> r = parse_bsky_answer(std::string_view(R"({"posts":[)" + post_view("3k2", "é☕ hi", bad) + "]}"));
    REQUIRE(r);
    REQUIRE(r->mentions.size() == 1);
    CHECK(r->mentions[0].mentions == std::vector<std::string>{"did:plc:bean"});
    CHECK(r->mentions[0].urls == std::vector<std::string>{"https://a.example/"}); // a link needs no range
}

TEST_CASE("embeds: images are media, link cards are links, records are quotes") {
    const std::string images = R"(,"embed":{"$type":"app.bsky.embed.images#view","images":[{"thumb":"t","alt":""}]})";
    const std::string card = R"(,"embed":{"$type":"app.bsky.embed.external#view","external":{"uri":"https://news.example/a","title":"A"}})";
    const std::string quote = R"(,"embed":{"$type":"app.bsky.embed.record#view","record":{"$type":"app.bsky.embed.record#viewRecord",
        "uri":"at://did:plc:bob/app.bsky.feed.post/3q","author":{"did":"did:plc:bob","handle":"bob.test"},"value":{"text":"quoted"}}})";
    const std::string quote_with_media = R"(,"embed":{"$type":"app.bsky.embed.recordWithMedia#view",
        "record":{"record":{"$type":"app.bsky.embed.record#viewRecord","uri":"at://did:plc:bob/app.bsky.feed.post/3r"}},
        "media":{"$type":"app.bsky.embed.images#view","images":[]}})";
    const std::string feed_generator = R"(,"embed":{"$type":"app.bsky.embed.record#view","record":{"uri":"at://did:plc:bob/app.bsky.feed.generator/cats"}})";
    const std::string page = R"({"posts":[)" + post_view("1", "a", "", images) + "," + post_view("2", "b", "", card) + "," +
                             post_view("3", "c", "", quote) + "," + post_view("4", "d", "", quote_with_media) + "," +
                             post_view("5", "e", "", feed_generator) + "]}";
    Result<BskyPage> r = parse_bsky_answer(std::string_view(page));
    REQUIRE(r);
    REQUIRE(r->mentions.size() == 5);
    CHECK(r->mentions[0].has_media);
    CHECK(r->mentions[1].urls == std::vector<std::string>{"https://news.example/a"});
    CHECK(r->mentions[1].domains == std::vector<std::string>{"news.example"});
    CHECK(r->mentions[2].kind == Kind::Quote);
    CHECK(r->mentions[2].referenced_id == "at://did:plc:bob/app.bsky.feed.post/3q");
    CHECK(r->mentions[3].kind == Kind::Quote);
    CHECK(r->mentions[3].referenced_id == "at://did:plc:bob/app.bsky.feed.post/3r");
    CHECK(r->mentions[3].has_media);
    CHECK(r->mentions[4].kind == Kind::Original); // a feed generator is not a post
}

TEST_CASE("a feed: replies name their parent, reposts carry the reposted text") {
    const std::string reply_record = R"("reply":{"root":{"uri":"at://did:plc:bob/app.bsky.feed.post/root","cid":"c"},
                                                  "parent":{"uri":"at://did:plc:bob/app.bsky.feed.post/parent","cid":"c"}},)";
    std::string reply = post_view("r1", "@bob yes!", "");
    reply.replace(reply.find(R"("text")"), 0, reply_record);
    const std::string feed = R"({"feed":[
        {"post":)" + reply + R"(,"reply":{"root":{"uri":"at://did:plc:bob/app.bsky.feed.post/root"},
                               "parent":{"uri":"at://did:plc:bob/app.bsky.feed.post/parent","author":{"did":"did:plc:bob","handle":"bob.test"}}}},
        {"post":)" + post_view("o1", "the original #coffee", facet("the original #coffee", "#coffee", R"({"$type":"app.bsky.richtext.facet#tag","tag":"coffee"})")) + R"(,
         "reason":{"$type":"app.bsky.feed.defs#reasonRepost","by":{"did":"did:plc:cat","handle":"cat.test","displayName":"Cat"},
                   "indexedAt":"2026-11-21T10:00:00.000Z"}},
        {"post":)" + post_view("o2", "pinned", "") + R"(,"reason":{"$type":"app.bsky.feed.defs#reasonPin"}},
        {"post":{"uri":"at://did:plc:amy/app.bsky.feed.post/x"}},
        {"post":"nonsense"}
      ],"cursor":"2026-11-20T09:15:00.000Z"})";
    Result<BskyPage> r = parse_bsky_answer(std::string_view(feed));
    REQUIRE(r);
    CHECK(r->cursor == "2026-11-20T09:15:00.000Z");
    CHECK(r->unreadable == 2); // a post without a record, and one that is not an object
    CHECK(r->first_problem.find("no record") != std::string::npos);
    REQUIRE(r->mentions.size() == 3);

    const Mention& re = r->mentions[0];
    CHECK(re.kind == Kind::Reply);
    CHECK(re.in_reply_to == "at://did:plc:bob/app.bsky.feed.post/parent");
    CHECK(re.conversation_id == "at://did:plc:bob/app.bsky.feed.post/root");
    CHECK(re.in_reply_to_handle == "bob.test");

    const Mention& rp = r->mentions[1];
    CHECK(rp.kind == Kind::Repost);
    CHECK(rp.text == "the original #coffee");
    CHECK(rp.hashtags == std::vector<std::string>{"coffee"});
    CHECK(rp.referenced_id == "at://did:plc:amy/app.bsky.feed.post/o1");
    CHECK(rp.author.handle == "cat.test");
    CHECK(rp.author.name == "Cat");
    CHECK(rp.id.rfind("bsky:at://did:plc:cat/", 0) == 0); // the reposter's, not the post's
    CHECK(rp.id != "bsky:at://did:plc:amy/app.bsky.feed.post/o1");
    CHECK(format_iso8601(rp.created_at) == "2026-11-21T10:00:00Z"); // when it was reposted
    CHECK_FALSE(rp.metrics.likes); // the original's counts are not the repost's

    CHECK(r->mentions[2].kind == Kind::Original); // a pinned post is just a post
    CHECK(r->mentions[2].id == "bsky:at://did:plc:amy/app.bsky.feed.post/o2");
}

TEST_CASE("a repost with its record uri (newer AppViews) takes that as its id") {
    const std::string feed = R"({"feed":[{"post":)" + post_view("o1", "hi", "") + R"(,
        "reason":{"$type":"app.bsky.feed.defs#reasonRepost","uri":"at://did:plc:cat/app.bsky.feed.repost/3rr",
                  "by":{"did":"did:plc:cat","handle":"cat.test"},"indexedAt":"2026-11-21T10:00:00Z"}}]})";
    Result<BskyPage> r = parse_bsky_answer(std::string_view(feed));
    REQUIRE(r);
    REQUIRE(r->mentions.size() == 1);
    CHECK(r->mentions[0].id == "bsky:at://did:plc:cat/app.bsky.feed.repost/3rr");
}

TEST_CASE("a thread: parents and nested replies, missing and blocked posts passed over") {
    auto node = [](const std::string& rkey, const std::string& inner) {
        return R"({"$type":"app.bsky.feed.defs#threadViewPost","post":)" + post_view(rkey, "post " + rkey, "") + inner + "}";
    };
    const std::string thread = R"({"thread":)" +
        node("main", R"(,"parent":)" + node("p1", R"(,"parent":{"$type":"app.bsky.feed.defs#notFoundPost","uri":"at://x","notFound":true})") +
                     R"(,"replies":[)" + node("c1", R"(,"replies":[)" + node("c1a", "") + "]") + "," +
                     R"({"$type":"app.bsky.feed.defs#blockedPost","uri":"at://y","blocked":true}])") +
        "}";
    Result<BskyPage> r = parse_bsky_answer(std::string_view(thread));
    REQUIRE(r);
    CHECK(r->unreadable == 0);
    REQUIRE(r->mentions.size() == 4);
    CHECK(by_id(r->mentions, "bsky:at://did:plc:amy/app.bsky.feed.post/main"));
    CHECK(by_id(r->mentions, "bsky:at://did:plc:amy/app.bsky.feed.post/p1"));
    CHECK(by_id(r->mentions, "bsky:at://did:plc:amy/app.bsky.feed.post/c1"));
    CHECK(by_id(r->mentions, "bsky:at://did:plc:amy/app.bsky.feed.post/c1a"));

    // As deep as the JSON reader allows, without recursion.
    std::string deep = R"({"thread":)";
    const int depth = 300;
    for (int i = 0; i < depth; ++i) deep += R"({"post":)" + post_view("d" + std::to_string(i), "x", "") + R"(,"replies":[)";
    for (int i = 0; i < depth; ++i) deep += "]}";
    deep += "}";
    Result<BskyPage> d = parse_bsky_answer(std::string_view(deep));
    REQUIRE(d);
    CHECK(d->mentions.size() == depth);
}

TEST_CASE("Jetstream: created posts are read, every other event is passed over") {
    const std::string events =
        R"({"did":"did:plc:eyg","time_us":1725911162329308,"kind":"commit","commit":{"rev":"3l3qo2vutsw2b","operation":"create","collection":"app.bsky.feed.post","rkey":"3l3qo2vuowo2b","record":{"$type":"app.bsky.feed.post","createdAt":"2024-09-09T19:46:02.102Z","langs":["en"],"text":"Harbour Bean's flat white 😍 #coffee","facets":[{"index":{"byteStart":31,"byteEnd":38},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"coffee"}]}],"reply":{"root":{"uri":"at://did:plc:r/app.bsky.feed.post/1","cid":"c"},"parent":{"uri":"at://did:plc:r/app.bsky.feed.post/2","cid":"c"}}},"cid":"bafyrei"}})"
        "\n"
        R"({"did":"did:plc:eyg","time_us":1725911162329309,"kind":"commit","commit":{"rev":"r","operation":"create","collection":"app.bsky.feed.like","rkey":"3l3","record":{"$type":"app.bsky.feed.like","createdAt":"2024-09-09T19:46:02.102Z","subject":{"cid":"c","uri":"at://did:plc:w/app.bsky.feed.post/3"}},"cid":"c"}})"
        "\n"
        R"({"did":"did:plc:eyg","time_us":1725911162329310,"kind":"commit","commit":{"rev":"r","operation":"delete","collection":"app.bsky.feed.post","rkey":"3l3qo2vuowo2b"}})"
        "\n"
        R"({"did":"did:plc:eyg","time_us":1725911162329311,"kind":"identity","identity":{"did":"did:plc:eyg","handle":"amy.test","seq":1,"time":"2024-09-09T19:46:02.102Z"}})"
        "\n"
        R"({"did":"did:plc:eyg","time_us":1725911162329312,"kind":"account","account":{"active":true,"did":"did:plc:eyg","seq":2,"time":"2024-09-09T19:46:02.102Z"}})"
        "\n"
        R"({"did":"did:plc:eyg","time_us":1725911162000000,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3nodate","record":{"text":"no date","createdAt":"yesterday"}}})"
        "\n"
        R"({"did":"did:plc:eyg","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"../x","record":{"text":"bad rkey"}}})"
        "\n"
        R"({"did":"did:plc:eyg","time_us":1725911162329313,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rk)";
    std::vector<Mention> out;
    IngestReport r = ingest_content(events, out);
    CHECK(r.records == 8);
    CHECK(r.skipped == 4);
    CHECK(r.failed == 2); // the bad rkey and the truncated last line
    REQUIRE(out.size() == 2);
    const Mention& m = out[0];
    CHECK(m.id == "bsky:at://did:plc:eyg/app.bsky.feed.post/3l3qo2vuowo2b");
    CHECK(m.author.id == "did:plc:eyg");
    CHECK(m.text == "Harbour Bean's flat white 😍 #coffee");
    CHECK(m.hashtags == std::vector<std::string>{"coffee"});
    CHECK(m.lang == "en");
    CHECK(m.kind == Kind::Reply);
    CHECK(m.in_reply_to == "at://did:plc:r/app.bsky.feed.post/2");
    CHECK(format_iso8601(m.created_at) == "2024-09-09T19:46:02Z");
    CHECK(format_iso8601(out[1].created_at) == "2024-09-09T19:46:02Z"); // time_us when createdAt is unreadable
    CHECK(r.problems.size() == 2);
}

TEST_CASE("Jetstream: a relay time past year 9999 is refused, not stored unreadable") {
    std::vector<Mention> out;
    IngestReport r = ingest_content(
        R"({"did":"did:plc:e","time_us":9000000000000000000,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3x","record":{"text":"t"}}})",
        out);
    CHECK(out.empty());
    CHECK(r.failed == 1);
    CHECK(r.problems.at(0).find("no readable createdAt or time_us") != std::string::npos);
}

TEST_CASE("a Bluesky error answer is a counted failure with the service's message") {
    std::vector<Mention> out;
    IngestReport r = ingest_content(R"({"error":"ExpiredToken","message":"Token has expired"})", out);
    CHECK(out.empty());
    CHECK(r.failed == 1);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0] == "error answer from the service: ExpiredToken — Token has expired");
}

TEST_CASE("every Bluesky recording reads or fails with a counted reason") {
    if (!have_fixtures()) {
        earshot::test::fixtures_absent("the Bluesky recordings");
        return;
    }
    size_t files = 0, total = 0;
    for (const auto& entry : fs::directory_iterator(fixtures() + "/bluesky")) {
        if (entry.path().extension() != ".json") continue; // lexicons/ is a folder, LICENSEs are not JSON
        ++files;
        const std::string name = entry.path().filename().string();
        std::vector<Mention> out;
        IngestReport r = ingest_content(slurp(entry.path().string()), out);
        INFO(name);
        for (const std::string& p : r.problems) INFO(p);
        CHECK(r.mentions == out.size());
        CHECK((!out.empty() || r.failed > 0 || r.skipped > 0));
        CHECK(r.problems.size() <= r.failed + r.skipped);
        for (const std::string& p : r.problems) CHECK(p.find("error answer from the service") != std::string::npos);
        for (const Mention& m : out) {
            CHECK(m.id.rfind("bsky:at://", 0) == 0);
            CHECK(m.source == Source::Bsky);
            CHECK(m.created_at > 1'600'000'000); // Bluesky began in 2023: a date was read
            CHECK_FALSE(m.author.handle.empty());
            CHECK(earshot::test::is_valid_utf8(m.text));
        }
        total += out.size();
        if (name == "r_post_errors.json") {
            CHECK(r.failed == 1);
            CHECK(r.problems.at(0).find("HTTP 400") != std::string::npos);
            CHECK(r.problems.at(0).find("must not be longer than 300 graphemes") != std::string::npos);
        } else {
            CHECK(r.failed == 0);
        }
    }
    CHECK(files == 6);
    CHECK(total >= 25 + 50 + 2 + 1 + 1);

    std::vector<Mention> out;
    ingest_content(slurp(fixtures() + "/bluesky/f_search.json"), out);
    CHECK(out.size() == 25);
    const Mention* m = by_id(out, "bsky:at://did:plc:7nagdvjqrzaquzk7mueohne5/app.bsky.feed.post/3lpica7sxmk2u");
    REQUIRE(m);
    CHECK(m->author.handle == "mcpli.bsky.social");
    CHECK(m->text.rfind("The plaintiffs in the Texas redistricting cases have filed", 0) == 0);
    CHECK(m->hashtags == std::vector<std::string>{"txlege"});
    CHECK(contains(m->urls, "https://drive.google.com/file/d/1wZ7W8GA3EuJuAhpZWL8We4AyfVe8fjki/view?usp=sharing"));
    CHECK(m->has_media);
    CHECK(m->metrics.likes == 58);
    // A post in the same page quotes it.
    const Mention* q = by_id(out, "bsky:at://did:plc:mhbp4wx4zsjf6537frktqux2/app.bsky.feed.post/3lpikwarowc2o");
    REQUIRE(q);
    CHECK(q->kind == Kind::Quote);
    CHECK(q->referenced_id == m->source_id);

    out.clear();
    ingest_content(slurp(fixtures() + "/bluesky/f_autfeed.json"), out);
    CHECK(out.size() == 50);
    size_t reposts = 0;
    for (const Mention& x : out) reposts += x.kind == Kind::Repost;
    CHECK(reposts == 7);
    const Mention* rp = nullptr;
    for (const Mention& x : out)
        if (x.referenced_id == "at://did:plc:n65dhyosfrm6t7jhzum76exq/app.bsky.feed.post/3lnneysi3ps2c") rp = &x;
    REQUIRE(rp);
    CHECK(rp->kind == Kind::Repost);
    CHECK(rp->author.handle == "chriskenny.bsky.social");
    CHECK(rp->text.rfind("You saw or you made something related to #QuartoPub", 0) == 0);
    const Mention* mentioning = by_id(out, "bsky:at://did:plc:wpe35pganb6d4pg4ekmfy6u5/app.bsky.feed.post/3lo7irc7njk2p");
    REQUIRE(mentioning);
    CHECK(contains(mentioning->mentions, "typst.app"));
    CHECK(contains(mentioning->mentions, "quarto.org"));
    const Mention* reply = by_id(out, "bsky:at://did:plc:wpe35pganb6d4pg4ekmfy6u5/app.bsky.feed.post/3lof7sovfok2h");
    REQUIRE(reply);
    CHECK(reply->kind == Kind::Reply);
    CHECK(reply->in_reply_to == "at://did:plc:z4cp3uwgxiioi7uaxn2boq47/app.bsky.feed.post/3lobj4swhjo2x");
    CHECK(reply->in_reply_to_handle == "smachlis.bsky.social");

    out.clear();
    ingest_content(slurp(fixtures() + "/bluesky/f_getquotes.json"), out);
    REQUIRE(out.size() == 2);
    for (const Mention& x : out) {
        CHECK(x.kind == Kind::Quote);
        CHECK(x.referenced_id == "at://did:plc:5c2r73erhng4bszmxlfdtscf/app.bsky.feed.post/3lc5c5qv72r2w");
    }

    out.clear();
    ingest_content(slurp(fixtures() + "/bluesky/f_postthread.json"), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].id == "bsky:at://did:plc:ic6zqvuw5ulmfpjiwnhsr2ns/app.bsky.feed.post/3k7qmjev5lr2s");
    CHECK(out[0].text.rfind("Excited to be a speaker for the \n@rstatsai conf", 0) == 0);
}
