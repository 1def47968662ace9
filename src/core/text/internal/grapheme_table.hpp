// The grapheme-cluster tables generated at build time from Unicode's data
// (scripts/gen_grapheme_table.mjs via cmake/unicode.cmake); read by grapheme.cpp.
#pragma once

#include "core/text/grapheme.hpp"

#include <cstddef>

namespace earshot::core::grapheme_table {

struct BreakRange {
    char32_t first, last;
    GraphemeBreak value;
};
struct CodeRange {
    char32_t first, last;
};

extern const char* const kUnicodeVersion;
extern const BreakRange kBreakRanges[]; ///< sorted, disjoint
extern const size_t kBreakRangeCount;
extern const CodeRange kPictographicRanges[]; ///< sorted, disjoint
extern const size_t kPictographicRangeCount;

} // namespace earshot::core::grapheme_table
