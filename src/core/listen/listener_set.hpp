// Listeners as the owner manages them (create, edit, pause, delete, with the
// query validated as X will see it), and the polling plan: which listeners
// are polled together, what search runs next and why not now, and linking a
// fetched post to every listener it matches so it is stored once. Pure logic,
// tested natively.
//
// [SECTION] ListenerSet — create / edit / pause / delete, stable ids and link bits
// [SECTION] Serialisation — every Listener field as JSON
// [SECTION] Overlaps — one fetched post linked to all the listeners it matches
// [SECTION] Poll groups — one search for many listeners, each post read once (listeners_poll.cpp)
// [SECTION] PollScheduler — what runs next, and why not now (listeners_poll.cpp)
#pragma once

#include "core/index/mention_index.hpp"
#include "core/listen/listener.hpp"
#include "core/store/mention_store.hpp"
#include "core/query/query.hpp"
#include "core/listen/spend.hpp"
#include "core/listen/x_search.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace earshot::core {

// [SECTION] ListenerSet

/// What the owner edits on a listener.
struct ListenerSettings {
    std::string name;
    std::string query; ///< X search syntax
    uint32_t sources = source_bit(Source::X);
    int interval_minutes = 60;
    uint64_t daily_cap_posts = 100; ///< 0 = no cap of its own (the monthly cap still holds)
};

/// The settings of an existing listener (to fill an edit form).
ListenerSettings settings_of(const Listener& l);

enum class ListenerField : uint8_t { Name, Query, Sources, Interval, DailyCap, Limit };

/// Why a listener was refused: the field and, for the query, the 1-based
/// column of the problem (as QueryError gives it; 0 when it is the whole field).
struct ListenerError {
    ListenerField field = ListenerField::Name;
    size_t column = 0;
    std::string message;
    /// "column 14: expected …" for the query, the message otherwise.
    std::string to_string() const;
};

/// The owner's listeners. Ids are stable (made from the name once, never
/// changed by a rename); each listener owns one MentionStore link bit, kept
/// for as long as it exists. A deleted listener's bit is *retired*, not
/// reused, because sealed segments still carry it; retired_bits() lets the app
/// unlink those mentions, then release_bits() makes the bits free again.
class ListenerSet {
  public:
    static constexpr int kMaxListeners = 64; ///< MentionStore's link mask is 64 bits
    static constexpr int kMinIntervalMinutes = 5;
    /// X's recent search reaches back 7 days; polling less often than that would lose posts.
    static constexpr int kMaxIntervalMinutes = 6 * 24 * 60;
    static constexpr size_t kMaxNameLength = 80;

    ListenerSet() = default;
    /// Adopts listeners as stored (e.g. Store::load). Listeners without a bit
    /// get their position, which is how older code linked their mentions;
    /// missing or repeated ids are made unique.
    explicit ListenerSet(std::vector<Listener> listeners, uint64_t retired_bits = 0);

    const std::vector<Listener>& all() const { return m_listeners; }
    size_t size() const { return m_listeners.size(); }
    const Listener* find(const std::string& id) const;
    /// For recording run results (newest_id, last_sync, posts_read, resume);
    /// change settings through edit() so they are validated.
    Listener* find(const std::string& id);
    /// Position in all(), or -1.
    int index_of(const std::string& id) const;

    /// Checks settings as create/edit would (`except_id`: the listener being edited).
    std::optional<ListenerError> validate(const ListenerSettings& s,
                                          const std::string& except_id = {}) const;

    /// Adds a listener; returns its new id (from `id_hint`, else the name, made unique).
    std::variant<std::string, ListenerError> create(const ListenerSettings& s,
                                                    std::string_view id_hint = {});
    /// Adds a listener built elsewhere (a template from profile.hpp), keeping its
    /// kind and poll state; validated like create. Returns its id.
    std::variant<std::string, ListenerError> add(Listener l);

