// One search against X's recent search — for one listener, or for a poll group
// of several at once — builds each request, reads each response, follows
// next_token to the end. Also the combined and excluding queries of poll
// groups. Pure logic; the platform does the HTTP and hands the responses back
// (so it is tested natively).
#pragma once

#include "core/listen/http_response.hpp"
#include "core/listen/listener.hpp"
#include "core/model/mention.hpp"
#include "core/model/result.hpp"
#include "core/text/text.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace earshot::core {

struct RateLimit {
    std::optional<int64_t> limit, remaining, reset; ///< reset: Unix seconds
};

/// Reads x-rate-limit-* headers.
RateLimit read_rate_limit(const HttpResponse& r);


/// The query text sent to X: Query::to_x_query() when the listener's query
/// parses and fits (negated groups rewritten as X asks), else the text as written.
std::string x_wire_query(const std::string& query);

/// X ids are snowflakes: true when `a` is newer than `b` ("" is older than any id).
bool id_newer(const std::string& a, const std::string& b);

/// One search for several listeners: "(q1) OR (q2) …" as X takes it; an Error
/// when it passes 512 characters (or a query does not parse).
Result<std::string> combined_x_query(const std::vector<std::string>& queries);

/// What a catch-up sends: `queries` combined, leaving out what `exclude`
/// matches (posts its group read already; X cannot exclude posts by id).
struct ExcludingQuery {
    std::string query;            ///< wire query ("" when nothing_to_read)
    bool excludes = false;        ///< the exclusion is in the query
    bool nothing_to_read = false; ///< the queries lie within an excluded one
};
/// Falls back to no exclusion (excludes = false) when it would pass 512
/// characters or break X's rules; the caller then says a post may be paid twice.
ExcludingQuery excluding_x_query(const std::vector<std::string>& queries,
                                 const std::vector<std::string>& exclude);

/// One search the PollScheduler planned (see listeners.hpp, "Poll groups").
struct PollRun {
    enum class Kind : uint8_t {
        Poll,    ///< the group's regular poll: everything new since the group's newest id
        CatchUp, ///< members behind the group read up to its newest id, then join it
        Resume,  ///< finishes an interrupted run (the cursor every member of it holds)
    };
    Kind kind = Kind::Poll;
    std::vector<std::string> members;  ///< listeners it reads for, in listener order
    std::vector<std::string> excluded; ///< listeners whose posts its query leaves out
    std::string query;                 ///< wire query
    std::string since_id, until_id;    ///< for a run not resumed
    /// A catch-up: the group's newest id, which its members reach when it ends
    /// (it reads only below it).
    std::string newest_floor;
    RunCursor resume; ///< Kind::Resume: the interrupted run
    /// The exclusion did not fit X's 512 characters (or rules): posts the group
    /// read already may be read, and paid for, again. The one place that happens.
    bool exclusion_dropped = false;
    /// A catch-up (or a resume) whose query lies within a member's it leaves
    /// out: nothing to fetch; its members join at once (link_stored gives them
    /// what the group read).
    bool nothing_to_read = false;
    /// A catch-up to another group's newest id that opens this group's due poll
    /// (see cross-group catch-ups in listeners_poll.cpp): scheduled as the poll
    /// is, leaves last_sync alone, and the poll follows at once.
    bool leads_poll = false;
    bool empty() const { return members.empty(); }
};

class XSearchRun {
  public:
    enum class State { NeedRequest, Done, RateLimited, Failed };

    /// X accepts 10..100 posts a page.
    static constexpr int kMinPage = 10, kMaxPage = 100;

    /// A run of `listener` from its newest_id. When `listener.resume` holds an
    /// interrupted run, this run continues it (same since_id, the saved
    /// next_token) so no page already read is read again.
    explicit XSearchRun(const Listener& listener, int max_results = 100);
    /// Continues the run described by `cursor` (as cursor() returned it).
    XSearchRun(const Listener& listener, const RunCursor& cursor, int max_results = 100);
    /// A planned run: a group poll, a catch-up or a resume. A resume whose query
    /// is no longer the cursor's drops the page token and reads below the oldest
    /// post already read, so no page is read twice.
    explicit XSearchRun(const PollRun& run, int max_results = 100);

    /// Posts asked for in the next request, clamped to 10..100 (a spend cap
    /// lowers it; see SpendGuard::allowance).
    void set_max_results(int max_results);
    int max_results() const { return m_max_results; }

    /// Path and query under the X API root, e.g. "/2/tweets/search/recent?query=…".
    std::string request_path() const;

    /// Reads one response; appends its mentions to `out`.
    State consume(const HttpResponse& response, std::vector<Mention>& out);

    State state() const { return m_state; }
    int pages() const { return m_pages; }
    uint64_t posts_read() const { return m_posts_read; }
    /// The newest id seen by this run ("" when nothing new): the next since_id.
    /// A catch-up starts from its floor (the group's newest id).
    const std::string& newest_id() const { return m_newest_id; }
    /// For the user: what went wrong and what to do.
    const std::string& message() const { return m_message; }
    const RateLimit& rate_limit() const { return m_rate; }
    /// Problems inside otherwise good pages (partial errors, unreadable tweets).
    const std::vector<std::string>& warnings() const { return m_warnings; }

    /// X's token for the next page ("" before the first page and at the end).
    const std::string& next_token() const { return m_next_token; }
    /// Posts in the page consumed last (what X charges for that request).
    uint64_t last_page_posts() const { return m_last_page_posts; }
    /// What to keep in Listener::resume after each response: the position of
    /// an unfinished run, or an empty cursor when there is nothing to resume
    /// (the run is Done, or failed before reading anything).
    RunCursor cursor() const;

  private:
    std::string m_query, m_since_id, m_until_id, m_next_token;
    int m_max_results;
    State m_state = State::NeedRequest;
    int m_pages = 0;
    uint64_t m_posts_read = 0;
    uint64_t m_last_page_posts = 0;
    std::string m_newest_id, m_oldest_id, m_message;
    bool m_resumed = false;
    RateLimit m_rate;
    std::vector<std::string> m_warnings;
};

} // namespace earshot::core
