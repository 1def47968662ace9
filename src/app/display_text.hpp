// Text as the font atlas can draw it: ImGui does no shaping, so each emoji
// cluster (ZWJ family, skin tone, flag) becomes one private-use code point the
// atlas holds as a colour picture, CJK code points are noted so their font is
// fetched, leftover modifiers that would show as boxes are dropped, and
// right-to-left text is shaped and reordered — for display only.
#pragma once

#include <string>
#include <string_view>

namespace earshot::app {

/// `text` ready to draw; newlines become spaces when `one_line`. Hebrew and
/// Arabic come out shaped and in visual order, line by line (core/text/bidi):
/// right for a single row; for text ImGui wraps, use text_wrapped_for_display.
std::string for_display(std::string_view text, bool one_line = false);

/// Draws post text wrapped to the available width (like TextWrapped, as one
/// group): each paragraph is wrapped in reading order and each row then put in
/// visual order and, when right to left, aligned right — ImGui wrapping an
/// already reordered string would stack a long Hebrew paragraph's rows bottom-up.
void text_wrapped_for_display(std::string_view text);

} // namespace earshot::app
