// Fuzz target: a Mastodon answer (status arrays, search envelopes, statuses,
// contexts) as the listener would read it, and the same bytes through the format
// detector.
#include "fuzz.hpp"
#include "utf8_check.hpp"

#include "core/ingest/ingest.hpp"
#include "core/ingest/mastodon.hpp"

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body = fuzz::as_text(data, size);
    core::Result<core::MastodonPage> page = core::parse_mastodon_answer(body);
    if (page) {
        for (const core::Mention& m : page.value().mentions) {
            fuzz::check_mention(m);
            FUZZ_CHECK(m.id.rfind("mastodon:", 0) == 0, "a Mastodon mention without its mastodon: id");
            FUZZ_CHECK(m.source == core::Source::Mastodon, "a Mastodon mention of another source");
            FUZZ_CHECK(m.id.size() > 9 && m.id.compare(9, std::string::npos, m.source_id) == 0, "id and source_id disagree");
            FUZZ_CHECK(test::is_valid_utf8(m.text), "a Mastodon text that is not UTF-8");
            for (const std::string& u : m.urls) FUZZ_CHECK(u.rfind("http", 0) == 0, "a link that is not a web address");
            for (const auto* list : {&m.hashtags, &m.mentions, &m.urls})
                for (const std::string& s : *list) FUZZ_CHECK(!s.empty() && test::is_valid_utf8(s), "an empty or broken entity");
            fuzz::check_jsonl_round_trip(m);
        }
    }
    std::vector<core::Mention> mentions;
    core::IngestReport report = core::ingest_content(body, mentions);
    FUZZ_CHECK(report.mentions == mentions.size(), "ingest's report miscounts its mentions");
    return 0;
}
