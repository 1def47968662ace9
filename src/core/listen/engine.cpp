// ListeningEngine: open → ask for the sources → plan the search the scheduler
// picks (a group's poll, a catch-up, an interrupted run) → read it page by
// page within the spend guard, each page enriched, linked, committed with the
// ledger that paid for it and synced before the next is asked for.
//
// [SECTION] Opening
// [SECTION] Requests and answers
// [SECTION] Runs
// [SECTION] Free sources
// [SECTION] Importing
// [SECTION] Writing
// [SECTION] The owner's actions
#include "core/listen/engine.hpp"

#include "core/analysis/analysis.hpp"
#include "core/listen/profile.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace earshot::core {

namespace {

int bit_of(uint64_t mask) {
    int b = 0;
    while (b < 64 && !(mask & (uint64_t{1} << b))) ++b;
    return b;
}

constexpr int64_t kSyncRetrySeconds = 5; ///< after a failed sync (a full quota): not every tick
constexpr size_t kIndexSlice = 20000;     ///< mentions indexed per tick after a load
constexpr size_t kSnapshotSliceBytes = 1 << 20; ///< of the index snapshot built per tick
constexpr int64_t kSourcesRetrySeconds = 30; ///< after the proxy could not be reached

} // namespace

ListeningEngine::ListeningEngine(FileSystem& fs, std::string dir) : m_store(fs, std::move(dir)) {}

// [SECTION] Opening

std::string ListeningEngine::open(bool writer) {
    close();
    m_open = true;
    m_writer = writer;
    std::string problem;
    std::vector<Listener> stored;
    Result<bool> loaded = m_store.load(m_mentions, stored);
    if (!loaded) problem = loaded.error();
    // A snapshot of the index spares re-tokenizing every stored text; without one
    // (or one that does not match) tick() builds the index in slices.
    if (loaded.ok()) (void)m_store.load_index(m_index, m_mentions);
    m_loaded_from_cache = loaded.ok() && loaded.value();
    m_listeners = ListenerSet(std::move(stored), m_store.extras().retired_listener_bits);
    if (!m_store.extras().spend_json.empty()) {
        Result<SpendGuard> spend = SpendGuard::from_json(m_store.extras().spend_json);
        if (spend) m_spend = spend.value();
        else problem = "Spending figures could not be read (" + spend.error() + "); the caps start afresh.";
    }
    Result<FreeSourcePoller> free = FreeSourcePoller::from_json(m_store.extras().free_sources_json);
    if (free) m_free = std::move(free).value(); // else the cursors start afresh: both sources are free to read again
    m_problem = problem;
    send(EngineRequest::Purpose::Sources, "/api/sources");
    return problem;
}

void ListeningEngine::close() {
    m_open = false;
    m_snapshot.reset();
    m_mentions.clear();
    m_index.clear();
    m_listeners = ListenerSet();
    m_spend = SpendGuard();
    m_scheduler = PollScheduler();
    m_plan = PollDecision();
    m_shared.clear();
    m_shared_shape = {SIZE_MAX, SIZE_MAX};
    m_outbox.clear();
    m_in_flight.clear();
    m_source_mode.clear();
    m_sources_known = false;
    m_estimates.clear();
    m_run.reset();
    m_page_wanted = false;
    m_free = FreeSourcePoller();
    m_free_request.reset();
    m_free_in_flight = false;
    m_force_all = false;
    m_forced.clear();
    m_next_plan_at = 0;
    m_to_write.clear();
    m_relinked.clear();
    m_problem.clear();
    m_storage_problem.clear();
    // Commits already made stay made: a sync still running covers them.
}

// [SECTION] Requests and answers

uint64_t ListeningEngine::send(EngineRequest::Purpose purpose, std::string path, std::string listener_id) {
    EngineRequest r{m_next_id++, purpose, std::move(path), std::move(listener_id)};
    m_in_flight[r.id] = r;
    m_outbox.push_back(std::move(r));
    return m_outbox.back().id;
}

std::vector<EngineRequest> ListeningEngine::take_requests() {
    std::vector<EngineRequest> out;
    out.swap(m_outbox);
    return out;
}

