// Triage tests: which posts need the owner, their urgency order, the quick
// filters, and the coloured spans of a post (checked against the hashtags and
// mentions X itself found in the recorded tweets).
#include "core/workflow/triage.hpp"

#include "core/analysis/analysis.hpp"
#include "core/ingest/ingest.hpp"
#include "core/store/mention_store.hpp"
#include "core/text/spans.hpp"
#include "core/text/text.hpp"

#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace earshot::core;

namespace {

constexpr int64_t kNow = 1795687200; // 2026-11-26T10:00:00Z

Mention post(const std::string& id, uint8_t intents, int64_t age_s, int64_t followers = 100) {
    Mention m;
    m.id = "x:" + id;
    m.source_id = id;
    m.text = "post " + id;
    m.created_at = kNow - age_s;
    m.intents = intents;
    m.author.handle = "user" + id;
    m.author.followers = followers;
    return m;
}

std::vector<uint32_t> positions(const MentionStore& s) { return s.newest_first(); }

std::string span_text(const std::string& text, const TextSpan& s) { return text.substr(s.begin, s.end - s.begin); }

} // namespace

TEST_CASE("needs you: the four asking intents, unanswered, not reposts, not our own accounts") {
    OwnAccounts own{{"harbourbean", "grindhousecafe"}};
    WorkflowEntry open;
    CHECK(needs_you(post("1", IntentComplaint, 60), open, own));
    CHECK(needs_you(post("2", IntentQuestion, 60), open, own));
    CHECK(needs_you(post("3", IntentPurchase, 60), open, own));
    CHECK(needs_you(post("4", IntentRecommendationRequest, 60), open, own));
    CHECK_FALSE(needs_you(post("5", IntentPraise, 60), open, own));
    CHECK_FALSE(needs_you(post("6", IntentEvent | IntentPromotion, 60), open, own));

    Mention repost = post("7", IntentComplaint, 60);
    repost.kind = Kind::Repost;
    CHECK_FALSE(needs_you(repost, open, own));

    Mention ours = post("8", IntentQuestion, 60);
    ours.author.handle = "HarbourBean"; // handles compare without case
    CHECK_FALSE(needs_you(ours, open, own));
    ours.author.handle = "harbourbean.bsky.social"; // the same account on Bluesky, and on Mastodon
    CHECK_FALSE(needs_you(ours, open, own));
    ours.author.handle = "harbourbean@mastodon.social";
    CHECK_FALSE(needs_you(ours, open, own));
    ours.author.handle = "harbourbeanfan"; // another account that starts the same
    CHECK(needs_you(ours, open, own));

    WorkflowEntry replied, resolved, opened;
    replied.status = Status::Replied;
    resolved.status = Status::Resolved;
    opened.status = Status::Open;
    CHECK_FALSE(needs_you(post("9", IntentComplaint, 60), replied, own));
    CHECK_FALSE(needs_you(post("9", IntentComplaint, 60), resolved, own));
    CHECK(needs_you(post("9", IntentComplaint, 60), opened, own));
}

TEST_CASE("urgency: intent, then reach, then recency, each moving it the documented way") {
    const Mention complaint = post("1", IntentComplaint, 3600);
    const Mention question = post("2", IntentQuestion, 3600);
    CHECK(urgency(complaint, kNow) / urgency(question, kNow) == Approx(3.0 / 1.5));

    Mention both = post("3", IntentQuestion | IntentPurchase, 3600);
    CHECK(urgency(both, kNow) / urgency(post("4", IntentPurchase, 3600), kNow) == Approx(2.75 / 2.5));

    // A day older: half as urgent.
    CHECK(urgency(post("5", IntentComplaint, 3600 + 86400), kNow) == Approx(urgency(complaint, kNow) / 2));
    // A post dated after now (a skewed clock) counts as new, never more than new.
    CHECK(urgency(post("6", IntentComplaint, -7200), kNow) == Approx(urgency(post("7", IntentComplaint, 0), kNow)));

    // 10,000 followers: reach 1 + 4/2 = 3, against 1 + 2/2 = 2 for 99 followers (log10 100).
    CHECK(urgency(post("8", IntentComplaint, 0, 9999), kNow) / urgency(post("9", IntentComplaint, 0, 99), kNow) ==
          Approx(3.0 / 2.0));
    // An unknown follower count adds nothing, and is not an error.
    Mention unknown = post("10", IntentComplaint, 0);
    unknown.author.followers.reset();
    CHECK(urgency(unknown, kNow) == Approx(3.0));

    // An angrier complaint is more urgent.
    Mention angry = post("11", IntentComplaint, 0, 99), mild = angry;
    angry.sentiment = -0.8f;
    mild.sentiment = -0.1f;
    CHECK(urgency(angry, kNow) > urgency(mild, kNow));
}

