// The listening engine driven as the app, `earshot-cli listen` and a crash
// would drive it: poll groups over several rounds against the demo source's
// search logic (every post read once, linked to every listener it matches),
// caps, 429 holds, a tab closed mid-run, and crash injection at every write
// step checked against the durability contract.
#include "core/listen/engine.hpp"

#include "core/ingest/bluesky.hpp"
#include "core/ingest/mastodon.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/listen/profile.hpp"
#include "core/text/text.hpp"
#include "demo/api.hpp"
#include "demo/corpus.hpp"
#include "demo/wire_util.hpp"
#include "flaky_fs.hpp"
#include "poll_helpers.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <cstdlib>
#include <set>
#include <utility>

using namespace earshot::core;

using earshot::test::member;
using earshot::test::param_of;


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

/// The real listening engine, answered in-process by the demo source's search
/// logic, storing into an in-memory file system. A sync copies what is written
/// to `durable` (what IndexedDB or the disk would hold); a crash reopens a new
/// engine from it. Counts every post X returned, to prove none is read twice.
struct Poller {
    earshot::test::FlakyFileSystem fs;
    std::map<std::string, std::string> durable; ///< the files as of the last sync
    std::unique_ptr<ListeningEngine> engine;
    demo::ServerOptions server_options;
    demo::ServerState server;
    int64_t now_ms = kCorpusNow;
    std::map<std::string, int> reads; ///< post id → times X returned it
    uint64_t billed = 0;              ///< posts X counted, summed over every page
    std::map<PollRun::Kind, int> runs;
    int exclusions = 0, tokens_dropped = 0, rate_limited = 0;
    uint64_t runs_seen = 0;
    std::vector<std::string> last_page; ///< ids of the search page answered last
    /// For the durability contract: how many mentions were shown before the last
    /// search page was answered (the store only grows, in order), and the ids of
    /// pages answered since the last sync.
    size_t shown_a_page_ago = 0;
    std::set<std::string> in_flight;

    /// The demo's own /api/sources (X, Bluesky and Mastodon, all demo) instead of a live X alone.
    bool all_sources = false;
    std::vector<std::string> free_paths; ///< every Bluesky and Mastodon request, in order

