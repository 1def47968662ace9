// Fuzz target: the proxy's request rules — the request-head parser, the query
// decoder and the X, Bluesky and Mastodon allow-lists — as any client on the
// network can drive them.
// Invariants: an accepted head is well-formed; a decoded query re-encodes and
// decodes to itself; what the allow-list forwards is plain, bounded and exactly
// the parameters it accepted, so nothing a client writes reaches X as syntax.
#include "fuzz.hpp"

#include "proxy/http_message.hpp"
#include "proxy/allow_list.hpp"

#include <cctype>

using namespace earshot::proxy;

namespace {

void check_head(const Request& r) {
    FUZZ_CHECK(!r.method.empty(), "an accepted head has no method");
    FUZZ_CHECK(!r.path.empty() && r.path[0] == '/', "an accepted path does not start with '/'");
    FUZZ_CHECK(r.path.find('\0') == std::string::npos, "an accepted path holds NUL");
    int hosts = 0;
    for (const auto& [name, value] : r.headers) {
        for (char c : name) FUZZ_CHECK(!std::isupper(static_cast<unsigned char>(c)), "a header name is not lower-cased");
        hosts += name == "host";
    }
    FUZZ_CHECK(hosts <= 1, "two Host headers were accepted");
}

void check_query_round_trip(const Params& p) {
    std::string again;
    for (const auto& [k, v] : p) again += (again.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
    std::optional<Params> back = parse_query(again);
    FUZZ_CHECK(back && *back == p, "a decoded query does not survive encoding and decoding");
}

void check_forward(const std::string& x_path, const Params& accepted, const XForward& f) {
    FUZZ_CHECK(f.target.rfind(x_path, 0) == 0, "the forward goes to another path");
    std::string query = f.target.substr(x_path.size());
    for (unsigned char c : query)
        FUZZ_CHECK(std::isalnum(c) || std::string_view("-._~%&=?").find(static_cast<char>(c)) != std::string_view::npos,
                   "the forwarded query holds a character that is not encoded");
    std::optional<Params> sent = parse_query(query.empty() ? query : query.substr(1));
    FUZZ_CHECK(sent && *sent == accepted, "the forwarded query is not the parameters that were checked");
    for (const auto& [k, v] : accepted)
        if (k == "query") FUZZ_CHECK(v.size() <= 4 * kMaxQueryChars, "an over-long query went through");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ParsedHead head = parse_request_head(earshot::fuzz::as_text(data, size));
    if (!head.request) {
        FUZZ_CHECK(head.refuse_status >= 400 && !head.why.empty(), "a refusal without a status or a reason");
        return 0;
    }
    const Request& r = *head.request;
    check_head(r);
    std::optional<Params> params = parse_query(r.raw_query);
    if (!params) return 0;
    check_query_round_trip(*params);
    std::string service_path;
    XForward f;
    if (r.path.rfind("/api/x/", 0) == 0) {
        service_path = r.path.substr(6);
        f = validate_x_request(service_path, *params);
    } else if (r.path.rfind("/api/bsky/", 0) == 0) {
        service_path = r.path.substr(9);
        f = validate_bsky_request(service_path, *params);
    } else if (r.path.rfind("/api/mastodon/", 0) == 0) {
        // The tag is re-encoded into the path: compare the query part only.
        service_path = r.path.substr(r.path.find('/', 14) == std::string::npos ? r.path.size() : r.path.find('/', 14));
        f = validate_mastodon_request(service_path, *params);
        if (f.ok) service_path = f.target.substr(0, f.target.find('?'));
    } else {
        return 0;
    }
    if (f.ok) check_forward(service_path, *params, f);
    else FUZZ_CHECK(!f.problem.empty(), "a refusal without a reason");
    return 0;
}
