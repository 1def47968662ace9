// The Insights board: the last 7 days organised as the article advises —
// who, what, when, where, why, how and to what extent — one panel each.
#pragma once

#include "app/views/view.hpp"

namespace earshot::app {

class InsightsView : public View {
  public:
    const char* id() const override { return "insights"; }
    const char* title() const override { return "Insights"; }
    void draw(ViewContext& ctx) override { draw(ctx.ws); }
    void draw(const Workspace& ws);
};

} // namespace earshot::app
