// Status bar: one line of facts, then the problem (if any) in the warning colour.
#include "app/views/status_bar.hpp"

#include "app/ui_registry.hpp"

#include <imgui.h>

#include <cstdio>

namespace earshot::app {

int StatusBar::lines(const Workspace& ws) {
    return (!ws.writer() && ws.phase() == Workspace::Phase::Ready) || !ws.problem().empty() ? 2 : 1;
}

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
    // The notice or problem goes on a line of its own: they say what to do, and
    // must not be cut off at the window's edge.
    if (!ws.writer() && ws.phase() == Workspace::Phase::Ready) {
        ImGui::TextColored(ImVec4(0.55f, 0.38f, 0.22f, 1.0f),
                           "Earshot is open in another tab: this one is read-only and takes over when that tab closes.");
        remember_item("read-only notice");
    } else if (!ws.problem().empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(0.80f, 0.30f, 0.20f, 1.0f), "%s", ws.problem().c_str());
        ImGui::PopTextWrapPos();
        remember_item("problem");
    }
}

} // namespace earshot::app
