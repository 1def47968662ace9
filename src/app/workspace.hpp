// The app's model: the listening engine (core) with what only the app keeps —
// the owner's workflow, the business profile, and the Insights and Alerts read
// models. It carries bytes between the platform (HTTP, IndexedDB, the tab
// lock) and the engine; no ImGui here: views read it every frame and change
// it through its methods.
#pragma once

#include "app/data_transfer.hpp"
#include "core/insights/alerts.hpp"
#include "core/insights/insights.hpp"
#include "core/listen/access_key.hpp"
#include "core/listen/engine.hpp"
#include "core/listen/profile.hpp"
#include "core/listen/profile_edit.hpp"
#include "core/workflow/workflow.hpp"
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

    /// Carries what the platform finished to the engine and what the engine
    /// asks for to the platform; called on every timer tick (not only frames).
    void update();
    /// Changes whenever something a view shows may have changed (mentions,
    /// a run, a save, a problem, an answer, insights, alerts…), so the
    /// platform redraws only then: an idle tab draws nothing.
    uint64_t generation() const { return m_generation; }

    /// Polls every listener now, ignoring their schedules (never the rate
    /// limit or the spend caps). No-op while a run is going.
    void sync_now() { m_engine.sync_now(); }

    // [SECTION] Listeners (the owner's edits; errors name the field and column)
    std::optional<core::ListenerError> create_listener(const core::ListenerSettings& s) {
        return m_engine.create_listener(s);
    }
    std::optional<core::ListenerError> edit_listener(const std::string& id, const core::ListenerSettings& s) {
        return m_engine.edit_listener(id, s);
    }
    void set_listener_paused(const std::string& id, bool paused) { m_engine.set_listener_paused(id, paused); }
    void remove_listener(const std::string& id) { m_engine.remove_listener(id); }
    /// Price per post and the monthly cap; the reason when refused.
    std::string set_spend_settings(const core::SpendSettings& s) { return m_engine.set_spend_settings(s); }
    /// Asks X how many posts a listener's next poll would read (free) and the cost.
    void estimate_listener(const std::string& id) { m_engine.estimate_listener(id); }
    /// "About 340 new posts since the last sync, $1.70. …", "" before any estimate.
    std::string estimate_text(const std::string& id) const { return m_engine.estimate_text(id); }

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

    // [SECTION] The proxy's access key (asked once, remembered in IndexedDB)
    /// True while the proxy refuses what was sent and the owner must give a key;
    /// the refused requests wait, nothing is lost.
    bool access_key_wanted() const { return m_access.asking(); }
    const core::AccessGate& access() const { return m_access; }
    /// The owner's key: requests the proxy refused go out again with it. The
    /// reason when the key cannot be used as typed.
    std::string submit_access_key(const std::string& typed);
    /// True while a key is set (typed or remembered); false: requests carry none.
    bool has_access_key() const { return m_access.header_value() != core::kNoAccessKey; }
    /// Settings, "Use this key": the key goes out with a request of its own at
    /// once, so the owner learns now whether the proxy takes it.
    std::string change_access_key(const std::string& typed);
    /// Settings, "Forget the key": removed from this browser; requests go without
    /// one, so a proxy that wants a key asks again.
    void forget_access_key();

    // [SECTION] All data (Settings, "Clear all data")
    /// Deletes every mention, listener, tag, note, the profile, the remembered
    /// key and the preferences from this browser, then starts the page afresh.
    /// The reason when it cannot (another tab holds the data, still opening).
    std::string clear_all_data();
    /// True from the confirmation until the page reloads (not after a failure: the owner may try again).
    bool clearing() const { return m_clear != Clear::None && m_clear != Clear::Failed; }
    /// True in a frame inside another site's page when the browser gives it no
    /// storage (third-party storage blocked): nothing can be kept, so nothing
    /// is read from X either (it would be paid for again on every visit).
    bool storage_blocked() const { return m_storage_blocked; }

    // [SECTION] Data in and out (imports of picked or dropped files, exports)
    DataTransfers& transfers() { return m_transfers; }
    /// One time-budgeted slice of the import or export running; the platform
    /// calls it between frames while transfers().busy() (update() only starts one).
    /// What an import stored is indexed and counted (Insights, alerts) in the
    /// same slice, so no frame has thousands of posts to catch up on.
    void work_on_transfers();
    /// The engine builds an index snapshot; work_on_transfers() advances it too.
    bool engine_snapshotting() const { return m_engine.snapshot_in_progress(); }
    const DataTransfers& transfers() const { return m_transfers; }
    /// Every stored mention, newest first ("Export all").
    std::vector<uint32_t> all_rows() const { return mentions().newest_first(); }

    // [SECTION] Reading
    Phase phase() const { return m_phase; }
    const core::ListeningEngine& engine() const { return m_engine; }
    const core::MentionStore& mentions() const { return m_engine.mentions(); }
    const std::vector<core::Listener>& listeners() const { return m_engine.listeners(); }
    size_t listener_mentions(const core::Listener& l) const { return m_engine.listener_mentions(l); }
    const core::BusinessProfile& profile() const { return m_profile; }
    const core::SpendGuard& spend() const { return m_engine.spend(); }
    /// Positions of the mentions a query matches (the index answers; exact).
    std::vector<uint32_t> search(const core::Query& q) const {
        return m_engine.index().search(q, m_engine.mentions());
    }
    /// The Insights board's numbers over the chosen time range, kept current as mentions arrive.
    const core::InsightsAccumulator& insights() const { return m_insights; }
    /// The range Insights counts, unix seconds, 0 = open on that side (the shared
    /// TimeRange). A change recounts the rows already read; no text is read again.
    void set_insights_range(int64_t from, int64_t to);
    /// Spikes, negative surges, high-reach complaints and competitors' unhappy
    /// customers over the last 7 days, newest last, each with why it fired.
    const std::vector<core::Alert>& alerts() const { return m_alerts.alerts(); }
    /// Why each listener is or is not polled right now, and who shares a search.
    const core::PollDecision& poll_plan() const { return m_engine.poll_plan(); }

    /// A poll of any source is running.
    bool syncing() const { return m_engine.run().has_value() || m_engine.polling_free(); }
    /// Writes to IndexedDB still in flight; a tab closed now would lose them.
    bool saving() const { return m_engine.saving(); }
    bool polling(const std::string& listener_id) const { return m_engine.polling(listener_id); }
    int sync_pages() const { return m_engine.run() ? m_engine.run()->pages() : 0; }
    uint64_t sync_posts() const { return m_engine.run() ? m_engine.run()->posts_read() : 0; }
    const std::string& source_mode() const { return m_engine.source_mode(); } ///< "demo", "live", "" unknown
    std::optional<int64_t> rate_remaining() const { return m_engine.rate_limit().remaining; }
    std::optional<int64_t> rate_reset() const { return m_engine.rate_limit().reset; }
    int64_t last_sync() const { return m_engine.last_sync(); }
    uint64_t storage_bytes() const { return m_engine.storage_bytes(); }
    /// The problem to show the owner ("" when all is well): saving to the browser
    /// first (it can lose work), else the newest problem with polling or loading.
    const std::string& problem() const;
    bool loaded_from_cache() const { return m_engine.loaded_from_cache(); }
    size_t indexed() const { return m_engine.index().size(); }
    size_t index_snapshot_covers() const { return m_engine.index_snapshot_covers(); }
    bool online() const;
    /// False while another tab of this origin is the one that writes.
    bool writer() const { return m_engine.writer(); }

  private:
    enum class Clear { None, Wanted, Deleting, Reloading, Failed };
    void advance();
    void advance_clearing();
    void check_key_now();
    uint64_t fingerprint() const;
    void open_engine(bool writer);
    void load_profile();
    void on_sources_known();
    void carry_http();
    void send(uint64_t id, std::string path);
    void keep_accepted_key();
    void carry_storage();
    void save_workflow();
    void take_over_from_other_tab();
    /// Mentions counted per call at most: chunks keep a million-mention start-up
    /// from freezing a frame.
    static constexpr size_t kCatchUpRows = 50000;
    void update_insights(size_t max_rows = kCatchUpRows);
    void update_alerts(size_t max_rows = kCatchUpRows);
    core::InsightsConfig insights_config() const;

    Phase m_phase = Phase::Mounting;
    core::DiskFileSystem m_fs;
    core::ListeningEngine m_engine;
    core::BusinessProfile m_profile;
    bool m_profile_saved = false;
    bool m_needs_profile = false;
    bool m_sources_handled = false;
    uint64_t m_profile_revision = 0;
    core::Workflow m_workflow;
    core::WorkflowFile m_workflow_file;
    core::ProfileFile m_profile_file;
    uint64_t m_workflow_failed_revision = 0; ///< don't retry a failed save every tick
    /// A request on its way, with what it needs to be sent again.
    struct Call {
        std::string path;
        std::string key_sent; ///< its X-Earshot-Key
        std::shared_ptr<platform::HttpCall> http;
    };
    std::map<uint64_t, Call> m_calls;         ///< engine request id → call
    std::map<uint64_t, std::string> m_held;   ///< refused for the key: id → path, sent again with the next
    core::AccessGate m_access;
    core::AccessKeyFile m_access_file;
    Call m_key_check; ///< Settings' own request that tries a changed or forgotten key
    Clear m_clear = Clear::None;
    bool m_storage_blocked = false;
    bool m_flushing = false;
    bool m_writer_role = false; ///< this tab holds the writer lock

    DataTransfers m_transfers;
    core::InsightsAccumulator m_insights;
    core::AlertMonitor m_alerts;
    size_t m_alert_rows = 0;
    size_t m_alert_listeners = SIZE_MAX; ///< listener count the configuration was made for
    double m_next_alert_check_ms = 0;
    size_t m_insights_rows = 0;       ///< store mentions already added (rows = store order)
    size_t m_insights_listeners = 0;  ///< listener count the configuration was made for
    double m_next_recount_ms = 0;
    int64_t m_range_from = 0, m_range_to = 0; ///< Insights' window, 0 = open
    std::string m_problem; ///< the app's own (workflow, profile, mounting)
    uint64_t m_generation = 0;
    uint64_t m_fingerprint = 0; ///< of what update() last left behind
};

} // namespace earshot::app
