// Serving the built app: pre-compressed siblings (file.br, file.gz) when the
// browser takes them, long caching only for content-hashed names, and nothing
// outside the web folder whatever the path says.
#pragma once

#include "proxy/http_message.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

struct stat;

namespace earshot::proxy {

class StaticFiles {
public:
    /// `root` must exist; `real_root` is filled by open().
    explicit StaticFiles(std::string root) : m_root(std::move(root)) {}
    /// Resolves the folder; an error text when it cannot be served.
    std::string open();
    bool enabled() const { return !m_real_root.empty(); }

    /// GET or HEAD of a decoded path.
    Response serve(const Request& req) const;

private:
    /// The file's bytes, read once and shared by every answer while it is unchanged.
    std::shared_ptr<const std::string> bytes_of(const std::string& path, const struct stat& st) const;

    std::string m_root, m_real_root;
    struct Cached {
        long long size = 0, mtime_ns = 0;
        std::shared_ptr<const std::string> bytes;
    };
    mutable std::mutex m_mutex;
    mutable std::map<std::string, Cached> m_cache;
    mutable size_t m_cached_bytes = 0;
};

/// True for names like "app.3f9c2a1b.wasm": safe to cache for a year.
bool has_content_hash(const std::string& file_name);

/// The Cache-Control of a file: a year for content-hashed names; a few minutes
/// for embed.js, which other sites' pages load under its stable name on every
/// visit (a new version reaches them within that time); revalidation for the rest.
std::string cache_control_of(const std::string& file_name);

/// The encodings the client accepts, from Accept-Encoding ("br", "gzip").
bool accepts_encoding(const std::string* accept_encoding, const std::string& coding);

} // namespace earshot::proxy
