// Display clean-up of post text (see display_text.hpp).
#include "app/display_text.hpp"

#include "app/fonts.hpp"
#include "core/text/bidi.hpp"
#include "core/text/grapheme.hpp"
#include "core/text/text.hpp"

#include <imgui.h>

#include <algorithm>
#include <vector>

namespace earshot::app {

namespace {

bool invisible_modifier(char32_t c) {
    return (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D || c == 0x200B || c == 0x2060 ||
           (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3;
}

bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

/// Emoji_Presentation below U+1F000 (Unicode's emoji-data.txt): the few BMP
/// symbols drawn as emoji without a variation selector (☕ ⚡ ✨ ⭐).
bool bmp_emoji_presentation(char32_t c) {
    static const char32_t ranges[][2] = {
        {0x231A, 0x231B}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE},
        {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
        {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4},
        {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA}, {0x26FD, 0x26FD},
        {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E},
        {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
        {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
    };
    return std::any_of(std::begin(ranges), std::end(ranges),
                       [c](const char32_t* r) { return c >= r[0] && c <= r[1]; });
}

/// A cluster the browser should draw as one colour picture: a pictograph shown
/// as emoji (by default or with U+FE0F), a ZWJ sequence, a skin tone, a flag, a keycap.
bool is_emoji_cluster(std::string_view cluster) {
    size_t pos = 0;
    const char32_t first = core::utf8_next(cluster, pos);
    if (is_regional_indicator(first)) return true;
    bool pictographic = core::is_extended_pictographic(first);
    bool emoji_style = (first >= 0x1F000 && pictographic) || bmp_emoji_presentation(first);
    while (pos < cluster.size()) {
        const char32_t c = core::utf8_next(cluster, pos);
        if (c == 0xFE0E) return false; // text style asked for: the symbol font draws it
        if (c == 0x20E3) return true;  // keycap 1️⃣
        if (pictographic && (c == 0xFE0F || c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF) ||
                             (c >= 0xE0020 && c <= 0xE007F)))
            emoji_style = true;
    }
    return emoji_style;
}

/// Direction marks and embeddings: they steer core::visual_order, then have no glyph to draw.
bool bidi_control(char32_t c) {
    return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string without_bidi_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        const char32_t c = core::utf8_next(text, pos);
        if (!bidi_control(c)) core::utf8_append(c, out);
    }
    return out;
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

} // namespace

/// for_display without the visual reordering: emoji as their glyphs, invisible
/// modifiers dropped, still in logical order (what wrapping must work on).
std::string logical_display_text(std::string_view text, bool one_line) {
    std::string out;
    out.reserve(text.size());
    if (is_ascii(text)) { // most rows: nothing to look up
        out.assign(text);
        if (one_line) std::replace_if(out.begin(), out.end(), [](char ch) { return ch == '\n' || ch == '\r' || ch == '\t'; }, ' ');
        return out;
    }
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t end = std::max(core::next_grapheme_boundary(text, pos), pos + 1);
        const std::string_view cluster = text.substr(pos, end - pos);
        pos = end;
        if (is_emoji_cluster(cluster)) {
            core::utf8_append(emoji_glyph(cluster), out);
            continue;
        }
        size_t at = 0;
        while (at < cluster.size()) {
            char32_t c = core::utf8_next(cluster, at);
            if (invisible_modifier(c)) continue;
            if (one_line && (c == '\n' || c == '\r' || c == '\t')) c = ' ';
            note_code_point(c);
            core::utf8_append(c, out);
        }
    }
    return out;
}

std::string for_display(std::string_view text, bool one_line) {
    std::string out = logical_display_text(text, one_line);
    if (!core::has_rtl(out)) return out;
    return without_bidi_controls(core::for_ltr_renderer(out));
}

// [SECTION] Wrapped text: wrap in reading order, then reorder each row
namespace {

/// Rows of one paragraph as ImGui would wrap them, in logical order.
std::vector<std::string_view> wrap_rows(std::string_view paragraph, float width) {
    std::vector<std::string_view> rows;
    ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    const char* begin = paragraph.data();
    const char* const end = begin + paragraph.size();
    while (begin < end) {
        const char* cut = font->CalcWordWrapPositionA(scale, begin, end, width);
        if (cut <= begin) { // a glyph wider than the row: one code point per row
            cut = begin + 1;
            while (cut < end && (static_cast<unsigned char>(*cut) & 0xC0) == 0x80) ++cut;
        }
        const char* row_end = cut;
        while (row_end > begin && row_end[-1] == ' ') --row_end; // a right-to-left row would show them on its left
        rows.emplace_back(begin, static_cast<size_t>(row_end - begin));
        begin = cut;
        while (begin < end && *begin == ' ') ++begin; // ImGui drops the spaces a row ends at
    }
    if (rows.empty()) rows.emplace_back(); // an empty line keeps its height
    return rows;
}

} // namespace

void text_wrapped_for_display(std::string_view text) {
    const std::string logical = logical_display_text(text, false);
    if (!core::has_rtl(logical)) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(logical.data(), logical.data() + logical.size());
        ImGui::PopTextWrapPos();
        return;
    }
    const std::string shaped = core::shape_arabic(logical);
    const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize());
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    size_t start = 0;
    while (start <= shaped.size()) {
        size_t nl = shaped.find('\n', start);
        if (nl == std::string::npos) nl = shaped.size();
        const std::string_view paragraph = std::string_view(shaped).substr(start, nl - start);
        const core::TextDirection direction = core::paragraph_direction(paragraph);
        for (std::string_view row : wrap_rows(paragraph, width)) {
            const std::string shown = without_bidi_controls(core::visual_order(row, direction));
            if (direction == core::TextDirection::RightToLeft) // right-to-left rows end on the right
                ImGui::SetCursorPosX(left + std::max(0.0f, width - ImGui::CalcTextSize(shown.c_str()).x));
            ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
        }
        start = nl + 1;
    }
    ImGui::EndGroup();
}

} // namespace earshot::app