    explicit Poller(SpendSettings spend = {5'000, 1000 * kMicrosPerDollar}, bool every_source = false)
        : all_sources(every_source) {
        reopen();
        REQUIRE(engine->set_spend_settings(spend).empty());
        drive([](int) { return true; });
    }

    int64_t now() const { return now_ms / 1000; }
    const ListenerSet& set() const { return engine->listener_set(); }
    const MentionStore& store() const { return engine->mentions(); }
    const SpendGuard& spend() const { return engine->spend(); }

    /// The tab closes (or the process dies): only what was synced is left.
    void reopen() { reopen_from(durable); }
    void reopen_from(std::map<std::string, std::string> files) { // a copy: it may be fs.files
        fs = earshot::test::FlakyFileSystem();
        fs.files = files;
        durable = files;
        in_flight.clear();
        engine = std::make_unique<ListeningEngine>(fs, "/earshot");
        REQUIRE(engine->open(true) == "");
        runs_seen = engine->runs_started();
    }

    HttpResponse answer(const std::string& path) {
        HttpResponse out;
        if (path == "/api/sources" && !all_sources) { // a live source: the spend guard prices every post
            out.status = 200;
            out.body = R"({"sources":[{"id":"x","mode":"live"}]})";
            return out;
        }
        demo::Request r;
        const size_t q = path.find('?');
        r.path = path.substr(0, q);
        if (q != std::string::npos) r.params = demo::parse_query_string(path.substr(q + 1));
        const demo::Response d = demo::handle_request(corpus(), server_options, server, r, now_ms);
        out.status = d.status;
        out.body = d.body;
        for (const auto& [k, v] : d.headers) out.headers[to_lower(k)] = v;
        return out;
    }

    void count_reads(const HttpResponse& r) {
        last_page.clear();
        const nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
        if (r.status != 200 || !doc.is_object()) return;
        if (doc.contains("data") && doc["data"].is_array())
            for (const auto& t : doc["data"]) {
                last_page.push_back(t.value("id", ""));
                ++reads[last_page.back()];
            }
        if (doc.contains("meta") && doc["meta"].is_object()) billed += doc["meta"].value("result_count", 0u);
    }

    std::set<std::string> stored_ids() const {
        std::set<std::string> ids;
        for (size_t i = 0; i < store().size(); ++i) ids.insert(store().at(i).id);
        return ids;
    }

    /// Runs the engine until it is idle; `keep_going(page)` false after a
    /// search page closes the tab there (once that page is synced). False when
    /// the file system crashed (fs.crashed): the caller decides what survives.
    bool drive(const std::function<bool(int)>& keep_going) {
        int page = 0;
        for (int guard = 0; guard < 100000; ++guard) {
            engine->tick(now());
            if (fs.crashed) return false;
            if (engine->runs_started() != runs_seen) {
                runs_seen = engine->runs_started();
                ++runs[engine->run_plan().kind];
                exclusions += !engine->run_plan().excluded.empty();
            }
            bool paged = false;
            for (const EngineRequest& req : engine->take_requests()) {
                const HttpResponse r = answer(req.path);
                if (req.purpose == EngineRequest::Purpose::Search) {
                    const PollRun& plan = engine->run_plan();
                    if (plan.kind == PollRun::Kind::Resume && !plan.resume.next_token.empty() &&
                        engine->run() && engine->run()->pages() == 0 && param_of(req.path, "next_token").empty())
                        ++tokens_dropped;
                    count_reads(r);
                    shown_a_page_ago = store().size();
                    for (const std::string& id : last_page) in_flight.insert("x:" + id);
                    rate_limited += r.status == 429;
                    ++page;
                    paged = true;
                }
                if (req.purpose == EngineRequest::Purpose::Free) free_paths.push_back(req.path);
                engine->on_response(req.id, r, now());
                if (fs.crashed) return false;
            }
            if (fs.crashed) return false;
            if (engine->sync_wanted()) {
                engine->on_sync_started();
                durable = fs.files;
                in_flight.clear();
                engine->on_sync_done("");
                if (fs.crashed) return false;
            }
            if (paged && !keep_going(page)) {
                reopen();
                return true;
            }
            if (engine->idle()) return true;
        }
        FAIL("the engine never went idle");
        return true;
    }

    /// "Sync now": every run the scheduler offers until none is left.
    bool sync(int page_size = 100, const std::function<bool(int)>& keep_going = [](int) { return true; }) {
        engine->set_page_limit(page_size);
        engine->sync_now();
        return drive(keep_going);
    }

    bool add(const Listener& l) {
        engine->add_listeners({l});
        if (fs.crashed) return false;
        REQUIRE(set().find(l.id));
        return drive([](int) { return true; });
    }
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
    CHECK(p.spend().month(p.now()).posts == p.billed);
}

void check_links(const Poller& p, const std::map<std::string, int64_t>& first_polled) {
    const auto& ls = p.set().all();
    for (size_t k = 0; k < ls.size(); ++k) {
        const uint64_t mask = ListenerSet::mask_of(ls[k], k);
        const Query q = std::get<Query>(Query::parse(ls[k].query));
        size_t wrong = 0, missing = 0;
        for (size_t i = 0; i < p.store().size(); ++i) {
            // Linked where it matches; elsewhere only where the part of a repost
            // X cut off could make it match (link_page).
            const bool linked = (p.store().listeners_of(i) & mask) != 0;
            const Mention& m = p.store().at(i);
            wrong += linked ? !q.may_match_uncut(m) : q.matches(m);
        }
        for (const std::string& id : expected(ls[k], first_polled.at(ls[k].id), p.now_ms)) {
            const long at = p.store().index_of("x:" + id);
            const bool miss = at < 0 || !(p.store().listeners_of(static_cast<size_t>(at)) & mask);
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
    REQUIRE(poll_groups(p.set().all()).size() == 1);
    p.sync();
    CHECK(p.runs[PollRun::Kind::Poll] == 1);
    REQUIRE(p.store().size() > 50);
    check_every_post_read_once(p);
    check_links(p, first_polled);

    // Round 2, 3 h later: a new listener catches up without the group's posts, then joins.
    p.now_ms += 3 * kHour;
    add("my-trade");
    p.sync();
    CHECK(p.runs[PollRun::Kind::CatchUp] == 1);
    CHECK(p.exclusions == 1);
    for (const Listener& l : p.set().all()) CHECK(l.newest_id == p.set().all().front().newest_id);
    check_every_post_read_once(p);
    check_links(p, first_polled);

    // Rounds 3-4: "my area" is paused, the rest poll on; resumed, it catches up.
    p.now_ms += 3 * kHour;
    const std::string area = starter("my-area").id;
    p.engine->set_listener_paused(area, true);
    p.sync();
    p.now_ms += 3 * kHour;
    p.engine->set_listener_paused(area, false);
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
    const RunCursor cursor = p.set().find(questions)->resume;
    REQUIRE_FALSE(cursor.empty());
    for (const Listener& l : p.set().all()) CHECK(l.resume == cursor); // on every member
    p.engine->set_listener_paused(questions, true);
    add_listener(member("oat-milk", "\"oat milk\" OR oatly"));
    REQUIRE(poll_groups(p.set().all()).size() == 1);
    p.sync(10);
    CHECK(p.runs[PollRun::Kind::Resume] == 1);
    CHECK(p.tokens_dropped == 1);
    CHECK(p.set().find(questions)->resume == cursor); // kept for when it comes back
    p.engine->set_listener_paused(questions, false);
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
    REQUIRE(p.engine->scheduler().rate_limited(p.now()));
    p.now_ms = p.engine->scheduler().next_allowed_time() * 1000 + 1000;
    p.server_options.search_limit = 450;
    p.sync(10);
    CHECK(p.runs[PollRun::Kind::Resume] == 3);
    for (const Listener& l : p.set().all()) CHECK(l.resume.empty());
    p.sync(); // the next poll reads what was posted while it waited
    check_every_post_read_once(p);
    check_links(p, first_polled);
    // Shared posts count for each listener they match: more than X billed.
    uint64_t per_listener = 0;
    for (const Listener& l : p.set().all()) {
        CHECK(l.posts_read == p.spend().listener(l.id, p.now()).all_time.posts);
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
    REQUIRE(poll_groups(p.set().all()).size() == 2);
    const auto mask = [&](const std::string& id) {
        const int at = p.set().index_of(id);
        return ListenerSet::mask_of(p.set().all()[static_cast<size_t>(at)], static_cast<size_t>(at));
    };
    for (int round = 0; round < 4; ++round) {
        INFO("round " << round);
        const int before = p.exclusions;
        p.sync();
        CHECK(p.exclusions > before); // long-coffee caught up without brighton-coffee's posts
        check_links(p, first_polled);      // and has every post it should, linked
        CHECK(p.spend().month(p.now()).posts == p.billed);
        p.now_ms += 5 * kHour;
    }
    // Posts both groups want: without the exclusion each would be read twice. It
    // names brighton-coffee only, so coffee posts placed in Brighton without the
    // word are still read by both groups; the rest are read once.
    size_t shared = 0, twice = 0, twice_named = 0;
    const uint64_t area = mask(starter("my-area").id), named = mask("brighton-coffee"), lone = mask("long-coffee");
    for (size_t i = 0; i < p.store().size(); ++i)
        shared += (p.store().listeners_of(i) & lone) && (p.store().listeners_of(i) & (area | named));
    for (const auto& [id, n] : p.reads) {
        if (n < 2) continue;
        ++twice;
        const uint64_t links = p.store().listeners_of(static_cast<size_t>(p.store().index_of("x:" + id)));
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
    REQUIRE(p.engine->set_spend_settings({5'000, 1 * kMicrosPerDollar}).empty()); // 200 posts a month
    for (int round = 0; round < 4; ++round) {
        p.sync();
        for (const Listener& l : p.set().all()) {
            INFO(l.name << " in round " << round);
            if (l.daily_cap_posts) CHECK(p.spend().listener(l.id, p.now()).today.posts <= l.daily_cap_posts);
        }
        CHECK(p.spend().month(p.now()).spent <= p.spend().settings().monthly_cap);
        p.now_ms += 2 * kHour;
    }
    // The capped listener sat out while the others went on reading.
    CHECK(p.spend().listener(area.id, p.now()).today.posts <= 35);
    CHECK(p.spend().month(p.now()).posts > 35);
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
    REQUIRE(poll_groups(p.set().all()).size() == 2); // they do not fit one 512-character search
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

// [SECTION] Crash injection

namespace {

/// A multi-page, multi-listener scenario with a catch-up and a 429: each step
/// is idempotent (it adds what is missing, then syncs), so after a crash the
/// interrupted step simply runs again. Returns false when the file system crashed.
bool run_step(Poller& p, int step) {
    constexpr int kPage = 50;
    p.now_ms = kCorpusNow + step * 3 * kHour;
    const auto ensure = [&p](const Listener& l) { return p.set().find(l.id) || p.add(l); };
    switch (step) {
    case 0: // two listeners polled together, page by page
        return ensure(starter("my-business")) && ensure(member("oat-milk", "\"oat milk\" OR oatly")) && p.sync(kPage);
    case 1: // a third catches up (leaving out the group's posts), then joins
        return ensure(member("grindhouse", "grindhouse OR @grindhousecafe")) && p.sync(kPage);
    case 2: // X's rate limit runs out mid-run
        p.server = {};
        p.server_options.search_limit = 1;
        return p.sync(kPage);
    case 3: // after the reset the run resumes ("Sync now" polls each listener once a round: the resume is its turn)
        p.server = {};
        p.server_options.search_limit = 450;
        p.now_ms = kCorpusNow + 2 * 3 * kHour + 30 * 60 * 1000;
        return p.sync(kPage);
    default: // the next round reads what was posted while it waited
        p.now_ms = kCorpusNow + 2 * 3 * kHour + 30 * 60 * 1000;
        return p.sync(kPage);
    }
}
constexpr int kSteps = 5;

} // namespace

TEST_CASE("a crash at any write step keeps the durability contract") {
    // The run without a crash: what every crashed run must end with.
    Poller clean;
    const int setup_steps = clean.fs.steps; // the Poller's own writes (its spend settings)
    for (int step = 0; step < kSteps; ++step) REQUIRE(run_step(clean, step));
    const std::set<std::string> expected = clean.stored_ids();
    const int write_steps = clean.fs.steps;
    REQUIRE(clean.rate_limited > 0);
    REQUIRE(clean.runs[PollRun::Kind::CatchUp] > 0);
    REQUIRE(expected.size() > 100);
    for (const auto& [id, n] : clean.reads) REQUIRE(n == 1);
    // The Poller's own setup (the spend settings) is written before any step.
    // EARSHOT_CRASH_STRIDE=N tries every Nth write step only (the sanitizer build,
    // where each crashed run costs ten times as much); the last step is always tried.
    const char* stride_env = std::getenv("EARSHOT_CRASH_STRIDE");
    const int stride = stride_env && std::atoi(stride_env) > 1 ? std::atoi(stride_env) : 1;
    int crashes = 0, tried = 0;
    for (const bool browser : {true, false}) {
        for (int fail_at = setup_steps; fail_at < write_steps; ++fail_at) {
            if ((fail_at - setup_steps) % stride != 0 && fail_at != write_steps - 1) continue;
            ++tried;
            INFO((browser ? "browser (only synced files survive)" : "disk (every write survives, the failed one torn)")
                 << ", crash at write step " << fail_at << " of " << write_steps);
            Poller p;
            p.fs.fail_at = fail_at;
            p.fs.crash = true;
            p.fs.torn = true;
            int step = 0;
            while (step < kSteps && run_step(p, step)) ++step;
            REQUIRE(p.fs.crashed);
            ++crashes;
            std::vector<std::string> shown;
            for (size_t i = 0; i < p.shown_a_page_ago; ++i) shown.push_back(p.store().at(i).id);
            const std::set<std::string> allowed_twice = p.in_flight;
            p.reopen_from(browser ? p.durable : p.fs.files);
            // Nothing shown more than one page ago is lost.
            const std::set<std::string> kept = p.stored_ids();
            for (const std::string& id : shown) REQUIRE(kept.count(id));
            // The ledger counts at least every stored post it paid for.
            REQUIRE(p.spend().month(p.now()).posts >= p.store().size());
            // The resumed run reads no page twice but the one in flight, and ends where the clean run ended.
            while (step < kSteps) REQUIRE(run_step(p, step++));
            for (const auto& [id, n] : p.reads)
                if (n > 1) REQUIRE(allowed_twice.count("x:" + id));
            const std::set<std::string> ended = p.stored_ids();
            std::vector<std::string> missing, extra;
            std::set_difference(expected.begin(), expected.end(), ended.begin(), ended.end(), std::back_inserter(missing));
            std::set_difference(ended.begin(), ended.end(), expected.begin(), expected.end(), std::back_inserter(extra));
            INFO("problem " << p.engine->problem() << " / " << p.engine->storage_problem() << " listeners " << p.set().size() << " runs " << p.engine->runs_started());
            INFO("missing " << missing.size() << " (first " << (missing.empty() ? "" : missing[0]) << "), extra "
                            << extra.size());
            REQUIRE(missing.empty());
            REQUIRE(extra.empty());
        }
    }
    CHECK(crashes == tried);
    CHECK(tried >= 2 * (write_steps - setup_steps) / stride);
    CHECK(write_steps - setup_steps > 30); // many pages, each its own commit
}

namespace {

/// "Sync now" with one listener, pages of 10, and the first page answered (more follow).
ListeningEngine& answer_first_page(Poller& p) {
    REQUIRE(p.add(starter("my-business")));
    ListeningEngine& e = *p.engine;
    e.set_page_limit(10);
    e.sync_now();
    e.tick(p.now());
    std::vector<EngineRequest> out = e.take_requests();
    REQUIRE(out.size() == 1);
    e.on_response(out[0].id, p.answer(out[0].path), p.now());
    return e;
}

} // namespace

TEST_CASE("no page is asked for before the last one is synced, and nothing is written while a sync runs") {
    Poller p;
    ListeningEngine& e = answer_first_page(p);
    REQUIRE(e.run()); // more pages to come
    REQUIRE(e.sync_wanted());
    e.tick(p.now());
    CHECK(e.take_requests().empty()); // the page is not synced yet

    e.on_sync_started();
    const int steps = p.fs.steps;
    ListenerSettings s{"Oat milk", "\"oat milk\"", source_bit(Source::X), 60, 0};
    REQUIRE_FALSE(e.create_listener(s));
    CHECK(p.fs.steps == steps); // a sync reads files as it goes: no write while it runs
    e.tick(p.now());
    CHECK(e.take_requests().empty());
    e.on_sync_done("");
    CHECK(p.fs.steps > steps); // the waiting commit is made now...
    REQUIRE(e.sync_wanted());
    e.tick(p.now());
    CHECK(e.take_requests().empty()); // ...and synced before the next page
    e.on_sync_started();
    e.on_sync_done("");
    e.tick(p.now());
    CHECK(e.take_requests().size() == 1);
}

TEST_CASE("a failed sync holds reading until storage works again") {
    Poller p;
    ListeningEngine& e = answer_first_page(p);
    e.on_sync_started();
    e.on_sync_done("QuotaExceededError: the quota has been exceeded");
    CHECK(e.storage_problem().find("storage is full") != std::string::npos);
    CHECK_FALSE(e.sync_wanted()); // retried after a pause, not every tick
    e.tick(p.now() + 1);
    CHECK(e.take_requests().empty());
    e.tick(p.now() + 10);
    REQUIRE(e.sync_wanted());
    e.on_sync_started();
    e.on_sync_done("");
    CHECK(e.storage_problem().empty());
    e.tick(p.now() + 10);
    CHECK(e.take_requests().size() == 1);
}

TEST_CASE("an unreachable proxy is said in words and asked again later") {
    earshot::test::FlakyFileSystem fs;
    ListeningEngine e(fs, "/earshot");
    REQUIRE(e.open(true).empty());
    std::vector<EngineRequest> out = e.take_requests();
    REQUIRE(out.size() == 1);
    HttpResponse down;
    down.transport_error = "connection refused";
    e.on_response(out[0].id, down, 1000);
    CHECK(e.problem().find("cannot be reached") != std::string::npos);
    CHECK(e.idle());
    e.tick(1010);
    CHECK(e.take_requests().empty());
    e.tick(1031);
    out = e.take_requests();
    REQUIRE(out.size() == 1);
    CHECK(out[0].path == "/api/sources");
    HttpResponse up;
    up.status = 200;
    up.body = R"({"sources":[{"id":"x","mode":"demo"}]})";
    e.on_response(out[0].id, up, 1031);
    CHECK(e.source_mode() == "demo");
    CHECK(e.problem().empty());
}

TEST_CASE("a damaged manifest opens read-only: the reason stays shown, nothing is polled or written") {
    earshot::test::FlakyFileSystem fs;
    const std::string damaged = R"({"format":"earshot-manifest","version":"1","segments":[]})";
    fs.files["/earshot/manifest.json"] = damaged;
    ListeningEngine e(fs, "/earshot");
    const std::string problem = e.open(true);
    CHECK(problem.find("damaged") != std::string::npos);
    CHECK(e.read_only_storage());
    std::vector<EngineRequest> out = e.take_requests();
    REQUIRE(out.size() == 1);
    HttpResponse up;
    up.status = 200;
    up.body = R"({"sources":[{"id":"x","mode":"demo"}]})";
    e.on_response(out[0].id, up, 1000);
    Listener l{"coffee", "Coffee", "coffee", "", 0, 0, false};
    e.add_listeners({l}); // cannot be saved: refused, and the first reason is kept in view
    for (int64_t t = 1000; t < 1200; t += 10) {
        e.tick(t);
        for (const EngineRequest& r : e.take_requests()) CHECK(r.path.find("/search/") == std::string::npos);
    }
    CHECK(e.problem() == problem);
    CHECK(fs.files.size() == 1);
    CHECK(fs.files["/earshot/manifest.json"] == damaged);
}

TEST_CASE("an /api/sources answer of any shape is read without an exception") {
    for (const std::string body : {R"([1])", R"("x")", R"({"sources":5})", R"({"sources":[5]})", R"({"sources":[]})",
                                   R"({"sources":[{"mode":5}]})", R"({"sources":{"0":{"mode":"demo"}}})", "{", ""}) {
        INFO(body);
        earshot::test::FlakyFileSystem fs;
        ListeningEngine e(fs, "/earshot");
        REQUIRE(e.open(true).empty());
        std::vector<EngineRequest> out = e.take_requests();
        REQUIRE(out.size() == 1);
        HttpResponse r;
        r.status = 200;
        r.body = body;
        e.on_response(out[0].id, r, 1000);
        CHECK(e.source_mode().empty());
        CHECK(e.problem().find("cannot be reached") != std::string::npos);
    }
}

// [SECTION] The free sources

namespace {

/// Every post the demo's search `planned` finds, read straight from the demo
/// (all pages, a fresh server), kept where `l`'s query matches: what the engine
/// must have stored and linked to `l` after its first poll.
std::set<std::string> free_expected(const Listener& l, const std::string& planned, int64_t now_ms) {
    demo::ServerOptions options;
    demo::ServerState state;
    const Query q = std::get<Query>(Query::parse(l.query));
    const bool bsky = planned.rfind("/api/bsky/", 0) == 0;
    std::set<std::string> ids;
    std::string page_param;
    for (int page = 0; page < 50; ++page) {
        demo::Request r;
        const size_t qpos = planned.find('?');
        r.path = planned.substr(0, qpos);
        if (qpos != std::string::npos) r.params = demo::parse_query_string(planned.substr(qpos + 1));
        r.params.push_back({"limit", bsky ? "100" : "40"});
        if (!page_param.empty()) r.params.push_back({bsky ? "cursor" : "max_id", page_param});
        const demo::Response d = demo::handle_request(corpus(), options, state, r, now_ms);
        REQUIRE(d.status == 200);
        std::vector<Mention> posts;
        if (bsky) {
            Result<BskyPage> p = parse_bsky_answer(d.body);
            REQUIRE(p);
            posts = p.value().mentions;
            page_param = p.value().cursor;
        } else {
            Result<MastodonPage> p = parse_mastodon_answer(d.body);
            REQUIRE(p);
            posts = p.value().mentions;
            page_param = oldest_status_id(d.body);
        }
        for (const Mention& m : posts)
            if (q.matches(m)) ids.insert(m.id);
        if (posts.empty() || page_param.empty()) break;
    }
    return ids;
}

std::map<Source, size_t> by_source(const MentionStore& store) {
    std::map<Source, size_t> n;
    for (size_t i = 0; i < store.size(); ++i) ++n[store.at(i).source];
    return n;
}

std::vector<Listener> demo_starters() {
    std::vector<Listener> out = starter_listeners(demo_profile()).listeners;
    for (Listener& l : out) l.daily_cap_posts = 0;
    return out;
}

} // namespace

TEST_CASE("the demo's three sources: every listener gets its Bluesky and Mastodon posts, each stored once") {
    Poller p({5'000, 1000 * kMicrosPerDollar}, true);
    INFO("problem: " << p.engine->problem() << " mode " << p.engine->source_mode());
    REQUIRE(p.engine->sources().offers(Source::Bsky));
    REQUIRE(p.engine->sources().offers(Source::Mastodon));
    const std::vector<Listener> starters = demo_starters();
    for (const Listener& l : starters) REQUIRE((l.sources & kPolledSources) == kPolledSources);
    p.engine->add_listeners(starters);
    REQUIRE(p.sync());

    const std::map<Source, size_t> n = by_source(p.store());
    INFO("problem: " << p.engine->problem() << " runs " << p.engine->runs_started() << " free " << p.free_paths.size()
                      << " mastodon: " << p.engine->free_sources().status(Source::Mastodon).problem << " seen "
                      << p.engine->free_sources().status(Source::Mastodon).posts_seen);
    INFO("x " << n.count(Source::X) << " bsky " << n.count(Source::Bsky) << " mastodon " << n.count(Source::Mastodon));
    CHECK(n.at(Source::X) > 100);
    CHECK(n.at(Source::Bsky) > 20);
    CHECK(n.at(Source::Mastodon) > 20);
    CHECK(p.engine->free_sources().status(Source::Bsky).problem.empty());
    CHECK(p.engine->free_sources().status(Source::Mastodon).problem.empty());

    // A free post is linked to exactly the listeners whose query matches it: the
    // services' superset is filtered locally, so a listener means the same everywhere.
    const ListenerMatcher matcher(p.set().all());
    size_t wrong = 0;
    for (size_t i = 0; i < p.store().size(); ++i)
        if (p.store().at(i).source != Source::X) wrong += p.store().listeners_of(i) != matcher.match(p.store().at(i));
    CHECK(wrong == 0);

    // Nothing the searches find is missing (their first poll looks back a week).
    const auto& ls = p.set().all();
    for (size_t k = 0; k < ls.size(); ++k) {
        const uint64_t mask = ListenerSet::mask_of(ls[k], k);
        for (Source s : {Source::Bsky, Source::Mastodon})
            for (const std::string& planned : p.engine->free_sources().plan(ls[k], s).requests) {
                size_t missing = 0;
                const std::set<std::string> want = free_expected(ls[k], planned, p.now_ms);
                for (const std::string& id : want) {
                    const long at = p.store().index_of(id);
                    missing += at < 0 || !(p.store().listeners_of(static_cast<size_t>(at)) & mask);
                }
                INFO(ls[k].name << " " << planned << ": " << want.size() << " expected");
                CHECK(missing == 0);
            }
    }

    // An hour later each poll asks only for what is newer than what it read.
    std::vector<std::pair<std::string, std::string>> cursors; // planned, its cursor parameter
    for (const Listener& l : ls)
        for (Source s : {Source::Bsky, Source::Mastodon})
            for (const std::string& planned : p.engine->free_sources().plan(l, s).requests)
                if (std::string c = p.engine->free_sources().cursor(l.id, planned); !c.empty())
                    cursors.emplace_back(planned, (s == Source::Bsky ? "since=" : "min_id=") + url_encode(c));
    CHECK(cursors.size() > 10);
    const size_t asked = p.free_paths.size();
    p.now_ms += kHour;
    p.engine->sync_now();
    REQUIRE(p.drive([](int) { return true; }));
    for (const auto& [planned, param] : cursors) {
        bool sent = false;
        for (size_t i = asked; i < p.free_paths.size(); ++i)
            sent = sent || (p.free_paths[i].rfind(planned, 0) == 0 &&
                            p.free_paths[i].find("&" + param) != std::string::npos);
        INFO(planned << " " << param);
        CHECK(sent);
    }
}

TEST_CASE("a reload during the first free polls keeps what was synced and loses nothing in the end") {
    Poller whole({5'000, 1000 * kMicrosPerDollar}, true);
    whole.engine->add_listeners(demo_starters());
    REQUIRE(whole.sync());

    Poller p({5'000, 1000 * kMicrosPerDollar}, true);
    p.engine->add_listeners(demo_starters());
    p.engine->sync_now();
    // Run until a few free pages have been answered, then close the tab there.
    for (int guard = 0; guard < 10000 && p.free_paths.size() < 4; ++guard) {
        p.engine->tick(p.now());
        for (const EngineRequest& req : p.engine->take_requests()) {
            if (req.purpose == EngineRequest::Purpose::Free) p.free_paths.push_back(req.path);
            p.engine->on_response(req.id, p.answer(req.path), p.now());
        }
        if (p.engine->sync_wanted()) {
            p.engine->on_sync_started();
            p.durable = p.fs.files;
            p.engine->on_sync_done("");
        }
    }
    REQUIRE(p.free_paths.size() >= 4);
    const std::set<std::string> synced = [&] {
        std::set<std::string> ids;
        for (const std::string& id : p.stored_ids())
            if (id.rfind("x:", 0) != 0) ids.insert(id);
        return ids;
    }();
    p.reopen();
    for (const std::string& id : synced) CHECK(p.store().index_of(id) >= 0);
    REQUIRE(p.drive([](int) { return true; }));
    const std::set<std::string> got = p.stored_ids(), want = whole.stored_ids();
    std::vector<std::string> lost, extra;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(lost));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
    size_t masto = 0;
    for (const std::string& path : p.free_paths) masto += path.find("/api/mastodon/") == 0;
    INFO("paths " << p.free_paths.size() << " mastodon " << masto << " problem "
                  << p.engine->free_sources().status(Source::Mastodon).problem << " bsky "
                  << p.engine->free_sources().status(Source::Bsky).problem << " next "
                  << p.engine->free_sources().next_due_at(p.set().all()) << " now " << p.now());
    INFO("lost " << lost.size() << (lost.empty() ? "" : " e.g. " + lost[0]) << "; extra " << extra.size()
                 << (extra.empty() ? "" : " e.g. " + extra[0]));
    CHECK(lost.empty());
    CHECK(extra.empty());
}

TEST_CASE("Bluesky's 429 holds only Bluesky, is said in words, and its poll resumes after the reset") {
    Poller p({5'000, 1000 * kMicrosPerDollar}, true);
    p.server_options.bsky.search_limit = 1; // the second searchPosts of a window is refused
    p.engine->add_listeners(demo_starters());
    REQUIRE(p.sync());
    const FreeSourceStatus& st = p.engine->free_sources().status(Source::Bsky);
    CHECK(st.problem.find("rate limit") != std::string::npos);
    CHECK(st.remaining == 0);
    CHECK(p.engine->free_sources().status(Source::Mastodon).problem.empty());
    CHECK(by_source(p.store())[Source::Mastodon] > 20);
    const size_t bsky_before = by_source(p.store())[Source::Bsky];
    // No Bluesky request while held: time moves on in small steps.
    const size_t asked = p.free_paths.size();
    p.now_ms += 30'000;
    p.engine->sync_now();
    REQUIRE(p.drive([](int) { return true; }));
    for (size_t i = asked; i < p.free_paths.size(); ++i) CHECK(p.free_paths[i].rfind("/api/bsky/", 0) != 0);
    // After the window (5 minutes) the polls resume, one page a window.
    p.server_options.bsky.search_limit = 3000;
    p.now_ms += 10 * 60'000;
    p.engine->sync_now();
    REQUIRE(p.drive([](int) { return true; }));
    CHECK(by_source(p.store())[Source::Bsky] > bsky_before);
    CHECK(p.engine->free_sources().status(Source::Bsky).problem.empty());
}
