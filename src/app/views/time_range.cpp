// The shared time range: presets relative to now and a custom from/to in local dates.
// The range lives in the Selection; this file only draws it and reads what is typed.
#include "app/views/time_range.hpp"

#include "app/layout.hpp"
#include "app/ui_registry.hpp"
#include "core/ingest/x_v2.hpp"
#include "platform/clock.hpp"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>

namespace earshot::app {

namespace {

struct Preset {
    const char* label;
    int64_t seconds; ///< 0 = All
    const char* words;
};
constexpr Preset kPresets[] = {{"24 h", 86400, "last 24 hours"},
                               {"7 days", 7 * 86400, "last 7 days"},
                               {"30 days", 30 * 86400, "last 30 days"},
                               {"All", 0, "all time"}};

/// A preset's window ending now; its start on a whole minute, so it slides a minute at a
/// time and Insights recounts once a minute, not every frame.
TimeRange preset_range(const Preset& p, int64_t now) {
    if (!p.seconds) return {};
    return {(now - p.seconds) / 60 * 60, 0};
}

/// The preset the range is (give or take the minute it slides by), or null.
const Preset* preset_of(const TimeRange& r, int64_t now) {
    for (const Preset& p : kPresets) {
        if (!p.seconds && r.open()) return &p;
        if (p.seconds && r.to == 0 && std::llabs(r.from - (now - p.seconds)) <= 120) return &p;
    }
    return nullptr;
}

int64_t local_offset() { return int64_t{platform::local_utc_offset_minutes()} * 60; }

/// "2026-11-20" of a moment, in local time.
std::string local_date(int64_t t) { return core::format_iso8601(t + local_offset()).substr(0, 10); }

/// Local midnight starting "2026-11-20", or nothing when the text is not such a date.
std::optional<int64_t> parse_local_date(const char* text) {
    int64_t t = 0;
    std::string iso = std::string(text) + "T00:00:00Z";
    if (std::string(text).size() != 10 || !core::parse_iso8601(iso, t)) return std::nullopt;
    return t - local_offset();
}

/// The custom range popup: two local dates, both days included.
bool custom_popup(TimeRange& range, int64_t now) {
    static char from[16] = "", to[16] = "";
    static std::string problem;
    bool changed = false;
    if (ImGui::IsPopupOpen("custom range") == false) problem.clear();
    if (!ImGui::BeginPopup("custom range")) return false;
    if (ImGui::IsWindowAppearing()) {
        std::snprintf(from, sizeof from, "%s", local_date(range.from ? range.from : now - 7 * 86400).c_str());
        std::snprintf(to, sizeof to, "%s", local_date(range.to ? range.to - 1 : now).c_str());
    }
    ImGui::TextDisabled("Local dates, both days included");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputTextWithHint("from##range", "YYYY-MM-DD", from, sizeof from);
    remember_item("range from");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputTextWithHint("to##range", "YYYY-MM-DD", to, sizeof to);
    remember_item("range to");
    if (ImGui::Button("Apply")) {
        std::optional<int64_t> f = parse_local_date(from), t = parse_local_date(to);
        if (!f || !t) problem = "Type both dates as YYYY-MM-DD, e.g. 2026-11-20.";
        else if (*t < *f) problem = "The end date is before the start date.";
        else {
            range = {*f, *t + 86400};
            changed = true;
            ImGui::CloseCurrentPopup();
        }
    }
    remember_item("range apply");
    if (!problem.empty()) ImGui::TextColored(ImVec4(0.82f, 0.33f, 0.24f, 1.0f), "%s", problem.c_str());
    ImGui::EndPopup();
    return changed;
}

std::string format_day(int64_t t) {
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::string d = local_date(t);
    int month = std::atoi(d.substr(5, 2).c_str());
    return std::to_string(std::atoi(d.substr(8, 2).c_str())) + " " + months[(month + 11) % 12] + " " + d.substr(0, 4);
}

} // namespace

bool draw_time_range(TimeRange& range, int64_t now) {
    bool changed = false;
    const Preset* active = preset_of(range, now);
    // A preset slides with the clock (a minute at a time).
    if (active && active->seconds && preset_range(*active, now).from - range.from >= 60) {
        range = preset_range(*active, now);
        changed = true;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Time range");
    for (const Preset& p : kPresets) {
        same_line_if_fits(button_width(p.label));
        const bool on = active == &p;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(p.label) && !on) {
            range = preset_range(p, now);
            changed = true;
        }
        if (on) ImGui::PopStyleColor();
        remember_item(std::string("range ") + p.label);
    }
    same_line_if_fits(button_width("Custom…"));
    if (!active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button("Custom…")) ImGui::OpenPopup("custom range");
    if (!active) ImGui::PopStyleColor();
    remember_item("range Custom");
    changed |= custom_popup(range, now);
    const std::string words = describe_range(range, now);
    same_line_if_fits(ImGui::CalcTextSize(words.c_str()).x);
    ImGui::TextDisabled("%s", words.c_str());
    remember_item("range shown");
    return changed;
}

TimeRange counted_range(const TimeRange& r, int64_t now) {
    return {r.from, r.to ? r.to : (r.from ? (now / 60 + 2) * 60 : 0)};
}

std::string describe_range(const TimeRange& r, int64_t now) {
    if (const Preset* p = preset_of(r, now)) return p->words;
    if (r.from && r.to && r.to - r.from == 86400 && (r.from + local_offset()) % 86400 == 0) return format_day(r.from);
    if (r.from && r.to && r.to - r.from == 3600) {
        std::string start = format_local_time(r.from), end = format_local_time(r.to);
        return format_day(r.from).substr(0, format_day(r.from).size() - 5) + " " + start.substr(11) + "–" +
               end.substr(11);
    }
    if (r.from && r.to && (r.to - r.from) % 86400 == 0) return local_date(r.from) + " – " + local_date(r.to - 1);
    return (r.from ? format_local_time(r.from) : std::string("the start")) + " – " +
           (r.to ? format_local_time(r.to) : std::string("now"));
}

std::string describe_previous(const TimeRange& r, int64_t now) {
    if (r.from == 0) return "";
    if (const Preset* p = preset_of(r, now)) return std::string("the ") + (p->words + 5) + " before";
    if (r.to && r.to - r.from == 86400) return "the day before";
    if (r.to && r.to - r.from == 3600) return "the hour before";
    return "the period of equal length before";
}

} // namespace earshot::app
