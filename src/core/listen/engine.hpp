// The listening engine: one sans-I/O state machine that runs every poll of
// every listener — poll groups, catch-ups, resumed runs, caps, 429 holds,
// linking, enrichment, the spend ledger and the commits. It never waits and
// never opens a socket: the platform hands it the time, HTTP responses and
// storage completions, and it answers with the requests to make and when to
// sync. The browser (IDBFS + fetch), `earshot-cli listen` (a folder +
// cpp-httplib) and the tests (an in-memory file system) drive this same code.
//
// Durability contract: a page's posts and the ledger entries that paid for
// them are committed in one manifest replacement (the ledger is never behind
// the posts), and that commit is synced before the next page is requested.
// After a crash nothing shown more than one page ago is lost, and a resumed
// run reads no page twice but the one that was in flight. (That is X's, which
// bills every page. Bluesky's and Mastodon's free pages do not wait for a sync:
// a crash can lose their last pages from the cache, and their cursors, which
// move only once a poll is committed whole, read them again.)
//
// [SECTION] Requests and the platform loop
// [SECTION] ListeningEngine
#pragma once

#include "core/analysis/analysis.hpp"
#include "core/index/mention_index.hpp"
#include "core/listen/free_sources.hpp"
#include "core/listen/listener_set.hpp"
#include "core/listen/spend.hpp"
#include "core/listen/x_search.hpp"
#include "core/store/mention_store.hpp"
#include "core/store/persistent_store.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace earshot::core {

// [SECTION] Requests and the platform loop
//
// The platform's loop, on every timer tick (a browser timer, a CLI loop, a test):
//   engine.tick(now);
//   for (EngineRequest& r : engine.take_requests())  start GET r.path, later
//       engine.on_response(r.id, response, now);
//   if (engine.sync_wanted()) { engine.on_sync_started(); start the sync; later
//       engine.on_sync_done(error); }

/// An HTTP GET the platform makes for the engine and answers with on_response().
struct EngineRequest {
    enum class Purpose : uint8_t {
        Sources, ///< GET /api/sources: which sources exist, demo or live
        Search,  ///< a page of a search run
        Counts,  ///< an estimate for one listener (free of charge)
        Free,    ///< a page of a free source's poll (Bluesky, Mastodon)
    };
    uint64_t id = 0;
    Purpose purpose = Purpose::Search;
    /// Under the proxy's root: "/api/sources", "/api/x/2/tweets/search/recent?…".
    std::string path;
    std::string listener_id; ///< Counts: whose estimate
};

// [SECTION] ListeningEngine

class ListeningEngine {
  public:
    /// Stores into `dir` of `fs` (the IDBFS mount, a folder, an in-memory test FS).
    ListeningEngine(FileSystem& fs, std::string dir);
    ListeningEngine(const ListeningEngine&) = delete;
    ListeningEngine& operator=(const ListeningEngine&) = delete;

    // [SECTION] Opening

    /// Reads what is stored (mentions, listeners, the spend ledger, the index
    /// snapshot) and asks the proxy which sources exist. A reader (`writer`
    /// false: another tab writes) polls nothing and writes nothing. Returns the
    /// problem to show, "" when all is well; whatever could be read is kept.
    std::string open(bool writer);
    /// Forgets everything in memory, answers still in flight included (before
    /// open() again, e.g. once another tab's writes are reloaded).
    void close();
    bool is_open() const { return m_open; }
    bool writer() const { return m_writer; }
    /// True when open() found stored mentions.
    bool loaded_from_cache() const { return m_loaded_from_cache; }

    // [SECTION] Inputs from the platform

    /// The time passes (Unix seconds): starts the search that is due, indexes a
    /// slice of what is not indexed yet, saves the index snapshot when due.
    void tick(int64_t now);
    /// Indexes up to `max` mentions not indexed yet. An import calls it with
    /// what it just stored, so indexing keeps pace in small slices instead of
    /// one long tick after.
    void index_more(size_t max);
    /// An index snapshot is being built, a slice per tick() or work_in_background()
    /// (indexing waits meanwhile; searches stay exact).
    bool snapshot_in_progress() const { return m_snapshot != nullptr; }
    /// One more slice of the snapshot in progress, for a platform that has time
    /// between frames (a slice is about a megabyte of the file).
    void work_in_background();
    /// The answer to take_requests()'s request `id` (one that arrives after
    /// close(), or twice, is ignored).
    void on_response(uint64_t id, const HttpResponse& response, int64_t now);
    /// The platform starts writing everything committed so far to durable storage.
    void on_sync_started();
    /// That sync finished: `error` is "" on success, else what the platform said
    /// ("QuotaExceededError: …"). Until a sync succeeds no page is requested.
    void on_sync_done(const std::string& error);

