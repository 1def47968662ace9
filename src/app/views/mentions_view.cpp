// Mentions table. Rows are read from the store every frame (no copies of the
// data); only the selected id and the filtered order are kept.
#include "app/views/mentions_view.hpp"

#include "app/display_text.hpp"
#include "app/layout.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"
#include "platform/clock.hpp"
#include "platform/system.hpp"

#include <imgui.h>

#include <algorithm>

namespace earshot::app {

namespace {

int selected_row(const core::MentionStore& store, const std::vector<uint32_t>& rows, const std::string& id) {
    long idx = store.index_of(id);
    if (idx < 0) return -1;
    auto it = std::find(rows.begin(), rows.end(), static_cast<uint32_t>(idx));
    return it == rows.end() ? -1 : static_cast<int>(it - rows.begin());
}

const char* status_label(core::Status s) {
    switch (s) {
    case core::Status::None: return "";
    case core::Status::Open: return "open";
    case core::Status::Replied: return "replied";
    case core::Status::Resolved: return "resolved";
    }
    return "";
}

/// The source as the owner knows it.
const char* source_label(core::Source s) {
    switch (s) {
    case core::Source::X: return "X";
    case core::Source::Bsky: return "Bluesky";
    case core::Source::Mastodon: return "Mastodon";
    case core::Source::Import: return "Imported";
    }
    return "";
}

constexpr core::Source kSources[] = {core::Source::X, core::Source::Bsky, core::Source::Mastodon,
                                     core::Source::Import};

/// ImGui 1.86 indexes keys by the backend's codes; GLFW's letters are ASCII.
bool key(char upper) { return ImGui::IsKeyPressed(upper, false); }

} // namespace

const std::vector<uint32_t>& MentionsView::visible_rows(const Workspace& ws) {
    const core::MentionStore& store = ws.mentions();
    const std::string search = m_search;
    if (m_filter < 0 && m_source < 0 && search.empty()) {
        m_search_error.clear();
        return store.newest_first();
    }
    if (m_rows_for_size == store.size() && m_rows_for_filter == m_filter && m_rows_for_source == m_source &&
        m_rows_for_search == search)
        return m_rows;
    m_rows_for_size = store.size();
    m_rows_for_filter = m_filter;
    m_rows_for_source = m_source;
    m_rows_for_search = search;
    m_rows.clear();
    m_search_error.clear();
    uint64_t mask = ~uint64_t{0};
    if (m_filter >= 0 && m_filter < static_cast<int>(ws.listeners().size()))
        mask = core::ListenerSet::mask_of(ws.listeners()[static_cast<size_t>(m_filter)], static_cast<size_t>(m_filter));
    std::vector<char> hit;
    if (!search.empty()) {
        auto parsed = core::Query::parse(search);
        if (auto* e = std::get_if<core::QueryError>(&parsed)) {
            m_search_error = e->to_string();
            return m_rows; // nothing shown until the query reads
        }
        hit.assign(store.size(), 0);
        for (uint32_t i : ws.search(std::get<core::Query>(parsed))) hit[i] = 1;
    }
    for (uint32_t i : store.newest_first())
        if ((store.listeners_of(i) & mask) && (hit.empty() || hit[i]) &&
            (m_source < 0 || static_cast<int>(store.at(i).source) == m_source))
            m_rows.push_back(i);
    return m_rows;
}

void MentionsView::handle_keys(Workspace& ws, Selection& sel, const std::vector<uint32_t>& rows) {
    if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) || ImGui::GetIO().WantTextInput ||
        rows.empty())
        return;
    const core::MentionStore& store = ws.mentions();
    int row = selected_row(store, rows, sel.mention_id);
    int next = row;
    if (ImGui::IsKeyPressed('J', true) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), true))
        next = row + 1;
    if (ImGui::IsKeyPressed('K', true) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), true))
        next = std::max(0, row - 1);
    if (next != row && next >= 0 && next < static_cast<int>(rows.size())) {
        sel.mention_id = store.at(rows[static_cast<size_t>(next)]).id;
        ws.workflow().set_read(sel.mention_id, true, platform::unix_now());
        m_scroll_to_selection = true;
    }
    if (sel.mention_id.empty()) return;
    const int64_t now = platform::unix_now();
    const core::WorkflowEntry& e = ws.workflow().get(sel.mention_id);
    if (key('S')) ws.workflow().set_starred(sel.mention_id, !e.starred, now);
    if (key('E')) ws.workflow().set_status(sel.mention_id, core::Status::Resolved, now);
    if (key('O')) {
        long idx = store.index_of(sel.mention_id);
        if (idx >= 0) platform::open_url(store.at(static_cast<size_t>(idx)).url);
    }
}

