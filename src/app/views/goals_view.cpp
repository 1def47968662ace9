// Goals board. The numbers come from core::compute_goals over the shared time range,
// cached until the mentions, the range, the profile or the workflow change; the view lays
// out seven panels, each a figure and a queue whose rows open the mention in the feed.
#include "app/views/goals_view.hpp"

#include "app/display_text.hpp"
#include "app/layout.hpp"
#include "app/post_text.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"
#include "app/views/time_range.hpp"
#include "platform/clock.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace earshot::app {

namespace {

constexpr int kGoals = 7;

/// "1 h 20 min", "3 days", "45 s".
std::string duration(int64_t s) {
    char buf[48];
    if (s < 60) std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
    else if (s < 3600) std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>(s / 60));
    else if (s < 2 * 86400)
        std::snprintf(buf, sizeof buf, "%lld h %lld min", static_cast<long long>(s / 3600),
                      static_cast<long long>(s % 3600 / 60));
    else std::snprintf(buf, sizeof buf, "%lld days", static_cast<long long>(s / 86400));
    return buf;
}

core::GoalsConfig goals_config(const core::BusinessProfile& p, const TimeRange& range) {
    core::GoalsConfig c;
    c.from = range.from;
    c.to = range.to;
    c.website = p.website;
    // Handles and site domains: on Bluesky the business may be "harbourbean.co.uk".
    c.own_handles = core::profile_accounts(p, false);
    c.competitor_handles = core::profile_accounts(p, true);
    for (const core::Competitor& comp : p.competitors) c.brand_tags.push_back(comp.handle);
    // The business's own name tag (#HarbourBean) is about it, not an event.
    c.brand_tags.push_back(p.handle);
    std::string joined;
    for (char ch : p.name)
        if (ch != ' ') joined += ch;
    c.brand_tags.push_back(joined);
    c.local.town = p.town;
    c.local.aliases = p.nearby_places;
    c.local.country_code = p.country_code;
    c.campaign_tags = p.campaign_hashtags;
    c.event_tag = p.event_hashtag;
    return c;
}

/// One goal's panel: its title, its figure in the accent colour, a line of detail.
struct Panel {
    const char* title;
    std::string figure; ///< "12"
    std::string what;   ///< "mentions link to harbourbean.co.uk"
    std::vector<std::string> details;
    const std::vector<uint32_t>* queue;
    const char* empty; ///< what an empty queue means
};

/// The queue: one line per mention, newest first; a click selects it and opens the feed.
void draw_queue(ViewContext& ctx, const Panel& panel) {
    const core::MentionStore& store = ctx.ws.mentions();
    const std::vector<uint32_t>& rows = *panel.queue;
    if (rows.empty()) {
        ImGui::TextDisabled("%s", panel.empty);
        return;
    }
    ImGui::BeginChild("queue", ImVec2(0, 0), false);
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()));
    while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const uint32_t row = rows[static_cast<size_t>(i)];
            if (row >= store.size()) continue;
            const core::Mention& m = store.at(row);
            const bool unread = !ctx.ws.workflow().get(m.id).read;
            // The row is clickable as a whole; its text is drawn over it, coloured like the
            // feed's and cut with "…" at the panel's edge (never in the middle of a letter).
            const ImVec2 row_pos = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable(("##" + m.id).c_str(), ctx.selection.mention_id == m.id)) {
                ctx.selection.mention_id = m.id;
                ctx.ws.workflow().set_read(m.id, true, platform::unix_now());
                ctx.show = "mentions";
            }
            const bool hovered = ImGui::IsItemHovered();
            const ImVec2 next_row = ImGui::GetCursorScreenPos();
            ImGui::SetCursorScreenPos(row_pos);
            ImGui::TextUnformatted(((unread ? "• @" : "  @") + m.author.handle).c_str());
            ImGui::SameLine();
            draw_post_text(for_display(m.text, true), ImGui::GetContentRegionAvail().x, 1);
            ImGui::SetCursorScreenPos(next_row);
            if (hovered) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
                ImGui::TextDisabled("@%s · %s", m.author.handle.c_str(), format_local_time(m.created_at).c_str());
                ImGui::TextUnformatted(for_display(m.text).c_str());
                ImGui::TextDisabled("Click to open it in the feed");
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            if (i == 0) remember_item(std::string("first of ") + panel.title);
        }
    ImGui::EndChild();
}

