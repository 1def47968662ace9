// The look: a light and a dark palette over ImGui's style, scaled for the DPR,
// and the owner's choice between them (light, dark, or the system's scheme),
// kept as a platform preference so the first frame already has it.
#pragma once

#include <imgui.h>

namespace earshot::app {

enum class ThemeChoice { Light, Dark, System };

/// Applies the palette shown now at `dpr` (the platform calls it when the DPR changes).
void apply_theme(float dpr);
/// The owner's choice, read from the preferences once; System when none was made.
ThemeChoice theme_choice();
/// Keeps the choice (preferences) and shows it from the next frame.
void set_theme_choice(ThemeChoice choice);
/// Shows the palette the choice means now (System: prefers-color-scheme);
/// true when it changed, so the caller draws again.
bool follow_theme_choice();
bool dark_theme_shown();
const char* to_string(ThemeChoice choice); ///< "light", "dark", "system"

/// Text colours that read on both palettes.
ImVec4 error_colour();  ///< what went wrong
ImVec4 quiet_colour();  ///< an aside, a reassurance
ImVec4 accent_colour(); ///< the active tab

} // namespace earshot::app
