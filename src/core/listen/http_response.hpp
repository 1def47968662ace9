// What the platform hands the core for one HTTP exchange (the engine never
// does I/O itself: see engine.hpp).
#pragma once

#include <map>
#include <string>

namespace earshot::core {

/// An HTTP exchange as the platform saw it. `transport_error` is set (and
/// status is 0) when no HTTP answer arrived at all.
struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers; ///< names lower-case
    std::string body;
    std::string transport_error;
};

} // namespace earshot::core
