// The export control any view can put in its toolbar: a button that opens a
// menu of formats (CSV, JSON, twarc2 JSONL) and exports the rows the view
// shows, in its order; and the line saying how the last export went.
#pragma once

#include "app/workspace.hpp"

#include <cstdint>
#include <vector>

namespace earshot::app {

/// A button labelled `label` ("Export…") opening the formats menu; choosing one
/// exports `rows` (store positions) as a download. Disabled while an export runs.
/// The menu's items are locatable as "<label> CSV", "<label> JSON", "<label> twarc2 JSONL".
void draw_export_menu(Workspace& ws, const std::vector<uint32_t>& rows, const char* label);

/// "Exporting 12,000 of 100,000 posts…" while one runs, then "Saved 100,000
/// posts to earshot-mentions-2026-12-03.csv (41.2 MB)." or what went wrong;
/// nothing before the first export.
void draw_export_status(const Workspace& ws);

/// "12,345": counts as the owner reads them.
std::string grouped(uint64_t n);
/// "812 kB", "12.3 MB".
std::string format_size(double bytes);

} // namespace earshot::app
