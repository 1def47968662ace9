// Workspace: mount storage → load the cache (shown at once) → ask the proxy
// what sources exist → create the starter listeners on first open → poll the
// search the scheduler picks (a poll group's poll, a catch-up, or an
// interrupted run), page by page, within the spend guard, sealing each page
// into a segment and syncing it to IndexedDB.
#include "app/workspace.hpp"

#include "core/analysis/analysis.hpp"
#include "core/text/text.hpp"
#include "platform/clock.hpp"
#include "platform/storage.hpp"
#include "platform/system.hpp"
#include "platform/tab_lock.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace earshot::app {

namespace {

constexpr const char* kDataDir = "/earshot";

int bit_of(uint64_t mask) {
    int b = 0;
    while (b < 64 && !(mask & (uint64_t{1} << b))) ++b;
    return b;
}

} // namespace

Workspace::Workspace()
    : m_profile(core::demo_profile()), m_store(m_fs, kDataDir), m_workflow_file(m_fs, kDataDir),
      m_profile_file(m_fs, kDataDir) {
    platform::tab_lock_request();
    platform::storage_mount(kDataDir);
}

void Workspace::take_over_from_other_tab() {
    // The other tab wrote while this one only read: start again from what it stored.
    m_writer = true;
    m_mentions.clear();
    m_index.clear();
    m_workflow = core::Workflow();
    m_problem.clear();
    m_storage_problem.clear();
    m_phase = Phase::Mounting;
    platform::storage_reload();
}

bool Workspace::online() const { return platform::online(); }

int64_t Workspace::last_sync() const {
    int64_t t = 0;
    for (const core::Listener& l : m_listeners.all()) t = std::max(t, l.last_sync);
    return t;
}

size_t Workspace::listener_mentions(const core::Listener& l) const {
    int pos = m_listeners.index_of(l.id);
    if (pos < 0) return 0;
    return m_mentions.count_for_listener(bit_of(core::ListenerSet::mask_of(l, static_cast<size_t>(pos))));
}

// [SECTION] Loading

void Workspace::load_stored() {
    std::vector<core::Listener> stored;
    core::Result<bool> loaded = m_store.load(m_mentions, stored);
    if (!loaded) m_problem = loaded.error();
    // A snapshot of the index spares re-tokenizing every stored text; when there is
    // none (or it does not match) the slices in update() build it as before.
    if (loaded.ok()) (void)m_store.load_index(m_index, m_mentions);
    m_loaded_from_cache = loaded.ok() && loaded.value();
    m_listeners = core::ListenerSet(std::move(stored), m_store.extras().retired_listener_bits);
    if (!m_store.extras().spend_json.empty()) {
        core::Result<core::SpendGuard> spend = core::SpendGuard::from_json(m_store.extras().spend_json);
        if (spend) m_spend = spend.value();
        else m_problem = "Spending figures could not be read (" + spend.error() + "); the caps start afresh.";
    }
    if (core::Result<bool> wf = m_workflow_file.load(m_workflow); !wf) m_problem = wf.error();
    load_profile();
}

void Workspace::load_profile() {
    core::BusinessProfile stored;
    core::Result<bool> loaded = m_profile_file.load(stored);
    if (!loaded) m_problem = "Your business profile could not be read: " + loaded.error();
    m_profile_saved = loaded.ok() && loaded.value();
    if (m_profile_saved) m_profile = std::move(stored);
    else if (m_profile_file.read_only()) m_profile = core::BusinessProfile{}; // a newer Earshot's; never guessed
    else m_profile = core::demo_profile();
    // Without profile.json the demo's profile stands in until the source is
    // known: it is what the demo uses, and what the listeners of a workspace
    // from before profiles existed were made from. Only a live source asks.
    m_needs_profile = !m_profile_saved && !m_profile_file.read_only() && m_source_mode == "live";
    if (m_needs_profile) m_profile = core::BusinessProfile{};
    ++m_profile_revision;
}