    /// Changes a listener's settings. A changed query drops an interrupted
    /// run (its page token belongs to the old query) and, by default, keeps
    /// since_id: only posts from now on are read, never a post twice (and
    /// read_from_id records that, for its poll group's catch-ups).
    /// `backfill` asks for the past 7 days of the new query instead (they cost
    /// money, and posts already stored are read again; estimate first).
    std::optional<ListenerError> edit(const std::string& id, const ListenerSettings& s,
                                      bool backfill = false);

    /// False when no listener has that id.
    bool set_paused(const std::string& id, bool paused);
    bool remove(const std::string& id);

    /// MentionStore bit of a listener (its bit, or its position when unassigned).
    static uint64_t mask_of(const Listener& l, size_t position);
    uint64_t retired_bits() const { return m_retired; }
    /// Frees retired bits once no stored mention carries them any more.
    void release_bits(uint64_t mask) { m_retired &= ~mask; }

    /// {"listeners":[…], "retired_bits":N}; every Listener field kept.
    nlohmann::json to_json() const;
    /// Reads to_json()'s output; unreadable entries are skipped, not guessed.
    static ListenerSet from_json(const nlohmann::json& doc);

  private:
    std::optional<ListenerError> check_limit() const;
    std::string unique_id(std::string_view hint) const;
    int free_bit() const;

    std::vector<Listener> m_listeners;
    uint64_t m_retired = 0;
};

// [SECTION] Serialisation

/// Every field of a Listener, for storage (Store's manifest keeps seven).
nlohmann::json listener_to_json(const Listener& l);
/// Missing or mistyped fields keep their defaults.
Listener listener_from_json(const nlohmann::json& j);

// [SECTION] Overlaps

/// The listeners' queries parsed once, to tell which listeners a fetched post
/// matches locally (Query::matches has X's semantics).
class ListenerMatcher {
  public:
    explicit ListenerMatcher(const std::vector<Listener>& listeners);
    /// Link bits of every listener whose query matches `m` and that listens to
    /// m's source (a local-only listener, sources == 0, takes posts from any source).
    uint64_t match(const Mention& m) const;
    /// Of the listeners in `among`, those whose query could match `m` were its
    /// text not cut short (Query::may_match_uncut).
    uint64_t may_match(const Mention& m, uint64_t among) const;
    /// Whether these listeners have the queries, links and sources this matcher was
    /// built from, so it can be kept rather than parsed again.
    bool built_for(const std::vector<Listener>& listeners) const;

  private:
    struct Entry {
        Query query;
        uint64_t mask;
        uint32_t sources;
    };
    struct Key {
        std::string query;
        uint64_t mask;
        uint32_t sources;
    };
    static Key key_of(const Listener& l, size_t position);
    std::vector<Entry> m_entries;
    std::vector<Key> m_built_from;
};

/// The link mask to upsert each post of a page with: every listener that
/// matches it locally. A post is then stored once and shows at once under
/// every listener it belongs to; a local-only listener never needs to fetch at
/// all. A post that none of the listeners it was fetched for (`fetched_for_mask`,
/// the run's members) matches locally — X matched what we do not see, e.g. the
/// part of a repost X cut off — is linked to those members whose query could
/// match it (a "-is:retweet" one cannot), or else to all of them, rather than lost.
std::vector<uint64_t> link_page(const std::vector<Mention>& page, uint64_t fetched_for_mask,
                                const ListenerMatcher& matcher);

/// Links `l` (bit `mask`) to the stored mentions its query matches, from the
/// sources it listens to: what its poll group read before it joined, which its
/// catch-up leaves out. `candidates` (e.g. from MentionIndex::search) limits
/// the positions checked; null checks them all. Returns the positions that
/// gained the link (their records need writing again).
std::vector<size_t> link_stored(MentionStore& store, const Listener& l, uint64_t mask,
                                const std::vector<uint32_t>* candidates = nullptr);

