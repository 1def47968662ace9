// The inbox (the first view): "Needs you" — complaints, questions, ready-to-buy
// people and requests for a recommendation not yet answered, by urgency
// (core/workflow/triage.hpp) — then everything else. Quick filters, sortable
// columns, multi-select with bulk actions, and keys for everything (press ?).
// Virtualised with ImGuiListClipper so a million rows cost only the visible ones.
#pragma once

#include "app/views/detail_view.hpp"
#include "app/views/view.hpp"
#include "core/workflow/triage.hpp"

#include <cstdint>
#include <set>
#include <vector>

namespace earshot::app {

class MentionsView : public View {
  public:
    const char* id() const override { return "mentions"; }
    const char* title() const override { return "Inbox"; }
    void draw(ViewContext& ctx) override { draw_with_detail(ctx); }
    size_t shown() const { return m_shown; }
    size_t needs_you() const { return m_order.needs_you; }
    size_t checked() const { return m_checked.size(); }
    const std::string& search_error() const { return m_search_error; }
    /// The ids of the rows drawn in the last frame, top to bottom (the screen-reader mirror, tests).
    const std::vector<std::string>& visible_ids() const { return m_visible_ids; }
    /// The rows on screen as sentences for the screen-reader mirror: who, when, where, tone, intent, status, text.
    std::vector<std::string> describe_visible(const Workspace& ws) const;
    /// The rows shown now, in their order (export of the current view).
    const std::vector<uint32_t>& rows() const { return m_order.rows; }

  private:
    /// The table beside the detail pane (under it in a narrow window).
    void draw_with_detail(ViewContext& ctx);
    void draw_table(ViewContext& ctx);
    void draw_inbox(ViewContext& ctx);
    void draw_filters(Workspace& ws, Selection& sel);
    void draw_bulk_bar(Workspace& ws);
    void draw_rows(Workspace& ws, Selection& sel);
    void draw_shortcuts();
    void handle_keys(Workspace& ws, Selection& sel);
    void select(Workspace& ws, Selection& sel, const core::Mention& m);
    void update_rows(const Workspace& ws, const Selection& sel);

    int m_filter = -1; ///< listener position, -1 = all
    core::QuickFilter m_quick;
    // Search: a query in X syntax over the cache, answered by the index.
    char m_search[512] = "";
    std::string m_search_error;
    bool m_focus_search = false;
    bool m_scroll_to_selection = false;
    bool m_show_shortcuts = false;
    /// Column sorted by the owner (-1: the triage order), and its direction.
    int m_sort_column = -1;
    bool m_sort_descending = true;

    /// The rows shown, and what they were computed from.
    core::TriageOrder m_order;
    struct RowsKey {
        size_t store_size = SIZE_MAX;
        uint64_t statuses = 0, workflow = 0;
        size_t workflow_entries = 0;
        int listener = -2, sort_column = -2;
        bool sort_descending = true;
        uint64_t profile = 0;
        std::string search;
        core::QuickFilter quick;
        bool operator==(const RowsKey& o) const;
    } m_rows_key;
    /// The business's and competitors' accounts (their posts never need you), by profile revision.
    core::OwnAccounts m_own;
    uint64_t m_own_for_profile = 0;
    size_t m_shown = 0;
    std::vector<std::string> m_visible_ids;

    // Multi-select (x, or the row's box) and the bulk bar's fields.
    std::set<std::string> m_checked;
    char m_bulk_tag[65] = "";
    char m_bulk_assignee[128] = "";
    std::string m_bulk_message;
    std::vector<std::string> m_languages;
    size_t m_languages_for_size = SIZE_MAX;
    DetailView m_detail;
};

} // namespace earshot::app
