// Status bar: one line of facts, then the problem (if any) in the warning colour.
#include "app/views/status_bar.hpp"

#include "app/ui_registry.hpp"

#include <imgui.h>

#include <cstdio>

namespace earshot::app {

void StatusBar::draw(const Workspace& ws) {
    char line[512];
    std::string source = ws.source_mode().empty() ? "source: offline" : "source: X (" + ws.source_mode() + ")";
    std::string rate = ws.rate_remaining() ? std::to_string(*ws.rate_remaining()) + " requests left" : "rate limit: —";
    if (ws.rate_remaining() && *ws.rate_remaining() == 0 && ws.rate_reset())
        rate = "rate limit spent, resets " + format_local_time(*ws.rate_reset()).substr(11);
    std::snprintf(line, sizeof line, "%zu mentions   ·   %s   ·   %s   ·   last sync %s   ·   stored %.1f MB%s",
                  ws.mentions().size(), source.c_str(), rate.c_str(), format_local_time(ws.last_sync()).c_str(),
                  ws.storage_bytes() / 1e6, ws.saving() ? " (saving…)" : ws.online() ? "" : "   ·   offline");
    ImGui::TextUnformatted(line);
    remember_item("status");
    if (!ws.writer() && ws.phase() == Workspace::Phase::Ready) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.55f, 0.38f, 0.22f, 1.0f),
                           "   Earshot is open in another tab: this one is read-only and takes over when that tab closes.");
        remember_item("read-only notice");
    } else if (!ws.problem().empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.35f, 1.0f), "   %s", ws.problem().c_str());
    }
}

} // namespace earshot::app
