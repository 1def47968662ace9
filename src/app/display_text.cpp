// Display clean-up of post text (see display_text.hpp).
#include "app/display_text.hpp"

#include "core/text/text.hpp"

namespace earshot::app {

namespace {
bool invisible_modifier(char32_t c) {
    return (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D || c == 0x200B || c == 0x2060 ||
           (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3;
}
} // namespace

std::string for_display(std::string_view text, bool one_line) {
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        char32_t c = core::utf8_next(text, pos);
        if (invisible_modifier(c)) continue;
        if (one_line && (c == '\n' || c == '\r' || c == '\t')) c = ' ';
        core::utf8_append(c, out);
    }
    return out;
}

} // namespace earshot::app
