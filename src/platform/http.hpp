// Http service: asynchronous GET whose result the app polls each frame
// (nothing blocks a frame). Web: emscripten_fetch. Transport failure is kept
// apart from HTTP status (core::HttpResponse::transport_error).
#pragma once

#include "core/listen/http_response.hpp"

#include <memory>
#include <string>

namespace earshot::platform {

struct HttpCall {
    bool done = false;
    core::HttpResponse response;
};

/// Starts a GET of a same-origin URL ("/api/…"); poll `done`.
std::shared_ptr<HttpCall> http_get(const std::string& url);

} // namespace earshot::platform
