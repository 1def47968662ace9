// Http service: asynchronous GET whose result the app polls each frame
// (nothing blocks a frame). Web: emscripten_fetch. Transport failure is kept
// apart from HTTP status (core::HttpResponse::transport_error).
#pragma once

#include "core/listen/http_response.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace earshot::platform {

struct HttpCall {
    bool done = false;
    core::HttpResponse response;
};

/// Request headers as name, value pairs (values: printable ASCII).
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// Starts a GET of a same-origin URL ("/api/…") with `headers`; poll `done`.
std::shared_ptr<HttpCall> http_get(const std::string& url, const HttpHeaders& headers = {});

} // namespace earshot::platform
