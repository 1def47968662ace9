// Text into and out of the canvas (see text_input_web.hpp). Keys keep reaching
// ImGui through Emscripten's GLFW (its listeners sit on the window), so only text
// that arrives without a keypress — an IME's committed composition, dictation,
// Playwright's insertText — is forwarded from the hidden element's events.
// The clipboard: navigator.clipboard needs a user gesture and is asynchronous,
// so a copy is answered from ImGui's selection inside the DOM `copy`/`cut` event,
// and a paste is read from the `paste` event into a local copy that ImGui's
// Ctrl/Cmd+V (handled in the next frame) then takes.
#include "platform/web/text_input_web.hpp"

#include "platform/system.hpp"

#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h> // the active field's selection, for the DOM copy event

#include <string>

namespace {

std::string g_clipboard;     ///< what ImGui pastes: the last copy or the last system paste
std::string g_selection;     ///< kept alive for JS between the call and its read
float g_dpr = 1.0f;
void (*g_on_input)() = nullptr;

} // namespace

// clang-format off
EM_JS(void, earshot_js_text_input_install, (), {
  var ta = document.createElement('textarea');
  ta.id = 'earshot-text-input';
  ta.setAttribute('autocomplete', 'off');
  ta.setAttribute('autocorrect', 'off');
  ta.setAttribute('autocapitalize', 'off');
  ta.setAttribute('spellcheck', 'false');
  ta.setAttribute('aria-label', 'Text being typed into the focused Earshot field');
  // Invisible but focusable and placed at the caret, so an IME's candidate window opens there.
  ta.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:1.2em;padding:0;border:0;margin:0;' +
                     'opacity:0;resize:none;overflow:hidden;white-space:pre;color:transparent;' +
                     'background:transparent;caret-color:transparent;pointer-events:none;z-index:0';
  document.body.appendChild(ta);
  Module['earshotTextInput'] = ta;
  var send = function(text) {
    if (!text) return;
    var bytes = lengthBytesUTF8(text) + 1, p = _malloc(bytes);
    stringToUTF8(text, p, bytes);
    _earshot_text_input(p);
    _free(p);
  };
  var keypressed = false, composing = false, pasteShortcutAt = -1e9;
  ta.addEventListener('keypress', function() { keypressed = true; }); // GLFW delivered this character
  ta.addEventListener('compositionstart', function() { composing = true; });
  ta.addEventListener('compositionend', function(e) {
    composing = false;
    send(e.data);
    ta.value = "";
  });
  ta.addEventListener('input', function(e) {
    if (e.isComposing || composing) return;
    if (e.inputType === 'insertText' && !keypressed) send(e.data); // no keypress: IME, dictation, insertText
    keypressed = false;
    ta.value = ""; // keep it empty: ImGui holds the text
  });
  window.addEventListener('keydown', function(e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'v' || e.key === 'V')) pasteShortcutAt = performance.now();
  }, true);
  var onCopy = function(e) {
    var p = _earshot_selected_text();
    if (!p) return; // no ImGui field is being edited: the page's own copy
    e.clipboardData.setData('text/plain', UTF8ToString(p));
    e.preventDefault();
  };
  // Chromium enables its Copy/Cut command (the shortcut) only with a page selection,
  // or when beforecopy/beforecut is cancelled: cancel it while ImGui has text to copy.
  var enable = function(e) { if (_earshot_selected_text()) e.preventDefault(); };
  document.addEventListener('beforecopy', enable);
  document.addEventListener('beforecut', enable);
  document.addEventListener('copy', onCopy);
  document.addEventListener('cut', onCopy); // ImGui deletes the selection itself on Ctrl+X
  document.addEventListener('paste', function(e) {
    var text = e.clipboardData ? e.clipboardData.getData('text/plain') : "";
    var bytes = lengthBytesUTF8(text) + 1, p = _malloc(bytes);
    stringToUTF8(text, p, bytes);
    _earshot_clipboard_received(p);
    _free(p);
    e.preventDefault();
    // Pasted from a menu, not by the shortcut ImGui handles: type it into the field.
    if (performance.now() - pasteShortcutAt > 1000 && document.activeElement === ta) send(text);
  });
});

EM_JS(void, earshot_js_text_input_focus, (int want, double x, double y, double line), {
  var ta = Module['earshotTextInput'];
  if (!ta) return;
  if (want) {
    var r = Module['canvas'].getBoundingClientRect();
    ta.style.left = (r.left + x) + 'px';
    ta.style.top = (r.top + y) + 'px';
    ta.style.height = Math.max(8, line) + 'px';
    if (document.activeElement !== ta) ta.focus({preventScroll: true});
  } else if (document.activeElement === ta) {
    ta.value = "";
    ta.blur();
    Module['canvas'].focus({preventScroll: true});
  }
});