/// A detail line of listed items ("Top pages: a (46), b (34)") wraps between items,
/// never inside one: a web address broken mid-way reads as two. An item wider than
/// the panel is cut with "…".
void draw_detail(std::string_view detail) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    bool first = true;
    for (size_t start = 0; start < detail.size(); first = false) {
        const size_t comma = detail.find(", ", start);
        const size_t end = comma == std::string_view::npos ? detail.size() : comma + 1; // the comma stays with its item
        const std::string_view item = detail.substr(start, end - start);
        start = comma == std::string_view::npos ? detail.size() : comma + 2;
        const float width = ImGui::CalcTextSize(item.data(), item.data() + item.size()).x;
        if (!first) same_line_if_fits(width);
        if (width <= ImGui::GetContentRegionAvail().x) ImGui::TextUnformatted(item.data(), item.data() + item.size());
        else draw_post_text(item, ImGui::GetContentRegionAvail().x, 1, true);
    }
    ImGui::PopStyleColor();
}

void draw_panel(ViewContext& ctx, const Panel& p, ImVec2 size) {
    ImGui::PushID(p.title);
    ImGui::BeginChild("goal", size, true);
    ImGui::TextUnformatted(p.title);
    remember_item(std::string("goal ") + p.title);
    ImGui::TextColored(accent_colour(), "%s", p.figure.c_str());
    remember_item(std::string("figure ") + p.title);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(p.what.c_str());
    ImGui::PopTextWrapPos();
    for (const std::string& d : p.details) draw_detail(d);
    ImGui::Separator();
    draw_queue(ctx, p);
    ImGui::EndChild();
    ImGui::PopID();
}

std::string joined(const std::vector<core::RankedItem>& items, size_t n, const char* prefix = "") {
    std::string s;
    for (size_t i = 0; i < std::min(n, items.size()); ++i)
        s += (i ? ", " : "") + std::string(prefix) + items[i].label + " (" + std::to_string(items[i].count) + ")";
    return s;
}

} // namespace

void GoalsView::refresh(const Workspace& ws, const TimeRange& range) {
    const core::MentionStore& store = ws.mentions();
    const bool mentions_moved = store.size() != m_for_size || store.fingerprint() != m_for_fingerprint ||
                                range.from != m_for_from || range.to != m_for_to ||
                                ws.profile_revision() != m_for_profile;
    if (mentions_moved) {
        m_config = goals_config(ws.profile(), range);
        m_board = core::compute_goals(store, m_config);
        m_for_size = store.size();
        m_for_fingerprint = store.fingerprint();
        m_for_from = range.from;
        m_for_to = range.to;
        m_for_profile = ws.profile_revision();
    }
    if (mentions_moved || ws.workflow().revision() != m_for_workflow) {
        core::update_service(m_board, store, ws.workflow(), m_config);
        m_for_workflow = ws.workflow().revision();
    }
}

