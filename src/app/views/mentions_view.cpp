// The inbox. Rows are read from the store every frame (no copies of the data);
// only the selected id, the checked ids and the ordered positions are kept, and
// the order is recomputed only when the rows, a status or a filter change.
#include "app/views/mentions_view.hpp"

#include "app/display_text.hpp"
#include "app/layout.hpp"
#include "app/post_text.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"
#include "app/views/export_menu.hpp"
#include "app/views/time_range.hpp"
#include "core/insights/goals.hpp"
#include "core/listen/listener_set.hpp"
#include "platform/clock.hpp"
#include "platform/system.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace earshot::app {

namespace {

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

/// Intents in the words of the inbox's chips and filter, strongest ask first.
struct IntentLabel {
    uint8_t bit;
    const char* label;
};
constexpr IntentLabel kIntentLabels[] = {
    {core::IntentComplaint, "complaint"},     {core::IntentQuestion, "question"},
    {core::IntentPurchase, "ready to buy"},   {core::IntentRecommendationRequest, "wants a tip"},
    {core::IntentPraise, "praise"},           {core::IntentEvent, "event"},
    {core::IntentPromotion, "promotion"},
};

ImVec4 intent_colour(uint8_t bit) {
    if (bit == core::IntentComplaint) return negative_colour();
    if (bit == core::IntentPraise) return positive_colour();
    if (bit & core::kNeedsYouIntents) return asking_colour();
    return quiet_colour();
}

ImVec4 tone_colour(core::Tone t) {
    return t == core::Tone::Negative ? negative_colour() : t == core::Tone::Positive ? positive_colour() : quiet_colour();
}

/// "now", "12 min", "5 h", "3 d", then the date: how an inbox says when.
std::string format_age(int64_t now, int64_t t) {
    const int64_t s = now - t;
    char buf[32];
    if (s < 60) return "now";
    if (s < 3600) std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>(s / 60));
    else if (s < 86400) std::snprintf(buf, sizeof buf, "%lld h", static_cast<long long>(s / 3600));
    else if (s < 7 * 86400) std::snprintf(buf, sizeof buf, "%lld d", static_cast<long long>(s / 86400));
    else return format_local_time(t).substr(0, 10);
    return buf;
}

/// ImGui 1.86 indexes keys by the backend's codes; GLFW's letters are ASCII.
bool key(char upper) { return ImGui::IsKeyPressed(upper, false); }

enum Column { ColPick, ColMark, ColWhen, ColAuthor, ColText, ColSignals, ColStatus, ColCount };

/// A stable sort of the shown rows by the column the owner clicked.
void sort_rows(std::vector<uint32_t>& rows, const Workspace& ws, int column, bool descending) {
    const core::MentionStore& store = ws.mentions();
    auto key_less = [&](uint32_t a, uint32_t b) {
        const core::Mention &x = store.at(a), &y = store.at(b);
        switch (column) {
        case ColWhen: return x.created_at < y.created_at;
        case ColAuthor: return x.author.followers.value_or(-1) < y.author.followers.value_or(-1);
        case ColSignals: return x.sentiment.value_or(-2.0f) < y.sentiment.value_or(-2.0f);
        case ColStatus: return ws.workflow().get(x.id).status < ws.workflow().get(y.id).status;
        default: return false;
        }
    };
    std::stable_sort(rows.begin(), rows.end(),
                     [&](uint32_t a, uint32_t b) { return descending ? key_less(b, a) : key_less(a, b); });
}

} // namespace

std::vector<std::string> MentionsView::describe_visible(const Workspace& ws) const {
    std::vector<std::string> out;
    const int64_t now = platform::unix_now();
    for (size_t i = 0; i < m_visible_ids.size(); ++i) {
        const long idx = ws.mentions().index_of(m_visible_ids[i]);
        if (idx < 0) continue;
        const core::Mention& m = ws.mentions().at(static_cast<size_t>(idx));
        const core::WorkflowEntry& w = ws.workflow().get(m.id);
        const std::string age = format_age(now, m.created_at);
        std::string s = "@" + m.author.handle + ", " + age + (age == "now" ? "" : " ago") + " on " +
                        source_label(m.source) + ". Tone " + core::to_string(core::tone_of(m));
        for (const IntentLabel& l : kIntentLabels)
            if (m.intents & l.bit) s += std::string(", ") + l.label;
        s += ".";
        if (core::needs_you(m, w, m_own)) s += " Needs you.";
        if (!w.read) s += " Unread.";
        if (w.status != core::Status::None) s += std::string(" Status ") + status_label(w.status) + ".";
        if (m_checked.count(m.id)) s += " Selected for a bulk action.";
        out.push_back(s + " " + m.text);
    }
    return out;
}