/// What a page of a run costs each member (`member_masks`, in run order): the
/// posts linked to it, plus posts X counted but no one could read (they may
/// have been anyone's). A post shared by two members counts for both; the
/// workspace pays for it once (SpendGuard::record_shared).
std::vector<uint64_t> member_charges(const std::vector<uint64_t>& page_masks,
                                     const std::vector<uint64_t>& member_masks,
                                     uint64_t unreadable);

// [SECTION] Poll groups
//
// X charges per post read and cannot exclude posts by id, so listeners whose
// queries overlap would each pay for the posts they share. Instead the active
// X listeners are packed into groups searched as one query "(q1) OR (q2) …"
// (at most 512 characters): each post is read, and paid for, once, then linked
// to every listener it matches.
//
// The group's cursor is its members' own Listener::newest_id, the same on
// every member after each group poll; the group's newest id is the largest.
// A member behind it (new, resumed after a pause, back from its daily cap,
// moved from another group) first catches up alone — or with the others
// behind at the same point — with "(q) -((q1) OR …)": since its own newest id,
// until the group's, leaving out the posts of members that have read that
// window already. After the catch-up its cursor equals the group's and it
// joins. link_stored() gives it the stored posts it left out.
//
// An interrupted run's cursor is stored on *every* member of that run (same
// RunCursor, which names its query), so the run is found again whichever
// member is paused or deleted meanwhile; the members still there finish it.
// If they are fewer than before, the query differs and the run continues below
// the oldest post read instead of with the page token: no page is read twice.

/// Listeners searched together, in listener order.
struct PollGroup {
    std::vector<std::string> members;
    std::string query; ///< the wire query of all of them (≤ 512 characters)
};

/// Packs the listeners that poll X and are not paused into groups whose
/// combined wire query fits 512 characters. Listeners whose queries share words,
/// tags or handles (not excluded ones) are likely to match the same posts, so
/// they are put together first, the pairs sharing most first; the rest go in
/// first fit, in listener order. The packing depends only on the listeners'
/// queries and order, so it does not shift from poll to poll. A listener stopped by
/// its own daily cap stays in its group (so the packing does not shift) but
/// sits out its runs until the cap lifts; then it catches up.
std::vector<PollGroup> poll_groups(const std::vector<Listener>& listeners);

/// Stored posts each pair of listeners shares (by listener id, the smaller id
/// first): the best guess of what two listeners' next polls will share, so the
/// exclusions of cross-group catch-ups name the listeners that overlap most.
using SharedPosts = std::map<std::pair<std::string, std::string>, size_t>;
SharedPosts count_shared_posts(const std::vector<Listener>& listeners, const MentionStore& store);

/// The next search `group` needs, in this order: finish an interrupted run;
/// bring members behind the group's newest id up to it; catch up to another
/// group that read further, leaving out its posts; the group's poll.
/// Only listeners with `may_read[i]` true (by position in `listeners`) take
/// part. Empty when none may read.
PollRun next_group_run(const PollGroup& group, const std::vector<Listener>& listeners,
                       const std::vector<bool>& may_read, const SharedPosts* shared = nullptr);

/// The run's members still in `set` (one deleted meanwhile is skipped).
std::vector<Listener*> members_of(ListenerSet& set, const PollRun& run);
std::vector<const Listener*> members_of(const ListenerSet& set, const PollRun& run);

/// After each response of `run` (read by `search`): links the page's posts
/// (link_page), records what X billed once for the workspace and what each
/// member is charged (member_charges) in `spend` and Listener::posts_read, and
/// keeps the run's cursor on every member. Returns each post's link mask.
std::vector<uint64_t> record_page(ListenerSet& set, const PollRun& run, const XSearchRun& search,
                                  const std::vector<Mention>& page, SpendGuard& spend, int64_t now);

/// `run` is complete (XSearchRun Done with `newest`, or nothing_to_read with
/// its newest_floor): its members reach `newest`, are synced now and drop
/// their cursor. A run that left out what its group read links its members to
/// those stored posts (link_stored; `index` narrows the search when given).
/// Returns the store positions that gained links.
std::vector<size_t> finish_run(ListenerSet& set, const PollRun& run, const std::string& newest,
                               MentionStore& store, int64_t now,
                               const MentionIndex* index = nullptr);

