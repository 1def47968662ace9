// Coloured, wrapped post text and chips (see post_text.hpp). The layout is done
// by hand because ImGui's own wrapping draws one colour and cannot stop at N lines.
#include "app/post_text.hpp"

#include "app/theme.hpp"
#include "core/text/grapheme.hpp"
#include "core/text/spans.hpp"

#include <algorithm>
#include <vector>

namespace earshot::app {

namespace {

struct Piece {
    size_t begin, end; ///< bytes of the display text
    float x;
    int line;
    ImU32 colour;
};

float text_width(std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }

bool is_break_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

ImU32 span_colour(core::SpanKind k) {
    switch (k) {
    case core::SpanKind::Hashtag: return ImGui::GetColorU32(tag_colour());
    case core::SpanKind::Mention: return ImGui::GetColorU32(mention_colour());
    case core::SpanKind::Link: return ImGui::GetColorU32(link_colour());
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
}

/// Words (a word keeps the spaces after it) split where a coloured span starts or ends.
struct Word {
    size_t begin, end;
    ImU32 colour;
    bool newline_after;
};

std::vector<Word> words_of(std::string_view text, bool uncoloured) {
    const std::vector<core::TextSpan> spans = uncoloured ? std::vector<core::TextSpan>{} : core::text_spans(text);
    const ImU32 plain = ImGui::GetColorU32(ImGuiCol_Text);
    std::vector<Word> words;
    size_t pos = 0, span = 0;
    while (pos < text.size()) {
        while (span < spans.size() && spans[span].end <= pos) ++span;
        const bool inside = span < spans.size() && spans[span].begin <= pos;
        size_t limit = inside ? spans[span].end : span < spans.size() ? spans[span].begin : text.size();
        size_t end = pos;
        while (end < limit && !is_break_space(text[end])) ++end;
        bool newline = false;
        while (end < text.size() && is_break_space(text[end])) {
            if (text[end] == '\n') newline = true;
            ++end;
            if (newline) break;
        }
        if (end == pos) end = pos + 1; // never stall
        words.push_back({pos, end, inside ? span_colour(spans[span].kind) : plain, newline});
        pos = end;
    }
    return words;
}

/// The longest prefix of text[begin, end) ending on a grapheme boundary that is at most `room` wide (≥ one cluster).
size_t fit_prefix(std::string_view text, size_t begin, size_t end, float room) {
    size_t cut = core::next_grapheme_boundary(text, begin);
    if (cut > end) return end;
    while (cut < end) {
        const size_t next = std::min(end, core::next_grapheme_boundary(text, cut));
        if (next <= cut || text_width(text.substr(begin, next - begin)) > room) break;
        cut = next;
    }
    return cut;
}

std::vector<Piece> layout(std::string_view text, float width, int max_lines, bool plain, bool& cut_short) {
    std::vector<Piece> out;
    float x = 0;
    int line = 0;
    cut_short = false;
    for (const Word& w : words_of(text, plain)) {
        size_t b = w.begin;
        while (b < w.end) {
            size_t visible_end = w.end; // trailing spaces may hang past the edge
            while (visible_end > b && is_break_space(text[visible_end - 1])) --visible_end;
            const float visible = text_width(text.substr(b, visible_end - b));
            if (x > 0 && x + visible > width) { // next line
                ++line;
                x = 0;
            }
            if (max_lines > 0 && line >= max_lines) {
                cut_short = true;
                return out;
            }
            size_t e = w.end;
            if (visible > width - x) e = fit_prefix(text, b, visible_end, width - x); // a word longer than a line
            out.push_back({b, e, x, line, w.colour});
            x += text_width(text.substr(b, e - b));
            b = e;
            if (b < w.end) { // the rest of a long word goes on the next line
                ++line;
                x = 0;
            }
        }
        if (w.newline_after) {
            ++line;
            x = 0;
        }
    }
    return out;
}

/// Makes room for "…" at the end of the last line.
void end_with_ellipsis(std::string_view text, std::vector<Piece>& pieces, float width, float ellipsis_w) {
    if (pieces.empty()) return;
    const int last = pieces.back().line;
    while (!pieces.empty() && pieces.back().line == last) {
        Piece& p = pieces.back();
        size_t e = p.end;
        while (e > p.begin && is_break_space(text[e - 1])) --e;
        if (p.x + text_width(text.substr(p.begin, e - p.begin)) + ellipsis_w <= width) {
            p.end = e;
            return;
        }
        const size_t cut = p.x + ellipsis_w < width ? fit_prefix(text, p.begin, e, width - ellipsis_w - p.x) : p.begin;
        if (cut > p.begin && text_width(text.substr(p.begin, cut - p.begin)) + p.x + ellipsis_w <= width) {
            p.end = cut;
            return;
        }
        pieces.pop_back();
    }
}

} // namespace

float draw_post_text(std::string_view text, float width, int max_lines, bool plain) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float line_h = ImGui::GetTextLineHeight();
    width = std::max(width, ImGui::GetFontSize() * 2);
    bool cut_short = false;
    std::vector<Piece> pieces = layout(text, width, max_lines, plain, cut_short);
    const char* ellipsis = "…";
    if (cut_short) end_with_ellipsis(text, pieces, width, text_width(ellipsis));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    int lines = 0;
    float end_x = 0;
    for (const Piece& p : pieces) {
        dl->AddText(ImVec2(origin.x + p.x, origin.y + p.line * line_h), p.colour, text.data() + p.begin,
                    text.data() + p.end);
        lines = std::max(lines, p.line + 1);
        end_x = p.x + text_width(text.substr(p.begin, p.end - p.begin));
    }
    if (cut_short) {
        const int line = pieces.empty() ? 0 : pieces.back().line;
        dl->AddText(ImVec2(origin.x + (pieces.empty() ? 0 : end_x), origin.y + line * line_h),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), ellipsis);
        lines = std::max(lines, line + 1);
    }
    const float height = std::max(1, lines) * line_h;
    ImGui::Dummy(ImVec2(width, height));
    return height;
}

