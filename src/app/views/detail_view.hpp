// The detail pane: the selected mention in full, with who, where, how far it
// reached and what we think it means.
#pragma once

#include "app/views/view.hpp"
#include "core/insights/context.hpp"

namespace earshot::app {

/// The network's reply composer for `m` (X and Bluesky), "" where replies are made from the owner's own server.
std::string reply_url(const core::Mention& m);

class DetailView {
  public:
    void draw(Workspace& ws, Selection& selection);

  private:
    void draw_actions(const core::Mention& m);
    /// The author card and the conversation; a post of it clicked becomes the selection.
    void draw_context(Workspace& ws, Selection& sel, const core::Mention& m);
    void draw_workflow(Workspace& ws, const core::Mention& m);
    std::string m_note_for;  ///< mention whose note is in the buffer
    char m_note[512] = "";
    char m_tag[64] = "";
    char m_assignee[64] = "";
    std::string m_tag_error;
    // The context of the selected post, recomputed when it or the store changes.
    std::string m_context_for;
    size_t m_context_store_size = 0;
    core::AuthorSummary m_author;
    std::vector<uint32_t> m_conversation;
};

} // namespace earshot::app
