// The sealed segment file: a batch of mentions in a compact, versioned binary
// form, written once and never changed (IDBFS then never rewrites it).
//
// Layout (little-endian): magic "ESHSEG1\n" | u32 version | u32 count |
// records (varint-length-prefixed fields) | u64 FNV-1a of everything before it.
// Version 2 records start with a flags byte saying which derivable fields
// (x.com URL, own conversation id, URL domains) were left out.
#pragma once

#include "core/model.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// Version written now. Version 1 (every field stored) is still read, so
/// segments sealed by an older Earshot load without a migration step: sealed
/// files are never rewritten, and new ones are written as the current version.
constexpr uint32_t kSegmentVersion = 2;

/// Each entry: the mention and its listener links.
struct SegmentRecord {
    Mention mention;
    uint64_t listeners = 0;
};

std::string encode_segment(const std::vector<SegmentRecord>& records, uint32_t version = kSegmentVersion);

/// Refuses a wrong magic, an unknown version (newer app wrote it) or a bad checksum.
Result<std::vector<SegmentRecord>> decode_segment(std::string_view bytes);

} // namespace earshot::core
