// Storage tests: segment round trip, versions refused, and a crash injected at
// every write step always reopening to the last complete state.
#include "core/store/persistent_store.hpp"

#include "flaky_fs.hpp"

#include "core/query/query.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

using namespace earshot::core;
using earshot::test::FlakyFileSystem;

namespace {

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

TEST_CASE("version 1 and 2 segments (older Earshot) still load, and version 2 on is smaller") {
    std::vector<SegmentRecord> in = batch(0, 20);
    for (size_t i = 0; i < in.size(); ++i) {
        Mention& m = in[i].mention;
        m.url = "https://x.com/i/status/" + m.source_id;     // derivable in v2
        m.conversation_id = i % 2 ? m.source_id : "999";      // half derivable
        m.urls = {"https://www.HarbourBean.co.uk/menu", "https://t.example/x"};
        m.domains = {"harbourbean.co.uk", "t.example"};       // derivable
        if (i == 3) m.domains = {"odd.example"};              // not derivable: kept as stored
    }
    std::string v1 = encode_segment(in, 1), v2 = encode_segment(in, 2), v3 = encode_segment(in, 3),
                v4 = encode_segment(in);
    CHECK(v2.size() < v1.size());
    CHECK(v3.size() == v2.size()); // version 3 changes only the checksum
    CHECK(v3 != v2);
    CHECK(v4.size() < v3.size());
    for (const std::string* bytes : {&v1, &v2, &v3, &v4}) {
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

TEST_CASE("the manifest's head is what one JSON object holding its members dumps, spend and free sources included") {
    // Store assembles the head by hand (every commit writes it); older Earshot wrote
    // nlohmann's dump() of a tree, and the bytes must stay the same.
    FlakyFileSystem fs;
    Store store(fs, "/db");
    MentionStore ms;
    std::vector<Listener> ls(2);
    ls[0].id = "my-business";
    ls[0].name = "Harbour \"Bean\"";
    ls[0].query = "@harbourbean";
    ls[1].id = "trade";
    ls[1].query = "coffee OR latte";
    REQUIRE(store.load(ms, ls).ok());
    for (const ManifestExtras& extras :
         {ManifestExtras{}, ManifestExtras{"{\n \"format\": \"earshot-spend\"\n}", 5, "{\"version\":1,\"é\":\"\\u0001\"}"}}) {
        REQUIRE(store.commit(batch(0, 3), ls, extras).ok());
        const std::string manifest = fs.files.at("/db/manifest.json");
        const size_t segments = manifest.find(",\n\"segments\":[\n");
        REQUIRE(segments != std::string::npos);
        nlohmann::json doc = nlohmann::json::parse(manifest);
        CHECK(doc["segments"].size() >= 1);
        doc.erase("segments");
        CHECK(doc.dump() == manifest.substr(0, segments) + "}");
        CHECK(doc.contains("spend") == !extras.spend_json.empty());
        CHECK(doc.contains("free_sources") == !extras.free_sources_json.empty());
    }
}

TEST_CASE("version 4 keeps every kind of id and each author exactly, and shares repeated authors") {
    std::vector<SegmentRecord> in = batch(0, 12);
    const std::vector<std::string> ids = {"1234567890123456789", "0", "007", "18446744073709551615", "abc",
                                          "", "1", "9999999999999999999", "12a", "-5", "3", "99999999999999999999"};
    for (size_t i = 0; i < in.size(); ++i) {
        Mention& m = in[i].mention;
        m.source_id = ids[i].empty() ? "1" : ids[i];
        m.id = "x:" + m.source_id;
        m.conversation_id = ids[(i + 1) % ids.size()];
        m.in_reply_to = ids[(i + 2) % ids.size()];
        m.referenced_id = ids[(i + 3) % ids.size()];
        m.author.id = i < 6 ? "42" : ids[(i + 4) % ids.size()];
        m.author.name = i == 3 ? "Renamed Author" : "Same Author"; // same id, another name: both kept
        m.author.followers = static_cast<int64_t>(100 + i);    // per record, not per author
        m.author.verified = i % 2 == 0;
    }
    auto out = decode_segment(encode_segment(in));
    REQUIRE(out.ok());
    for (size_t i = 0; i < in.size(); ++i) {
        const Mention &a = in[i].mention, &b = (*out)[i].mention;
        INFO(i);
        CHECK(b.id == a.id);
        CHECK(b.source_id == a.source_id);
        CHECK(b.conversation_id == a.conversation_id);
        CHECK(b.in_reply_to == a.in_reply_to);
        CHECK(b.referenced_id == a.referenced_id);
        CHECK(b.author.id == a.author.id);
        CHECK(b.author.name == a.author.name);
        CHECK(b.author.handle == a.author.handle);
        CHECK(b.author.location == a.author.location);
        CHECK(b.author.followers == a.author.followers);
        CHECK(b.author.verified == a.author.verified);
    }
    // A hundred posts by one author cost far less than a hundred by different ones.
    std::vector<SegmentRecord> same = batch(0, 100), varied = batch(0, 100);
    for (size_t i = 0; i < 100; ++i) {
        for (std::vector<SegmentRecord>* v : {&same, &varied}) {
            Author& a = (*v)[i].mention.author;
            a.handle = "someone";
            a.name = "Some Longer Display Name";
            a.location = "Brighton, England";
        }
        same[i].mention.author.id = "17";
        varied[i].mention.author.id = std::to_string(1000 + i);
    }
    CHECK(encode_segment(same).size() + 60 * 40 < encode_segment(varied).size());
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

TEST_CASE("the version 3 checksum catches any flipped byte, and nothing is added when it does") {
    const std::string bytes = encode_segment(batch(0, 4));
    for (size_t at = 16; at < bytes.size(); ++at) { // past the header (checked by itself)
        for (uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xFF}}) {
            std::string damaged = bytes;
            damaged[at] = static_cast<char>(damaged[at] ^ flip);
            MentionStore ms;
            Result<size_t> r = decode_segment_into(damaged, ms);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().find("damaged") != std::string::npos);
            CHECK(ms.size() == 0);
        }
    }
    MentionStore ms;
    REQUIRE(decode_segment_into(bytes, ms).ok());
    CHECK(ms.size() == 4);
}

TEST_CASE("no record of any version is smaller than the size a segment count is checked against") {
    Mention empty, standard_url, own_conversation;
    standard_url.url = "https://x.com/i/status/";
    own_conversation.source_id = own_conversation.conversation_id = "1";
    for (uint32_t version = 1; version <= kSegmentVersion; ++version)
        for (const Mention& m : {empty, standard_url, own_conversation}) {
            const size_t none = encode_segment({}, version).size();
            const size_t one = encode_segment({{m, 0}}, version).size();
            // A record brings its author into the table: that counts for it too.
            CHECK(one - none >= kMinSegmentRecordBytes);
        }
}

namespace {

void set_fixed32(std::string& bytes, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[at + static_cast<size_t>(i)] = static_cast<char>(v >> (8 * i));
}

// Every way of reading a segment, as a load does: each must refuse `bytes` cleanly.
void check_refused(const std::string& bytes) {
    CHECK_FALSE(decode_segment(bytes).ok());
    MentionStore one;
    CHECK_FALSE(decode_segment_into(bytes, one).ok());
    CHECK(one.size() == 0);
    // The parallel load sizes its blanks from the header's count before the checksum.
    if (Result<uint32_t> count = segment_record_count(bytes)) {
        CHECK(count.value() <= bytes.size() / kMinSegmentRecordBytes);
        MentionStore many;
        const size_t first = many.add_blanks(count.value(), [](auto&& work) { work(); });
        std::vector<uint64_t> masks(count.value());
        CHECK_FALSE(decode_segment_to(bytes, many, first, masks.data(), count.value()).ok());
        many.drop_blanks(first);
    }
}

} // namespace

TEST_CASE("a segment header announcing more records than its bytes hold is refused before anything is sized") {
    const std::string bytes = encode_segment(batch(0, 3));
    for (uint32_t count : {0xFFFFFFFFu, 0x80000000u, 0x00010000u}) {
        std::string lying = bytes;
        set_fixed32(lying, 12, count); // the count, read before the checksum
        Result<uint32_t> announced = segment_record_count(lying);
        REQUIRE_FALSE(announced.ok());
        CHECK(announced.error().find("damaged") != std::string::npos);
        CHECK(announced.error().find(std::to_string(count)) != std::string::npos);
        check_refused(lying);
    }
    REQUIRE(segment_record_count(bytes).ok());
    CHECK(segment_record_count(bytes).value() == 3);
}

TEST_CASE("overwriting any byte of a segment, header and count included, is refused cleanly") {
    const std::string bytes = encode_segment(batch(0, 5));
    for (size_t at = 0; at < bytes.size(); ++at)
        for (uint8_t value : {uint8_t{0x00}, uint8_t{0xFF}}) {
            std::string damaged = bytes;
            if (damaged[at] == static_cast<char>(value)) damaged[at] = static_cast<char>(value ^ 0x01);
            else damaged[at] = static_cast<char>(value);
            check_refused(damaged);
        }
    for (size_t cut = 0; cut < bytes.size(); ++cut) check_refused(bytes.substr(0, cut));
}

TEST_CASE("decoding into a store keeps one mention per id and merges listener links") {
    MentionStore ms;
    std::vector<SegmentRecord> first = batch(0, 6), second = batch(4, 6);
    for (SegmentRecord& r : second) r.listeners = 2;
    second[0].mention.metrics.likes = 777;
    REQUIRE(decode_segment_into(encode_segment(first), ms).value() == 6);
    REQUIRE(decode_segment_into(encode_segment(second), ms).value() == 4); // ids 4 and 5 known
    REQUIRE(ms.size() == 10);
    const long four = ms.index_of(make(4).id);
    REQUIRE(four == 4);
    CHECK(ms.listeners_of(4) == 3);
    CHECK(ms.at(4).metrics.likes == 777); // the re-fetch's fresher counters
    CHECK(ms.listeners_of(0) == 1);
    CHECK(ms.listeners_of(9) == 2);
    for (int i = 0; i < 10; ++i) CHECK(ms.index_of(make(i).id) == i);
    CHECK(ms.index_of("x:nope") == -1);
}

TEST_CASE("MentionStore finds every id among many, across table growth") {
    MentionStore ms;
    for (int i = 0; i < 20000; ++i) {
        Mention m;
        m.id = "x:18600000000" + std::to_string(1000000 + i * 7919);
        CHECK(ms.upsert(m, 1));
    }
    for (int i = 0; i < 20000; i += 3) {
        Mention m;
        m.id = "x:18600000000" + std::to_string(1000000 + i * 7919);
        CHECK_FALSE(ms.upsert(m, 4)); // known: a link is added, nothing else
    }
    REQUIRE(ms.size() == 20000);
    for (int i = 0; i < 20000; ++i) {
        const long pos = ms.index_of("x:18600000000" + std::to_string(1000000 + i * 7919));
        REQUIRE(pos == i);
        CHECK(ms.listeners_of(static_cast<size_t>(pos)) == (i % 3 == 0 ? 5u : 1u));
    }
    const uint64_t at_half = [&] {
        MentionStore half;
        for (int i = 0; i < 10000; ++i) {
            Mention m;
            m.id = ms.at(static_cast<size_t>(i)).id;
            half.upsert(m);
        }
        return half.fingerprint();
    }();
    ms.truncate(10000);
    CHECK(ms.size() == 10000);
    CHECK(ms.fingerprint() == at_half);
    CHECK(ms.index_of(ms.at(9999).id) == 9999);
    CHECK(ms.index_of("x:18600000000" + std::to_string(1000000 + 15000 * 7919)) == -1);
    ms.clear();
    CHECK(ms.index_of("x:186000000001000000") == -1);
    CHECK(ms.upsert(Mention{}, 0));
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

namespace {

// Loads `fs` on one thread and on several; a refusal must leave the store read-only with
// the reason, nothing loaded, and every stored file as it was.
void check_opens_read_only(FlakyFileSystem& fs, const std::string& expected_words) {
    const std::map<std::string, std::string> before = fs.files;
    for (unsigned threads : {1u, 4u}) {
        Store store(fs, "/db");
        store.set_load_threads(threads);
        MentionStore ms;
        std::vector<Listener> ls;
        Result<bool> r = store.load(ms, ls);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().find(expected_words) != std::string::npos);
        CHECK(store.read_only());
        CHECK(store.read_only_reason() == r.error());
        CHECK(ms.size() == 0);
        CHECK_FALSE(store.commit(batch(0, 1), ls).ok());
        CHECK(fs.files == before);
    }
}

} // namespace

TEST_CASE("a manifest with wrong types or impossible counts opens read-only with the reason") {
    const std::string head = R"({"format":"earshot-manifest","version":1,)";
    const std::string good_entry = R"({"file":"seg-000001.bin","count":3,"bytes":)";
    FlakyFileSystem seed;
    REQUIRE(Store(seed, "/db").commit(batch(0, 3), {}).ok());
    const std::string segment = seed.files.at("/db/seg-000001.bin");
    const std::string size = std::to_string(segment.size());
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[1,2]", "not a JSON object"},
        {R"({"format":5,"version":1})", "format"},
        {R"({"format":"earshot-manifest","version":"1"})", "version is not a number"},
        {R"({"format":"earshot-manifest","version":-1})", "version is not a number"},
        {R"({"format":"earshot-manifest","version":1.5})", "version is not a number"},
        {head + R"("next_segment":"2"})", "next_segment"},
        {head + R"("segments":5})", "\"segments\" is not a list"},
        {head + R"("segments":{"file":"seg-000001.bin"}})", "\"segments\" is not a list"},
        {head + R"("segments":[5]})", "segment entry 1 has no file name"},
        {head + R"("segments":[{"file":3,"count":3,"bytes":100}]})", "no file name"},
        {head + R"("segments":[{"file":"../../etc/passwd","count":3,"bytes":100}]})", "no file name"},
        {head + R"("segments":[{"file":"seg-000001.bin","count":"3","bytes":100}]})", "no record count"},
        {head + R"("segments":[{"file":"seg-000001.bin","count":-3,"bytes":100}]})", "no record count"},
        {head + R"("segments":[{"file":"seg-000001.bin","count":1e300,"bytes":100}]})", "no record count"},
        {head + R"("segments":[{"file":"seg-000001.bin","count":4294967296,"bytes":100}]})", "no record count"},
        {head + R"("segments":[{"file":"seg-000001.bin","count":3}]})", "no size"},
        // One flipped digit in a count asks for 4 billion mentions: refused before any reserve.
        {head + R"("segments":[)" + good_entry.substr(0, good_entry.find("3,")) + "4294967295," + R"("bytes":)" +
             size + "}]}",
         "counts 4294967295 records in " + size + " bytes"},
        {head + R"("segments":[)" + good_entry + "1" + size + "}]}", "the manifest says 1" + size},
        {head + R"("segments":[)" + good_entry + size + R"(}],"listeners":{"id":"x"}})",
         "\"listeners\" is not a list"},
        {head + R"("segments":[)" + good_entry + size + R"(}],"listeners":[7]})", "listener 1 is not an object"},
        {head + R"("segments":[)" + good_entry + size + "}", "not valid JSON"},
    };
    for (const auto& [manifest, words] : cases) {
        INFO(manifest);
        FlakyFileSystem fs;
        fs.files["/db/manifest.json"] = manifest;
        fs.files["/db/seg-000001.bin"] = segment;
        check_opens_read_only(fs, words);
        CHECK(fs.files["/db/manifest.json"] == manifest);
    }
}

