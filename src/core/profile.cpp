// Listener templates from the business profile.
#include "core/profile.hpp"

namespace earshot::core {

BusinessProfile demo_profile() { return {"Harbour Bean", "harbourbean", "harbourbean.co.uk", "Brighton"}; }

Listener my_business_listener(const BusinessProfile& p) {
    Listener l;
    l.id = "my-business";
    l.name = p.name;
    std::string q = "\"" + p.name + "\"";
    if (!p.handle.empty()) q += " OR @" + p.handle + " OR #" + p.handle;
    if (!p.website.empty()) q += " OR url:" + p.website;
    l.query = q;
    return l;
}

} // namespace earshot::core
