// Tab lock on navigator.locks (shell/earshot_library.js). Limits: without Web
// Locks (very old browsers) every tab is a writer, as before the lock existed.
#include "platform/tab_lock.hpp"

#include <emscripten.h>

extern "C" {
void earshot_js_tab_lock_request();
int earshot_js_tab_role(); ///< 0 pending, 1 writer, 2 reader
}

namespace earshot::platform {

void tab_lock_request() { earshot_js_tab_lock_request(); }

TabRole tab_role() {
    switch (earshot_js_tab_role()) {
    case 1: return TabRole::Writer;
    case 2: return TabRole::Reader;
    default: return TabRole::Pending;
    }
}

} // namespace earshot::platform
