// Listeners as the owner manages them (create, edit, pause, delete, with the
// query validated as X will see it), and the polling plan: which listener to
// poll next and why not now, and linking a fetched post to every listener it
// matches so it is stored once. Pure logic, tested natively.
//
// [SECTION] ListenerSet — create / edit / pause / delete, stable ids and link bits
// [SECTION] Serialisation — every Listener field as JSON
// [SECTION] Overlaps — one fetched post linked to all the listeners it matches
// [SECTION] PollScheduler — what runs next, and why not now
#pragma once

#include "core/listener.hpp"
#include "core/query.hpp"
#include "core/spend.hpp"
#include "core/x_sync.hpp"

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
    /// since_id: only posts from now on are read, never a post twice.
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

  private:
    struct Entry {
        Query query;
        uint64_t mask;
        uint32_t sources;
    };
    std::vector<Entry> m_entries;
};

/// The link mask to upsert each post of a page with: the listener it was
/// fetched for, plus every other listener that matches it locally. A post is
/// then stored once and shows at once under every listener it belongs to;
/// a local-only listener never needs to fetch at all. (X's search cannot
/// exclude posts by id, so an overlapping listener that polls X itself is
/// still sent those posts by its own query; make it local-only to avoid that.)
std::vector<uint64_t> link_page(const std::vector<Mention>& page, uint64_t fetched_for_mask,
                                const ListenerMatcher& matcher);

// [SECTION] PollScheduler

/// Why a listener is not polled now.
enum class PollWait : uint8_t {
    Ready,       ///< may run now
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
};

struct PollDecision {
    std::string run;     ///< listener to poll now; "" when none
    bool resume = false; ///< the run continues an interrupted one (Listener::resume)
    int max_results = 0; ///< for its first request (the spend allowance)
    int64_t next_at =
        0; ///< when nothing runs: the earliest time something may (0: none until the owner acts)
    std::string why_not;               ///< when nothing runs: the reason, for the status bar
    std::vector<PollStatus> listeners; ///< one per listener, in order
};

/// Decides, from the time, the listeners, the spend and what X last said,
/// which listener to poll next. Unfinished runs go first, then the most
/// overdue. A 429 holds every search until X's x-rate-limit-reset (the limit
/// is per app and endpoint), as does a response saying none remain; failures
/// back off 1, 2, 4 … minutes (at most the listener's interval, and 60).
/// Runtime state only: after a reload the first 429 teaches it again.
class PollScheduler {
  public:
    /// X's rate-limit window, used when a 429 carries no reset header.
    static constexpr int64_t kDefaultWindow = 15 * 60;

    PollDecision decide(int64_t now, const std::vector<Listener>& listeners,
                        const SpendGuard& spend) const;

    /// After every search response (the run's state after consume()).
    void on_response(const std::string& listener_id, const HttpResponse& response,
                     XSearchRun::State state, int64_t now);

    /// Earliest time X may be searched again (0 when not held back).
    int64_t next_allowed_time() const { return m_hold_until; }
    bool rate_limited(int64_t now) const { return m_hold_until > now; }

  private:
    struct Failure {
        int count = 0;
        int64_t retry_at = 0;
    };
    int64_t m_hold_until = 0;
    std::map<std::string, Failure> m_failures;
};

/// "in 12 min", "in 1 h 5 min", "in 2 days" (for waits shown to the owner).
std::string format_wait(int64_t seconds);

} // namespace earshot::core
