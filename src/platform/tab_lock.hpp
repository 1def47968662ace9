// Tab lock service: only one tab of an origin writes the store. Web: the Web
// Locks API; a tab that does not get the lock waits in line for it and takes
// over when the writing tab closes.
#pragma once

namespace earshot::platform {

enum class TabRole { Pending, Writer, Reader };

/// Asks for the writer lock (once, at start).
void tab_lock_request();
TabRole tab_role();

} // namespace earshot::platform
