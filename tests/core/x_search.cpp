// XSearchRun tests: paging to the end, since_id, and the failure paths
// (429 with reset, bad token, 5xx, transport error, malformed body); poll
// groups' runs (combined query, catch-up, resume), and several rounds of
// overlapping listeners against the demo source's search logic, with every
// post read once.
#include "core/listen/x_search.hpp"

#include "poll_helpers.hpp"

#include "core/listen/listener_set.hpp"
#include "core/listen/profile.hpp"
#include "core/text/text.hpp"
#include "demo/api.hpp"
#include "demo/corpus.hpp"
#include "demo/wire_util.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>
#include <utility>

using namespace earshot::core;

namespace {
HttpResponse ok(const std::string& body) {
    HttpResponse r;
    r.status = 200;
    r.body = body;
    r.headers = {{"x-rate-limit-limit", "450"}, {"x-rate-limit-remaining", "449"}, {"x-rate-limit-reset", "1795605300"}};
    return r;
}
Listener listener(const std::string& since = "") { return {"l", "L", "\"harbour bean\" OR @harbourbean", since, 0, 0, false}; }
} // namespace

TEST_CASE("a run follows next_token to the end and records the newest id") {
    XSearchRun run(listener("100"));
    std::string p = run.request_path();
    CHECK(p.rfind("/2/tweets/search/recent?query=%22harbour%20bean%22%20OR%20%40harbourbean", 0) == 0);
    CHECK(p.find("&since_id=100") != std::string::npos);
    CHECK(p.find("expansions=author_id") != std::string::npos);
    CHECK(p.find("next_token") == std::string::npos);
    std::vector<Mention> out;
    CHECK(run.consume(ok(R"({"data":[{"id":"205","text":"a"},{"id":"203","text":"b"}],"meta":{"next_token":"t2"}})"),
                      out) == XSearchRun::State::NeedRequest);
    CHECK(run.request_path().find("&next_token=t2") != std::string::npos);
    CHECK(run.consume(ok(R"({"data":[{"id":"1000","text":"c"}],"meta":{}})"), out) == XSearchRun::State::Done);
    CHECK(out.size() == 3);
    CHECK(run.pages() == 2);
    CHECK(run.posts_read() == 3);
    CHECK(run.newest_id() == "1000"); // numerically newest, not lexically
    CHECK(run.rate_limit().remaining == 449);
}

TEST_CASE("429 stops the run and exposes the reset time") {
    XSearchRun run(listener());
    HttpResponse r;
    r.status = 429;
    r.body = R"({"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429})";
    r.headers = {{"x-rate-limit-remaining", "0"}, {"x-rate-limit-reset", "1795606200"}};
    std::vector<Mention> out;
    CHECK(run.consume(r, out) == XSearchRun::State::RateLimited);
    CHECK(run.rate_limit().reset == 1795606200);
    CHECK(run.message().find("rate limit") != std::string::npos);
    CHECK(out.empty());
}