TEST_CASE("any truncation or overwritten byte of a real manifest loads or opens read-only, never aborts") {
    FlakyFileSystem fs;
    std::vector<Listener> listeners{{"my-business", "My business", "harbour bean", "123", 99, 10, false}};
    {
        Store store(fs, "/db");
        REQUIRE(store.commit(batch(0, 5), listeners).ok());
        REQUIRE(store.commit(batch(5, 5), listeners, {R"({"month":"2026-05"})", 3}).ok());
    }
    const std::string manifest = fs.files.at("/db/manifest.json");
    size_t refused = 0, tried = 0;
    auto try_one = [&](const std::string& damaged) {
        FlakyFileSystem copy = fs;
        copy.files["/db/manifest.json"] = damaged;
        Store store(copy, "/db");
        MentionStore ms;
        std::vector<Listener> ls;
        Result<bool> r = store.load(ms, ls);
        ++tried;
        if (!r.ok()) {
            ++refused;
            CHECK(store.read_only());
            CHECK_FALSE(store.read_only_reason().empty());
            CHECK(copy.files == [&] { auto f = fs.files; f["/db/manifest.json"] = damaged; return f; }());
        }
    };
    for (size_t cut = 0; cut + 1 < manifest.size(); ++cut) try_one(manifest.substr(0, cut));
    CHECK(refused == tried); // a prefix of a JSON object is never one
    for (size_t at = 0; at < manifest.size(); ++at)
        for (char c : {'9', '"', '-', 'x', '{', '['}) {
            std::string damaged = manifest;
            damaged[at] = c;
            try_one(damaged);
        }
    CHECK(refused > manifest.size()); // most overwrites break the JSON or a type
}

