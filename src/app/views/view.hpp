// What every view shares: the workspace it reads and the selection it edits.
#pragma once

#include "app/workspace.hpp"

#include <string>

namespace earshot::app {

/// View state shared between the table and the detail pane.
struct Selection {
    std::string mention_id; ///< "" when nothing is selected
};

/// "2026-11-20 09:15" in the browser's local time.
std::string format_local_time(int64_t unix_seconds);
/// "3.2k", "12", "—" for unknown.
std::string format_count(const std::optional<int64_t>& n);

/// Fills a form's fixed-size text buffer (cut to fit, always NUL-terminated).
void copy_to(char* dst, size_t cap, const std::string& src);

} // namespace earshot::app
