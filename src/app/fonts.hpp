// Fonts from Debian packages (subset at build time into the app's /fonts):
// Noto Sans for text, Symbola merged in for emoji and symbols.
#pragma once

namespace earshot::app {

/// (Re)builds the font atlas for this device pixel ratio; returns false when
/// the font files are missing (ImGui's default font is used then).
bool load_fonts(float dpr);

} // namespace earshot::app
