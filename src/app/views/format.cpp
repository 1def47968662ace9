// Small formatting helpers shared by the views.
#include "app/views/view.hpp"

#include "core/ingest/x_v2.hpp"
#include "core/text/grapheme.hpp"
#include "platform/clock.hpp"

#include <cstdio>

namespace earshot::app {

std::string format_local_time(int64_t t) {
    if (t == 0) return "—";
    std::string iso = core::format_iso8601(t + platform::local_utc_offset_minutes() * 60);
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string format_count(const std::optional<int64_t>& n) {
    if (!n) return "—";
    char buf[32];
    if (*n >= 1000000) std::snprintf(buf, sizeof buf, "%.1fM", *n / 1e6);
    else if (*n >= 10000) std::snprintf(buf, sizeof buf, "%.0fk", *n / 1e3);
    else if (*n >= 1000) std::snprintf(buf, sizeof buf, "%.1fk", *n / 1e3);
    else std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(*n));
    return buf;
}

void copy_to(char* dst, size_t cap, const std::string& src) {
    if (cap == 0) return;
    // A fixed edit buffer: what does not fit is cut where a character (cluster) ends.
    const std::string_view kept = core::cut_at_grapheme(src, cap - 1);
    kept.copy(dst, kept.size());
    dst[kept.size()] = '\0';
}

} // namespace earshot::app
