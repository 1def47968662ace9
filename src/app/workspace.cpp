// Workspace: mount storage → open the engine on it (the cache is shown at
// once) → carry the engine's requests to the proxy and its syncs to IndexedDB
// → once the sources are known, onboarding or the starter listeners → keep
// the Insights and Alerts read models current as mentions arrive.
#include "app/workspace.hpp"

#include "core/insights/goals.hpp"
#include "core/text/text.hpp"
#include "platform/clock.hpp"
#include "platform/preferences.hpp"
#include "platform/storage.hpp"
#include "platform/system.hpp"
#include "platform/tab_lock.hpp"

#include <algorithm>
#include <functional>

namespace earshot::app {

namespace {

constexpr const char* kDataDir = "/earshot";

/// A browser refusing storage outright (not a full disk): IndexedDB's "denied
/// permission", a SecurityError — what a blocked third-party frame gets.
bool storage_denied(const std::string& error) {
    return error.find("denied") != std::string::npos || error.rfind("SecurityError", 0) == 0;
}

int bit_of(uint64_t mask) {
    int b = 0;
    while (b < 64 && !(mask & (uint64_t{1} << b))) ++b;
    return b;
}

} // namespace

Workspace::Workspace()
    : m_engine(m_fs, kDataDir), m_profile(core::demo_profile()), m_workflow_file(m_fs, kDataDir),
      m_profile_file(m_fs, kDataDir), m_access_file(m_fs, kDataDir) {
    platform::tab_lock_request();
    platform::storage_mount(kDataDir);
}

bool Workspace::online() const { return platform::online(); }

const std::string& Workspace::problem() const {
    if (m_storage_blocked) {
        static const std::string blocked =
            "This browser gives Earshot no storage inside another site's page (it blocks third-party storage), so "
            "nothing can be kept here and nothing is read from X. Open Earshot in its own tab, or serve it from a "
            "name under this site's domain (README, \"Earshot in your admin page\").";
        return blocked;
    }
    if (!m_engine.storage_problem().empty()) return m_engine.storage_problem();
    if (!m_problem.empty()) return m_problem;
    if (m_access.asking()) {
        static const std::string waiting = "Waiting for the proxy's access key: nothing is read from X until it is given.";
        return waiting;
    }
    return m_engine.problem();
}

void Workspace::take_over_from_other_tab() {
    // The other tab wrote while this one only read: start again from what it stored.
    m_engine.close();
    m_calls.clear();
    m_held.clear();
    m_workflow = core::Workflow();
    m_problem.clear();
    m_sources_handled = false;
    m_phase = Phase::Mounting;
    platform::storage_reload();
}

// [SECTION] Opening

void Workspace::open_engine(bool writer) {
    // Before the engine's first request (the sources) goes out.
    m_access.remember(m_access_file.load());
    std::string problem = m_engine.open(writer);
    if (!problem.empty()) m_problem = problem;
    if (m_storage_blocked) m_engine.set_polling_allowed(false);
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
    m_needs_profile = !m_profile_saved && !m_profile_file.read_only() && source_mode() == "live";
    if (m_needs_profile) m_profile = core::BusinessProfile{};
    ++m_profile_revision;
}

void Workspace::on_sources_known() {
    m_sources_handled = true;
    const std::string& mode = source_mode();
    if (mode == "live" && !m_profile_saved && !m_profile_file.read_only() && !m_needs_profile) {
        m_needs_profile = true; // onboarding: the owner tells us about the business first
        m_profile = core::BusinessProfile{};
        ++m_profile_revision;
    }
    m_engine.set_polling_allowed(!m_needs_profile && !m_storage_blocked);
    if (m_engine.listeners().empty() && !mode.empty() && writer() && !m_needs_profile && !m_storage_blocked) {
        std::vector<core::Listener> starters = core::starter_listeners(m_profile).listeners;
        if (mode == "demo") // the demo source is free: nothing to guard
            for (core::Listener& l : starters) l.daily_cap_posts = 0;
        m_engine.add_listeners(starters);
    }
}

void Workspace::update() {
    advance();
    // A running import or export works in the platform's slices between frames
    // (App::work), not inside a frame as well: a frame then only draws.
    if (!m_transfers.busy()) work_on_transfers(); // takes a picked or dropped file
    // Answers and syncs bump the generation where they are handed over; what
    // the engine's own tick changed (a run started, a problem…) shows here.
    const uint64_t fp = fingerprint();
    if (fp != m_fingerprint) {
        m_fingerprint = fp;
        ++m_generation;
    }
}

// Imports and exports work a time budget per call (a frame, a timer tick, or
// the platform's slices between frames).
void Workspace::work_on_transfers() {
    if (m_phase != Phase::Ready || m_clear != Clear::None) return;
    m_engine.work_in_background();
    const size_t before = mentions().size();
    if (m_transfers.advance(m_engine, m_workflow)) ++m_generation;
    const size_t stored = mentions().size() - before;
    if (stored > 0) {
        const double t0 = platform::monotonic_ms();
        m_engine.index_more(stored);
        update_insights(stored);
        update_alerts(stored);
        m_transfers.add_to_slice(platform::monotonic_ms() - t0);
    }
    carry_storage();
}

uint64_t Workspace::fingerprint() const {
    uint64_t h = 1469598103934665603ull; // FNV-1a over the facts the views show
    const auto mix = [&h](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    const std::hash<std::string> text;
    mix(static_cast<uint64_t>(m_phase));
    mix(writer());
    mix(online());
    mix(text(source_mode()));
    mix(mentions().size());
    mix(syncing());
    mix(static_cast<uint64_t>(sync_pages()));
    mix(sync_posts());
    mix(saving());
    mix(static_cast<uint64_t>(last_sync()));
    mix(storage_bytes());
    mix(static_cast<uint64_t>(rate_remaining().value_or(-1)));
    mix(static_cast<uint64_t>(rate_reset().value_or(-1)));
    mix(text(problem()));
    mix(m_engine.runs_started());
    mix(listeners().size());
    mix(m_profile_revision);
    mix(m_workflow.revision());
    mix(m_insights_rows);
    mix(m_access.revision());
    for (const core::Alert& a : alerts()) {
        mix(static_cast<uint64_t>(a.at));
        mix(text(a.mention_id));
        mix(text(a.message));
    }
    return h;
}

void Workspace::advance() {
    if (m_clear != Clear::None) {
        advance_clearing();
        return;
    }
    const platform::TabRole role = platform::tab_role();
    if (m_phase == Phase::Ready && !writer() && role == platform::TabRole::Writer && !syncing()) {
        take_over_from_other_tab();
        return;
    }
    if (m_phase == Phase::Mounting) {
        platform::SyncState s = platform::storage_state();
        if (s == platform::SyncState::Pending || role == platform::TabRole::Pending) return;
        if (s == platform::SyncState::Failed && platform::in_frame() && storage_denied(platform::storage_error()))
            m_storage_blocked = true;
        else if (s == platform::SyncState::Failed)
            m_problem = "Stored mentions could not be opened (" + platform::storage_error() +
                        "). New mentions will be shown but may not be kept.";
        m_phase = Phase::Loading;
        m_writer_role = role == platform::TabRole::Writer;
    }
    if (m_phase == Phase::Loading) {
        open_engine(m_writer_role);
        m_phase = Phase::Ready;
        m_insights_rows = 0;
        m_insights.clear();
        m_alert_listeners = SIZE_MAX;
        return;
    }
    carry_http();
    if (!m_sources_handled && m_engine.sources_known() && !source_mode().empty()) on_sources_known();
    m_engine.tick(platform::unix_now());
    carry_http(); // requests the tick made go out now, not a tick later
    for (size_t idx : m_engine.take_relinked())
        if (idx < m_insights_rows) {
            m_insights.refresh(idx, mentions().at(idx), mentions().listeners_of(idx));
            ++m_generation;
        }
    update_insights();
    update_alerts();
    save_workflow();
    // During an import the IndexedDB sync (a copy of each new segment) starts in one of
    // its slices, not in a frame, which would then run long.
    if (!m_transfers.busy()) carry_storage();
}

// [SECTION] Carrying bytes between the platform and the engine

void Workspace::send(uint64_t id, std::string path) {
    Call c{std::move(path), m_access.header_value(), nullptr};
    c.http = platform::http_get(c.path, {{core::kAccessKeyHeader, c.key_sent}});
    m_calls[id] = std::move(c);
}

void Workspace::carry_http() {
    for (core::EngineRequest& r : m_engine.take_requests()) send(r.id, std::move(r.path));
    for (auto it = m_calls.begin(); it != m_calls.end();) {
        if (!it->second.http->done) {
            ++it;
            continue;
        }
        const uint64_t id = it->first;
        Call call = std::move(it->second);
        it = m_calls.erase(it);
        switch (m_access.on_answer(call.http->response, call.key_sent)) {
        case core::AccessGate::Verdict::Hold: m_held[id] = std::move(call.path); break;
        case core::AccessGate::Verdict::SendAgain: send(id, std::move(call.path)); break;
        case core::AccessGate::Verdict::Deliver:
            m_engine.on_response(id, call.http->response, platform::unix_now());
            break;
        }
        ++m_generation; // an answer: estimates, sources, pages… whatever it was, show it
    }
    if (m_key_check.http && m_key_check.http->done) {
        // Refused: the prompt asks (nothing of the engine's is held by this request).
        m_access.on_answer(m_key_check.http->response, m_key_check.key_sent);
        m_key_check.http.reset();
        ++m_generation;
    }
    keep_accepted_key();
}

std::string Workspace::submit_access_key(const std::string& typed) {
    if (core::Result<bool> ok = m_access.try_key(typed); !ok) return ok.error();
    std::map<uint64_t, std::string> held;
    held.swap(m_held);
    for (auto& [id, path] : held) send(id, std::move(path));
    ++m_generation;
    return {};
}

std::string Workspace::change_access_key(const std::string& typed) {
    std::string error = submit_access_key(typed);
    if (error.empty()) check_key_now();
    return error;
}

void Workspace::forget_access_key() {
    m_access.remember("");
    m_access_file.forget();
    if (writer() && m_phase == Phase::Ready) m_engine.request_sync(); // the removal reaches IndexedDB
    check_key_now();
    ++m_generation;
}

void Workspace::check_key_now() {
    // The sources list is free and reads nothing from X; its answer is the gate's alone.
    m_key_check = Call{"/api/sources", m_access.header_value(), nullptr};
    m_key_check.http = platform::http_get(m_key_check.path, {{core::kAccessKeyHeader, m_key_check.key_sent}});
}

void Workspace::keep_accepted_key() {
    std::optional<std::string> key = m_access.take_key_to_keep();
    // A read-only tab cannot write to IndexedDB: the key lives in memory there.
    if (!key || !writer() || m_phase != Phase::Ready) return;
    if (core::Result<bool> ok = m_access_file.save(*key); !ok) {
        m_problem = "The access key works but " + ok.error() + "; you will be asked again next time.";
        return;
    }
    m_engine.request_sync(); // the key goes to IndexedDB with the next sync
}

// [SECTION] Clearing all data

std::string Workspace::clear_all_data() {
    if (m_phase != Phase::Ready) return "Stored mentions are still opening; try again in a moment.";
    if (!writer())
        return "Earshot is open in another tab, which holds the data: clear it there, or close that tab first.";
    if (m_clear == Clear::None || m_clear == Clear::Failed) m_clear = Clear::Wanted;
    ++m_generation;
    return {};
}

void Workspace::advance_clearing() {
    const platform::SyncState s = platform::storage_state();
    switch (m_clear) {
    case Clear::Wanted:
        // A sync in flight would write back what the clearing deletes: wait for it.
        if (m_flushing && s == platform::SyncState::Pending) return;
        m_flushing = false;
        m_engine.close(); // nothing more is fetched, written or shown
        m_calls.clear();
        m_held.clear();
        m_key_check.http.reset();
        m_workflow = core::Workflow();
        m_clear = Clear::Deleting;
        platform::storage_clear();
        ++m_generation;
        return;
    case Clear::Deleting:
        if (s == platform::SyncState::Pending) return;
        if (s == platform::SyncState::Failed) {
            m_clear = Clear::Failed;
            m_problem = "Clearing the data stopped halfway (" + platform::storage_error() +
                        "). Reload the page to see what is left, and clear again.";
            ++m_generation;
            return;
        }
        platform::clear_preferences();
        m_clear = Clear::Reloading;
        platform::reload_page();
        return;
    case Clear::Reloading:
    case Clear::Failed:
    case Clear::None: return;
    }
}

void Workspace::carry_storage() {
    // One IndexedDB sync at a time; what is written meanwhile goes in the next one.
    if (m_flushing) {
        const platform::SyncState s = platform::storage_state();
        if (s == platform::SyncState::Pending) return;
        m_flushing = false;
        m_engine.on_sync_done(s == platform::SyncState::Failed ? platform::storage_error() : std::string());
        ++m_generation;
    }
    if (m_phase == Phase::Ready && writer() && m_engine.sync_wanted()) {
        m_engine.on_sync_started();
        m_flushing = true;
        platform::storage_flush();
    }
}

void Workspace::save_workflow() {
    const uint64_t rev = m_workflow.revision();
    if (!writer() || m_phase != Phase::Ready || rev == m_workflow_file.saved_revision() ||
        rev == m_workflow_failed_revision)
        return;
    core::Result<bool> ok = m_workflow_file.save(m_workflow);
    if (!ok) {
        m_workflow_failed_revision = rev;
        m_problem = "Could not save your tags and statuses: " + ok.error();
        return;
    }
    m_engine.request_sync();
}

// [SECTION] Alerts

void Workspace::update_alerts(size_t max_rows) {
    if (m_phase != Phase::Ready) return;
    const core::MentionStore& ms = mentions();
    const std::vector<core::Listener>& ls = listeners();
    if (m_alert_listeners != ls.size() || m_alert_rows > ms.size()) {
        m_alert_listeners = ls.size();
        core::InsightsConfig ic = insights_config();
        core::AlertConfig c;
        c.utc_offset_minutes = ic.utc_offset_minutes;
        c.business_listener = ic.business_listener;
        c.competitor_listeners = ic.competitor_listeners;
        c.listener_names.assign(64, "");
        for (size_t i = 0; i < ls.size(); ++i)
            c.listener_names[static_cast<size_t>(bit_of(core::ListenerSet::mask_of(ls[i], i)))] = ls[i].name;
        c.since = platform::unix_now() - 7 * 86400; // the week recent search covers
        // The businesses' own accounts on every network are not customers: the same accounts
        // Insights keeps out of Who (handles and site domains).
        c.own_handles = ic.excluded_authors;
        m_alerts.configure(c);
        m_alert_rows = 0;
    }
    size_t last = std::min(ms.size(), m_alert_rows + max_rows);
    if (last > m_alert_rows) m_next_alert_check_ms = std::min(m_next_alert_check_ms, platform::monotonic_ms() + 2000);
    for (; m_alert_rows < last; ++m_alert_rows) m_alerts.add(ms.at(m_alert_rows), ms.listeners_of(m_alert_rows));
    double now_ms = platform::monotonic_ms();
    if (now_ms >= m_next_alert_check_ms && m_alert_rows == ms.size()) {
        m_alerts.check(platform::unix_now());
        m_next_alert_check_ms = now_ms + 60000; // hours change slowly; new mentions arrive by poll
    }
}

// [SECTION] Insights

core::InsightsConfig Workspace::insights_config() const {
    core::InsightsConfig c;
    if (m_range_from) c.from = m_range_from;
    if (m_range_to) c.to = m_range_to;
    c.utc_offset_minutes = platform::local_utc_offset_minutes();
    const auto& ls = listeners();
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
    // The owner and the competitors are not their own audience: kept out of Who's lists.
    // Handles and site domains: on Bluesky a business may be "harbourbean.co.uk".
    c.excluded_authors = core::profile_accounts(m_profile, false);
    for (std::string& a : core::profile_accounts(m_profile, true)) c.excluded_authors.push_back(std::move(a));
    return c;
}

void Workspace::set_insights_range(int64_t from, int64_t to) {
    if (from == m_range_from && to == m_range_to) return;
    m_range_from = from;
    m_range_to = to;
    // Same row settings, so configure() keeps the rows and only recounts them.
    if (m_phase == Phase::Ready && !m_insights.configure(insights_config())) m_insights_rows = 0;
    ++m_generation;
}

void Workspace::update_insights(size_t max_rows) {
    if (m_phase != Phase::Ready) return;
    const core::MentionStore& ms = mentions();
    if (m_insights_listeners != listeners().size()) {
        m_insights_listeners = listeners().size();
        if (!m_insights.configure(insights_config())) m_insights_rows = 0; // rows dropped: add again
    }
    if (m_insights_rows > ms.size()) { // the store was reloaded (tab takeover)
        m_insights.clear();
        m_insights_rows = 0;
    }
    if (m_insights_rows < ms.size()) {
        size_t last = std::min(ms.size(), m_insights_rows + max_rows);
        m_insights.add_from(ms, m_insights_rows, last);
        m_insights_rows = last;
    }
    double now_ms = platform::monotonic_ms();
    if (m_insights.needs_recount() && now_ms >= m_next_recount_ms) {
        m_insights.recount();
        m_next_recount_ms = now_ms + 2000;
        ++m_generation;
    }
}

// [SECTION] Business profile

Workspace::ProfileSaved Workspace::save_profile(const core::BusinessProfile& typed) {
    ProfileSaved out;
    if (!writer()) {
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
    core::StarterUpdate update = core::update_starter_listeners(m_engine.listener_set(), p);
    // The running poll holds its members' old queries and cursors: refused before anything is written.
    for (const std::string& id : syncing() ? m_engine.run_plan().members : std::vector<std::string>{})
        if (std::count(update.touched_ids.begin(), update.touched_ids.end(), id)) {
            const core::Listener* l = m_engine.listener_set().find(id);
            out.error = "A poll of " + (l ? l->name : id) + " is running; save again in a moment.";
            return out;
        }
    if (core::Result<bool> ok = m_profile_file.save(p); !ok) {
        out.error = ok.error();
        return out;
    }
    core::ListenerSet listeners = std::move(update.listeners);
    if (source_mode() == "demo") // as for the first starters: the demo source is free, nothing to guard
        for (const std::string& id : update.added_ids) {
            core::ListenerSettings s = core::settings_of(*listeners.find(id));
            s.daily_cap_posts = 0;
            listeners.edit(id, s);
        }
    out.error = m_engine.replace_listeners(std::move(listeners), update.touched_ids);
    if (!out.error.empty()) return out;
    m_profile = std::move(p);
    m_profile_saved = true;
    m_needs_profile = false;
    m_engine.set_polling_allowed(!m_storage_blocked);
    ++m_profile_revision;
    // Insights and alerts read the profile (town, own name and handles): configure them again.
    m_insights_listeners = SIZE_MAX;
    m_alert_listeners = SIZE_MAX;
    m_engine.request_sync(); // profile.json goes to IndexedDB with the next sync
    out.summary = update.summary();
    out.notes = std::move(update.notes);
    return out;
}

} // namespace earshot::app
