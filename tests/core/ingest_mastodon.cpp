// Mastodon ingest: the status HTML as text, statuses, boosts, replies, contexts and
// search envelopes, on cases written here and on the real recordings in
// ../shared/fixtures/mastodon (skipped with a message when absent; failed under CI=true).
#include "core/ingest/ingest.hpp"
#include "core/ingest/mastodon.hpp"
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
bool have_fixtures() { return fs::exists(fixtures() + "/mastodon/public-instances/get_status_default.json"); }
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

const char* const kAccount = R"({"id":"7","username":"amy","acct":"amy","display_name":"Amy","followers_count":812,
    "url":"https://brighton.social/@amy","uri":"https://brighton.social/users/amy"})";

std::string status(const std::string& id, const std::string& content, const std::string& extra = "") {
    return R"({"id":")" + id + R"(","uri":"https://brighton.social/users/amy/statuses/)" + id +
           R"(","url":"https://brighton.social/@amy/)" + id + R"(","created_at":"2026-11-20T09:15:00.000Z",
        "language":"en","spoiler_text":"","content":")" + content + R"(","account":)" + kAccount +
           R"(,"favourites_count":4,"reblogs_count":1,"replies_count":2,"media_attachments":[],"mentions":[],"tags":[])" +
           extra + "}";
}

} // namespace

