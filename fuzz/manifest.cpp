// Fuzz target: the stored manifest (manifest.json) as the listening engine opens it
// (ListeningEngine::open: Store::load, the listener set, the spend ledger), over an
// in-memory folder that also holds a good segment. Invariant: a manifest that loads is
// written back (Store::commit) as one that loads to the same listeners and mentions.
#include "fuzz.hpp"
#include "sample_posts.hpp"

#include "core/listen/engine.hpp"
#include "core/listen/listener_set.hpp"
#include "flaky_fs.hpp"

using namespace earshot;

namespace {

// The folder every input starts from: one segment of the sample posts, as written.
const std::map<std::string, std::string>& base_files() {
    static const std::map<std::string, std::string> files = [] {
        test::FlakyFileSystem fs;
        std::vector<core::SegmentRecord> records;
        for (core::Mention& m : fuzz::sample_posts("")) records.push_back({std::move(m), 3});
        core::Store writer(fs, "w");
        FUZZ_CHECK(writer.commit(records, {}).ok(), "cannot write the sample segment");
        return fs.files;
    }();
    return files;
}

std::string listeners_json(const std::vector<core::Listener>& listeners) {
    nlohmann::json all = nlohmann::json::array();
    for (const core::Listener& l : listeners) all.push_back(core::listener_to_json(l));
    return all.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void check_written_back(test::FlakyFileSystem& fs) {
    core::Store store(fs, "w");
    store.set_load_threads(1);
    // Emptied, not renewed: a new store allocates room for 4,096 mentions.
    static core::MentionStore mentions, mentions2;
    mentions.truncate(0);
    mentions2.truncate(0);
    std::vector<core::Listener> listeners;
    if (!store.load(mentions, listeners).ok()) return;
    FUZZ_CHECK(store.commit({}, listeners, store.extras()).ok(), "a loaded store cannot commit");
    core::Store again(fs, "w");
    again.set_load_threads(1);
    std::vector<core::Listener> listeners2;
    core::Result<bool> reloaded = again.load(mentions2, listeners2);
    if (!reloaded) std::fprintf(stderr, "%s\n", reloaded.error().c_str());
    FUZZ_CHECK(reloaded.ok(), "a manifest the store wrote does not load");
    FUZZ_CHECK(mentions2.size() == mentions.size(), "rewriting the manifest changed the mentions");
    FUZZ_CHECK(listeners_json(listeners2) == listeners_json(listeners), "rewriting the manifest changed the listeners");
    FUZZ_CHECK(again.extras().spend_json == store.extras().spend_json, "rewriting the manifest changed the ledger");
}

void open_and_write_back(std::string_view manifest) {
    test::FlakyFileSystem fs;
    fs.files = base_files();
    fs.files["w/manifest.json"] = std::string(manifest);
    {
        core::ListeningEngine engine(fs, "w");
        (void)engine.open(true);
        (void)core::poll_groups(engine.listeners());
        core::ListenerMatcher matcher(engine.listeners());
        for (const core::Mention& m : fuzz::sample_posts("")) (void)matcher.match(m);
    }
    check_written_back(fs);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    open_and_write_back(fuzz::as_text(data, size));
    return 0;
}
