// Tests of the demo source's X API v2 (pure functions, no sockets): page shape and
// field selection, paging, since_id, parameter errors, rate limits, auth, faults.
#include "demo_fixture.hpp"

#include "core/ingest/x_v2.hpp"
#include "core/query/query.hpp"
#include "demo/wire_util.hpp"

#include "../core/fixtures.hpp"
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>

using namespace earshot::demo;
using namespace earshot::demo::test;
using nlohmann::json;

namespace {
const std::string kSearch = "/2/tweets/search/recent";
const std::string kBroad =
    "coffee OR brighton OR harbourbean OR harbour OR grindhouse OR crumb OR hove";

/// Every post a query should find at `now` in the last 7 days, newest first.
std::vector<std::string> brute_force(const std::string& query, int64_t now, uint64_t since = 0) {
    auto parsed = earshot::core::Query::parse(query);
    const auto& q = std::get<earshot::core::Query>(parsed);
    std::vector<std::string> ids;
    const Corpus& c = corpus();
    for (size_t i = c.posts.size(); i-- > 0;) {
        const DemoPost& p = c.posts[i];
        if (snowflake_ms(p.id) > now || p.created_ms < now - kWeek || p.id <= since)
            continue;
        if (q.matches(c.mentions[i]))
            ids.push_back(p.id_str);
    }
    return ids;
}

/// Follows next_token to the end; returns every id in the order received.
std::vector<std::string> all_pages(Params params, int64_t now, int* pages = nullptr) {
    ServerState state;
    std::vector<std::string> ids;
    for (int page = 0; page < 500; ++page) {
        const Response r = get(kSearch, params, state, now);
        REQUIRE(r.status == 200);
        const json b = body(r);
        REQUIRE(!b.is_discarded());
        for (const auto& t : b.value("data", json::array()))
            ids.push_back(t["id"].get<std::string>());
        REQUIRE(b["meta"]["result_count"].get<size_t>() == b.value("data", json::array()).size());
        if (pages)
            *pages = page + 1;
        if (!b["meta"].contains("next_token"))
            break;
        params.erase(std::remove_if(params.begin(), params.end(),
                                    [](const auto& kv) { return kv.first == "next_token"; }),
                     params.end());
        params.emplace_back("next_token", b["meta"]["next_token"].get<std::string>());
    }
    return ids;
}

void require_invalid_request(const Response& r, const std::string& param) {
    REQUIRE(r.status == 400);
    const json b = body(r);
    REQUIRE(!b.is_discarded());
    CHECK(b["title"] == "Invalid Request");
    CHECK(b["type"] == "https://api.twitter.com/2/problems/invalid-request");
    CHECK(b["detail"] == "One or more parameters to your request was invalid.");
    REQUIRE(b["errors"].is_array());
    bool named = false;
    for (const auto& e : b["errors"]) {
        CHECK(e["message"].is_string());
        named = named || e["parameters"].contains(param);
    }
    CHECK(named);
}
} // namespace

TEST_CASE("search: default page is X's minimal shape", "[demo]") {
    ServerState state;
    const Response r = get(kSearch, {{"query", "coffee"}}, state);
    REQUIRE(r.status == 200);
    CHECK(r.content_type == "application/json; charset=utf-8");
    const json b = body(r);
    REQUIRE(!b.is_discarded());
    REQUIRE(b["data"].size() == 10);
    for (const auto& t : b["data"]) {
        std::set<std::string> keys;
        for (const auto& [k, v] : t.items())
            keys.insert(k);
        CHECK(keys == std::set<std::string>{"id", "text", "edit_history_tweet_ids"});
        CHECK(std::regex_match(t["id"].get<std::string>(), std::regex("[0-9]{18,19}")));
    }
    CHECK(!b.contains("includes"));
    CHECK(b["meta"]["result_count"] == 10);
    CHECK(b["meta"]["newest_id"] == b["data"][0]["id"]);
    CHECK(b["meta"]["oldest_id"] == b["data"][9]["id"]);
    CHECK(b["meta"].contains("next_token"));
}

TEST_CASE("search: matches nothing -> meta with result_count 0 only", "[demo]") {
    ServerState state;
    const Response r = get(kSearch, {{"query", "xylophonequartet"}}, state);
    REQUIRE(r.status == 200);
    CHECK(body(r) == json::parse(R"({"meta":{"result_count":0}})"));
}