void ListeningEngine::on_response(uint64_t id, const HttpResponse& response, int64_t now) {
    auto it = m_in_flight.find(id);
    if (it == m_in_flight.end() || !m_open) return;
    const EngineRequest request = std::move(it->second);
    m_in_flight.erase(it);
    m_now = std::max(m_now, now);
    switch (request.purpose) {
    case EngineRequest::Purpose::Sources: on_sources(response); break;
    case EngineRequest::Purpose::Counts: on_counts(request.listener_id, response, now); break;
    case EngineRequest::Purpose::Search:
        if (m_run) on_page(response, now);
        break;
    case EngineRequest::Purpose::Free:
        if (m_free_in_flight) on_free_page(response, now);
        break;
    }
}

bool ListeningEngine::sources_in_flight() const {
    for (const auto& [id, r] : m_in_flight)
        if (r.purpose == EngineRequest::Purpose::Sources) return true;
    return false;
}

void ListeningEngine::on_sources(const HttpResponse& r) {
    SourceDirectory directory = read_source_directory(r);
    m_source_mode = directory.mode(Source::X);
    m_sources_known = true;
    if (!directory.known) {
        if (m_mentions.size() == 0) m_problem = "The Earshot proxy cannot be reached; start it with scripts/run.";
        m_force_all = false;                       // nothing can be polled this round
        m_sources_retry_at = m_now + kSourcesRetrySeconds; // asked again: the proxy may come up
    } else if (m_problem.rfind("The Earshot proxy cannot be reached", 0) == 0) {
        m_problem.clear();
    }
    m_free.set_directory(std::move(directory));
    if (m_source_mode == "demo") {
        // The demo source is free: reading it must not eat into a real budget.
        SpendSettings free = m_spend.settings();
        free.price_per_post = 0;
        m_spend.set_settings(free);
    }
    m_next_plan_at = 0;
}

void ListeningEngine::on_counts(const std::string& id, const HttpResponse& r, int64_t now) {
    const Listener* l = m_listeners.find(id);
    Result<PostCounts> counts = parse_counts(r);
    if (!l) m_estimates.erase(id);
    else if (!counts) m_estimates[id] = "No estimate: " + counts.error();
    else m_estimates[id] = m_spend.estimate(*l, counts->total, now).text;
}

void ListeningEngine::estimate_listener(const std::string& id) {
    const Listener* l = m_listeners.find(id);
    if (!l || m_source_mode.empty()) return;
    for (const auto& [rid, r] : m_in_flight)
        if (r.purpose == EngineRequest::Purpose::Counts && r.listener_id == id) return;
    m_estimates[id] = "Asking X how many posts…";
    send(EngineRequest::Purpose::Counts, "/api/x" + counts_request_path(*l, m_now), id);
}

std::string ListeningEngine::estimate_text(const std::string& id) const {
    auto it = m_estimates.find(id);
    return it == m_estimates.end() ? std::string() : it->second;
}

// [SECTION] Runs

void ListeningEngine::tick(int64_t now) {
    if (!m_open) return;
    m_now = std::max(m_now, now);
    // Indexing in slices keeps a million-mention start-up from freezing a frame;
    // searches stay exact meanwhile (unindexed mentions are checked one by one).
    index_more(kIndexSlice);
    if (m_sources_known && !m_free.directory().known && now >= m_sources_retry_at && !sources_in_flight()) {
        m_sources_known = false;
        send(EngineRequest::Purpose::Sources, "/api/sources");
    }
    // Nothing read could be kept in read-only storage: no page is bought for nothing.
    if (!m_writer || m_store.read_only()) return;
    if (m_run && m_page_wanted && durable() && m_storage_problem.empty()) request_page();
    if (!m_run && m_sources_known && !m_source_mode.empty() && m_polling_allowed && durable() &&
        m_storage_problem.empty() && now >= m_next_plan_at) {
        m_next_plan_at = now + 1; // the plan changes by the minute; once a second is plenty
        plan_and_start(now);
    }
    poll_free_sources(now);
    save_index_snapshot_when_due();
}

void ListeningEngine::index_more(size_t max) {
    if (!m_snapshot) m_index.update(m_mentions, max); // a snapshot being built needs the index still
}

