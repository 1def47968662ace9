// Where each labelled widget was drawn in the last frame, and frame timings:
// the data behind window.earshot.locate() and frameStats() for browser tests.
#pragma once

#include <optional>
#include <string>

namespace earshot::app {

struct Rect {
    float x, y, w, h;
};

/// Call at the start of each frame (swaps last frame's rectangles in).
void registry_begin_frame();
/// Records the last ImGui item under `label` (its visible text).
void remember_item(const std::string& label);
/// The rectangle in framebuffer pixels from the last completed frame.
std::optional<Rect> locate(const std::string& label);

void record_frame_time(double cpu_ms);
/// {"frames":N,"cpu_ms_p50":…,"cpu_ms_p95":…}
std::string frame_stats_json();

} // namespace earshot::app
