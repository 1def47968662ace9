// Alerts list, read from the workspace's AlertMonitor every frame.
#include "app/views/alerts_view.hpp"

#include "app/display_text.hpp"
#include "app/ui_registry.hpp"

#include <imgui.h>

#include <algorithm>

namespace earshot::app {

namespace {
const char* kind_label(core::AlertKind k) {
    switch (k) {
    case core::AlertKind::VolumeSpike: return "Spike";
    case core::AlertKind::NegativeSurge: return "Negative surge";
    case core::AlertKind::HighReachComplaint: return "Complaint, large audience";
    case core::AlertKind::CompetitorOpportunity: return "Opportunity";
    }
    return "";
}
} // namespace

bool AlertsView::draw(const Workspace& ws, Selection& sel) {
    const std::vector<core::Alert>& alerts = ws.alerts();
    ImGui::Text("%zu alerts in the last 7 days", alerts.size());
    remember_item("alerts count");
    if (alerts.empty()) {
        ImGui::TextDisabled("Nothing unusual: no spikes, surges, high-reach complaints or competitor opportunities.");
        return false;
    }
    if (m_order_for != alerts.size()) {
        m_order.resize(alerts.size());
        for (uint32_t i = 0; i < m_order.size(); ++i) m_order[i] = i;
        std::stable_sort(m_order.begin(), m_order.end(),
                         [&](uint32_t a, uint32_t b) { return alerts[a].at > alerts[b].at; });
        m_order_for = alerts.size();
    }
    bool show = false;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("alerts", 3, flags)) return false;
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, em * 7.5f);
    ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthFixed, em * 11);
    ImGui::TableSetupColumn("Why it fired", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(alerts.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const core::Alert& a = alerts[m_order[static_cast<size_t>(row)]];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(row);
            std::string when = format_local_time(a.at);
            if (ImGui::Selectable(when.c_str(), !a.mention_id.empty() && a.mention_id == sel.mention_id,
                                  ImGuiSelectableFlags_SpanAllColumns) &&
                !a.mention_id.empty()) {
                sel.mention_id = a.mention_id;
                show = true;
            }
            if (row == clipper.DisplayStart) remember_item("first alert");
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(kind_label(a.kind));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(for_display(a.message, true).c_str());
        }
    }
    ImGui::EndTable();
    return show;
}

} // namespace earshot::app