int64_t ListeningEngine::next_wake() const {
    if (m_snapshot || !m_outbox.empty() || sync_wanted() || (m_run && m_page_wanted) || (m_free_request && !m_free_in_flight))
        return 0;
    if (m_run || !m_in_flight.empty()) return m_now + 1;
    if (!m_storage_problem.empty()) return std::max(m_now + 1, m_sync_retry_at);
    int64_t at = m_plan.next_at > 0 ? m_plan.next_at : m_now + 60;
    if (const int64_t free_at = m_free.next_due_at(m_listeners.all()); free_at > 0) at = std::min(at, free_at);
    return std::max(m_next_plan_at, std::min(at, m_now + 60));
}

bool ListeningEngine::idle() const {
    return !m_run && !m_free_request && m_in_flight.empty() && m_outbox.empty() && !m_dirty && !m_syncing &&
           !m_force_all && (m_sources_known || !m_open) && !free_poll_due();
}

void ListeningEngine::sync_now() {
    if (!m_open) return;
    m_free.sync_now(m_listeners.all());
    if (m_run) return;
    m_force_all = true;
    m_forced.clear();
    m_next_plan_at = 0;
}

void ListeningEngine::set_polling_allowed(bool allowed) {
    if (allowed && !m_polling_allowed) m_next_plan_at = 0;
    m_polling_allowed = allowed;
}

int ListeningEngine::page_size(int allowance) const {
    const int limit = std::clamp(m_page_limit, XSearchRun::kMinPage, XSearchRun::kMaxPage);
    return allowance > 0 ? std::min(allowance, limit) : limit;
}

void ListeningEngine::plan_and_start(int64_t now) {
    // "Sync now" runs every group once, whatever its schedule, but still obeys
    // the rate limit, the caps and pauses.
    PollOptions options;
    options.ignore_schedule = m_force_all;
    options.polled = m_forced;
    // Which listeners overlap, from what is stored: it picks what a catch-up leaves
    // out. Counted again only when mentions or listeners changed.
    const std::pair<size_t, size_t> shape{m_mentions.size(), m_listeners.size()};
    if (shape != m_shared_shape || m_shared_dirty) {
        m_shared = count_shared_posts(m_listeners.all(), m_mentions);
        m_shared_shape = shape;
        m_shared_dirty = false;
    }
    options.shared_posts = &m_shared;
    m_plan = m_scheduler.decide(now, m_listeners.all(), m_spend, options);
    if (m_plan.run.empty()) {
        m_force_all = false;
        return;
    }
    if (m_force_all && !m_plan.run.leads_poll) // the poll it opens still has to run
        m_forced.insert(m_forced.end(), m_plan.run.members.begin(), m_plan.run.members.end());
    start_run(m_plan.run, m_plan.max_results, now);
}

void ListeningEngine::start_run(const PollRun& run, int max_results, int64_t now) {
    ++m_runs_started;
    m_run_plan = run;
    if (run.nothing_to_read) { // its group has read everything it could find: join at once
        finish_members(run, run.newest_floor, now);
        commit();
        m_next_plan_at = 0;
        return;
    }
    m_run.emplace(run, page_size(max_results));
    m_page_wanted = true;
    request_page();
}

void ListeningEngine::request_page() {
    m_page_wanted = false;
    send(EngineRequest::Purpose::Search, "/api/x" + m_run->request_path());
}

bool ListeningEngine::polling(const std::string& id) const {
    return m_run && std::count(m_run_plan.members.begin(), m_run_plan.members.end(), id) > 0;
}

const ToneNames& ListeningEngine::tone_names() const {
    // The detail pane asks every frame: the names are compared in place, and copied and
    // rebuilt only when a business's listener was added, renamed or removed.
    const auto is_business = [](const Listener& l) { return l.kind == kMyBusiness || l.kind == kCompetitor; };
    size_t n = 0;
    bool same = true;
    for (const Listener& l : m_listeners.all())
        if (is_business(l)) same = same && n < m_tone_name_list.size() && m_tone_name_list[n++] == l.name;
    if (same && n == m_tone_name_list.size()) return m_tone_names;
    m_tone_name_list.clear();
    for (const Listener& l : m_listeners.all())
        if (is_business(l)) m_tone_name_list.push_back(l.name);
    m_tone_names = ToneNames(m_tone_name_list);
    return m_tone_names;
}

