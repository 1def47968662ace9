// Polling the free sources, Bluesky and Mastodon: which listener's search is
// due, the request for its next page, and what an answer means (the posts, the
// cursor to keep, a rate-limit hold, the problem in words). It never does I/O
// and never stores posts: the listening engine sends its requests, filters
// what comes back with each listener's query, links it and commits it.
//
// Cursors are kept per (listener, planned request): Bluesky's `since` (the
// newest post time read) and Mastodon's `min_id` (the newest status id read on
// that server). Both services are free, so a poll cut short by a reload is
// simply asked again; only X's pages are never read twice (engine.hpp).
//
// [SECTION] The sources the proxy offers
// [SECTION] FreeSourcePoller
#pragma once

#include "core/listen/http_response.hpp"
#include "core/listen/listener.hpp"
#include "core/model/mention.hpp"
#include "core/model/result.hpp"
#include "core/query/source_requests.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace earshot::core {

// [SECTION] The sources the proxy offers

/// One entry of GET /api/sources.
struct SourceInfo {
    Source source = Source::X;
    std::string name; ///< "Bluesky"
    /// "demo", "live", or "" when the proxy does not offer it (not configured).
    std::string mode;
    std::string cost; ///< "free", "paid per post read"
};

struct SourceDirectory {
    std::vector<SourceInfo> sources;
    std::vector<std::string> mastodon_servers; ///< host names the proxy listens to
    std::string mastodon_search_server;        ///< where a token allows search, "" none
    bool known = false;                        ///< the proxy answered, naming a source

    const SourceInfo* find(Source s) const;
    /// The proxy offers it: polling it can work.
    bool offers(Source s) const;
    /// Its mode, "" when not offered.
    std::string mode(Source s) const;
};

/// Reads /api/sources. Any shape is read without an exception: what cannot be
/// read is left out (an unreadable answer gives an empty, unknown directory).
SourceDirectory read_source_directory(const HttpResponse& r);

// [SECTION] FreeSourcePoller

/// What the owner sees of one free source (the status bar, Settings).
struct FreeSourceStatus {
    int64_t last_answer = 0;  ///< Unix seconds of the last good answer, 0 never
    int64_t held_until = 0;   ///< no request before this (a 429, a failed login)
    std::optional<int> remaining, limit; ///< the service's rate-limit window, when it says
    uint64_t posts_seen = 0;  ///< posts its answers held since the engine opened
    std::string problem;      ///< "" when all is well
};

/// One page of a free source's poll.
struct FreeRequest {
    std::string listener_id;
    Source source = Source::Bsky;
    std::string planned; ///< the planned search (SourcePlan::requests), the cursor's key
    std::string path;    ///< planned plus paging: what the platform GETs
    int page = 0;        ///< pages of this poll before this one
    bool first = false;  ///< no cursor yet: a bounded look back instead
    std::string newest;  ///< newest position read by this poll so far
};

struct FreeAnswer {
    std::vector<Mention> posts;      ///< every post read (not yet filtered by query)
    std::optional<FreeRequest> next; ///< the next page of the same poll
};

class FreeSourcePoller {
  public:
    /// How far back a listener's first poll reads.
    static constexpr int64_t kLookBackSeconds = 7 * 24 * 3600;
    /// Bluesky asks that search serve people, not tight loops.
    static constexpr int64_t kBskyFloorSeconds = 5 * 60;
    static constexpr int64_t kMastodonFloorSeconds = 60;
    /// Pages one poll reads at most (100 posts each on Bluesky, 40 on Mastodon):
    /// a first poll's week can be long, a later poll's new posts are few. A
    /// service searches a superset of the query, so many pages may hold few posts kept.
    static constexpr int kMaxFirstPages = 25;
    static constexpr int kMaxPages = 10;

    void set_directory(SourceDirectory d);
    const SourceDirectory& directory() const { return m_directory; }

    /// The plan of `l`'s query on `s` (what cannot be translated is said in it).
    SourcePlan plan(const Listener& l, Source s) const;
    /// The first page of the poll due most, if any is due now.
    std::optional<FreeRequest> next_due(const std::vector<Listener>& listeners, int64_t now);
    /// When the next poll falls due (Unix seconds; 0 none planned).
    int64_t next_due_at(const std::vector<Listener>& listeners) const;
    /// Reads an answer to `request`.
    FreeAnswer on_answer(const FreeRequest& request, const HttpResponse& r, int64_t now);
    /// "Sync now": every poll of `listeners` is due once, within each service's floor.
    void sync_now(const std::vector<Listener>& listeners);
    /// Cursors of listeners or queries that are gone are dropped.
    void forget_unplanned(const std::vector<Listener>& listeners);

    const FreeSourceStatus& status(Source s) const;
    /// The cursor kept for a (listener, planned request), "" none.
    std::string cursor(const std::string& listener_id, const std::string& planned) const;

    /// Cursors and holds, for the manifest; from_json() of "" is a fresh poller.
    std::string to_json() const;
    static Result<FreeSourcePoller> from_json(const std::string& text);

  private:
    struct Cursor {
        std::string position; ///< Bluesky: ISO time; Mastodon: status id
        int64_t polled_at = 0;
    };
    struct Due {
        const Listener* listener;
        Source source;
        std::string planned;
        int64_t at;
    };
    std::vector<Due> polls(const std::vector<Listener>& listeners) const;
    const std::vector<std::string>& planned(const Listener& l, Source s) const;
    FreeRequest first_page(const Due& d, int64_t now) const;
    std::optional<FreeRequest> next_page(const FreeRequest& req, const HttpResponse& r, const FreeAnswer& a,
                                         int64_t now);
    void finish(const FreeRequest& req, const std::string& newest, int64_t now);
    void fail(const FreeRequest& req, const HttpResponse& r, int64_t now);
    FreeSourceStatus& status_of(Source s) { return m_status[static_cast<size_t>(s)]; }
    static std::string hold_key(const FreeRequest& req);
    int64_t held_until(Source s, const std::string& planned) const;

    SourceDirectory m_directory;
    std::map<std::string, Cursor> m_cursors; ///< listener id + '\n' + planned
    std::map<std::string, int64_t> m_holds;  ///< "bsky" or "mastodon/<host>" → until
    std::set<std::string> m_forced; ///< cursor keys "Sync now" asked for, until polled
    FreeSourceStatus m_status[4];
    /// Plans by (source, query), made again when the directory changes.
    mutable std::map<std::pair<int, std::string>, SourcePlan> m_plans;
};

/// A Mastodon Link header's `param` on the link of relation `rel`
/// ("max_id" of rel="next"), "" when absent.
std::string link_param(const std::string& link, const std::string& rel, const std::string& param);
/// The largest status id in a Mastodon answer (an array or a search envelope),
/// "" none. Ids are compared as numbers of any length.
std::string newest_status_id(const std::string& body);
/// The smallest, "" none.
std::string oldest_status_id(const std::string& body);
/// True when Mastodon id `a` is newer than `b` ("" is older than any).
bool status_id_newer(const std::string& a, const std::string& b);

} // namespace earshot::core