bool MentionsView::RowsKey::operator==(const RowsKey& o) const {
    return store_size == o.store_size && statuses == o.statuses && workflow == o.workflow &&
           workflow_entries == o.workflow_entries && listener == o.listener && sort_column == o.sort_column &&
           sort_descending == o.sort_descending && search == o.search && profile == o.profile && quick == o.quick;
}

void MentionsView::update_rows(const Workspace& ws, const Selection& sel) {
    const core::MentionStore& store = ws.mentions();
    m_quick.from = sel.range.from;
    m_quick.to = sel.range.to;
    if (m_own_for_profile != ws.profile_revision() || m_own.handles.empty()) { // not rebuilt every frame
        m_own.handles = core::profile_accounts(ws.profile(), false);
        for (std::string& a : core::profile_accounts(ws.profile(), true)) m_own.handles.push_back(std::move(a));
        m_own_for_profile = ws.profile_revision();
    }
    RowsKey key;
    key.store_size = store.size();
    key.statuses = ws.workflow().status_revision();
    key.workflow = m_quick.unread_only || m_sort_column == ColStatus ? ws.workflow().revision() : 0;
    key.workflow_entries = ws.workflow().size();
    key.listener = m_filter;
    key.sort_column = m_sort_column;
    key.sort_descending = m_sort_descending;
    key.search = m_search;
    key.profile = ws.profile_revision();
    key.quick = m_quick;
    if (key == m_rows_key) return;
    m_rows_key = key;
    m_search_error.clear();

    // The listener and the search narrow the rows; the quick filters and the order are core's.
    const std::vector<uint32_t>* base = &store.newest_first();
    std::vector<uint32_t> narrowed;
    const bool by_listener = m_filter >= 0 && m_filter < static_cast<int>(ws.listeners().size());
    if (by_listener || m_search[0]) {
        uint64_t mask = ~uint64_t{0};
        if (by_listener)
            mask = core::ListenerSet::mask_of(ws.listeners()[static_cast<size_t>(m_filter)],
                                              static_cast<size_t>(m_filter));
        std::vector<char> hit;
        if (m_search[0]) {
            auto parsed = core::Query::parse(m_search);
            if (auto* e = std::get_if<core::QueryError>(&parsed)) {
                m_search_error = e->to_string();
                m_order = {}; // nothing shown until the query reads
                return;
            }
            hit.assign(store.size(), 0);
            for (uint32_t i : ws.search(std::get<core::Query>(parsed))) hit[i] = 1;
        }
        for (uint32_t i : store.newest_first())
            if ((store.listeners_of(i) & mask) && (hit.empty() || hit[i])) narrowed.push_back(i);
        base = &narrowed;
    }
    m_order = core::triage_order(store, ws.workflow(), *base, m_own, platform::unix_now(), m_quick);
    if (m_sort_column >= 0) {
        sort_rows(m_order.rows, ws, m_sort_column, m_sort_descending);
        m_order.needs_you = 0; // sorted by a column: no group on top
    }
    // Checked posts no longer stored (deleted with their listener, data cleared) are let go.
    for (auto it = m_checked.begin(); it != m_checked.end();) {
        const long idx = store.index_of(*it);
        it = idx < 0 ? m_checked.erase(it) : std::next(it);
    }
}

void MentionsView::select(Workspace& ws, Selection& sel, const core::Mention& m) {
    sel.mention_id = m.id;
    ws.workflow().set_read(m.id, true, platform::unix_now());
}

