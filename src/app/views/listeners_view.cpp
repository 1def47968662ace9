// Listeners view. The form is the only place a query is typed; its error names
// the column, as the query parser reports it.
#include "app/views/listeners_view.hpp"

#include "app/layout.hpp"
#include "app/ui_registry.hpp"
#include "platform/clock.hpp"

#include <imgui.h>

#include <cstdio>
#include <cstring>

namespace earshot::app {

namespace {

constexpr const char* kReadTooltip =
    "Posts read from X this month for this listener, and what they cost. A post shared by listeners polled together is "
    "read and paid for once, but counts here for each listener it matches, so these figures can add "
    "up to more than the monthly total above.";

// "Polled together with: A, B" — the other members of its poll group ("" when alone).
std::string polled_with(const Workspace& ws, const core::Listener& l) {
    const core::PollDecision& plan = ws.poll_plan();
    std::string names;
    for (const core::PollStatus& st : plan.listeners) {
        if (st.listener_id != l.id || st.group < 0 || static_cast<size_t>(st.group) >= plan.groups.size()) continue;
        for (const std::string& id : plan.groups[static_cast<size_t>(st.group)].members)
            for (const core::Listener& other : ws.listeners())
                if (other.id == id && other.id != l.id) names += (names.empty() ? "" : ", ") + other.name;
    }
    return names.empty() ? names : "Polled together with: " + names;
}

const char* field_name(core::ListenerField f) {
    switch (f) {
    case core::ListenerField::Name: return "Name";
    case core::ListenerField::Query: return "Query";
    case core::ListenerField::Sources: return "Sources";
    case core::ListenerField::Interval: return "Interval";
    case core::ListenerField::DailyCap: return "Daily cap";
    case core::ListenerField::Limit: return "Listeners";
    }
    return "";
}

/// Per free source the listener chose: how its query is searched there, or why it cannot be.
void draw_free_source_plans(const Workspace& ws, const core::Listener& l) {
    const core::FreeSourcePoller& free = ws.engine().free_sources();
    for (core::Source s : {core::Source::Bsky, core::Source::Mastodon}) {
        if (!(l.sources & core::source_bit(s))) continue;
        const char* name = s == core::Source::Bsky ? "Bluesky" : "Mastodon";
        if (!ws.engine().sources().offers(s)) {
            ImGui::TextDisabled("%s: off on this server", name);
            continue;
        }
        const core::SourcePlan plan = free.plan(l, s);
        if (!plan.ok()) {
            ImGui::TextColored(ImVec4(0.75f, 0.45f, 0.15f, 1.0f), "%s cannot search this: %s", name,
                               plan.cannot.empty() ? "nothing to search for" : plan.cannot.c_str());
            remember_item(std::string("cannot ") + name + " " + l.name);
            continue;
        }
        std::string line = std::string(name) + ": " + std::to_string(plan.requests.size()) +
                           (plan.requests.size() == 1 ? " search" : " searches");
        if (!plan.filtered_locally.empty()) line += ", the rest filtered here";
        ImGui::TextDisabled("%s", line.c_str());
        if (ImGui::IsItemHovered() && !plan.filtered_locally.empty()) {
            std::string tip = "What " + std::string(name) + " cannot express is checked here on every post it sends:";
            for (const std::string& f : plan.filtered_locally) tip += "\n· " + f;
            ImGui::SetTooltip("%s", tip.c_str());
        }
        remember_item(std::string("plan ") + name + " " + l.name);
    }
}

/// The form's source checkboxes.
void source_choice(uint32_t& sources) {
    for (core::Source s : {core::Source::X, core::Source::Bsky, core::Source::Mastodon}) {
        const char* label = s == core::Source::X ? "X (paid)" : s == core::Source::Bsky ? "Bluesky" : "Mastodon";
        bool on = (sources & core::source_bit(s)) != 0;
        if (ImGui::Checkbox(label, &on)) sources = on ? sources | core::source_bit(s) : sources & ~core::source_bit(s);
        remember_item(std::string("source ") + label);
        ImGui::SameLine();
    }
    ImGui::TextDisabled("(none: matches what other listeners fetch)");
}

} // namespace

void ListenersView::draw(Workspace& ws) {
    draw_spend_summary(ws);
    ImGui::Spacing();
    const float form_h = ImGui::GetFrameHeightWithSpacing() * 6.5f;
    ImGui::BeginChild("listener-table", ImVec2(0, ImGui::GetContentRegionAvail().y - form_h));
    draw_table(ws);
    ImGui::EndChild();
    ImGui::Separator();
    draw_form(ws);
}

void ListenersView::draw_spend_summary(Workspace& ws) {
    const int64_t now = platform::unix_now();
    const core::SpendGuard& spend = ws.spend();
    core::SpendCounters month = spend.month(now);
    if (spend.settings().price_per_post == 0) {
        ImGui::Text("This month: %llu posts read. The demo source is free; on the live X API each post costs %s.",
                    static_cast<unsigned long long>(month.posts), core::format_money(5000).c_str());
    } else {
        ImGui::Text("This month: %llu posts read, %s spent of the %s monthly cap (%s a post).",
                    static_cast<unsigned long long>(month.posts), core::format_money(month.spent).c_str(),
                    core::format_money(spend.settings().monthly_cap).c_str(),
                    core::format_money(spend.settings().price_per_post).c_str());
    }
    remember_item("spend summary");
    if (!m_settings_loaded) {
        m_price = static_cast<float>(spend.settings().price_per_post) / core::kMicrosPerDollar;
        m_monthly_cap = static_cast<float>(spend.settings().monthly_cap) / core::kMicrosPerDollar;
        m_settings_loaded = true;
    }
    const float em = ImGui::GetFontSize();
    const bool demo = ws.source_mode() == "demo";
    ImGui::SetNextItemWidth(em * 6);
    ImGui::BeginDisabled(demo); // the demo source is free whatever the setting
    ImGui::InputFloat("$ a post", &m_price, 0, 0, "%.4f");
    ImGui::EndDisabled();
    remember_item("price per post");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 6);
    ImGui::InputFloat("$ monthly cap (all listeners)", &m_monthly_cap, 0, 0, "%.2f");
    remember_item("monthly cap");
    ImGui::SameLine();
    if (ImGui::Button("Save spending")) {
        core::SpendSettings s = spend.settings();
        if (!demo) s.price_per_post = static_cast<core::Micros>(m_price * core::kMicrosPerDollar + 0.5f);
        s.monthly_cap = static_cast<core::Micros>(m_monthly_cap * core::kMicrosPerDollar + 0.5f);
        m_settings_error = ws.set_spend_settings(s);
    }
    remember_item("Save spending");
    if (!m_settings_error.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.8f, 0.25f, 0.15f, 1.0f), "%s", m_settings_error.c_str());
    }
}

