// Fuzz target: the body of an X API v2 search page, as XSearchRun reads it
// (parse_x_page), and the same bytes through the format detector (ingest_content).
#include "fuzz.hpp"

#include "core/ingest/ingest.hpp"
#include "core/ingest/x_v2.hpp"

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body = fuzz::as_text(data, size);
    core::Result<core::XPage> page = core::parse_x_page(body);
    if (page) {
        for (const core::Mention& m : page.value().mentions) {
            fuzz::check_mention(m);
            FUZZ_CHECK(m.id.rfind("x:", 0) == 0, "an X page produced a mention of another source");
            fuzz::check_jsonl_round_trip(m);
        }
    }
    std::vector<core::Mention> mentions;
    core::IngestReport report = core::ingest_content(body, mentions);
    FUZZ_CHECK(report.mentions == mentions.size(), "ingest's report miscounts its mentions");
    return 0;
}
