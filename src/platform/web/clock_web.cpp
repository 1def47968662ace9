// Clock in the browser: Date.now() and performance.now().
#include "platform/clock.hpp"

#include <emscripten.h>

EM_JS(double, earshot_js_date_now, (), { return Date.now(); });

namespace earshot::platform {

int64_t unix_now() { return static_cast<int64_t>(earshot_js_date_now() / 1000.0); }
double monotonic_ms() { return emscripten_get_now(); }

} // namespace earshot::platform

EM_JS(int, earshot_js_utc_offset, (), { return -new Date().getTimezoneOffset(); });

namespace earshot::platform {
int local_utc_offset_minutes() { return earshot_js_utc_offset(); }
} // namespace earshot::platform
