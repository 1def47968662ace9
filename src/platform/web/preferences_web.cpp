// Preferences in the browser: localStorage and matchMedia (shell/earshot_library.js).
#include "platform/preferences.hpp"

#include <cstdlib>

extern "C" {
char* earshot_js_preference(const char* name); // malloc'ed, NULL when unset
void earshot_js_set_preference(const char* name, const char* value);
void earshot_js_clear_preferences();
int earshot_js_prefers_dark();
}

namespace earshot::platform {

std::string preference(const std::string& name) {
    char* v = earshot_js_preference(name.c_str());
    if (!v) return {};
    std::string out(v);
    std::free(v);
    return out;
}

void set_preference(const std::string& name, const std::string& value) {
    earshot_js_set_preference(name.c_str(), value.c_str());
}

void clear_preferences() { earshot_js_clear_preferences(); }

bool system_prefers_dark() { return earshot_js_prefers_dark() != 0; }

} // namespace earshot::platform
