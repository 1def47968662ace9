// Detail pane for one mention. Reply opens X's reply intent, so Earshot never
// needs write access to the owner's account.
#include "app/views/detail_view.hpp"

#include "app/display_text.hpp"
#include "app/layout.hpp"
#include "app/post_text.hpp"
#include "app/theme.hpp"
#include "app/ui_registry.hpp"
#include "core/analysis/analysis.hpp"
#include "core/analysis/sentiment.hpp"
#include "core/listen/listener_set.hpp"
#include "core/listen/x_search.hpp"
#include "platform/clock.hpp"
#include "platform/system.hpp"

#include <imgui.h>

#include <cstdio>

namespace earshot::app {

namespace {

void label_value(const char* label, const std::string& value) {
    if (value.empty()) return;
    ImGui::TextDisabled("%s", label);
    ImGui::SameLine(ImGui::GetFontSize() * 6.0f);
    ImGui::TextWrapped("%s", value.c_str());
}

std::string joined(const std::vector<std::string>& v, const char* prefix) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : "  ") + std::string(prefix) + x;
    return s;
}

// "not good", "no": a reason may be several words, so each is quoted.
std::string quoted(const std::vector<std::string>& words) {
    std::string s;
    for (const std::string& w : words) s += (s.empty() ? "\"" : ", \"") + w + "\"";
    return s;
}

const char* kind_label(core::Kind k) {
    switch (k) {
    case core::Kind::Original: return "Original post";
    case core::Kind::Reply: return "Reply";
    case core::Kind::Repost: return "Repost";
    case core::Kind::Quote: return "Quote";
    }
    return "";
}

} // namespace

std::string reply_url(const core::Mention& m) {
    const std::string text = core::url_encode("@" + m.author.handle + " ");
    if (m.source == core::Source::X) return "https://x.com/intent/post?in_reply_to=" + m.source_id + "&text=" + text;
    if (m.source == core::Source::Bsky) return "https://bsky.app/intent/compose?text=" + text;
    return "";
}

