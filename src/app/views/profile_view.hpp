// The Business view: the profile the starter listeners are built from (name,
// handle, website, town, trade words, competitors), edited and saved; and the
// onboarding a live workspace opens on before anything is polled.
#pragma once

#include "app/views/view.hpp"

#include <vector>

namespace earshot::app {

class ProfileView : public View {
  public:
    const char* id() const override { return "business"; }
    const char* title() const override { return "Business"; }
    void draw(ViewContext& ctx) override { draw(ctx.ws); }
    void draw(Workspace& ws);

  private:
    struct CompetitorRow {
        char name[96] = "";
        char handle[64] = ""; // room for a pasted x.com link; saving keeps the handle
        char website[128] = "";
    };
    void load(const core::BusinessProfile& p);
    core::BusinessProfile typed(const core::BusinessProfile& base) const;
    void draw_intro(const Workspace& ws);
    void draw_fields();
    void draw_competitors();
    void draw_save(Workspace& ws);
    /// The validation message for a field ("" when none).
    std::string issue(core::ProfileField f, int competitor = -1) const;

    // The form edits a copy; Workspace::save_profile validates and cleans it.
    uint64_t m_loaded_revision = UINT64_MAX; ///< profile revision the fields were filled from
    char m_name[96] = "";
    char m_handle[64] = "";
    char m_website[128] = "";
    char m_town[96] = "";
    char m_keywords[512] = "";
    char m_terms[512] = "";
    char m_language[16] = "";
    char m_nearby[512] = "";
    char m_country[8] = "";
    char m_campaigns[512] = "";
    char m_event[128] = "";
    std::vector<CompetitorRow> m_competitors;
    std::vector<core::ProfileIssue> m_issues;
    std::string m_error;
    std::string m_summary;
    std::vector<std::string> m_notes;
};

} // namespace earshot::app
