// The Listeners view: every saved search with what it found, what it cost this
// month and why it is or is not polling now; create, edit, pause and delete.
#pragma once

#include "app/views/view.hpp"

namespace earshot::app {

class ListenersView : public View {
  public:
    const char* id() const override { return "listeners"; }
    const char* title() const override { return "Listeners"; }
    void draw(ViewContext& ctx) override { draw(ctx.ws); }
    void draw(Workspace& ws);

  private:
    void draw_spend_summary(Workspace& ws);
    void draw_table(Workspace& ws);
    void draw_form(Workspace& ws);

    // The form edits a copy; the workspace validates it (query syntax, 512 chars).
    std::string m_editing_id; ///< "" = creating a new listener
    char m_name[96] = "";
    char m_query[1024] = "";
    int m_interval = 60;
    int m_daily_cap = 100;
    uint32_t m_sources = core::kPolledSources; ///< the form's source choice (free ones cost nothing)
    std::string m_error;
    // Spend settings, edited in dollars.
    bool m_settings_loaded = false;
    float m_price = 0.005f;
    float m_monthly_cap = 5.0f;
    std::string m_settings_error;
};

} // namespace earshot::app
