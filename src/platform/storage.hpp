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
/// The most the browser lets the origin store (navigator.storage.estimate), -1 unknown.
double storage_quota_bytes();
/// Asks the browser for a fresh usage and quota (they arrive a moment later).
void storage_estimate_refresh();
/// Deletes every file in the mounted folder, here and in IndexedDB; poll
/// storage_state(). Call only with no flush in flight (one sync at a time).
void storage_clear();

} // namespace earshot::platform
