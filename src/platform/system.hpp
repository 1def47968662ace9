// System service: connectivity, opening links in a new tab, reloading the page.
#pragma once

#include <string>

namespace earshot::platform {

bool online();
void open_url(const std::string& url);
/// True when the page is shown inside another page (embed.js, an iframe).
bool in_frame();
/// Starts the app afresh (after all data was cleared).
void reload_page();

} // namespace earshot::platform
