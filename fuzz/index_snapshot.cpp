// Fuzz target: the index snapshot (index.snap) as a cold start restores it:
// Store::load_index over an in-memory folder whose segment holds the sample posts. The
// input is the MentionIndex part; the file around it (header matching the loaded
// mentions, checksum) is made right, so mutations reach MentionIndex::restore. Once
// restored, the index is updated and searched as the engine does.
#include "fuzz.hpp"
#include "sample_posts.hpp"

#include "core/index/mention_index.hpp"
#include "core/query/query.hpp"
#include "core/store/internal/binary.hpp"
#include "flaky_fs.hpp"

#include <variant>

using namespace earshot;

namespace {

// The folder, loaded once: load_index reads only the snapshot file and what load() learnt
// of the segments, and the segment never changes (loading it for every input took a fifth
// of the time).
struct Workspace {
    test::FlakyFileSystem fs;
    core::Store store{fs, "w"};
    core::MentionStore mentions;
    std::vector<core::Query> queries;

    Workspace() {
        std::vector<core::SegmentRecord> records;
        for (core::Mention& m : fuzz::sample_posts("")) records.push_back({std::move(m), 1});
        core::Store writer(fs, "w");
        FUZZ_CHECK(writer.commit(records, {}).ok(), "cannot write the sample segment");
        std::vector<core::Listener> listeners;
        FUZZ_CHECK(store.load(mentions, listeners).ok(), "the sample store does not load");
        for (const char* q : {"coffee", "#brighton OR @harbourbean", "flat white -is:retweet", "coffee has:geo lang:en",
                              "\"flat white\" from:harbourbean", "place:brighton OR url:harbourbean"})
        {
            auto parsed = core::Query::parse(q);
            FUZZ_CHECK(std::holds_alternative<core::Query>(parsed), "a sample query does not parse");
            queries.push_back(std::get<core::Query>(std::move(parsed)));
        }
    }
};

// The file Store::save_index writes, around `index_bytes`.
std::string snapshot_file(const core::MentionStore& mentions, std::string_view index_bytes) {
    core::ByteWriter w;
    w.bytes("ESHINDX\n", 8);
    w.fixed64(mentions.size());
    w.fixed64(mentions.fingerprint());
    w.bytes(index_bytes);
    w.fixed64(core::fast_checksum(w.written()));
    return w.take();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Workspace ws;
    core::Store& store = ws.store;
    const core::MentionStore& mentions = ws.mentions;
    ws.fs.files["w/index.snap"] = snapshot_file(mentions, fuzz::as_text(data, size));
    core::MentionIndex index;
    core::Result<size_t> covered = store.load_index(index, mentions);
    if (!covered) {
        FUZZ_CHECK(index.size() == 0, "a damaged snapshot left a half-restored index");
        return 0;
    }
    FUZZ_CHECK(covered.value() == index.size(), "load_index's count is not the index's");
    // A restored snapshot snapshots to the same bytes (nothing read was dropped or made up).
    core::MentionIndex copy;
    FUZZ_CHECK(copy.restore(index.snapshot()).ok(), "a restored index's snapshot does not restore");
    FUZZ_CHECK(copy.snapshot() == index.snapshot(), "a restored index snapshots differently");
    index.update(mentions);
    for (const core::Query& q : ws.queries) {
        (void)index.search(q, mentions);
        (void)index.candidates(q, mentions);
    }
    (void)index.lookup(core::IndexField::Word, "coffee");
    (void)index.in_range(mentions, {1'700'000'000, 1'800'000'000});
    (void)index.memory_bytes();
    return 0;
}
