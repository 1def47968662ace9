// Storage service: the folder the core Store writes into, made persistent.
// Web: an IDBFS mount synced to IndexedDB after each commit. Limits: a sync
// writes whole changed files, so callers keep files small and immutable.
#pragma once

#include <string>

namespace earshot::platform {

enum class SyncState { Idle, Pending, Done, Failed };

/// Mounts the persistent folder and loads it from IndexedDB; poll storage_state().
void storage_mount(const std::string& path);
/// Reloads the mounted folder from IndexedDB (after another tab wrote it).
void storage_reload();
/// Writes changed files to IndexedDB; poll storage_state().
void storage_flush();
SyncState storage_state();
/// Why the last mount/flush failed (e.g. "QuotaExceededError: …").
std::string storage_error();
/// Approximate bytes used by the origin (navigator.storage.estimate), -1 unknown.
double storage_usage_bytes();

} // namespace earshot::platform
