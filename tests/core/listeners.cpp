// Listener tests: the article's templates filled from a profile, validated
// create/edit/pause/delete, overlap linking, poll groups (packing, catch-ups,
// resumes, caps, linking and charging) and the poll scheduler's decisions.
#include "core/listen/listener_set.hpp"
#include "core/store/mention_store.hpp"
#include "core/listen/profile.hpp"
#include "core/query/query.hpp"
#include "core/text/text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace earshot::core;

namespace {

// 2026-11-26T10:00:00Z
constexpr int64_t kNow = 1795687200;

Query parse(const std::string& text) {
    auto r = Query::parse(text);
    INFO(text);
    REQUIRE(std::holds_alternative<Query>(r));
    return std::get<Query>(r);
}

void require_sendable(const Listener& l) {
    INFO(l.id << ": " << l.query);
    const Query q = parse(l.query);
    Result<std::string> x = q.to_x_query();
    REQUIRE(x.ok());
    CHECK(utf8_length(x.value()) <= Query::kMaxXQueryLength);
}

Mention post(const std::string& id, const std::string& text, const std::string& lang = "en") {
    Mention m;
    m.source_id = id;
    m.id = "x:" + id;
    m.text = text;
    m.lang = lang;
    m.created_at = kNow - 600;
    return m;
}

const Listener& by_id(const std::vector<Listener>& v, const std::string& id) {
    for (const Listener& l : v)
        if (l.id == id)
            return l;
    FAIL("no listener " << id);
    return v.front();
}

ListenerSettings settings(const std::string& name, const std::string& query) {
    ListenerSettings s;
    s.name = name;
    s.query = query;
    return s;
}

std::string id_of(const std::variant<std::string, ListenerError>& r) {
    if (const ListenerError* e = std::get_if<ListenerError>(&r))
        FAIL("refused: " << e->to_string());
    return std::get<std::string>(r);
}

ListenerError error_of(const std::variant<std::string, ListenerError>& r) {
    REQUIRE(std::holds_alternative<ListenerError>(r));
    return std::get<ListenerError>(r);
}

} // namespace

// [SECTION] Templates

TEST_CASE("the article's templates fill from the demo profile and are valid X queries") {
    const StarterListeners s = starter_listeners(demo_profile());
    CHECK(s.notes.empty());
    REQUIRE(s.listeners.size() == 6); // business, 2 competitors, area, trade, questions
    for (const Listener& l : s.listeners)
        require_sendable(l);

    const Listener& mine = by_id(s.listeners, "my-business");
    CHECK(mine.query ==
          "\"Harbour Bean\" OR @harbourbean OR #harbourbean OR url:harbourbean.co.uk");
    CHECK(mine.kind == kMyBusiness);

    const Listener& rival = by_id(s.listeners, "competitor-grindhousecafe");
    CHECK(rival.name == "Grindhouse Coffee");
    CHECK(rival.query == "\"Grindhouse Coffee\" OR @grindhousecafe OR #grindhousecafe OR "
                         "url:grindhousecoffee.co.uk");
    CHECK(by_id(s.listeners, "competitor-dailycrumb").kind == kCompetitor);

    CHECK(by_id(s.listeners, "my-area").query ==
          "(Brighton OR place:Brighton OR point_radius:[-0.1372 50.8225 10km]) (coffee OR café OR "
          "cafe) "
          "-is:retweet");
    CHECK(by_id(s.listeners, "my-trade").query ==
          "(\"specialty coffee\" OR barista OR \"flat white\") -is:retweet lang:en");
    const std::string questions = by_id(s.listeners, "questions").query;
    CHECK(questions.rfind("Brighton (coffee OR café OR cafe) (anyone OR recommend OR", 0) == 0);
    CHECK(questions.find("\"where can\"") != std::string::npos);
    CHECK(questions.find('?') == std::string::npos);
}

TEST_CASE("the templates mean what the article asks for, evaluated locally") {
    const StarterListeners s = starter_listeners(demo_profile());
    const Query area = parse(by_id(s.listeners, "my-area").query);
    const Query trade = parse(by_id(s.listeners, "my-trade").query);
    const Query questions = parse(by_id(s.listeners, "questions").query);
    const Query mine = parse(by_id(s.listeners, "my-business").query);

    CHECK(area.matches(post("1", "Best cafe in Brighton? Asking for a friend")));
    CHECK_FALSE(area.matches(post("2", "Brighton beach was freezing today")));
    Mention rt = post("3", "RT great coffee in Brighton");
    rt.kind = Kind::Repost;
    CHECK_FALSE(area.matches(rt));

    CHECK(trade.matches(post("4", "Perfect flat white this morning")));
    CHECK_FALSE(trade.matches(post("5", "Perfect flat white this morning", "fr")));

    CHECK(questions.matches(post("6", "Can anyone recommend a coffee place in Brighton?")));
    CHECK(questions.matches(post("7", "Where can I get a decent café con leche in Brighton")));
    CHECK_FALSE(questions.matches(post("8", "Brighton coffee is the best")));

    Mention tagged = post("9", "Morning! #harbourbean");
    tagged.hashtags = {"harbourbean"};
    CHECK(mine.matches(tagged));
}

