// Mentions table. Rows are read from the store every frame (no copies); only
// the selected id is kept. j/k move the selection, like the inbox will.
#include "app/views/mentions_view.hpp"

#include "app/display_text.hpp"
#include "app/ui_registry.hpp"

#include <imgui.h>

namespace earshot::app {

namespace {

/// A post on one line, for a cell (the cell clips what does not fit).
std::string one_line(const std::string& text) {
    return for_display(text, true);
}

int selected_row(const core::MentionStore& store, const std::vector<uint32_t>& order, const std::string& id) {
    long idx = store.index_of(id);
    if (idx < 0) return -1;
    for (size_t r = 0; r < order.size(); ++r)
        if (order[r] == static_cast<uint32_t>(idx)) return static_cast<int>(r);
    return -1;
}

} // namespace

void MentionsView::draw(const Workspace& ws, Selection& sel) {
    const core::MentionStore& store = ws.mentions();
    const std::vector<uint32_t>& order = store.newest_first();

    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !ImGui::GetIO().WantTextInput &&
        !order.empty()) {
        int row = selected_row(store, order, sel.mention_id);
        int next = row;
        // ImGui 1.86 indexes keys by the backend's codes; GLFW's letters are ASCII.
        if (ImGui::IsKeyPressed('J', true) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), true))
            next = row + 1;
        if (ImGui::IsKeyPressed('K', true) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), true))
            next = row - 1;
        if (next != row && next >= 0 && next < static_cast<int>(order.size())) {
            sel.mention_id = store.at(order[next]).id;
            m_scroll_to_selection = true;
        }
    }

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("mentions", 5, flags)) return;
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 7.5f);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, em * 8.5f);
    ImGui::TableSetupColumn("Text", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Likes", ImGuiTableColumnFlags_WidthFixed, em * 3.2f);
    ImGui::TableSetupColumn("Reposts", ImGuiTableColumnFlags_WidthFixed, em * 4.2f);
    ImGui::TableHeadersRow();

    int selected = selected_row(store, order, sel.mention_id);
    if (m_scroll_to_selection && selected >= 0) {
        float row_h = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().CellPadding.y * 2 - ImGui::GetStyle().ItemSpacing.y;
        float y = selected * row_h;
        if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + ImGui::GetWindowHeight() - 3 * row_h)
            ImGui::SetScrollY(y - ImGui::GetWindowHeight() / 2);
        m_scroll_to_selection = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(order.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const core::Mention& m = store.at(order[row]);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(row);
            std::string time = format_local_time(m.created_at);
            if (ImGui::Selectable(time.c_str(), row == selected,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                sel.mention_id = m.id;
            if (row == clipper.DisplayStart) remember_item("first mention row");
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(("@" + m.author.handle).c_str());
            ImGui::TableNextColumn();
            std::string text = one_line(m.text);
            ImGui::TextUnformatted(text.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_count(m.metrics.likes).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_count(m.metrics.reposts).c_str());
        }
    }
    ImGui::EndTable();
}

} // namespace earshot::app
