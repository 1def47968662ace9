// System service in the browser: navigator.onLine and window.open.
#include "platform/system.hpp"

extern "C" {
int earshot_js_online();
void earshot_js_open_url(const char* url);
}

namespace earshot::platform {

bool online() { return earshot_js_online() != 0; }
void open_url(const std::string& url) { earshot_js_open_url(url.c_str()); }

} // namespace earshot::platform