TEST_CASE("a '?' cannot be searched: question templates use word cues") {
    // X ignores punctuation when matching, and the query language refuses a bare '?'.
    auto bare = Query::parse("(coffee OR café) (anyone OR recommend) ?");
    REQUIRE(std::holds_alternative<QueryError>(bare));
    CHECK(std::get<QueryError>(bare).column == 40);
    CHECK(quote_term("?").empty());
    CHECK(quote_term("flat white") == "\"flat white\"");
    CHECK(quote_term("café") == "café");
    CHECK(quote_term(" #coffee ") == "#coffee");
    CHECK(quote_term("OR") == "\"OR\"");
    CHECK(quote_term("say \"hi\"") == "\"say hi\"");
    CHECK(quote_term("from:bob") == "\"from:bob\"");
}

TEST_CASE("templates from a sparse or unusual profile say what is missing") {
    BusinessProfile p;
    p.name = "Kate's Kitchen";
    StarterListeners s = starter_listeners(p);
    REQUIRE(s.listeners.size() == 1);
    CHECK(s.listeners[0].query == "\"Kate's Kitchen\"");
    REQUIRE(s.notes.size() == 3);
    CHECK(s.notes[0].find("My area: add your town") == 0);
    CHECK(s.notes[1].find("My trade: add the terms of your trade") == 0);

    // Handles and sites are cleaned; the query shape stays the same.
    Result<Listener> c =
        competitor_listener({"", "@GrindhouseCafe", "https://www.GrindhouseCoffee.co.uk/"});
    REQUIRE(c.ok());
    CHECK(c->query == "@GrindhouseCafe OR #GrindhouseCafe OR url:grindhousecoffee.co.uk");
    CHECK(c->id == "competitor-grindhousecafe");
    CHECK(c->name == "@GrindhouseCafe");
    CHECK_FALSE(competitor_listener({"", "not a handle!", ""}).ok());

    // A stored website the query language cannot read (found by the profile fuzzer) is
    // left out; the rest of the listener still listens.
    BusinessProfile odd;
    odd.name = "Harbour Bean";
    for (const char* site : {"'", "harbour'bean.co.uk", "a(b.co.uk"}) {
        INFO(site);
        odd.website = site;
        const StarterListeners made = starter_listeners(odd);
        REQUIRE_FALSE(made.listeners.empty());
        const std::string& q = made.listeners[0].query;
        CHECK(std::holds_alternative<Query>(Query::parse(q)));
        CHECK(q.rfind("\"Harbour Bean\"", 0) == 0);
    }

    // Another language: the trade listener follows it; English-only cues refuse.
    BusinessProfile fr = demo_profile();
    fr.language = "fr";
    Result<Listener> trade = trade_listener(fr);
    REQUIRE(trade.ok());
    CHECK(trade->query.find("lang:fr") != std::string::npos);
    Result<Listener> q = questions_listener(fr);
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().find("English only") != std::string::npos);

    // A town of two words is a phrase and a quoted place.
    BusinessProfile sa = demo_profile();
    sa.town = "St Albans";
    sa.lat.reset();
    Result<Listener> area = area_listener(sa);
    REQUIRE(area.ok());
    CHECK(area->query ==
          "(\"St Albans\" OR place:\"St Albans\") (coffee OR café OR cafe) -is:retweet");
    require_sendable(area.value());
    sa.lat = 51.7527;
    sa.lon = -0.3394;
    sa.radius_km = 2.5;
    area = area_listener(sa);
    REQUIRE(area.ok());
    CHECK(area->query.find("point_radius:[-0.3394 51.7527 2.5km]") != std::string::npos);
    require_sendable(area.value());
}

TEST_CASE("long keyword lists are trimmed to X's 512 characters, and say so") {
    BusinessProfile p = demo_profile();
    p.trade_keywords.clear();
    p.trade_terms.clear();
    for (int i = 0; i < 150; ++i) {
        p.trade_keywords.push_back("keyword" + std::to_string(i));
        p.trade_terms.push_back("two words" + std::to_string(i));
    }
    StarterListeners s = starter_listeners(p);
    REQUIRE(s.listeners.size() == 6);
    for (const Listener& l : s.listeners)
        require_sendable(l);
    size_t left_out = 0;
    for (const std::string& n : s.notes)
        left_out += n.find("left out") != std::string::npos;
    CHECK(left_out > 100);
    CHECK(by_id(s.listeners, "my-area").query.find("keyword0 OR keyword1") != std::string::npos);
}

// [SECTION] ListenerSet

TEST_CASE("create validates the query and reports its column") {
    ListenerSet set;
    const ListenerError bad = error_of(set.create(settings("Tea", "coffee (tea")));
    CHECK(bad.field == ListenerField::Query);
    CHECK(bad.column == 12);
    CHECK(bad.to_string() == "column 12: expected ')' to close the group opened at column 8");

    const ListenerError only_lang = error_of(set.create(settings("Lang", "lang:en")));
    CHECK(only_lang.field == ListenerField::Query);
    CHECK(only_lang.column == 1);

    std::string long_query;
    for (int i = 0; i < 60; ++i)
        long_query += (i ? " OR word" : "word") + std::to_string(i);
    REQUIRE(utf8_length(long_query) > 512);
    const ListenerError too_long = error_of(set.create(settings("Long", long_query)));
    CHECK(too_long.field == ListenerField::Query);
    CHECK(too_long.column == 513);
    CHECK(too_long.message.find("at most 512") != std::string::npos);

    CHECK(error_of(set.create(settings("  ", "coffee"))).field == ListenerField::Name);
    ListenerSettings fast = settings("Fast", "coffee");
    fast.interval_minutes = 1;
    CHECK(error_of(set.create(fast)).field == ListenerField::Interval);
    ListenerSettings rare = settings("Rare", "coffee");
    rare.interval_minutes = 7 * 24 * 60;
    CHECK(error_of(set.create(rare)).field == ListenerField::Interval);
    ListenerSettings imported = settings("Imported", "coffee");
    imported.sources = source_bit(Source::Import);
    CHECK(error_of(set.create(imported)).field == ListenerField::Sources);
    CHECK(set.size() == 0);
}