void ListeningEngine::store_page(std::vector<Mention>& page, const std::vector<uint64_t>& masks) {
    const ToneNames& names = tone_names();
    for (size_t i = 0; i < page.size(); ++i) {
        Mention& m = page[i];
        enrich(m, &names);
        const long known = m_mentions.index_of(m.id);
        const uint64_t before = known >= 0 ? m_mentions.listeners_of(static_cast<size_t>(known)) : 0;
        const bool added = m_mentions.upsert(std::move(m), masks[i]);
        // A new mention is the last one; a known one stays where it was.
        const size_t pos = added ? m_mentions.size() - 1 : static_cast<size_t>(known);
        const uint64_t after = m_mentions.listeners_of(pos);
        // Segments are append-only: a known post that gained a listener is
        // written again with its new links (the later record wins on load).
        if (added || after != before) m_to_write.push_back(pos);
        if (!added && after != before) m_relinked.push_back(pos);
    }
}

void ListeningEngine::finish_members(const PollRun& run, const std::string& newest, int64_t now) {
    for (size_t idx : finish_run(m_listeners, run, newest, m_mentions, now, &m_index)) {
        m_to_write.push_back(idx);
        m_relinked.push_back(idx);
    }
}

void ListeningEngine::end_run() {
    m_run.reset();
    m_page_wanted = false;
    m_next_plan_at = 0; // the scheduler knows why it ended (a cap, a hold, a backoff)
}

void ListeningEngine::on_page(const HttpResponse& response, int64_t now) {
    std::vector<Mention> page;
    const XSearchRun::State state = m_run->consume(response, page);
    if (m_run->rate_limit().remaining) m_rate = m_run->rate_limit();
    m_scheduler.on_response(m_run_plan.members, response, state, now);
    // Linked to every listener it matches; billed once, counted by each member;
    // the ledger goes into the same commit as the posts it paid for.
    const std::vector<uint64_t> masks = record_page(m_listeners, m_run_plan, *m_run, page, m_spend, now);
    store_page(page, masks);

    using State = XSearchRun::State;
    if (members_of(std::as_const(m_listeners), m_run_plan).empty()) { // every member was deleted while it ran
        commit();
        end_run();
        m_next_plan_at = 0;
        return;
    }
    if (state == State::NeedRequest) {
        const Allowance a = m_spend.allowance(members_of(std::as_const(m_listeners), m_run_plan), now);
        if (!a.ok()) {
            m_problem = a.message; // the cursor is kept: the run resumes when the cap lifts
            commit();
            end_run();
            return;
        }
        m_run->set_max_results(page_size(a.max_results));
        // The next page is asked for once this one is durable (tick()).
        if (commit()) m_page_wanted = true;
        else end_run(); // storage refuses writes: stop reading (and paying) until it works
        return;
    }
    if (state == State::Done) {
        m_shared_dirty = true; // a catch-up links stored posts to its members
        finish_members(m_run_plan, m_run->newest_id(), now);
        m_problem.clear();
    } else {
        m_problem = m_run->message();
        if (state == State::RateLimited && m_rate.reset) m_problem += " (" + format_wait(*m_rate.reset - now) + ")";
    }
    commit();
    end_run();
    m_next_plan_at = 0;
}

// [SECTION] Free sources

// Bluesky and Mastodon are polled beside X's runs, one page at a time. Unlike
// X's, their pages do not wait for the last one to be durable: reading them is
// free, and a poll's cursor moves only in the commit after its last page, so a
// tab closed mid-poll reads those pages again instead of losing them. They do
// give way whenever X waits for durability (its next page, or its next plan),
// so X's runs are never starved by a stream of free commits.
void ListeningEngine::poll_free_sources(int64_t now) {
    if (m_free_in_flight || !m_sources_known || !m_free.directory().known || !m_polling_allowed ||
        !m_storage_problem.empty())
        return;
    const bool x_can_plan = !m_run && !m_source_mode.empty() && now >= m_next_plan_at;
    if (!durable() && ((m_run && m_page_wanted) || x_can_plan)) return;
    if (!m_free_request) m_free_request = m_free.next_due(m_listeners.all(), now);
    if (!m_free_request) return;
    m_free_in_flight = true;
    send(EngineRequest::Purpose::Free, m_free_request->path, m_free_request->listener_id);
}

bool ListeningEngine::free_poll_due() const {
    if (!m_open || !m_writer || m_store.read_only() || !m_polling_allowed || !m_free.directory().known) return false;
    const int64_t at = m_free.next_due_at(m_listeners.all());
    return at > 0 && at <= m_now;
}

