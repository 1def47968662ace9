// The web platform's main loop: GLFW (Emscripten's built-in) + WebGL2, drawn by
// our renderer (imgui_renderer_web.cpp). Owns the loop: an animation frame is requested only
// when the app has something new to show (App::frame_wanted(): input, data,
// an animation), by the input callbacks and the listening timer, and again
// after a frame while the app still wants one. An idle tab runs nothing but
// that timer; the canvas keeps showing the last frame.
// Limits: Emscripten 3.1.6's GLFW has no HiDPI support, so the canvas backing
// store is sized here to CSS size × devicePixelRatio and fonts are scaled.
#include "app/app.hpp"
#include "app/fonts.hpp"
#include "app/ui_registry.hpp"
#include "platform/clock.hpp"
#include "platform/web/imgui_renderer_web.hpp"
#include "platform/web/text_input_web.hpp"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

extern "C" {
double earshot_js_device_pixel_ratio();
int earshot_js_container_width();
int earshot_js_container_height();
void earshot_js_ready();
void earshot_js_set_canvas_size(int w, int h);
}

namespace {

GLFWwindow* g_window = nullptr;
std::unique_ptr<earshot::app::App> g_app;
float g_dpr = 1.0f;
int g_width = 0, g_height = 0;
bool g_announced_ready = false;
std::string g_json; // keeps returned strings alive until the next call

/// Follows container resizes and DPR changes (zoom, moving between screens);
/// true when anything changed.
bool fit_canvas() {
    bool changed = false;
    float dpr = static_cast<float>(earshot_js_device_pixel_ratio());
    int w = static_cast<int>(std::lround(earshot_js_container_width() * dpr));
    int h = static_cast<int>(std::lround(earshot_js_container_height() * dpr));
    if (dpr != g_dpr) {
        g_dpr = dpr;
        earshot::app::load_fonts(g_dpr);
        earshot::platform::web::renderer_upload_fonts();
        earshot::app::apply_theme(g_dpr);
        changed = true;
    }
    if (w != g_width || h != g_height) {
        g_width = w;
        g_height = h;
        earshot_js_set_canvas_size(w, h);
        changed = true;
    }
    return changed;
}

/// CPU time of the frame, ms.
double draw_frame() {
    double t0 = earshot::platform::monotonic_ms();
    glfwPollEvents();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    g_app->frame();
    ImGui::Render();
    int fw, fh;
    glfwGetFramebufferSize(g_window, &fw, &fh);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg]; // the theme's
    const float clear[3] = {bg.x, bg.y, bg.z};
    earshot::platform::web::renderer_draw(ImGui::GetDrawData(), fw, fh, clear);
    // A field being edited owns the hidden text element: IME and dictation text reach it,
    // and its characters (typed, pasted, composed) get their glyphs like a post's do.
    earshot::platform::web::sync_text_input(ImGui::GetIO().WantTextInput, g_dpr);
    if (ImGui::GetIO().WantTextInput) earshot::platform::web::for_each_edited_char(earshot::app::note_code_point);
    const double ms = earshot::platform::monotonic_ms() - t0;
    earshot::app::record_frame_time(ms);
    return ms;
}

/// Glyphs drawn for the first time (CJK, emoji) or a font that arrived join
/// the atlas here, between frames, as ImGui requires.
bool refresh_fonts() {
    if (!earshot::app::fonts_outdated()) return false;
    const double t0 = earshot::platform::monotonic_ms();
    earshot::app::load_fonts(g_dpr);
    earshot::platform::web::renderer_upload_fonts();
    earshot::app::record_rebuild_ms(earshot::platform::monotonic_ms() - t0);
    return true;
}

void announce_ready_once() {
    if (!g_announced_ready && g_app->ready()) {
        g_announced_ready = true;
        earshot_js_ready();
    }
}

bool g_frame_requested = false; ///< an animation frame is on its way (a hidden tab holds it back)
EM_BOOL on_animation_frame(double, void*);
void schedule_work();

void request_frame() {
    if (g_frame_requested) return;
    g_frame_requested = true;
    emscripten_request_animation_frame(on_animation_frame, nullptr);
}

EM_BOOL on_animation_frame(double, void*) {
    g_frame_requested = false;
    if (fit_canvas()) g_app->input_arrived();
    const bool new_glyphs = refresh_fonts();
    if (new_glyphs) g_app->input_arrived(); // draw again with them
    if (g_app->frame_wanted()) {
        const double ms = draw_frame();
        if (new_glyphs) earshot::app::record_frame_after_rebuild_ms(ms);
    }
    announce_ready_once();
    // Settling after input, the progress bar, glyphs this frame drew for the first time.
    if (g_app->frame_wanted() || earshot::app::fonts_outdated()) request_frame();
    schedule_work();
    return EM_FALSE;
}

/// An import or export works in slices of its own between frames (a task per
/// slice, via postMessage: no 4 ms timer clamp), so it is not held to the frame
/// rate, and the browser draws and handles input between any two slices.
bool g_work_scheduled = false;
void work_slice(void*) {
    g_work_scheduled = false;
    if (!g_app) return;
    g_app->work();
    if (g_app->frame_wanted()) request_frame();
    schedule_work();
}
void schedule_work() {
    if (g_work_scheduled || !g_app || !g_app->working()) return;
    g_work_scheduled = true;
    if (g_app->work_waiting()) emscripten_set_timeout(work_slice, 4, nullptr); // a read in flight: no spinning
    else emscripten_set_immediate(work_slice, nullptr);
}