void GoalsView::draw(ViewContext& ctx) {
    const int64_t now = platform::unix_now();
    draw_time_range(ctx.selection.range, now);
    refresh(ctx.ws, ctx.selection.range);
    m_drawn = true;
    const core::GoalsBoard& b = m_board;
    const std::string site = core::site_domain(m_config.website);

    std::vector<Panel> panels;
    panels.push_back({"Website traffic", std::to_string(b.traffic.mentions),
                      site.empty() ? "mentions link to your site (add your website in Business)"
                                   : "mentions link to " + site,
                      {b.traffic.pages.empty() ? "" : "Top pages: " + joined(b.traffic.pages, 3)},
                      &b.traffic.queue, "No one linked to your site in this range."});
    panels.push_back({"Promotions", std::to_string(b.promotions.mentions), "mentions of deals, promo codes, campaign tags",
                      {b.promotions.codes.empty() ? "" : "Codes: " + joined(b.promotions.codes, 3),
                       b.promotions.tags.empty() ? "" : "Campaigns: " + joined(b.promotions.tags, 3)},
                      &b.promotions.queue, "No promotion talk in this range."});
    panels.push_back({"Leads", std::to_string(b.leads.mentions), "people ready to buy or asking for a recommendation",
                      {std::to_string(b.leads.purchase) + " purchase intent · " + std::to_string(b.leads.recommendation) +
                       " recommendation requests"},
                      &b.leads.queue, "No leads in this range."});
    panels.push_back({"Onsite visitors", std::to_string(b.visitors.mentions),
                      "local mentions and check-ins" + (ctx.ws.profile().town.empty() ? std::string() : " around " + ctx.ws.profile().town),
                      {std::to_string(b.visitors.checkins) + " check-ins · " + std::to_string(b.visitors.local) + " local"},
                      &b.visitors.queue, "No one local or checking in in this range."});
    panels.push_back({"Events", std::to_string(b.event.mentions),
                      b.event.tag.empty() ? "posts on an event hashtag"
                                          : "posts on #" + b.event.tag + (b.event.from_profile ? "" : " (the most active tag)"),
                      {"The live wall, newest first"}, &b.event.wall, "No hashtag in this range."});
    panels.push_back({"Customer service", std::to_string(b.service.open), "open complaints and questions",
                      {std::to_string(b.service.answered) + " of " + std::to_string(b.service.cases) + " answered · " +
                       (b.service.median_first_response ? "median first response " + duration(*b.service.median_first_response)
                                                        : std::string("no response yet to time"))},
                      &b.service.queue, "Nothing waits for an answer."});
    std::string advocates;
    for (size_t i = 0; i < std::min<size_t>(3, b.loyalty.advocates.size()); ++i)
        advocates += (i ? ", @" : "Advocates: @") + b.loyalty.advocates[i].handle + " (" +
                     std::to_string(b.loyalty.advocates[i].positive) + ")";
    panels.push_back({"Loyalty", std::to_string(b.loyalty.repeat_authors), "people who said good things twice or more",
                      {advocates}, &b.loyalty.queue, "No repeat fans in this range yet."});
    for (Panel& p : panels)
        p.details.erase(std::remove(p.details.begin(), p.details.end(), std::string()), p.details.end());

    // Four across and two rows on a wide screen; two across, scrolled, in a narrow panel.
    const bool narrow = narrow_window();
    const int cols = narrow ? 2 : 4;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    ImGui::BeginChild("goals board", ImVec2(0, 0), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = (avail.x - (cols - 1) * st.ItemSpacing.x) / cols;
    const int rows = (kGoals + cols - 1) / cols;
    const float h = std::max(line * 11, narrow ? (avail.y - st.ItemSpacing.y) / 2 : (avail.y - (rows - 1) * st.ItemSpacing.y) / rows);
    for (int i = 0; i < kGoals; ++i) {
        if (i % cols) ImGui::SameLine();
        draw_panel(ctx, panels[static_cast<size_t>(i)], ImVec2(w, h));
    }
    ImGui::EndChild();
}

nlohmann::json GoalsView::state() const {
    if (!m_drawn) return nullptr;
    const core::GoalsBoard& b = m_board;
    return {{"range", {m_for_from, m_for_to}},
            {"in_range", b.in_range},
            {"traffic", b.traffic.mentions},
            {"promotions", b.promotions.mentions},
            {"leads", b.leads.mentions},
            {"visitors", b.visitors.mentions},
            {"event", {{"tag", b.event.tag}, {"mentions", b.event.mentions}, {"from_profile", b.event.from_profile}}},
            {"service", {{"open", b.service.open}, {"cases", b.service.cases}, {"answered", b.service.answered}}},
            {"loyalty", b.loyalty.repeat_authors}};
}

} // namespace earshot::app
