// Fuzz target: the spend ledger (the manifest's "spend" string, SpendGuard::from_json)
// and the counts endpoint's body (parse_counts), both as the engine reads them, then
// the caps decided from them. Invariant: a ledger read writes and reads back the same.
#include "fuzz.hpp"

#include "core/listen/spend.hpp"

using namespace earshot;

namespace {

constexpr int64_t kNow = 1'790'000'000;

void use_ledger(core::SpendGuard& guard, uint64_t posts) {
    core::Listener l;
    l.id = "my-business";
    l.daily_cap_posts = 100;
    (void)guard.allowance(l, kNow);
    (void)guard.allowance(std::vector<const core::Listener*>{&l}, kNow);
    (void)guard.estimate(l, posts, kNow);
    (void)guard.listener(l.id, kNow);
    (void)guard.monthly_cap_posts();
    guard.record(l.id, 10, kNow);
    guard.record_shared(10, {{l.id, 5}, {"other", 5}}, kNow);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    uint64_t posts = 340;
    if (core::Result<core::PostCounts> counts = core::parse_counts(text)) posts = counts.value().total;
    core::Result<core::SpendGuard> guard = core::SpendGuard::from_json(text);
    if (!guard) return 0;
    const std::string json = guard.value().to_json();
    core::Result<core::SpendGuard> back = core::SpendGuard::from_json(json);
    FUZZ_CHECK(back.ok(), "a ledger's own document does not read back");
    FUZZ_CHECK(back.value().to_json() == json, "a ledger reads back different");
    use_ledger(guard.value(), posts);
    return 0;
}