    // [SECTION] Outputs to the platform

    /// The requests to start now (each once).
    std::vector<EngineRequest> take_requests();
    /// Something was committed (or request_sync() was called) and no sync is running.
    bool sync_wanted() const;
    /// Files were written outside the engine (workflow, profile): sync them too.
    void request_sync() { m_dirty = true; }
    /// A sync is running, or one is wanted and storage works: a tab closed now
    /// would lose writes. (After a failed sync the writes wait for the retry;
    /// storage_problem() says so.)
    bool saving() const { return m_syncing || (m_dirty && m_storage_problem.empty()); }
    /// Nothing in flight, nothing to write, no run going and none wanted now.
    bool idle() const;
    /// Store positions whose listener links changed since last asked (a view
    /// built from mentions refreshes them).
    std::vector<size_t> take_relinked();
    /// When tick() next has something to do on its own (Unix seconds; 0: as soon
    /// as possible), so a native loop can sleep until then.
    int64_t next_wake() const;

    // [SECTION] The owner's actions

    /// "Sync now": every group polls once, whatever its schedule (never past
    /// the rate limit, the caps or a pause).
    void sync_now();
    /// Holds every search (onboarding: nothing is fetched until a profile is saved).
    void set_polling_allowed(bool allowed);
    std::optional<ListenerError> create_listener(const ListenerSettings& s);
    std::optional<ListenerError> edit_listener(const std::string& id, const ListenerSettings& s);
    void set_listener_paused(const std::string& id, bool paused);
    void remove_listener(const std::string& id);
    /// Adds listeners built elsewhere (starters from the profile); returns the
    /// first refusal, after adding the others.
    std::optional<ListenerError> add_listeners(const std::vector<Listener>& listeners);
    /// Replaces the listeners (the profile's starters brought in line);
    /// refused with the reason while the running poll holds one of `touched`.
    std::string replace_listeners(ListenerSet updated, const std::vector<std::string>& touched);
    /// Price per post and the monthly cap; the reason when refused.
    std::string set_spend_settings(const SpendSettings& settings);
    /// Asks X how many posts a listener's next poll would read (counts/recent)
    /// and what they would cost; see estimate_text().
    void estimate_listener(const std::string& id);
    std::string estimate_text(const std::string& id) const;
    /// Posts from a file the owner imported, kept like listened ones (their
    /// own source and id; enriched; linked to every listener whose query
    /// matches). `added` and `known` count new posts and ones already stored
    /// (refreshed, never duplicated). Nothing is written until commit_imported().
    /// The reason when this tab cannot keep them (another tab writes, storage
    /// refuses writes), "" otherwise.
    std::string import_mentions(std::vector<Mention>& batch, size_t& added, size_t& known);
    /// Seals what imports added into storage (a new segment: call it per
    /// thousands of posts, not per post). The reason when it failed; the posts
    /// stay shown and are written with the next commit.
    std::string commit_imported();
    /// An import is under way: the index snapshot (a whole-index write, due each
    /// time the cache grows by a quarter) waits for its end instead of being
    /// rewritten again and again while the posts pour in.
    void set_importing(bool importing) { m_importing = importing; }
    /// Posts per page at most (10..100; tests and `listen --page-size`).
    void set_page_limit(int posts) { m_page_limit = posts; }

    // [SECTION] Reading

    const MentionStore& mentions() const { return m_mentions; }
    /// The business's and competitors' names (their listeners' names), left out when a
    /// post's tone is read (ToneNames): for "why we think so" to name what the tone came from.
    const ToneNames& tone_names() const;
    const MentionIndex& index() const { return m_index; }
    /// Mentions covered by the index snapshot last saved or restored (0: none).
    size_t index_snapshot_covers() const { return m_store.index_snapshot_size(); }
    const ListenerSet& listener_set() const { return m_listeners; }
    const std::vector<Listener>& listeners() const { return m_listeners.all(); }
    const SpendGuard& spend() const { return m_spend; }
    const PollScheduler& scheduler() const { return m_scheduler; }
    /// Why each listener is or is not polled now, and who shares a search.
    const PollDecision& poll_plan() const { return m_plan; }
    /// The search going on, if any.
    const std::optional<XSearchRun>& run() const { return m_run; }
    const PollRun& run_plan() const { return m_run_plan; }
    uint64_t runs_started() const { return m_runs_started; }
    bool polling(const std::string& listener_id) const;
    /// X's mode: "demo", "live", or "" until the proxy said.
    const std::string& source_mode() const { return m_source_mode; }
    /// Every source the proxy offers, and how.
    const SourceDirectory& sources() const { return m_free.directory(); }
    /// Bluesky's and Mastodon's polling: cursors, holds, problems, plans.
    const FreeSourcePoller& free_sources() const { return m_free; }
    /// A free source's poll is running (or its next page waits to be asked
    /// for), or one is due now: "syncing" has no gap between two polls.
    bool polling_free() const { return m_free_request.has_value() || free_poll_due(); }
    bool sources_known() const { return m_sources_known; }
    const RateLimit& rate_limit() const { return m_rate; }
    int64_t last_sync() const;
    uint64_t storage_bytes() const { return m_store.bytes(); }
    bool read_only_storage() const { return m_store.read_only(); }
    /// Mentions linked to a listener.
    size_t listener_mentions(const Listener& l) const;
    /// The newest problem with polling or loading, "" when all is well. Storage that
    /// opened read-only (damaged, or a newer Earshot's) says why for as long as it is:
    /// every later refusal to save only points back to that reason.
    const std::string& problem() const { return m_store.read_only() ? m_store.read_only_reason() : m_problem; }
    /// The last sync's failure, until one succeeds ("" when none).
    const std::string& storage_problem() const { return m_storage_problem; }
    /// Commits made / known durable (the durability contract, for tests and the status bar).
    uint64_t commits() const { return m_commits; }
    uint64_t durable_commits() const { return m_durable; }

