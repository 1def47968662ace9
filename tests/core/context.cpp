// Context tests: the author card counts the same account only, by tone; the
// conversation follows the conversation id, or the reply links without one.
#include "core/insights/context.hpp"

#include "core/store/mention_store.hpp"

#include <catch2/catch.hpp>

using namespace earshot::core;

namespace {

Mention post(Source src, const std::string& id, const std::string& handle, int64_t t) {
    Mention m;
    m.source = src;
    m.source_id = id;
    m.id = std::string(to_string(src)) + ":" + id;
    m.author.handle = handle;
    m.author.id = "u-" + handle;
    m.created_at = t;
    return m;
}

} // namespace

TEST_CASE("author card: the same account on the same network, by tone") {
    MentionStore store;
    Mention a = post(Source::X, "1", "ana", 100), b = post(Source::X, "2", "ana", 300),
            c = post(Source::X, "3", "ana", 200), other = post(Source::X, "4", "bob", 50),
            elsewhere = post(Source::Bsky, "5", "ana", 10);
    a.sentiment = 0.6f;
    b.sentiment = -0.4f;
    b.intents = IntentComplaint;
    c.sentiment = 0.01f; // inside the neutral band
    for (const Mention& m : {a, b, c, other, elsewhere}) store.upsert(m);
    const AuthorSummary s = summarize_author(store, a);
    CHECK(s.mentions == 3);
    CHECK(s.positive == 1);
    CHECK(s.negative == 1);
    CHECK(s.neutral == 1);
    CHECK(s.unknown == 0);
    CHECK(s.asked == 1);
    CHECK(s.first_seen == 100);
    CHECK(s.last_seen == 300);
    CHECK(summarize_author(store, elsewhere).mentions == 1);
}

TEST_CASE("conversation: by conversation id, oldest first, limited to the nearest posts") {
    MentionStore store;
    for (int i = 0; i < 6; ++i) {
        Mention m = post(Source::X, std::to_string(10 + i), "u" + std::to_string(i), 1000 + i * 60);
        m.conversation_id = "10";
        store.upsert(m);
    }
    Mention stranger = post(Source::X, "99", "z", 1100);
    stranger.conversation_id = "99";
    store.upsert(stranger);
    const Mention& middle = store.at(static_cast<size_t>(store.index_of("x:13")));
    std::vector<uint32_t> all = conversation_of(store, middle, 50);
    REQUIRE(all.size() == 6);
    for (size_t i = 1; i < all.size(); ++i) CHECK(store.at(all[i - 1]).created_at <= store.at(all[i]).created_at);
    std::vector<uint32_t> near = conversation_of(store, middle, 3);
    REQUIRE(near.size() == 3);
    CHECK(store.at(near[0]).source_id == "12");
    CHECK(store.at(near[1]).source_id == "13");
    CHECK(store.at(near[2]).source_id == "14");
}

TEST_CASE("conversation without an id: the post replied to and the replies") {
    MentionStore store;
    Mention root = post(Source::Mastodon, "1", "cafe", 100), reply = post(Source::Mastodon, "2", "ana", 200),
            reply2 = post(Source::Mastodon, "3", "bob", 300), unrelated = post(Source::Mastodon, "4", "cy", 150);
    reply.in_reply_to = "1";
    reply2.in_reply_to = "2";
    for (const Mention& m : {root, reply, reply2, unrelated}) store.upsert(m);
    const Mention& mid = store.at(static_cast<size_t>(store.index_of(reply.id)));
    std::vector<uint32_t> c = conversation_of(store, mid, 10);
    REQUIRE(c.size() == 3);
    CHECK(store.at(c[0]).source_id == "1");
    CHECK(store.at(c[2]).source_id == "3");
}
