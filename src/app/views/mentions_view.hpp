// The mentions table: time, author, text, likes, reposts; virtualised with
// ImGuiListClipper so a million rows cost only the visible ones.
#pragma once

#include "app/views/view.hpp"

namespace earshot::app {

class MentionsView {
  public:
    void draw(const Workspace& ws, Selection& selection);

  private:
    bool m_scroll_to_selection = false;
};

} // namespace earshot::app