/// Listening runs on a timer, not on animation frames: a hidden tab gets no
/// frames (requestAnimationFrame stops) but keeps its timers, throttled to
/// about once a second, which is plenty for polling and storage completions.
void listen_tick(void*) {
    if (!g_app) return;
    g_app->tick();
    announce_ready_once();
    // A DPR change (another screen) need not resize the window: checked here too.
    if (fit_canvas()) g_app->input_arrived();
    // New data, the clock's minute, a font that finished downloading.
    if (g_app->frame_wanted() || earshot::app::fonts_outdated()) request_frame();
    schedule_work();
}

// [SECTION] Input: every event means the next frames are drawn. ImGui's GLFW
// backend chains to these callbacks (installed before it); the cursor position
// it polls each frame, so that callback is ours alone.
void input_arrived() {
    if (!g_app) return;
    g_app->input_arrived();
    request_frame();
}
void on_cursor_pos(GLFWwindow*, double, double) { input_arrived(); }
void on_cursor_enter(GLFWwindow*, int) { input_arrived(); }
void on_mouse_button(GLFWwindow*, int, int, int) { input_arrived(); }
void ignore_glfw_scroll(GLFWwindow*, double, double) {} // the wheel is read by on_wheel

/// The wheel, read from the browser's event itself. Emscripten 3.1.6's GLFW hands on the
/// event's raw deltaX/deltaY, in whatever unit it came (pixels in Chromium, lines in
/// Firefox) and with the sign flipped against GLFW's, and ImGui 1.86 adds them as wheel
/// steps: a notch down scrolled up by a hundred steps. Here the distance becomes device
/// pixels, then ImGui's steps (one step scrolls five font sizes), so the list moves as far
/// as the browser meant, either way, at any zoom.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    const float font = io.Fonts->Fonts.empty() ? 15.0f * g_dpr : io.Fonts->Fonts[0]->FontSize * io.FontGlobalScale;
    double unit = g_dpr; // DOM_DELTA_PIXEL: CSS pixels
    if (e->deltaMode == DOM_DELTA_LINE) unit = font * 1.25;
    else if (e->deltaMode == DOM_DELTA_PAGE) unit = g_height * 0.8;
    const double step = 5.0 * font;
    io.MouseWheel -= static_cast<float>(e->deltaY * unit / step);
    io.MouseWheelH -= static_cast<float>(e->deltaX * unit / step);
    input_arrived();
    return EM_TRUE; // the page itself must not scroll (inside an admin page's frame)
}
void on_key(GLFWwindow*, int, int, int, int) { input_arrived(); }
void on_char(GLFWwindow*, unsigned int) { input_arrived(); }
void on_focus(GLFWwindow*, int) { input_arrived(); }
EM_BOOL on_visibility(int, const EmscriptenVisibilityChangeEvent*, void*) {
    input_arrived(); // shown again: draw at once, whatever the compositor kept
    return EM_FALSE;
}
EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    input_arrived(); // the frame fits the canvas to the new size
    return EM_FALSE;
}

void watch_input(GLFWwindow* w) {
    glfwSetCursorPosCallback(w, on_cursor_pos);
    glfwSetCursorEnterCallback(w, on_cursor_enter);
    glfwSetMouseButtonCallback(w, on_mouse_button);
    glfwSetKeyCallback(w, on_key);
    glfwSetCharCallback(w, on_char);
    glfwSetWindowFocusCallback(w, on_focus);
    emscripten_set_visibilitychange_callback(nullptr, EM_FALSE, on_visibility);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
}

} // namespace

// [SECTION] The in-page test API (wrapped as window.earshot by shell/index.html)
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* earshot_state() {
    g_json = g_app ? g_app->state_json() : "{\"ready\":false}";
    return g_json.c_str();
}
/// Rectangle of a labelled widget in CSS pixels, or "null".
EMSCRIPTEN_KEEPALIVE const char* earshot_locate(const char* label) {
    auto r = earshot::app::locate(label ? label : "");
    if (!r) return "null";
    g_json = nlohmann::json{{"x", r->x / g_dpr}, {"y", r->y / g_dpr}, {"w", r->w / g_dpr}, {"h", r->h / g_dpr}}.dump();
    return g_json.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* earshot_frame_stats(double since_frame) {
    g_json = earshot::app::frame_stats_json(!g_app || !g_app->frame_wanted(), static_cast<uint64_t>(since_frame));
    return g_json.c_str();
}
}

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "earshot: GLFW could not start\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_dpr = static_cast<float>(earshot_js_device_pixel_ratio());
    g_width = static_cast<int>(std::lround(earshot_js_container_width() * g_dpr));
    g_height = static_cast<int>(std::lround(earshot_js_container_height() * g_dpr));
    g_window = glfwCreateWindow(g_width, g_height, "Earshot", nullptr, nullptr);
    if (!g_window) {
        std::fprintf(stderr, "earshot: WebGL2 is not available in this browser\n");
        return 1;
    }
    glfwMakeContextCurrent(g_window);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // layout is fixed; nothing to persist
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    earshot::app::apply_theme(g_dpr);
    GLint max_texture = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_texture);
    earshot::app::set_max_texture_size(max_texture);
    earshot::app::load_fonts(g_dpr);
    watch_input(g_window);
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    // After the backend: its scroll callback (raw browser deltas) is replaced, not chained.
    glfwSetScrollCallback(g_window, ignore_glfw_scroll);
    emscripten_set_wheel_callback("#earshot-canvas", nullptr, EM_TRUE, on_wheel);
    if (!earshot::platform::web::renderer_init()) return 1;
    earshot::platform::web::renderer_upload_fonts();
    earshot::platform::web::install_text_input(input_arrived); // after the GLFW backend's clipboard hooks
    g_app = std::make_unique<earshot::app::App>();
    emscripten_set_interval(listen_tick, 250, nullptr);
    request_frame();
    return 0;
}
