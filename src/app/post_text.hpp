// A post's text drawn the way the owner reads it: wrapped to a few lines with
// hashtags, mentions and links coloured, cut with "…" at a grapheme boundary;
// and the small coloured chips (tone, intent, "needs you") the inbox shows.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

namespace earshot::app {

/// Draws `display_text` (already through for_display) at the cursor, wrapped
/// to `width`, at most `max_lines` lines (0 = all), and advances the cursor
/// past it. Returns the height used. `plain`: no colours (a handle, a name).
float draw_post_text(std::string_view display_text, float width, int max_lines, bool plain = false);

/// A rounded label in `colour` (its text in the same hue, darker or lighter
/// for the palette); stays on the line. Returns its width.
float draw_chip(const char* label, ImVec4 colour);
/// The width draw_chip() will take.
float chip_width(const char* label);

/// Colours that read on both palettes.
ImVec4 tag_colour();      ///< hashtags
ImVec4 mention_colour();  ///< @handles
ImVec4 link_colour();     ///< links
ImVec4 negative_colour(); ///< a negative tone, a complaint
ImVec4 positive_colour(); ///< a positive tone, praise
ImVec4 asking_colour();   ///< questions, requests, ready to buy

} // namespace earshot::app