TEST_CASE("ids are unique and stable; names are unique") {
    ListenerSet set;
    const std::string a = id_of(set.create(settings("Around Brighton", "Brighton coffee")));
    CHECK(a == "around-brighton");
    const std::string b = id_of(set.create(settings("Around Brighton!", "Brighton tea")));
    CHECK(b == "around-brighton-2");
    CHECK(error_of(set.create(settings("around brighton", "x"))).field == ListenerField::Name);
    CHECK(set.find(a)->bit != set.find(b)->bit);

    // Renaming keeps the id (and the bit, so stored links stay right).
    const int bit = set.find(a)->bit;
    REQUIRE_FALSE(set.edit(a, settings("Brighton cafés", "Brighton coffee")));
    CHECK(set.find(a)->name == "Brighton cafés");
    CHECK(set.find(a)->bit == bit);
    CHECK(set.index_of("brighton-cafes") == -1);
}

TEST_CASE("editing the query keeps since_id unless asked to backfill; a bad edit changes nothing") {
    ListenerSet set;
    const std::string id = id_of(set.create(settings("Coffee", "coffee")));
    Listener* l = set.find(id);
    l->newest_id = "500";
    l->last_sync = kNow - 60;
    l->resume = {"400", "", "tok", "500", "450"};

    // Whitespace only: the same X query, the interrupted run stays.
    REQUIRE_FALSE(set.edit(id, settings("Coffee", "  coffee ")));
    CHECK_FALSE(set.find(id)->resume.empty());

    REQUIRE_FALSE(set.edit(id, settings("Coffee", "coffee OR tea")));
    CHECK(set.find(id)->newest_id == "500");
    CHECK(set.find(id)->resume.empty());
    CHECK(set.find(id)->read_from_id == "500"); // "tea" was read only from here on

    const auto err = set.edit(id, settings("Coffee", "coffee OR"));
    REQUIRE(err);
    CHECK(err->field == ListenerField::Query);
    CHECK(err->column == 10);
    CHECK(set.find(id)->query == "coffee OR tea");

    REQUIRE_FALSE(set.edit(id, settings("Coffee", "coffee OR tea OR cocoa"), true));
    CHECK(set.find(id)->newest_id.empty());
    CHECK(set.find(id)->last_sync == 0);
    CHECK(set.find(id)->read_from_id.empty()); // the backfill reads its 7 days
    CHECK(set.edit("nope", settings("X", "x")));
}

TEST_CASE("pause, resume and delete; a deleted listener's bit is not reused until released") {
    ListenerSet set;
    const std::string a = id_of(set.create(settings("A", "alpha")));
    const std::string b = id_of(set.create(settings("B", "beta")));
    CHECK(set.find(a)->bit == 0);
    CHECK(set.find(b)->bit == 1);
    CHECK(set.set_paused(a, true));
    CHECK(set.find(a)->paused);
    CHECK(set.set_paused(a, false));
    CHECK_FALSE(set.find(a)->paused);
    CHECK_FALSE(set.set_paused("nope", true));

    CHECK(set.remove(a));
    CHECK_FALSE(set.remove(a));
    CHECK(set.retired_bits() == 1);
    const std::string c = id_of(set.create(settings("C", "gamma")));
    CHECK(set.find(c)->bit == 2);
    set.release_bits(1);
    const std::string d = id_of(set.create(settings("D", "delta")));
    CHECK(set.find(d)->bit == 0);
}

TEST_CASE("at most 64 listeners, counting deleted ones whose mentions remain") {
    ListenerSet set;
    for (int i = 0; i < 64; ++i)
        id_of(set.create(settings("L" + std::to_string(i), "w" + std::to_string(i))));
    CHECK(error_of(set.create(settings("One more", "x"))).field == ListenerField::Limit);
    REQUIRE(set.remove("l0"));
    const ListenerError e = error_of(set.create(settings("One more", "x")));
    CHECK(e.field == ListenerField::Limit);
    CHECK(e.message.find("deleted") != std::string::npos);
    set.release_bits(set.retired_bits());
    CHECK(set.find(id_of(set.create(settings("One more", "x"))))->bit == 0);
}

TEST_CASE("listeners stored by older code adopt their position as link bit") {
    std::vector<Listener> old{{"my-business", "Harbour Bean", "harbour", "", 0, 0, false},
                              {"", "Coffee", "coffee", "", 0, 0, false},
                              {"my-business", "Dup", "dup", "", 0, 0, false}};
    ListenerSet set(old);
    REQUIRE(set.size() == 3);
    CHECK(set.all()[0].bit == 0);
    CHECK(set.all()[1].bit == 1);
    CHECK(set.all()[1].id == "coffee");
    CHECK(set.all()[2].bit == 2);
    CHECK(set.all()[2].id == "my-business-2");
    CHECK(ListenerSet::mask_of(old[1], 1) == 2);
}

