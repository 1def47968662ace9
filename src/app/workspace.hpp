// The app's model: what is stored, the listeners, the spend guard, the owner's
// workflow, and the polling that pulls new mentions through the proxy. No
// ImGui here; views read it every frame and change it through its methods.
#pragma once

#include "core/insights/alerts.hpp"
#include "core/index/mention_index.hpp"
#include "core/insights/insights.hpp"
#include "core/listen/listener_set.hpp"
#include "core/store/mention_store.hpp"
#include "core/listen/profile.hpp"
#include "core/listen/profile_edit.hpp"
#include "core/listen/spend.hpp"
#include "core/store/persistent_store.hpp"
#include "core/workflow/workflow.hpp"
#include "core/listen/x_search.hpp"
#include "platform/http.hpp"

#include <map>
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

    /// Polls every listener now, ignoring their schedules (never the rate
    /// limit or the spend caps). No-op while a run is going.
    void sync_now();

    // [SECTION] Listeners (the owner's edits; errors name the field and column)
    std::optional<core::ListenerError> create_listener(const core::ListenerSettings& s);
    std::optional<core::ListenerError> edit_listener(const std::string& id, const core::ListenerSettings& s);
    void set_listener_paused(const std::string& id, bool paused);
    void remove_listener(const std::string& id);
    /// Price per post and the monthly cap; saved with the listeners. Returns the
    /// reason when refused (e.g. a negative amount).
    std::string set_spend_settings(const core::SpendSettings& settings);

    /// Asks X how many posts a listener's next poll would read (counts/recent,
    /// free of charge) and what they would cost; see estimate_text().
    void estimate_listener(const std::string& id);
    /// "About 340 new posts since the last sync, $1.70. …", "" before any estimate.
    std::string estimate_text(const std::string& id) const;

    // [SECTION] Business profile (profile.json; the starter listeners are built from it)
    /// What saving a profile did: the field messages when it was refused, or
    /// what changed in the listeners.
    struct ProfileSaved {
        std::vector<core::ProfileIssue> issues; ///< per field; nothing was saved
        std::string error;                      ///< why nothing was saved (read-only tab, storage…)
        std::string summary;                    ///< "Updated 3 starter listeners, added 1 for …"
        std::vector<std::string> notes;         ///< what the templates could not fill
        bool ok() const { return issues.empty() && error.empty(); }
    };
    /// Validates, writes profile.json and brings the starter listeners in line
    /// (the owner's own listeners are kept). Polling starts when it was waiting for one.
    ProfileSaved save_profile(const core::BusinessProfile& typed);
    /// True when the source is live and no profile was saved yet: onboarding,
    /// and nothing is polled until a profile is saved.
    bool needs_profile() const { return m_needs_profile; }
    /// True when the profile came from profile.json (false: the demo's default).
    bool profile_saved() const { return m_profile_saved; }
    /// Changes whenever the profile is loaded or saved, so a form knows to refill.
    uint64_t profile_revision() const { return m_profile_revision; }

    // [SECTION] Workflow (read, star, status…), saved to the browser at once
    core::Workflow& workflow() { return m_workflow; }
    const core::Workflow& workflow() const { return m_workflow; }

    // [SECTION] Reading
    Phase phase() const { return m_phase; }
    const core::MentionStore& mentions() const { return m_mentions; }
    const std::vector<core::Listener>& listeners() const { return m_listeners.all(); }
    /// Mentions linked to a listener.
    size_t listener_mentions(const core::Listener& l) const;
    const core::BusinessProfile& profile() const { return m_profile; }
    const core::SpendGuard& spend() const { return m_spend; }
    /// Positions of the mentions a query matches (the index answers; exact).
    std::vector<uint32_t> search(const core::Query& q) const { return m_index.search(q, m_mentions); }

    /// The Insights board's numbers over the last 7 days, kept current as mentions arrive.
    const core::InsightsAccumulator& insights() const { return m_insights; }
    /// Spikes, negative surges, high-reach complaints and competitors' unhappy
    /// customers over the last 7 days, newest last, each with why it fired.
    const std::vector<core::Alert>& alerts() const { return m_alerts.alerts(); }
    /// Why each listener is or is not polled right now ("Next poll in 25 min"),
    /// and which listeners share one search (PollDecision::groups).
    const core::PollDecision& poll_plan() const { return m_plan; }

    bool syncing() const { return m_run.has_value(); }
    /// Writes to IndexedDB still in flight; a tab closed now would lose them.
    bool saving() const { return m_flushing || m_flush_wanted; }
    /// Whether the search going on now reads for this listener.
    bool polling(const std::string& listener_id) const;
    int sync_pages() const { return m_run ? m_run->pages() : 0; }
    uint64_t sync_posts() const { return m_run ? m_run->posts_read() : 0; }
    const std::string& source_mode() const { return m_source_mode; } ///< "demo", "live" or "" unknown
    std::optional<int64_t> rate_remaining() const { return m_rate.remaining; }
    std::optional<int64_t> rate_reset() const { return m_rate.reset; }
    int64_t last_sync() const;
    uint64_t storage_bytes() const { return m_store.bytes(); }
    /// The problem to show the owner ("" when all is well): saving to the browser
    /// first (it can lose work), else the newest problem with polling or loading.
    const std::string& problem() const { return m_storage_problem.empty() ? m_problem : m_storage_problem; }
    bool loaded_from_cache() const { return m_loaded_from_cache; }
    bool online() const;
    /// False while another tab of this origin is the one that writes.
    bool writer() const { return m_writer; }

  private:
    void load_stored();
    void load_profile();
    void maybe_start_run(bool forced);
    void start_run(const core::PollRun& run, int max_results);
    void on_page(const core::HttpResponse& response);
    /// A run is complete: its members reach its newest id; a run that left out
    /// what its group read links them to those stored posts.
    void finish_members(const core::PollRun& run, const std::string& newest, int64_t now,
                        std::vector<core::SegmentRecord>& fresh);
    void store_page(std::vector<core::Mention>& page, const std::vector<uint64_t>& masks,
                    std::vector<core::SegmentRecord>& fresh);
    void commit(const std::vector<core::SegmentRecord>& records);
    void save_workflow();
    void save_index_snapshot_when_due();
    void poll_storage();

    void take_over_from_other_tab();
    void update_insights();
    void update_alerts();
    core::InsightsConfig insights_config() const;

    Phase m_phase = Phase::Mounting;
    bool m_writer = false;
    core::BusinessProfile m_profile;
    bool m_profile_saved = false;
    bool m_needs_profile = false;
    uint64_t m_profile_revision = 0;
    core::MentionStore m_mentions;
    core::ListenerSet m_listeners;
    core::SpendGuard m_spend;
    core::PollScheduler m_scheduler;
    core::PollDecision m_plan;
    core::SharedPosts m_shared; ///< count_shared_posts(), for the scheduler
    std::pair<size_t, size_t> m_shared_shape{SIZE_MAX, SIZE_MAX}; ///< store and listener counts it was made for
    bool m_shared_dirty = true;
    core::Workflow m_workflow;
    core::MentionIndex m_index;
    core::InsightsAccumulator m_insights;
    core::AlertMonitor m_alerts;
    size_t m_alert_rows = 0;
    size_t m_alert_listeners = SIZE_MAX; ///< listener count the configuration was made for
    double m_next_alert_check_ms = 0;
    size_t m_insights_rows = 0;     ///< store mentions already added (rows = store order)
    size_t m_insights_listeners = 0; ///< listener count the configuration was made for
    double m_next_recount_ms = 0;
    core::DiskFileSystem m_fs;
    core::Store m_store;
    core::WorkflowFile m_workflow_file;
    core::ProfileFile m_profile_file;
    uint64_t m_workflow_failed_revision = 0; ///< don't retry a failed save every frame
    bool m_loaded_from_cache = false;

    std::shared_ptr<platform::HttpCall> m_sources_call;
    std::map<std::string, std::shared_ptr<platform::HttpCall>> m_estimate_calls;
    std::map<std::string, std::string> m_estimates;
    std::string m_source_mode;

    std::optional<core::XSearchRun> m_run;
    core::PollRun m_run_plan; ///< what m_run reads, and for whom
    bool m_force_all = false;           ///< "Sync now": ignore schedules this round
    std::vector<std::string> m_forced;  ///< listeners already run this forced round
    std::shared_ptr<platform::HttpCall> m_page_call;
    core::RateLimit m_rate;
    double m_next_plan_ms = 0;

    bool m_flush_wanted = false;
    size_t m_snapshot_failed_at = 0; ///< store size when saving the index snapshot failed
    bool m_flushing = false;
    std::string m_problem;
    std::string m_storage_problem; ///< the last IndexedDB sync's failure, until one succeeds
};

} // namespace earshot::app