void MentionsView::draw(Workspace& ws, Selection& sel) {
    const core::MentionStore& store = ws.mentions();
    // Listener filter.
    const float em = ImGui::GetFontSize();
    std::string current = m_filter < 0 || m_filter >= static_cast<int>(ws.listeners().size())
                              ? "All listeners"
                              : ws.listeners()[static_cast<size_t>(m_filter)].name;
    ImGui::SetNextItemWidth(em * 14);
    if (ImGui::BeginCombo("##listener-filter", current.c_str())) {
        if (ImGui::Selectable("All listeners", m_filter < 0)) m_filter = -1;
        for (size_t i = 0; i < ws.listeners().size(); ++i)
            if (ImGui::Selectable(ws.listeners()[i].name.c_str(), m_filter == static_cast<int>(i)))
                m_filter = static_cast<int>(i);
        ImGui::EndCombo();
    }
    remember_item("listener filter");
    same_line_if_fits(em * 8);
    ImGui::SetNextItemWidth(em * 8);
    if (ImGui::BeginCombo("##source-filter",
                          m_source < 0 ? "All sources" : source_label(static_cast<core::Source>(m_source)))) {
        if (ImGui::Selectable("All sources", m_source < 0)) m_source = -1;
        remember_item("source All sources");
        for (core::Source src : kSources) {
            if (ImGui::Selectable(source_label(src), m_source == static_cast<int>(src)))
                m_source = static_cast<int>(src);
            remember_item(std::string("source ") + source_label(src));
        }
        ImGui::EndCombo();
    }
    remember_item("source filter");
    same_line_if_fits(em * 12); // a narrow panel puts the search box under the filters
    if (!sel.feed_query.empty()) { // a click in Insights or Goals narrows the feed
        copy_to(m_search, sizeof m_search, sel.feed_query);
        sel.feed_query.clear();
    }
    if (m_focus_search) {
        ImGui::SetKeyboardFocusHere();
        m_focus_search = false;
    }
    ImGui::SetNextItemWidth(std::min(em * 22, ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("##search", "/ search: coffee -decaf lang:en, #tag, from:…", m_search, sizeof m_search);
    remember_item("search");
    const std::vector<uint32_t>& rows = visible_rows(ws);
    m_shown = rows.size();
    if (!m_search_error.empty()) {
        // On a line of its own, wrapped: the message says what the parser expected.
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(error_colour(), "%s", m_search_error.c_str());
        ImGui::PopTextWrapPos();
    } else {
        // The keys' reminder only where it fits beside the search box: a narrow panel keeps the count.
        const std::string shown = std::to_string(rows.size()) + " shown";
        const std::string with_keys = shown + "   ·   j/k move · s star · e resolve · o open";
        const std::string& line = room_on_line() >= ImGui::CalcTextSize(with_keys.c_str()).x ? with_keys : shown;
        same_line_if_fits(ImGui::CalcTextSize(line.c_str()).x);
        ImGui::TextDisabled("%s", line.c_str());
    }
    remember_item("shown");
    if (!ImGui::GetIO().WantTextInput && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        ImGui::IsKeyPressed('/', false)) // GLFW_KEY_SLASH is ASCII '/', like the letters
        m_focus_search = true;

    handle_keys(ws, sel, rows);

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("mentions", 8, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em * 1.4f);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 7.5f);
    ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthFixed, em * 4.6f);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, em * 8.5f);
    ImGui::TableSetupColumn("Text", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Likes", ImGuiTableColumnFlags_WidthFixed, em * 3.2f);
    ImGui::TableSetupColumn("Reposts", ImGuiTableColumnFlags_WidthFixed, em * 4.2f);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
    ImGui::TableHeadersRow();

    int selected = selected_row(store, rows, sel.mention_id);
    if (m_scroll_to_selection && selected >= 0) {
        float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
        float y = selected * row_h;
        if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + ImGui::GetWindowHeight() - 3 * row_h)
            ImGui::SetScrollY(y - ImGui::GetWindowHeight() / 2);
        m_scroll_to_selection = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const core::Mention& m = store.at(rows[static_cast<size_t>(row)]);
            const core::WorkflowEntry& wf = ws.workflow().get(m.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(row);
            // ★ starred, ● unread: the two things the eye looks for first.
            const char* mark = wf.starred ? "★" : wf.read ? " " : "●";
            if (ImGui::Selectable(mark, row == selected,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
                sel.mention_id = m.id;
                ws.workflow().set_read(m.id, true, platform::unix_now());
            }
            if (row == clipper.DisplayStart) remember_item("first mention row");
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_local_time(m.created_at).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(source_label(m.source));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(("@" + m.author.handle).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(for_display(m.text, true).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_count(m.metrics.likes).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_count(m.metrics.reposts).c_str());
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", status_label(wf.status));
        }
    }
    ImGui::EndTable();
}

} // namespace earshot::app