TEST_CASE("a manifest whose next_segment is behind its segments never writes over one") {
    FlakyFileSystem fs;
    std::vector<Listener> ls;
    {
        Store store(fs, "/db");
        REQUIRE(store.commit(batch(0, 3), ls).ok());
        REQUIRE(store.commit(batch(3, 3), ls).ok());
    }
    std::string& manifest = fs.files["/db/manifest.json"];
    const size_t at = manifest.find("\"next_segment\":3");
    REQUIRE(at != std::string::npos);
    manifest.replace(at, 16, "\"next_segment\":1");
    const std::string second = fs.files.at("/db/seg-000002.bin");
    Store store(fs, "/db");
    MentionStore ms;
    REQUIRE(store.load(ms, ls).ok());
    REQUIRE(store.commit(batch(6, 3), ls).ok());
    CHECK(fs.files.at("/db/seg-000002.bin") == second);
    CHECK(fs.files.count("/db/seg-000003.bin") == 1);
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

// [SECTION] Index snapshot

namespace {

std::vector<uint32_t> scan(const std::string& text, const MentionStore& ms) {
    const Query q = std::get<Query>(Query::parse(text));
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < ms.size(); ++i)
        if (q.matches(ms.at(i))) out.push_back(i);
    return out;
}

struct Loaded {
    MentionStore mentions;
    MentionIndex index;
    Result<size_t> restored = size_t{0};
};

std::unique_ptr<Loaded> open(FlakyFileSystem& fs) {
    auto out = std::make_unique<Loaded>();
    Store store(fs, "/db");
    std::vector<Listener> ls;
    REQUIRE(store.load(out->mentions, ls).ok());
    out->restored = store.load_index(out->index, out->mentions);
    out->index.update(out->mentions);
    return out;
}

} // namespace

