// Fuzz target: normalised mention JSONL (what `earshot-cli ingest` writes and every
// importer reads) through ingest_content; each mention read must write and read back
// the same.
#include "fuzz.hpp"

#include "core/ingest/ingest.hpp"

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<core::Mention> mentions;
    core::IngestReport report = core::ingest_content(fuzz::as_text(data, size), mentions);
    FUZZ_CHECK(report.mentions == mentions.size(), "ingest's report miscounts its mentions");
    for (const core::Mention& m : mentions) {
        fuzz::check_mention(m);
        fuzz::check_jsonl_round_trip(m);
    }
    return 0;
}
