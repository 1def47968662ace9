// Settings view: one section per setting, every line wrapped and every row of
// buttons flowing, so it reads in a narrow admin-page panel too.
#include "app/views/settings_view.hpp"

#include "app/layout.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"
#include "app/views/export_menu.hpp"
#include "core/listen/spend.hpp"
#include "platform/clock.hpp"
#include "platform/storage.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace earshot::app {

namespace {

/// The sections in the order they are drawn, for the "Go to" row.
constexpr const char* kSections[] = {"Sources", "Access key", "Theme", "Storage", "Clear all data", "Data"};

/// "812 kB", "12.3 MB", "1.4 GB".
std::string format_bytes(double bytes) {
    char buf[32];
    if (bytes >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
    else if (bytes >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f kB", bytes / 1e3);
    return buf;
}

void wrapped(const char* text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}

void wrapped_coloured(const ImVec4& colour, const std::string& text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colour, "%s", text.c_str());
    ImGui::PopTextWrapPos();
}

/// A button placed after the previous item when it fits on its line.
bool flowing_button(const char* label) {
    same_line_if_fits(button_width(label));
    return ImGui::Button(label);
}

} // namespace

void SettingsView::draw(ViewContext& ctx) {
    Workspace& ws = ctx.ws;
    draw_jump_row(); // stays in view: the sections scroll below it
    // The scrollbar's room is kept whether or not it is needed: the sections' text wraps, so
    // a scrollbar coming and going changed the width, then the wrapping, then the height,
    // which then called the scrollbar back, frame after frame, and a jump landed short.
    ImGui::BeginChild("settings sections", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysVerticalScrollbar);
    draw_sources(ws);
    draw_access_key(ws);
    draw_theme();
    draw_storage(ws);
    draw_clear(ws);
    draw_data(ws); // last: the sections above keep their places on screen
    ImGui::EndChild();
}

// In a narrow panel the last sections (import and export) are screens below:
// one row of links brings any of them to the top.
void SettingsView::draw_jump_row() {
    ImGui::TextDisabled("Go to");
    for (const char* name : kSections) {
        const std::string label = std::string(name) + "##go-to";
        same_line_if_fits(button_width(name));
        if (ImGui::SmallButton(label.c_str())) m_jump_to = name;
        remember_item(std::string("go to ") + name);
    }
}

void SettingsView::section(const char* title) {
    if (m_jump_to == title) {
        ImGui::SetScrollY(ImGui::GetCursorPosY()); // applied, and clamped, in the next frame
        m_jump_to.clear();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(title);
    remember_item(std::string("settings ") + title);
    ImGui::Separator();
}

// [SECTION] Source and spend

void SettingsView::draw_sources(Workspace& ws) {
    section("Sources");
    const std::string& mode = ws.source_mode();
    const char* what = mode == "demo"   ? "X (Twitter): the demo source — made-up posts about a made-up café, free."
                       : mode == "live" ? "X (Twitter): live, through this server's proxy, which holds the token. "
                                          "X charges per post read."
                                        : "X (Twitter): not known yet — the proxy has not answered.";
    wrapped(what);
    remember_item("settings source");
    const core::SpendGuard& spend = ws.spend();
    const core::SpendCounters month = spend.month(platform::unix_now());
    char line[256];
    std::snprintf(line, sizeof line, "This month: %llu posts read, %s of the %s monthly cap (price and caps: Listeners).",
                  static_cast<unsigned long long>(month.posts), core::format_money(month.spent).c_str(),
                  core::format_money(spend.settings().monthly_cap).c_str());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", line);
    ImGui::PopTextWrapPos();
    remember_item("settings spend");
    draw_free_source(ws, core::Source::Bsky);
    draw_free_source(ws, core::Source::Mastodon);
}

// Bluesky and Mastodon: free, live with the server's settings, else demo or off.
void SettingsView::draw_free_source(Workspace& ws, core::Source s) {
    const bool bsky = s == core::Source::Bsky;
    const core::SourceDirectory& d = ws.engine().sources();
    const std::string mode = d.mode(s);
    std::string what = bsky ? "Bluesky: " : "Mastodon: ";
    if (!d.known) what += "not known yet — the proxy has not answered.";
    else if (mode == "demo") what += "the demo source, free.";
    else if (mode == "live") what += "live through this server's proxy, free.";
    else
        what += bsky ? "off. The server's owner turns it on with BSKY_HANDLE and BSKY_APP_PASSWORD (an app password)."
                     : "off. The server's owner turns it on with MASTODON_SERVERS (and MASTODON_ACCESS_TOKEN to search "
                       "by words).";
    if (!bsky && !mode.empty()) {
        what += " Servers:";
        for (const std::string& h : d.mastodon_servers) what += " " + h;
        what += d.mastodon_search_server.empty() ? "; hashtags only (no search token)." : "; search on " +
                                                                                                d.mastodon_search_server + ".";
    }
    wrapped(what.c_str());
    remember_item(bsky ? "settings bluesky" : "settings mastodon");
    const core::FreeSourceStatus& st = ws.engine().free_sources().status(s);
    if (!st.problem.empty()) wrapped_coloured(error_colour(), st.problem);
}

// [SECTION] Access key

void SettingsView::draw_access_key(Workspace& ws) {
    section("Access key");
    const core::AccessGate& gate = ws.access();
    using State = core::AccessGate::State;
    std::string status;
    switch (gate.state()) {
    case State::Accepted:
        status = ws.has_access_key() ? "The proxy accepts the key this browser remembers."
                                     : "This Earshot server asks for no access key.";
        break;
    case State::Unknown:
        status = ws.has_access_key() ? "A key is remembered; the proxy has not answered yet."
                                     : "No key is remembered; the proxy has not answered yet.";
        break;
    default: status = gate.message(); break;
    }
    wrapped_coloured(gate.state() == State::Refused ? error_colour() : ImGui::GetStyle().Colors[ImGuiCol_Text], status);
    remember_item("settings key status");

    ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 18, ImGui::GetContentRegionAvail().x));
    const bool entered = ImGui::InputTextWithHint("##settings key", "new access key", m_key, sizeof m_key,
                                                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    remember_item("settings key field");
    if (flowing_button("Use this key##settings") || entered) {
        m_key_message = ws.change_access_key(m_key);
        // The key is not kept in view state once it is handed over.
        if (m_key_message.empty()) std::memset(m_key, 0, sizeof m_key);
    }
    remember_item("settings use key");
    if (ws.has_access_key()) {
        if (flowing_button("Forget the key")) {
            ws.forget_access_key();
            m_key_message = "Forgotten. If this server wants a key, Earshot asks for it.";
        }
        remember_item("Forget the key");
    }
    if (!m_key_message.empty()) {
        wrapped_coloured(quiet_colour(), m_key_message);
        remember_item("settings key message");
    }
}

// [SECTION] Theme

void SettingsView::draw_theme() {
    section("Theme");
    const ThemeChoice choice = theme_choice();
    struct Option {
        ThemeChoice value;
        const char* label;
        const char* item;
    };
    const Option options[] = {{ThemeChoice::Light, "Light", "theme light"},
                              {ThemeChoice::Dark, "Dark", "theme dark"},
                              {ThemeChoice::System, "Follow the system", "theme system"}};
    for (size_t i = 0; i < 3; ++i) {
        if (i) same_line_if_fits(radio_width(options[i].label));
        if (ImGui::RadioButton(options[i].label, choice == options[i].value)) set_theme_choice(options[i].value);
        remember_item(options[i].item);
    }
    if (choice == ThemeChoice::System)
        ImGui::TextDisabled("The system asks for %s now.", dark_theme_shown() ? "dark" : "light");
}

// [SECTION] Storage

void SettingsView::draw_storage(Workspace& ws) {
    section("Storage");
    // The browser's figures are asked for now and then while this view is open.
    const double now_ms = platform::monotonic_ms();
    if (now_ms - m_estimated_ms > 5000) {
        platform::storage_estimate_refresh();
        m_estimated_ms = now_ms;
    }
    char line[256];
    std::snprintf(line, sizeof line, "Earshot's files: %s — %zu mentions, their search index, tags, notes, listeners.",
                  format_bytes(static_cast<double>(ws.storage_bytes())).c_str(), ws.mentions().size());
    wrapped(line);
    remember_item("settings stored");
    const double used = platform::storage_usage_bytes(), quota = platform::storage_quota_bytes();
    if (used < 0 || quota <= 0) {
        ImGui::TextDisabled("The browser does not say how much room it gives Earshot.");
        return;
    }
    std::snprintf(line, sizeof line, "This site uses %s of the %s the browser allows it.", format_bytes(used).c_str(),
                  format_bytes(quota).c_str());
    wrapped(line);
    const float fraction = static_cast<float>(used / quota);
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f %%", 100.0f * fraction);
    ImGui::ProgressBar(fraction, ImVec2(std::min(ImGui::GetFontSize() * 18, ImGui::GetContentRegionAvail().x), 0), pct);
    remember_item("settings quota");
}

// [SECTION] Data in and out

void SettingsView::draw_data(Workspace& ws) {
    section("Data");
    wrapped("Import posts you collected elsewhere: twarc2 JSONL, X API pages, Bluesky or Mastodon answers, or an "
            "Earshot export. Pick a file or drop it anywhere on this page; posts already here are not doubled.");
    const bool importing = ws.transfers().busy() && ws.transfers().import_status() &&
                           ws.transfers().import_status()->running;
    ImGui::BeginDisabled(!ws.writer());
    if (ImGui::Button("Import…")) ws.transfers().pick_file();
    ImGui::EndDisabled();
    remember_item("Import…");
    if (!ws.writer()) {
        same_line_if_fits(ImGui::CalcTextSize("Read-only tab: import in the tab that saves.").x);
        ImGui::TextDisabled("Read-only tab: import in the tab that saves.");
    } else if (importing) {
        same_line_if_fits(ImGui::CalcTextSize("Dropped files wait their turn.").x);
        ImGui::TextDisabled("Dropped files wait their turn.");
    }
    draw_import_status(ws);

    ImGui::Spacing();
    char line[160];
    std::snprintf(line, sizeof line, "Export all %s posts (newest first), with their status, tags and notes:",
                  grouped(ws.mentions().size()).c_str());
    wrapped(line);
    const bool exporting = ws.transfers().export_status() && ws.transfers().export_status()->running;
    ImGui::BeginDisabled(exporting || ws.mentions().size() == 0);
    using core::ExportFormat;
    bool first = true;
    for (ExportFormat f : {ExportFormat::Csv, ExportFormat::Json, ExportFormat::Twarc2}) {
        const std::string label = std::string("Export all as ") + core::export_format_label(f);
        if (!first) same_line_if_fits(button_width(label.c_str()));
        first = false;
        if (ImGui::Button(label.c_str())) ws.transfers().start_export(f, ws.all_rows());
        remember_item(label);
    }
    ImGui::EndDisabled();
    draw_export_status(ws);
}

// Progress while an import runs (bytes read of the file's size), then its summary.
void SettingsView::draw_import_status(const Workspace& ws) {
    const std::optional<ImportStatus>& s = ws.transfers().import_status();
    if (!s) return;
    const float bar_w = std::min(ImGui::GetFontSize() * 18, ImGui::GetContentRegionAvail().x);
    if (s->running) {
        const float fraction = s->bytes_total ? static_cast<float>(double(s->bytes_read) / double(s->bytes_total)) : 0;
        char over[96];
        std::snprintf(over, sizeof over, "%s of %s", format_size(double(s->bytes_read)).c_str(),
                      format_size(double(s->bytes_total)).c_str());
        wrapped(("Importing " + s->file + "…").c_str());
        ImGui::ProgressBar(fraction, ImVec2(bar_w, 0), over);
        remember_item("import progress");
        ImGui::TextDisabled("%s new so far, %s already here.", grouped(s->added).c_str(), grouped(s->known).c_str());
        return;
    }
    std::string summary = "Imported " + s->file + ": " + grouped(s->added) + " new posts, " + grouped(s->known) +
                          " already here, " + grouped(s->unreadable) + " unreadable.";
    if (s->skipped) summary += " " + grouped(s->skipped) + " records held no posts (accounts, counts).";
    wrapped(summary.c_str());
    remember_item("import summary");
    if (!s->error.empty()) {
        wrapped_coloured(error_colour(), s->error);
        remember_item("import error");
    }
    if (!s->reasons.empty()) {
        ImGui::TextDisabled(s->unreadable > s->reasons.size() ? "The first unreadable ones:" : "Unreadable:");
        for (const std::string& r : s->reasons) {
            ImGui::Bullet();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(quiet_colour(), "%s", r.c_str());
            ImGui::PopTextWrapPos();
        }
        remember_item("import reasons");
    }
}

// [SECTION] Clear all data

void SettingsView::draw_clear(Workspace& ws) {
    section("Clear all data");
    char line[384];
    std::snprintf(line, sizeof line,
                  "Deletes everything Earshot keeps in this browser: %zu mentions, %zu listeners, tags, notes and "
                  "statuses, the business profile, the access key and the theme. Earshot's own files stay, so the "
                  "page still opens offline.",
                  ws.mentions().size(), ws.listeners().size());
    wrapped(line);
    if (ws.clearing()) {
        ImGui::TextDisabled("Clearing…");
        remember_item("clearing");
        return;
    }
    if (!m_confirm_clear) {
        if (ImGui::Button("Clear all data…")) {
            m_confirm_clear = true;
            m_clear_error.clear();
        }
        remember_item("Clear all data");
    } else {
        wrapped_coloured(error_colour(), "This cannot be undone. Delete all of it?");
        remember_item("clear confirmation");
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.72f, 0.22f, 0.14f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.82f, 0.30f, 0.20f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 1.0f, 1.0f, 1.0f));
        const bool confirmed = ImGui::Button("Delete everything");
        ImGui::PopStyleColor(3);
        remember_item("Delete everything");
        if (flowing_button("Cancel")) m_confirm_clear = false;
        remember_item("Cancel clear");
        if (confirmed) {
            m_clear_error = ws.clear_all_data();
            m_confirm_clear = false;
        }
    }
    if (!m_clear_error.empty()) {
        wrapped_coloured(error_colour(), m_clear_error);
        remember_item("clear error");
    }
}

} // namespace earshot::app
