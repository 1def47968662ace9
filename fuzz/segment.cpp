// Fuzz target: a sealed segment file's bytes, as Store::load reads them (decode_segment,
// decode_segment_into one by one, decode_segment_to for the parallel load). The input is
// tried as it is and with its checksum made right, so mutations reach the records.
// Invariants: both loading paths keep the same mentions, and a decoded segment encodes
// to bytes that decode and encode to the same bytes again.
#include "fuzz.hpp"

#include "core/store/internal/binary.hpp"
#include "core/store/mention_store.hpp"
#include "core/store/segment.hpp"

#include <cmath>
#include <cstring>

using namespace earshot;

namespace {

constexpr size_t kHeader = 16, kChecksum = 8; // magic + version + count; u64 at the end

uint64_t fnv1a(std::string_view s) { // versions 1-2 (segment.cpp)
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

// The bytes with the checksum their version asks for.
std::string with_checksum(std::string_view bytes) {
    std::string out(bytes);
    if (out.size() < kHeader + kChecksum) return out;
    uint32_t version;
    std::memcpy(&version, out.data() + 8, 4);
    const std::string_view body(out.data(), out.size() - kChecksum);
    const uint64_t sum = version >= 3 ? core::fast_checksum(body) : fnv1a(body);
    for (int i = 0; i < 8; ++i) out[out.size() - kChecksum + i] = static_cast<char>(sum >> (8 * i));
    return out;
}

// The parallel load's way, on one thread: blanks, decode_segment_to, keep_blank.
core::Result<uint32_t> load_as_in_parallel(std::string_view bytes, core::MentionStore& store) {
    core::Result<uint32_t> count = core::segment_record_count(bytes);
    if (!count) return count;
    std::vector<uint64_t> masks(count.value());
    const size_t first = store.add_blanks(count.value(), [](auto&& work) { work(); });
    core::Result<uint32_t> got = core::decode_segment_to(bytes, store, first, masks.data(), masks.size());
    if (!got) {
        store.drop_blanks(first);
        return got;
    }
    for (uint32_t i = 0; i < got.value(); ++i) store.keep_blank(first + i, masks[i]);
    store.end_blanks();
    return got;
}

void check_loading_paths_agree(std::string_view bytes) {
    // Kept between inputs and emptied (truncate keeps the memory): a new store
    // allocates room for 4,096 mentions, which would be most of an execution.
    static core::MentionStore one_by_one, parallel;
    one_by_one.truncate(0);
    parallel.truncate(0);
    core::Result<size_t> a = core::decode_segment_into(bytes, one_by_one);
    core::Result<uint32_t> b = load_as_in_parallel(bytes, parallel);
    FUZZ_CHECK(a.ok() == b.ok(), "the two loading paths disagree on whether a segment is readable");
    if (!a) return;
    FUZZ_CHECK(one_by_one.size() == parallel.size(), "the two loading paths keep different counts");
    for (size_t i = 0; i < one_by_one.size(); ++i) {
        FUZZ_CHECK(one_by_one.at(i).id == parallel.at(i).id, "the two loading paths keep other mentions");
        FUZZ_CHECK(one_by_one.listeners_of(i) == parallel.listeners_of(i), "the two loading paths link differently");
    }
}

void check_segment(std::string_view bytes) {
    core::Result<std::vector<core::SegmentRecord>> records = core::decode_segment(bytes);
    check_loading_paths_agree(bytes);
    if (!records) {
        FUZZ_CHECK(!records.error().empty(), "an unreadable segment without a message");
        return;
    }
    const std::string encoded = core::encode_segment(records.value());
    core::Result<std::vector<core::SegmentRecord>> again = core::decode_segment(encoded);
    FUZZ_CHECK(again.ok(), "a segment written from decoded records does not decode");
    FUZZ_CHECK(again.value().size() == records.value().size(), "re-encoding changed the record count");
    FUZZ_CHECK(core::encode_segment(again.value()) == encoded, "decode(encode(x)) != x");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view raw = fuzz::as_text(data, size);
    check_segment(raw);
    const std::string fixed = with_checksum(raw);
    if (fixed != raw) check_segment(fixed);
    return 0;
}