TEST_CASE("every listener field survives JSON, and bad JSON is read without throwing") {
    ListenerSet set;
    Listener t = by_id(starter_listeners(demo_profile()).listeners, "my-area");
    t.sources = source_bit(Source::X) | source_bit(Source::Mastodon);
    t.newest_id = "1234";
    t.last_sync = kNow;
    t.posts_read = 77;
    t.resume = {"1000", "", "tok-9", "1234", "1100", "(a) OR (b)"};
    t.read_from_id = "900";
    const std::string id = id_of(set.add(t));
    REQUIRE(set.remove(id_of(set.create(settings("Gone", "gone")))));

    const std::string text = set.to_json().dump();
    ListenerSet back = ListenerSet::from_json(nlohmann::json::parse(text));
    REQUIRE(back.size() == 1);
    const Listener& l = back.all()[0];
    CHECK(l.id == "my-area");
    CHECK(l.kind == kMyArea);
    CHECK(l.query == t.query);
    CHECK(l.sources == t.sources);
    CHECK(l.interval_minutes == t.interval_minutes);
    CHECK(l.daily_cap_posts == t.daily_cap_posts);
    CHECK(l.newest_id == "1234");
    CHECK(l.posts_read == 77);
    CHECK(l.resume.next_token == "tok-9");
    CHECK(l.resume.oldest_id == "1100");
    CHECK(l.resume.query == "(a) OR (b)");
    CHECK(l.read_from_id == "900");
    CHECK(l.bit == 0);
    CHECK(back.retired_bits() == 2);

    // A cursor saved before poll groups was of the listener's own query.
    const Listener legacy = listener_from_json(nlohmann::json::parse(
        R"j({"id":"c","query":"skiing -(snow OR day)","resume":{"since_id":"1","next_token":"t","oldest_id":"5"}})j"));
    CHECK(legacy.resume.query == "skiing -snow -day");

    const Listener odd = listener_from_json(nlohmann::json::parse(
        R"({"id":7,"name":"N","query":"q","last_sync":"soon","bit":99,"sources":"x","interval_minutes":-5})"));
    CHECK(odd.id.empty());
    CHECK(odd.last_sync == 0);
    CHECK(odd.bit == 63);
    CHECK(odd.sources == source_bit(Source::X));
    CHECK(odd.interval_minutes == 1);
}

// [SECTION] Overlaps

TEST_CASE("a post matched by several listeners is stored once and linked to all") {
    std::vector<Listener> ls(4);
    ls[0] = {"coffee", "Coffee", "coffee", "", 0, 0, false};
    ls[1] = {"brighton", "Brighton", "Brighton", "", 0, 0, false};
    ls[2] = {"flat-white", "Flat white", "\"flat white\"", "", 0, 0, false};
    ls[2].sources = 0; // local only: never fetches, costs nothing
    ls[3] = {"bsky-coffee", "Bluesky coffee", "coffee", "", 0, 0, false};
    ls[3].sources = source_bit(Source::Bsky);
    ListenerSet set(ls);
    const ListenerMatcher matcher(set.all());

    const std::vector<Mention> page = {post("1", "Great coffee in Brighton"),
                                       post("2", "A flat white and a coffee"), post("3", "coffee")};
    const std::vector<uint64_t> masks = link_page(page, 0b0001, matcher);
    REQUIRE(masks.size() == 3);
    CHECK(masks[0] == 0b0011);
    CHECK(masks[1] == 0b0101);
    CHECK(masks[2] == 0b0001); // the Bluesky listener does not take X posts

    MentionStore store;
    for (size_t i = 0; i < page.size(); ++i)
        CHECK(store.upsert(page[i], masks[i]));
    // Brighton's own poll later brings the same post: still one copy.
    CHECK_FALSE(store.upsert(page[0], 0b0010));
    CHECK(store.size() == 3);
    CHECK(store.count_for_listener(0) == 3);
    CHECK(store.count_for_listener(1) == 1);
    CHECK(store.count_for_listener(2) == 1);
    CHECK(store.count_for_listener(3) == 0);
}

// [SECTION] Poll groups

namespace {

// A query of about 300 characters: two of them never share a 512-character search.
std::string wide(const std::string& word) {
    std::string q = word;
    for (int i = 0; utf8_length(q) < 290; ++i)
        q += " OR " + word + std::to_string(i);
    return q;
}

Listener polled(const std::string& id, const std::string& query, const std::string& newest = "",
                int64_t last_sync = 0) {
    Listener l{id, id, query, newest, last_sync, 0, false};
    l.daily_cap_posts = 0;
    return l;
}

std::vector<std::string> ids(std::initializer_list<const char*> v) {
    return std::vector<std::string>(v.begin(), v.end());
}

} // namespace