void ListeningEngine::on_free_page(const HttpResponse& r, int64_t now) {
    const FreeRequest request = *m_free_request;
    m_free_in_flight = false;
    FreeAnswer answer = m_free.on_answer(request, r, now);
    // The services searched a superset of each query: the listeners' own
    // queries decide what is kept, so a listener means the same on every source.
    const ListenerMatcher& matcher = listener_matcher();
    std::vector<Mention> kept;
    std::vector<uint64_t> masks;
    for (Mention& m : answer.posts)
        if (const uint64_t mask = matcher.match(m)) {
            kept.push_back(std::move(m));
            masks.push_back(mask);
        }
    store_page(kept, masks);
    m_shared_dirty = true;
    m_free_request = std::move(answer.next);
    if (!m_free_request) m_free.forget_unplanned(m_listeners.all());
    commit(); // the cursor moves in the same commit as the posts it read past
}

// [SECTION] Importing

const ListenerMatcher& ListeningEngine::listener_matcher() {
    // Parsed again only when a listener changed: an import asks for it every slice, and
    // parsing every query each time was a tenth of the import's time in the browser.
    if (!m_matcher || !m_matcher->built_for(m_listeners.all()))
        m_matcher.emplace(m_listeners.all());
    return *m_matcher;
}

std::string ListeningEngine::import_mentions(std::vector<Mention>& batch, size_t& added, size_t& known) {
    if (!m_open) return "Earshot is still opening its stored mentions; import again in a moment.";
    if (!m_writer)
        return "This tab is read-only: Earshot is open in another tab, which is the one that saves. Import there.";
    if (m_store.read_only()) return m_store.read_only_reason();
    const ListenerMatcher& matcher = listener_matcher();
    std::vector<uint64_t> masks;
    masks.reserve(batch.size());
    const size_t before = m_mentions.size();
    for (const Mention& m : batch) masks.push_back(matcher.match(m));
    store_page(batch, masks);
    const size_t fresh = m_mentions.size() - before;
    added += fresh;
    known += batch.size() - fresh;
    m_shared_dirty = true;
    return {};
}

std::string ListeningEngine::commit_imported() {
    if (m_to_write.empty()) return {};
    return commit() ? std::string() : m_problem;
}

// [SECTION] Writing

bool ListeningEngine::commit() {
    if (!m_writer) return false; // another tab writes; this one never overwrites its files
    // A sync reads the files it writes when it gets to them (IDBFS does), so a
    // commit made meanwhile could reach storage as a manifest without its
    // segment. It waits for the sync to end; what it holds is in memory.
    if (m_syncing) {
        m_commit_deferred = true;
        return true;
    }
    m_commit_deferred = false;
    const ManifestExtras extras{m_spend.to_json(), m_listeners.retired_bits(), m_free.to_json()};
    // Mentions are written from where the store holds them (they never move), with the
    // links they have now: links are only ever added, so these hold every link the
    // mention was queued for.
    std::vector<SegmentRef> records;
    records.reserve(m_to_write.size());
    for (size_t pos : m_to_write) records.push_back({&m_mentions.at(pos), m_mentions.listeners_of(pos)});
    Result<bool> ok = m_store.commit_refs(records, m_listeners.all(), extras);
    if (!ok) {
        // Kept for the next commit: they are shown, so they must still be written.
        m_problem = "Could not save new mentions: " + ok.error();
        return false;
    }
    m_to_write.clear();
    ++m_commits;
    m_dirty = true;
    return true;
}

bool ListeningEngine::sync_wanted() const {
    return m_dirty && !m_syncing && (m_storage_problem.empty() || m_now >= m_sync_retry_at);
}

void ListeningEngine::on_sync_started() {
    m_syncing = true;
    m_dirty = false;
    m_sync_covers = m_commits;
}

void ListeningEngine::on_sync_done(const std::string& error) {
    m_syncing = false;
    if (m_commit_deferred) commit();
    if (error.empty()) {
        m_durable = std::max(m_durable, m_sync_covers);
        m_storage_problem.clear();
        return;
    }
    m_dirty = true; // retried later; until then no page is read that could not be kept
    m_sync_retry_at = m_now + kSyncRetrySeconds;
    m_storage_problem = error.find("Quota") != std::string::npos
                            ? "The browser's storage is full (" + error +
                                  "). Mentions already stored are safe; free space or export, then sync again."
                            : "Saving failed (" + error + "). Mentions already stored are safe.";
}

