// Insights board. Every number comes from the workspace's InsightsAccumulator over the
// shared time range, read each frame; the view lays the panels out, draws two charts, and
// turns a click on a bar, a term, an author or a place into a narrower feed.
#include "app/views/insights_view.hpp"

#include "app/display_text.hpp"
#include "app/layout.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"
#include "app/views/time_range.hpp"
#include "core/listen/profile.hpp"
#include "platform/clock.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>

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

/// Sends the feed a query (and the owner there): a term, a tag, an author or a place.
void show_in_feed(ViewContext& ctx, const std::string& query) {
    ctx.selection.feed_query = query;
    ctx.show = "mentions";
}

/// One line of a ranked list that narrows the feed when clicked. `id` names it for browser tests.
/// `query_of` is asked only for the row clicked or under the pointer: making a query
/// checks it by parsing, which for every row of every panel would be most of a frame.
void clickable_row(ViewContext& ctx, const std::string& text, uint64_t count,
                   const std::function<std::string()>& query_of, const std::string& id) {
    const std::string label = "  " + text + "  " + std::to_string(count) + "##" + id;
    if (ImGui::Selectable(label.c_str(), false)) show_in_feed(ctx, query_of());
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%llu mentions in this range. Click to show them in the feed (%s).",
                          static_cast<unsigned long long>(count), query_of().c_str());
    remember_item(id);
}

void ranked(ViewContext& ctx, const char* heading, const std::vector<core::RankedItem>& items, size_t n,
            const char* kind, const std::function<std::string(const std::string&)>& query_of, const char* prefix = "") {
    ImGui::TextDisabled("%s", heading);
    if (items.empty()) ImGui::TextDisabled("  —");
    for (size_t i = 0; i < std::min(n, items.size()); ++i)
        clickable_row(ctx, prefix + for_display(items[i].label, true), items[i].count,
                      [&] { return query_of(items[i].label); },
                      std::string("top ") + kind + " " + std::to_string(i + 1));
}

std::string percent(std::optional<double> change) {
    if (!change) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.0f%%", *change * 100.0);
    return buf;
}

std::string tone_split(const core::SentimentSplit& c) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%u positive · %u neutral · %u negative%s", c.positive, c.neutral, c.negative,
                  c.unknown ? (" · " + std::to_string(c.unknown) + " tone unknown").c_str() : "");
    return buf;
}