TEST_CASE("the index snapshot is used when it matches the loaded mentions, and only then") {
    FlakyFileSystem fs;
    std::vector<Listener> ls;
    {
        Store store(fs, "/db");
        REQUIRE(store.commit(batch(0, 40), ls).ok());
        REQUIRE(store.commit(batch(30, 40), ls).ok()); // overlaps: 70 distinct
    }
    {
        Store store(fs, "/db");
        MentionStore ms;
        REQUIRE(store.load(ms, ls).ok());
        MentionIndex index;
        REQUIRE(store.load_index(index, ms).value() == 0); // none saved yet
        index.update(ms);
        REQUIRE(store.save_index(index, ms).ok());
        CHECK(store.index_snapshot_size() == 70);
        REQUIRE(store.commit(batch(100, 25), ls).ok()); // newer than the snapshot
    }
    auto a = open(fs);
    REQUIRE(a->restored.ok());
    CHECK(a->restored.value() == 70); // covers the first two segments; the third is indexed
    REQUIRE(a->mentions.size() == 95);
    const Query q = std::get<Query>(Query::parse("coffee OR from:user3"));
    CHECK(a->index.search(q, a->mentions) == scan("coffee OR from:user3", a->mentions));
    CHECK_FALSE(a->index.search(q, a->mentions).empty());

    // The same ids in another order (segment entries swapped in the manifest) must not use it.
    std::string manifest = fs.files["/db/manifest.json"];
    auto entry_of = [&](const std::string& file) {
        const size_t at = manifest.find(file);
        REQUIRE(at != std::string::npos);
        const size_t begin = manifest.rfind('{', at), end = manifest.find('}', at) + 1;
        return std::make_pair(begin, manifest.substr(begin, end - begin));
    };
    const auto [first_at, first] = entry_of("seg-000001.bin");
    const auto [second_at, second] = entry_of("seg-000002.bin");
    REQUIRE(first_at < second_at);
    manifest.replace(second_at, second.size(), first);
    manifest.replace(first_at, first.size(), second);
    fs.files["/db/manifest.json"] = manifest;
    auto b = open(fs);
    REQUIRE(b->restored.ok());
    CHECK(b->restored.value() == 0);
    CHECK(b->index.search(q, b->mentions) == scan("coffee OR from:user3", b->mentions));
}