// The snapshot is derived data: a failed save (a full quota) only means the next
// start indexes from the texts again, so it is retried only once the cache changed.
// It is built a slice at a time: the whole of a large index in one go (400 ms for
// 100,000 mentions in the browser, seconds for a million) would freeze the page.
void ListeningEngine::save_index_snapshot_when_due() {
    if (m_snapshot) return continue_index_snapshot();
    if (m_run || m_importing || m_index.size() != m_mentions.size()) return;
    const size_t n = m_mentions.size();
    if (n == m_snapshot_failed_at || !Store::index_snapshot_due(n, m_store.index_snapshot_size())) return;
    m_snapshot = std::make_unique<IndexSnapshotJob>(m_index, m_mentions);
}

void ListeningEngine::continue_index_snapshot() {
    if (!m_snapshot->build_more(kSnapshotSliceBytes)) return;
    const size_t covered = m_snapshot->covered();
    const bool saved = m_store.save_index(*m_snapshot).ok();
    m_snapshot.reset();
    if (!saved) m_snapshot_failed_at = covered;
    else m_dirty = true;
}

void ListeningEngine::work_in_background() {
    if (m_open && m_snapshot) continue_index_snapshot();
}

std::vector<size_t> ListeningEngine::take_relinked() {
    std::vector<size_t> out;
    out.swap(m_relinked);
    return out;
}

int64_t ListeningEngine::last_sync() const {
    int64_t t = 0;
    for (const Listener& l : m_listeners.all()) t = std::max(t, l.last_sync);
    return t;
}

size_t ListeningEngine::listener_mentions(const Listener& l) const {
    const int pos = m_listeners.index_of(l.id);
    if (pos < 0) return 0;
    return m_mentions.count_for_listener(bit_of(ListenerSet::mask_of(l, static_cast<size_t>(pos))));
}

// [SECTION] The owner's actions

std::optional<ListenerError> ListeningEngine::create_listener(const ListenerSettings& s) {
    auto r = m_listeners.create(s);
    if (auto* e = std::get_if<ListenerError>(&r)) return *e;
    commit();
    m_next_plan_at = 0;
    return std::nullopt;
}

std::optional<ListenerError> ListeningEngine::edit_listener(const std::string& id, const ListenerSettings& s) {
    if (polling(id)) return ListenerError{ListenerField::Query, 0, "wait for its poll to finish"};
    if (auto e = m_listeners.edit(id, s)) return e;
    commit();
    return std::nullopt;
}

void ListeningEngine::set_listener_paused(const std::string& id, bool paused) {
    if (m_listeners.set_paused(id, paused)) commit();
    m_next_plan_at = 0;
}

void ListeningEngine::remove_listener(const std::string& id) {
    if (polling(id)) return;
    if (m_listeners.remove(id)) commit();
}

std::optional<ListenerError> ListeningEngine::add_listeners(const std::vector<Listener>& listeners) {
    std::optional<ListenerError> first;
    for (const Listener& l : listeners) {
        auto r = m_listeners.add(l);
        if (auto* e = std::get_if<ListenerError>(&r); e && !first) first = *e;
    }
    commit();
    m_next_plan_at = 0;
    return first;
}

std::string ListeningEngine::replace_listeners(ListenerSet updated, const std::vector<std::string>& touched) {
    // The running poll holds its members' old queries and cursors: changing one now would mix them.
    for (const std::string& id : m_run ? m_run_plan.members : std::vector<std::string>{})
        if (std::count(touched.begin(), touched.end(), id)) {
            const Listener* l = m_listeners.find(id);
            return "A poll of " + (l ? l->name : id) + " is running; save again in a moment.";
        }
    m_listeners = std::move(updated);
    for (const std::string& id : touched) m_estimates.erase(id); // estimates of old queries
    commit();
    m_next_plan_at = 0;
    return {};
}

std::string ListeningEngine::set_spend_settings(const SpendSettings& settings) {
    Result<bool> ok = m_spend.set_settings(settings);
    if (!ok) return ok.error();
    commit();
    m_next_plan_at = 0; // a raised cap may let a stopped listener run now
    return {};
}

} // namespace earshot::core
