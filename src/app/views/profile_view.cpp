// Business view. A form of fixed-size buffers filled from the workspace's
// profile; saving hands a copy to Workspace::save_profile, which validates it,
// and each message is drawn beside the field it is about.
#include "app/views/profile_view.hpp"

#include "app/ui_registry.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

namespace earshot::app {

namespace {

const ImVec4 kErrorColour(0.8f, 0.25f, 0.15f, 1.0f);
const ImVec4 kDoneColour(0.25f, 0.50f, 0.25f, 1.0f);

std::string joined(const std::vector<std::string>& words) {
    std::string s;
    for (const std::string& w : words) s += (s.empty() ? "" : ", ") + w;
    return s;
}

// Trade words are typed as one comma-separated line; the core trims and drops empties.
std::vector<std::string> split_commas(const char* text) {
    std::vector<std::string> out(1);
    for (const char* c = text; *c; ++c) {
        if (*c == ',') out.emplace_back();
        else out.back().push_back(*c);
    }
    return out;
}

void message(const std::string& text, const ImVec4& colour, const std::string& label) {
    ImGui::PushTextWrapPos(0.0f); // messages wrap within their column instead of running off
    ImGui::TextColored(colour, "%s", text.c_str());
    ImGui::PopTextWrapPos();
    remember_item(label);
}

// One row of the form: label, field, then the field's message (or a grey hint
// of what the field is for) beside it.
void field_row(const char* label, const char* id, const char* placeholder, char* buf, size_t cap,
               const std::string& name, const std::string& error, const char* help) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint(id, placeholder, buf, cap);
    remember_item(name);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    if (!error.empty()) message(error, kErrorColour, "profile error " + name);
    else {
        ImGui::PushTextWrapPos(0.0f); // at the column's edge: a narrow panel wraps the hint
        ImGui::TextDisabled("%s", help);
        ImGui::PopTextWrapPos();
    }
}

} // namespace

void ProfileView::load(const core::BusinessProfile& p) {
    copy_to(m_name, sizeof m_name, p.name);
    copy_to(m_handle, sizeof m_handle, p.handle.empty() ? "" : "@" + p.handle);
    copy_to(m_website, sizeof m_website, p.website);
    copy_to(m_town, sizeof m_town, p.town);
    copy_to(m_keywords, sizeof m_keywords, joined(p.trade_keywords));
    copy_to(m_terms, sizeof m_terms, joined(p.trade_terms));
    copy_to(m_language, sizeof m_language, p.language);
    copy_to(m_nearby, sizeof m_nearby, joined(p.nearby_places));
    copy_to(m_country, sizeof m_country, p.country_code);
    std::vector<std::string> tags;
    for (const std::string& t : p.campaign_hashtags) tags.push_back("#" + t);
    copy_to(m_campaigns, sizeof m_campaigns, joined(tags));
    copy_to(m_event, sizeof m_event, p.event_hashtag.empty() ? "" : "#" + p.event_hashtag);
    m_competitors.assign(p.competitors.size(), CompetitorRow{});
    for (size_t i = 0; i < p.competitors.size(); ++i) {
        const core::Competitor& c = p.competitors[i];
        CompetitorRow& row = m_competitors[i];
        copy_to(row.name, sizeof row.name, c.name);
        copy_to(row.handle, sizeof row.handle, c.handle.empty() ? "" : "@" + c.handle);
        copy_to(row.website, sizeof row.website, c.website);
    }
    m_issues.clear();
}

core::BusinessProfile ProfileView::typed(const core::BusinessProfile& base) const {
    core::BusinessProfile p = base; // keeps what the form does not show (the shop's position)
    p.name = m_name;
    p.handle = m_handle;
    p.website = m_website;
    p.town = m_town;
    p.trade_keywords = split_commas(m_keywords);
    p.trade_terms = split_commas(m_terms);
    p.language = m_language;
    p.nearby_places = split_commas(m_nearby);
    p.country_code = m_country;
    p.campaign_hashtags = split_commas(m_campaigns);
    p.event_hashtag = m_event;
    p.competitors.clear();
    for (const CompetitorRow& row : m_competitors) p.competitors.push_back({row.name, row.handle, row.website});
    return p;
}

