// The proxy's static file answers (see static_files.hpp).
#include "proxy/static_files.hpp"

#include <sys/stat.h>

#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace earshot::proxy {

namespace {

const char* content_type_of(const std::string& name) {
    struct Kind {
        const char* ext;
        const char* type;
    };
    static const Kind kinds[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".wasm", "application/wasm"}, {".data", "application/octet-stream"},
        {".json", "application/json"}, {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"}, {".woff2", "font/woff2"}, {".ttf", "font/ttf"},
        {".otf", "font/otf"}};
    for (const Kind& k : kinds) {
        size_t n = std::char_traits<char>::length(k.ext);
        if (name.size() >= n && name.compare(name.size() - n, n, k.ext) == 0) return k.type;
    }
    return "application/octet-stream";
}

// No "." or ".." segment, no backslash: the decoded path stays inside the root
// before realpath() checks it again for symbolic links.
bool plain_path(const std::string& path) {
    if (path.empty() || path[0] != '/' || path.find('\\') != std::string::npos) return false;
    size_t pos = 1;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        std::string seg = path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        if (seg == "." || seg == "..") return false;
        if (slash == std::string::npos) break;
        pos = slash + 1;
    }
    return true;
}

bool regular_file(const std::string& p, struct stat& st) { return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode); }

std::shared_ptr<const std::string> read_file(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return nullptr;
    std::stringstream ss;
    ss << in.rdbuf();
    return std::make_shared<const std::string>(ss.str());
}

constexpr size_t kMaxCachedBytes = 64 * 1024 * 1024; // the built app is ~5 MB with its compressed copies

long long mtime_ns(const struct stat& st) {
    return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

Response not_found(const std::string& path) {
    Response r;
    r.status = 404;
    r.set_header("Content-Type", "text/plain; charset=utf-8");
    r.body = "Not found: " + path + "\n";
    return r;
}

std::string file_name_of(const std::string& p) {
    size_t slash = p.rfind('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
}

} // namespace

bool has_content_hash(const std::string& name) {
    // A dot-separated part of 8+ hex digits that is not the extension.
    size_t pos = 0;
    while (true) {
        size_t dot = name.find('.', pos);
        if (dot == std::string::npos) return false; // the last part is the extension
        std::string part = name.substr(pos, dot - pos);
        bool hex = part.size() >= 8;
        for (char c : part) hex = hex && std::isxdigit(static_cast<unsigned char>(c));
        if (hex && pos > 0) return true;
        pos = dot + 1;
    }
}

std::string cache_control_of(const std::string& name) {
    if (has_content_hash(name)) return "public, max-age=31536000, immutable";
    if (name == "embed.js") return "public, max-age=300";
    return "no-cache";
}

bool accepts_encoding(const std::string* accept_encoding, const std::string& coding) {
    if (!accept_encoding) return false;
    const std::string& v = *accept_encoding;
    size_t pos = 0;
    while (pos < v.size()) {
        size_t comma = v.find(',', pos);
        std::string item = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? v.size() : comma + 1;
        size_t semi = item.find(';');
        std::string name = item.substr(0, semi), params = semi == std::string::npos ? "" : item.substr(semi + 1);
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name != coding) continue;
        size_t q = params.find("q=");
        return q == std::string::npos || std::strtod(params.c_str() + q + 2, nullptr) > 0.0;
    }
    return false;
}

std::shared_ptr<const std::string> StaticFiles::bytes_of(const std::string& path, const struct stat& st) const {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_cache.find(path);
        if (it != m_cache.end() && it->second.size == st.st_size && it->second.mtime_ns == mtime_ns(st))
            return it->second.bytes;
    }
    std::shared_ptr<const std::string> bytes = read_file(path);
    if (!bytes) return nullptr;
    std::lock_guard<std::mutex> lock(m_mutex);
    Cached& slot = m_cache[path];
    m_cached_bytes -= slot.bytes ? slot.bytes->size() : 0;
    if (m_cached_bytes + bytes->size() <= kMaxCachedBytes) {
        slot = Cached{static_cast<long long>(st.st_size), mtime_ns(st), bytes};
        m_cached_bytes += bytes->size();
    } else {
        m_cache.erase(path);
    }
    return bytes;
}

std::string StaticFiles::open() {
    char buf[PATH_MAX];
    if (!::realpath(m_root.c_str(), buf)) return "the web folder " + m_root + " does not exist (build the app first)";
    m_real_root = buf;
    return {};
}

Response StaticFiles::serve(const Request& req) const {
    std::string path = req.path;
    if (!plain_path(path)) {
        Response r;
        r.status = 400;
        r.set_header("Content-Type", "text/plain; charset=utf-8");
        r.body = "That path is not allowed.\n";
        return r;
    }
    if (path.back() == '/') path += "index.html";
    char buf[PATH_MAX];
    std::string wanted = m_real_root + path;
    if (!::realpath(wanted.c_str(), buf)) return not_found(req.path);
    std::string real = buf;
    struct stat st{};
    if (real.compare(0, m_real_root.size() + 1, m_real_root + "/") != 0 || !regular_file(real, st))
        return not_found(req.path);

    // The variant: brotli, then gzip, then the file itself.
    std::string served = real, encoding;
    struct stat vst{};
    for (const char* coding : {"br", "gzip"}) {
        std::string sibling = real + (std::string(coding) == "br" ? ".br" : ".gz");
        if (accepts_encoding(req.header("accept-encoding"), coding) && regular_file(sibling, vst)) {
            served = sibling;
            encoding = coding;
            st = vst;
            break;
        }
    }
    char etag[96];
    std::snprintf(etag, sizeof etag, "\"%llx-%llx%s%s\"", static_cast<unsigned long long>(st.st_size),
                  static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL + st.st_mtim.tv_nsec,
                  encoding.empty() ? "" : "-", encoding.c_str());

    Response r;
    r.set_header("Content-Type", content_type_of(real));
    r.set_header("Vary", "Accept-Encoding");
    r.set_header("ETag", etag);
    r.set_header("Cache-Control", cache_control_of(file_name_of(real)));
    if (!encoding.empty()) r.set_header("Content-Encoding", encoding);
    const std::string* inm = req.header("if-none-match");
    if (inm && inm->find(etag) != std::string::npos) {
        r.status = 304;
        return r;
    }
    r.shared_body = bytes_of(served, st);
    if (!r.shared_body) {
        Response e;
        e.status = 500;
        e.set_header("Content-Type", "text/plain; charset=utf-8");
        e.body = "The file could not be read.\n";
        return e;
    }
    r.omit_body = req.method == "HEAD";
    return r;
}

} // namespace earshot::proxy
