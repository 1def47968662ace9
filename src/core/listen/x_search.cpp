// XSearchRun: request building and response handling for X recent search,
// including the failure messages the owner sees; poll groups' combined and
// excluding queries.
#include "core/listen/x_search.hpp"

#include "core/ingest/x_v2.hpp"
#include "core/query/query.hpp"

#include <algorithm>
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

// Parses each query; nullopt when one does not (a listener is validated when
// saved, so only data from elsewhere gets here).
std::optional<std::vector<Query>> parse_all(const std::vector<std::string>& texts) {
    std::vector<Query> out;
    for (const std::string& t : texts) {
        auto parsed = Query::parse(t);
        if (!std::holds_alternative<Query>(parsed)) return std::nullopt;
        out.push_back(std::get<Query>(std::move(parsed)));
    }
    return out;
}

// X's answer when an id is older than its 7-day window: "'since_id' must be a
// tweet id created after …".
bool too_old(const std::string& body, const char* param) {
    const std::string says = std::string("'") + param + "' must be a tweet id created after";
    return body.find(says) != std::string::npos;
}

// X's rules as the parser knows them, checked on the string actually sent: a
// composed query skipped the parser's validation.
bool x_accepts(const std::string& wire) { return std::holds_alternative<Query>(Query::parse(wire)); }

} // namespace

bool id_newer(const std::string& a, const std::string& b) {
    // Snowflake ids: longer is newer; same length compares lexically.
    return a.size() != b.size() ? a.size() > b.size() : a > b;
}

Result<std::string> combined_x_query(const std::vector<std::string>& queries) {
    auto parsed = parse_all(queries);
    if (!parsed || parsed->empty()) return Error{"a listener's query does not parse"};
    return Query::any_of(*parsed).to_x_query();
}

ExcludingQuery excluding_x_query(const std::vector<std::string>& queries,
                                 const std::vector<std::string>& exclude) {
    ExcludingQuery out;
    auto include = parse_all(queries);
    auto excluded = parse_all(exclude);
    if (!include || include->empty()) return out;
    const Query all = Query::any_of(*include);
    if (excluded && !excluded->empty()) {
        std::optional<Query> rest = Query::but_not(all, *excluded);
        if (!rest) {
            out.nothing_to_read = true;
            return out;
        }
        if (Result<std::string> wire = rest->to_x_query(); wire && x_accepts(wire.value())) {
            out.query = wire.value();
            out.excludes = true;
            return out;
        }
    }
    if (Result<std::string> wire = all.to_x_query()) out.query = wire.value();
    return out;
}

RateLimit read_rate_limit(const HttpResponse& r) {
    return {header_int(r, "x-rate-limit-limit"), header_int(r, "x-rate-limit-remaining"),
            header_int(r, "x-rate-limit-reset")};
}

XSearchRun::XSearchRun(const Listener& l, int max_results) : XSearchRun(l, l.resume, max_results) {}

std::string x_wire_query(const std::string& query) {
    auto parsed = Query::parse(query);
    if (const Query* q = std::get_if<Query>(&parsed))
        if (Result<std::string> x = q->to_x_query()) return x.value();
    return query;
}

namespace {
PollRun single_run(const Listener& l, const RunCursor& c) {
    PollRun run;
    run.kind = c.empty() ? PollRun::Kind::Poll : PollRun::Kind::Resume;
    run.members = {l.id};
    run.query = x_wire_query(l.query);
    run.since_id = l.newest_id;
    run.resume = c;
    return run;
}
} // namespace

XSearchRun::XSearchRun(const Listener& l, const RunCursor& c, int max_results)
    : XSearchRun(single_run(l, c), max_results) {}