TEST_CASE("a snapshot saved slice by slice is the file a one-go save writes, and loads back") {
    FlakyFileSystem fs;
    std::vector<Listener> ls;
    Store store(fs, "/db");
    REQUIRE(store.commit(batch(0, 40), ls).ok());
    REQUIRE(store.commit(batch(40, 40), ls).ok());
    MentionStore ms;
    REQUIRE(store.load(ms, ls).ok());
    MentionIndex index;
    index.update(ms);
    REQUIRE(store.save_index(index, ms).ok());
    const std::string one_go = fs.files["/db/index.snap"];
    fs.files.erase("/db/index.snap");

    IndexSnapshotJob job(index, ms);
    REQUIRE_FALSE(store.save_index(job).ok()); // not built yet: nothing written
    CHECK(fs.files.count("/db/index.snap") == 0);
    int slices = 1;
    while (!job.build_more(64)) ++slices;
    CHECK(slices > 10);
    CHECK(job.covered() == 80);
    REQUIRE(store.save_index(job).ok());
    CHECK(fs.files["/db/index.snap"] == one_go);
    CHECK(store.index_snapshot_size() == 80);
    auto a = open(fs);
    REQUIRE(a->restored.ok());
    CHECK(a->restored.value() == 80);
}

TEST_CASE("a damaged snapshot or a failed snapshot write loses nothing") {
    FlakyFileSystem fs;
    std::vector<Listener> ls;
    Store store(fs, "/db");
    REQUIRE(store.commit(batch(0, 30), ls).ok());
    MentionStore ms;
    REQUIRE(store.load(ms, ls).ok());
    MentionIndex index;
    index.update(ms);
    REQUIRE(store.save_index(index, ms).ok());
    const std::string good = fs.files["/db/index.snap"];

    // A full disk while replacing it: the old snapshot stays, no temporary is left.
    fs.fail_at = fs.steps;
    REQUIRE_FALSE(store.save_index(index, ms).ok());
    CHECK(fs.files["/db/index.snap"] == good);
    CHECK(fs.files.count("/db/index.snap.tmp") == 0);
    fs.fail_at = -1;

    // An index behind the store is refused rather than saved with wrong positions.
    MentionIndex partial;
    partial.update(ms, 5);
    CHECK_FALSE(store.save_index(partial, ms).ok());

    fs.files["/db/index.snap"][40] ^= 0x10;
    auto a = open(fs);
    REQUIRE_FALSE(a->restored.ok());
    CHECK(a->restored.error().find("rebuilt") != std::string::npos);
    CHECK(a->mentions.size() == 30); // the mentions are untouched
    CHECK(a->index.size() == 30);    // and the index was rebuilt from them
}