TEST_CASE("failures say what happened and what to do") {
    std::vector<Mention> out;
    {
        XSearchRun run(listener());
        HttpResponse r;
        r.status = 401;
        r.body = R"({"title":"Unauthorized","status":401})";
        CHECK(run.consume(r, out) == XSearchRun::State::Failed);
        CHECK(run.message().find("X_BEARER_TOKEN") != std::string::npos);
    }
    {
        XSearchRun run(listener());
        HttpResponse r;
        r.transport_error = "connection refused";
        CHECK(run.consume(r, out) == XSearchRun::State::Failed);
        CHECK(run.message().find("connection refused") != std::string::npos);
    }
    {
        XSearchRun run(listener());
        CHECK(run.consume(ok(R"({"data":[{"id":"1","te)"), out) == XSearchRun::State::Failed);
        CHECK(run.message().find("could not be read") != std::string::npos);
    }
    {
        XSearchRun run(listener());
        HttpResponse r;
        r.status = 503;
        r.body = "<html>busy</html>";
        CHECK(run.consume(r, out) == XSearchRun::State::Failed);
        CHECK(run.message().find("503") != std::string::npos);
    }
    CHECK(out.empty());
}

TEST_CASE("an interrupted run resumes from its cursor, never re-reading a page") {
    Listener l = listener("100");
    XSearchRun first(l);
    CHECK(first.cursor().empty()); // nothing read yet: nothing to resume
    std::vector<Mention> out;
    REQUIRE(first.consume(ok(R"({"data":[{"id":"205","text":"a"},{"id":"203","text":"b"}],"meta":{"next_token":"t2"}})"),
                          out) == XSearchRun::State::NeedRequest);
    CHECK(first.last_page_posts() == 2);
    CHECK(first.next_token() == "t2");
    // The tab closes here; the app kept the cursor in Listener::resume.
    l.resume = first.cursor();
    CHECK(l.resume.since_id == "100");
    CHECK(l.resume.next_token == "t2");
    CHECK(l.resume.newest_id == "205");
    CHECK(l.resume.oldest_id == "203");

    XSearchRun resumed(l);
    const std::string p = resumed.request_path();
    CHECK(p.find("&since_id=100") != std::string::npos);
    CHECK(p.find("&next_token=t2") != std::string::npos);
    CHECK(resumed.consume(ok(R"({"data":[{"id":"150","text":"c"}],"meta":{}})"), out) == XSearchRun::State::Done);
    CHECK(resumed.newest_id() == "205"); // from the first part of the run
    CHECK(resumed.posts_read() == 1);
    CHECK(resumed.cursor().empty());
    CHECK(out.size() == 3);
}

TEST_CASE("a failure after some pages keeps the cursor; before any page it keeps nothing") {
    std::vector<Mention> out;
    HttpResponse down;
    down.transport_error = "network down";
    {
        XSearchRun run(listener("100"));
        REQUIRE(run.consume(down, out) == XSearchRun::State::Failed);
        CHECK(run.cursor().empty());
    }
    XSearchRun run(listener("100"));
    REQUIRE(run.consume(ok(R"({"data":[{"id":"300","text":"a"}],"meta":{"next_token":"t9"}})"), out) ==
            XSearchRun::State::NeedRequest);
    HttpResponse limited;
    limited.status = 429;
    limited.headers = {{"x-rate-limit-reset", "1795606200"}};
    REQUIRE(run.consume(limited, out) == XSearchRun::State::RateLimited);
    const RunCursor c = run.cursor();
    CHECK(c.next_token == "t9");
    CHECK(c.newest_id == "300");
    CHECK(run.rate_limit().reset == 1795606200);
}

TEST_CASE("an expired saved token continues below the oldest post read") {
    Listener l = listener("100");
    l.resume = {"100", "", "stale", "900", "700"};
    XSearchRun run(l);
    HttpResponse bad;
    bad.status = 400;
    bad.body = R"({"errors":[{"parameters":{"next_token":["stale"]},"message":"The `next_token` query parameter value [stale] is not valid for this query"}],"title":"Invalid Request"})";
    std::vector<Mention> out;
    REQUIRE(run.consume(bad, out) == XSearchRun::State::NeedRequest);
    REQUIRE(run.warnings().size() == 1);
    const std::string p = run.request_path();
    CHECK(p.find("&since_id=100&until_id=700") != std::string::npos);
    CHECK(p.find("next_token") == std::string::npos);
    CHECK(run.cursor().until_id == "700");
    CHECK(run.consume(ok(R"({"data":[{"id":"650","text":"x"}],"meta":{}})"), out) == XSearchRun::State::Done);
    CHECK(run.newest_id() == "900");

    // Any other 400 is a failure, as before.
    XSearchRun fresh(listener());
    bad.body = R"({"title":"Invalid Request","detail":"query too long"})";
    CHECK(fresh.consume(bad, out) == XSearchRun::State::Failed);
}

TEST_CASE("page size follows the spend allowance within X's 10..100") {
    XSearchRun run(listener(), 37);
    CHECK(run.request_path().find("&max_results=37") != std::string::npos);
    run.set_max_results(3);
    CHECK(run.max_results() == 10);
    run.set_max_results(500);
    CHECK(run.max_results() == 100);
    // The query sent is the one X accepts (negated groups rewritten).
    CHECK(x_wire_query("skiing -(snow OR day)") == "skiing -snow -day");
    CHECK(x_wire_query("broken (") == "broken (");
}

// [SECTION] Poll groups' runs

using earshot::test::member;
using earshot::test::param_of;

TEST_CASE("combined and excluding queries as X takes them") {
    Result<std::string> both = combined_x_query({"\"harbour bean\" -is:retweet", "coffee brighton"});
    REQUIRE(both.ok());
    CHECK(both.value() == "(\"harbour bean\" -is:retweet) OR (coffee brighton)");
    CHECK(combined_x_query({std::string(300, 'a'), std::string(300, 'b')}).error().find("512") !=
          std::string::npos);

    // The shared "-is:retweet" is not negated into an "is:retweet" branch.
    ExcludingQuery q = excluding_x_query({"coffee hove -is:retweet"}, {"coffee brighton -is:retweet"});
    CHECK(q.excludes);
    CHECK(q.query == "coffee hove -is:retweet -brighton");
    // Within an excluded query: nothing left to read.
    q = excluding_x_query({"\"harbour bean\" lang:en -is:retweet"}, {"\"harbour bean\" OR @harbourbean"});
    CHECK(q.nothing_to_read);
    CHECK_FALSE(q.excludes);
    // Too long with the exclusion: sent without it, and the caller is told.
    q = excluding_x_query({"coffee"}, {std::string(300, 'b') + " " + std::string(300, 'c')});
    CHECK_FALSE(q.excludes);
    CHECK_FALSE(q.nothing_to_read);
    CHECK(q.query == "coffee");
}

TEST_CASE("a group run sends one combined query from the group's since_id") {
    PollRun run;
    run.members = {"a", "b"};
    run.query = combined_x_query({"coffee", "\"flat white\""}).value();
    run.since_id = "500";
    XSearchRun search(run);
    const std::string p = search.request_path();
    CHECK(param_of(p, "query") == url_encode("coffee OR \"flat white\""));
    CHECK(param_of(p, "since_id") == "500");
    CHECK(param_of(p, "until_id").empty());
    std::vector<Mention> out;
    REQUIRE(search.consume(ok(R"({"data":[{"id":"620","text":"coffee"}],"meta":{"next_token":"t"}})"), out) ==
            XSearchRun::State::NeedRequest);
    CHECK(search.cursor().query == run.query); // the token belongs to this query
    CHECK(search.consume(ok(R"({"data":[{"id":"610","text":"flat white"}],"meta":{}})"), out) ==
          XSearchRun::State::Done);
    CHECK(search.newest_id() == "620");
}

TEST_CASE("a catch-up carries its exclusion and until_id, and ends at the group's newest id") {
    PollRun run;
    run.kind = PollRun::Kind::CatchUp;
    run.members = {"new"};
    run.query = excluding_x_query({"coffee hove"}, {"coffee brighton"}).query;
    run.until_id = run.newest_floor = "900";
    XSearchRun search(run);
    const std::string p = search.request_path();
    CHECK(param_of(p, "query") == url_encode("coffee hove -brighton"));
    CHECK(param_of(p, "until_id") == "900");
    CHECK(param_of(p, "since_id").empty()); // never polled: X's 7 days
    std::vector<Mention> out;
    REQUIRE(search.consume(ok(R"({"data":[{"id":"700","text":"coffee hove"}],"meta":{}})"), out) ==
            XSearchRun::State::Done);
    CHECK(search.newest_id() == "900"); // not 700: the group has read up to 900
    // Nothing below until_id left in X's window: the catch-up is complete.
    XSearchRun old(run);
    HttpResponse too_old;
    too_old.status = 400;
    too_old.body = R"({"errors":[{"parameters":{"until_id":["900"]},"message":"Invalid 'until_id':'900'. 'until_id' must be a tweet id created after 2026-05-21T20:26Z. Please use a 'until_id' that is larger than 1"}]})";
    CHECK(old.consume(too_old, out) == XSearchRun::State::Done);
    CHECK(old.newest_id() == "900");
}

TEST_CASE("a since_id older than X's window is dropped, reading the same posts") {
    XSearchRun run(listener("100"));
    HttpResponse too_old;
    too_old.status = 400;
    too_old.body = R"({"errors":[{"parameters":{"since_id":["100"]},"message":"Invalid 'since_id':'100'. 'since_id' must be a tweet id created after 2026-05-21T20:26Z."}]})";
    std::vector<Mention> out;
    REQUIRE(run.consume(too_old, out) == XSearchRun::State::NeedRequest);
    CHECK(param_of(run.request_path(), "since_id").empty());
    CHECK(run.warnings().size() == 1);
}

TEST_CASE("a resumed group run keeps its token only while its query is the same") {
    RunCursor c{"100", "", "tok", "900", "700", combined_x_query({"a1", "b1", "c1"}).value()};
    PollRun same;
    same.kind = PollRun::Kind::Resume;
    same.members = {"a", "b", "c"};
    same.query = c.query;
    same.resume = c;
    std::string p = XSearchRun(same).request_path();
    CHECK(param_of(p, "next_token") == "tok");
    CHECK(param_of(p, "since_id") == "100");
    CHECK(param_of(p, "until_id").empty());

    PollRun fewer = same; // b was paused meanwhile
    fewer.members = {"a", "c"};
    fewer.query = combined_x_query({"a1", "c1"}).value();
    XSearchRun below(fewer);
    p = below.request_path();
    CHECK(param_of(p, "next_token").empty());
    CHECK(param_of(p, "until_id") == "700"); // below the oldest post read: no page twice
    CHECK(param_of(p, "since_id") == "100");
    std::vector<Mention> out;
    REQUIRE(below.consume(ok(R"({"data":[{"id":"650","text":"a1"}],"meta":{}})"), out) == XSearchRun::State::Done);
    CHECK(below.newest_id() == "900");
}
