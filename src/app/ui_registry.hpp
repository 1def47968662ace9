// Where each labelled widget was drawn in the last frame, and frame timings:
// the data behind window.earshot.locate() and frameStats() for browser tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace earshot::app {

struct Rect {
    float x, y, w, h;
};

/// Call at the start of each frame.
void registry_begin_frame();
/// Call at the end of each frame: its rectangles become what locate() answers
/// (frames may stop for a long time: the last one drawn must be queryable).
/// Records the last ImGui item under `label` (its visible text).
void remember_item(const std::string& label);
void registry_end_frame();
/// The rectangle in framebuffer pixels from the last completed frame.
std::optional<Rect> locate(const std::string& label);

void record_frame_time(double cpu_ms);
/// {"frames":N,"counted":n,"cpu_ms_p50":…,"cpu_ms_p95":…,"cpu_ms_max":…,"idle":…}
/// over the last few hundred frames, or those after frame number `since_frame`;
/// `idle`: no frame is wanted (everything the page was told has been drawn).
std::string frame_stats_json(bool idle, uint64_t since_frame = 0);

} // namespace earshot::app
