// The Alerts view: what needs a look now — volume spikes, negative surges,
// complaints from people with a large audience, competitors' unhappy customers —
// newest first, each saying why it fired.
#pragma once

#include "app/views/view.hpp"

#include <cstdint>
#include <vector>

namespace earshot::app {

class AlertsView : public View {
  public:
    const char* id() const override { return "alerts"; }
    const char* title() const override { return "Alerts"; }
    void draw(ViewContext& ctx) override { if (draw(ctx.ws, ctx.selection)) ctx.show = "mentions"; }
    /// Selecting an alert about one mention selects that mention; returns true
    /// when the owner asked to see it in the Mentions view.
    bool draw(const Workspace& ws, Selection& selection);

  private:
    std::vector<uint32_t> m_order; ///< alert indices, newest first (alerts fire in arrival order)
    size_t m_order_for = SIZE_MAX;
};

} // namespace earshot::app