TEST_CASE("status HTML: paragraphs, line breaks, entities, hidden link parts") {
    CHECK(mastodon_html_to_text("<p>One</p><p>Two<br>three<br />four</p>") == "One\n\nTwo\nthree\nfour");
    CHECK(mastodon_html_to_text("<p>a</p> <p> b </p>\n<p>c</p>") == "a\n\nb\n\nc");
    CHECK(mastodon_html_to_text("<p>you can&#39;t &amp; won&#x27;t &lt;3 &quot;x&quot; &hellip; &#128512;</p>") ==
          "you can't & won't <3 \"x\" … 😀");
    CHECK(mastodon_html_to_text("&amp;amp;") == "&amp;"); // decoded once
    CHECK(mastodon_html_to_text("caf&eacute; &Omega; &bogus; & &;") == "café Ω &bogus; & &;"); // unknown: as written
    CHECK(mastodon_html_to_text("&#0;&#xD800;&#1114112;&#99999999999;") == "\uFFFD\uFFFD\uFFFD\uFFFD");
    CHECK(mastodon_html_to_text("a&nbsp;b") == "a\u00A0b");

    MastodonHtml h = read_mastodon_html(
        R"(<p>Read <a href="https://www.bbc.com/news/articles/cq6m10g7e35o?a=1&amp;b=2" rel="nofollow noopener" target="_blank"><span class="invisible">https://www.</span><span class="ellipsis">bbc.com/news/articles/cq6m10g7</span><span class="invisible">e35o?a=1&amp;b=2</span></a> via <span class="h-card"><a href="https://genomic.social/@sny" class="u-url mention">@<span>sny</span></a></span> <a href="https://x.social/tags/FlatWhite" class="mention hashtag" rel="tag">#<span>FlatWhite</span></a></p>)");
    CHECK(h.text == "Read https://www.bbc.com/news/articles/cq6m10g7e35o?a=1&b=2 via @sny #FlatWhite");
    CHECK(h.links == std::vector<std::string>{"https://www.bbc.com/news/articles/cq6m10g7e35o?a=1&b=2"});
    CHECK(h.hashtags == std::vector<std::string>{"FlatWhite"});
    // A hashtag opening a paragraph is the tag alone, not the break before it.
    CHECK(read_mastodon_html(R"(<p>x</p><p><a href="https://s/tags/useR2025" class="mention hashtag">#<span>useR2025</span></a></p>)")
              .hashtags == std::vector<std::string>{"useR2025"});
}

TEST_CASE("status HTML: any bytes give valid UTF-8 text, whatever the markup") {
    CHECK(mastodon_html_to_text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2");
    CHECK(mastodon_html_to_text("<p>open <b") == "open <b");
    CHECK(mastodon_html_to_text("<a href=\"x>never closed") == "<a href=\"x>never closed");
    CHECK(mastodon_html_to_text("a<!-- hidden -->b<!-- unclosed") == "ab");
    CHECK(mastodon_html_to_text("<p></p><br><br><p></p>") == "");
    CHECK(mastodon_html_to_text("bad \xC3 \xFF\xFE end \xE2\x98") == "bad \uFFFD \uFFFD\uFFFD end \uFFFD\uFFFD");
    CHECK(mastodon_html_to_text(std::string("nul\0byte", 8)) == std::string("nul\0byte", 8));
    CHECK(mastodon_html_to_text("<A HREF='https://a.example/'>x</A>") == "x");
    CHECK(read_mastodon_html("<A HREF='https://a.example/'>x</A>").links == std::vector<std::string>{"https://a.example/"});
    CHECK(read_mastodon_html("<a href=javascript:alert(1)>x</a>").links.empty()); // only web links
    // A break inside a hashtag link trims the spaces before it: the tag is still
    // the link's own text (the fuzzer found it cut inside a character).
    CHECK(read_mastodon_html("ab   <a class=\"hashtag\" href=\"https://s/tags/x\"><br>#ééé</a>").hashtags ==
          std::vector<std::string>{"ééé"});
    // Long runs of what could start a tag or an entity stay linear.
    const std::string lts(200000, '<'), amps(200000, '&');
    CHECK(mastodon_html_to_text(lts) == lts);
    CHECK(mastodon_html_to_text(amps) == amps);
    std::string tags;
    for (int i = 0; i < 20000; ++i) tags += "<a x=\"";
    CHECK(earshot::test::is_valid_utf8(mastodon_html_to_text(tags)));
    for (int byte = 0; byte < 256; ++byte) {
        const std::string one = "<p>" + std::string(1, static_cast<char>(byte)) + "&#" + std::to_string(byte) + ";</p>";
        CHECK(earshot::test::is_valid_utf8(mastodon_html_to_text(one)));
    }
}

TEST_CASE("a status: uri as id, text, entities, author handle with its server, counts") {
    const std::string extra = R"(,"mentions":[{"id":"9","username":"bean","acct":"bean","url":"https://brighton.social/@bean"},
                                              {"id":"10","username":"sny","acct":"sny@genomic.social","url":"https://genomic.social/@sny"}],
                                 "tags":[{"name":"flatwhite","url":"https://brighton.social/tags/flatwhite"},{"name":"brighton"}],
                                 "media_attachments":[{"id":"1","type":"image"}],
                                 "card":{"url":"https://harbourbean.co.uk/menu","title":"Menu"},
                                 "spoiler_text":"coffee opinions")";
    const std::string body = status("1001", R"(<p>Love <a href=\"https://x/tags/FlatWhite\" class=\"mention hashtag\">#<span>FlatWhite</span></a> at <span class=\"h-card\"><a href=\"https://brighton.social/@bean\" class=\"u-url mention\">@<span>bean</span></a></span></p>)", extra);
    Result<MastodonPage> r = parse_mastodon_answer(std::string_view(body));
    REQUIRE(r);
    REQUIRE(r->mentions.size() == 1);
    const Mention& m = r->mentions[0];
    CHECK(m.id == "mastodon:https://brighton.social/users/amy/statuses/1001");
    CHECK(m.source == Source::Mastodon);
    CHECK(m.url == "https://brighton.social/@amy/1001");
    CHECK(m.text == "coffee opinions\n\nLove #FlatWhite at @bean"); // the content warning kept, first
    CHECK(m.lang == "en");
    CHECK(m.hashtags == std::vector<std::string>{"FlatWhite", "brighton"}); // as written, then the rest of tags[]
    CHECK(m.mentions == std::vector<std::string>{"bean@brighton.social", "sny@genomic.social"});
    CHECK(m.urls == std::vector<std::string>{"https://harbourbean.co.uk/menu"});
    CHECK(m.has_media);
    CHECK(m.author.handle == "amy@brighton.social");
    CHECK(m.author.name == "Amy");
    CHECK(m.author.followers == 812);
    CHECK(m.author.id == "https://brighton.social/users/amy");
    CHECK(m.metrics.likes == 4);
    CHECK(m.metrics.reposts == 1);
    CHECK(m.metrics.replies == 2);
    CHECK_FALSE(m.metrics.quotes);
    CHECK(format_iso8601(m.created_at) == "2026-11-20T09:15:00Z");
    CHECK(m.kind == Kind::Original);
}

TEST_CASE("a boost is a repost by the booster carrying the boosted text") {
    const std::string boosted = status("500", "<p>Best croissant in town <a href=\\\"https://bakery.example/\\\">bakery.example</a></p>",
                                       R"(,"tags":[{"name":"brighton"}])");
    const std::string boost = R"({"id":"600","uri":"https://other.social/users/cat/statuses/600/activity","url":null,
        "created_at":"2026-11-21T10:00:00Z","content":"","spoiler_text":"","language":null,
        "account":{"id":"3","acct":"cat@other.social","display_name":"Cat","url":"https://other.social/@cat"},
        "reblog":)" + boosted + "}";
    Result<MastodonPage> r = parse_mastodon_answer(std::string_view("[" + boost + "]"));
    REQUIRE(r);
    REQUIRE(r->mentions.size() == 1);
    const Mention& m = r->mentions[0];
    CHECK(m.kind == Kind::Repost);
    CHECK(m.id == "mastodon:https://other.social/users/cat/statuses/600/activity");
    CHECK(m.referenced_id == "https://brighton.social/users/amy/statuses/500");
    CHECK(m.text == "Best croissant in town bakery.example");
    CHECK(m.urls == std::vector<std::string>{"https://bakery.example/"});
    CHECK(m.hashtags == std::vector<std::string>{"brighton"});
    CHECK(m.lang == "en"); // the boosted status's language
    CHECK(m.author.handle == "cat@other.social");
    CHECK(format_iso8601(m.created_at) == "2026-11-21T10:00:00Z");
}