TEST_CASE("poll groups pack active X listeners into 512 characters, first fit in listener order") {
    std::vector<Listener> ls = {polled("a", wide("alpha")), polled("b", wide("beta")),
                                polled("c", "coffee"),      polled("d", wide("delta")),
                                polled("e", "espresso"),    polled("f", "flat")};
    ls[4].paused = true;
    ls[5].sources = source_bit(Source::Bsky);
    const std::vector<PollGroup> groups = poll_groups(ls);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].members == ids({"a", "c"})); // c fits beside a: first fit
    CHECK(groups[1].members == ids({"b"}));
    CHECK(groups[2].members == ids({"d"}));
    for (const PollGroup& g : groups) {
        CHECK(utf8_length(g.query) <= Query::kMaxXQueryLength);
        std::vector<std::string> queries;
        for (const std::string& id : g.members)
            queries.push_back(by_id(ls, id).query);
        CHECK(g.query == combined_x_query(queries).value());
    }
    CHECK(groups[0].query.find(" OR coffee") != std::string::npos);

    // A query that does not parse (stored by something else) is searched alone.
    std::vector<Listener> odd = {polled("broken", "coffee ("), polled("fine", "tea"),
                                 polled("also", "latte")};
    const std::vector<PollGroup> apart = poll_groups(odd);
    REQUIRE(apart.size() == 2);
    CHECK(apart[0].members == ids({"broken"}));
    CHECK(apart[1].members == ids({"fine", "also"}));

    // Resumed, e joins the first group with room; paused, a leaves its group.
    ls[4].paused = false;
    ls[0].paused = true;
    const std::vector<PollGroup> after = poll_groups(ls);
    REQUIRE(after.size() == 2);
    CHECK(after[0].members == ids({"b", "c", "e"}));
    CHECK(after[1].members == ids({"d"}));
}

TEST_CASE("listeners whose queries share words are packed together before first fit") {
    // First fit would put area beside business and leave questions (which wants the
    // same Brighton coffee posts as area) in a search of its own.
    const std::string filler = wide("harbour"); // ~300 characters
    std::vector<Listener> ls = {polled("business", filler), polled("area", "Brighton (coffee OR cafe) -is:retweet"),
                                polled("trade", "barista OR \"flat white\""),
                                polled("questions", "Brighton coffee (anyone OR recommend OR \"where can\") " + wide("x").substr(0, 150))};
    const std::vector<PollGroup> groups = poll_groups(ls);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].members == ids({"business", "trade"})); // in listener order, first member first
    CHECK(groups[1].members == ids({"area", "questions"}));
    for (const PollGroup& g : groups) CHECK(utf8_length(g.query) <= Query::kMaxXQueryLength);
    // The same listeners give the same packing every time (nothing depends on history).
    const std::vector<PollGroup> again = poll_groups(ls);
    REQUIRE(again.size() == groups.size());
    for (size_t i = 0; i < groups.size(); ++i) CHECK(again[i].members == groups[i].members);
    // Words only excluded are not shared interests.
    std::vector<Listener> apart = {polled("a", filler), polled("b", "tea -brighton"),
                                   polled("c", "brighton " + wide("y").substr(0, 250))};
    const std::vector<PollGroup> g2 = poll_groups(apart);
    REQUIRE(g2.size() == 2);
    CHECK(g2[0].members == ids({"a", "b"}));
    CHECK(g2[1].members == ids({"c"}));
}

TEST_CASE("a group polls once, with one combined query from its shared newest id") {
    std::vector<Listener> ls = {polled("business", "\"harbour bean\"", "500", kNow - 7200),
                                polled("area", "coffee brighton", "500", kNow - 600)};
    ls[1].interval_minutes = 15;
    SpendGuard spend;
    PollScheduler scheduler;
    PollDecision d = scheduler.decide(kNow, ls, spend);
    REQUIRE_FALSE(d.run.empty());
    CHECK(d.run.kind == PollRun::Kind::Poll);
    CHECK(d.run.members == ids({"business", "area"}));
    CHECK(d.run.query == "\"harbour bean\" OR (coffee brighton)");
    CHECK(d.run.since_id == "500");
    REQUIRE(d.groups.size() == 1);
    CHECK(d.listeners[0].group == 0);
    CHECK(d.listeners[1].group == 0);

    // Due when its soonest member is: area's 15 minutes, not business's hour.
    ls[0].last_sync = ls[1].last_sync = kNow;
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.empty());
    CHECK(d.next_at == kNow + 15 * 60);
    CHECK(d.listeners[0].text == "Next poll in 15 min");
}

TEST_CASE("a listener behind its group catches up alone, leaving out what the group read") {
    std::vector<Listener> ls = {polled("business", "\"harbour bean\" OR @harbourbean", "900", kNow),
                                polled("area", "coffee brighton -is:retweet", "900", kNow),
                                polled("new", "coffee hove -is:retweet")};
    SpendGuard spend;
    PollScheduler scheduler;
    PollDecision d = scheduler.decide(kNow, ls, spend);
    REQUIRE(d.run.kind == PollRun::Kind::CatchUp);
    CHECK(d.run.members == ids({"new"}));
    CHECK(d.run.excluded == ids({"business", "area"}));
    CHECK(d.run.since_id.empty()); // never polled: X's 7 days
    CHECK(d.run.until_id == "900");
    CHECK(d.run.newest_floor == "900");
    CHECK(d.run.query == "coffee hove -is:retweet -\"harbour bean\" -@harbourbean -brighton");
    CHECK_FALSE(d.run.exclusion_dropped);
    CHECK(d.listeners[2].text == "Catching up with its group (leaving out posts the group read)");
    CHECK(d.listeners[0].wait == PollWait::Queued); // polls once "new" has joined
    CHECK(d.listeners[0].text == "Waits while new catches up with its group");

    // Once it has caught up, all three poll together.
    ls[2].newest_id = "900";
    ls[2].last_sync = kNow;
    d = scheduler.decide(kNow + 3600, ls, spend);
    CHECK(d.run.kind == PollRun::Kind::Poll);
    CHECK(d.run.members.size() == 3);
    CHECK(d.run.since_id == "900");

    // Two behind at the same point catch up together; one behind elsewhere waits.
    ls.push_back(polled("new-too", "latte hove"));
    ls[2].newest_id = "";
    ls.push_back(polled("older", "mocha hove", "300"));
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.members == ids({"new", "new-too"}));
    CHECK(d.listeners[4].wait == PollWait::Queued);
    CHECK(d.listeners[4].text == "Waits while new, new-too catch up with its group");
}

