// The one list of views: a new view is one line here (and its file pair).
#include "app/views/alerts_view.hpp"
#include "app/views/goals_view.hpp"
#include "app/views/insights_view.hpp"
#include "app/views/listeners_view.hpp"
#include "app/views/mentions_view.hpp"
#include "app/views/profile_view.hpp"
#include "app/views/settings_view.hpp"

namespace earshot::app {

std::vector<std::unique_ptr<View>> make_views() {
    std::vector<std::unique_ptr<View>> views;
    views.push_back(std::make_unique<MentionsView>());
    views.push_back(std::make_unique<GoalsView>());
    views.push_back(std::make_unique<InsightsView>());
    views.push_back(std::make_unique<AlertsView>());
    views.push_back(std::make_unique<ListenersView>());
    views.push_back(std::make_unique<ProfileView>());
    views.push_back(std::make_unique<SettingsView>());
    return views;
}

} // namespace earshot::app
