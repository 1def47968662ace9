// The strict HTTP/1.1 request-head parser and response writer of the proxy.
// Strict on purpose: anything a smuggling or desync attack needs (two Hosts,
// Content-Length with Transfer-Encoding, folded headers, absolute targets) is
// refused instead of interpreted.
#include "proxy/http_message.hpp"

#include <cctype>
#include <cstdio>

namespace earshot::proxy {

namespace {

constexpr size_t kMaxHeaders = 100;

bool is_token_char(unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!is_token_char(c)) return false;
    return true;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

ParsedHead refuse(int status, std::string why) {
    ParsedHead p;
    p.refuse_status = status;
    p.why = std::move(why);
    return p;
}

// Field values may hold visible ASCII, spaces, tabs and (obsolete but sent by
// real clients) bytes >= 0x80; never other controls.
bool valid_field_value(std::string_view v) {
    for (unsigned char c : v)
        if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    return true;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// The request line: METHOD SP origin-form SP HTTP/1.x
std::optional<std::string> read_request_line(std::string_view line, Request& r) {
    size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return "the request line has no target";
    size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return "the request line is not METHOD TARGET VERSION";
    std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                     version = line.substr(sp2 + 1);
    if (!is_token(method)) return "the method is not a token";
    if (version == "HTTP/1.1") r.http11 = true;
    else if (version == "HTTP/1.0") r.http11 = false;
    else return "only HTTP/1.0 and HTTP/1.1 are spoken here";
    if (target.empty() || target.front() != '/') return "the target must be a path starting with '/'";
    for (unsigned char c : target)
        if (c <= 0x20 || c >= 0x7f) return "the target holds a byte that must be percent-encoded";
    r.method = std::string(method);
    r.target = std::string(target);
    size_t q = target.find('?');
    std::string_view raw_path = target.substr(0, q);
    if (q != std::string_view::npos) r.raw_query = std::string(target.substr(q + 1));
    size_t hash = r.raw_query.find('#');
    if (hash != std::string::npos) return "the target holds a fragment";
    std::optional<std::string> path = percent_decode(raw_path, false);
    if (!path) return "the path has a broken percent escape";
    r.path = std::move(*path);
    return std::nullopt;
}

} // namespace

const std::string* Request::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers)
        if (name == lower_name) return &value;
    return nullptr;
}

bool Request::wants_close() const {
    const std::string* c = header("connection");
    std::string v = c ? lower(*c) : std::string();
    if (v.find("close") != std::string::npos) return true;
    return !http11 && v.find("keep-alive") == std::string::npos;
}

void Response::set_header(std::string name, std::string value) {
    for (auto& [n, v] : headers)
        if (lower(n) == lower(name)) {
            v = std::move(value);
            return;
        }
    headers.emplace_back(std::move(name), std::move(value));
}

const std::string* Response::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (lower(n) == lower(name)) return &v;
    return nullptr;
}

ParsedHead parse_request_head(std::string_view head) {
    Request r;
    size_t eol = head.find("\r\n");
    std::string_view first = head.substr(0, eol);
    if (std::optional<std::string> why = read_request_line(first, r)) return refuse(400, *why);
    size_t pos = eol == std::string_view::npos ? head.size() : eol + 2;
    int hosts = 0, lengths = 0;
    while (pos < head.size()) {
        size_t end = head.find("\r\n", pos);
        std::string_view line = head.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? head.size() : end + 2;
        if (line.empty()) return refuse(400, "an empty line inside the header block");
        if (line.front() == ' ' || line.front() == '\t') return refuse(400, "folded header lines are not accepted");
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) return refuse(400, "a header line has no ':'");
        std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
        if (!is_token(name)) return refuse(400, "a header name is not a token");
        if (!valid_field_value(value)) return refuse(400, "a header value holds a control character");
        if (r.headers.size() == kMaxHeaders) return refuse(431, "more than 100 header lines");
        std::string lname = lower(name);
        if (lname == "host") ++hosts;
        if (lname == "content-length") ++lengths;
        r.headers.emplace_back(std::move(lname), std::string(value));
    }
    if (hosts > 1) return refuse(400, "more than one Host header");
    // Two lengths are how a body is made to mean a second request to one reader and not another.
    if (lengths > 1) return refuse(400, "more than one Content-Length header");
    if (hosts == 0 && r.http11) return refuse(400, "HTTP/1.1 requires a Host header");
    const std::string* te = r.header("transfer-encoding");
    const std::string* cl = r.header("content-length");
    if (te && cl) return refuse(400, "both Transfer-Encoding and Content-Length");
    if (te) return refuse(413, "requests to Earshot's proxy carry no body");
    if (cl) {
        if (!all_digits(*cl)) return refuse(400, "Content-Length is not a number");
        if (cl->find_first_not_of('0') != std::string::npos) return refuse(413, "requests to Earshot's proxy carry no body");
    }
    ParsedHead p;
    p.request = std::move(r);
    return p;
}

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            char decoded = static_cast<char>(hi * 16 + lo);
            if (decoded == '\0') return std::nullopt;
            out += decoded;
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<Params> parse_query(std::string_view raw) {
    Params out;
    size_t pos = 0;
    while (!raw.empty()) {
        size_t amp = raw.find('&', pos);
        std::string_view part = raw.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
        if (!part.empty()) {
            size_t eq = part.find('=');
            std::optional<std::string> key = percent_decode(part.substr(0, eq), true);
            std::optional<std::string> value =
                percent_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1), true);
            if (!key || !value) return std::nullopt;
            out.emplace_back(std::move(*key), std::move(*value));
        }
        if (amp == std::string_view::npos) break;
        pos = amp + 1;
    }
    return out;
}

std::string percent_encode(std::string_view in) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size() * 3);
    for (unsigned char c : in) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

const char* reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 421: return "Misdirected Request";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status < 300 ? "OK" : status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error";
    }
}

const std::string& body_to_send(const Response& res) {
    static const std::string none;
    if (res.omit_body || res.status == 204 || res.status == 304) return none;
    return res.shared_body ? *res.shared_body : res.body;
}

std::string serialize(const Response& res, bool keep_alive) {
    char status_line[64];
    std::snprintf(status_line, sizeof status_line, "HTTP/1.1 %d %s\r\n", res.status, reason_phrase(res.status));
    std::string out = status_line;
    for (const auto& [name, value] : res.headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    const size_t length = res.shared_body ? res.shared_body->size() : res.body.size();
    if (res.status != 204 && res.status != 304) out += "Content-Length: " + std::to_string(length) + "\r\n";
    out += keep_alive && !res.close ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!res.shared_body) out += body_to_send(res);
    return out;
}

} // namespace earshot::proxy
