// Ingest tests: X API v2 pages and twarc2 JSONL, against the real recordings in
// ../shared/fixtures (skipped with a message when that folder is absent; failed under CI=true).
#include "core/ingest/ingest.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/model/mention_json.hpp"
#include "core/store/mention_store.hpp"

#include "fixtures.hpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace earshot::core;
namespace fs = std::filesystem;

namespace {

std::string fixtures() { return EARSHOT_FIXTURES; }
bool have_fixtures() { return fs::exists(fixtures() + "/twarc/two_tweets.jsonl"); }
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

} // namespace

TEST_CASE("a full search page: includes resolve authors, places and kinds") {
    const char* page = R"({
      "data": [
        {"id": "20", "text": "@bob love the flat white at @harbourbean #coffee https://t.co/x",
         "created_at": "2026-11-20T09:15:00.000Z", "lang": "en", "author_id": "1",
         "conversation_id": "10", "in_reply_to_user_id": "2",
         "referenced_tweets": [{"type": "replied_to", "id": "10"}],
         "public_metrics": {"like_count": 3, "retweet_count": 1, "reply_count": 0, "quote_count": 0},
         "entities": {"hashtags": [{"start": 40, "end": 47, "tag": "coffee"}],
                      "mentions": [{"start": 0, "end": 4, "username": "bob"}, {"username": "harbourbean"}],
                      "urls": [{"url": "https://t.co/x", "expanded_url": "https://www.HarbourBean.co.uk/menu"}]},
         "geo": {"place_id": "p1"}},
        {"id": "21", "text": "RT @amy: great", "author_id": "2",
         "referenced_tweets": [{"type": "retweeted", "id": "5"}]},
        {"id": "22", "text": "this!", "author_id": "2", "referenced_tweets": [{"type": "quoted", "id": "5"}],
         "attachments": {"media_keys": ["3_1"]}}
      ],
      "includes": {
        "users": [{"id": "1", "username": "amy", "name": "Amy", "location": "Brighton, UK",
                   "public_metrics": {"followers_count": 812}, "verified": false},
                  {"id": "2", "username": "bob", "name": "Bob", "verified_type": "blue"}],
        "places": [{"id": "p1", "full_name": "Brighton, England", "name": "Brighton", "country_code": "GB",
                    "geo": {"bbox": [-0.2, 50.8, -0.1, 50.9]}}],
        "tweets": [{"id": "5", "text": "great"}]
      },
      "meta": {"newest_id": "22", "oldest_id": "20", "result_count": 3, "next_token": "abc"}
    })";
    Result<XPage> r = parse_x_page(std::string_view(page));
    REQUIRE(r.ok());
    const XPage& p = r.value();
    REQUIRE(p.mentions.size() == 3);
    CHECK(p.next_token == "abc");
    CHECK(p.newest_id == "22");
    const Mention& a = p.mentions[0];
    CHECK(a.id == "x:20");
    CHECK(a.kind == Kind::Reply);
    CHECK(a.in_reply_to == "10");
    CHECK(a.in_reply_to_handle == "bob");
    CHECK(a.author.handle == "amy");
    CHECK(a.author.followers == 812);
    CHECK(a.author.location == "Brighton, UK");
    CHECK(a.created_at == 1795166100); // 2026-11-20T09:15:00Z (date -u -d … +%s)
    CHECK(a.hashtags == std::vector<std::string>{"coffee"});
    CHECK(a.domains == std::vector<std::string>{"harbourbean.co.uk"});
    REQUIRE(a.place);
    CHECK(a.place->country_code == "GB");
    CHECK(a.place->lat == Approx(50.85));
    CHECK(a.metrics.likes == 3);
    CHECK_FALSE(a.metrics.impressions.has_value());
    CHECK(p.mentions[1].kind == Kind::Repost);
    CHECK(p.mentions[1].author.verified);
    CHECK(p.mentions[2].kind == Kind::Quote);
    CHECK(p.mentions[2].has_media);
}