EM_JS(void, earshot_js_write_clipboard, (const char* text), {
  var s = UTF8ToString(text);
  // Needs the page to be focused and a recent user gesture (a click, a key): both
  // hold for a button press or a shortcut. Refused otherwise; ImGui keeps its copy.
  if (navigator.clipboard && navigator.clipboard.writeText)
    navigator.clipboard.writeText(s).catch(function(e) { console.warn('clipboard:', e && e.name); });
});
// clang-format on

namespace {

int g_ime_x = 0, g_ime_y = 0;

const char* get_clipboard(void*) { return g_clipboard.c_str(); }

void set_clipboard(void*, const char* text) { earshot::platform::copy_to_clipboard(text ? text : ""); }

void set_ime_position(int x, int y) { // framebuffer pixels, the caret's top-left
    g_ime_x = x;
    g_ime_y = y;
}

} // namespace

extern "C" {
/// Text typed without a keypress (see the file comment) goes into the active field.
EMSCRIPTEN_KEEPALIVE void earshot_text_input(const char* utf8) {
    if (!utf8 || !ImGui::GetCurrentContext()) return;
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    if (g_on_input) g_on_input(); // draw the frame that takes it
}
/// The whole text of the field being edited, or null (the test API's activeText()).
EMSCRIPTEN_KEEPALIVE const char* earshot_active_text() {
    if (!ImGui::GetCurrentContext()) return nullptr;
    ImGuiContext& g = *GImGui;
    ImGuiInputTextState& s = g.InputTextState;
    if (g.ActiveId == 0 || s.ID != g.ActiveId) return nullptr;
    g_selection.assign(static_cast<size_t>(s.CurLenW) * 4 + 1, '\0');
    const int n = ImTextStrToUtf8(g_selection.data(), static_cast<int>(g_selection.size()), s.TextW.Data,
                                  s.TextW.Data + s.CurLenW);
    g_selection.resize(static_cast<size_t>(n));
    return g_selection.c_str();
}
EMSCRIPTEN_KEEPALIVE void earshot_clipboard_received(const char* utf8) { g_clipboard = utf8 ? utf8 : ""; }
/// What Ctrl/Cmd+C copies from the field being edited (as ImGui would: the
/// selection, or a one-line field's whole text), or null when none is.
EMSCRIPTEN_KEEPALIVE const char* earshot_selected_text() {
    if (!ImGui::GetCurrentContext()) return nullptr;
    ImGuiContext& g = *GImGui;
    ImGuiInputTextState& s = g.InputTextState;
    if (g.ActiveId == 0 || s.ID != g.ActiveId || (s.Flags & ImGuiInputTextFlags_Password)) return nullptr;
    int from = 0, to = s.CurLenW;
    if (s.HasSelection()) {
        from = ImMin(s.Stb.select_start, s.Stb.select_end);
        to = ImMax(s.Stb.select_start, s.Stb.select_end);
    } else if (s.Flags & ImGuiInputTextFlags_Multiline) {
        return nullptr;
    }
    from = ImClamp(from, 0, s.CurLenW);
    to = ImClamp(to, from, s.CurLenW);
    g_selection.assign(static_cast<size_t>(to - from) * 4 + 1, '\0');
    const int n = ImTextStrToUtf8(g_selection.data(), static_cast<int>(g_selection.size()), s.TextW.Data + from,
                                  s.TextW.Data + to);
    g_selection.resize(static_cast<size_t>(n));
    return g_selection.c_str();
}
}

namespace earshot::platform {

void copy_to_clipboard(const std::string& text) {
    g_clipboard = text; // pasting inside Earshot works even when the browser refuses
    earshot_js_write_clipboard(text.c_str());
}

namespace web {

void install_text_input(void (*on_input)()) {
    g_on_input = on_input;
    ImGuiIO& io = ImGui::GetIO();
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;
    io.ClipboardUserData = nullptr;
    io.ImeSetInputScreenPosFn = set_ime_position;
    earshot_js_text_input_install();
}

void sync_text_input(bool want_text_input, float device_pixel_ratio) {
    g_dpr = device_pixel_ratio > 0 ? device_pixel_ratio : 1.0f;
    earshot_js_text_input_focus(want_text_input ? 1 : 0, g_ime_x / g_dpr, g_ime_y / g_dpr,
                                ImGui::GetFontSize() / g_dpr);
}

void for_each_edited_char(void (*fn)(char32_t)) {
    if (!ImGui::GetCurrentContext()) return;
    ImGuiContext& g = *GImGui;
    const ImGuiInputTextState& s = g.InputTextState;
    if (g.ActiveId == 0 || s.ID != g.ActiveId || (s.Flags & ImGuiInputTextFlags_Password)) return;
    for (int i = 0; i < s.CurLenW && i < s.TextW.Size; ++i) fn(static_cast<char32_t>(s.TextW[i]));
}

} // namespace web

} // namespace earshot::platform
