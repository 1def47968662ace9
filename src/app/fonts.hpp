// Fonts from Debian packages (subset at build time into the app's /fonts):
// Noto Sans for text, Symbola merged in for symbols; Noto Sans CJK fetched
// only once CJK text is drawn, with just the glyphs seen; colour emoji drawn
// by the platform into the atlas, one private-use code point per cluster.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace earshot::app {

/// (Re)builds the font atlas for this device pixel ratio with every glyph
/// seen so far; returns false when the font files are missing (ImGui's default
/// font is used then). Call between frames, then recreate the GPU texture.
bool load_fonts(float dpr);

/// The largest texture the GPU takes (WebGL's MAX_TEXTURE_SIZE): an atlas
/// above it would fail to upload and blank the whole UI.
void set_max_texture_size(int pixels);

/// The private-use code point drawn as this emoji cluster's colour picture
/// (registered on first use; the atlas gets it at the next rebuild).
char32_t emoji_glyph(std::string_view cluster);

/// Notes a code point about to be drawn: CJK ones the atlas lacks start the
/// CJK font's download (once) and a rebuild with them.
void note_code_point(char32_t c);

/// True when the atlas should be rebuilt before the next frame: new emoji
/// or CJK glyphs were drawn, or the CJK font has just arrived. Cheap; call
/// between frames (it also polls the font download).
bool fonts_outdated();

/// Figures for the test API (window.earshot.state().glyphs).
struct GlyphStats {
    std::string cjk_font = "none"; ///< none, fetching, ready, failed
    size_t cjk_glyphs = 0;         ///< CJK code points drawn so far
    size_t emoji = 0;              ///< emoji clusters drawn so far
    int atlas_width = 0, atlas_height = 0;
    int rebuilds = 0;
    double last_build_ms = 0;         ///< the last atlas Build + emoji drawing
    double last_rebuild_ms = 0;       ///< the same with the GPU texture upload (main loop)
    double frame_after_rebuild_ms = 0; ///< CPU time of the first frame drawn with the new atlas
    double cjk_seen_ms = 0, cjk_fetch_ms = 0, cjk_ready_ms = 0; ///< monotonic ms: first CJK drawn, download started, arrived
    bool over_budget = false;         ///< the atlas would not fit the GPU: CJK left out
};
const GlyphStats& glyph_stats();
/// The main loop reports the rebuild's cost (upload included) and the next frame's CPU time.
void record_rebuild_ms(double ms);
void record_frame_after_rebuild_ms(double ms);

} // namespace earshot::app