TEST_CASE("triage order: needs-you by urgency first, then the rest newest first, and a reply moves a post down") {
    MentionStore store;
    store.upsert(post("1", IntentPraise, 60));
    store.upsert(post("2", IntentQuestion, 120));
    store.upsert(post("3", IntentComplaint, 7200));
    store.upsert(post("4", 0, 30));
    store.upsert(post("5", IntentComplaint, 180));
    Workflow wf;
    const OwnAccounts own;
    TriageOrder t = triage_order(store, wf, positions(store), own, kNow);
    REQUIRE(t.rows.size() == 5);
    CHECK(t.needs_you == 3);
    auto id_at = [&](size_t i) { return store.at(t.rows[i]).id; };
    CHECK(id_at(0) == "x:5"); // a complaint three minutes old
    CHECK(id_at(1) == "x:3"); // a complaint two hours old still outweighs a question
    CHECK(id_at(2) == "x:2");
    CHECK(id_at(3) == "x:4"); // then newest first
    CHECK(id_at(4) == "x:1");

    wf.set_status("x:5", Status::Replied, kNow);
    t = triage_order(store, wf, positions(store), own, kNow);
    CHECK(t.needs_you == 2);
    CHECK(store.at(t.rows[0]).id == "x:3");
    CHECK(store.at(t.rows[4]).id == "x:5"); // back among the rest, in time order: the oldest (180 s)
}

TEST_CASE("quick filters keep only what they say") {
    Mention m = post("1", IntentQuestion, 60);
    m.lang = "es";
    m.sentiment = -0.3f;
    WorkflowEntry w;
    QuickFilter f;
    CHECK(f.keeps_everything());
    CHECK(passes(f, m, w, true));
    f.unread_only = true;
    CHECK(passes(f, m, w, true));
    w.read = true;
    CHECK_FALSE(passes(f, m, w, true));
    f = {};
    f.has_links = true;
    CHECK_FALSE(passes(f, m, w, true));
    m.urls = {"https://harbourbean.co.uk/menu"};
    CHECK(passes(f, m, w, true));
    f = {};
    f.intents = IntentComplaint | IntentPurchase;
    CHECK_FALSE(passes(f, m, w, true));
    f.intents |= IntentQuestion;
    CHECK(passes(f, m, w, true));
    f = {};
    f.tone = static_cast<int>(Tone::Negative);
    CHECK(passes(f, m, w, true));
    m.sentiment.reset(); // no model for the language: unknown, not negative and not neutral
    CHECK_FALSE(passes(f, m, w, true));
    f.tone = static_cast<int>(Tone::Unknown);
    CHECK(passes(f, m, w, true));
    f = {};
    f.lang = "en";
    CHECK_FALSE(passes(f, m, w, true));
    f.lang = "es";
    CHECK(passes(f, m, w, true));
    f = {};
    f.needs_you_only = true;
    CHECK_FALSE(passes(f, m, w, false));
    f = {};
    f.from = kNow - 30;
    CHECK_FALSE(passes(f, m, w, true)); // a minute old
    f.from = kNow - 120;
    f.to = kNow - 60; // [from, to): the post's second is excluded at the end
    CHECK_FALSE(passes(f, m, w, true));
    f.to = kNow - 59;
    CHECK(passes(f, m, w, true));
    f = {};
    f.source = static_cast<int>(Source::Bsky);
    CHECK_FALSE(passes(f, m, w, true));
    CHECK_FALSE(f.keeps_everything());
}