void Workspace::update() {
    const platform::TabRole role = platform::tab_role();
    if (m_phase == Phase::Ready && !m_writer && role == platform::TabRole::Writer && !m_run) {
        take_over_from_other_tab();
        return;
    }
    if (m_phase == Phase::Mounting) {
        platform::SyncState s = platform::storage_state();
        if (s == platform::SyncState::Pending || role == platform::TabRole::Pending) return;
        m_writer = role == platform::TabRole::Writer;
        if (s == platform::SyncState::Failed)
            m_problem = "Stored mentions could not be opened (" + platform::storage_error() +
                        "). New mentions will be shown but may not be kept.";
        m_phase = Phase::Loading;
    }
    if (m_phase == Phase::Loading) {
        load_stored();
        m_phase = Phase::Ready;
        m_sources_call = platform::http_get("/api/sources");
        return;
    }
    if (m_sources_call && m_sources_call->done) {
        const core::HttpResponse& r = m_sources_call->response;
        auto doc = nlohmann::json::parse(r.body, nullptr, false);
        if (r.status == 200 && doc.is_object() && doc["sources"].is_array() && !doc["sources"].empty())
            m_source_mode = doc["sources"][0].value("mode", "");
        m_sources_call.reset();
        if (m_source_mode.empty() && m_mentions.size() == 0)
            m_problem = "The Earshot proxy cannot be reached; start it with scripts/run.";
        if (m_source_mode == "demo") {
            // The demo source is free: reading it must not eat into a real budget.
            core::SpendSettings free = m_spend.settings();
            free.price_per_post = 0;
            m_spend.set_settings(free);
        }
        if (m_source_mode == "live" && !m_profile_saved && !m_profile_file.read_only() && !m_needs_profile) {
            m_needs_profile = true; // onboarding: the owner tells us about the business first
            m_profile = core::BusinessProfile{};
            ++m_profile_revision;
        }
        if (m_listeners.size() == 0 && !m_source_mode.empty() && m_writer && !m_needs_profile) {
            for (core::Listener l : core::starter_listeners(m_profile).listeners) {
                if (m_source_mode == "demo") l.daily_cap_posts = 0; // see above: nothing to guard
                m_listeners.add(std::move(l));
            }
            commit({});
        }
    }
    if (m_page_call && m_page_call->done) {
        core::HttpResponse r = std::move(m_page_call->response);
        m_page_call.reset();
        on_page(r);
    }
    double now_ms = platform::monotonic_ms();
    if (!m_run && m_writer && !m_source_mode.empty() && !m_needs_profile && now_ms >= m_next_plan_ms) {
        m_next_plan_ms = now_ms + 1000; // the plan changes by the minute; once a second is plenty
        maybe_start_run(m_force_all);
    }
    for (auto it = m_estimate_calls.begin(); it != m_estimate_calls.end();) {
        if (!it->second->done) {
            ++it;
            continue;
        }
        const core::Listener* l = m_listeners.find(it->first);
        core::Result<core::PostCounts> counts = core::parse_counts(it->second->response);
        if (!l) m_estimates.erase(it->first);
        else if (!counts) m_estimates[it->first] = "No estimate: " + counts.error();
        else m_estimates[it->first] = m_spend.estimate(*l, counts->total, platform::unix_now()).text;
        it = m_estimate_calls.erase(it);
    }
    // Indexing in slices keeps a million-mention start-up from freezing a frame;
    // searches stay exact meanwhile (unindexed mentions are checked one by one).
    if (m_phase == Phase::Ready) m_index.update(m_mentions, 20000);
    save_index_snapshot_when_due();
    update_insights();
    update_alerts();
    save_workflow();
    poll_storage();
}

// [SECTION] Alerts

