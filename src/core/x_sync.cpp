// XSearchRun: request building and response handling for X recent search,
// including the failure messages the owner sees.
#include "core/x_sync.hpp"

#include "core/ingest_x.hpp"

#include <cctype>
#include <cstdlib>

namespace earshot::core {

namespace {

// What the app asks for: enough to fill every Mention field.
constexpr const char* kFields =
    "&tweet.fields=created_at,lang,author_id,conversation_id,public_metrics,entities,"
    "referenced_tweets,in_reply_to_user_id,geo,attachments"
    "&expansions=author_id,in_reply_to_user_id,geo.place_id,referenced_tweets.id"
    "&user.fields=username,name,location,public_metrics,verified"
    "&place.fields=full_name,name,country_code,geo";

std::optional<int64_t> header_int(const HttpResponse& r, const char* name) {
    auto it = r.headers.find(name);
    if (it == r.headers.end() || it->second.empty()) return std::nullopt;
    char* end = nullptr;
    long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (!end || *end != '\0') return std::nullopt;
    return v;
}

bool id_newer(const std::string& a, const std::string& b) {
    // Snowflake ids: longer is newer; same length compares lexically.
    return a.size() != b.size() ? a.size() > b.size() : a > b;
}

} // namespace

RateLimit read_rate_limit(const HttpResponse& r) {
    return {header_int(r, "x-rate-limit-limit"), header_int(r, "x-rate-limit-remaining"),
            header_int(r, "x-rate-limit-reset")};
}

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

XSearchRun::XSearchRun(const Listener& l, int max_results)
    : m_query(l.query), m_since_id(l.newest_id), m_max_results(max_results) {}

std::string XSearchRun::request_path() const {
    std::string p = "/2/tweets/search/recent?query=" + url_encode(m_query) +
                    "&max_results=" + std::to_string(m_max_results) + kFields;
    if (!m_since_id.empty()) p += "&since_id=" + m_since_id;
    if (!m_next_token.empty()) p += "&next_token=" + url_encode(m_next_token);
    return p;
}

XSearchRun::State XSearchRun::consume(const HttpResponse& r, std::vector<Mention>& out) {
    m_rate = read_rate_limit(r);
    if (r.status == 0) {
        m_message = "Could not reach the Earshot proxy (" + r.transport_error +
                    "). Check your connection; cached mentions are still here.";
        return m_state = State::Failed;
    }
    if (r.status == 429) {
        m_message = "X's rate limit is spent; Earshot will wait until it resets instead of retrying.";
        return m_state = State::RateLimited;
    }
    if (r.status == 401 || r.status == 403) {
        m_message = "X refused the credentials (HTTP " + std::to_string(r.status) +
                    "). Check X_BEARER_TOKEN on the proxy.";
        return m_state = State::Failed;
    }
    Result<XPage> page = parse_x_page(r.body);
    if (r.status != 200) {
        std::string detail = page ? std::string() : page.error();
        m_message = "The source answered HTTP " + std::to_string(r.status) + (detail.empty() ? "" : ": " + detail) +
                    ". Try again later; nothing stored was lost.";
        return m_state = State::Failed;
    }
    if (!page) {
        m_message = "A page from the source could not be read: " + page.error() + ". Nothing stored was lost.";
        return m_state = State::Failed;
    }
    ++m_pages;
    m_posts_read += page->mentions.size();
    for (const std::string& e : page->partial_errors) m_warnings.push_back(e);
    if (page->unreadable) m_warnings.push_back(std::to_string(page->unreadable) + " unreadable post(s) skipped");
    for (const Mention& m : page->mentions)
        if (id_newer(m.source_id, m_newest_id)) m_newest_id = m.source_id;
    for (Mention& m : page.value().mentions) out.push_back(std::move(m));
    m_next_token = page->next_token;
    return m_state = m_next_token.empty() ? State::Done : State::NeedRequest;
}

} // namespace earshot::core