namespace earshot::app {

void MentionsView::draw_table(ViewContext& ctx) {
    if (ctx.ws.storage_blocked()) {
        // Framed in another site's page by a browser that blocks its storage: say so where the list would be.
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(ctx.ws.problem().c_str());
        ImGui::PopTextWrapPos();
        remember_item("storage blocked");
        if (ImGui::Button("Open Earshot in its own tab")) platform::open_url("./");
        remember_item("Open Earshot in its own tab");
        return;
    }
    if (ctx.ws.phase() != Workspace::Phase::Ready) ImGui::TextDisabled("Opening stored mentions…");
    else if (ctx.ws.mentions().size() == 0 && ctx.ws.syncing())
        ImGui::TextDisabled("Listening… the first mentions are on their way.");
    else draw(ctx.ws, ctx.selection);
}

void MentionsView::draw_with_detail(ViewContext& ctx) {
    const float em = ImGui::GetFontSize();
    if (narrow_window()) {
        // Side by side in a narrow panel the Text column would be a letter wide:
        // the detail pane goes under the table, small until a mention is chosen.
        const float line = ImGui::GetTextLineHeightWithSpacing();
        const float detail_h = ctx.selection.mention_id.empty() ? 2.5f * line : std::max(6 * line, ctx.body_height * 0.5f);
        const float table_h = std::max(5 * line, ctx.body_height - detail_h - ImGui::GetStyle().ItemSpacing.y);
        ImGui::BeginChild("table", ImVec2(0, table_h));
        draw_table(ctx);
        ImGui::EndChild();
        remember_item("mentions table");
        ImGui::BeginChild("detail", ImVec2(0, 0), true);
        m_detail.draw(ctx.ws, ctx.selection);
        ImGui::EndChild();
        remember_item("detail pane");
        return;
    }
    const float detail_w = std::max(em * 20.0f, ImGui::GetContentRegionAvail().x * 0.34f);
    ImGui::BeginChild("table", ImVec2(ImGui::GetContentRegionAvail().x - detail_w - ImGui::GetStyle().ItemSpacing.x,
                                      ctx.body_height));
    draw_table(ctx);
    ImGui::EndChild();
    remember_item("mentions table");
    ImGui::SameLine();
    ImGui::BeginChild("detail", ImVec2(0, ctx.body_height), true);
    m_detail.draw(ctx.ws, ctx.selection);
    ImGui::EndChild();
    remember_item("detail pane");
}

} // namespace earshot::app
