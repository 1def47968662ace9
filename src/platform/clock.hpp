// Clock service: wall time for "last sync" and rate-limit resets, and a
// monotonic clock for frame timing.
#pragma once

#include <cstdint>

namespace earshot::platform {

int64_t unix_now();
double monotonic_ms();

} // namespace earshot::platform

namespace earshot::platform {
/// Minutes to add to UTC for the browser's local time (e.g. +60 in Paris in winter).
int local_utc_offset_minutes();
} // namespace earshot::platform