TEST_CASE("search: next_token pages return every match exactly once, newest first", "[demo]") {
    const std::string query = "\"harbour bean\" OR @harbourbean OR #HarbourBeanThrowdown";
    int pages = 0;
    const auto ids = all_pages({{"query", query}, {"max_results", "100"}}, kNow, &pages);
    const auto expected = brute_force(query, kNow);
    CHECK(pages > 5);
    REQUIRE(ids.size() == expected.size());
    CHECK(ids == expected);
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
    // Smaller pages give the same sequence.
    CHECK(all_pages({{"query", query}, {"max_results", "37"}}, kNow) == expected);
}

TEST_CASE("search: next_token is stable and tied to its query", "[demo]") {
    ServerState state;
    const Params p = {{"query", kBroad}, {"max_results", "50"}};
    const json a = body(get(kSearch, p, state)), b = body(get(kSearch, p, state));
    const std::string token = a["meta"]["next_token"];
    CHECK(token == b["meta"]["next_token"].get<std::string>());
    // Still valid after more posts arrive: the next page continues below the last one.
    const json later =
        body(get(kSearch, {{"query", kBroad}, {"max_results", "50"}, {"next_token", token}}, state,
                 kNow + 10 * kMinute));
    CHECK(std::stoull(later["data"][0]["id"].get<std::string>()) <
          std::stoull(a["meta"]["oldest_id"].get<std::string>()));
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"next_token", token}}, state),
                            "next_token");
    require_invalid_request(
        get(kSearch, {{"query", "coffee"}, {"next_token", "not-a-token"}}, state), "next_token");
}

TEST_CASE("search: posts trickle in; since_id returns only newer ones", "[demo]") {
    ServerState state;
    const json first = body(get(kSearch, {{"query", kBroad}, {"max_results", "100"}}, state));
    const std::string newest = first["meta"]["newest_id"];
    CHECK(snowflake_ms(std::stoull(newest)) <= kNow); // nothing from the future

    const int64_t later = kNow + 90 * kMinute;
    const auto newer =
        all_pages({{"query", kBroad}, {"since_id", newest}, {"max_results", "10"}}, later);
    REQUIRE(!newer.empty());
    for (const auto& id : newer)
        CHECK(std::stoull(id) > std::stoull(newest));
    CHECK(newer == brute_force(kBroad, later, std::stoull(newest)));

    // Polling again from the newest id at the same time finds nothing new.
    const json again =
        body(get(kSearch, {{"query", kBroad}, {"since_id", newer.front()}}, state, later));
    CHECK(again["meta"]["result_count"] == 0);
}

TEST_CASE("search: start_time, end_time and until_id bound the results", "[demo]") {
    ServerState state;
    const int64_t start = kNow - 2 * 86'400'000LL, end = kNow - 86'400'000LL;
    const auto ids = all_pages({{"query", kBroad},
                                {"start_time", iso8601_ms(start)},
                                {"end_time", iso8601_ms(end)},
                                {"max_results", "100"}},
                               kNow);
    REQUIRE(!ids.empty());
    for (const auto& id : ids) {
        const int64_t ms = snowflake_ms(std::stoull(id)) / 1000 * 1000;
        CHECK(ms >= start);
        CHECK(ms < end);
    }
    const json page = body(get(kSearch, {{"query", kBroad}, {"until_id", ids[5]}}, state));
    for (const auto& t : page["data"])
        CHECK(std::stoull(t["id"].get<std::string>()) < std::stoull(ids[5]));
}

