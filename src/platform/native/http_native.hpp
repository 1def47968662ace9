// Native HTTP for command-line programs: blocking GETs against one base URL
// (the proxy, or the demo source), over one kept-alive connection. Limits:
// one request at a time; the listening engine asks for one page at a time anyway.
#pragma once

#include "core/listen/http_response.hpp"

#include <memory>
#include <string>

namespace httplib {
class Client;
}

namespace earshot::platform {

class NativeHttp {
  public:
    /// `base_url`: "http://127.0.0.1:8080" (https too). `key`: sent as X-Earshot-Key
    /// on every request; "" sends the placeholder a proxy without a key accepts.
    explicit NativeHttp(const std::string& base_url, std::string key = {});
    ~NativeHttp();
    /// False (with error()) when the URL is not one httplib can reach.
    bool valid() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    /// GET base + path; a transport failure comes back as status 0 with transport_error.
    core::HttpResponse get(const std::string& path);

  private:
    std::unique_ptr<httplib::Client> m_client;
    std::string m_key, m_error;
};

/// Flushes the folder's file system to disk (the "sync" of the native store): "" or what failed.
std::string sync_folder(const std::string& dir);

} // namespace earshot::platform