void Workspace::update_alerts() {
    if (m_phase != Phase::Ready) return;
    if (m_alert_listeners != m_listeners.size() || m_alert_rows > m_mentions.size()) {
        m_alert_listeners = m_listeners.size();
        core::InsightsConfig ic = insights_config();
        core::AlertConfig c;
        c.utc_offset_minutes = ic.utc_offset_minutes;
        c.business_listener = ic.business_listener;
        c.competitor_listeners = ic.competitor_listeners;
        c.listener_names.assign(64, "");
        for (size_t i = 0; i < m_listeners.size(); ++i)
            c.listener_names[static_cast<size_t>(bit_of(core::ListenerSet::mask_of(m_listeners.all()[i], i)))] =
                m_listeners.all()[i].name;
        c.since = platform::unix_now() - 7 * 86400; // the week recent search covers
        c.own_handles.push_back(m_profile.handle);
        for (const core::Competitor& comp : m_profile.competitors) c.own_handles.push_back(comp.handle);
        m_alerts.configure(c);
        m_alert_rows = 0;
    }
    size_t last = std::min(m_mentions.size(), m_alert_rows + 50000);
    if (last > m_alert_rows) m_next_alert_check_ms = std::min(m_next_alert_check_ms, platform::monotonic_ms() + 2000);
    for (; m_alert_rows < last; ++m_alert_rows)
        m_alerts.add(m_mentions.at(m_alert_rows), m_mentions.listeners_of(m_alert_rows));
    double now_ms = platform::monotonic_ms();
    if (now_ms >= m_next_alert_check_ms && m_alert_rows == m_mentions.size()) {
        m_alerts.check(platform::unix_now());
        m_next_alert_check_ms = now_ms + 60000; // hours change slowly; new mentions arrive by poll
    }
}

// [SECTION] Insights

core::InsightsConfig Workspace::insights_config() const {
    core::InsightsConfig c;
    const int64_t now = platform::unix_now();
    c.from = now - 7 * 86400; // X's recent search reaches back 7 days: the natural window
    c.utc_offset_minutes = platform::local_utc_offset_minutes();
    const auto& ls = m_listeners.all();
    for (size_t i = 0; i < ls.size(); ++i) {
        int bit = bit_of(core::ListenerSet::mask_of(ls[i], i));
        if (ls[i].kind == "my-business") c.business_listener = bit;
        if (ls[i].kind == "competitor") c.competitor_listeners.push_back(bit);
    }
    c.local.town = m_profile.town;
    c.local.aliases = m_profile.nearby_places;
    c.local.country_code = m_profile.country_code;
    // The business's and competitors' names and handles are in nearly every mention
    // of them (share of voice counts those): as top terms they are not news.
    // Trade words stay ("coffee" of "Grindhouse Coffee" is what the trade is about).
    std::vector<std::string> trade;
    for (const auto* list : {&m_profile.trade_keywords, &m_profile.trade_terms})
        for (const std::string& t : *list)
            for (std::string& w : core::tokenize(t)) trade.push_back(std::move(w));
    const auto add_name = [&c, &trade](const std::string& name, const std::string& handle) {
        for (std::string& w : core::tokenize(name))
            if (std::find(trade.begin(), trade.end(), w) == trade.end()) c.extra_stop_words.push_back(std::move(w));
        if (!handle.empty()) c.extra_stop_words.push_back(core::to_lower(handle));
    };
    add_name(m_profile.name, m_profile.handle);
    for (const core::Competitor& comp : m_profile.competitors) add_name(comp.name, comp.handle);
    return c;
}

void Workspace::update_insights() {
    if (m_phase != Phase::Ready) return;
    if (m_insights_listeners != m_listeners.size()) {
        m_insights_listeners = m_listeners.size();
        if (!m_insights.configure(insights_config())) m_insights_rows = 0; // rows dropped: add again
    }
    if (m_insights_rows > m_mentions.size()) { // the store was reloaded (tab takeover)
        m_insights.clear();
        m_insights_rows = 0;
    }
    if (m_insights_rows < m_mentions.size()) {
        // Chunks keep a million-mention start-up from freezing a frame.
        size_t last = std::min(m_mentions.size(), m_insights_rows + 50000);
        m_insights.add_from(m_mentions, m_insights_rows, last);
        m_insights_rows = last;
    }
    double now_ms = platform::monotonic_ms();
    if (m_insights.needs_recount() && now_ms >= m_next_recount_ms) {
        m_insights.recount();
        m_next_recount_ms = now_ms + 2000;
    }
}

