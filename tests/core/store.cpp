// Storage tests: segment round trip, versions refused, and a crash injected at
// every write step always reopening to the last complete state.
#include "core/store.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace earshot::core;

namespace {

/// An in-memory file system that can fail (or "crash") at the N-th write step.
class FlakyFileSystem : public FileSystem {
  public:
    std::map<std::string, std::string> files;
    int fail_at = -1; ///< the write step that fails (0-based), -1 never
    int steps = 0;
    bool torn = false; ///< a failed write leaves half the bytes behind

    std::optional<std::string> read(const std::string& p) override {
        auto it = files.find(p);
        if (it == files.end()) return std::nullopt;
        return it->second;
    }
    Result<bool> write(const std::string& p, std::string_view d) override {
        if (steps++ == fail_at) {
            if (torn) files[p] = std::string(d.substr(0, d.size() / 2));
            return Error{"QuotaExceededError"};
        }
        files[p] = std::string(d);
        return true;
    }
    Result<bool> rename(const std::string& from, const std::string& to) override {
        if (steps++ == fail_at) return Error{"rename failed"};
        auto it = files.find(from);
        if (it == files.end()) return Error{"no such file"};
        files[to] = it->second;
        files.erase(it);
        return true;
    }
    void remove(const std::string& p) override { files.erase(p); }
    Result<bool> make_dirs(const std::string&) override { return true; }
};

Mention make(int i) {
    Mention m;
    m.source_id = std::to_string(1000 + i);
    m.id = "x:" + m.source_id;
    m.text = "post " + std::to_string(i) + " café ☕";
    m.created_at = 1795605300 + i;
    m.lang = "en";
    m.author.handle = "user" + std::to_string(i % 7);
    m.author.followers = i * 10;
    m.metrics.likes = i;
    m.hashtags = {"coffee"};
    if (i % 3 == 0) {
        Place p;
        p.name = "Brighton";
        p.country_code = "GB";
        p.lat = 50.8;
        p.lon = -0.1;
        m.place = p;
    }
    m.sentiment = 0.25f;
    m.intents = IntentQuestion;
    return m;
}

std::vector<SegmentRecord> batch(int from, int n) {
    std::vector<SegmentRecord> v;
    for (int i = from; i < from + n; ++i) v.push_back({make(i), 1});
    return v;
}

} // namespace

TEST_CASE("segments round trip every field, unknown values included") {
    std::vector<SegmentRecord> in = batch(0, 10);
    in[1].mention.metrics.likes.reset();
    in[2].mention.sentiment.reset();
    std::string bytes = encode_segment(in);
    auto out = decode_segment(bytes);
    REQUIRE(out.ok());
    REQUIRE(out->size() == 10);
    for (size_t i = 0; i < 10; ++i) {
        const Mention &a = in[i].mention, &b = (*out)[i].mention;
        CHECK(a.id == b.id);
        CHECK(a.text == b.text);
        CHECK(a.created_at == b.created_at);
        CHECK(a.metrics.likes == b.metrics.likes);
        CHECK(a.author.followers == b.author.followers);
        CHECK(a.place.has_value() == b.place.has_value());
        CHECK(a.sentiment.has_value() == b.sentiment.has_value());
        CHECK(a.hashtags == b.hashtags);
    }
}

TEST_CASE("version 1 segments (older Earshot) still load, and version 2 is smaller") {
    std::vector<SegmentRecord> in = batch(0, 20);
    for (size_t i = 0; i < in.size(); ++i) {
        Mention& m = in[i].mention;
        m.url = "https://x.com/i/status/" + m.source_id;     // derivable in v2
        m.conversation_id = i % 2 ? m.source_id : "999";      // half derivable
        m.urls = {"https://www.HarbourBean.co.uk/menu", "https://t.example/x"};
        m.domains = {"harbourbean.co.uk", "t.example"};       // derivable
        if (i == 3) m.domains = {"odd.example"};              // not derivable: kept as stored
    }
    std::string v1 = encode_segment(in, 1), v2 = encode_segment(in);
    CHECK(v2.size() < v1.size());
    for (const std::string* bytes : {&v1, &v2}) {
        auto out = decode_segment(*bytes);
        REQUIRE(out.ok());
        REQUIRE(out->size() == in.size());
        for (size_t i = 0; i < in.size(); ++i) {
            const Mention &a = in[i].mention, &b = (*out)[i].mention;
            CHECK(b.url == a.url);
            CHECK(b.conversation_id == a.conversation_id);
            CHECK(b.domains == a.domains);
            CHECK(b.text == a.text);
            CHECK(b.author.verified == a.author.verified);
            CHECK(b.place.has_value() == a.place.has_value());
        }
    }
    // A store whose first segment was sealed by version 1 loads and keeps growing in version 2.
    FlakyFileSystem fs;
    fs.files["/db/seg-000001.bin"] = v1;
    fs.files["/db/manifest.json"] =
        R"({"format":"earshot-manifest","version":1,"next_segment":2,"segments":[{"file":"seg-000001.bin","count":20,"bytes":)" +
        std::to_string(v1.size()) + "}],\"listeners\":[]}";
    Store store(fs, "/db");
    MentionStore ms;
    std::vector<Listener> ls;
    REQUIRE(store.load(ms, ls).ok());
    CHECK(ms.size() == 20);
    REQUIRE(store.commit(batch(100, 5), ls).ok());
    CHECK(fs.files["/db/seg-000001.bin"] == v1); // sealed files are never rewritten
    MentionStore again;
    Store reopened(fs, "/db");
    REQUIRE(reopened.load(again, ls).ok());
    CHECK(again.size() == 25);
}