void DetailView::draw(Workspace& ws, Selection& sel) {
    long idx = ws.mentions().index_of(sel.mention_id);
    if (idx < 0) {
        ImGui::TextDisabled("Select a mention to read it in full.");
        return;
    }
    const core::Mention& m = ws.mentions().at(static_cast<size_t>(idx));
    ImGui::TextUnformatted(for_display(m.author.name.empty() ? m.author.handle : m.author.name, true).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("@%s%s", m.author.handle.c_str(), m.author.verified ? "  ✔" : "");
    ImGui::Separator();
    text_wrapped_for_display(m.text); // right-to-left paragraphs wrap in reading order
    remember_item("mention text");
    ImGui::Spacing();
    ImGui::Separator();
    label_value("When", format_local_time(m.created_at));
    label_value("How", kind_label(m.kind) + (m.has_media ? std::string(", with media") : std::string()));
    std::string who = format_count(m.author.followers) + " followers";
    if (!m.author.location.empty()) who += " · " + for_display(m.author.location, true);
    label_value("Who", who);
    if (m.place) label_value("Where", for_display(m.place->full_name.empty() ? m.place->name : m.place->full_name, true));
    label_value("Language", m.lang);
    char metrics[160];
    std::snprintf(metrics, sizeof metrics, "%s likes · %s reposts · %s replies · %s quotes",
                  format_count(m.metrics.likes).c_str(), format_count(m.metrics.reposts).c_str(),
                  format_count(m.metrics.replies).c_str(), format_count(m.metrics.quotes).c_str());
    label_value("Reach", metrics);
    label_value("Tags", joined(m.hashtags, "#"));
    label_value("Mentions", joined(m.mentions, "@"));
    label_value("Links", joined(m.domains, ""));
    if (m.sentiment) {
        char s[64];
        const core::Polarity p = core::sentiment_polarity(*m.sentiment);
        std::snprintf(s, sizeof s, "%+.2f (%s)", *m.sentiment,
                      p == core::Polarity::Positive   ? "positive"
                      : p == core::Polarity::Negative ? "negative"
                                                      : "neutral");
        // Why we think so: the words that weighed most (one post, re-read on demand).
        std::string tone = s;
        const std::vector<std::string> words = core::tone_reasons(m.text, m.lang, &ws.engine().tone_names());
        if (!words.empty()) tone += ": " + quoted(words);
        label_value("Tone", tone);
    } else {
        label_value("Tone", "unknown (no sentiment model for this language)");
    }
    std::string why;
    for (int i = 0; i < core::kIntentCount; ++i)
        if (m.intents & (1u << i)) why += (why.empty() ? "" : ", ") + std::string(core::intent_name(i));
    label_value("Why", why);
    ImGui::Spacing();
    draw_actions(m);
    ImGui::Spacing();
    ImGui::Separator();
    draw_workflow(ws, m);
    ImGui::Spacing();
    ImGui::Separator();
    draw_context(ws, sel, m);
}

void DetailView::draw_context(Workspace& ws, Selection& sel, const core::Mention& m) {
    const core::MentionStore& store = ws.mentions();
    if (m_context_for != m.id || m_context_store_size != store.size()) {
        m_context_for = m.id;
        m_context_store_size = store.size();
        m_author = core::summarize_author(store, m);
        m_conversation = core::conversation_of(store, m, 12);
    }
    const core::AuthorSummary& a = m_author;
    ImGui::TextDisabled("Author");
    remember_item("author card");
    ImGui::PushTextWrapPos(0.0f);
    if (a.mentions <= 1) {
        ImGui::TextUnformatted("First time this account appears in what you collected.");
    } else {
        ImGui::Text("%zu posts since %s, the last %s.", a.mentions, format_local_time(a.first_seen).substr(0, 10).c_str(),
                    format_local_time(a.last_seen).substr(0, 10).c_str());
        std::string tone = std::to_string(a.positive) + " positive · " + std::to_string(a.neutral) + " neutral · " +
                           std::to_string(a.negative) + " negative";
        if (a.unknown) tone += " · " + std::to_string(a.unknown) + " unknown";
        ImGui::TextUnformatted(tone.c_str());
        if (a.asked) ImGui::TextColored(quiet_colour(), "%zu of them asked something of you or complained.", a.asked);
    }
    ImGui::PopTextWrapPos();
    if (m_conversation.size() <= 1) return;
    ImGui::Spacing();
    ImGui::TextDisabled("Conversation (%zu in your cache)", m_conversation.size());
    remember_item("conversation");
    for (uint32_t i : m_conversation) {
        const core::Mention& c = store.at(i);
        ImGui::PushID(static_cast<int>(i));
        const bool self = c.id == m.id;
        const std::string line = "@" + c.author.handle + ": " + for_display(c.text, true);
        if (ImGui::Selectable("##turn", self, 0, ImVec2(0, ImGui::GetTextLineHeight())) && !self) {
            sel.mention_id = c.id;
            ws.workflow().set_read(c.id, true, platform::unix_now());
        }
        ImGui::SameLine(0, 0);
        if (!self) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        draw_post_text(line, ImGui::GetContentRegionAvail().x, 1);
        if (!self) ImGui::PopStyleColor();
        ImGui::PopID();
    }
}

// Each network has its own way in: X and Bluesky open a reply composer;
// Mastodon replies from the owner's own server, so the post is opened there.
void DetailView::draw_actions(const core::Mention& m) {
    const bool x = m.source == core::Source::X, bsky = m.source == core::Source::Bsky;
    const std::string network = x ? "X" : bsky ? "Bluesky" : m.source == core::Source::Mastodon ? "Mastodon" : "the web";
    const std::string open = "Open on " + network;
    if (!m.url.empty()) {
        if (ImGui::Button(open.c_str())) platform::open_url(m.url);
        remember_item(open);
    }
    same_line_if_fits(button_width("Copy text"));
    if (ImGui::Button("Copy text")) platform::copy_to_clipboard(m.text);
    remember_item("Copy text");
    if (!m.url.empty()) {
        same_line_if_fits(button_width("Copy link"));
        if (ImGui::Button("Copy link")) platform::copy_to_clipboard(m.url);
        remember_item("Copy link");
    }
    if (!x && !bsky) return;
    const std::string reply = "Reply on " + network;
    same_line_if_fits(button_width(reply.c_str()));
    if (ImGui::Button(reply.c_str())) platform::open_url(reply_url(m));
    remember_item(reply);
}

void DetailView::draw_workflow(Workspace& ws, const core::Mention& m) {
    const int64_t now = platform::unix_now();
    core::Workflow& wf = ws.workflow();
    const core::WorkflowEntry& e = wf.get(m.id);
    bool starred = e.starred;
    if (ImGui::Checkbox("Starred", &starred)) wf.set_starred(m.id, starred, now);
    remember_item("Starred");
    const core::Status statuses[] = {core::Status::None, core::Status::Open, core::Status::Replied,
                                     core::Status::Resolved};
    const char* names[] = {"No status", "Open", "Replied", "Resolved"};
    for (int i = 0; i < 4; ++i) {
        // They wrap in a narrow pane rather than run off its edge.
        if (i == 0 && radio_width(names[0]) + ImGui::GetFontSize() * 1.5f <= room_on_line())
            ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        else if (i > 0) same_line_if_fits(radio_width(names[i]));
        if (ImGui::RadioButton(names[i], e.status == statuses[i])) wf.set_status(m.id, statuses[i], now);
        remember_item(names[i]);
    }
    if (auto secs = wf.first_response_seconds(m.id, m.created_at))
        ImGui::TextDisabled("First response after %s", core::format_wait(*secs).c_str());
    if (m_note_for != m.id) {
        m_note_for = m.id;
        copy_to(m_note, sizeof m_note, e.note);
        copy_to(m_assignee, sizeof m_assignee, e.assignee);
        m_tag[0] = '\0';
        m_tag_error.clear();
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::InputTextWithHint("##note", "Note for yourself or your team", m_note, sizeof m_note))
        wf.set_note(m.id, m_note, now);
    remember_item("note");

    // Tags: each shown as a button that removes it; a box to add one.
    std::string remove;
    bool first = true;
    for (const std::string& t : e.tags) {
        const std::string label = t + "  ×";
        if (!first) same_line_if_fits(ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x);
        first = false;
        if (ImGui::SmallButton(label.c_str())) remove = t;
    }
    if (!remove.empty()) wf.remove_tag(m.id, remove, now);
    if (!first) same_line_if_fits(ImGui::GetFontSize() * 9);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    bool add = ImGui::InputTextWithHint("##tag", "add a tag", m_tag, sizeof m_tag,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    remember_item("tag");
    same_line_if_fits(button_width("Add tag"));
    add |= ImGui::Button("Add tag");
    remember_item("Add tag");
    if (add && m_tag[0]) {
        core::Result<bool> ok = wf.add_tag(m.id, m_tag, now);
        m_tag_error = ok ? "" : ok.error();
        if (ok) m_tag[0] = '\0';
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::InputTextWithHint("##assignee", "assigned to…", m_assignee, sizeof m_assignee))
        wf.set_assignee(m.id, m_assignee, now);
    remember_item("assignee");
    if (!m_tag_error.empty()) ImGui::TextColored(error_colour(), "%s", m_tag_error.c_str());
}

} // namespace earshot::app