// [SECTION] Polling

void Workspace::sync_now() {
    if (m_run || m_phase != Phase::Ready) return;
    m_force_all = true;
    m_forced.clear();
    m_next_plan_ms = 0;
}

void Workspace::maybe_start_run(bool forced) {
    // "Sync now" runs every group once, whatever its schedule, but still obeys
    // the rate limit, the caps and pauses.
    core::PollOptions options;
    options.ignore_schedule = forced;
    options.polled = m_forced;
    // Which listeners overlap, from what is stored: it picks what a catch-up leaves
    // out. Counted again only when mentions or listeners changed (once a second
    // over a million mentions would be wasted work).
    const std::pair<size_t, size_t> shape{m_mentions.size(), m_listeners.size()};
    if (shape != m_shared_shape || m_shared_dirty) {
        m_shared = core::count_shared_posts(m_listeners.all(), m_mentions);
        m_shared_shape = shape;
        m_shared_dirty = false;
    }
    options.shared_posts = &m_shared;
    m_plan = m_scheduler.decide(platform::unix_now(), m_listeners.all(), m_spend, options);
    if (m_plan.run.empty()) {
        m_force_all = false;
        return;
    }
    if (forced && !m_plan.run.leads_poll) // the poll it opens still has to run
        m_forced.insert(m_forced.end(), m_plan.run.members.begin(), m_plan.run.members.end());
    start_run(m_plan.run, m_plan.max_results);
}

void Workspace::start_run(const core::PollRun& run, int max_results) {
    if (run.nothing_to_read) { // its group has read everything it could find: join at once
        std::vector<core::SegmentRecord> fresh;
        finish_members(run, run.newest_floor, platform::unix_now(), fresh);
        commit(fresh);
        m_next_plan_ms = 0;
        return;
    }
    m_run_plan = run;
    m_run.emplace(run, max_results > 0 ? max_results : core::XSearchRun::kMaxPage);
    m_page_call = platform::http_get("/api/x" + m_run->request_path());
}

bool Workspace::polling(const std::string& id) const {
    return m_run && std::count(m_run_plan.members.begin(), m_run_plan.members.end(), id) > 0;
}

void Workspace::store_page(std::vector<core::Mention>& page, const std::vector<uint64_t>& masks,
                           std::vector<core::SegmentRecord>& fresh) {
    for (size_t i = 0; i < page.size(); ++i) {
        core::Mention& m = page[i];
        core::enrich(m);
        long idx = m_mentions.index_of(m.id);
        uint64_t before = idx >= 0 ? m_mentions.listeners_of(static_cast<size_t>(idx)) : 0;
        bool added = m_mentions.upsert(m, masks[i]);
        idx = m_mentions.index_of(m.id);
        uint64_t after = m_mentions.listeners_of(static_cast<size_t>(idx));
        // Segments are append-only: a known post that gained a listener is
        // written again with its new links (the later record wins on load).
        if (added || after != before) fresh.push_back({m_mentions.at(static_cast<size_t>(idx)), after});
        if (!added && static_cast<size_t>(idx) < m_insights_rows)
            m_insights.refresh(static_cast<size_t>(idx), m_mentions.at(static_cast<size_t>(idx)), after);
    }
}

void Workspace::finish_members(const core::PollRun& run, const std::string& newest, int64_t now,
                               std::vector<core::SegmentRecord>& fresh) {
    for (size_t idx : core::finish_run(m_listeners, run, newest, m_mentions, now, &m_index)) {
        const uint64_t links = m_mentions.listeners_of(idx);
        fresh.push_back({m_mentions.at(idx), links});
        if (idx < m_insights_rows) m_insights.refresh(idx, m_mentions.at(idx), links);
    }
}