TEST_CASE("error documents, non-JSON and wrong types give messages, not crashes") {
    CHECK_FALSE(parse_x_page(std::string_view("")).ok());
    auto trunc = parse_x_page(std::string_view(R"({"data":[{"id":"1","text":"hel)"));
    REQUIRE_FALSE(trunc.ok());
    CHECK(trunc.error().find("not valid JSON") != std::string::npos);
    auto err = parse_x_page(std::string_view(R"({"title":"Unauthorized","detail":"Unauthorized","status":401})"));
    REQUIRE_FALSE(err.ok());
    CHECK(err.error().find("Unauthorized") != std::string::npos);
    // Wrong types inside a tweet are treated as absent.
    auto odd = parse_x_page(std::string_view(
        R"({"data":[{"id":7,"text":"ok","public_metrics":"x","entities":{"hashtags":"no"},"geo":[]},{"id":"8"}]})"));
    REQUIRE(odd.ok());
    CHECK(odd->mentions.size() == 1);
    CHECK(odd->mentions[0].id == "x:7");
    CHECK(odd->unreadable == 1);
    auto empty = parse_x_page(std::string_view(R"({"meta":{"result_count":0}})"));
    REQUIRE(empty.ok());
    CHECK(empty->mentions.empty());
}

TEST_CASE("X's HTML entities in post text are decoded, once") {
    auto r = parse_x_page(std::string_view(
        R"({"data":[{"id":"1","text":"oat &gt; dairy &amp; fish &lt;3 &amp;amp; &copy;"}]})"));
    REQUIRE(r.ok());
    CHECK(r->mentions[0].text == "oat > dairy & fish <3 &amp; &copy;");
}

TEST_CASE("a repost takes the whole reposted text and entities X searched, not the cut 140") {
    const std::string page = R"({
      "data": [{"id": "20", "text": "RT @guide: Brighton guide is live! Top pick: @grindhousecafe on",
                "author_id": "7", "created_at": "2026-11-20T10:00:00.000Z",
                "referenced_tweets": [{"type": "retweeted", "id": "10"}],
                "entities": {"mentions": [{"username": "guide"}, {"username": "grindhousecafe"}]}}],
      "includes": {
        "users": [{"id": "7", "username": "fan"}, {"id": "8", "username": "guide"}],
        "tweets": [{"id": "10", "author_id": "8", "created_at": "2026-11-20T09:00:00.000Z",
                    "text": "Brighton guide is live! Top pick: @grindhousecafe on Ship St, then @harbourbean &amp; @dailycrumb #coffee https://t.co/x",
                    "entities": {"mentions": [{"username": "grindhousecafe"}, {"username": "harbourbean"}, {"username": "dailycrumb"}],
                                 "hashtags": [{"tag": "coffee"}],
                                 "urls": [{"url": "https://t.co/x", "expanded_url": "https://brightonguide.example/cafes"}]}}]}})";
    Result<XPage> r = parse_x_page(std::string_view(page));
    REQUIRE(r.ok());
    REQUIRE(r->mentions.size() == 1);
    const Mention& m = r->mentions[0];
    CHECK(m.kind == Kind::Repost);
    CHECK(m.referenced_id == "10");
    CHECK(m.author.handle == "fan");
    CHECK(m.text == "RT @guide: Brighton guide is live! Top pick: @grindhousecafe on Ship St, then @harbourbean & "
                    "@dailycrumb #coffee https://t.co/x");
    CHECK(m.mentions == std::vector<std::string>{"guide", "grindhousecafe", "harbourbean", "dailycrumb"});
    CHECK(m.hashtags == std::vector<std::string>{"coffee"});
    CHECK(m.domains == std::vector<std::string>{"brightonguide.example"});
    // Without the expansion, the cut text is what there is.
    Result<XPage> bare = parse_x_page(std::string_view(
        R"({"data": [{"id": "20", "text": "RT @guide: cut", "referenced_tweets": [{"type": "retweeted", "id": "10"}]}]})"));
    REQUIRE(bare.ok());
    CHECK(bare->mentions[0].text == "RT @guide: cut");
}

