// Status bar: one line of facts (mentions, each source's state, X's rate limit,
// the last sync, storage), then the problem (if any) in the warning colour.
// Hovering the line tells each source's state in full.
#include "app/views/status_bar.hpp"

#include "app/theme.hpp"
#include "app/ui_registry.hpp"

#include <imgui.h>

#include <cstdio>

namespace earshot::app {

namespace {

constexpr core::Source kFree[] = {core::Source::Bsky, core::Source::Mastodon};

const char* source_name(core::Source s) {
    return s == core::Source::X ? "X" : s == core::Source::Bsky ? "Bluesky" : "Mastodon";
}

/// "Bluesky demo", "Mastodon off", "Bluesky held" (a problem waits to be read).
std::string source_state(const Workspace& ws, core::Source s) {
    const core::SourceDirectory& d = ws.engine().sources();
    std::string mode = s == core::Source::X ? ws.source_mode() : d.mode(s);
    if (!d.known && mode.empty()) return std::string(source_name(s)) + " …";
    if (mode.empty()) mode = "off";
    if (s != core::Source::X && !ws.engine().free_sources().status(s).problem.empty()) mode += " (problem)";
    return std::string(source_name(s)) + " " + mode;
}

/// The first free source's problem, named, when the engine has none of its own.
std::string free_source_problem(const Workspace& ws) {
    for (core::Source s : kFree)
        if (const std::string& p = ws.engine().free_sources().status(s).problem; !p.empty()) return p;
    return {};
}

void draw_source_details(const Workspace& ws) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    const core::SourceDirectory& d = ws.engine().sources();
    ImGui::TextUnformatted(("X: " + (ws.source_mode().empty() ? std::string("not reachable") : ws.source_mode()) +
                            ", paid per post read (see Listeners for the month's spend).")
                               .c_str());
    for (core::Source s : kFree) {
        const core::FreeSourceStatus& st = ws.engine().free_sources().status(s);
        std::string line = std::string(source_name(s)) + ": ";
        if (!d.offers(s)) {
            line += s == core::Source::Bsky ? "off — set BSKY_HANDLE and BSKY_APP_PASSWORD on the server."
                                            : "off — set MASTODON_SERVERS on the server.";
        } else {
            line += d.mode(s) + ", free. ";
            line += st.last_answer ? "Last answer " + format_local_time(st.last_answer).substr(11) + "."
                                   : "Not polled yet.";
            if (st.remaining && st.limit)
                line += " " + std::to_string(*st.remaining) + " of " + std::to_string(*st.limit) +
                        " requests left in this window.";
            if (s == core::Source::Mastodon && !d.mastodon_servers.empty()) {
                line += " Servers:";
                for (const std::string& h : d.mastodon_servers) line += " " + h;
                line += d.mastodon_search_server.empty() ? " (hashtags only: no search token)." : ".";
            }
            if (!st.problem.empty()) line += " Problem: " + st.problem;
        }
        ImGui::TextUnformatted(line.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

} // namespace

int StatusBar::lines(const Workspace& ws) {
    const bool notice = (!ws.writer() && ws.phase() == Workspace::Phase::Ready) || !ws.problem().empty() ||
                        !free_source_problem(ws).empty();
    return notice ? 2 : 1;
}

void StatusBar::draw(const Workspace& ws) {
    char line[768];
    std::string sources = ws.source_mode().empty() && !ws.engine().sources().known
                              ? "sources: offline"
                              : source_state(ws, core::Source::X) + " · " + source_state(ws, core::Source::Bsky) +
                                    " · " + source_state(ws, core::Source::Mastodon);
    std::string rate =
        ws.rate_remaining() ? std::to_string(*ws.rate_remaining()) + " X requests left" : "X rate limit: —";
    if (ws.rate_remaining() && *ws.rate_remaining() == 0 && ws.rate_reset())
        rate = "X rate limit spent, resets " + format_local_time(*ws.rate_reset()).substr(11);
    std::snprintf(line, sizeof line, "%zu mentions   ·   %s   ·   %s   ·   last sync %s   ·   stored %.1f MB%s",
                  ws.mentions().size(), sources.c_str(), rate.c_str(), format_local_time(ws.last_sync()).c_str(),
                  ws.storage_bytes() / 1e6, ws.saving() ? " (saving…)" : ws.online() ? "" : "   ·   offline");
    ImGui::TextUnformatted(line);
    remember_item("status");
    if (ImGui::IsItemHovered()) draw_source_details(ws);
    // The notice or problem goes on a line of its own: they say what to do, and
    // must not be cut off at the window's edge.
    const std::string free_problem = free_source_problem(ws);
    if (!ws.writer() && ws.phase() == Workspace::Phase::Ready) {
        ImGui::TextColored(quiet_colour(),
                           "Earshot is open in another tab: this one is read-only and takes over when that tab closes.");
        remember_item("read-only notice");
    } else if (!ws.problem().empty() || !free_problem.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(error_colour(), "%s",
                           ws.problem().empty() ? free_problem.c_str() : ws.problem().c_str());
        ImGui::PopTextWrapPos();
        remember_item("problem");
    }
}

} // namespace earshot::app
