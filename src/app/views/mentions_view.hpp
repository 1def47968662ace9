// The mentions table (the inbox): star/unread, time, source, author, text,
// likes, reposts, status; virtualised with ImGuiListClipper so a million rows cost
// only the visible ones. Keyboard first: j/k move, o opens, s stars, e resolves.
#pragma once

#include "app/views/detail_view.hpp"
#include "app/views/view.hpp"

#include <cstdint>
#include <vector>

namespace earshot::app {

class MentionsView : public View {
  public:
    const char* id() const override { return "mentions"; }
    const char* title() const override { return "Mentions"; }
    void draw(ViewContext& ctx) override { draw_with_detail(ctx); }
    void draw(Workspace& ws, Selection& selection);
    size_t shown() const { return m_shown; }
    const std::string& search_error() const { return m_search_error; }

  private:
    /// The table beside the detail pane (under it in a narrow window).
    void draw_with_detail(ViewContext& ctx);
    void draw_table(ViewContext& ctx);
    void handle_keys(Workspace& ws, Selection& sel, const std::vector<uint32_t>& rows);
    const std::vector<uint32_t>& visible_rows(const Workspace& ws);

    int m_filter = -1; ///< listener position, -1 = all
    int m_source = -1; ///< core::Source as a number, -1 = all
    // Search: a query in X syntax over the cache, answered by the index.
    char m_search[512] = "";
    std::string m_search_error;
    bool m_focus_search = false;
    std::string m_rows_for_search;
    size_t m_shown = 0;
    bool m_scroll_to_selection = false;
    // Filtered rows are cached until the store or the filter changes.
    std::vector<uint32_t> m_rows;
    size_t m_rows_for_size = SIZE_MAX;
    int m_rows_for_filter = -2;
    int m_rows_for_source = -2;
    DetailView m_detail;
};

} // namespace earshot::app