TEST_CASE("loading on several threads gives exactly the one-by-one load") {
    FlakyFileSystem fs;
    std::vector<Listener> ls;
    {
        Store store(fs, "/db");
        for (int s = 0; s < 9; ++s) {
            std::vector<SegmentRecord> recs = batch(s * 30, 45); // each overlaps the next
            for (SegmentRecord& r : recs) r.listeners = uint64_t{1} << s;
            REQUIRE(store.commit(recs, ls).ok());
        }
        // Large segments whose ranges cross the store's 4,096-mention chunks.
        for (int s = 0; s < 4; ++s) REQUIRE(store.commit(batch(1000 + s * 2500, 3000), ls).ok());
    }
    MentionStore one, many;
    Store a(fs, "/db"), b(fs, "/db");
    a.set_load_threads(1);
    b.set_load_threads(4);
    REQUIRE(a.load(one, ls).ok());
    REQUIRE(b.load(many, ls).ok());
    REQUIRE(one.size() == 8 * 30 + 45 + 3 * 2500 + 3000);
    REQUIRE(many.size() == one.size());
    CHECK(many.fingerprint() == one.fingerprint());
    for (size_t i = 0; i < one.size(); ++i) {
        REQUIRE(many.at(i).id == one.at(i).id);
        CHECK(many.at(i).text == one.at(i).text);
        CHECK(many.listeners_of(i) == one.listeners_of(i));
        CHECK(many.index_of(one.at(i).id) == static_cast<long>(i));
    }
    CHECK(one.listeners_of(35) == 3); // in segments 1 and 2: both links kept

    // A damaged segment is reported by name and leaves nothing half-loaded.
    fs.files["/db/seg-000005.bin"][40] ^= 0x08;
    for (unsigned threads : {1u, 4u}) {
        MentionStore broken;
        Store c(fs, "/db");
        c.set_load_threads(threads);
        Result<bool> r = c.load(broken, ls);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().find("seg-000005.bin") != std::string::npos);
        CHECK(r.error().find("damaged") != std::string::npos);
        CHECK(broken.size() == 0);
        CHECK(broken.index_of(one.at(0).id) == -1);
        CHECK(c.read_only());
    }
}

TEST_CASE("an index snapshot is saved for large caches, and again after growing by a quarter") {
    CHECK_FALSE(Store::index_snapshot_due(5000, 0));    // small: rebuilding is quick
    CHECK(Store::index_snapshot_due(20000, 0));
    CHECK_FALSE(Store::index_snapshot_due(20000, 20000)); // nothing new
    CHECK_FALSE(Store::index_snapshot_due(24000, 20000));
    CHECK(Store::index_snapshot_due(25000, 20000));
    CHECK(Store::index_snapshot_due(30000, 100000)); // a smaller store than the snapshot's: stale
}
