// The app's model: what is stored, the listeners, and the sync that pulls new
// mentions through the proxy. No ImGui here; views read it every frame.
#pragma once

#include "core/listener.hpp"
#include "core/mention_store.hpp"
#include "core/profile.hpp"
#include "core/store.hpp"
#include "core/x_sync.hpp"
#include "platform/http.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace earshot::app {

class Workspace {
  public:
    enum class Phase { Mounting, Loading, Ready };
    Workspace();

    /// Advances every asynchronous job one step; called once per frame.
    void update();

    void sync_now(); ///< starts a poll of every listener (no-op while one runs)

    Phase phase() const { return m_phase; }
    const core::MentionStore& mentions() const { return m_mentions; }
    const std::vector<core::Listener>& listeners() const { return m_listeners; }
    const core::BusinessProfile& profile() const { return m_profile; }

    // Status, for the status bar and the test API.
    bool syncing() const { return m_run.has_value(); }
    /// Writes to IndexedDB still in flight; a tab closed now would lose them.
    bool saving() const { return m_flushing || m_flush_wanted; }
    int sync_pages() const { return m_run ? m_run->pages() : 0; }
    uint64_t sync_posts() const { return m_run ? m_run->posts_read() : 0; }
    const std::string& source_mode() const { return m_source_mode; } ///< "demo", "live" or "" unknown
    std::optional<int64_t> rate_remaining() const { return m_rate.remaining; }
    std::optional<int64_t> rate_reset() const { return m_rate.reset; }
    int64_t last_sync() const;
    uint64_t storage_bytes() const { return m_store.bytes(); }
    /// The newest problem to show the owner ("" when all is well).
    const std::string& problem() const { return m_problem; }
    bool loaded_from_cache() const { return m_loaded_from_cache; }
    bool online() const;

  private:
    void start_listener_run(size_t index);
    void on_page(const core::HttpResponse& response);
    void commit(const std::vector<core::SegmentRecord>& records);
    void poll_storage();

    Phase m_phase = Phase::Mounting;
    core::BusinessProfile m_profile;
    core::MentionStore m_mentions;
    std::vector<core::Listener> m_listeners;
    core::DiskFileSystem m_fs;
    core::Store m_store;
    bool m_loaded_from_cache = false;

    std::shared_ptr<platform::HttpCall> m_sources_call;
    std::string m_source_mode;

    std::optional<core::XSearchRun> m_run;
    size_t m_run_listener = 0;
    std::vector<size_t> m_run_queue;
    std::shared_ptr<platform::HttpCall> m_page_call;
    core::RateLimit m_rate;

    bool m_flush_wanted = false;
    bool m_flushing = false;
    std::string m_problem;
};

} // namespace earshot::app