void MentionsView::handle_keys(Workspace& ws, Selection& sel) {
    if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) || ImGui::GetIO().WantTextInput) return;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl || io.KeySuper || io.KeyAlt) return; // the browser's and the system's shortcuts
    if (key('/')) {
        if (io.KeyShift) m_show_shortcuts = !m_show_shortcuts; // '?' is Shift+'/'
        else m_focus_search = true;
        return;
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        if (m_show_shortcuts) m_show_shortcuts = false;
        else m_checked.clear();
    }
    const std::vector<uint32_t>& rows = m_order.rows;
    if (rows.empty()) return;
    const core::MentionStore& store = ws.mentions();
    int row = -1;
    if (const long idx = store.index_of(sel.mention_id); idx >= 0) {
        auto it = std::find(rows.begin(), rows.end(), static_cast<uint32_t>(idx));
        if (it != rows.end()) row = static_cast<int>(it - rows.begin());
    }
    int next = row;
    if (ImGui::IsKeyPressed('J', true) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), true))
        next = row + 1;
    if (ImGui::IsKeyPressed('K', true) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), true))
        next = std::max(0, row - 1);
    if (next != row && next >= 0 && next < static_cast<int>(rows.size())) {
        select(ws, sel, store.at(rows[static_cast<size_t>(next)]));
        m_scroll_to_selection = true;
    }
    const long idx = store.index_of(sel.mention_id);
    if (idx < 0) return;
    const core::Mention& m = store.at(static_cast<size_t>(idx));
    const int64_t now = platform::unix_now();
    const core::WorkflowEntry& e = ws.workflow().get(m.id);
    if (key('S')) ws.workflow().set_starred(m.id, !e.starred, now);
    if (key('E')) ws.workflow().set_status(m.id, core::Status::Resolved, now);
    if (key('U')) ws.workflow().set_read(m.id, false, now);
    if (key('O') && !m.url.empty()) platform::open_url(m.url);
    if (key('R')) {
        const std::string url = reply_url(m);
        if (!url.empty()) platform::open_url(url);
    }
    if (key('X')) {
        if (!m_checked.erase(m.id)) m_checked.insert(m.id);
    }
}