TEST_CASE("damaged and newer-version segments are refused with a message") {
    std::string bytes = encode_segment(batch(0, 3));
    std::string flipped = bytes;
    flipped[30] ^= 0x55;
    auto bad = decode_segment(flipped);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().find("damaged") != std::string::npos);
    std::string newer = bytes;
    newer[8] = 9; // version field
    auto v = decode_segment(newer);
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().find("newer Earshot") != std::string::npos);
    CHECK_FALSE(decode_segment(bytes.substr(0, bytes.size() / 2)).ok());
}

TEST_CASE("store: commit, reload, listeners kept") {
    FlakyFileSystem fs;
    Store store(fs, "/db");
    std::vector<Listener> listeners{{"my-business", "My business", "harbour bean", "123", 99, 10, false}};
    REQUIRE(store.commit(batch(0, 5), listeners).ok());
    REQUIRE(store.commit(batch(3, 5), listeners).ok()); // overlaps: stored once on load
    MentionStore ms;
    std::vector<Listener> back;
    Store again(fs, "/db");
    auto loaded = again.load(ms, back);
    REQUIRE(loaded.ok());
    CHECK(loaded.value());
    CHECK(ms.size() == 8);
    REQUIRE(back.size() == 1);
    CHECK(back[0].newest_id == "123");
    CHECK(again.segment_count() == 2);
    CHECK(again.bytes() > 0);
}

TEST_CASE("an unknown manifest version is refused and left untouched") {
    FlakyFileSystem fs;
    const std::string future = R"({"format":"earshot-manifest","version":99,"segments":[]})";
    fs.files["/db/manifest.json"] = future;
    Store store(fs, "/db");
    MentionStore ms;
    std::vector<Listener> ls;
    auto r = store.load(ms, ls);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("version 99") != std::string::npos);
    CHECK(store.read_only());
    CHECK_FALSE(store.commit(batch(0, 1), ls).ok());
    CHECK(fs.files["/db/manifest.json"] == future);
}

TEST_CASE("a crash at every write step reopens to the last complete state") {
    // Two committed batches, then a third that fails at step k (k = 0..2:
    // segment write, manifest temp write, rename), torn or not.
    for (bool torn : {false, true}) {
        for (int k = 0; k < 3; ++k) {
            FlakyFileSystem fs;
            fs.torn = torn;
            std::vector<Listener> ls{{"l", "L", "q", "", 0, 0, false}};
            {
                Store s(fs, "/db");
                REQUIRE(s.commit(batch(0, 4), ls).ok());
                REQUIRE(s.commit(batch(4, 4), ls).ok());
                fs.steps = 0;
                fs.fail_at = k;
                ls[0].newest_id = "should-not-persist";
                CHECK_FALSE(s.commit(batch(8, 4), ls).ok());
            }
            fs.fail_at = -1;
            Store reopened(fs, "/db");
            MentionStore ms;
            std::vector<Listener> back;
            auto r = reopened.load(ms, back);
            INFO("fail at step " << k << (torn ? " (torn write)" : ""));
            REQUIRE(r.ok());
            CHECK(ms.size() == 8);
            CHECK(back.at(0).newest_id.empty());
            // And the store keeps working after the failure.
            REQUIRE(reopened.commit(batch(8, 4), back).ok());
            MentionStore ms2;
            Store third(fs, "/db");
            REQUIRE(third.load(ms2, back).ok());
            CHECK(ms2.size() == 12);
        }
    }
}
