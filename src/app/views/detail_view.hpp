// The detail pane: the selected mention in full, with who, where, how far it
// reached and what we think it means.
#pragma once

#include "app/views/view.hpp"

namespace earshot::app {

class DetailView {
  public:
    void draw(Workspace& ws, const Selection& selection);

  private:
    void draw_actions(const core::Mention& m);
    void draw_workflow(Workspace& ws, const core::Mention& m);
    std::string m_note_for;  ///< mention whose note is in the buffer
    char m_note[512] = "";
    char m_tag[64] = "";
    char m_assignee[64] = "";
    std::string m_tag_error;
};

} // namespace earshot::app