XSearchRun::XSearchRun(const PollRun& run, int max_results)
    : m_query(run.query), m_since_id(run.since_id), m_until_id(run.until_id),
      m_max_results(kMaxPage), m_newest_id(run.newest_floor) {
    set_max_results(max_results);
    const RunCursor& c = run.resume;
    if (c.empty()) return;
    // The interrupted run's parameters, not the plan's: a page token is only
    // valid with the query and since_id/until_id it was issued for.
    m_resumed = true;
    m_since_id = c.since_id;
    m_until_id = c.until_id;
    m_newest_id = c.newest_id;
    m_oldest_id = c.oldest_id;
    const bool same_query = c.query.empty() || c.query == m_query;
    if (same_query) m_next_token = c.next_token;
    if (m_next_token.empty() && !m_oldest_id.empty()) m_until_id = m_oldest_id;
}

void XSearchRun::set_max_results(int n) { m_max_results = n < kMinPage ? kMinPage : n > kMaxPage ? kMaxPage : n; }

RunCursor XSearchRun::cursor() const {
    // A fresh run that read nothing restarts exactly as it began; keep nothing.
    if (m_state == State::Done || (m_pages == 0 && !m_resumed)) return {};
    return {m_since_id, m_until_id, m_next_token, m_newest_id, m_oldest_id, m_query};
}

std::string XSearchRun::request_path() const {
    std::string p = "/2/tweets/search/recent?query=" + url_encode(m_query) +
                    "&max_results=" + std::to_string(m_max_results) + kFields;
    if (!m_since_id.empty()) p += "&since_id=" + m_since_id;
    if (!m_until_id.empty()) p += "&until_id=" + m_until_id;
    if (!m_next_token.empty()) p += "&next_token=" + url_encode(m_next_token);
    return p;
}

XSearchRun::State XSearchRun::consume(const HttpResponse& r, std::vector<Mention>& out) {
    m_rate = read_rate_limit(r);
    m_last_page_posts = 0;
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
    if (r.status == 400 && !m_next_token.empty() && !m_oldest_id.empty() &&
        (r.body.find("next_token") != std::string::npos || r.body.find("pagination_token") != std::string::npos)) {
        // A saved token X no longer takes (an old resume): ask for the posts
        // below the oldest one read instead, so no page is paid for twice.
        m_warnings.push_back("X no longer accepted the saved page token; continuing below the oldest post "
                             "already read, so nothing is read twice");
        m_next_token.clear();
        m_until_id = m_oldest_id;
        return m_state = State::NeedRequest;
    }
    if (r.status == 400 && !m_until_id.empty() && too_old(r.body, "until_id")) {
        // A catch-up up to an id that has left X's 7-day window: nothing
        // below it can be found any more, so it is complete.
        m_until_id.clear();
        return m_state = State::Done;
    }
    if (r.status == 400 && !m_since_id.empty() && too_old(r.body, "since_id")) {
        // Not polled for a week: everything X still has is newer than the
        // since_id, so asking without it reads exactly the same posts.
        m_warnings.push_back("The last poll was over 7 days ago; posts older than X's 7-day window "
                             "are out of reach");
        m_since_id.clear();
        return m_state = State::NeedRequest;
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
    // X charges for every post it returned, readable or not.
    m_last_page_posts = std::max<uint64_t>(page->result_count, page->mentions.size() + page->unreadable);
    m_posts_read += m_last_page_posts;
    for (const std::string& e : page->partial_errors) m_warnings.push_back(e);
    if (page->unreadable) m_warnings.push_back(std::to_string(page->unreadable) + " unreadable post(s) skipped");
    for (const Mention& m : page->mentions) {
        if (id_newer(m.source_id, m_newest_id)) m_newest_id = m.source_id;
        if (m_oldest_id.empty() || id_newer(m_oldest_id, m.source_id)) m_oldest_id = m.source_id;
    }
    // Handed over whole when the caller has nothing yet (a page's hundred mentions, moved
    // one by one into a growing list, were moved again at every regrowth).
    if (out.empty()) {
        out.swap(page.value().mentions);
    } else {
        out.reserve(out.size() + page->mentions.size());
        for (Mention& m : page.value().mentions) out.push_back(std::move(m));
    }
    m_next_token = page->next_token;
    return m_state = m_next_token.empty() ? State::Done : State::NeedRequest;
}

} // namespace earshot::core
