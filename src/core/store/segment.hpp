// The sealed segment file: a batch of mentions in a compact, versioned binary
// form, written once and never changed (IDBFS then never rewrites it).
//
// Layout (little-endian): magic "ESHSEG1\n" | u32 version | u32 count |
// records (varint-length-prefixed fields) | u64 checksum of everything before it.
// Version 2 records start with a flags byte saying which derivable fields
// (x.com URL, own conversation id, URL domains) were left out. Version 3 changes
// only the checksum: four-lane multiply-rotate instead of FNV-1a (versions 1-2).
// Version 4 puts a table of the segment's distinct authors before the records
// (each record names its author by position) and stores decimal ids as varints.
#pragma once

#include "core/model/mention.hpp"
#include "core/model/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// Version written now. Version 1 (every field stored) is still read, so
/// segments sealed by an older Earshot load without a migration step: sealed
/// files are never rewritten, and new ones are written as the current version.
constexpr uint32_t kSegmentVersion = 4;

/// No record of any version is smaller (its one-byte fields alone take more), so a
/// header or manifest count above (bytes / this) is damage, refused before anything is
/// sized from it: one flipped bit in a count would otherwise ask for terabytes.
constexpr size_t kMinSegmentRecordBytes = 20;

/// Each entry: the mention and its listener links.
struct SegmentRecord {
    Mention mention;
    uint64_t listeners = 0;
};

/// A record naming a mention held elsewhere (the engine's MentionStore, whose mentions never
/// move): committing a page encodes its mentions from there rather than copying each first.
struct SegmentRef {
    const Mention* mention;
    uint64_t listeners = 0;
};

std::string encode_segment(const std::vector<SegmentRecord>& records, uint32_t version = kSegmentVersion);
/// The same bytes as encode_segment() of copies of the referenced mentions.
std::string encode_segment_refs(const std::vector<SegmentRef>& refs, uint32_t version = kSegmentVersion);

/// Refuses a wrong magic, an unknown version (newer app wrote it) or a bad checksum.
Result<std::vector<SegmentRecord>> decode_segment(std::string_view bytes);

class MentionStore;

/// decode_segment() straight into `store` (MentionStore::upsert's rules, no temporary
/// copies): what loading uses. Returns how many mentions were new. The header and the
/// checksum are checked before anything is added; should a record still be
/// unreadable, the records before it stay added and the error says which one.
Result<size_t> decode_segment_into(std::string_view bytes, MentionStore& store);

/// The record count a segment's header announces. Only the magic and that the count fits
/// the file's size (kMinSegmentRecordBytes) are checked, not the checksum.
Result<uint32_t> segment_record_count(std::string_view bytes);

/// decode_segment() into the blanks `store.blank(first)`… (MentionStore::add_blanks) and
/// `listeners[0..)`, with room for `room` records: for loading segments on several
/// threads at once (the header and checksum are checked first). Returns the number of
/// records.
Result<uint32_t> decode_segment_to(std::string_view bytes, MentionStore& store, size_t first, uint64_t* listeners,
                                   size_t room);

} // namespace earshot::core