std::string ProfileView::issue(core::ProfileField f, int competitor) const {
    std::string s;
    for (const core::ProfileIssue& i : m_issues)
        if (i.field == f && i.competitor == competitor) s += (s.empty() ? "" : "; ") + i.message;
    return s;
}

void ProfileView::draw(Workspace& ws) {
    if (ws.profile_revision() != m_loaded_revision) {
        load(ws.profile());
        m_loaded_revision = ws.profile_revision();
    }
    draw_intro(ws);
    ImGui::Spacing();
    draw_fields();
    ImGui::Spacing();
    draw_competitors();
    ImGui::Spacing();
    ImGui::Separator();
    draw_save(ws);
}

void ProfileView::draw_intro(const Workspace& ws) {
    ImGui::PushTextWrapPos(0.0f);
    if (ws.needs_profile()) {
        ImGui::TextUnformatted("Tell Earshot about your business… its name, X handle, website and town, and the words "
                               "of your trade. Earshot builds its listeners from them and starts listening when you "
                               "save; nothing is fetched before.");
        remember_item("welcome");
    } else {
        ImGui::TextDisabled("The starter listeners (your business, each competitor, your area, your trade, questions "
                            "people ask) are built from this profile. Saving updates them; listeners you made "
                            "yourself are kept as they are.");
        remember_item("profile intro");
    }
    ImGui::PopTextWrapPos();
}

void ProfileView::draw_fields() {
    using F = core::ProfileField;
    const float em = ImGui::GetFontSize();
    if (!ImGui::BeginTable("profile-fields", 3, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, em * 8);
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, em * 24);
    ImGui::TableSetupColumn("message", ImGuiTableColumnFlags_WidthStretch);
    field_row("Name", "##business-name", "e.g. Harbour Bean", m_name, sizeof m_name, "business name", issue(F::Name),
              "required; searched as a phrase");
    field_row("X handle", "##business-handle", "e.g. @harbourbean", m_handle, sizeof m_handle, "business handle",
              issue(F::Handle), "with or without @; mentions and the hashtag both count");
    field_row("Website", "##business-website", "e.g. harbourbean.co.uk", m_website, sizeof m_website, "business website",
              issue(F::Website), "posts linking to it count as mentions");
    field_row("Town", "##business-town", "e.g. Brighton", m_town, sizeof m_town, "business town", issue(F::Town),
              "where your customers are; listened to as your area");
    field_row("Trade keywords", "##trade-keywords", "e.g. coffee, café, cafe", m_keywords, sizeof m_keywords,
              "trade keywords", issue(F::TradeKeywords), "everyday words, searched with your town; commas between");
    field_row("Trade terms", "##trade-terms", "e.g. specialty coffee, barista, flat white", m_terms, sizeof m_terms,
              "trade terms", issue(F::TradeTerms), "specific enough to search everywhere (My trade)");
    field_row("Language", "##language", "e.g. en", m_language, sizeof m_language, "language", issue(F::Language),
              "of the trade and question listeners; empty for any");
    field_row("Nearby places", "##nearby", "e.g. Hove, Kemptown", m_nearby, sizeof m_nearby, "nearby places",
              issue(F::NearbyPlaces), "count as local on the Insights board; commas between");
    field_row("Country", "##country", "e.g. GB", m_country, sizeof m_country, "country", issue(F::Country),
              "two letters; people stating another country are not local");
    field_row("Campaign hashtags", "##campaigns", "e.g. #BeanTuesday, #HarbourLoyalty", m_campaigns, sizeof m_campaigns,
              "campaign hashtags", issue(F::CampaignHashtags), "posts carrying one count as promotions on the Goals board");
    field_row("Event hashtag", "##event", "e.g. #HarbourJazzNight", m_event, sizeof m_event, "event hashtag",
              issue(F::EventHashtag), "the Goals board shows its live wall; empty: the busiest hashtag");
    ImGui::EndTable();
}