void Workspace::on_page(const core::HttpResponse& response) {
    const int64_t now = platform::unix_now();
    std::vector<core::Mention> page;
    core::XSearchRun::State state = m_run->consume(response, page);
    if (m_run->rate_limit().remaining) m_rate = m_run->rate_limit();
    m_scheduler.on_response(m_run_plan.members, response, state, now);
    // Linked to every listener it matches; billed once, counted by each member.
    std::vector<uint64_t> masks = core::record_page(m_listeners, m_run_plan, *m_run, page, m_spend, now);
    std::vector<core::SegmentRecord> fresh;
    store_page(page, masks, fresh);

    using State = core::XSearchRun::State;
    const std::vector<const core::Listener*> members =
        core::members_of(static_cast<const core::ListenerSet&>(m_listeners), m_run_plan);
    if (members.empty()) { // every member was deleted while it ran
        commit(fresh);
        m_run.reset();
        m_next_plan_ms = 0;
        return;
    }
    if (state == State::NeedRequest) {
        core::Allowance a = m_spend.allowance(members, now);
        if (!a.ok()) {
            m_problem = a.message; // the cursor is kept: the run resumes when the cap lifts
            commit(fresh);
            m_run.reset();
            return;
        }
        m_run->set_max_results(a.max_results);
        commit(fresh);
        m_page_call = platform::http_get("/api/x" + m_run->request_path());
        return;
    }
    if (state == State::Done) {
        m_shared_dirty = true; // a catch-up links stored posts to its members
        finish_members(m_run_plan, m_run->newest_id(), now, fresh);
        m_problem.clear();
    } else {
        m_problem = m_run->message();
        if (state == State::RateLimited && m_rate.reset)
            m_problem += " (" + core::format_wait(*m_rate.reset - now) + ")";
    }
    commit(fresh);
    m_run.reset();
    m_next_plan_ms = 0;
}

// [SECTION] Listeners

std::optional<core::ListenerError> Workspace::create_listener(const core::ListenerSettings& s) {
    auto r = m_listeners.create(s);
    if (auto* e = std::get_if<core::ListenerError>(&r)) return *e;
    commit({});
    m_next_plan_ms = 0;
    return std::nullopt;
}

std::optional<core::ListenerError> Workspace::edit_listener(const std::string& id, const core::ListenerSettings& s) {
    if (polling(id)) return core::ListenerError{core::ListenerField::Query, 0, "wait for its poll to finish"};
    if (auto e = m_listeners.edit(id, s)) return e;
    commit({});
    return std::nullopt;
}

void Workspace::set_listener_paused(const std::string& id, bool paused) {
    if (m_listeners.set_paused(id, paused)) commit({});
}

void Workspace::remove_listener(const std::string& id) {
    if (polling(id)) return;
    if (m_listeners.remove(id)) commit({});
}

std::string Workspace::set_spend_settings(const core::SpendSettings& settings) {
    core::Result<bool> ok = m_spend.set_settings(settings);
    if (!ok) return ok.error();
    commit({});
    m_next_plan_ms = 0; // a raised cap may let a stopped listener run now
    return {};
}

void Workspace::estimate_listener(const std::string& id) {
    const core::Listener* l = m_listeners.find(id);
    if (!l || m_estimate_calls.count(id) || m_source_mode.empty()) return;
    m_estimates[id] = "Asking X how many posts…";
    m_estimate_calls[id] = platform::http_get("/api/x" + core::counts_request_path(*l, platform::unix_now()));
}

std::string Workspace::estimate_text(const std::string& id) const {
    auto it = m_estimates.find(id);
    return it == m_estimates.end() ? std::string() : it->second;
}

// [SECTION] Business profile

