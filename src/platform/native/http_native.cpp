// NativeHttp on cpp-httplib; sync_folder on syncfs(2).
#include "platform/native/http_native.hpp"

#include "core/listen/access_key.hpp"
#include "core/text/text.hpp"

#include <httplib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace earshot::platform {

NativeHttp::NativeHttp(const std::string& base_url, std::string key) : m_key(std::move(key)) {
    if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0) {
        m_error = "the API address must start with http:// or https:// (got \"" + base_url + "\")";
        return;
    }
    std::string base = base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    m_client = std::make_unique<httplib::Client>(base);
    if (!m_client->is_valid()) {
        m_error = "\"" + base_url + "\" is not an address Earshot can reach";
        return;
    }
    m_client->set_keep_alive(true);
    m_client->set_connection_timeout(10, 0);
    m_client->set_read_timeout(60, 0); // the proxy answers 504 itself after its upstream deadline
}

NativeHttp::~NativeHttp() = default;

core::HttpResponse NativeHttp::get(const std::string& path) {
    core::HttpResponse out;
    httplib::Headers headers;
    // The proxy wants the header on every call; any value passes when it has no key set.
    headers.emplace(core::kAccessKeyHeader, m_key.empty() ? core::kNoAccessKey : m_key);
    httplib::Result r = m_client->Get(path.c_str(), headers);
    if (!r) {
        out.transport_error = httplib::to_string(r.error());
        return out;
    }
    out.status = r->status;
    out.body = r->body;
    for (const auto& [name, value] : r->headers) out.headers[core::to_lower(name)] = value;
    return out;
}

std::string sync_folder(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return std::string("cannot open ") + dir + ": " + std::strerror(errno);
    const int rc = ::syncfs(fd);
    const int err = errno;
    ::close(fd);
    return rc == 0 ? std::string() : std::string("syncfs failed: ") + std::strerror(err);
}

} // namespace earshot::platform
