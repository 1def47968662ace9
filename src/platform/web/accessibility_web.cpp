// Web side of the screen-reader mirror: hands the text to the DOM region kept
// by shell/earshot_library.js (earshot_js_publish_a11y), as one JSON document.
#include "platform/accessibility.hpp"

#include <nlohmann/json.hpp>

extern "C" {
void earshot_js_publish_a11y(const char* json);
}

namespace earshot::platform {

void publish_accessible_view(const AccessibleView& view) {
    const nlohmann::json doc = {{"summary", view.summary}, {"rows", view.rows}, {"selected", view.selected}};
    earshot_js_publish_a11y(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

} // namespace earshot::platform
