// The business profile typed at onboarding, and the listener queries the
// article recommends, built from it.
#pragma once

#include "core/listener.hpp"

#include <string>
#include <vector>

namespace earshot::core {

struct BusinessProfile {
    std::string name;    ///< "Harbour Bean"
    std::string handle;  ///< "harbourbean" (no '@')
    std::string website; ///< "harbourbean.co.uk"
    std::string town;    ///< "Brighton"
};

/// The profile of the demo business served by earshot-demo-source.
BusinessProfile demo_profile();

/// "my business": the name as a phrase, the handle, and links to the site.
Listener my_business_listener(const BusinessProfile& p);

} // namespace earshot::core
