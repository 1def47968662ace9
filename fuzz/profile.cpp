// Fuzz target: the stored business profile (profile.json) as the app loads it
// (ProfileFile::load over an in-memory folder), then what the app builds from it:
// validate(), the starter listeners, update_starter_listeners(). Invariants: a loaded
// profile saves and reloads as the same document; every starter listener's query parses.
#include "fuzz.hpp"

#include "core/listen/profile.hpp"
#include "core/listen/profile_edit.hpp"
#include "core/query/query.hpp"
#include "flaky_fs.hpp"

#include <variant>

using namespace earshot;

namespace {

void check_queries_parse(const std::vector<core::Listener>& listeners) {
    for (const core::Listener& l : listeners) {
        if (l.query.empty()) continue;
        const bool parses = std::holds_alternative<core::Query>(core::Query::parse(l.query));
        if (!parses) std::fprintf(stderr, "listener %s: %s\n", l.id.c_str(), l.query.c_str());
        FUZZ_CHECK(parses, "a starter listener's query does not parse");
    }
}

void use_profile(const core::BusinessProfile& p) {
    const core::ProfileCheck check = core::validate(p);
    for (const core::BusinessProfile* q : {&p, &check.cleaned}) {
        core::StarterListeners starters = core::starter_listeners(*q);
        check_queries_parse(starters.listeners);
        core::StarterUpdate update = core::update_starter_listeners(core::ListenerSet(), *q);
        check_queries_parse(update.listeners.all());
        (void)update.summary();
        // The app edits the profile again from the listeners it made.
        core::StarterUpdate again = core::update_starter_listeners(update.listeners, *q);
        check_queries_parse(again.listeners.all());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    test::FlakyFileSystem fs;
    fs.files["w/profile.json"] = std::string(fuzz::as_text(data, size));
    core::ProfileFile file(fs, "w");
    core::BusinessProfile p;
    core::Result<bool> loaded = file.load(p);
    if (!loaded || !loaded.value()) return 0;
    use_profile(p);
    FUZZ_CHECK(file.save(p).ok(), "a loaded profile cannot be saved");
    const std::string saved = fs.files["w/profile.json"];
    core::BusinessProfile back;
    FUZZ_CHECK(core::ProfileFile(fs, "w").load(back).ok(), "a saved profile does not load");
    FUZZ_CHECK(core::profile_to_json(back) == saved, "a saved profile reloads different");
    return 0;
}