TEST_CASE("search: parameter errors are 400 Invalid Request like X's", "[demo]") {
    ServerState state;
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"max_results", "9"}}, state),
                            "max_results");
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"max_results", "101"}}, state),
                            "max_results");
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"max_results", "ten"}}, state),
                            "max_results");
    CHECK(get(kSearch, {{"query", "coffee"}, {"max_results", "100"}}, state).status == 200);
    const Response r = get(kSearch, {{"query", "coffee"}, {"max_results", "5"}}, state);
    CHECK(body(r)["errors"][0]["parameters"]["max_results"] == json::array({"5"}));
    CHECK(body(r)["errors"][0]["message"] ==
          "The `max_results` query parameter value [5] is not between 10 and 100");

    require_invalid_request(get(kSearch, {}, state), "query");
    require_invalid_request(
        get(kSearch, {{"query", "coffee"}, {"start_time", iso8601_ms(kNow - kWeek - 3'600'000)}},
            state),
        "start_time");
    require_invalid_request(
        get(kSearch, {{"query", "coffee"}, {"end_time", iso8601_ms(kNow)}}, state), "end_time");
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"start_time", "yesterday"}}, state),
                            "start_time");
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"since_id", "12ab"}}, state),
                            "since_id");
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"since_id", "1"}}, state),
                            "since_id");
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"colour", "blue"}}, state),
                            "colour");
    require_invalid_request(
        get(kSearch, {{"query", "coffee"}, {"tweet.fields", "author_id,mood"}}, state),
        "tweet.fields");
    require_invalid_request(
        get(kSearch, {{"query", "coffee"}, {"expansions", "everything"}}, state), "expansions");

    // A query the core cannot parse: X's wording, with the position.
    const Response bad = get(kSearch, {{"query", "(coffee OR tea"}}, state);
    require_invalid_request(bad, "query");
    const std::string message = body(bad)["errors"][0]["message"];
    CHECK(message.rfind("There were errors processing your request: ", 0) == 0);
    CHECK(message.find("(at position ") != std::string::npos);
}

TEST_CASE("search: fields and expansions are honoured", "[demo]") {
    ServerState state;
    const json plain = body(get(kSearch, {{"query", kBroad}, {"tweet.fields", "lang"}}, state));
    for (const auto& t : plain["data"]) {
        CHECK(!t.contains("author_id"));
        CHECK(!t.contains("created_at"));
        CHECK(t.contains("lang"));
    }

    const json full =
        body(get(kSearch,
                 {{"query", kBroad},
                  {"max_results", "100"},
                  {"tweet.fields", "author_id,created_at,public_metrics,entities,conversation_id,"
                                   "referenced_tweets,in_reply_to_user_id,geo,attachments"},
                  {"expansions", "author_id,referenced_tweets.id,in_reply_to_user_id"},
                  {"user.fields", "location,public_metrics,verified"}},
                 state));
    std::set<std::string> users, tweets;
    for (const auto& u : full["includes"]["users"]) {
        users.insert(u["id"].get<std::string>());
        CHECK(u.contains("name"));
        CHECK(u.contains("username"));
        CHECK(u["public_metrics"].contains("followers_count"));
        CHECK(u.contains("verified"));
        CHECK(!u.contains("created_at"));
    }
    for (const auto& t : full["includes"]["tweets"])
        tweets.insert(t["id"].get<std::string>());
    size_t referenced = 0;
    for (const auto& t : full["data"]) {
        CHECK(users.count(t["author_id"].get<std::string>()) == 1);
        CHECK(std::regex_match(t["created_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z)")));
        CHECK(t["public_metrics"].contains("like_count"));
        if (t.contains("in_reply_to_user_id"))
            CHECK(users.count(t["in_reply_to_user_id"].get<std::string>()) == 1);
        for (const auto& ref : t.value("referenced_tweets", json::array())) {
            CHECK(tweets.count(ref["id"].get<std::string>()) == 1);
            ++referenced;
        }
    }
    CHECK(referenced > 0);

    // Places and media for the latte art night, with their own field lists.
    const json night = body(get(kSearch,
                                {{"query", "#HarbourBeanThrowdown"},
                                 {"max_results", "100"},
                                 {"tweet.fields", "geo,attachments"},
                                 {"expansions", "geo.place_id,attachments.media_keys"},
                                 {"place.fields", "country_code,geo,name,place_type"},
                                 {"media.fields", "url,width,height"}},
                                state));
    std::set<std::string> places, media;
    for (const auto& p : night["includes"]["places"]) {
        places.insert(p["id"].get<std::string>());
        CHECK(p["country_code"] == "GB");
        CHECK(p["geo"]["bbox"].size() == 4);
        CHECK(p.contains("full_name"));
    }
    for (const auto& m : night["includes"]["media"]) {
        media.insert(m["media_key"].get<std::string>());
        CHECK(m.contains("type"));
        CHECK(m.contains("width"));
    }
    size_t placed = 0, with_media = 0;
    for (const auto& t : night["data"]) {
        if (t.contains("geo")) {
            CHECK(places.count(t["geo"]["place_id"].get<std::string>()) == 1);
            ++placed;
        }
        for (const auto& k :
             t.value("attachments", json::object()).value("media_keys", json::array())) {
            CHECK(media.count(k.get<std::string>()) == 1);
            ++with_media;
        }
    }
    CHECK(placed > 0);
    CHECK(with_media > 0);
}

