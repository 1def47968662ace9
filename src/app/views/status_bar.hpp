// The status bar: mention count, source (live/demo), rate limit, last sync,
// storage, and the newest problem in words the owner can act on.
#pragma once

#include "app/views/view.hpp"

namespace earshot::app {

class StatusBar {
  public:
    void draw(const Workspace& ws);
    /// Text lines it needs this frame (a problem or notice takes a second one).
    static int lines(const Workspace& ws);
};

} // namespace earshot::app
