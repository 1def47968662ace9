// The one time range the feed, Insights and Goals share (Selection::range): preset
// buttons — 24 h, 7 days, 30 days, All — and a custom from/to, drawn by each view.
#pragma once

#include "app/views/view.hpp"

#include <string>

namespace earshot::app {

/// Draws the range's buttons on the current line(s) and edits `range`; true when the
/// owner changed it. A preset ("last 7 days") slides with the clock, a minute at a time.
bool draw_time_range(TimeRange& range, int64_t now);

/// The window Insights counts for a range: an open end is "until now", and Insights
/// needs a finite window to compare it with the one before, so it ends at the next
/// minute but one (sliding with the clock, as the presets do).
TimeRange counted_range(const TimeRange& range, int64_t now);

/// The range in words: "last 7 days", "all time", "20 Nov 2026" (one local day),
/// "20 Nov 14:00–15:00", "2026-11-01 – 2026-11-20".
std::string describe_range(const TimeRange& range, int64_t now);

/// The range of the same length just before it ("the previous 7 days"), in words, or
/// "" when the range is open (nothing to compare with).
std::string describe_previous(const TimeRange& range, int64_t now);

} // namespace earshot::app