TEST_CASE("ISO 8601 round trip and rejection") {
    int64_t t = 0;
    REQUIRE(parse_iso8601("2021-05-18T19:24:56.000Z", t));
    CHECK(format_iso8601(t) == "2021-05-18T19:24:56Z");
    REQUIRE(parse_iso8601("2013-06-04T16:25:04+00:00", t));
    CHECK(format_iso8601(t) == "2013-06-04T16:25:04Z");
    REQUIRE(parse_iso8601("2000-03-01T00:00:00+01:00", t));
    CHECK(format_iso8601(t) == "2000-02-29T23:00:00Z");
    CHECK_FALSE(parse_iso8601("yesterday", t));
    CHECK_FALSE(parse_iso8601("2021-13-01T00:00:00Z", t));
    CHECK_FALSE(parse_iso8601("2021-12-01T24:00:00Z", t));
    CHECK_FALSE(parse_iso8601("2021-12-01T-1:00:00Z", t));
    CHECK_FALSE(parse_iso8601("2021-12-01T10:00:00Q", t));
    // Written loosely (one-digit month, a space before the zone): the lenient reader
    // still takes them, as before the exact fast path existed.
    REQUIRE(parse_iso8601("2021-5-18T19:24:56Z", t));
    CHECK(format_iso8601(t) == "2021-05-18T19:24:56Z");
    REQUIRE(parse_iso8601("2021-05-18T19:24:56 Z", t));
    CHECK(format_iso8601(t) == "2021-05-18T19:24:56Z");
    // A long fraction before a zone (the lenient reader cut it at 15 characters).
    REQUIRE(parse_iso8601("2021-05-18T19:24:56.123456789-02:30", t));
    CHECK(format_iso8601(t) == "2021-05-18T21:54:56Z");
}

TEST_CASE("every twarc fixture parses or fails with a counted, clear error") {
    if (!have_fixtures()) {
        earshot::test::fixtures_absent("the recorded-data tests");
        return;
    }
    size_t files = 0, total_mentions = 0;
    for (const auto& entry : fs::directory_iterator(fixtures() + "/twarc")) {
        std::string name = entry.path().filename().string();
        if (name == "LICENSE") continue;
        ++files;
        std::vector<Mention> out;
        IngestReport r = ingest_content(slurp(entry.path().string()), out);
        INFO(name);
        CHECK(r.mentions == out.size());
        CHECK(r.problems.size() <= r.failed + r.skipped);
        for (const Mention& m : out) {
            CHECK(m.id.rfind("x:", 0) == 0);
            CHECK_FALSE(m.source_id.empty());
        }
        total_mentions += out.size();
        if (name == "empty.json") {
            CHECK(r.failed == 1);
            CHECK(r.problems.at(0).find("empty") != std::string::npos);
        }
        if (name == "streaming_output_with_error.jsonl") {
            CHECK(r.failed == 1); // the truncated last line, and only it
            REQUIRE(r.problems.size() == 1);
            CHECK(r.problems[0].rfind("line 8: not valid JSON", 0) == 0);
            CHECK(out.size() == 7); // 8 lines, the last cut short
        }
        if (name == "counts.jsonl" || name == "users.jsonl" || name == "lists.jsonl") {
            CHECK(out.empty());
            CHECK(r.skipped >= 1);
            CHECK(r.failed == 0);
        }
        if (name == "flat.jsonl") {
            CHECK(out.size() == 100);
            CHECK(r.failed == 0);
            CHECK_FALSE(out[0].author.handle.empty());
        }
        if (name == "kpop.jsonl") CHECK_FALSE(r.api_errors.empty());
    }
    CHECK(files >= 20);
    CHECK(total_mentions > 500);
}

