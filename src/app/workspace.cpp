// Workspace: mount storage → load cache (shown at once) → ask the proxy what
// sources exist → poll each listener page by page, sealing each page into a
// segment and syncing it to IndexedDB.
#include "app/workspace.hpp"

#include "core/analysis.hpp"
#include "platform/clock.hpp"
#include "platform/storage.hpp"
#include "platform/system.hpp"

#include <nlohmann/json.hpp>

namespace earshot::app {

namespace {
constexpr const char* kDataDir = "/earshot";
}

Workspace::Workspace() : m_profile(core::demo_profile()), m_store(m_fs, kDataDir) {
    platform::storage_mount(kDataDir);
}

bool Workspace::online() const { return platform::online(); }

int64_t Workspace::last_sync() const {
    int64_t t = 0;
    for (const core::Listener& l : m_listeners) t = std::max(t, l.last_sync);
    return t;
}

void Workspace::update() {
    if (m_phase == Phase::Mounting) {
        platform::SyncState s = platform::storage_state();
        if (s == platform::SyncState::Pending) return;
        if (s == platform::SyncState::Failed)
            m_problem = "Stored mentions could not be opened (" + platform::storage_error() +
                        "). New mentions will be shown but may not be kept.";
        m_phase = Phase::Loading;
    }
    if (m_phase == Phase::Loading) {
        core::Result<bool> loaded = m_store.load(m_mentions, m_listeners);
        if (!loaded) m_problem = loaded.error();
        m_loaded_from_cache = loaded.ok() && loaded.value();
        if (m_listeners.empty()) m_listeners.push_back(core::my_business_listener(m_profile));
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
        if (!m_source_mode.empty()) sync_now();
        else if (m_mentions.size() == 0)
            m_problem = "The Earshot proxy cannot be reached; start it with scripts/run.";
    }
    if (m_page_call && m_page_call->done) {
        core::HttpResponse r = std::move(m_page_call->response);
        m_page_call.reset();
        on_page(r);
    }
    poll_storage();
}

void Workspace::sync_now() {
    if (m_run || m_phase != Phase::Ready) return;
    int64_t now = platform::unix_now();
    if (m_rate.remaining && *m_rate.remaining == 0 && m_rate.reset && *m_rate.reset > now) return;
    m_run_queue.clear();
    for (size_t i = 0; i < m_listeners.size(); ++i)
        if (!m_listeners[i].paused) m_run_queue.push_back(i);
    if (m_run_queue.empty()) return;
    size_t first = m_run_queue.front();
    m_run_queue.erase(m_run_queue.begin());
    start_listener_run(first);
}

void Workspace::start_listener_run(size_t index) {
    m_run_listener = index;
    m_run.emplace(m_listeners[index], 100);
    m_page_call = platform::http_get("/api/x" + m_run->request_path());
}

void Workspace::on_page(const core::HttpResponse& response) {
    std::vector<core::Mention> page;
    core::XSearchRun::State state = m_run->consume(response, page);
    if (m_run->rate_limit().remaining) m_rate = m_run->rate_limit();
    core::Listener& listener = m_listeners[m_run_listener];
    const uint64_t bit = uint64_t{1} << m_run_listener;
    std::vector<core::SegmentRecord> fresh;
    for (core::Mention& m : page) {
        core::enrich(m);
        if (m_mentions.upsert(m, bit)) fresh.push_back({std::move(m), bit});
    }
    listener.posts_read += page.size();
    using State = core::XSearchRun::State;
    if (state == State::NeedRequest) {
        commit(fresh);
        m_page_call = platform::http_get("/api/x" + m_run->request_path());
        return;
    }
    if (state == State::Done) {
        if (!m_run->newest_id().empty()) listener.newest_id = m_run->newest_id();
        listener.last_sync = platform::unix_now();
        m_problem.clear();
    } else {
        m_problem = m_run->message();
    }
    commit(fresh);
    m_run.reset();
    if (state == State::Done && !m_run_queue.empty()) {
        size_t next = m_run_queue.front();
        m_run_queue.erase(m_run_queue.begin());
        start_listener_run(next);
    }
}

void Workspace::commit(const std::vector<core::SegmentRecord>& records) {
    core::Result<bool> ok = m_store.commit(records, m_listeners);
    if (!ok) {
        m_problem = "Could not save new mentions: " + ok.error();
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
        if (s == platform::SyncState::Failed) {
            std::string err = platform::storage_error();
            m_problem = err.find("Quota") != std::string::npos
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
