// Grapheme clusters (UAX #29 extended grapheme clusters, Unicode's own data) and
// cutting text for display at a cluster boundary, so a cut never splits a
// character, an accent from its letter, a flag, a skin tone or a ZWJ emoji.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace earshot::core {

/// The Grapheme_Cluster_Break property of a code point (UAX #29, table 2).
enum class GraphemeBreak : uint8_t {
    Other,
    CR,
    LF,
    Control,
    Extend,
    ZWJ,
    RegionalIndicator,
    Prepend,
    SpacingMark,
    L,
    V,
    T,
    LV,
    LVT,
};

/// The property of `cp` from GraphemeBreakProperty.txt (Other when not listed).
GraphemeBreak grapheme_break_of(char32_t cp);

/// True for Extended_Pictographic code points (emoji-data.txt): what ZWJ sequences join.
bool is_extended_pictographic(char32_t cp);

/// The Unicode version the tables were generated from ("15.0.0").
const char* grapheme_unicode_version();

/// The byte offset of the first grapheme-cluster boundary after `pos` (which must be
/// a boundary, e.g. 0); text.size() when the cluster runs to the end. Malformed
/// UTF-8 bytes count as one U+FFFD each (so a cut can still be made between them).
size_t next_grapheme_boundary(std::string_view text, size_t pos);

/// The longest prefix of `text` that is at most `max_bytes` long and ends on a
/// grapheme-cluster boundary (empty when the first cluster is longer). Valid UTF-8
/// in, valid UTF-8 out.
std::string_view cut_at_grapheme(std::string_view text, size_t max_bytes);

/// `text` when it is at most `max_bytes` long; otherwise its longest prefix ending
/// on a cluster boundary that leaves room for "…" within `max_bytes`, followed by
/// "…" (trailing spaces before the ellipsis dropped).
std::string ellipsize(std::string_view text, size_t max_bytes);

} // namespace earshot::core
