// The app: owns the workspace and the views; the platform calls frame() once
// per animation frame and never owns any state of its own.
#pragma once

#include "app/views/alerts_view.hpp"
#include "app/views/detail_view.hpp"
#include "app/views/insights_view.hpp"
#include "app/views/listeners_view.hpp"
#include "app/views/mentions_view.hpp"
#include "app/views/profile_view.hpp"
#include "app/views/status_bar.hpp"
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

  private:
    enum class View { Mentions, Insights, Alerts, Listeners, Business };
    void draw_top_bar();
    void draw_tab(const char* label, View view);
    Workspace m_ws;
    View m_view = View::Mentions;
    Selection m_selection;
    MentionsView m_mentions;
    ListenersView m_listeners;
    InsightsView m_insights;
    AlertsView m_alerts;
    ProfileView m_business;
    bool m_onboarding_opened = false; ///< the Business view was opened for onboarding once
    DetailView m_detail;
    StatusBar m_status;
};

void apply_theme(float dpr);

} // namespace earshot::app
