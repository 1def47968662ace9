// App::frame(): one full-window layout — top bar, mentions table beside the
// detail pane, status bar — issued every frame from the workspace.
#include "app/app.hpp"

#include "app/display_text.hpp"
#include "app/fonts.hpp"
#include "app/layout.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"
#include "app/views/time_range.hpp"
#include "core/workflow/triage.hpp"
#include "platform/accessibility.hpp"
#include "platform/clock.hpp"
#include "platform/storage.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace earshot::app {

App::App() {
    for (const auto& v : m_views)
        if (auto* m = dynamic_cast<const MentionsView*>(v.get())) m_mentions = m;
        else if (auto* g = dynamic_cast<const GoalsView*>(v.get())) m_goals = g;
    // A blinking caret would redraw twice a second for as long as a field has focus.
    ImGui::GetIO().ConfigInputTextCursorBlink = false;
}

// [SECTION] When to draw

void App::update_workspace() {
    m_ws.update();
    m_updated_ms = platform::monotonic_ms();
}

void App::tick() {
    // The system's colour scheme changed while nothing was drawn ("follow the system").
    if (follow_theme_choice()) m_settle_frames = kSettleFrames;
    publish_accessible(); // the rows a scroll came to rest on (publish_accessible holds them back)
    // Frames come every ~16 ms while anything moves; the 250 ms timer is for when none do.
    if (platform::monotonic_ms() - m_updated_ms < 200) return;
    update_workspace();
}

void App::input_arrived() {
    m_settle_frames = std::max(m_settle_frames, m_ws.transfers().busy() ? kSettleFramesBusy : kSettleFrames);
    m_input_ms = platform::monotonic_ms();
}

bool App::frame_wanted() const {
    if (m_settle_frames > 0) return true; // input is answered at once, import or not
    // While an import or export runs its progress is drawn ten times a second;
    // the slices of work between frames (App::work) get the rest of the time.
    if (m_ws.transfers().busy()) return platform::monotonic_ms() - m_frame_ms >= kBusyFrameMs;
    return m_ws.generation() != m_drawn_generation || m_ws.syncing() ||
           platform::unix_now() / 60 != m_drawn_minute;
}

namespace {
/// A held key or button: ImGui repeats keys and drags only while frames come.
bool input_held() {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsAnyMouseDown()) return true;
    for (bool down : io.KeysDown)
        if (down) return true;
    return false;
}
} // namespace

void App::publish_accessible() {
    // What the mirror is made from; the sentences are only rebuilt when it moved
    // (the ages in them are in minutes), not every frame.
    const AccessibleInputs& last = m_accessible_inputs;
    const int64_t minute = platform::unix_now() / 60;
    const bool rest_same = last.selected == m_selection.mention_id && last.mentions == m_ws.mentions().size() &&
                           last.workflow == m_ws.workflow().revision() && last.needs_you == m_mentions->needs_you() &&
                           last.shown == m_mentions->shown() && last.view == m_view && last.syncing == m_ws.syncing() &&
                           last.problem == m_ws.problem() && last.minute == minute;
    if (rest_same && last.visible == m_mentions->visible_ids()) return;
    // Scrolling moves only the rows on screen, every frame: a screen reader wants them once
    // the list stands, not sixty times a second, and each publish lays the text out in the
    // page again. The rows where the scroll came to rest go out from the timer (tick()).
    const double ms = platform::monotonic_ms();
    if (rest_same && ms - m_accessible_ms < kAccessibleRowsMs) return;
    m_accessible_ms = ms;
    m_accessible_inputs = {m_mentions->visible_ids(), m_selection.mention_id, m_ws.mentions().size(),
                           m_ws.workflow().revision(),  m_mentions->needs_you(), m_mentions->shown(),
                           m_view,                     m_ws.syncing(),         m_ws.problem(),
                           minute};
    platform::AccessibleView v;
    char summary[160];
    std::snprintf(summary, sizeof summary, "%zu mentions, %zu need you, %zu shown in the %s view.", m_ws.mentions().size(),
                  m_mentions->needs_you(), m_mentions->shown(), m_view->title());
    v.summary = summary;
    if (m_ws.syncing()) v.summary += " Listening for new posts.";
    if (!m_ws.problem().empty()) v.summary += " " + m_ws.problem();
    if (m_view == m_views.front().get()) v.rows = m_mentions->describe_visible(m_ws);
    const long idx = m_ws.mentions().index_of(m_selection.mention_id);
    if (idx >= 0) {
        const core::Mention& m = m_ws.mentions().at(static_cast<size_t>(idx));
        v.selected = "Selected: @" + m.author.handle + " (" + m.author.name + "), " + format_local_time(m.created_at) +
                     ": " + m.text;
    }
    platform::publish_accessible_view(v);
}

