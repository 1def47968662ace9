// The detail pane: the selected mention in full, with who, where, how far it
// reached and what we think it means.
#pragma once

#include "app/views/view.hpp"

namespace earshot::app {

class DetailView {
  public:
    void draw(const Workspace& ws, const Selection& selection);
};

} // namespace earshot::app
