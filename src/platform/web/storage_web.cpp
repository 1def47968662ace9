// Storage on IDBFS. The JS side (shell/earshot_library.js) mounts, syncs and
// reports quota errors; this file only keeps the polled state.
#include "platform/storage.hpp"

#include <emscripten.h>

extern "C" {
void earshot_js_storage_mount(const char* path);
void earshot_js_storage_flush();
void earshot_js_storage_reload();
double earshot_js_storage_usage();
double earshot_js_storage_quota();
void earshot_js_storage_estimate();
void earshot_js_storage_clear();
}

namespace earshot::platform {

namespace {
SyncState g_state = SyncState::Idle;
std::string g_error;
} // namespace

void storage_mount(const std::string& path) {
    g_state = SyncState::Pending;
    earshot_js_storage_mount(path.c_str());
}

void storage_reload() {
    g_state = SyncState::Pending;
    earshot_js_storage_reload();
}

void storage_flush() {
    g_state = SyncState::Pending;
    earshot_js_storage_flush();
}

SyncState storage_state() { return g_state; }
std::string storage_error() { return g_error; }
double storage_usage_bytes() { return earshot_js_storage_usage(); }
double storage_quota_bytes() { return earshot_js_storage_quota(); }
void storage_estimate_refresh() { earshot_js_storage_estimate(); }

void storage_clear() {
    g_state = SyncState::Pending;
    earshot_js_storage_clear();
}

} // namespace earshot::platform

// Called from JS when a mount or flush settles; `error` is empty on success.
extern "C" EMSCRIPTEN_KEEPALIVE void earshot_storage_settled(const char* error) {
    using namespace earshot::platform;
    g_error = error ? error : "";
    g_state = g_error.empty() ? SyncState::Done : SyncState::Failed;
}