void MentionsView::draw_filters(Workspace& ws, Selection& sel) {
    const float em = ImGui::GetFontSize();
    std::string current = m_filter < 0 || m_filter >= static_cast<int>(ws.listeners().size())
                              ? "All listeners"
                              : ws.listeners()[static_cast<size_t>(m_filter)].name;
    ImGui::SetNextItemWidth(em * 12);
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
    int& source = m_quick.source;
    if (ImGui::BeginCombo("##source-filter", source < 0 ? "All sources" : source_label(static_cast<core::Source>(source)))) {
        if (ImGui::Selectable("All sources", source < 0)) source = -1;
        remember_item("source All sources");
        for (core::Source src : kSources) {
            if (ImGui::Selectable(source_label(src), source == static_cast<int>(src))) source = static_cast<int>(src);
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

    // The quick filters: toggles, then three menus.
    // A toggle looks pressed while on; its label may carry a count, its name does not.
    auto toggle = [&](const std::string& label, const char* name, bool& on, bool first = false) {
        if (!first) same_line_if_fits(button_width(label.c_str()));
        const bool was_on = on;
        if (was_on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::SmallButton((label + "##" + name).c_str())) on = !on;
        if (was_on) ImGui::PopStyleColor();
        remember_item(name);
    };
    toggle("Needs you (" + std::to_string(m_order.needs_you) + ")", "Needs you", m_quick.needs_you_only, true);
    toggle("Unread", "Unread", m_quick.unread_only);
    toggle("Has links", "Has links", m_quick.has_links);

    auto menu = [&](const char* id, const std::string& shown, auto&& items) {
        same_line_if_fits(button_width(shown.c_str()) + em);
        if (ImGui::SmallButton((shown + " ▾##" + id).c_str())) ImGui::OpenPopup(id);
        remember_item(std::string(id) + " filter");
        if (ImGui::BeginPopup(id)) {
            items();
            ImGui::EndPopup();
        }
    };
    std::string intent_shown = "Any intent";
    for (const IntentLabel& l : kIntentLabels)
        if (m_quick.intents == l.bit) intent_shown = l.label;
    if (m_quick.intents && intent_shown == "Any intent") intent_shown = "Several intents";
    menu("intent", intent_shown, [&] {
        if (ImGui::Selectable("Any intent", m_quick.intents == 0)) m_quick.intents = 0;
        for (const IntentLabel& l : kIntentLabels) {
            if (ImGui::Selectable(l.label, m_quick.intents == l.bit)) m_quick.intents = l.bit;
            remember_item(std::string("intent ") + l.label);
        }
    });
    const char* tones[] = {"unknown tone", "negative", "neutral", "positive"};
    menu("tone", m_quick.tone < 0 ? "Any tone" : tones[m_quick.tone], [&] {
        if (ImGui::Selectable("Any tone", m_quick.tone < 0)) m_quick.tone = -1;
        for (int t = 0; t < 4; ++t) {
            if (ImGui::Selectable(tones[t], m_quick.tone == t)) m_quick.tone = t;
            remember_item(std::string("tone ") + tones[t]);
        }
    });
    if (m_languages_for_size != ws.mentions().size()) { // a pass over the store, only when it grows
        m_languages = core::languages_present(ws.mentions(), 12);
        m_languages_for_size = ws.mentions().size();
    }
    menu("language", m_quick.lang.empty() ? "Any language" : m_quick.lang, [&] {
        if (ImGui::Selectable("Any language", m_quick.lang.empty())) m_quick.lang.clear();
        for (const std::string& l : m_languages) {
            if (ImGui::Selectable(l.c_str(), m_quick.lang == l)) m_quick.lang = l;
            remember_item("language " + l);
        }
    });
    same_line_if_fits(em * 24);
    draw_time_range(sel.range, platform::unix_now()); // shared with Insights and Goals
    core::QuickFilter cleared;
    cleared.from = m_quick.from; // the time range belongs to every view
    cleared.to = m_quick.to;
    const bool filtered = !(m_quick == cleared) || m_filter >= 0 || m_search[0];
    if (filtered) {
        same_line_if_fits(button_width("Clear filters"));
        if (ImGui::SmallButton("Clear filters")) {
            m_quick = cleared;
            m_filter = -1;
            m_search[0] = '\0';
        }
        remember_item("Clear filters");
    }
    same_line_if_fits(button_width("Export view") + em);
    draw_export_menu(ws, m_order.rows, "Export view"); // what is shown, in its order
    same_line_if_fits(button_width("?"));
    if (ImGui::SmallButton("?")) m_show_shortcuts = true;
    remember_item("shortcuts button");
}

void MentionsView::draw_bulk_bar(Workspace& ws) {
    if (m_checked.empty()) return;
    const float em = ImGui::GetFontSize();
    const int64_t now = platform::unix_now();
    core::Workflow& wf = ws.workflow();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(accent_colour(), "%zu selected", m_checked.size());
    remember_item("bulk count");
    auto action = [&](const char* label, auto&& apply) {
        same_line_if_fits(button_width(label));
        if (ImGui::SmallButton(label)) {
            for (const std::string& id : m_checked) apply(id);
            m_bulk_message.clear();
        }
        remember_item(std::string("bulk ") + label);
    };
    action("Mark read", [&](const std::string& id) { wf.set_read(id, true, now); });
    action("Mark unread", [&](const std::string& id) { wf.set_read(id, false, now); });
    action("Open", [&](const std::string& id) { wf.set_status(id, core::Status::Open, now); });
    action("Replied", [&](const std::string& id) { wf.set_status(id, core::Status::Replied, now); });
    action("Resolve", [&](const std::string& id) { wf.set_status(id, core::Status::Resolved, now); });
    same_line_if_fits(em * 14);
    ImGui::SetNextItemWidth(em * 7);
    const bool tag_enter = ImGui::InputTextWithHint("##bulk-tag", "tag", m_bulk_tag, sizeof m_bulk_tag,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
    remember_item("bulk tag");
    ImGui::SameLine();
    if ((ImGui::SmallButton("Tag all") || tag_enter) && m_bulk_tag[0]) {
        for (const std::string& id : m_checked) {
            core::Result<bool> ok = wf.add_tag(id, m_bulk_tag, now);
            if (!ok) {
                m_bulk_message = ok.error();
                break;
            }
        }
        if (m_bulk_message.empty()) m_bulk_tag[0] = '\0';
    }
    remember_item("bulk Tag all");
    same_line_if_fits(em * 14);
    ImGui::SetNextItemWidth(em * 7);
    const bool assign_enter = ImGui::InputTextWithHint("##bulk-assignee", "assign to", m_bulk_assignee,
                                                       sizeof m_bulk_assignee, ImGuiInputTextFlags_EnterReturnsTrue);
    remember_item("bulk assignee");
    ImGui::SameLine();
    if (ImGui::SmallButton("Assign all") || assign_enter) {
        for (const std::string& id : m_checked) wf.set_assignee(id, m_bulk_assignee, now);
        m_bulk_assignee[0] = '\0';
    }
    remember_item("bulk Assign all");
    same_line_if_fits(button_width("Clear selection"));
    if (ImGui::SmallButton("Clear selection")) m_checked.clear();
    remember_item("bulk Clear selection");
    if (!m_bulk_message.empty()) ImGui::TextColored(error_colour(), "%s", m_bulk_message.c_str());
}

void MentionsView::draw_shortcuts() {
    if (m_show_shortcuts) ImGui::OpenPopup("Keyboard shortcuts");
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 22, 0));
    if (!ImGui::BeginPopupModal("Keyboard shortcuts", &m_show_shortcuts, ImGuiWindowFlags_NoResize)) return;
    static constexpr const char* kKeys[][2] = {
        {"j / ↓", "next post"},        {"k / ↑", "previous post"},
        {"o", "open on its network"},  {"r", "reply (X, Bluesky)"},
        {"s", "star or unstar"},       {"e", "resolve"},
        {"u", "mark unread"},          {"x", "select for a bulk action"},
        {"Esc", "clear the selection"}, {"/", "search"},
        {"?", "this list"},
    };
    if (ImGui::BeginTable("keys", 2)) {
        for (const auto& k : kKeys) {
            ImGui::TableNextColumn();
            ImGui::TextColored(accent_colour(), "%s", k[0]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k[1]);
        }
        ImGui::EndTable();
    }
    remember_item("shortcuts list");
    if (ImGui::Button("Close")) {
        m_show_shortcuts = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void MentionsView::draw_rows(Workspace& ws, Selection& sel) {
    const core::MentionStore& store = ws.mentions();
    const std::vector<uint32_t>& rows = m_order.rows;
    const float em = ImGui::GetFontSize();
    const bool narrow = ImGui::GetContentRegionAvail().x < em * 40;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate;
    if (!ImGui::BeginTable("mentions", ColCount, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const ImGuiTableColumnFlags hide_if_narrow = narrow ? ImGuiTableColumnFlags_Disabled : 0;
    ImGui::TableSetupColumn("##pick", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort, em * 1.5f);
    ImGui::TableSetupColumn("##mark", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort, em * 1.1f);
    ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                            em * 5.2f);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                            em * (narrow ? 7.0f : 8.5f));
    ImGui::TableSetupColumn("Text", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort);
    ImGui::TableSetupColumn("Tone · intent", ImGuiTableColumnFlags_WidthFixed | hide_if_narrow, em * 7.0f);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed | hide_if_narrow, em * 4.5f);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        m_sort_column = specs->SpecsCount ? specs->Specs[0].ColumnIndex : -1;
        m_sort_descending = specs->SpecsCount && specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        specs->SpecsDirty = false;
    }

    const float line = ImGui::GetTextLineHeight();
    const float row_h = 2 * line + ImGui::GetStyle().ItemSpacing.y;
    const long selected_idx = store.index_of(sel.mention_id);
    if (m_scroll_to_selection && selected_idx >= 0) {
        auto it = std::find(rows.begin(), rows.end(), static_cast<uint32_t>(selected_idx));
        if (it != rows.end()) {
            const float full_row = row_h + 2 * ImGui::GetStyle().CellPadding.y;
            const float y = static_cast<float>(it - rows.begin()) * full_row;
            if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + ImGui::GetWindowHeight() - 3 * full_row)
                ImGui::SetScrollY(y - ImGui::GetWindowHeight() / 2);
        }
        m_scroll_to_selection = false;
    }

    const int64_t now = platform::unix_now();
    const ImU32 needs_bg = ImGui::GetColorU32(ImVec4(asking_colour().x, asking_colour().y, asking_colour().z, 0.07f));
    m_visible_ids.clear();
    int whole_rows = 0;
    ImGuiListClipper clipper;
    // Every row is the same height: told so, the clipper need not lay out row 0 to measure.
    // It still hands out the row keyboard navigation stands on, wherever that is, so a row
    // counts as on screen (the screen-reader mirror, the rows tests click) only if it is.
    clipper.Begin(static_cast<int>(rows.size()), row_h + 2 * ImGui::GetStyle().CellPadding.y);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const core::Mention& m = store.at(rows[static_cast<size_t>(row)]);
            const core::WorkflowEntry& wf = ws.workflow().get(m.id);
            const bool needs = static_cast<size_t>(row) < m_order.needs_you;
            ImGui::TableNextRow(0, row_h);
            if (needs) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, needs_bg);
            ImGui::PushID(row);

            ImGui::TableSetColumnIndex(ColPick);
            // The cell's clip rectangle is the list's visible part, below the frozen headers.
            const float top = ImGui::GetCursorScreenPos().y;
            const ImDrawList* dl = ImGui::GetWindowDrawList();
            const float clip_top = dl->GetClipRectMin().y, clip_bottom = dl->GetClipRectMax().y;
            if (top + row_h > clip_top && top < clip_bottom) m_visible_ids.push_back(m.id);
            // Rows named for tests: the first and second wholly on screen.
            const bool whole = top >= clip_top && top + row_h <= clip_bottom;
            const int screen_row = whole ? ++whole_rows : 0;
            bool picked = m_checked.count(m.id) != 0;
            if (ImGui::Checkbox("##pick", &picked)) {
                if (picked) m_checked.insert(m.id);
                else m_checked.erase(m.id);
            }
            if (screen_row == 1) remember_item("first row box");

            ImGui::TableSetColumnIndex(ColMark);
            // ★ starred, ● unread: the two things the eye looks for first; ! needs you.
            const char* mark = wf.starred ? "★" : wf.read ? " " : "●";
            if (ImGui::Selectable(mark, static_cast<long>(rows[static_cast<size_t>(row)]) == selected_idx,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                                  ImVec2(0, row_h)))
                select(ws, sel, m);

            ImGui::TableSetColumnIndex(ColWhen);
            ImGui::TextUnformatted(format_age(now, m.created_at).c_str());
            ImGui::TextDisabled("%s", source_label(m.source));

            ImGui::TableSetColumnIndex(ColAuthor);
            draw_post_text(for_display("@" + m.author.handle, true), ImGui::GetContentRegionAvail().x, 1, true);
            // Named on a text inside the row: a click there reaches the row, not its box.
            if (screen_row == 1) remember_item("first mention row");
            if (screen_row == 2) remember_item("second mention row");
            if (m.author.followers) ImGui::TextDisabled("%s followers", format_count(m.author.followers).c_str());
            else ImGui::TextDisabled("reach —");

            ImGui::TableSetColumnIndex(ColText);
            draw_post_text(for_display(m.text, true), ImGui::GetContentRegionAvail().x, 2);

            if (!narrow) {
                ImGui::TableSetColumnIndex(ColSignals);
                const core::Tone tone = core::tone_of(m);
                draw_chip(tone == core::Tone::Unknown ? "tone ?" : core::to_string(tone), tone_colour(tone));
                bool first = true;
                for (const IntentLabel& l : kIntentLabels) {
                    if (!(m.intents & l.bit)) continue;
                    if (!first) {
                        ImGui::SameLine(0, em * 0.25f);
                        if (ImGui::GetContentRegionAvail().x < chip_width(l.label)) break;
                    }
                    draw_chip(l.label, intent_colour(l.bit));
                    first = false;
                }
                ImGui::TableSetColumnIndex(ColStatus);
                ImGui::TextUnformatted(status_label(wf.status));
                if (!wf.assignee.empty()) ImGui::TextDisabled("%s", for_display(wf.assignee, true).c_str());
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void MentionsView::draw_inbox(ViewContext& ctx) {
    Workspace& ws = ctx.ws;
    Selection& sel = ctx.selection;
    draw_filters(ws, sel);
    update_rows(ws, sel);
    m_shown = m_order.rows.size();
    if (!m_search_error.empty()) {
        // On a line of its own, wrapped: the message says what the parser expected.
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(error_colour(), "%s", m_search_error.c_str());
        ImGui::PopTextWrapPos();
    } else if (m_checked.empty()) {
        const std::string shown = std::to_string(m_shown) + " shown";
        const std::string with_keys = shown + "   ·   j/k move · r reply · e resolve · x select · ? keys";
        const std::string& text = room_on_line() >= ImGui::CalcTextSize(with_keys.c_str()).x ? with_keys : shown;
        ImGui::TextDisabled("%s", text.c_str());
    }
    remember_item("shown");
    draw_export_status(ws);
    draw_bulk_bar(ws);
    handle_keys(ws, sel);
    draw_rows(ws, sel);
    draw_shortcuts();
}

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
    else draw_inbox(ctx);
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
    const float detail_w = std::max(em * 20.0f, ImGui::GetContentRegionAvail().x * 0.32f);
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
