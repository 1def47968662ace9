// The sealed segment file: a batch of mentions in a compact, versioned binary
// form, written once and never changed (IDBFS then never rewrites it).
//
// Layout (little-endian): magic "ESHSEG1\n" | u32 version | u32 count |
// records (varint-length-prefixed fields) | u64 FNV-1a of everything before it.
#pragma once

#include "core/model.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

constexpr uint32_t kSegmentVersion = 1;

/// Each entry: the mention and its listener links.
struct SegmentRecord {
    Mention mention;
    uint64_t listeners = 0;
};

std::string encode_segment(const std::vector<SegmentRecord>& records);

/// Refuses a wrong magic, an unknown version (newer app wrote it) or a bad checksum.
Result<std::vector<SegmentRecord>> decode_segment(std::string_view bytes);

} // namespace earshot::core