Workspace::ProfileSaved Workspace::save_profile(const core::BusinessProfile& typed) {
    ProfileSaved out;
    if (!m_writer) {
        out.error = "This tab is read-only: Earshot is open in another tab, which is the one that saves.";
        return out;
    }
    if (m_phase != Phase::Ready) {
        out.error = "Stored mentions are still opening; save again in a moment.";
        return out;
    }
    core::ProfileCheck check = core::validate(typed);
    if (!check.ok()) {
        out.issues = std::move(check.issues);
        return out;
    }
    core::BusinessProfile p = std::move(check.cleaned);
    core::forget_stale_position(m_profile, p);
    core::StarterUpdate update = core::update_starter_listeners(m_listeners, p);
    // The running poll holds its members' old queries and cursors: changing one now would mix them.
    for (const std::string& id : m_run ? m_run_plan.members : std::vector<std::string>{})
        if (std::count(update.touched_ids.begin(), update.touched_ids.end(), id)) {
            const core::Listener* l = m_listeners.find(id);
            out.error = "A poll of " + (l ? l->name : id) + " is running; save again in a moment.";
            return out;
        }
    if (core::Result<bool> ok = m_profile_file.save(p); !ok) {
        out.error = ok.error();
        return out;
    }
    m_listeners = std::move(update.listeners);
    if (m_source_mode == "demo") // as for the first starters: the demo source is free, nothing to guard
        for (const std::string& id : update.added_ids) {
            core::ListenerSettings s = core::settings_of(*m_listeners.find(id));
            s.daily_cap_posts = 0;
            m_listeners.edit(id, s);
        }
    for (const std::string& id : update.touched_ids) m_estimates.erase(id); // estimates of old queries
    m_profile = std::move(p);
    m_profile_saved = true;
    m_needs_profile = false;
    ++m_profile_revision;
    // Insights and alerts read the profile (town, own name and handles): configure them again.
    m_insights_listeners = SIZE_MAX;
    m_alert_listeners = SIZE_MAX;
    commit({});
    m_flush_wanted = true; // profile.json goes to IndexedDB with the next sync
    m_next_plan_ms = 0;
    out.summary = update.summary();
    out.notes = std::move(update.notes);
    return out;
}

// [SECTION] Saving

void Workspace::commit(const std::vector<core::SegmentRecord>& records) {
    if (!m_writer) return; // the other tab writes; this one never overwrites its files
    core::ManifestExtras extras{m_spend.to_json(), m_listeners.retired_bits()};
    core::Result<bool> ok = m_store.commit(records, m_listeners.all(), extras);
    if (!ok) {
        m_problem = "Could not save new mentions: " + ok.error();
        return;
    }
    m_flush_wanted = true;
}

// The snapshot is derived data: a failed save (a full quota) only means the next
// start indexes from the texts again, so it is retried only once the cache changed.
void Workspace::save_index_snapshot_when_due() {
    if (!m_writer || m_phase != Phase::Ready || m_run || m_index.size() != m_mentions.size()) return;
    const size_t n = m_mentions.size();
    if (n == m_snapshot_failed_at || !core::Store::index_snapshot_due(n, m_store.index_snapshot_size())) return;
    if (!m_store.save_index(m_index, m_mentions)) {
        m_snapshot_failed_at = n;
        return;
    }
    m_flush_wanted = true;
}

void Workspace::save_workflow() {
    const uint64_t rev = m_workflow.revision();
    if (!m_writer || m_phase != Phase::Ready || rev == m_workflow_file.saved_revision() || rev == m_workflow_failed_revision) return;
    core::Result<bool> ok = m_workflow_file.save(m_workflow);
    if (!ok) {
        m_workflow_failed_revision = rev;
        m_problem = "Could not save your tags and statuses: " + ok.error();
        return;
    }
    m_flush_wanted = true;
}

void Workspace::poll_storage() {
    // One IndexedDB sync at a time; changes made meanwhile go in the next one.
    if (m_flushing) {
        platform::SyncState s = platform::storage_state();
        if (s == platform::SyncState::Pending) return;
        m_flushing = false;
        // Kept apart from m_problem: a poll that succeeds says nothing about the disk,
        // so only a sync that succeeds clears this.
        m_storage_problem.clear();
        if (s == platform::SyncState::Failed) {
            std::string err = platform::storage_error();
            m_storage_problem =
                err.find("Quota") != std::string::npos
                    ? "The browser's storage is full (" + err +
                          "). Mentions already stored are safe; free space or export, then sync again."
                    : "Saving to the browser failed (" + err + "). Mentions already stored are safe.";
        }
    }
    if (m_flush_wanted && !m_flushing && m_phase == Phase::Ready) {
        m_flush_wanted = false;
        m_flushing = true;
        platform::storage_flush();
    }
}

} // namespace earshot::app
