// The screen-reader mirror: the canvas is mute to assistive technology, so what
// it shows that matters (the counts, the inbox rows on screen, the selected
// post) is also kept as text in a visually hidden DOM region with live updates.
#pragma once

#include <string>
#include <vector>

namespace earshot::platform {

/// What the mirror says; published only when it changed.
struct AccessibleView {
    std::string summary;           ///< "4,269 mentions, 879 need you. Inbox." (a polite live region)
    std::vector<std::string> rows; ///< one sentence per row on screen, top to bottom
    std::string selected;          ///< the selected post in full, "" when none (a polite live region)
};

void publish_accessible_view(const AccessibleView& view);

} // namespace earshot::platform