TEST_CASE("a catch-up never leaves out what a member was never sent, nor what is too long") {
    std::vector<Listener> ls = {polled("business", "\"harbour bean\"", "900", kNow),
                                polled("edited", "coffee", "900", kNow),
                                polled("new", "coffee hove")};
    ls[1].read_from_id = "800"; // its query changed at 800, without backfill
    SpendGuard spend;
    PollScheduler scheduler;
    PollDecision d = scheduler.decide(kNow, ls, spend);
    REQUIRE(d.run.kind == PollRun::Kind::CatchUp);
    CHECK(d.run.excluded == ids({"business"})); // "coffee" was not read before 800
    CHECK(d.run.query.find("coffee") == 0);
    ls[2].newest_id = "850"; // behind, but after the edit: "coffee" covers it
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.excluded == ids({"business", "edited"}));
    CHECK(d.run.nothing_to_read); // "coffee hove" lies within "coffee"
    CHECK(d.listeners[2].text.find("the group has read every post it matches") !=
          std::string::npos);

    // An exclusion past 512 characters is dropped, and the owner is told:
    // negated, "w0 w1 …" grows into "(-w0 OR -w1 …)".
    std::string words = "w0";
    for (int i = 1; utf8_length(words) < 200; ++i)
        words += " w" + std::to_string(i);
    std::vector<Listener> big = {polled("a", words, "900", kNow), polled("b", wide("gamma"))};
    REQUIRE(poll_groups(big).size() == 1);
    d = scheduler.decide(kNow, big, spend);
    REQUIRE(d.run.kind == PollRun::Kind::CatchUp);
    CHECK(d.run.exclusion_dropped);
    CHECK(d.run.excluded.empty());
    CHECK(d.run.query == x_wire_query(wide("gamma")));
    CHECK(d.listeners[1].text.find("may be paid for twice") != std::string::npos);
}

TEST_CASE("an interrupted group run is finished by the members holding its cursor") {
    std::vector<Listener> ls = {polled("a", "alpha", "100"), polled("b", "beta", "100"),
                                polled("c", "gamma", "100")};
    const RunCursor c{"100", "",    "tok",
                      "900", "700", combined_x_query({"alpha", "beta", "gamma"}).value()};
    for (Listener& l : ls)
        l.resume = c;
    SpendGuard spend;
    PollScheduler scheduler;
    PollDecision d = scheduler.decide(kNow, ls, spend);
    REQUIRE(d.run.kind == PollRun::Kind::Resume);
    CHECK(d.run.members == ids({"a", "b", "c"}));
    CHECK(d.run.query == c.query); // the same query: the token is still good
    CHECK(d.listeners[0].text == "Finishing an interrupted poll");

    // b is paused: a and c finish the run below its oldest post, without b's query.
    ls[1].paused = true;
    ls.push_back(polled("d", "delta")); // added meanwhile: waits for the run to end
    d = scheduler.decide(kNow, ls, spend);
    REQUIRE(d.run.kind == PollRun::Kind::Resume);
    CHECK(d.run.members == ids({"a", "c"}));
    CHECK(d.run.query == "alpha OR gamma");
    CHECK(d.listeners[3].wait == PollWait::Queued);
    CHECK(d.listeners[1].group == -1);
    std::vector<Listener> without_c = {ls[0], ls[1], ls[3]}; // deleted instead: the same
    CHECK(scheduler.decide(kNow, without_c, spend).run.members == ids({"a"}));

    // They finish (finish_run) and poll on; b comes back and finishes its part
    // alone, leaving out what a and c read.
    ListenerSet set(ls);
    MentionStore store;
    finish_run(set, d.run, "900", store, kNow);
    CHECK(set.find("a")->newest_id == "900");
    CHECK(set.find("a")->resume.empty());
    CHECK(set.find("b")->resume == c);
    set.set_paused("b", false);
    d = scheduler.decide(kNow, set.all(), spend);
    REQUIRE(d.run.kind == PollRun::Kind::Resume);
    CHECK(d.run.members == ids({"b"}));
    CHECK(d.run.excluded == ids({"a", "c"}));
    CHECK(d.run.query == "beta -alpha -gamma");
}

TEST_CASE(
    "a member stopped by its daily cap sits out; the rest read within the smallest allowance") {
    std::vector<Listener> ls = {polled("a", "alpha", "100"), polled("b", "beta", "100"),
                                polled("c", "gamma", "100")};
    ls[0].daily_cap_posts = 100;
    ls[1].daily_cap_posts = 50;
    SpendGuard spend;
    spend.record("a", 95, kNow);
    spend.record("b", 20, kNow);
    PollScheduler scheduler;
    PollDecision d = scheduler.decide(kNow, ls, spend);
    CHECK(d.listeners[0].wait == PollWait::DailyCap);
    CHECK(d.groups.size() == 1); // still in its group, sitting out
    CHECK(d.run.members == ids({"b", "c"}));
    CHECK(d.run.query == "beta OR gamma");
    CHECK(d.max_results == 30); // b's allowance, the smallest
    std::vector<const Listener*> members = {&ls[1], &ls[2]};
    CHECK(spend.allowance(members, kNow).max_results == 30);
}