/// Mentions per day (or per hour in a short range), stacked by tone: y axis labelled,
/// the exact figures on hover, a click narrows the range to that day or hour.
void volume_chart(ViewContext& ctx, const std::vector<core::TimeBucket>& buckets, int64_t bucket_s, float height) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float axis_w = ImGui::CalcTextSize("0000").x;
    const float line = ImGui::GetTextLineHeight();
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x - axis_w;
    const float plot_h = std::max(line * 2, height - line); // the x labels take a line
    uint32_t peak = 1;
    size_t busiest = 0;
    for (size_t i = 0; i < buckets.size(); ++i)
        if (buckets[i].counts.total() > peak || (i == 0 && buckets[i].counts.total())) {
            peak = std::max<uint32_t>(1, buckets[i].counts.total());
            busiest = i;
        }
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddText(ImVec2(p0.x, p0.y), axis, std::to_string(peak).c_str());
    dl->AddText(ImVec2(p0.x, p0.y + plot_h - line), axis, "0");
    dl->AddLine(ImVec2(p0.x + axis_w - 2, p0.y), ImVec2(p0.x + axis_w - 2, p0.y + plot_h), axis);
    const float bar_w = buckets.empty() ? 0 : w / static_cast<float>(buckets.size());
    const float gap = bar_w > 6 ? 2 : 0;
    for (size_t i = 0; i < buckets.size(); ++i) {
        const core::TimeBucket& b = buckets[i];
        const float x = p0.x + axis_w + bar_w * static_cast<float>(i);
        ImGui::SetCursorScreenPos(ImVec2(x, p0.y));
        ImGui::PushID(static_cast<int>(i));
        const bool clicked = ImGui::InvisibleButton("bar", ImVec2(std::max(1.0f, bar_w), plot_h));
        ImGui::PopID();
        const bool hovered = ImGui::IsItemHovered();
        if (i == busiest) remember_item("busiest bar");
        if (i == 0) remember_item("first bar");
        float y = p0.y + plot_h;
        auto segment = [&](uint32_t n, const ImVec4& c) {
            float h = plot_h * static_cast<float>(n) / static_cast<float>(peak);
            ImVec4 shade = c;
            if (hovered) shade.w = std::min(1.0f, shade.w * 0.75f);
            dl->AddRectFilled(ImVec2(x + gap, y - h), ImVec2(x + bar_w - gap, y), ImGui::GetColorU32(shade));
            y -= h;
        };
        segment(b.counts.negative, kNegative);
        segment(b.counts.neutral, kNeutral);
        segment(b.counts.positive, kPositive);
        segment(b.counts.unknown, kUnknownTone);
        const TimeRange bar{b.start, b.start + bucket_s};
        if (hovered)
            ImGui::SetTooltip("%s: %u mentions\n%s\nClick to show only this %s.",
                              describe_range(bar, platform::unix_now()).c_str(), b.counts.total(),
                              tone_split(b.counts).c_str(), bucket_s == 3600 ? "hour" : "day");
        if (clicked) {
            ctx.selection.range = bar;
            ctx.show = "mentions";
        }
    }
    // The x axis: the first and the last bucket, under the bars.
    if (!buckets.empty()) {
        const int64_t now = platform::unix_now();
        std::string first = describe_range({buckets.front().start, buckets.front().start + bucket_s}, now);
        std::string last = describe_range({buckets.back().start, buckets.back().start + bucket_s}, now);
        dl->AddText(ImVec2(p0.x + axis_w, p0.y + plot_h + 1), axis, first.c_str());
        if (buckets.size() > 1)
            dl->AddText(ImVec2(p0.x + axis_w + w - ImGui::CalcTextSize(last.c_str()).x, p0.y + plot_h + 1), axis,
                        last.c_str());
    }
    ImGui::SetCursorScreenPos(p0);
    ImGui::Dummy(ImVec2(w + axis_w, plot_h + line));
    ImGui::TextColored(kPositive, "positive");
    ImGui::SameLine();
    ImGui::TextColored(kNeutral, "neutral");
    ImGui::SameLine();
    ImGui::TextColored(kNegative, "negative");
    ImGui::SameLine();
    ImGui::TextColored(kUnknownTone, "unknown");
    same_line_if_fits(ImGui::CalcTextSize("· mentions per hour").x);
    ImGui::TextDisabled("· mentions per %s", bucket_s == 3600 ? "hour" : "day");
}

/// Hour-of-week heat map: when people talk (and so when to post); the count on hover.
void hour_of_week(const core::WhenPanel& when, float height) {
    static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float label_w = ImGui::CalcTextSize("Wed ").x;
    const float line = ImGui::GetTextLineHeight();
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x - label_w;
    const float cell_w = w / 24.0f, cell_h = std::max(2.0f, (height - line) / 7.0f);
    uint32_t peak = 1;
    for (const auto& row : when.hour_of_week)
        for (uint32_t v : row) peak = std::max(peak, v);
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool inside = ImGui::IsWindowHovered();
    for (int d = 0; d < 7; ++d) {
        if (cell_h >= line * 0.8f || d % 2 == 0) dl->AddText(ImVec2(p0.x, p0.y + cell_h * d), axis, days[d]);
        for (int h = 0; h < 24; ++h) {
            float t = static_cast<float>(when.hour_of_week[d][h]) / static_cast<float>(peak);
            // From the pane's paper to the strongest roast; a dark theme ramps towards a light tan.
            const ImVec4 lo = dark_theme_shown() ? ImVec4(0.20f, 0.18f, 0.16f, 1.0f) : ImVec4(0.97f, 0.94f, 0.90f, 1.0f);
            const ImVec4 hi = dark_theme_shown() ? ImVec4(0.93f, 0.74f, 0.50f, 1.0f) : ImVec4(0.42f, 0.32f, 0.18f, 1.0f);
            ImVec4 c(lo.x + (hi.x - lo.x) * t, lo.y + (hi.y - lo.y) * t, lo.z + (hi.z - lo.z) * t, 1.0f);
            ImVec2 a(p0.x + label_w + cell_w * h, p0.y + cell_h * d), b(a.x + cell_w - 1, a.y + cell_h - 1);
            dl->AddRectFilled(a, b, ImGui::GetColorU32(c));
            if (inside && mouse.x >= a.x && mouse.x < b.x + 1 && mouse.y >= a.y && mouse.y < b.y + 1)
                ImGui::SetTooltip("%s %02d:00–%02d:00: %u mentions, %llu engagement", days[d], h, (h + 1) % 24,
                                  when.hour_of_week[d][h],
                                  static_cast<unsigned long long>(when.engagement_by_hour_of_week[d][h]));
        }
    }
    // The hours along the bottom: 0, 6, 12, 18.
    for (int h = 0; h < 24; h += 6)
        dl->AddText(ImVec2(p0.x + label_w + cell_w * h, p0.y + cell_h * 7), axis, (std::to_string(h) + " h").c_str());
    ImGui::Dummy(ImVec2(w + label_w, cell_h * 7 + line));
    ImGui::TextDisabled("hour of the week, local time; %s = more mentions", dark_theme_shown() ? "brighter" : "darker");
}

} // namespace