TEST_CASE("search: rate limit headers count down, then 429 until the window resets", "[demo]") {
    ServerOptions options;
    options.search_limit = 3;
    ServerState state;
    for (int i = 1; i <= 3; ++i) {
        const Response r = get(kSearch, {{"query", "coffee"}}, state, kNow, options);
        REQUIRE(r.status == 200);
        CHECK(header(r, "x-rate-limit-limit") == "3");
        CHECK(header(r, "x-rate-limit-remaining") == std::to_string(3 - i));
        CHECK(header(r, "x-rate-limit-reset") ==
              std::to_string((kNow + 15 * kMinute + 999) / 1000));
    }
    const Response limited = get(kSearch, {{"query", "coffee"}}, state, kNow + kMinute, options);
    CHECK(limited.status == 429);
    CHECK(header(limited, "x-rate-limit-remaining") == "0");
    CHECK(body(limited) == json::parse(R"({"title":"Too Many Requests","detail":"Too Many Requests",
                                           "type":"about:blank","status":429})"));
    // An explicit 503 switch still answers 503 with the budget spent.
    CHECK(get(kSearch, {{"query", "coffee"}, {"demo_fault", "503"}}, state, kNow + kMinute, options)
              .status == 503);
    // Other endpoints have their own budget.
    CHECK(get("/2/users/by/username/harbourbean", {}, state, kNow + kMinute, options).status ==
          200);
    CHECK(get(kSearch, {{"query", "coffee"}}, state, kNow + 15 * kMinute, options).status == 200);
}

TEST_CASE("auth: a bearer token is required, as X requires one", "[demo]") {
    ServerState state;
    const Response r = get(kSearch, {{"query", "coffee"}}, state, kNow, {}, {});
    CHECK(r.status == 401);
    CHECK(
        body(r) ==
        json::parse(
            R"({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})"));
    CHECK(get(kSearch, {{"query", "coffee"}}, state, kNow, {}, {{"authorization", "Bearer "}})
              .status == 401);
    ServerOptions open;
    open.require_auth = false;
    CHECK(get(kSearch, {{"query", "coffee"}}, state, kNow, open, {}).status == 200);
    CHECK(get("/health", {}, state, kNow, {}, {}).status == 200);
    CHECK(get("/2/tweets/sample/stream", {}, state).status == 404);
}

TEST_CASE("faults: each switch produces the promised failure", "[demo]") {
    ServerState state;
    auto with_fault = [&](const std::string& f) {
        return get(kSearch, {{"query", "coffee"}}, state, kNow, {},
                   {{"authorization", "Bearer demo"}, {"x-demo-fault", f}});
    };
    const Response unavailable = with_fault("503");
    CHECK(unavailable.status == 503);
    CHECK(body(unavailable)["title"] == "Service Unavailable");

    const Response limited = with_fault("429");
    CHECK(limited.status == 429);
    CHECK(header(limited, "x-rate-limit-remaining") == "0");

    const Response slow = with_fault("slow:250");
    CHECK(slow.status == 200);
    CHECK(slow.delay_ms == 250);
    CHECK(!body(slow).is_discarded());

    const Response truncated = with_fault("truncated");
    CHECK(truncated.status == 200);
    REQUIRE(truncated.truncate_at.has_value());
    CHECK(*truncated.truncate_at < truncated.body.size());
    CHECK(json::parse(truncated.body.substr(0, *truncated.truncate_at), nullptr, false)
              .is_discarded());

    const Response malformed = with_fault("malformed");
    CHECK(malformed.status == 200);
    CHECK(body(malformed).is_discarded());

    // The same switches as a query parameter, and server-wide on every 2nd request.
    CHECK(get(kSearch, {{"query", "coffee"}, {"demo_fault", "503"}}, state).status == 503);
    require_invalid_request(get(kSearch, {{"query", "coffee"}, {"demo_fault", "gremlins"}}, state),
                            "demo_fault");
    ServerOptions flaky;
    flaky.fault = Fault::Unavailable;
    flaky.fault_every = 2;
    ServerState fresh;
    CHECK(get(kSearch, {{"query", "coffee"}}, fresh, kNow, flaky).status == 200);
    CHECK(get(kSearch, {{"query", "coffee"}}, fresh, kNow, flaky).status == 503);
    CHECK(get(kSearch, {{"query", "coffee"}}, fresh, kNow, flaky).status == 200);
}

