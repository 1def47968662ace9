// Extended grapheme cluster boundaries (UAX #29, rules GB3–GB13 of Unicode 15.0)
// over the generated property tables, and cutting text at them.
#include "core/text/grapheme.hpp"

#include "core/text/internal/grapheme_table.hpp"
#include "core/text/text.hpp"

#include <algorithm>

namespace earshot::core {

namespace {

using GB = GraphemeBreak;

template <typename Range>
const Range* find_range(const Range* ranges, size_t count, char32_t cp) {
    const Range* end = ranges + count;
    const Range* it = std::upper_bound(ranges, end, cp, [](char32_t c, const Range& r) { return c < r.first; });
    if (it == ranges) return nullptr;
    --it;
    return cp <= it->last ? it : nullptr;
}

bool is_control(GB p) { return p == GB::Control || p == GB::CR || p == GB::LF; }

/// What the rules need to know about the text before a candidate boundary.
struct BreakState {
    GB prev = GB::Other;
    size_t regional_run = 0;  ///< regional indicators in a row up to prev (GB12/13 pair them)
    bool pictographic = false; ///< prev ends "ExtPict Extend*"
    bool pictographic_zwj = false; ///< prev ends "ExtPict Extend* ZWJ" (GB11)

    void start(char32_t cp) {
        prev = grapheme_break_of(cp);
        regional_run = prev == GB::RegionalIndicator ? 1 : 0;
        pictographic = is_extended_pictographic(cp);
        pictographic_zwj = false;
    }

    /// True when there is a boundary between prev and `cp`; then takes `cp` in.
    bool breaks_before(char32_t cp) {
        const GB next = grapheme_break_of(cp);
        const bool next_pictographic = is_extended_pictographic(cp);
        const bool no_break = join(next, next_pictographic);
        pictographic_zwj = pictographic && next == GB::ZWJ;
        pictographic = next_pictographic || (pictographic && next == GB::Extend);
        regional_run = next == GB::RegionalIndicator ? regional_run + 1 : 0;
        prev = next;
        return !no_break;
    }

    bool join(GB next, bool next_pictographic) const {
        if (prev == GB::CR && next == GB::LF) return true;             // GB3
        if (is_control(prev) || is_control(next)) return false;        // GB4, GB5
        if (prev == GB::L && (next == GB::L || next == GB::V || next == GB::LV || next == GB::LVT))
            return true;                                               // GB6
        if ((prev == GB::LV || prev == GB::V) && (next == GB::V || next == GB::T)) return true; // GB7
        if ((prev == GB::LVT || prev == GB::T) && next == GB::T) return true;                   // GB8
        if (next == GB::Extend || next == GB::ZWJ) return true;        // GB9
        if (next == GB::SpacingMark) return true;                      // GB9a
        if (prev == GB::Prepend) return true;                          // GB9b
        if (pictographic_zwj && next_pictographic) return true;        // GB11
        if (prev == GB::RegionalIndicator && next == GB::RegionalIndicator && regional_run % 2 == 1)
            return true;                                               // GB12, GB13
        return false;                                                  // GB999
    }
};

} // namespace

GraphemeBreak grapheme_break_of(char32_t cp) {
    if (cp < 0x7F) return cp == '\r' ? GB::CR : cp == '\n' ? GB::LF : cp < 0x20 ? GB::Control : GB::Other;
    const auto* r = find_range(grapheme_table::kBreakRanges, grapheme_table::kBreakRangeCount, cp);
    return r ? r->value : GB::Other;
}

bool is_extended_pictographic(char32_t cp) {
    if (cp < 0xA9) return false;
    return find_range(grapheme_table::kPictographicRanges, grapheme_table::kPictographicRangeCount, cp) != nullptr;
}

const char* grapheme_unicode_version() { return grapheme_table::kUnicodeVersion; }

size_t next_grapheme_boundary(std::string_view text, size_t pos) {
    if (pos >= text.size()) return text.size();
    BreakState state;
    state.start(utf8_next(text, pos));
    while (pos < text.size()) {
        const size_t here = pos;
        if (state.breaks_before(utf8_next(text, pos))) return here;
    }
    return text.size();
}

std::string_view cut_at_grapheme(std::string_view text, size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    size_t cut = 0;
    for (size_t next = 0; (next = next_grapheme_boundary(text, cut)) <= max_bytes && next > cut;) cut = next;
    return text.substr(0, cut);
}

std::string ellipsize(std::string_view text, size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    constexpr std::string_view kEllipsis = "\u2026";
    std::string_view kept = cut_at_grapheme(text, max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0);
    while (!kept.empty() && kept.back() == ' ') kept.remove_suffix(1);
    std::string out(kept);
    out += kEllipsis;
    return out;
}

} // namespace earshot::core