TEST_CASE("a page is linked to the members it matches, and charged to each; stored posts join") {
    std::vector<Listener> ls = {polled("a", "coffee"), polled("b", "brighton"), polled("c", "tea")};
    ListenerSet set(ls);
    PollRun run;
    run.members = ids({"a", "b"});
    run.query = combined_x_query({"coffee", "brighton"}).value();
    XSearchRun search(run);
    HttpResponse r;
    r.status = 200;
    r.body =
        R"({"data":[{"id":"3","text":"coffee in brighton"},{"id":"2","text":"coffee"},{"id":"1","text":"nothing local"}],"meta":{"result_count":4}})";
    std::vector<Mention> page;
    REQUIRE(search.consume(r, page) == XSearchRun::State::Done);
    SpendGuard spend;
    const std::vector<uint64_t> masks = record_page(set, run, search, page, spend, kNow);
    REQUIRE(masks.size() == 3);
    CHECK(masks[0] == 0b011);
    CHECK(masks[1] == 0b001);
    CHECK(masks[2] == 0b011); // matched by X, by no member locally: linked to both, not lost
    CHECK(spend.month(kNow).posts == 4);               // billed once (one post could not be read)
    CHECK(spend.listener("a", kNow).month.posts == 4); // 3 linked + 1 unreadable
    CHECK(spend.listener("b", kNow).month.posts == 3);
    CHECK(spend.listener("c", kNow).month.posts == 0);
    CHECK(set.find("b")->posts_read == 3);
    CHECK(member_charges({0b01, 0b11, 0b10}, {0b01, 0b10}, 0) == std::vector<uint64_t>{2, 2});

    // c joins: the stored posts its query matches are linked to it.
    MentionStore store;
    store.upsert(post("10", "tea and coffee"), 0b001);
    store.upsert(post("11", "coffee"), 0b001);
    Mention bsky = post("12", "tea");
    bsky.source = Source::Bsky;
    store.upsert(bsky, 0);
    const std::vector<size_t> linked = link_stored(store, *set.find("c"), 0b100);
    CHECK(linked == std::vector<size_t>{0}); // not the Bluesky post: c listens to X
    CHECK(store.listeners_of(0) == 0b101);
    CHECK(link_stored(store, *set.find("c"), 0b100).empty()); // once
}

// [SECTION] PollScheduler

TEST_CASE("the scheduler runs unfinished runs first, then catch-ups, then the most overdue group") {
    // Queries this wide never share a group, so each listener is one.
    std::vector<Listener> ls(4);
    ls[0] = polled("fresh", wide("a"));
    ls[1] = polled("recent", wide("b"), "9", kNow - 10 * 60);
    ls[2] = polled("paused", wide("c"));
    ls[2].paused = true;
    ls[3] = polled("overdue", wide("d"), "9", kNow - 3 * 3600);
    SpendGuard spend;
    PollScheduler scheduler;

    PollDecision d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.members == ids({"fresh"})); // never polled: due since forever
    CHECK(d.run.kind == PollRun::Kind::Poll);
    CHECK(d.max_results == 100);
    REQUIRE(d.listeners.size() == 4);
    CHECK(d.listeners[1].wait == PollWait::NotDue);
    CHECK(d.listeners[1].until == kNow + 50 * 60);
    CHECK(d.listeners[1].text == "Next poll in 50 min");
    CHECK(d.listeners[2].wait == PollWait::Paused);
    CHECK(d.listeners[3].wait == PollWait::Ready);

    ls[1].resume = {"9", "", "tok", "20", "12"};
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.members == ids({"recent"}));
    CHECK(d.run.kind == PollRun::Kind::Resume);
    CHECK(d.listeners[1].text == "Finishing an interrupted poll");

    ls[1].resume = {};
    ls[0].last_sync = kNow;
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.members == ids({"overdue"}));

    ls[3].last_sync = kNow;
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.empty());
    CHECK(d.next_at == kNow + 50 * 60);
    CHECK(d.why_not == "Next poll in 50 min");
    CHECK(scheduler.decide(kNow + 50 * 60, ls, spend).run.members == ids({"recent"}));

    // "Sync now": polls that are not due run too, once each.
    PollOptions now;
    now.ignore_schedule = true;
    CHECK(scheduler.decide(kNow, ls, spend, now).run.members == ids({"fresh"}));
    now.polled = ids({"fresh", "recent"});
    CHECK(scheduler.decide(kNow, ls, spend, now).run.members == ids({"overdue"}));
    now.polled.push_back("overdue");
    CHECK(scheduler.decide(kNow, ls, spend, now).run.empty());
}

