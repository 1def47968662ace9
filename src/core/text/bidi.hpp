// Right-to-left text for a renderer that draws glyphs left to right, one by one
// (Dear ImGui): Arabic shaped to presentation forms and lines put in visual order.
// A simplified UAX #9: no explicit embeddings or isolates, one paragraph per line.
#pragma once

#include <string>
#include <string_view>

namespace earshot::core {

enum class TextDirection { Auto, LeftToRight, RightToLeft };

/// The direction of a paragraph from its first strong character (UAX #9, P2–P3):
/// a Hebrew or Arabic letter makes it RightToLeft; a Latin, Cyrillic, CJK… letter,
/// or no strong character at all, LeftToRight. Never returns Auto.
TextDirection paragraph_direction(std::string_view text);

/// Arabic letters replaced by their contextual presentation forms (U+FB50–FDFF,
/// U+FE70–FEFF: isolated, initial, medial, final by joining type, across harakat)
/// and lam + alef by its ligature — what a shaping engine would pick, for fonts
/// drawn glyph by glyph. Everything else is kept as it is; invalid UTF-8 becomes U+FFFD.
std::string shape_arabic(std::string_view text);

/// One displayed line (no newline) in visual order: right-to-left runs reversed
/// grapheme cluster by cluster (a cluster's accents, an emoji's ZWJ parts stay in
/// order), numbers, URLs and embedded left-to-right words kept in reading order,
/// brackets mirrored inside right-to-left runs. `direction` is the paragraph's
/// (a wrapped row takes its paragraph's); Auto finds it from the line itself.
/// The result holds the same code points as `line`, only reordered (mirrored
/// brackets aside); invalid UTF-8 becomes U+FFFD.
std::string visual_order(std::string_view line, TextDirection direction = TextDirection::Auto);

/// `text` ready for a left-to-right glyph renderer: shaped, then each line
/// (split at '\n') put in visual order with its own direction.
std::string for_ltr_renderer(std::string_view text);

/// True when `text` holds any right-to-left letter (Hebrew, Arabic…): text
/// without one needs neither shaping nor reordering.
bool has_rtl(std::string_view text);

} // namespace earshot::core