TEST_CASE("counts: hourly buckets over the week agree with search", "[demo]") {
    ServerState state;
    const std::string query = "@harbourbean OR \"harbour bean\"";
    const Response r = get("/2/tweets/counts/recent", {{"query", query}}, state);
    REQUIRE(r.status == 200);
    const json b = body(r);
    CHECK(b["data"].size() >= 168);
    CHECK(b["data"].size() <= 170);
    int64_t sum = 0;
    for (const auto& bucket : b["data"])
        sum += bucket["tweet_count"].get<int64_t>();
    CHECK(sum == b["meta"]["total_tweet_count"].get<int64_t>());
    // Search sees the same week (give or take the last 10 seconds counts leaves out).
    const auto ids = brute_force(query, kNow);
    CHECK(sum <= static_cast<int64_t>(ids.size()));
    CHECK(sum >= static_cast<int64_t>(ids.size()) - 2);
    require_invalid_request(
        get("/2/tweets/counts/recent", {{"query", query}, {"granularity", "week"}}, state),
        "granularity");
}

TEST_CASE("users: by username, not found, invalid", "[demo]") {
    ServerState state;
    const json found = body(get("/2/users/by/username/HarbourBean",
                                {{"user.fields", "location,public_metrics"}}, state));
    CHECK(found["data"]["username"] == "harbourbean");
    CHECK(found["data"]["location"] == "Kemptown, Brighton");
    const json missing = body(get("/2/users/by/username/nobody_here", {}, state));
    CHECK(missing["errors"][0]["title"] == "Not Found Error");
    require_invalid_request(get("/2/users/by/username/not-valid!", {}, state), "username");
}

TEST_CASE("pages read back through the core's X reader", "[demo]") {
    ServerState state;
    const Response r =
        get(kSearch,
            {{"query", kBroad},
             {"max_results", "100"},
             {"tweet.fields", "created_at,lang,author_id,conversation_id,public_metrics,entities,"
                              "referenced_tweets,in_reply_to_user_id,geo,attachments"},
             {"expansions", "author_id,in_reply_to_user_id,geo.place_id,referenced_tweets.id"},
             {"user.fields", "username,name,location,public_metrics,verified"},
             {"place.fields", "full_name,name,country_code,geo"}},
            state);
    const auto page = earshot::core::parse_x_page(std::string_view(r.body));
    REQUIRE(page.ok());
    CHECK(page->mentions.size() == 100);
    CHECK(page->unreadable == 0);
    CHECK(page->next_token == body(r)["meta"]["next_token"].get<std::string>());
    for (const auto& m : page->mentions)
        CHECK(!m.author.handle.empty());
}

TEST_CASE("pages have the keys of a recorded X response", "[demo]") {
    std::ifstream in(std::string(EARSHOT_FIXTURES) + "/x-v2/test_client_search_recent_tweets.json");
    if (!in) {
        earshot::test::fixtures_absent("the comparison with a recording");
        return;
    }
    const json recording = json::parse(in, nullptr, false);
    REQUIRE(!recording.is_discarded());
    const json& exchange = recording["interactions"][0];
    ServerState state;
    const Response r = get(kSearch, {{"query", "coffee"}}, state);
    const json ours = body(r);
    auto keys = [](const json& o) {
        std::set<std::string> k;
        for (const auto& [name, v] : o.items())
            k.insert(name);
        return k;
    };
    CHECK(keys(ours) == keys(exchange["body"]));
    CHECK(keys(ours["meta"]) == keys(exchange["body"]["meta"]));
    CHECK(keys(ours["data"][0]) == keys(exchange["body"]["data"][0]));
    for (const char* h : {"x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"}) {
        CHECK(exchange["headers"].contains(h));
        CHECK(!header(r, h).empty());
    }
}
