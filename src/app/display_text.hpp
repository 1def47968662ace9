// Text as the font can draw it: ImGui does no shaping, so code points that only
// modify a neighbour (variation selectors, zero-width joiners, skin tones)
// would show as boxes; they are dropped for display only.
#pragma once

#include <string>
#include <string_view>

namespace earshot::app {

/// `text` without invisible modifiers; newlines become spaces when `one_line`.
std::string for_display(std::string_view text, bool one_line = false);

} // namespace earshot::app
