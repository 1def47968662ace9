// Insights board. Every number comes from the workspace's InsightsAccumulator,
// read each frame; the view only lays the panels out and draws two charts.
#include "app/views/insights_view.hpp"

#include "app/display_text.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace earshot::app {

namespace {

const ImVec4 kPositive(0.30f, 0.62f, 0.36f, 1.0f);
const ImVec4 kNeutral(0.70f, 0.67f, 0.62f, 1.0f);
const ImVec4 kNegative(0.82f, 0.33f, 0.24f, 1.0f);
const ImVec4 kUnknownTone(0.70f, 0.67f, 0.62f, 0.35f); ///< languages without a sentiment model

bool begin_panel(const char* title, ImVec2 size) {
    bool open = ImGui::BeginChild(title, size, true);
    ImGui::TextUnformatted(title);
    remember_item(title);
    ImGui::Separator();
    return open;
}

void ranked(const char* heading, const std::vector<core::RankedItem>& items, size_t n, const char* prefix = "") {
    ImGui::TextDisabled("%s", heading);
    if (items.empty()) ImGui::TextDisabled("  —");
    for (size_t i = 0; i < std::min(n, items.size()); ++i)
        ImGui::Text("  %s%s  %llu", prefix, for_display(items[i].label, true).c_str(),
                    static_cast<unsigned long long>(items[i].count));
}

std::string percent(std::optional<double> change) {
    if (!change) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.0f%%", *change * 100.0);
    return buf;
}

/// Mentions per day, stacked by tone.
void daily_chart(const core::WhenPanel& when, float height) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const auto& days = when.daily;
    uint32_t peak = 1;
    for (const auto& d : days) peak = std::max(peak, d.counts.total());
    const float bar_w = days.empty() ? 0 : w / static_cast<float>(days.size());
    for (size_t i = 0; i < days.size(); ++i) {
        float x = p0.x + bar_w * static_cast<float>(i) + 2, y = p0.y + height;
        auto segment = [&](uint32_t n, const ImVec4& c) {
            float h = height * static_cast<float>(n) / static_cast<float>(peak);
            dl->AddRectFilled(ImVec2(x, y - h), ImVec2(x + bar_w - 4, y), ImGui::GetColorU32(c));
            y -= h;
        };
        segment(days[i].counts.negative, kNegative);
        segment(days[i].counts.neutral, kNeutral);
        segment(days[i].counts.positive, kPositive);
        segment(days[i].counts.unknown, kUnknownTone);
    }
    ImGui::Dummy(ImVec2(w, height));
    ImGui::TextColored(kPositive, "positive");
    ImGui::SameLine();
    ImGui::TextColored(kNeutral, "neutral");
    ImGui::SameLine();
    ImGui::TextColored(kNegative, "negative");
    ImGui::SameLine();
    ImGui::TextColored(kUnknownTone, "tone unknown");
    ImGui::SameLine();
    ImGui::TextDisabled("· mentions per day, peak %u", peak);
}

/// Hour-of-week heat map: when people talk (and so when to post).
void hour_of_week(const core::WhenPanel& when, float height) {
    static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float label_w = ImGui::CalcTextSize("Wed ").x;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x - label_w;
    const float cell_w = w / 24.0f, cell_h = height / 7.0f;
    uint32_t peak = 1;
    for (const auto& row : when.hour_of_week)
        for (uint32_t v : row) peak = std::max(peak, v);
    for (int d = 0; d < 7; ++d) {
        dl->AddText(ImVec2(p0.x, p0.y + cell_h * d), ImGui::GetColorU32(ImGuiCol_TextDisabled), days[d]);
        for (int h = 0; h < 24; ++h) {
            float t = static_cast<float>(when.hour_of_week[d][h]) / static_cast<float>(peak);
            // From the pane's paper to the strongest roast; a dark theme ramps towards a light tan.
            const ImVec4 lo = dark_theme_shown() ? ImVec4(0.20f, 0.18f, 0.16f, 1.0f) : ImVec4(0.97f, 0.94f, 0.90f, 1.0f);
            const ImVec4 hi = dark_theme_shown() ? ImVec4(0.93f, 0.74f, 0.50f, 1.0f) : ImVec4(0.42f, 0.32f, 0.18f, 1.0f);
            ImVec4 c(lo.x + (hi.x - lo.x) * t, lo.y + (hi.y - lo.y) * t, lo.z + (hi.z - lo.z) * t, 1.0f);
            ImVec2 a(p0.x + label_w + cell_w * h, p0.y + cell_h * d);
            dl->AddRectFilled(a, ImVec2(a.x + cell_w - 1, a.y + cell_h - 1), ImGui::GetColorU32(c));
        }
    }
    ImGui::Dummy(ImVec2(w + label_w, height));
    ImGui::TextDisabled("hour of the week, 0–23 h local time; %s = more mentions",
                        dark_theme_shown() ? "brighter" : "darker");
}

} // namespace

