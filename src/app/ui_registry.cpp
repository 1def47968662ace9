// Widget rectangles per frame (double-buffered so a query never sees a
// half-drawn frame) and a ring of frame CPU times.
#include "app/ui_registry.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace earshot::app {

namespace {
std::unordered_map<std::string, Rect> g_current, g_last;
std::vector<double> g_times;
size_t g_frames = 0;
} // namespace

void registry_begin_frame() { g_current.clear(); }

void registry_end_frame() { g_last.swap(g_current); }

void remember_item(const std::string& label) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    g_current[label] = Rect{a.x, a.y, b.x - a.x, b.y - a.y};
}

std::optional<Rect> locate(const std::string& label) {
    auto it = g_last.find(label);
    if (it == g_last.end()) return std::nullopt;
    return it->second;
}

void record_frame_time(double ms) {
    ++g_frames;
    if (g_times.size() >= 600) g_times.erase(g_times.begin(), g_times.begin() + 300);
    g_times.push_back(ms);
}

std::string frame_stats_json(bool idle, uint64_t since_frame) {
    // The frames drawn after `since_frame`, as far as the last few hundred reach.
    const uint64_t wanted = since_frame < g_frames ? g_frames - since_frame : 0;
    const size_t n = since_frame == 0 ? g_times.size() : static_cast<size_t>(std::min<uint64_t>(wanted, g_times.size()));
    std::vector<double> t(g_times.end() - static_cast<std::ptrdiff_t>(n), g_times.end());
    std::sort(t.begin(), t.end());
    auto pct = [&](double p) { return t.empty() ? 0.0 : t[std::min(t.size() - 1, size_t(p * t.size()))]; };
    return nlohmann::json{{"frames", g_frames},        {"counted", t.size()},
                          {"cpu_ms_p50", pct(0.5)},    {"cpu_ms_p95", pct(0.95)},
                          {"cpu_ms_max", t.empty() ? 0.0 : t.back()}, {"idle", idle}}
        .dump();
}

} // namespace earshot::app