TEST_CASE("a 429 holds every search until X's reset instead of retrying") {
    std::vector<Listener> ls(2);
    ls[0] = {"a", "A", "a", "", 0, 0, false};
    ls[1] = {"b", "B", "b", "", 0, 0, false};
    SpendGuard spend;
    PollScheduler scheduler;
    HttpResponse r;
    r.status = 429;
    r.headers = {{"x-rate-limit-remaining", "0"},
                 {"x-rate-limit-reset", std::to_string(kNow + 600)}};
    scheduler.on_response(ids({"a", "b"}), r, XSearchRun::State::RateLimited, kNow);
    CHECK(scheduler.rate_limited(kNow));
    CHECK(scheduler.next_allowed_time() == kNow + 600);

    PollDecision d = scheduler.decide(kNow + 1, ls, spend);
    CHECK(d.run.empty());
    CHECK(d.next_at == kNow + 600);
    CHECK(d.listeners[0].wait == PollWait::RateLimited);
    CHECK(d.listeners[1].wait == PollWait::RateLimited);
    CHECK(d.groups.size() == 1); // still shown together
    CHECK(d.why_not == "X's rate limit is spent; searching resumes in 10 min");
    CHECK(scheduler.decide(kNow + 600, ls, spend).run.members == ids({"a", "b"}));

    // Without a reset header: one whole window.
    PollScheduler bare;
    HttpResponse no_header;
    no_header.status = 429;
    bare.on_response("a", no_header, XSearchRun::State::RateLimited, kNow);
    CHECK(bare.next_allowed_time() == kNow + PollScheduler::kDefaultWindow);

    // A successful page that spent the last request holds too.
    PollScheduler last;
    HttpResponse ok;
    ok.status = 200;
    ok.headers = {{"x-rate-limit-remaining", "0"},
                  {"x-rate-limit-reset", std::to_string(kNow + 120)}};
    last.on_response("a", ok, XSearchRun::State::Done, kNow);
    CHECK(last.decide(kNow, ls, spend).listeners[0].wait == PollWait::RateLimited);
    CHECK_FALSE(last.decide(kNow + 120, ls, spend).run.empty());
}

TEST_CASE("failures back off; caps stop a listener and say why") {
    std::vector<Listener> ls(1);
    ls[0] = {"a", "My area", "a", "", 0, 0, false};
    ls[0].daily_cap_posts = 100;
    SpendGuard spend;
    PollScheduler scheduler;
    HttpResponse down; // no answer at all
    down.transport_error = "offline";
    scheduler.on_response("a", down, XSearchRun::State::Failed, kNow);
    PollDecision d = scheduler.decide(kNow, ls, spend);
    CHECK(d.listeners[0].wait == PollWait::Backoff);
    CHECK(d.next_at == kNow + 60);
    scheduler.on_response("a", down, XSearchRun::State::Failed, kNow + 60);
    CHECK(scheduler.decide(kNow + 60, ls, spend).next_at == kNow + 180);
    HttpResponse fine;
    fine.status = 200;
    scheduler.on_response("a", fine, XSearchRun::State::Done, kNow + 180);
    CHECK(scheduler.decide(kNow + 180, ls, spend).run.members == ids({"a"}));

    spend.record("a", 60, kNow);
    CHECK(scheduler.decide(kNow, ls, spend).max_results == 40);
    spend.record("a", 40, kNow);
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.empty());
    CHECK(d.listeners[0].wait == PollWait::DailyCap);
    CHECK(d.next_at == 1795737600); // 2026-11-27T00:00:00Z
    CHECK(d.why_not.find("daily cap of 100 posts ($0.50) for My area is reached") !=
          std::string::npos);

    ls[0].daily_cap_posts = 0;
    spend.record("someone-deleted", 900, kNow);
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.listeners[0].wait == PollWait::MonthlyCap);
    CHECK(d.why_not == "Stopped: the monthly cap of $5.00 is reached (1,000 posts). Raise it in "
                       "Settings or wait until 1 December.");
    CHECK(d.next_at == 1796083200); // 2026-12-01T00:00:00Z

    // A failed group run backs off every member.
    std::vector<Listener> pair = {polled("x", "x1"), polled("y", "y1")};
    PollScheduler group;
    group.on_response(ids({"x", "y"}), down, XSearchRun::State::Failed, kNow);
    d = group.decide(kNow, pair, SpendGuard());
    CHECK(d.run.empty());
    CHECK(d.listeners[1].wait == PollWait::Backoff);
}

TEST_CASE("paused and local-only listeners never run") {
    std::vector<Listener> ls(2);
    ls[0] = {"a", "A", "a", "", 0, 0, true};
    ls[1] = {"b", "B", "b", "", 0, 0, true};
    SpendGuard spend;
    PollScheduler scheduler;
    PollDecision d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.empty());
    CHECK(d.next_at == 0);
    CHECK(d.why_not == "All listeners are paused");

    ls[1].paused = false;
    ls[1].sources = 0;
    d = scheduler.decide(kNow, ls, spend);
    CHECK(d.run.empty());
    CHECK(d.listeners[1].wait == PollWait::NotPolled);
    CHECK(d.listeners[1].text.find("Local only") == 0);
    CHECK(scheduler.decide(kNow, {}, spend).why_not == "No listeners yet");
}

TEST_CASE("waits read naturally") {
    CHECK(format_wait(0) == "now");
    CHECK(format_wait(30) == "in under a minute");
    CHECK(format_wait(61) == "in 2 min");
    CHECK(format_wait(3600) == "in 1 h");
    CHECK(format_wait(3900) == "in 1 h 5 min");
    CHECK(format_wait(86400 * 3) == "in 3 days");
}