void InsightsView::draw(const Workspace& ws) {
    const core::InsightsAccumulator& in = ws.insights();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 cell((avail.x - 2 * gap) / 3.0f, (avail.y - ImGui::GetStyle().ItemSpacing.y) / 2.0f);
    const size_t n = static_cast<size_t>(std::max(3.0f, (cell.y / ImGui::GetTextLineHeightWithSpacing() - 6) / 2));

    if (begin_panel("Who", cell)) {
        core::WhoPanel who = in.who(n);
        ImGui::Text("%u people · %u new, %u returning", who.authors, who.new_authors, who.returning_authors);
        ImGui::TextDisabled("Most mentions");
        for (const auto& a : who.by_mentions)
            ImGui::Text("  @%s  %u", a.handle.c_str(), a.mentions);
        ImGui::TextDisabled("Influencers (reach × frequency × engagement)");
        for (const auto& a : who.influencers)
            ImGui::Text("  @%s  %s followers", a.handle.c_str(), format_count(a.followers).c_str());
    }
    ImGui::EndChild();
    ImGui::SameLine();
    if (begin_panel("What", cell)) {
        core::WhatPanel what = in.what(n);
        ranked("Top terms", what.terms, n);
        ranked("Hashtags", what.hashtags, n, "#");
        ranked("Linked sites", what.domains, 4);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    if (begin_panel("When", cell)) {
        core::WhenPanel when = in.when();
        const float h = (ImGui::GetContentRegionAvail().y - 3 * ImGui::GetTextLineHeightWithSpacing()) / 2;
        daily_chart(when, h);
        hour_of_week(when, h);
    }
    ImGui::EndChild();

    if (begin_panel("Where", cell)) {
        core::WherePanel where = in.where(n);
        ImGui::Text("%.0f%% local to %s (%u of %u located)", where.local_share() * 100.0, ws.profile().town.c_str(),
                    where.local, where.with_location);
        ranked("Stated locations", where.locations, n);
        ranked("Places", where.places, 4);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    if (begin_panel("Why", cell)) {
        core::WhyPanel why = in.why();
        ImGui::TextDisabled("What people want, this week (change vs the week before)");
        // A proportional font: align the numbers by position, not by padding.
        const float col = ImGui::GetFontSize() * 11.0f, col2 = ImGui::GetFontSize() * 14.5f;
        auto row = [&](const char* name, uint32_t count, const std::string& change) {
            ImGui::Text("  %s", name);
            ImGui::SameLine(col);
            ImGui::Text("%u", count);
            if (!change.empty()) {
                ImGui::SameLine(col2);
                ImGui::TextDisabled("%s", change.c_str());
            }
        };
        for (const core::IntentTrend& t : why.intents) row(core::intent_name(t.bit), t.count, percent(t.change));
        row("no clear intent", why.without_intent, "");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    if (begin_panel("How and to what extent", cell)) {
        core::HowPanel how = in.how();
        core::ExtentPanel ext = in.extent();
        ImGui::Text("%u originals · %u replies · %u reposts · %u quotes", how.kinds[0], how.kinds[1], how.kinds[2],
                    how.kinds[3]);
        ImGui::Text("%u with media · %u with links", how.with_media, how.with_links);
        ImGui::Separator();
        ImGui::Text("%u mentions (%s vs last week)", ext.mentions,
                    ext.previous_mentions ? percent((double(ext.mentions) - ext.previous_mentions) / ext.previous_mentions).c_str()
                                          : "new");
        ImGui::Text("Potential reach %s · engagement %s", format_count(static_cast<int64_t>(ext.potential_reach)).c_str(),
                    format_count(static_cast<int64_t>(ext.engagement)).c_str());
        if (ext.mean_sentiment) ImGui::Text("Mean tone %+.2f", *ext.mean_sentiment);
        ImGui::TextDisabled("Share of voice");
        for (const core::ShareOfVoice& v : ext.share_of_voice) {
            std::string name = "?";
            for (size_t i = 0; i < ws.listeners().size(); ++i)
                if (core::ListenerSet::mask_of(ws.listeners()[i], i) == (uint64_t{1} << v.listener))
                    name = ws.listeners()[i].name;
            char share[16];
            std::snprintf(share, sizeof share, "  %.0f%%", v.share * 100.0);
            ImGui::ProgressBar(static_cast<float>(v.share), ImVec2(-1, 0), (name + share).c_str());
        }
        remember_item("share of voice");
    }
    ImGui::EndChild();
}

} // namespace earshot::app
