// Fuzz target: a twarc2 file (JSONL of search pages, streamed or flattened tweets)
// through ingest_content, then enrich() as `earshot-cli ingest` does.
#include "fuzz.hpp"

#include "core/analysis/analysis.hpp"
#include "core/ingest/ingest.hpp"

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<core::Mention> mentions;
    core::IngestReport report = core::ingest_content(fuzz::as_text(data, size), mentions);
    FUZZ_CHECK(report.mentions == mentions.size(), "ingest's report miscounts its mentions");
    for (core::Mention& m : mentions) {
        fuzz::check_mention(m);
        core::enrich(m);
        fuzz::check_jsonl_round_trip(m);
    }
    return 0;
}
