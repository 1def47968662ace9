// XSearchRun tests: paging to the end, since_id, and the failure paths
// (429 with reset, bad token, 5xx, transport error, malformed body); poll
// groups' runs (combined query, catch-up, resume), and several rounds of
// overlapping listeners against the demo source's search logic, with every
// post read once.
#include "core/listen/x_search.hpp"

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

namespace {
Listener member(const std::string& id, const std::string& query, const std::string& newest = "") {
    Listener l{id, id, query, newest, 0, 0, false};
    l.daily_cap_posts = 0;
    return l;
}
std::string param_of(const std::string& path, const std::string& name) {
    size_t at = path.find("&" + name + "=");
    if (at == std::string::npos) at = path.find("?" + name + "=");
    if (at == std::string::npos) return "";
    const size_t from = at + name.size() + 2;
    return path.substr(from, path.find('&', from) - from);
}
} // namespace

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

// [SECTION] Poll groups against the demo source

namespace {

namespace demo = earshot::demo;
constexpr int64_t kCorpusNow = 1780000000000; // ms, as tests/demo
constexpr int64_t kHour = 3'600'000, kWeek = 7 * 24 * kHour;

const demo::Corpus& corpus() {
    static const demo::Corpus c = [] {
        demo::CorpusOptions o;
        o.now_ms = kCorpusNow;
        return demo::generate_corpus(o);
    }();
    return c;
}

/// The app's polling loop, with the demo source's search answering in-process.
struct Poller {
    ListenerSet set;
    MentionStore store;
    SpendGuard spend{SpendSettings{5'000, 1000 * kMicrosPerDollar}};
    PollScheduler scheduler;
    demo::ServerOptions server_options;
    demo::ServerState server;
    int64_t now_ms = kCorpusNow;
    std::map<std::string, int> reads; ///< post id → times X returned it
    uint64_t billed = 0;              ///< posts X counted, summed over every page
    std::map<PollRun::Kind, int> runs;
    int exclusions = 0, tokens_dropped = 0, rate_limited = 0;

    int64_t now() const { return now_ms / 1000; }

    HttpResponse answer(const std::string& path) {
        demo::Request r;
        const size_t q = path.find('?');
        r.path = path.substr(0, q);
        r.params = demo::parse_query_string(path.substr(q + 1));
        r.headers = {{"authorization", "Bearer test"}};
        const demo::Response d = demo::handle_request(corpus(), server_options, server, r, now_ms);
        HttpResponse out;
        out.status = d.status;
        out.body = d.body;
        for (const auto& [k, v] : d.headers) out.headers[to_lower(k)] = v;
        return out;
    }

    /// "Sync now": every run the scheduler offers until none is left. A page
    /// hook returning false closes the tab after that page.
    void sync(int page_size = 100, const std::function<bool(int)>& keep_going = {}) {
        PollOptions options;
        options.ignore_schedule = true;
        SharedPosts shared;
        for (int guard = 0; guard < 100; ++guard) {
            shared = count_shared_posts(set.all(), store); // as the app does, from what is stored
            options.shared_posts = &shared;
            const PollDecision d = scheduler.decide(now(), set.all(), spend, options);
            if (d.run.empty()) return;
            if (!d.run.leads_poll) // the poll it opens still has to run
                options.polled.insert(options.polled.end(), d.run.members.begin(), d.run.members.end());
            ++runs[d.run.kind];
            exclusions += !d.run.excluded.empty();
            if (d.run.nothing_to_read) {
                finish_run(set, d.run, d.run.newest_floor, store, now());
                continue;
            }
            XSearchRun run(d.run, std::min(page_size, d.max_results));
            if (d.run.kind == PollRun::Kind::Resume && !d.run.resume.next_token.empty() &&
                param_of(run.request_path(), "next_token").empty())
                ++tokens_dropped;
            for (int page = 1;; ++page) {
                const HttpResponse r = answer(run.request_path());
                std::vector<Mention> posts;
                const XSearchRun::State state = run.consume(r, posts);
                scheduler.on_response(d.run.members, r, state, now());
                const std::vector<uint64_t> masks = record_page(set, d.run, run, posts, spend, now());
                billed += run.last_page_posts();
                for (size_t i = 0; i < posts.size(); ++i) {
                    ++reads[posts[i].source_id];
                    store.upsert(posts[i], masks[i]);
                }
                if (state == XSearchRun::State::Done) {
                    finish_run(set, d.run, run.newest_id(), store, now());
                    break;
                }
                if (state == XSearchRun::State::RateLimited) ++rate_limited;
                if (state != XSearchRun::State::NeedRequest) return; // wait for the next sync
                const Allowance a = spend.allowance(members_of(std::as_const(set), d.run), now());
                if (!a.ok() || (keep_going && !keep_going(page))) return; // cursor kept on the members
                run.set_max_results(std::min(page_size, a.max_results));
            }
        }
        FAIL("the scheduler never ran out of work");
    }

    void add(const Listener& l) { REQUIRE(std::holds_alternative<std::string>(set.add(l))); }
};

/// Posts in the corpus a listener must have by now: those its query matches,
/// visible now and no older than 7 days before it was first polled.
std::set<std::string> expected(const Listener& l, int64_t first_polled_ms, int64_t now_ms) {
    auto parsed = Query::parse(l.query);
    const Query& q = std::get<Query>(parsed);
    std::set<std::string> ids;
    const demo::Corpus& c = corpus();
    for (size_t i = 0; i < c.posts.size(); ++i) {
        const demo::DemoPost& p = c.posts[i];
        if (p.created_ms >= first_polled_ms - kWeek && demo::snowflake_ms(p.id) <= now_ms &&
            q.matches(c.mentions[i]))
            ids.insert(p.id_str);
    }
    return ids;
}

void check_every_post_read_once(const Poller& p) {
    uint64_t twice = 0;
    for (const auto& [id, n] : p.reads) twice += n > 1;
    CHECK(twice == 0);
    CHECK(p.billed == p.reads.size()); // total read == distinct ids read
    CHECK(p.spend.month(p.now()).posts == p.billed);
}

void check_links(const Poller& p, const std::map<std::string, int64_t>& first_polled) {
    const auto& ls = p.set.all();
    for (size_t k = 0; k < ls.size(); ++k) {
        const uint64_t mask = ListenerSet::mask_of(ls[k], k);
        const Query q = std::get<Query>(Query::parse(ls[k].query));
        size_t wrong = 0, missing = 0;
        for (size_t i = 0; i < p.store.size(); ++i) {
            // Linked where it matches; elsewhere only where the part of a repost
            // X cut off could make it match (link_page).
            const bool linked = (p.store.listeners_of(i) & mask) != 0;
            const Mention& m = p.store.at(i);
            wrong += linked ? !q.may_match_uncut(m) : q.matches(m);
        }
        for (const std::string& id : expected(ls[k], first_polled.at(ls[k].id), p.now_ms)) {
            const long at = p.store.index_of("x:" + id);
            const bool miss = at < 0 || !(p.store.listeners_of(static_cast<size_t>(at)) & mask);
            missing += miss;
        }
        INFO(ls[k].name);
        CHECK(wrong == 0);   // linked to the listeners it matches, and no others
        CHECK(missing == 0); // nothing it should have is missing
    }
}

Listener starter(const std::string& kind) {
    for (Listener l : starter_listeners(demo_profile()).listeners)
        if (l.kind == kind) {
            l.daily_cap_posts = 0;
            return l;
        }
    FAIL("no starter listener " << kind);
    return {};
}

} // namespace

TEST_CASE("overlapping listeners polled in groups over several rounds read every post once") {
    Poller p;
    std::map<std::string, int64_t> first_polled;
    const auto add_listener = [&](const Listener& l) {
        p.add(l);
        first_polled[l.id] = p.now_ms;
    };
    const auto add = [&](const std::string& kind) { add_listener(starter(kind)); };
    // Round 1: three overlapping listeners ("my area" and "questions people
    // ask" share most posts) start together as one group.
    add("my-business");
    add("my-area");
    add("questions");
    REQUIRE(poll_groups(p.set.all()).size() == 1);
    p.sync();
    CHECK(p.runs[PollRun::Kind::Poll] == 1);
    REQUIRE(p.store.size() > 50);
    check_every_post_read_once(p);
    check_links(p, first_polled);

    // Round 2, 3 h later: a new listener catches up without the group's posts, then joins.
    p.now_ms += 3 * kHour;
    add("my-trade");
    p.sync();
    CHECK(p.runs[PollRun::Kind::CatchUp] == 1);
    CHECK(p.exclusions == 1);
    for (const Listener& l : p.set.all()) CHECK(l.newest_id == p.set.all().front().newest_id);
    check_every_post_read_once(p);
    check_links(p, first_polled);

    // Rounds 3-4: "my area" is paused, the rest poll on; resumed, it catches up.
    p.now_ms += 3 * kHour;
    const std::string area = starter("my-area").id;
    p.set.set_paused(area, true);
    p.sync();
    p.now_ms += 3 * kHour;
    p.set.set_paused(area, false);
    p.sync();
    CHECK(p.runs[PollRun::Kind::CatchUp] == 2);
    check_every_post_read_once(p);
    check_links(p, first_polled);

    // Round 5: the tab closes after two pages of ten; meanwhile "questions" is
    // paused and a listener is added. The others finish the run below the
    // oldest post read; the new one waits, then catches up; "questions" comes
    // back later and finishes its part of the run alone.
    p.now_ms += 9 * kHour;
    p.sync(10, [](int page) { return page < 2; });
    const std::string questions = starter("questions").id;
    const RunCursor cursor = p.set.find(questions)->resume;
    REQUIRE_FALSE(cursor.empty());
    for (const Listener& l : p.set.all()) CHECK(l.resume == cursor); // on every member
    p.set.set_paused(questions, true);
    add_listener(member("oat-milk", "\"oat milk\" OR oatly"));
    REQUIRE(poll_groups(p.set.all()).size() == 1);
    p.sync(10);
    CHECK(p.runs[PollRun::Kind::Resume] == 1);
    CHECK(p.tokens_dropped == 1);
    CHECK(p.set.find(questions)->resume == cursor); // kept for when it comes back
    p.set.set_paused(questions, false);
    p.sync(10);
    CHECK(p.runs[PollRun::Kind::Resume] == 2);
    check_every_post_read_once(p);
    check_links(p, first_polled);

    // Round 6: X's rate limit runs out mid-run; after its reset the run resumes
    // with its page token.
    p.now_ms += 24 * kHour;
    p.server = {};
    p.server_options.search_limit = 1;
    p.sync(10);
    CHECK(p.rate_limited == 1);
    REQUIRE(p.scheduler.rate_limited(p.now()));
    p.now_ms = p.scheduler.next_allowed_time() * 1000 + 1000;
    p.server_options.search_limit = 450;
    p.sync(10);
    CHECK(p.runs[PollRun::Kind::Resume] == 3);
    for (const Listener& l : p.set.all()) CHECK(l.resume.empty());
    p.sync(); // the next poll reads what was posted while it waited
    check_every_post_read_once(p);
    check_links(p, first_polled);
    // Shared posts count for each listener they match: more than X billed.
    uint64_t per_listener = 0;
    for (const Listener& l : p.set.all()) {
        CHECK(l.posts_read == p.spend.listener(l.id, p.now()).all_time.posts);
        per_listener += l.posts_read;
    }
    CHECK(per_listener > p.billed);
}

TEST_CASE("a group polled after another leaves out what that one read, when the exclusion fits") {
    // Either listener order: groups due together poll so that the one able to
    // leave out the other's posts goes second.
    for (const bool long_first : {false, true}) {
    INFO("long listener first: " << long_first);
    Poller p;
    std::map<std::string, int64_t> first_polled;
    const auto add_listener = [&](const Listener& l) {
        p.add(l);
        first_polled[l.id] = p.now_ms;
    };
    // "My area" and "Brighton coffee" share a search; "coffee", padded with words
    // no post has to ~430 characters, fits beside neither, yet wants many of the
    // same posts. It can leave out what "Brighton coffee" read ("my area" would make
    // its query too long); they cannot leave out its posts: it must poll second.
    std::string long_coffee = "(coffee"; // long words: "-a -b" saves little over "a OR b"
    for (int i = 0; utf8_length(long_coffee) < 430; ++i) long_coffee += " OR zzqxpaddingword" + std::to_string(i);
    long_coffee += ")";
    REQUIRE_FALSE(excluding_x_query({starter("my-area").query, "Brighton coffee"}, {long_coffee}).excludes);
    REQUIRE(excluding_x_query({long_coffee}, {"Brighton coffee"}).excludes);
    if (long_first) add_listener(member("long-coffee", long_coffee));
    add_listener(starter("my-area"));
    add_listener(member("brighton-coffee", "Brighton coffee"));
    if (!long_first) add_listener(member("long-coffee", long_coffee));
    REQUIRE(poll_groups(p.set.all()).size() == 2);
    const auto mask = [&](const std::string& id) {
        const int at = p.set.index_of(id);
        return ListenerSet::mask_of(p.set.all()[static_cast<size_t>(at)], static_cast<size_t>(at));
    };
    for (int round = 0; round < 4; ++round) {
        INFO("round " << round);
        const int before = p.exclusions;
        p.sync();
        CHECK(p.exclusions > before); // long-coffee caught up without brighton-coffee's posts
        check_links(p, first_polled);      // and has every post it should, linked
        CHECK(p.spend.month(p.now()).posts == p.billed);
        p.now_ms += 5 * kHour;
    }
    // Posts both groups want: without the exclusion each would be read twice. It
    // names brighton-coffee only, so coffee posts placed in Brighton without the
    // word are still read by both groups; the rest are read once.
    size_t shared = 0, twice = 0, twice_named = 0;
    const uint64_t area = mask(starter("my-area").id), named = mask("brighton-coffee"), lone = mask("long-coffee");
    for (size_t i = 0; i < p.store.size(); ++i)
        shared += (p.store.listeners_of(i) & lone) && (p.store.listeners_of(i) & (area | named));
    for (const auto& [id, n] : p.reads) {
        if (n < 2) continue;
        ++twice;
        const uint64_t links = p.store.listeners_of(static_cast<size_t>(p.store.index_of("x:" + id)));
        twice_named += (links & named) != 0;
        CHECK((links & area) != 0); // read twice only for the listener the exclusion could not name
    }
    CHECK(shared > 100);
    CHECK(twice_named == 0);
    CHECK(twice * 3 < shared); // without the exclusion, all of them
    CHECK(p.billed == p.reads.size() + twice);
    }
}

TEST_CASE("a group's pages never pass a member's daily cap or the monthly cap") {
    Poller p;
    Listener business = starter("my-business"), area = starter("my-area"), questions = starter("questions");
    area.daily_cap_posts = 35;
    questions.daily_cap_posts = 60;
    p.add(business);
    p.add(area);
    p.add(questions);
    p.spend = SpendGuard({5'000, 1 * kMicrosPerDollar}); // 200 posts a month
    for (int round = 0; round < 4; ++round) {
        p.sync();
        for (const Listener& l : p.set.all()) {
            INFO(l.name << " in round " << round);
            if (l.daily_cap_posts) CHECK(p.spend.listener(l.id, p.now()).today.posts <= l.daily_cap_posts);
        }
        CHECK(p.spend.month(p.now()).spent <= p.spend.settings().monthly_cap);
        p.now_ms += 2 * kHour;
    }
    // The capped listener sat out while the others went on reading.
    CHECK(p.spend.listener(area.id, p.now()).today.posts <= 35);
    CHECK(p.spend.month(p.now()).posts > 35);
    check_every_post_read_once(p);
}

TEST_CASE("the demo's starter listeners, in two searches, read under 1 % of their posts twice") {
    Poller p;
    std::map<std::string, int64_t> first_polled;
    for (Listener l : starter_listeners(demo_profile()).listeners) {
        l.daily_cap_posts = 0;
        p.add(l);
        first_polled[l.id] = p.now_ms;
    }
    REQUIRE(poll_groups(p.set.all()).size() == 2); // they do not fit one 512-character search
    for (int round = 0; round < 3; ++round) {
        INFO("round " << round);
        p.sync();
        check_links(p, first_polled);
        p.now_ms += 5 * kHour;
    }
    uint64_t twice = 0;
    for (const auto& [id, n] : p.reads) twice += n > 1;
    CHECK(p.exclusions >= 3);              // the second search left out the first's posts each round
    CHECK(twice * 100 < p.reads.size()); // 10 of 2,972 (59 before shared posts chose the exclusion)
    CHECK(p.billed == p.reads.size() + twice);
}