// [SECTION] PollScheduler

/// Why a listener is not polled now.
enum class PollWait : uint8_t {
    Ready,       ///< may run now
    Queued,      ///< its group runs another step first (a catch-up, or an interrupted run)
    Paused,      ///< the owner paused it
    NotPolled,   ///< polls no source this scheduler runs (no X in its sources)
    RateLimited, ///< X's rate limit is spent until `until`
    Backoff,     ///< its last poll failed; retried at `until`
    DailyCap,    ///< its daily cap is reached until `until`
    MonthlyCap,  ///< the workspace's monthly cap is reached until `until` (0: until raised)
    NotDue,      ///< polled recently; due at `until`
};

struct PollStatus {
    std::string listener_id;
    PollWait wait = PollWait::Ready;
    int64_t until = 0; ///< Unix seconds when the wait ends (0: when the owner acts)
    std::string text;  ///< for the owner: "Next poll in 25 min", the cap message, …
    int group = -1;    ///< index in PollDecision::groups (-1: polled with no one)
};

struct PollDecision {
    PollRun run;         ///< the search to run now; empty when none
    int max_results = 0; ///< for its first request (the smallest allowance of its members)
    int64_t next_at =
        0; ///< when nothing runs: the earliest time something may (0: none until the owner acts)
    std::string why_not;               ///< when nothing runs: the reason, for the status bar
    std::vector<PollStatus> listeners; ///< one per listener, in order
    std::vector<PollGroup> groups;     ///< who is polled with whom
};

/// "Sync now": polls run whatever their schedule, once each.
struct PollOptions {
    bool ignore_schedule = false;
    /// Listeners already polled this round: a group poll whose members are
    /// all here is not run again (catch-ups and resumes still are).
    std::vector<std::string> polled;
    /// count_shared_posts() of the store, when the caller has it (see next_group_run).
    const SharedPosts* shared_posts = nullptr;
};

/// Decides, from the time, the listeners, the spend and what X last said,
/// which search runs next (see "Poll groups"). Unfinished runs go first, then
/// catch-ups, then the most overdue group poll (a group is due when its
/// soonest member is). A 429 holds every search until X's x-rate-limit-reset
/// (the limit is per app and endpoint), as does a response saying none
/// remain; failures back off 1, 2, 4 … minutes (at most the interval, and 60).
/// Runtime state only: after a reload the first 429 teaches it again.
class PollScheduler {
  public:
    /// X's rate-limit window, used when a 429 carries no reset header.
    static constexpr int64_t kDefaultWindow = 15 * 60;

    PollDecision decide(int64_t now, const std::vector<Listener>& listeners,
                        const SpendGuard& spend, const PollOptions& options = {}) const;

    /// After every search response (the run's state after consume()); a
    /// failure backs off every member of the run.
    void on_response(const std::vector<std::string>& members, const HttpResponse& response,
                     XSearchRun::State state, int64_t now);
    void on_response(const std::string& listener_id, const HttpResponse& response,
                     XSearchRun::State state, int64_t now) {
        on_response(std::vector<std::string>{listener_id}, response, state, now);
    }

    /// Earliest time X may be searched again (0 when not held back).
    int64_t next_allowed_time() const { return m_hold_until; }
    bool rate_limited(int64_t now) const { return m_hold_until > now; }

  private:
    struct Failure {
        int count = 0;
        int64_t retry_at = 0;
    };
    /// When `l` may be retried after failures (0: not backing off).
    int64_t retry_time(const Listener& l, int64_t now) const;
    int64_t m_hold_until = 0;
    std::map<std::string, Failure> m_failures;
};

/// "in 12 min", "in 1 h 5 min", "in 2 days" (for waits shown to the owner).
std::string format_wait(int64_t seconds);

} // namespace earshot::core
