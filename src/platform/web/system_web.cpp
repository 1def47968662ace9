// System service in the browser: navigator.onLine, window.open, location.reload.
#include "platform/system.hpp"

extern "C" {
int earshot_js_online();
void earshot_js_open_url(const char* url);
void earshot_js_reload_page();
int earshot_js_in_frame();
}

namespace earshot::platform {

bool online() { return earshot_js_online() != 0; }
void open_url(const std::string& url) { earshot_js_open_url(url.c_str()); }
void reload_page() { earshot_js_reload_page(); }
bool in_frame() { return earshot_js_in_frame() != 0; }

} // namespace earshot::platform