TEST_CASE("real recordings: geo places, reposts and media are read") {
    if (!have_fixtures()) {
        earshot::test::fixtures_absent("the recorded-data tests");
        return;
    }
    std::vector<Mention> out;
    ingest_content(slurp(fixtures() + "/twarc/geo_tweets.jsonl"), out);
    REQUIRE_FALSE(out.empty());
    bool has_coords = false;
    for (const Mention& m : out) has_coords |= m.place && m.place->lat.has_value();
    CHECK(has_coords);

    out.clear();
    ingest_content(slurp(fixtures() + "/twarc/two_tweets.jsonl"), out);
    const Mention* rt = by_id(out, "x:1394735776701816833");
    REQUIRE(rt);
    CHECK(rt->kind == Kind::Repost);
    CHECK(rt->author.handle == "LachiVeronica");
    CHECK(rt->hashtags == std::vector<std::string>{"POIUYTREWQ"});
    CHECK(rt->lang == "und");

    out.clear();
    ingest_content(slurp(fixtures() + "/twarc/media_tweet.jsonl"), out);
    REQUIRE_FALSE(out.empty());
    CHECK(out[0].has_media);
}

TEST_CASE("every x-v2 recording parses or is skipped with a reason") {
    if (!have_fixtures()) {
        earshot::test::fixtures_absent("the recorded-data tests");
        return;
    }
    size_t mentions = 0;
    for (const auto& entry : fs::directory_iterator(fixtures() + "/x-v2")) {
        if (entry.path().extension() != ".json") continue;
        std::vector<Mention> out;
        IngestReport r = ingest_content(slurp(entry.path().string()), out);
        INFO(entry.path().filename().string());
        CHECK(r.mentions == out.size());
        mentions += out.size();
    }
    CHECK(mentions > 50);
    std::vector<Mention> out;
    ingest_content(slurp(fixtures() + "/x-v2/test_client_search_recent_tweets.json"), out);
    CHECK(out.size() >= 10);
}

TEST_CASE("ingest is idempotent by id") {
    const std::string page = R"({"data":[{"id":"1","text":"a","public_metrics":{"like_count":1}},
                                         {"id":"2","text":"b"}]})";
    const std::string again = R"({"data":[{"id":"1","text":"a","public_metrics":{"like_count":5}}]})";
    std::vector<Mention> a, b;
    ingest_content(page, a);
    ingest_content(again, b);
    MentionStore store;
    for (auto& m : a) store.upsert(m, 1);
    size_t added = 0;
    for (auto& m : b) added += store.upsert(m, 2);
    CHECK(added == 0);
    CHECK(store.size() == 2);
    long i = store.index_of("x:1");
    REQUIRE(i >= 0);
    CHECK(store.listeners_of(i) == 3);           // linked to both listeners
    CHECK(store.at(i).metrics.likes == 5);       // fresher counters kept
    CHECK(store.count_for_listener(1) == 1);
}

TEST_CASE("normalised JSONL round trips through ingest") {
    std::vector<Mention> a;
    ingest_content(R"({"data":[{"id":"9","text":"café ☕ #Brighton","created_at":"2026-11-20T09:15:00.000Z",
        "lang":"fr","entities":{"hashtags":[{"tag":"Brighton"}]}}]})", a);
    REQUIRE(a.size() == 1);
    a[0].sentiment = 0.5f;
    a[0].intents = IntentQuestion | IntentPraise;
    std::string line = to_jsonl(a[0]);
    nlohmann::json j = nlohmann::json::parse(line);
    CHECK(j["metrics"]["likes"].is_null()); // unknown, not 0
    CHECK(j["intents"] == nlohmann::json::array({"question", "praise"}));
    std::vector<Mention> b;
    IngestReport r = ingest_content(line + "\n" + line + "\n", b);
    CHECK(r.failed == 0);
    REQUIRE(b.size() == 2);
    CHECK(b[0].text == a[0].text);
    CHECK(b[0].created_at == a[0].created_at);
    CHECK(b[0].intents == a[0].intents);
    CHECK(to_jsonl(b[0]) == line);
}

