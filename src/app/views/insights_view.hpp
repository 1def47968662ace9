// The Insights board: the shared time range organised as the article advises —
// who, what, when, where, why, how and to what extent — one panel each; a click on a
// bar, a term, an author or a place narrows the feed to it.
#pragma once

#include "app/views/view.hpp"

namespace earshot::app {

class InsightsView : public View {
  public:
    const char* id() const override { return "insights"; }
    const char* title() const override { return "Insights"; }
    void draw(ViewContext& ctx) override;
};

} // namespace earshot::app
