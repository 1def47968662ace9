// Fuzz target: what the free sources' poller reads from outside — /api/sources,
// a Bluesky or Mastodon answer with its status and headers (Link, rate limits,
// resets) — through a poller with a listener on both sources.
// Input: byte 0 picks the status and source, then header lines up to an empty
// line ("link: …", "ratelimit-reset: …"), then the body.
#include "fuzz.hpp"
#include "utf8_check.hpp"

#include "core/listen/free_sources.hpp"

using namespace earshot;

namespace {

constexpr int64_t kNow = 1'780'000'000;

core::HttpResponse response_from(std::string_view in, int status) {
    core::HttpResponse r;
    r.status = status;
    size_t pos = 0;
    while (pos < in.size()) {
        const size_t end = std::min(in.find('\n', pos), in.size());
        const std::string_view line = in.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty()) break;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string value(line.substr(colon + 1));
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        r.headers[std::string(line.substr(0, colon))] = value;
    }
    if (pos < in.size()) r.body = std::string(in.substr(pos));
    return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static const int kStatuses[] = {200, 200, 200, 429, 503, 404, 401, 0};
    const int status = kStatuses[data[0] & 7];
    const bool bsky = (data[0] & 8) != 0;
    const core::HttpResponse r = response_from(fuzz::as_text(data + 1, size - 1), status);

    const core::SourceDirectory d = core::read_source_directory(r);
    FUZZ_CHECK(!d.known || !d.sources.empty(), "a directory known without a source");
    (void)core::link_param(r.body, "next", "max_id");
    const std::string newest = core::newest_status_id(r.body), oldest = core::oldest_status_id(r.body);
    FUZZ_CHECK(!core::status_id_newer(oldest, newest), "the oldest id is newer than the newest");

    core::FreeSourcePoller p;
    core::HttpResponse sources;
    sources.status = 200;
    sources.body = R"({"sources":[{"id":"bsky","mode":"demo"},{"id":"mastodon","mode":"demo","servers":["demo.social"],)"
                   R"("search_server":"demo.social"}]})";
    p.set_directory(core::read_source_directory(sources));
    core::Listener l;
    l.id = "l";
    l.query = bsky ? "coffee" : "#coffee";
    l.sources = core::source_bit(bsky ? core::Source::Bsky : core::Source::Mastodon);
    const std::optional<core::FreeRequest> req = p.next_due({l}, kNow);
    FUZZ_CHECK(req.has_value(), "a listener never polled is not due");
    const core::FreeAnswer a = p.on_answer(*req, r, kNow);
    if (a.next) FUZZ_CHECK(a.next->path.rfind(req->planned, 0) == 0, "a next page outside its planned search");
    const core::FreeSourceStatus& st = p.status(req->source);
    FUZZ_CHECK(test::is_valid_utf8(st.problem), "a problem that is not UTF-8");
    FUZZ_CHECK(status == 200 || !st.problem.empty(), "a failed answer without a problem said");
    FUZZ_CHECK(status == 200 || st.held_until > kNow, "a failed answer that is not held");
    // Whatever was read survives the manifest.
    FUZZ_CHECK(core::FreeSourcePoller::from_json(p.to_json()).ok(), "the poller's own JSON does not read back");
    return 0;
}