void App::frame_drawn() {
    if (m_settle_frames > 0) --m_settle_frames;
    // New data lays out once more (auto-sized columns, wrapped text) after its first frame;
    // during an import the next progress frame does that, and every frame costs the import time.
    if (m_ws.generation() != m_drawn_generation && !m_ws.transfers().busy()) m_settle_frames = std::max(m_settle_frames, 1);
    // A button released outside the page never reports its release: held input
    // keeps frames coming only for a while after the last event.
    if (input_held() && platform::monotonic_ms() - m_input_ms < 5000) m_settle_frames = std::max(m_settle_frames, 1);
    m_drawn_generation = m_ws.generation();
    m_frame_ms = platform::monotonic_ms();
    m_drawn_minute = platform::unix_now() / 60;
}

// [SECTION] Drawing

void App::show(const std::string& id) {
    for (const auto& v : m_views)
        if (id == v->id()) m_view = v.get();
}

void App::draw_tab(View& view) {
    const bool active = m_view == &view;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, accent_colour());
    if (ImGui::Button(view.title())) m_view = &view;
    if (active) ImGui::PopStyleColor();
    remember_item(view.title());
}

// One line when the window is wide. In a narrow panel, two: what Earshot
// listens for with the sync controls at the right, then the tabs, wrapping as
// they must — none is cut off at the edge.
void App::draw_top_bar() {
    const float em = ImGui::GetFontSize();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Earshot");
    remember_item("brand");
    char listening[160];
    if (m_ws.needs_profile()) std::snprintf(listening, sizeof listening, "not listening yet");
    else std::snprintf(listening, sizeof listening, "listening for %s", m_ws.profile().name.c_str());
    same_line_if_fits(ImGui::CalcTextSize(listening).x);
    ImGui::TextDisabled("%s", listening);
    float tabs_w = 0;
    for (const auto& view : m_views) tabs_w += button_width(view->title()) + spacing;
    const bool one_line = room_on_line() >= 2 * em + tabs_w + kLeastSyncBarEm * em + spacing + button_width("Sync now");
    if (!one_line) draw_sync_controls(em, spacing);
    for (size_t i = 0; i < m_views.size(); ++i) {
        if (one_line && i == 0) ImGui::SameLine(0, 2 * em);
        else if (i > 0) same_line_if_fits(button_width(m_views[i]->title()));
        draw_tab(*m_views[i]);
    }
    if (one_line) draw_sync_controls(em, spacing);
}