  private:
    uint64_t send(EngineRequest::Purpose purpose, std::string path, std::string listener_id = {});
    void on_sources(const HttpResponse& r);
    bool sources_in_flight() const;
    void on_counts(const std::string& listener_id, const HttpResponse& r, int64_t now);
    void poll_free_sources(int64_t now);
    bool free_poll_due() const;
    void on_free_page(const HttpResponse& r, int64_t now);
    void plan_and_start(int64_t now);
    void start_run(const PollRun& run, int max_results, int64_t now);
    void request_page();
    void on_page(const HttpResponse& response, int64_t now);
    void end_run();
    void store_page(std::vector<Mention>& page, const std::vector<uint64_t>& masks);
    const ListenerMatcher& listener_matcher();
    void finish_members(const PollRun& run, const std::string& newest, int64_t now);
    bool commit();
    bool durable() const { return m_durable >= m_commits && !m_commit_deferred && m_to_write.empty(); }
    void save_index_snapshot_when_due();
    void continue_index_snapshot();
    int page_size(int allowance) const;

    Store m_store;
    bool m_open = false, m_writer = false, m_loaded_from_cache = false;
    MentionStore m_mentions;
    MentionIndex m_index;
    ListenerSet m_listeners;
    SpendGuard m_spend;
    PollScheduler m_scheduler;
    PollDecision m_plan;
    SharedPosts m_shared;
    std::pair<size_t, size_t> m_shared_shape{SIZE_MAX, SIZE_MAX};
    bool m_shared_dirty = true;

    // Requests
    uint64_t m_next_id = 1;
    std::vector<EngineRequest> m_outbox;
    std::map<uint64_t, EngineRequest> m_in_flight;
    std::string m_source_mode;
    bool m_sources_known = false;
    int64_t m_sources_retry_at = 0;
    std::map<std::string, std::string> m_estimates;

    // The search going on
    std::optional<XSearchRun> m_run;
    bool m_importing = false;
    PollRun m_run_plan;
    bool m_page_wanted = false; ///< the next page waits for the last commit's sync
    uint64_t m_runs_started = 0;
    bool m_force_all = false;
    std::vector<std::string> m_forced;
    bool m_polling_allowed = true;
    int64_t m_next_plan_at = 0; ///< 0: plan at the next tick
    int m_page_limit = XSearchRun::kMaxPage;
    RateLimit m_rate;

    // The free sources: one page in flight at a time, each committed as it
    // arrives; see poll_free_sources().
    FreeSourcePoller m_free;
    std::optional<FreeRequest> m_free_request; ///< in flight, or the next page waiting
    std::optional<ListenerMatcher> m_matcher;  ///< the listeners' queries parsed, kept while they hold
    mutable std::vector<std::string> m_tone_name_list; ///< what m_tone_names was built from
    mutable ToneNames m_tone_names;
    bool m_free_in_flight = false;

    // Writing
    std::vector<size_t> m_to_write; ///< positions in m_mentions for the next commit (kept when one fails)
    uint64_t m_commits = 0, m_durable = 0, m_sync_covers = 0;
    bool m_dirty = false, m_syncing = false, m_commit_deferred = false;
    int64_t m_now = 0, m_sync_retry_at = 0;
    size_t m_snapshot_failed_at = 0;
    std::unique_ptr<IndexSnapshotJob> m_snapshot; ///< reads m_index: reset before it changes
    std::vector<size_t> m_relinked;

    std::string m_problem, m_storage_problem;
};

} // namespace earshot::core