TEST_CASE("a context: replies name their parent by uri and its author") {
    const std::string parent = status("1", "<p>Where to get coffee?</p>");
    const std::string reply = status("2", "<p>@amy Harbour Bean!</p>",
                                     R"(,"in_reply_to_id":"1","in_reply_to_account_id":"7")");
    const std::string other = status("3", "<p>+1</p>", R"(,"in_reply_to_id":"2","in_reply_to_account_id":"9",
        "mentions":[{"id":"9","acct":"bob@elsewhere.example","url":"https://elsewhere.example/@bob"}])");
    const std::string orphan = status("4", "<p>re</p>", R"(,"in_reply_to_id":"999")");
    const std::string context = R"({"ancestors":[)" + parent + R"(],"descendants":[)" + reply + "," + other + "," +
                                orphan + R"(,{"id":"5","content":"no uri"}]})";
    Result<MastodonPage> r = parse_mastodon_answer(std::string_view(context));
    REQUIRE(r);
    CHECK(r->unreadable == 1);
    CHECK(r->first_problem == "a status has no uri");
    REQUIRE(r->mentions.size() == 4);
    CHECK(r->mentions[0].kind == Kind::Original);
    CHECK(r->mentions[1].kind == Kind::Reply);
    CHECK(r->mentions[1].in_reply_to == "https://brighton.social/users/amy/statuses/1");
    CHECK(r->mentions[1].in_reply_to_handle == "amy@brighton.social"); // replying to oneself
    CHECK(r->mentions[2].in_reply_to == "https://brighton.social/users/amy/statuses/2");
    CHECK(r->mentions[2].in_reply_to_handle == "bob@elsewhere.example");
    CHECK(r->mentions[3].kind == Kind::Reply); // the parent is not in the answer: still a reply
    CHECK(r->mentions[3].in_reply_to.empty());
}

TEST_CASE("Mastodon answers through ingest: search envelope, quotes, errors, wrong types") {
    std::vector<Mention> out;
    IngestReport r = ingest_content(R"({"accounts":[],"statuses":[)" +
                                        status("1", "<p>hi</p>", R"(,"quote":{"state":"accepted","quoted_status":)" +
                                                                     status("0", "<p>q</p>") + "}") +
                                        R"(],"hashtags":[]})",
                                    out);
    REQUIRE(out.size() == 1);
    CHECK(r.failed == 0);
    CHECK(out[0].kind == Kind::Quote);
    CHECK(out[0].referenced_id == "https://brighton.social/users/amy/statuses/0");

    out.clear();
    r = ingest_content(R"({"error":"The access token is invalid"})", out);
    CHECK(r.failed == 1);
    CHECK(r.problems.at(0) == "error answer from the service: The access token is invalid");

    out.clear(); // every field of the wrong type: read as absent, never a crash
    r = ingest_content(R"([{"id":1,"uri":"https://a/s/1","created_at":"2026-11-20T09:15:00Z","content":"<p>x</p>",
        "account":{"acct":5,"url":[],"followers_count":"many"},"mentions":{},"tags":[1,null,{"name":7}],
        "media_attachments":"none","card":"x","quote":[],"language":3,"favourites_count":1.5,"in_reply_to_id":2}])",
                       out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].text == "x");
    CHECK_FALSE(out[0].author.followers);
    CHECK_FALSE(out[0].metrics.likes);

    out.clear();
    r = ingest_content(R"([{"id":"1","uri":"https://a/s/1","created_at":"soon","content":"x","account":{}}])", out);
    CHECK(out.empty());
    CHECK(r.failed == 1);
    CHECK(r.problems.at(0).find("no readable created_at") != std::string::npos);

    out.clear(); // what DELETE answers: the status with its source text, no content
    r = ingest_content(R"({"id":"1","uri":"https://a/s/1","created_at":"2026-11-20T09:15:00Z","text":"Toot!",
                           "account":{"acct":"amy"},"content":null})", out);
    CHECK(out.empty()); // not taken for an X tweet (id and text)
    CHECK(r.failed == 0);
    CHECK(r.skipped == 1);

    out.clear();
    r = ingest_content("[]", out);
    CHECK(out.empty());
    CHECK(r.failed == 0);
    CHECK(r.skipped == 1);
}