void ProfileView::draw_competitors() {
    using F = core::ProfileField;
    const float em = ImGui::GetFontSize();
    ImGui::TextUnformatted("Competitors");
    ImGui::SameLine();
    ImGui::TextDisabled("one listener each, for share of voice (at most %zu)", core::kMaxCompetitors);
    if (std::string e = issue(F::Competitors); !e.empty()) message(e, kErrorColour, "profile error competitors");
    int remove = -1;
    if (!m_competitors.empty() && ImGui::BeginTable("competitors", 4, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthFixed, em * 14);
        ImGui::TableSetupColumn("X handle", ImGuiTableColumnFlags_WidthFixed, em * 11);
        ImGui::TableSetupColumn("Website", ImGuiTableColumnFlags_WidthFixed, em * 15);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, em * 5);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < m_competitors.size(); ++i) {
            CompetitorRow& row = m_competitors[i];
            const int at = static_cast<int>(i);
            const std::string n = "competitor " + std::to_string(i + 1);
            ImGui::PushID(at);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-FLT_MIN);
            ImGui::InputTextWithHint("##name", "e.g. Grindhouse Coffee", row.name, sizeof row.name);
            remember_item(n + " name");
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-FLT_MIN);
            ImGui::InputTextWithHint("##handle", "e.g. @grindhousecafe", row.handle, sizeof row.handle);
            remember_item(n + " handle");
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-FLT_MIN);
            ImGui::InputTextWithHint("##website", "e.g. grindhousecoffee.co.uk", row.website, sizeof row.website);
            remember_item(n + " website");
            ImGui::TableNextColumn();
            if (ImGui::Button("Remove")) remove = at;
            remember_item("Remove " + n);
            // Messages go under the field they are about.
            const std::string errors[] = {issue(F::CompetitorName, at), issue(F::CompetitorHandle, at),
                                          issue(F::CompetitorWebsite, at)};
            if (!errors[0].empty() || !errors[1].empty() || !errors[2].empty()) {
                ImGui::TableNextRow();
                for (int f = 0; f < 3; ++f) {
                    ImGui::TableNextColumn();
                    if (!errors[f].empty()) message(errors[f], kErrorColour, "profile error " + n);
                }
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (remove >= 0) {
        m_competitors.erase(m_competitors.begin() + remove);
        // Their messages name rows by position, which just moved.
        m_issues.erase(std::remove_if(m_issues.begin(), m_issues.end(),
                                      [](const core::ProfileIssue& i) { return i.competitor >= 0; }),
                       m_issues.end());
    }
    ImGui::BeginDisabled(m_competitors.size() >= core::kMaxCompetitors);
    if (ImGui::Button("Add competitor")) m_competitors.emplace_back();
    ImGui::EndDisabled();
    remember_item("Add competitor");
}

void ProfileView::draw_save(Workspace& ws) {
    ImGui::BeginDisabled(!ws.writer() || ws.phase() != Workspace::Phase::Ready);
    if (ImGui::Button("Save profile")) {
        Workspace::ProfileSaved saved = ws.save_profile(typed(ws.profile()));
        m_issues = saved.issues;
        m_error = !saved.issues.empty() ? "Nothing was saved: see the messages beside the fields." : saved.error;
        m_summary = saved.summary;
        m_notes = saved.notes;
    }
    ImGui::EndDisabled();
    remember_item("Save profile");
    ImGui::SameLine();
    if (!ws.writer()) {
        // The writing tab owns profile.json; two tabs saving would overwrite each other.
        message("Read-only tab: Earshot is open in another tab, and only that one saves. Close it and this tab "
                "takes over.",
                kErrorColour, "profile read-only");
    } else if (!m_error.empty()) {
        message(m_error, kErrorColour, "profile save error");
    } else if (!m_summary.empty()) {
        message("Saved. " + m_summary, kDoneColour, "profile summary");
    }
    for (const std::string& note : m_notes) {
        ImGui::Bullet();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", note.c_str());
        ImGui::PopTextWrapPos();
    }
}

} // namespace earshot::app
