// FreeSourcePoller: listeners × free sources × planned searches → the poll due
// most → its pages (Bluesky's cursor, Mastodon's Link/min_id) → the cursor kept.
//
// [SECTION] The sources the proxy offers
// [SECTION] Planning and due times
// [SECTION] Answers
// [SECTION] Mastodon paging
// [SECTION] Storage
#include "core/listen/free_sources.hpp"

#include "core/ingest/bluesky.hpp"
#include "core/ingest/mastodon.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/listen/listener_set.hpp"
#include "core/text/grapheme.hpp"
#include "core/text/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

namespace earshot::core {

using nlohmann::json;

namespace {

const json* member(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

std::string string_member(const json& j, const char* key) {
    const json* v = member(j, key);
    return v && v->is_string() ? v->get<std::string>() : std::string();
}

const char* service_name(Source s) { return s == Source::Bsky ? "Bluesky" : "Mastodon"; }

constexpr int64_t kRetrySeconds = 60;        ///< after an error that says nothing of when
constexpr int64_t kLoginRetrySeconds = 5 * 60; ///< a refused login is not asked again at once
constexpr int64_t kRefusedRetrySeconds = 10 * 60; ///< a request the service or proxy refused
constexpr int kBskyPage = 100, kMastodonPage = 40;

std::string with_param(const std::string& path, const std::string& name, const std::string& value) {
    return path + (path.find('?') == std::string::npos ? '?' : '&') + name + "=" + url_encode(value);
}

/// "mastodon/<host>" from "/api/mastodon/<host>/api/…": each server has its own limits.
std::string mastodon_host(const std::string& planned) {
    const std::string prefix = "/api/mastodon/";
    if (planned.rfind(prefix, 0) != 0) return {};
    return planned.substr(prefix.size(), planned.find('/', prefix.size()) - prefix.size());
}

bool is_search(const std::string& planned) { return planned.find("/api/v2/search") != std::string::npos; }

/// A header's whole number (counts, Unix times), nothing when it is not one.
std::optional<int64_t> number_header(const HttpResponse& r, const char* name) {
    auto it = r.headers.find(name);
    if (it == r.headers.end() || it->second.empty() || it->second.size() > 15) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (*end || v < 0) return std::nullopt;
    return static_cast<int64_t>(v);
}

std::optional<int> count_header(const HttpResponse& r, const char* name) {
    auto v = number_header(r, name);
    if (!v || *v > 1'000'000'000) return std::nullopt;
    return static_cast<int>(*v);
}

/// What the answer's body says went wrong: the proxy's problem detail, an XRPC
/// message or Mastodon's error.
std::string body_message(const std::string& body) {
    const json doc = json::parse(body, nullptr, false);
    for (const char* key : {"detail", "message", "error_description", "error"})
        if (std::string s = string_member(doc, key); !s.empty()) return ellipsize(s, 300); // parsed: valid UTF-8
    return {};
}

/// When a 429 ends: Bluesky's RateLimit-Reset (Unix seconds), Mastodon's
/// X-RateLimit-Reset (ISO time), Retry-After (seconds), else a minute.
int64_t rate_limit_reset(const HttpResponse& r, int64_t now) {
    if (auto reset = number_header(r, "ratelimit-reset"); reset && *reset > now) return *reset;
    if (auto it = r.headers.find("x-ratelimit-reset"); it != r.headers.end()) {
        int64_t t = 0;
        if (parse_iso8601(it->second, t) && t > now) return t;
    }
    if (auto after = count_header(r, "retry-after")) return now + std::max(1, *after);
    return now + kRetrySeconds;
}

} // namespace

// [SECTION] The sources the proxy offers

const SourceInfo* SourceDirectory::find(Source s) const {
    for (const SourceInfo& i : sources)
        if (i.source == s) return &i;
    return nullptr;
}

bool SourceDirectory::offers(Source s) const {
    const SourceInfo* i = find(s);
    return i && !i->mode.empty() && (s != Source::Mastodon || !mastodon_servers.empty());
}

std::string SourceDirectory::mode(Source s) const {
    return offers(s) ? find(s)->mode : std::string();
}

SourceDirectory read_source_directory(const HttpResponse& r) {
    SourceDirectory d;
    const json doc = json::parse(r.body, nullptr, false);
    const json* list = member(doc, "sources");
    if (r.status != 200 || !list || !list->is_array()) return d;
    for (const json& entry : *list) {
        std::optional<Source> s = source_from_string(string_member(entry, "id"));
        if (!s || *s == Source::Import) continue;
        const json* configured = member(entry, "configured");
        SourceInfo info{*s, string_member(entry, "name"), string_member(entry, "mode"), string_member(entry, "cost")};
        if (configured && configured->is_boolean() && !configured->get<bool>()) info.mode.clear();
        if (info.mode != "demo" && info.mode != "live") info.mode.clear();
        if (*s == Source::Mastodon) {
            if (const json* servers = member(entry, "servers"); servers && servers->is_array())
                for (const json& host : *servers)
                    if (host.is_string() && !host.get<std::string>().empty())
                        d.mastodon_servers.push_back(host.get<std::string>());
            d.mastodon_search_server = string_member(entry, "search_server");
        }
        d.sources.push_back(std::move(info));
    }
    d.known = !d.sources.empty(); // an answer naming no source is not the proxy's
    return d;
}

// [SECTION] Planning and due times

void FreeSourcePoller::set_directory(SourceDirectory d) {
    m_directory = std::move(d);
    m_plans.clear();
}

SourcePlan FreeSourcePoller::plan(const Listener& l, Source s) const {
    auto key = std::make_pair(static_cast<int>(s), l.query);
    auto it = m_plans.find(key);
    if (it != m_plans.end()) return it->second;
    SourcePlan p;
    auto parsed = Query::parse(l.query);
    if (const Query* q = std::get_if<Query>(&parsed))
        p = s == Source::Bsky ? plan_bsky(*q)
                              : plan_mastodon(*q, m_directory.mastodon_servers, m_directory.mastodon_search_server);
    else
        p.cannot = "its query has a mistake";
    return m_plans.emplace(std::move(key), std::move(p)).first->second;
}

const std::vector<std::string>& FreeSourcePoller::planned(const Listener& l, Source s) const {
    static const std::vector<std::string> none;
    plan(l, s);
    const SourcePlan& p = m_plans.at(std::make_pair(static_cast<int>(s), l.query));
    return p.ok() ? p.requests : none;
}

int64_t FreeSourcePoller::held_until(Source s, const std::string& planned) const {
    auto it = m_holds.find(s == Source::Bsky ? std::string("bsky") : "mastodon/" + mastodon_host(planned));
    return it == m_holds.end() ? 0 : it->second;
}

std::vector<FreeSourcePoller::Due> FreeSourcePoller::polls(const std::vector<Listener>& listeners) const {
    std::vector<Due> out;
    for (Source s : {Source::Bsky, Source::Mastodon}) {
        if (!m_directory.offers(s)) continue;
        const int64_t floor = s == Source::Bsky ? kBskyFloorSeconds : kMastodonFloorSeconds;
        for (const Listener& l : listeners) {
            if (l.paused || !(l.sources & source_bit(s))) continue;
            const int64_t interval = std::max<int64_t>(floor, int64_t{l.interval_minutes} * 60);
            for (const std::string& p : planned(l, s)) {
                const std::string key = l.id + '\n' + p;
                auto c = m_cursors.find(key);
                const int64_t last = c == m_cursors.end() ? 0 : c->second.polled_at;
                // "Sync now" brings a poll forward, but never closer than the service's floor.
                int64_t at = last == 0 ? 0 : last + interval;
                if (m_forced.count(key)) at = std::min(at, last == 0 ? 0 : last + floor);
                out.push_back({&l, s, p, std::max(at, held_until(s, p))});
            }
        }
    }
    return out;
}

std::optional<FreeRequest> FreeSourcePoller::next_due(const std::vector<Listener>& listeners, int64_t now) {
    std::optional<Due> best;
    for (const Due& d : polls(listeners))
        if (d.at <= now && (!best || d.at < best->at)) best = d;
    if (!best) return std::nullopt;
    return first_page(*best, now);
}

int64_t FreeSourcePoller::next_due_at(const std::vector<Listener>& listeners) const {
    int64_t at = 0; // 0: none; a poll due "at once" (0) is reported as 1
    for (const Due& d : polls(listeners)) {
        const int64_t due = std::max<int64_t>(d.at, 1);
        at = at == 0 ? due : std::min(at, due);
    }
    return at;
}

FreeRequest FreeSourcePoller::first_page(const Due& d, int64_t now) const {
    FreeRequest r;
    r.listener_id = d.listener->id;
    r.source = d.source;
    r.planned = d.planned;
    const std::string position = cursor(r.listener_id, r.planned);
    r.first = position.empty();
    r.newest = position;
    if (d.source == Source::Bsky) {
        r.path = with_param(d.planned, "limit", std::to_string(kBskyPage));
        // A first poll looks back a week; later ones from the newest post read
        // (`since` includes it: read again, stored once).
        r.path = with_param(r.path, "since", r.first ? format_iso8601(now - kLookBackSeconds) : position);
    } else {
        r.path = with_param(d.planned, "limit", std::to_string(kMastodonPage));
        if (!r.first) r.path = with_param(r.path, "min_id", position);
    }
    return r;
}

void FreeSourcePoller::sync_now(const std::vector<Listener>& listeners) {
    for (const Listener& l : listeners)
        for (Source s : {Source::Bsky, Source::Mastodon})
            for (const std::string& p : planned(l, s)) m_forced.insert(l.id + '\n' + p);
}

void FreeSourcePoller::forget_unplanned(const std::vector<Listener>& listeners) {
    if (!m_directory.known) return; // nothing is planned until the proxy said what exists
    std::map<std::string, Cursor> kept;
    for (const Listener& l : listeners)
        for (Source s : {Source::Bsky, Source::Mastodon})
            for (const std::string& p : planned(l, s)) {
                auto it = m_cursors.find(l.id + '\n' + p);
                if (it != m_cursors.end()) kept.insert(*it);
            }
    m_cursors.swap(kept);
}

const FreeSourceStatus& FreeSourcePoller::status(Source s) const { return m_status[static_cast<size_t>(s)]; }

std::string FreeSourcePoller::cursor(const std::string& listener_id, const std::string& planned) const {
    auto it = m_cursors.find(listener_id + '\n' + planned);
    return it == m_cursors.end() ? std::string() : it->second.position;
}

// [SECTION] Answers

std::string FreeSourcePoller::hold_key(const FreeRequest& req) {
    return req.source == Source::Bsky ? std::string("bsky") : "mastodon/" + mastodon_host(req.planned);
}

FreeAnswer FreeSourcePoller::on_answer(const FreeRequest& req, const HttpResponse& r, int64_t now) {
    FreeAnswer a;
    FreeSourceStatus& st = status_of(req.source);
    if (r.status != 200) {
        fail(req, r, now);
        return a;
    }
    std::string problem;
    std::string newest = req.newest;
    if (req.source == Source::Bsky) {
        Result<BskyPage> page = parse_bsky_answer(r.body);
        if (page) {
            a.posts = std::move(page.value().mentions);
            for (const Mention& m : a.posts)
                // A clock ahead of ours must not move `since` past posts still to come.
                if (const std::string t = format_iso8601(std::min(m.created_at, now)); t > newest) newest = t;
        } else {
            problem = page.error();
        }
    } else {
        Result<MastodonPage> page = parse_mastodon_answer(r.body);
        if (page) {
            a.posts = std::move(page.value().mentions);
            const std::string top = newest_status_id(r.body);
            if (status_id_newer(top, newest)) newest = top;
        } else {
            problem = page.error();
        }
    }
    st.last_answer = now;
    st.posts_seen += a.posts.size();
    if (auto v = count_header(r, req.source == Source::Bsky ? "ratelimit-remaining" : "x-ratelimit-remaining"))
        st.remaining = v;
    if (auto v = count_header(r, req.source == Source::Bsky ? "ratelimit-limit" : "x-ratelimit-limit")) st.limit = v;
    if (!problem.empty()) {
        // A page that cannot be read is not asked for again and again: the poll
        // ends, its cursor kept, and the next one comes on schedule.
        st.problem = std::string(service_name(req.source)) + "'s answer could not be read (" + problem + ").";
        finish(req, req.newest, now);
        return a;
    }
    st.problem.clear();
    FreeRequest carried = req;
    carried.newest = newest;
    a.next = next_page(carried, r, a, now);
    if (!a.next) finish(req, newest, now);
    return a;
}

std::optional<FreeRequest> FreeSourcePoller::next_page(const FreeRequest& req, const HttpResponse& r,
                                                       const FreeAnswer& a, int64_t now) {
    (void)now;
    if (a.posts.empty() || req.page + 1 >= (req.first ? kMaxFirstPages : kMaxPages)) return std::nullopt;
    FreeRequest next = req;
    ++next.page;
    if (req.source == Source::Bsky) {
        const json doc = json::parse(r.body, nullptr, false);
        const std::string token = string_member(doc, "cursor");
        if (token.empty()) return std::nullopt;
        next.path = with_param(req.path.substr(0, req.path.find("&cursor=")), "cursor", token);
        return next;
    }
    auto link = r.headers.find("link");
    const std::string header = link == r.headers.end() ? std::string() : link->second;
    std::string base = with_param(req.planned, "limit", std::to_string(kMastodonPage));
    if (req.first) {
        // The first poll looks back through older pages (rel="next") for a week.
        int64_t oldest = now;
        for (const Mention& m : a.posts) oldest = std::min(oldest, m.created_at);
        // Search answers carry no Link header: below the oldest status read.
        const std::string max_id =
            is_search(req.planned) ? oldest_status_id(r.body) : link_param(header, "next", "max_id");
        if (max_id.empty() || oldest < now - kLookBackSeconds) return std::nullopt;
        next.path = with_param(base, "max_id", max_id);
        return next;
    }
    // Later polls walk forward from min_id until a page is not full.
    if (a.posts.size() < static_cast<size_t>(kMastodonPage)) return std::nullopt;
    std::string min_id = link_param(header, "prev", "min_id");
    if (min_id.empty()) min_id = req.newest;
    if (min_id.empty()) return std::nullopt;
    next.path = with_param(base, "min_id", min_id);
    return next;
}

void FreeSourcePoller::finish(const FreeRequest& req, const std::string& newest, int64_t now) {
    m_forced.erase(req.listener_id + '\n' + req.planned);
    Cursor& c = m_cursors[req.listener_id + '\n' + req.planned];
    if (!newest.empty()) c.position = newest;
    c.polled_at = now;
}

void FreeSourcePoller::fail(const FreeRequest& req, const HttpResponse& r, int64_t now) {
    FreeSourceStatus& st = status_of(req.source);
    const std::string name = service_name(req.source);
    const std::string said = body_message(r.body);
    int64_t until = now + kRetrySeconds;
    if (r.status == 0) {
        st.problem = "The Earshot proxy could not be reached for " + name + " (" +
                     (r.transport_error.empty() ? std::string("no answer") : r.transport_error) + ").";
    } else if (r.status == 429) {
        until = rate_limit_reset(r, now);
        st.remaining = 0;
        st.problem = name + "'s rate limit is reached; polling resumes in " + format_wait(until - now) + ".";
    } else if (r.status == 503 && req.source == Source::Bsky) {
        until = now + kLoginRetrySeconds;
        st.problem = said.empty() ? "Bluesky login failed; check BSKY_HANDLE and BSKY_APP_PASSWORD on the server."
                                  : said;
    } else if (r.status >= 400 && r.status < 500) {
        until = now + kRefusedRetrySeconds; // asking again soon would be refused the same way
        st.problem = name + " refused the request (" + std::to_string(r.status) + (said.empty() ? "" : ": " + said) +
                     ").";
    } else {
        st.problem = name + " answered " + std::to_string(r.status) + (said.empty() ? "" : ": " + said) +
                     ". Polling tries again in a minute.";
    }
    // The poll is over and its cursor stays where the last good page left it:
    // the service is asked again once the hold ends ("Sync now" included).
    m_holds[hold_key(req)] = until;
    st.held_until = until;
}

// [SECTION] Mastodon paging

std::string link_param(const std::string& link, const std::string& rel, const std::string& param) {
    // <https://host/path?max_id=1&x=2>; rel="next", <…>; rel="prev"
    size_t pos = 0;
    while ((pos = link.find('<', pos)) != std::string::npos) {
        const size_t close = link.find('>', pos);
        if (close == std::string::npos) return {};
        const std::string url = link.substr(pos + 1, close - pos - 1);
        const size_t next_link = link.find('<', close);
        const std::string attrs = link.substr(close, next_link == std::string::npos ? std::string::npos : next_link - close);
        pos = close;
        if (attrs.find("rel=\"" + rel + "\"") == std::string::npos && attrs.find("rel=" + rel) == std::string::npos)
            continue;
        const size_t q = url.find('?');
        if (q == std::string::npos) return {};
        const std::string query = url.substr(q + 1);
        size_t start = 0;
        while (start <= query.size()) {
            size_t amp = query.find('&', start);
            const std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
            if (pair.rfind(param + "=", 0) == 0) return pair.substr(param.size() + 1);
            if (amp == std::string::npos) break;
            start = amp + 1;
        }
        return {};
    }
    return {};
}

bool status_id_newer(const std::string& a, const std::string& b) {
    if (a.empty()) return false;
    if (b.empty()) return true;
    if (a.size() != b.size()) return a.size() > b.size();
    return a > b;
}

namespace {

/// The newest (or oldest) numeric status id in a status array or search envelope.
std::string extreme_status_id(const std::string& body, bool newest) {
    const json doc = json::parse(body, nullptr, false);
    const json* list = doc.is_array() ? &doc : member(doc, "statuses");
    std::string found;
    if (!list || !list->is_array()) return found;
    for (const json& s : *list) {
        const std::string id = string_member(s, "id");
        const bool digits = !id.empty() && id.size() <= 30 &&
                            std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && (found.empty() || status_id_newer(id, found) == newest)) found = id;
    }
    return found;
}

} // namespace

std::string newest_status_id(const std::string& body) { return extreme_status_id(body, true); }
std::string oldest_status_id(const std::string& body) { return extreme_status_id(body, false); }

// [SECTION] Storage

std::string FreeSourcePoller::to_json() const {
    json cursors = json::object(), holds = json::object();
    for (const auto& [key, c] : m_cursors) cursors[key] = {{"position", c.position}, {"polled_at", c.polled_at}};
    for (const auto& [key, until] : m_holds) holds[key] = until;
    return json{{"version", 1}, {"cursors", cursors}, {"holds", holds}}.dump();
}

Result<FreeSourcePoller> FreeSourcePoller::from_json(const std::string& text) {
    FreeSourcePoller p;
    if (text.empty()) return p;
    const json doc = json::parse(text, nullptr, false);
    const json* version = member(doc, "version");
    if (!version || !version->is_number_integer() || version->get<int64_t>() != 1)
        return Error{"the free sources' cursors are in an unknown format; they start afresh"};
    if (const json* cursors = member(doc, "cursors"); cursors && cursors->is_object())
        for (const auto& [key, c] : cursors->items()) {
            const json* at = member(c, "polled_at");
            p.m_cursors[key] = {string_member(c, "position"),
                                at && at->is_number_integer() ? at->get<int64_t>() : 0};
        }
    if (const json* holds = member(doc, "holds"); holds && holds->is_object())
        for (const auto& [key, until] : holds->items())
            if (until.is_number_integer()) p.m_holds[key] = until.get<int64_t>();
    return p;
}

} // namespace earshot::core
