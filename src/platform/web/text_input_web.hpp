// Text into and out of the canvas in the browser: IME and dictation text through a
// hidden <textarea>, and the system clipboard for ImGui's Ctrl/Cmd+C/X/V.
// Limits: the composition being typed shows in the IME's own window, not inside
// the ImGui field, until it is committed; the clipboard holds plain text only.
#pragma once

namespace earshot::platform::web {

/// Installs the hidden text element, its DOM listeners and ImGui's clipboard and
/// IME-position hooks. Call once, after the ImGui GLFW backend (which sets its own,
/// non-working, clipboard hooks). `on_input` is called when text arrives that
/// no GLFW callback saw (the main loop then draws a frame).
void install_text_input(void (*on_input)());

/// After each frame: the hidden element has the focus exactly while ImGui wants
/// text (a field is being edited), so an IME attaches to it and sends its text here.
void sync_text_input(bool want_text_input, float device_pixel_ratio);

/// Calls `fn` with each character of the field being edited (none when no field
/// is): typed, pasted or IME text needs its glyphs too (CJK joins the atlas on demand).
void for_each_edited_char(void (*fn)(char32_t));

} // namespace earshot::platform::web