TEST_CASE("spans: hashtags, mentions and links, and what is none of them") {
    const std::string text = "Love @harbourbean's #FlatWhite ☕ see https://harbourbean.co.uk/menu. "
                             "Mail me at ana@example.com, C#1 isn't a tag; ask @ana@mastodon.social or "
                             "@ana.bsky.social. #café #東京 www.example.org)";
    const std::vector<TextSpan> spans = text_spans(text);
    std::vector<std::string> got;
    for (const TextSpan& s : spans)
        got.push_back(std::string(s.kind == SpanKind::Hashtag ? "H:" : s.kind == SpanKind::Mention ? "M:" : "L:") +
                      span_text(text, s));
    CHECK(got == std::vector<std::string>{"M:@harbourbean", "H:#FlatWhite", "L:https://harbourbean.co.uk/menu",
                                          "M:@ana@mastodon.social", "M:@ana.bsky.social", "H:#café", "H:#東京",
                                          "L:www.example.org"});
    for (size_t i = 1; i < spans.size(); ++i) CHECK(spans[i - 1].end <= spans[i].begin);
}

TEST_CASE("spans: invalid UTF-8 and cut text never run past the end") {
    const std::string bad = "#caf\xC3 @x\xF0\x9F https://a\xFF #";
    for (size_t cut = 0; cut <= bad.size(); ++cut) {
        const std::string part = bad.substr(0, cut);
        for (const TextSpan& s : text_spans(part)) {
            CHECK(s.begin < s.end);
            CHECK(s.end <= part.size());
        }
    }
}

TEST_CASE("spans find the hashtags and mentions X found in real recorded tweets") {
    namespace fs = std::filesystem;
    const std::string dir = std::string(EARSHOT_FIXTURES) + "/twarc";
    if (!fs::exists(dir + "/flat.jsonl")) {
        earshot::test::fixtures_absent("the recorded tweets for spans");
        return;
    }
    size_t expected = 0, found = 0;
    for (const char* name : {"flat.jsonl", "brexit.jsonl", "mentions_tweet.jsonl", "kpop.jsonl", "many_urls.jsonl"}) {
        std::ifstream in(dir + "/" + name, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::vector<Mention> out;
        ingest_content(ss.str(), out);
        for (const Mention& m : out) {
            std::vector<std::string> tags, handles;
            for (const TextSpan& s : text_spans(m.text)) {
                const std::string t = to_lower(span_text(m.text, s).substr(1));
                (s.kind == SpanKind::Hashtag ? tags : s.kind == SpanKind::Mention ? handles : tags).push_back(t);
            }
            auto has = [](const std::vector<std::string>& v, const std::string& x) {
                return std::find(v.begin(), v.end(), to_lower(x)) != v.end();
            };
            for (const std::string& h : m.hashtags) {
                ++expected;
                found += has(tags, h);
            }
            for (const std::string& h : m.mentions) {
                ++expected;
                found += has(handles, h);
                if (!has(handles, h)) UNSCOPED_INFO(name << ": @" << h << " not found in: " << m.text);
            }
        }
    }
    INFO(found << " of " << expected << " entities X found");
    REQUIRE(expected > 200);
    // X's own extraction is the reference; a text cut short by the source may lose a few.
    CHECK(static_cast<double>(found) / expected >= 0.98);
}

TEST_CASE("triage order applies the quick filter, and reads the workflow for unread") {
    MentionStore store;
    store.upsert(post("1", IntentQuestion, 60));
    store.upsert(post("2", IntentComplaint, 120));
    store.upsert(post("3", 0, 30));
    Workflow wf;
    wf.set_read("x:2", true, kNow);
    wf.set_read("x:3", true, kNow);
    QuickFilter unread;
    unread.unread_only = true;
    TriageOrder t = triage_order(store, wf, positions(store), {}, kNow, unread);
    REQUIRE(t.rows.size() == 1);
    CHECK(store.at(t.rows[0]).id == "x:1");
    CHECK(t.needs_you == 1);
    QuickFilter needs;
    needs.needs_you_only = true;
    t = triage_order(store, wf, positions(store), {}, kNow, needs);
    CHECK(t.rows.size() == 2);
    CHECK(t.needs_you == 2);
}