TEST_CASE("every Mastodon recording reads or fails with a counted reason") {
    if (!have_fixtures()) {
        earshot::test::fixtures_absent("the Mastodon recordings");
        return;
    }
    size_t files = 0, total = 0, errors = 0;
    for (const auto& entry : fs::recursive_directory_iterator(fixtures() + "/mastodon")) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        const std::string name = entry.path().filename().string();
        std::vector<Mention> out;
        IngestReport r = ingest_content(slurp(entry.path().string()), out);
        INFO(name);
        CHECK(r.mentions == out.size());
        CHECK((!out.empty() || r.failed > 0 || r.skipped > 0));
        CHECK(r.problems.size() <= r.failed + r.skipped);
        for (const std::string& p : r.problems) {
            INFO(p);
            CHECK((p.find("error answer from the service") != std::string::npos ||
                   p.find("skipped: ") != std::string::npos));
        }
        errors += r.failed;
        for (const Mention& m : out) {
            CHECK(m.id.rfind("mastodon:http", 0) == 0);
            CHECK(m.source == Source::Mastodon);
            CHECK(m.created_at > 1'400'000'000);
            CHECK(m.author.handle.find('@') != std::string::npos); // user@server
            CHECK(earshot::test::is_valid_utf8(m.text));
            CHECK(m.text.find("</") == std::string::npos); // no markup left
        }
        total += out.size();
        if (name == "post_toot_default.json") {
            CHECK(r.failed == 1);
            CHECK(r.problems.at(0) == "response 1: error answer from the service (HTTP 401): The access token is invalid");
        }
        if (name == "test_lang_for_errors.json") {
            CHECK(r.failed == 2);
            CHECK(r.problems.at(0).find("バリデーションに失敗しました") != std::string::npos);
        }
        if (name == "test_status_missing.json") CHECK(r.problems.at(0) == "response 1: error answer from the service (HTTP 404): Not Found");
        if (name == "test_account_search.json" || name == "search_accounts_default.json") CHECK(out.empty());
    }
    CHECK(files == 19);
    CHECK(errors == 6); // 401 ×2, 404 ×2, 422 ×2
    CHECK(total > 60);

    std::vector<Mention> out;
    ingest_content(slurp(fixtures() + "/mastodon/public-instances/get_timeline_public_instance.json"), out);
    CHECK(out.size() == 20);
    const Mention* de = by_id(out, "mastodon:https://weatherby2378.social/users/Michael/statuses/114870361736604310");
    REQUIRE(de);
    CHECK(de->lang == "de");
    CHECK(de->text.rfind("Natüürlich.\n\n\"The UK and Germany have agreed", 0) == 0);
    // The link's hidden parts are in the text: the full URL, not "bbc.com/news/articles/cq6m10g7".
    CHECK(de->text.find("https://www.bbc.com/news/articles/cq6m10g7e35o") != std::string::npos);
    CHECK(de->urls == std::vector<std::string>{"https://www.bbc.com/news/articles/cq6m10g7e35o"});
    CHECK(de->domains == std::vector<std::string>{"bbc.com"});
    CHECK(de->author.handle == "Michael@weatherby2378.social");
    CHECK(de->author.followers == 265);
    const Mention* el = by_id(out, "mastodon:https://mastodon.social/users/greekhub/statuses/114870361529639936");
    REQUIRE(el);
    CHECK(el->text.rfind("Η Twitch δοκιμάζει κάθετα βίντεο ροής https://greekhub.org/", 0) == 0);
    CHECK(el->hashtags == std::vector<std::string>{"GreekHub"}); // as written; tags[] says "greekhub"
    CHECK(el->author.handle == "greekhub@mastodon.social");      // acct has no server for local accounts

    out.clear();
    ingest_content(slurp(fixtures() + "/mastodon/public-instances/get_timeline_hashtag_instance.json"), out);
    const Mention* aws = by_id(out, "mastodon:https://hachyderm.io/users/zkamvar/statuses/114869598497920330");
    REQUIRE(aws);
    CHECK(aws->mentions == std::vector<std::string>{"snystrom@genomic.social"});
    CHECK(contains(aws->hashtags, "AWS"));
    CHECK(contains(aws->hashtags, "Rstats"));
    CHECK(contains(aws->urls, "https://github.com/cloudyr/aws.s3/pull/438"));
    CHECK(aws->text.find("@snystrom and I found today") != std::string::npos);

    out.clear();
    ingest_content(slurp(fixtures() + "/mastodon/local-test-instance/test_status_card.json"), out);
    REQUIRE_FALSE(out.empty());
    CHECK(out[0].text == "http://example.org/");
    CHECK(out[0].urls == std::vector<std::string>{"http://example.org/"});
}