void ListenersView::draw_table(Workspace& ws) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    // A narrow panel gets narrower Status and button columns (the buttons wrap),
    // in a table of its own: ImGui keeps a table's column widths once made.
    const bool narrow = narrow_window();
    if (!ImGui::BeginTable(narrow ? "listeners narrow" : "listeners", 6, flags)) return;
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Listener", ImGuiTableColumnFlags_WidthFixed, em * 10);
    ImGui::TableSetupColumn("Query", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Mentions", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
    ImGui::TableSetupColumn("Read (month)", ImGuiTableColumnFlags_WidthFixed, em * 7.5f);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em * (narrow ? 12.0f : 18.0f));
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em * (narrow ? 8.5f : 16.0f));
    // Headers by hand, so "Read (month)" can explain itself on hover.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < 6; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::TableHeader(ImGui::TableGetColumnName(c));
        if (c == 3 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kReadTooltip);
    }
    const int64_t now = platform::unix_now();
    std::string remove_id;
    for (const core::Listener& l : ws.listeners()) {
        ImGui::PushID(l.id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(l.name.c_str());
        remember_item("listener " + l.name);

        ImGui::TableNextColumn();
        ImGui::TextUnformatted(l.query.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", l.query.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%zu", ws.listener_mentions(l));
        ImGui::TableNextColumn();
        const core::ListenerSpend spent = ws.spend().listener(l.id, now);
        ImGui::Text("%llu · %s", static_cast<unsigned long long>(spent.month.posts),
                    core::format_money(spent.month.spent).c_str());
        remember_item("read " + l.name);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Today: %llu posts, %s.\n%s", static_cast<unsigned long long>(spent.today.posts),
                              core::format_money(spent.today.spent).c_str(), kReadTooltip);
        ImGui::TableNextColumn();
        std::string status = ws.polling(l.id) ? "Polling now…" : "";
        if (status.empty())
            for (const core::PollStatus& st : ws.poll_plan().listeners)
                if (st.listener_id == l.id) status = st.text;
        ImGui::PushTextWrapPos(0.0f); // wrap at the column's edge: cap messages are long
        ImGui::TextUnformatted(status.c_str());
        if (const std::string together = polled_with(ws, l); !together.empty()) {
            ImGui::TextDisabled("%s", together.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("One search reads for all of them, so a post they share is read and paid for once.");
            remember_item("polled with " + l.name);
        }
        std::string estimate = ws.estimate_text(l.id);
        if (!estimate.empty()) {
            ImGui::TextDisabled("%s", estimate.c_str());
            remember_item("estimate " + l.name);
        }
        draw_free_source_plans(ws, l);
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        if (ImGui::SmallButton("Estimate")) ws.estimate_listener(l.id);
        remember_item("Estimate " + l.name);
        same_line_if_fits(button_width("Edit"));
        if (ImGui::SmallButton("Edit")) {
            m_editing_id = l.id;
            copy_to(m_name, sizeof m_name, l.name);
            copy_to(m_query, sizeof m_query, l.query);
            m_interval = l.interval_minutes;
            m_daily_cap = static_cast<int>(l.daily_cap_posts);
            m_sources = l.sources;
            m_error.clear();
        }
        same_line_if_fits(button_width(l.paused ? "Resume" : "Pause"));
        if (ImGui::SmallButton(l.paused ? "Resume" : "Pause")) ws.set_listener_paused(l.id, !l.paused);
        remember_item((l.paused ? "Resume " : "Pause ") + l.name);
        same_line_if_fits(button_width("Delete"));
        if (ImGui::SmallButton("Delete")) remove_id = l.id;
        remember_item("Delete " + l.name);
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (!remove_id.empty()) ws.remove_listener(remove_id);
}

void ListenersView::draw_form(Workspace& ws) {
    ImGui::TextUnformatted(m_editing_id.empty() ? "New listener" : "Edit listener");
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(em * 14);
    ImGui::InputTextWithHint("##name", "Name, e.g. Oat milk talk", m_name, sizeof m_name);
    remember_item("listener name");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    ImGui::InputTextWithHint("##query", "Query in X syntax, e.g. (\"oat milk\" OR oatly) Brighton -is:retweet",
                             m_query, sizeof m_query);
    remember_item("listener query");
    ImGui::SetNextItemWidth(em * 6);
    ImGui::InputInt("minutes between polls", &m_interval, 5, 60);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 6);
    ImGui::InputInt("posts a day at most (0: only the monthly cap)", &m_daily_cap, 10, 100);
    source_choice(m_sources);
    core::ListenerSettings s;
    s.name = m_name;
    s.query = m_query;
    s.interval_minutes = m_interval;
    s.daily_cap_posts = static_cast<uint64_t>(std::max(0, m_daily_cap));
    s.sources = m_sources;
    if (ImGui::Button(m_editing_id.empty() ? "Create listener" : "Save listener")) {
        auto err = m_editing_id.empty() ? ws.create_listener(s) : ws.edit_listener(m_editing_id, s);
        if (err) {
            m_error = std::string(field_name(err->field)) + ": " + err->to_string();
        } else {
            m_error.clear();
            m_editing_id.clear();
            m_name[0] = m_query[0] = '\0';
            m_sources = core::kPolledSources;
        }
    }
    remember_item(m_editing_id.empty() ? "Create listener" : "Save listener");
    if (!m_editing_id.empty()) {
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) {
            m_editing_id.clear();
            m_error.clear();
        }
    }
    if (!m_error.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.8f, 0.25f, 0.15f, 1.0f), "%s", m_error.c_str());
        remember_item("listener error");
    }
}

} // namespace earshot::app
