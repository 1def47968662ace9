// Fuzz target: the stored workflow (workflow.json: read, starred, tags, notes, status
// per mention) as the app loads it (WorkflowFile::load over an in-memory folder).
// Invariant: a loaded workflow saves and reloads as the same document.
#include "fuzz.hpp"

#include "core/workflow/workflow.hpp"
#include "flaky_fs.hpp"

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    test::FlakyFileSystem fs;
    fs.files["w/workflow.json"] = std::string(fuzz::as_text(data, size));
    core::WorkflowFile file(fs, "w");
    core::Workflow w;
    core::Result<bool> loaded = file.load(w);
    if (!loaded || !loaded.value()) return 0;
    (void)w.all_tags();
    for (const auto& [id, entry] : w.entries()) (void)w.first_response_seconds(id, 1'790'000'000);
    const std::string text = w.to_json();
    core::Result<core::Workflow> back = core::Workflow::from_json(text);
    FUZZ_CHECK(back.ok(), "a workflow's own document does not read back");
    FUZZ_CHECK(back.value().to_json() == text, "a workflow reads back different");
    FUZZ_CHECK(file.save(w).ok(), "a loaded workflow cannot be saved");
    // The owner goes on working on the loaded entries.
    if (!w.entries().empty()) {
        const std::string id = w.entries().begin()->first;
        (void)w.add_tag(id, "follow-up", 1'790'000'000);
        w.set_status(id, core::Status::Resolved, 1'790'000'100);
    }
    return 0;
}