void InsightsView::draw(ViewContext& ctx) {
    Workspace& ws = ctx.ws;
    const int64_t now = platform::unix_now();
    TimeRange& range = ctx.selection.range;
    if (draw_time_range(range, now)) { // counted from this frame on, not the next
        const TimeRange counted = counted_range(range, now);
        ws.set_insights_range(counted.from, counted.to);
    }

    const core::InsightsAccumulator& in = ws.insights();
    // Three across and two rows; two across in a narrow panel (an admin page), scrolled.
    const int cols = narrow_window() ? 2 : 3;
    ImGui::BeginChild("insights board", ImVec2(0, 0), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 cell((avail.x - (cols - 1) * gap) / cols,
                      std::max(ImGui::GetTextLineHeightWithSpacing() * 14, (avail.y - ImGui::GetStyle().ItemSpacing.y) / 2.0f));
    int placed = 0;
    const auto next_cell = [&placed, cols] {
        if (placed++ % cols) ImGui::SameLine();
    };
    const size_t n = static_cast<size_t>(std::max(3.0f, (cell.y / ImGui::GetTextLineHeightWithSpacing() - 6) / 2));
    const auto quoted = [](const std::string& t) { return core::quote_term(t); };

    next_cell();
    if (begin_panel("Who", cell)) {
        core::WhoPanel who = in.who(n);
        ImGui::TextWrapped("%u people · %u new, %u returning", who.authors, who.new_authors, who.returning_authors);
        ImGui::TextDisabled("Most mentions");
        for (size_t i = 0; i < who.by_mentions.size(); ++i)
            clickable_row(ctx, "@" + who.by_mentions[i].handle, who.by_mentions[i].mentions,
                          [&] { return "from:" + who.by_mentions[i].handle; }, "top author " + std::to_string(i + 1));
        ImGui::TextDisabled("Influencers");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("By reach × frequency × engagement: audience (log of followers) × mentions × engagement per mention");
        for (size_t i = 0; i < who.influencers.size(); ++i) {
            const core::AuthorRank& a = who.influencers[i];
            const std::string label = "  @" + a.handle + "  " + format_count(a.followers) + " followers##infl" + a.handle;
            if (ImGui::Selectable(label.c_str())) show_in_feed(ctx, "from:" + a.handle);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%u mentions, %llu engagement, %s followers. Click to show their mentions.",
                                  a.mentions, static_cast<unsigned long long>(a.engagement),
                                  format_count(a.followers).c_str());
            remember_item("influencer " + std::to_string(i + 1));
        }
    }
    ImGui::EndChild();
    next_cell();
    if (begin_panel("What", cell)) {
        core::WhatPanel what = in.what(n);
        ranked(ctx, "Top terms", what.terms, n, "term", quoted);
        ranked(ctx, "Hashtags", what.hashtags, n, "hashtag", [](const std::string& t) { return "#" + t; }, "#");
        ranked(ctx, "Linked sites", what.domains, 4, "site", [](const std::string& t) { return "url:" + t; });
    }
    ImGui::EndChild();
    next_cell();
    if (begin_panel("When", cell)) {
        core::WhenPanel when = in.when();
        // Each chart takes its height plus a legend or caption line and the spacing between items.
        const float h = (ImGui::GetContentRegionAvail().y - 4 * ImGui::GetTextLineHeightWithSpacing()) / 2;
        // A short range reads better by the hour.
        const bool hourly = when.daily.size() <= 2 && !when.hourly.empty();
        volume_chart(ctx, hourly ? when.hourly : when.daily, hourly ? 3600 : 86400, h);
        hour_of_week(when, h);
    }
    ImGui::EndChild();

    next_cell();
    if (begin_panel("Where", cell)) {
        core::WherePanel where = in.where(n);
        ImGui::TextWrapped("%.0f%% local to %s (%u of %u located)", where.local_share() * 100.0,
                           ws.profile().town.c_str(), where.local, where.with_location);
        ImGui::TextDisabled("Stated locations");
        if (where.locations.empty()) ImGui::TextDisabled("  —");
        for (size_t i = 0; i < std::min(n, where.locations.size()); ++i)
            ImGui::Text("  %s  %llu", for_display(where.locations[i].label, true).c_str(),
                        static_cast<unsigned long long>(where.locations[i].count));
        ranked(ctx, "Places", where.places, 4, "place", [](const std::string& t) { return "place:" + core::quote_term(t); });
    }
    ImGui::EndChild();
    next_cell();
    if (begin_panel("Why", cell)) {
        core::WhyPanel why = in.why();
        const std::string before = describe_previous(range, now);
        if (before.empty()) ImGui::TextWrapped("What people want (choose a range to compare it with the one before)");
        else ImGui::TextWrapped("What people want (change vs %s)", before.c_str());
        // A proportional font: align the numbers by position, not by padding.
        const float col = ImGui::GetFontSize() * 11.0f, col2 = ImGui::GetFontSize() * 14.5f;
        auto row = [&](const char* name, uint32_t count, const std::string& change, const char* tip) {
            ImGui::Text("  %s", name);
            if (ImGui::IsItemHovered() && tip) ImGui::SetTooltip("%s", tip);
            ImGui::SameLine(col);
            ImGui::Text("%u", count);
            if (!change.empty()) {
                ImGui::SameLine(col2);
                ImGui::TextDisabled("%s", change.c_str());
            }
        };
        for (const core::IntentTrend& t : why.intents) {
            std::string change = percent(t.change);
            if (why.has_previous && !t.previous) change = t.count ? "new" : "";
            char tip[96];
            std::snprintf(tip, sizeof tip, "%u now, %u in %s", t.count, t.previous, before.c_str());
            row(core::intent_words(t.bit), t.count, change, why.has_previous ? tip : nullptr);
        }
        row("no clear intent", why.without_intent, "", nullptr);
    }
    ImGui::EndChild();
    next_cell();
    if (begin_panel("How and to what extent", cell)) {
        core::HowPanel how = in.how();
        core::ExtentPanel ext = in.extent();
        ImGui::TextWrapped("%u originals · %u replies · %u reposts · %u quotes", how.kinds[0], how.kinds[1],
                           how.kinds[2], how.kinds[3]);
        ImGui::Text("%u with media · %u with links", how.with_media, how.with_links);
        ImGui::Separator();
        const std::string before = describe_previous(range, now);
        if (before.empty()) ImGui::Text("%u mentions", ext.mentions);
        else
            ImGui::TextWrapped("%u mentions (%s vs %s)", ext.mentions,
                               ext.previous_mentions
                                   ? percent((double(ext.mentions) - ext.previous_mentions) / ext.previous_mentions).c_str()
                                   : "none",
                               before.c_str());
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
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %u mentions", name.c_str(), v.mentions);
        }
        remember_item("share of voice");
    }
    ImGui::EndChild();
    ImGui::EndChild(); // the board
}

} // namespace earshot::app
