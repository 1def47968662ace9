// What the proxy's HTTP server hands to its routes and takes back: a parsed
// request head (requests carry no body here) and a response. Pure data plus the
// parser, so the parser can be fuzzed and tested without sockets.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace earshot::proxy {

using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method;       ///< as sent ("GET")
    std::string target;       ///< as sent ("/api/x/2/…?query=…")
    std::string path;         ///< percent-decoded path, no query
    std::string raw_query;    ///< after '?', still encoded
    std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased
    bool http11 = true;
    std::string peer_ip;      ///< the socket's peer
    std::string client;       ///< who to rate-limit: peer, or X-Forwarded-For behind a local front

    /// The first header of that (lower-case) name, or nullptr.
    const std::string* header(std::string_view lower_name) const;
    /// True when the client wants the connection closed after the answer.
    bool wants_close() const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// A body shared with a cache (static files): sent instead of `body`, never copied.
    std::shared_ptr<const std::string> shared_body;
    bool omit_body = false; ///< HEAD: headers (with the body's length) only
    bool close = false;     ///< close the connection after this answer

    void set_header(std::string name, std::string value);
    const std::string* header(std::string_view name) const;
};

/// The outcome of reading a request head: a request, or the status to refuse it
/// with (400 malformed, 413 has a body, 431 too large, 501 unsupported framing).
struct ParsedHead {
    std::optional<Request> request;
    int refuse_status = 0;
    std::string why; ///< for the problem body
};

/// Parses the bytes before the blank line (without it). Strict: origin-form
/// targets only, no obs-fold, one Host, no request bodies.
ParsedHead parse_request_head(std::string_view head);

/// Decodes %XX (and '+' as space when `plus_is_space`); nothing when an escape
/// is broken or would produce NUL.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

/// Splits "a=1&b=2" into decoded pairs; nothing when any part fails to decode.
std::optional<Params> parse_query(std::string_view raw_query);

/// Encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view in);

/// The bytes of a whole response: status line, headers, Content-Length, body
/// (a shared_body is not included: send it after these bytes).
std::string serialize(const Response& res, bool keep_alive);

/// The body a response sends after its head (shared or own; empty for HEAD, 204, 304).
const std::string& body_to_send(const Response& res);

/// "Not Found" for 404 and so on.
const char* reason_phrase(int status);

} // namespace earshot::proxy