TEST_CASE("normalised JSONL with numbers out of range or of the wrong type reads without undefined behaviour") {
    const std::string line =
        R"({"id":"x:1","source":"x","text":"hi","author":{"followers":1e300,"verified":"yes"},)"
        R"("metrics":{"likes":1e300,"reposts":-1e300,"replies":18446744073709551615,"quotes":12.9,)"
        R"("impressions":"7"},"place":{"name":"Brighton","lat":1e300,"lon":-500},"sentiment":7})";
    std::vector<Mention> out;
    IngestReport r = ingest_content(line + "\n", out);
    CHECK(r.failed == 0);
    REQUIRE(out.size() == 1);
    const Mention& m = out[0];
    CHECK_FALSE(m.author.followers); // 1e300 followers is no count
    CHECK_FALSE(m.author.verified);  // "yes" is not a boolean: not verified (it threw)
    CHECK_FALSE(m.metrics.likes);
    CHECK_FALSE(m.metrics.reposts);
    CHECK_FALSE(m.metrics.replies); // above INT64_MAX
    REQUIRE(m.metrics.quotes);
    CHECK(*m.metrics.quotes == 12);
    CHECK_FALSE(m.metrics.impressions);
    REQUIRE(m.place);
    CHECK_FALSE(m.place->lat); // no position rather than one off the globe
    CHECK_FALSE(m.place->lon);
    REQUIRE(m.sentiment);
    CHECK(*m.sentiment == 1.0f); // clamped into [-1, 1]
}

TEST_CASE("an imported sentiment is clamped into [-1, 1] and a non-number is none") {
    for (const auto& [value, expected] : std::vector<std::pair<std::string, std::optional<float>>>{
             {"-3", -1.0f}, {"-1e300", -1.0f}, {"1e300", 1.0f}, {"0.25", 0.25f}, {"\"0.5\"", std::nullopt},
             {"null", std::nullopt}, {"[1]", std::nullopt}}) {
        INFO(value);
        std::vector<Mention> out;
        ingest_content(R"({"id":"x:1","source":"x","text":"hi","sentiment":)" + value + "}\n", out);
        REQUIRE(out.size() == 1);
        CHECK(out[0].sentiment == expected);
    }
}

TEST_CASE("an X page with out-of-range numbers reads them as unknown, never as wrapped values") {
    const char* page = R"({"data":[
      {"id":18446744073709551615,"text":"big id","author_id":"1",
       "public_metrics":{"like_count":1e300,"retweet_count":9223372036854775808,"reply_count":-3,"quote_count":"7"},
       "geo":{"coordinates":{"type":"Point","coordinates":[1e300,51.5]},"place_id":"p"}},
      {"id":"2","text":"odd place","geo":{"place_id":"q"}}],
     "includes":{"places":[{"id":"q","full_name":"Nowhere","geo":{"bbox":[-0.2,51.4,-0.1,95.0]}}]},
     "meta":{"result_count":-5}})";
    auto r = parse_x_page(std::string_view(page));
    REQUIRE(r);
    REQUIRE(r->mentions.size() == 2);
    const Mention& a = r->mentions[0];
    CHECK(a.source_id == "18446744073709551615"); // the digits, not a negative number
    CHECK_FALSE(a.metrics.likes);
    CHECK_FALSE(a.metrics.reposts);
    CHECK(a.metrics.replies == -3);
    CHECK(a.metrics.quotes == 7);
    REQUIRE(a.place);
    CHECK_FALSE(a.place->lat); // a longitude of 1e300 is no position
    const Mention& b = r->mentions[1];
    REQUIRE(b.place);
    CHECK_FALSE(b.place->bbox); // a latitude of 95 is off the globe
    CHECK_FALSE(b.place->lat);
    CHECK(r->result_count == 0);
}
