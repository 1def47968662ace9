// Glyph service: the platform draws what the app's own fonts cannot — colour
// emoji, with the system's emoji font (web: Canvas2D) — into the font atlas.
#pragma once

#include <string>

namespace earshot::platform {

/// Draws one emoji grapheme cluster (UTF-8: a ZWJ family, a flag, a skin tone
/// stay one picture) centred in a `width`×`height` box of straight RGBA
/// pixels (`rgba` holds width*height*4 bytes); false when nothing was drawn.
bool draw_emoji(const std::string& cluster, int width, int height, unsigned char* rgba);

} // namespace earshot::platform
