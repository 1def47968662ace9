// The access-key prompt: a modal over the app, opened when the proxy refuses
// what was sent (issue 11); the key typed goes to the workspace, which sends
// the waiting requests again and remembers the key once the proxy accepts it.
#pragma once

#include "app/workspace.hpp"

#include <string>

namespace earshot::app {

/// Not a tab (like the status bar, App holds it and draws it every frame): it
/// shows only while the workspace asks for a key.
class AccessKeyPrompt {
  public:
    void draw(Workspace& ws);

  private:
    void draw_body(Workspace& ws);
    void submit(Workspace& ws);
    char m_key[520] = {}; ///< a little over the longest key accepted, so a too-long paste is told, not cut
    std::string m_error;  ///< why the typed key cannot be used
    bool m_focus = true;  ///< put the caret in the field when the prompt (re)opens
};

} // namespace earshot::app
