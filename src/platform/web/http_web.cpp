// Http over emscripten_fetch (single-threaded, callbacks on the main loop).
// Limits: GET only; response headers are read from the raw header block.
#include "platform/http.hpp"

#include <emscripten/fetch.h>

#include <cctype>
#include <cstring>
#include <sstream>
#include <vector>

namespace earshot::platform {

namespace {

void read_headers(emscripten_fetch_t* f, core::HttpResponse& r) {
    size_t len = emscripten_fetch_get_response_headers_length(f);
    if (!len) return;
    std::string raw(len + 1, '\0');
    emscripten_fetch_get_response_headers(f, raw.data(), raw.size());
    std::istringstream lines(raw);
    std::string line;
    while (std::getline(lines, line)) {
        size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
        r.headers[name] = value;
    }
}

void finish(emscripten_fetch_t* f) {
    auto* holder = static_cast<std::shared_ptr<HttpCall>*>(f->userData);
    HttpCall& call = **holder;
    call.response.status = f->status;
    // fetch->data is not NUL-terminated; copy by length.
    if (f->data && f->numBytes) call.response.body.assign(f->data, static_cast<size_t>(f->numBytes));
    read_headers(f, call.response);
    if (f->status == 0)
        call.response.transport_error = f->statusText[0] ? f->statusText : "no answer from the server (offline?)";
    call.done = true;
    delete holder;
    emscripten_fetch_close(f);
}

} // namespace

std::shared_ptr<HttpCall> http_get(const std::string& url, const HttpHeaders& headers) {
    auto call = std::make_shared<HttpCall>();
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strcpy(attr.requestMethod, "GET");
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.timeoutMSecs = 60000;
    attr.userData = new std::shared_ptr<HttpCall>(call);
    attr.onsuccess = finish;
    attr.onerror = finish;
    // name, value, name, value…, nullptr; emscripten_fetch copies them before returning.
    std::vector<const char*> header_list;
    for (const auto& [name, value] : headers) {
        header_list.push_back(name.c_str());
        header_list.push_back(value.c_str());
    }
    header_list.push_back(nullptr);
    attr.requestHeaders = header_list.data();
    emscripten_fetch(&attr, url.c_str());
    return call;
}

} // namespace earshot::platform