float chip_width(const char* label) {
    return ImGui::CalcTextSize(label).x + ImGui::GetFontSize() * 0.8f;
}

float draw_chip(const char* label, ImVec4 colour) {
    const float w = chip_width(label);
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec4 fill = colour;
    fill.w = dark_theme_shown() ? 0.28f : 0.16f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ImGui::GetColorU32(fill), h * 0.5f);
    dl->AddText(ImVec2(p.x + ImGui::GetFontSize() * 0.4f, p.y), ImGui::GetColorU32(colour), label);
    ImGui::Dummy(ImVec2(w, h));
    return w;
}

ImVec4 tag_colour() { return dark_theme_shown() ? ImVec4(0.55f, 0.75f, 1.0f, 1) : ImVec4(0.10f, 0.38f, 0.72f, 1); }
ImVec4 mention_colour() { return dark_theme_shown() ? ImVec4(0.80f, 0.62f, 1.0f, 1) : ImVec4(0.45f, 0.22f, 0.70f, 1); }
ImVec4 link_colour() { return dark_theme_shown() ? ImVec4(0.45f, 0.85f, 0.85f, 1) : ImVec4(0.0f, 0.45f, 0.50f, 1); }
ImVec4 negative_colour() { return error_colour(); }
ImVec4 positive_colour() { return dark_theme_shown() ? ImVec4(0.50f, 0.85f, 0.50f, 1) : ImVec4(0.15f, 0.50f, 0.20f, 1); }
ImVec4 asking_colour() { return dark_theme_shown() ? ImVec4(1.0f, 0.78f, 0.35f, 1) : ImVec4(0.68f, 0.42f, 0.0f, 1); }

} // namespace earshot::app
