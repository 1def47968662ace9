// XSearchRun tests: paging to the end, since_id, and the failure paths
// (429 with reset, bad token, 5xx, transport error, malformed body).
#include "core/x_sync.hpp"

#include <catch2/catch.hpp>

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
