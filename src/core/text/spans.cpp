// Finds hashtags, mentions and links in a post (see spans.hpp for the rules).
#include "core/text/spans.hpp"

#include "core/text/text.hpp"

namespace earshot::core {

namespace {

bool starts_with(std::string_view text, size_t pos, std::string_view prefix) {
    return text.substr(pos, prefix.size()) == prefix;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

size_t link_end(std::string_view text, size_t pos) {
    size_t end = pos;
    while (end < text.size() && !is_space(text[end])) ++end;
    while (end > pos && std::string_view(".,;:!?)'\"").find(text[end - 1]) != std::string_view::npos) --end;
    return end;
}

/// The end of a run of word characters starting at `pos` (== pos when none).
size_t word_end(std::string_view text, size_t pos, bool handle) {
    size_t end = pos;
    while (end < text.size()) {
        size_t next = end;
        const char32_t cp = utf8_next(text, next);
        const bool ok = is_word_char(cp) || cp == U'_' ||
                        (handle && (cp == U'.' || cp == U'-' || cp == U'@'));
        if (!ok || next == end) break;
        end = next;
    }
    if (handle)
        while (end > pos && (text[end - 1] == '.' || text[end - 1] == '-' || text[end - 1] == '@')) --end;
    return end;
}

/// Whether the code point ending just before `pos` is a word character.
bool after_word_char(std::string_view text, size_t pos) {
    if (pos == 0) return false;
    size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80 && pos - start < 4) --start;
    size_t p = start;
    const char32_t cp = utf8_next(text, p);
    return p == pos && (is_word_char(cp) || cp == U'_');
}

} // namespace

std::vector<TextSpan> text_spans(std::string_view text) {
    std::vector<TextSpan> spans;
    size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if ((c == 'h' && (starts_with(text, pos, "https://") || starts_with(text, pos, "http://"))) ||
            (c == 'w' && starts_with(text, pos, "www."))) {
            if (!after_word_char(text, pos)) {
                const size_t end = link_end(text, pos);
                if (end > pos + 4) {
                    spans.push_back({pos, end, SpanKind::Link});
                    pos = end;
                    continue;
                }
            }
        } else if ((c == '#' || c == '@') && !after_word_char(text, pos)) {
            const size_t end = word_end(text, pos + 1, c == '@');
            if (end > pos + 1) {
                spans.push_back({pos, end, c == '#' ? SpanKind::Hashtag : SpanKind::Mention});
                pos = end;
                continue;
            }
        }
        // Step one code point (or one byte of invalid UTF-8).
        size_t next = pos;
        utf8_next(text, next);
        pos = next > pos ? next : pos + 1;
    }
    return spans;
}

} // namespace earshot::core
