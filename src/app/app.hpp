// The app: owns the workspace and the views; the platform calls frame() once
// per animation frame and never owns any state of its own.
#pragma once

#include "app/views/mentions_view.hpp"
#include "app/views/status_bar.hpp"
#include "app/views/view.hpp"
#include "app/workspace.hpp"

#include <string>

namespace earshot::app {

class App {
  public:
    App();
    void frame();
    /// The JSON behind window.earshot.state() (architecture.md).
    std::string state_json() const;
    bool ready() const { return m_ws.phase() == Workspace::Phase::Ready; }
    /// Advances listening without drawing: the platform's timer calls it, so a
    /// hidden tab (no animation frames) still loads its cache and polls.
    void tick() { m_ws.update(); }

  private:
    void draw_top_bar();
    void draw_tab(View& view);
    void show(const std::string& id);
    Workspace m_ws;
    std::vector<std::unique_ptr<View>> m_views = make_views();
    View* m_view = m_views.front().get();
    const MentionsView* m_mentions = nullptr; ///< for state(): what the feed shows
    Selection m_selection;
    bool m_onboarding_opened = false; ///< the Business view was opened for onboarding once
    StatusBar m_status;
};

void apply_theme(float dpr);

} // namespace earshot::app