void App::draw_sync_controls(float em, float spacing) {
    const float sync_w = button_width("Sync now");
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    // Right-aligned after the last item when the bar fits there (shortened if
    // need be), else right-aligned on a line of its own.
    float bar = std::min(14 * em, room_on_line() - spacing - sync_w);
    if (bar >= kLeastSyncBarEm * em) ImGui::SameLine();
    else bar = std::min(14 * em, ImGui::GetContentRegionAvail().x - sync_w - spacing);
    ImGui::SetCursorScreenPos(ImVec2(right - sync_w - spacing - bar, ImGui::GetCursorScreenPos().y));
    if (m_ws.syncing()) {
        char label[96];
        std::snprintf(label, sizeof label, "Syncing… page %d, %llu posts", m_ws.sync_pages() + 1,
                      static_cast<unsigned long long>(m_ws.sync_posts()));
        // The total is unknown until the last page: a bar that sweeps shows it is alive.
        float sweep = static_cast<float>(std::fmod(ImGui::GetTime() * 0.6, 1.0));
        ImGui::ProgressBar(sweep, ImVec2(bar, 0), label);
        remember_item("sync progress");
    } else {
        ImGui::Dummy(ImVec2(bar, ImGui::GetFrameHeight()));
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(m_ws.syncing() || m_ws.phase() != Workspace::Phase::Ready);
    if (ImGui::Button("Sync now")) m_ws.sync_now();
    ImGui::EndDisabled();
    remember_item("Sync now");
}

void App::frame() {
    registry_begin_frame();
    if (follow_theme_choice()) m_settle_frames = kSettleFrames; // the Settings view switched it
    update_workspace();
    if (m_ws.needs_profile() && !m_onboarding_opened) {
        // A live workspace without a profile polls nothing: open where the owner fills it in.
        show("business");
        m_onboarding_opened = true;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("Earshot", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    draw_top_bar();
    ImGui::Separator();
    const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y +
                           (StatusBar::lines(m_ws) - 1) * ImGui::GetTextLineHeightWithSpacing() * 1.6f;
    const float body_h = ImGui::GetContentRegionAvail().y - status_h;
    ViewContext ctx{m_ws, m_selection, body_h, {}};
    ImGui::BeginChild(m_view->id(), ImVec2(0, body_h));
    m_view->draw(ctx);
    ImGui::EndChild();
    if (!ctx.show.empty()) show(ctx.show);
    // Insights counts the shared range whichever view changed it (Goals, the feed, a chart).
    const TimeRange counted = counted_range(m_selection.range, platform::unix_now());
    m_ws.set_insights_range(counted.from, counted.to);
    ImGui::Separator();
    m_status.draw(m_ws);
    ImGui::End();
    m_access_prompt.draw(m_ws);
    registry_end_frame();
    publish_accessible();
    frame_drawn();
}

namespace {

// Counted when asked (tests, the screen-reader mirror): a pass over the store.
nlohmann::json mentions_by_source(const Workspace& ws) {
    size_t n[4] = {0, 0, 0, 0};
    const core::MentionStore& store = ws.mentions();
    for (size_t i = 0; i < store.size(); ++i) ++n[static_cast<size_t>(store.at(i).source) & 3];
    return {{"x", n[0]}, {"bsky", n[1]}, {"mastodon", n[2]}, {"import", n[3]}};
}

nlohmann::json sources_state(const Workspace& ws) {
    const core::SourceDirectory& d = ws.engine().sources();
    // "running": an X search run is under way (free sources poll on their own: "syncing" covers both).
    nlohmann::json out = {{"x", {{"mode", ws.source_mode()}, {"running", ws.engine().run().has_value()}}}};
    for (core::Source src : {core::Source::Bsky, core::Source::Mastodon}) {
        const core::FreeSourceStatus& st = ws.engine().free_sources().status(src);
        nlohmann::json j = {{"mode", d.mode(src)},
                            {"last_answer", st.last_answer},
                            {"held_until", st.held_until},
                            {"posts_seen", st.posts_seen},
                            {"problem", st.problem}};
        if (st.remaining) j["remaining"] = *st.remaining;
        out[core::to_string(src)] = j;
    }
    out["mastodon"]["servers"] = d.mastodon_servers;
    return out;
}

} // namespace

std::vector<std::string> App::tab_titles() const {
    std::vector<std::string> titles;
    for (const auto& v : m_views) titles.emplace_back(v->title());
    return titles;
}

std::string App::state_json() const {
    nlohmann::json listeners = nlohmann::json::array();
    for (const core::Listener& l : m_ws.listeners())
        listeners.push_back({{"id", l.id},
                             {"name", l.name},
                             {"query", l.query},
                             {"paused", l.paused},
                             {"posts_read", l.posts_read},
                             {"mentions", m_ws.listener_mentions(l)}});
    nlohmann::json s = {{"ready", ready()},
                        {"mentions", m_ws.mentions().size()},
                        {"listeners", listeners},
                        {"view", m_view->id()},
                        {"tabs", tab_titles()},
                        {"online", m_ws.online()},
                        {"syncing", m_ws.syncing()},
                        {"saving", m_ws.saving()},
                        {"writer", m_ws.writer()},
                        {"source", m_ws.source_mode()},
                        {"from_cache", m_ws.loaded_from_cache()},
                        {"selected", m_selection.mention_id},
                        {"problem", m_ws.problem()},
                        {"last_sync", m_ws.last_sync()},
                        {"clearing", m_ws.clearing()},
                        {"theme", {{"choice", to_string(theme_choice())}, {"dark", dark_theme_shown()}}},
                        {"storage",
                         {{"bytes", m_ws.storage_bytes()},
                          {"usage", platform::storage_usage_bytes()},
                          {"quota", platform::storage_quota_bytes()}}}};
    if (m_ws.rate_remaining()) s["rate_limit_remaining"] = *m_ws.rate_remaining();
    s["by_source"] = mentions_by_source(m_ws);
    s["data"] = nlohmann::json::parse(m_ws.transfers().state_json(), nullptr, false);
    s["index"] = {{"indexed", m_ws.indexed()},
                  {"snapshot_building", m_ws.engine_snapshotting()},
                  {"snapshot_covers", m_ws.index_snapshot_covers()}};
    s["sources"] = sources_state(m_ws);
    const core::BusinessProfile& p = m_ws.profile();
    s["profile"] = {{"name", p.name},
                    {"handle", p.handle},
                    {"town", p.town},
                    {"competitors", p.competitors.size()},
                    {"campaign_hashtags", p.campaign_hashtags},
                    {"event_hashtag", p.event_hashtag},
                    {"saved", m_ws.profile_saved()},
                    {"needs_profile", m_ws.needs_profile()}};
    s["alerts"] = m_ws.alerts().size();
    s["access_key"] = {{"state", core::to_string(m_ws.access().state())},
                       {"asking", m_ws.access_key_wanted()},
                       {"message", m_ws.access().message()},
                       {"has_key", m_ws.has_access_key()}};
    const GlyphStats& g = glyph_stats();
    s["glyphs"] = {{"cjk_font", g.cjk_font},
                   {"cjk_glyphs", g.cjk_glyphs},
                   {"emoji", g.emoji},
                   {"atlas", {{"w", g.atlas_width}, {"h", g.atlas_height}}},
                   {"rebuilds", g.rebuilds},
                   {"last_build_ms", g.last_build_ms},
                   {"last_rebuild_ms", g.last_rebuild_ms},
                   {"frame_after_rebuild_ms", g.frame_after_rebuild_ms},
                   {"cjk_seen_ms", g.cjk_seen_ms},
                   {"cjk_fetch_ms", g.cjk_fetch_ms},
                   {"cjk_ready_ms", g.cjk_ready_ms},
                   {"over_budget", g.over_budget}};
    // Posts the workspace read and paid for this month, each counted once (what X bills).
    s["spend"] = {{"price_micros", m_ws.spend().settings().price_per_post},
                  {"monthly_cap_micros", m_ws.spend().settings().monthly_cap},
                  {"posts_read_month", m_ws.spend().month(platform::unix_now()).posts}};
    s["search"] = {{"shown", m_mentions->shown()}, {"error", m_mentions->search_error()}};
    // The rows on screen, top to bottom, with what the triage order rests on.
    nlohmann::json top = nlohmann::json::array();
    for (const std::string& id : m_mentions->visible_ids()) {
        if (top.size() == 12) break;
        const long idx = m_ws.mentions().index_of(id);
        if (idx < 0) continue;
        const core::Mention& m = m_ws.mentions().at(static_cast<size_t>(idx));
        top.push_back({{"id", id},
                       {"handle", m.author.handle},
                       {"intents", m.intents},
                       {"status", core::to_string(m_ws.workflow().get(id).status)},
                       {"created_at", m.created_at},
                       {"urgency", core::urgency(m, platform::unix_now())}});
    }
    s["inbox"] = {{"needs_you", m_mentions->needs_you()}, {"checked", m_mentions->checked()}, {"top", top}};
    size_t starred = 0, resolved = 0;
    for (const auto& [id, e] : m_ws.workflow().entries()) {
        starred += e.starred;
        resolved += e.status == core::Status::Resolved;
    }
    s["workflow"] = {{"entries", m_ws.workflow().size()}, {"starred", starred}, {"resolved", resolved}};
    s["range"] = {{"from", m_selection.range.from}, {"to", m_selection.range.to}};
    s["insights_in_range"] = m_ws.insights().in_window();
    if (m_goals) s["goals"] = m_goals->state();
    // The selected post's text as the feed row draws it (shaped, in visual order): what
    // the browser tests compare right-to-left posts with.
    if (const long at = m_selection.mention_id.empty() ? -1 : m_ws.mentions().index_of(m_selection.mention_id); at >= 0)
        s["selected_display_text"] = for_display(m_ws.mentions().at(static_cast<size_t>(at)).text, true);
    if (!m_selection.mention_id.empty()) {
        const core::WorkflowEntry& e = m_ws.workflow().get(m_selection.mention_id);
        s["selected_workflow"] = {{"read", e.read},         {"starred", e.starred},
                                  {"status", core::to_string(e.status)},
                                  {"note", e.note},         {"tags", e.tags},
                                  {"assignee", e.assignee}};
    }
    return s.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace earshot::app
