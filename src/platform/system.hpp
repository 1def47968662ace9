// System service: connectivity and opening links in a new tab.
#pragma once

#include <string>

namespace earshot::platform {

bool online();
void open_url(const std::string& url);

} // namespace earshot::platform
