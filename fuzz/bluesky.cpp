// Fuzz target: a Bluesky answer (searchPosts, feeds, threads, getPosts) as the
// listener would read it, each line as a Jetstream event, and the same bytes through
// the format detector; with the byte-offset facet slicing on the input's own text.
#include "fuzz.hpp"
#include "utf8_check.hpp"

#include "core/ingest/bluesky.hpp"
#include "core/ingest/ingest.hpp"
#include "core/ingest/json_view.hpp"

using namespace earshot;

namespace {

void check_bsky_mention(const core::Mention& m) {
    fuzz::check_mention(m);
    FUZZ_CHECK(m.id.rfind("bsky:at://", 0) == 0, "a Bluesky mention without its bsky:at:// id");
    FUZZ_CHECK(m.source == core::Source::Bsky, "a Bluesky mention of another source");
    FUZZ_CHECK(m.id.compare(5, std::string::npos, m.source_id) == 0, "id and source_id disagree");
    FUZZ_CHECK(test::is_valid_utf8(m.text), "a Bluesky text that is not UTF-8");
    for (const auto* list : {&m.hashtags, &m.mentions, &m.urls, &m.domains})
        for (const std::string& s : *list) FUZZ_CHECK(!s.empty() && test::is_valid_utf8(s), "an empty or broken entity");
    fuzz::check_jsonl_round_trip(m);
}

/// Facet ranges: whatever is asked, a slice lies inside the text, on character
/// boundaries, so it is itself valid UTF-8.
void check_facet_slices(std::string_view text, const uint8_t* data, size_t size) {
    for (size_t i = 0; i + 2 <= size && i < 16; i += 2) {
        const int64_t start = static_cast<int8_t>(data[i]), end = static_cast<int64_t>(data[i + 1]) + start;
        const std::optional<std::string_view> s = core::facet_slice(text, start, end);
        if (!s) continue;
        FUZZ_CHECK(s->data() >= text.data() && s->data() + s->size() <= text.data() + text.size(),
                   "a facet slice outside the text");
        FUZZ_CHECK(!s->empty(), "an empty facet slice");
        if (test::is_valid_utf8(text)) FUZZ_CHECK(test::is_valid_utf8(*s), "a facet slice cuts a character");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body = fuzz::as_text(data, size);
    check_facet_slices(body, data, size);
    core::Result<core::BskyPage> page = core::parse_bsky_answer(body);
    if (page) {
        for (const core::Mention& m : page.value().mentions) check_bsky_mention(m);
        FUZZ_CHECK(page.value().unreadable == 0 || !page.value().first_problem.empty(), "an unreadable post without a reason");
    }
    for (std::string_view line : fuzz::lines_of(body, 64)) {
        core::Result<core::JsonDocument> doc = core::JsonDocument::parse(line);
        if (!doc) continue;
        core::Result<std::optional<core::Mention>> event = core::parse_jetstream_event(doc.value().root());
        if (event && event.value()) check_bsky_mention(*event.value());
    }
    std::vector<core::Mention> mentions;
    core::IngestReport report = core::ingest_content(body, mentions);
    FUZZ_CHECK(report.mentions == mentions.size(), "ingest's report miscounts its mentions");
    return 0;
}
