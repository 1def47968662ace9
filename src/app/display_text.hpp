// Text as the font atlas can draw it: ImGui does no shaping, so each emoji
// cluster (ZWJ family, skin tone, flag) becomes one private-use code point the
// atlas holds as a colour picture, CJK code points are noted so their font is
// fetched, and leftover modifiers that would show as boxes are dropped — for
// display only.
#pragma once

#include <string>
#include <string_view>

namespace earshot::app {

/// `text` ready to draw; newlines become spaces when `one_line`.
std::string for_display(std::string_view text, bool one_line = false);

} // namespace earshot::app
