// System service: connectivity, opening links in a new tab, reloading the page,
// the clipboard (web: src/platform/web/text_input_web.cpp).
#pragma once

#include <string>

namespace earshot::platform {

bool online();
void open_url(const std::string& url);
/// True when the page is shown inside another page (embed.js, an iframe).
bool in_frame();
/// Starts the app afresh (after all data was cleared).
void reload_page();
/// Puts `text` on the system clipboard ("Copy text", "Copy link"; ImGui's Ctrl/Cmd+C
/// comes here too). Call it in the frame of the click or key: browsers accept a
/// write only soon after a user gesture. Earshot's own fields paste it either way.
void copy_to_clipboard(const std::string& text);

} // namespace earshot::platform
