// The app: owns the workspace and the views; the platform offers frame() on
// every animation frame, draws it only when frame_wanted(), and never owns any
// state of its own.
#pragma once

#include "app/theme.hpp"
#include "app/views/access_key_prompt.hpp"
#include "app/views/goals_view.hpp"
#include "app/views/mentions_view.hpp"
#include "app/views/status_bar.hpp"
#include "app/views/view.hpp"
#include "app/workspace.hpp"

#include <string>

namespace earshot::app {

class App {
  public:
    App();
    /// Updates the workspace and draws everything.
    void frame();
    /// True when a frame would show something new: input to answer (and the
    /// frames ImGui needs to settle after it), a change in the workspace, an
    /// animation (the sync progress bar), or the clock's minute turned (times
    /// shown). Otherwise the platform skips the frame: an idle tab draws nothing.
    bool frame_wanted() const;
    /// The owner did something (mouse, keys, text, wheel, resize, focus).
    void input_arrived();
    /// The JSON behind window.earshot.state() (architecture.md).
    std::string state_json() const;
    bool ready() const { return m_ws.phase() == Workspace::Phase::Ready; }
    /// Advances listening without drawing: the platform's timer calls it, so a
    /// hidden or idle tab (no frames drawn) still loads its cache and polls.
    /// Skipped while frames are drawn: they update the workspace themselves.
    void tick();
    /// An import or export is running, or an index snapshot is being built: the
    /// platform calls work() between frames (each call a time-budgeted slice) until it ends.
    bool working() const { return m_ws.transfers().busy() || m_ws.engine_snapshotting(); }
    /// Working, but only waiting for a file read to arrive.
    bool work_waiting() const { return m_ws.transfers().waiting(); }
    void work() { m_ws.work_on_transfers(); }

  private:
    /// Frames drawn after an input: ImGui answers a click or key in the next
    /// frame and may need another to lay out what changed (popups, focus, scroll).
    static constexpr int kSettleFrames = 4;
    /// The same while an import or export runs, whose slices get the time between
    /// frames: ImGui reads an event in the first and lays out what changed in the second.
    static constexpr int kSettleFramesBusy = 2;
    /// Time between two frames while an import or export runs and nothing else asks for one (ms).
    /// Progress four times a second: each frame costs the page its drawing and compositing
    /// (in software GL, 50 ms at 1280×720), time the import's slices get instead.
    static constexpr double kBusyFrameMs = 250;
    /// The narrowest the sync progress bar gets beside other items (em).
    static constexpr float kLeastSyncBarEm = 8.0f;
    void update_workspace();
    void frame_drawn();
    /// Keeps the screen-reader mirror in step with what is shown (only changes are published).
    void publish_accessible();
    struct AccessibleInputs {
        std::vector<std::string> visible;
        std::string selected;
        size_t mentions = 0;
        uint64_t workflow = 0;
        size_t needs_you = 0, shown = 0;
        const View* view = nullptr;
        bool syncing = false;
        std::string problem;
        int64_t minute = 0;
    } m_accessible_inputs;
    double m_accessible_ms = -1e9; ///< when the mirror was last published (monotonic)
    static constexpr double kAccessibleRowsMs = 200; ///< rows that only scrolled: at most this often
    void draw_top_bar();
    void draw_sync_controls(float em, float spacing);
    void draw_tab(View& view);
    void show(const std::string& id);
    std::vector<std::string> tab_titles() const; ///< for state(): every tab's label, as locate() knows it
    Workspace m_ws;
    std::vector<std::unique_ptr<View>> m_views = make_views();
    View* m_view = m_views.front().get();
    const MentionsView* m_mentions = nullptr; ///< for state(): what the feed shows
    const GoalsView* m_goals = nullptr;       ///< for state(): the goals' figures
    Selection m_selection;
    bool m_onboarding_opened = false; ///< the Business view was opened for onboarding once
    StatusBar m_status;
    AccessKeyPrompt m_access_prompt;
    int m_settle_frames = kSettleFrames; ///< the first frames are drawn whatever happens
    uint64_t m_drawn_generation = 0;     ///< the workspace's generation the last frame showed
    int64_t m_drawn_minute = 0;          ///< the clock minute the last frame showed
    double m_updated_ms = -1e9;          ///< when the workspace was last updated (monotonic)
    double m_input_ms = -1e9;            ///< when the last input arrived (monotonic)
    double m_frame_ms = -1e9;            ///< when the last frame was drawn (monotonic)
};

} // namespace earshot::app
