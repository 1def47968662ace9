// Draws ImGui's draw lists with WebGL2: our own renderer instead of ImGui's OpenGL3
// backend, which saves and restores some twenty pieces of GL state around every frame.
// Each of those glGet*/glIsEnabled calls is a getParameter() that, with a GPU process,
// waits for the GPU process to answer: a round trip per call, per frame. The canvas's
// context belongs to Earshot alone, so this renderer sets the state it needs and never
// asks for any.
#pragma once

struct ImDrawData;

namespace earshot::platform::web {

/// Compiles the shader and makes the buffers; false (with a message on stderr) when
/// WebGL2 refuses.
bool renderer_init();
/// (Re)uploads ImGui's font atlas into the one texture it is drawn from.
void renderer_upload_fonts();
/// Clears the framebuffer to `clear` (r, g, b) and draws `data` into it.
void renderer_draw(const ImDrawData* data, int framebuffer_width, int framebuffer_height, const float clear[3]);

} // namespace earshot::platform::web
