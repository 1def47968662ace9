// The Goals board: the article's seven goals — website traffic, promotions, leads, onsite
// visitors, events, customer service, loyalty — one panel each with its queue and one figure.
#pragma once

#include "app/views/view.hpp"
#include "core/insights/goals.hpp"

#include <nlohmann/json_fwd.hpp>

namespace earshot::app {

class GoalsView : public View {
  public:
    const char* id() const override { return "goals"; }
    const char* title() const override { return "Goals"; }
    void draw(ViewContext& ctx) override;
    /// The figures last drawn, for window.earshot.state() (browser tests).
    nlohmann::json state() const;

  private:
    /// Computes the board again only when the mentions, the range or the profile moved
    /// (and customer service when the workflow did): never per frame.
    void refresh(const Workspace& ws, const TimeRange& range);

    core::GoalsBoard m_board;
    core::GoalsConfig m_config;
    bool m_drawn = false;
    // What the board was computed for.
    size_t m_for_size = SIZE_MAX;
    uint64_t m_for_fingerprint = 0;
    int64_t m_for_from = -1, m_for_to = -1;
    uint64_t m_for_profile = UINT64_MAX;
    uint64_t m_for_workflow = UINT64_MAX;
};

} // namespace earshot::app
