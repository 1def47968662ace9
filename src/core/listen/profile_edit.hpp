// The business profile as the owner edits it: validation with a message per
// field, the versioned profile.json (replaced atomically, like workflow.json),
// and bringing the starter listeners in line with an edited profile.
//
// [SECTION] Validation — cleaned values and per-field messages
// [SECTION] profile.json — the document and its file
// [SECTION] Starter listeners after an edit
#pragma once

#include "core/listen/listener_set.hpp"
#include "core/listen/profile.hpp"
#include "core/model/result.hpp"
#include "core/store/persistent_store.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

// [SECTION] Validation

/// Which field a validation message is about.
enum class ProfileField : uint8_t {
    Name,
    Handle,
    Website,
    Town,
    TradeKeywords,
    TradeTerms,
    Language,
    NearbyPlaces,
    Country,
    CampaignHashtags,
    EventHashtag,
    Competitors, ///< the list as a whole (too many)
    CompetitorName,
    CompetitorHandle,
    CompetitorWebsite,
};

struct ProfileIssue {
    ProfileField field = ProfileField::Name;
    int competitor = -1; ///< index in the profile's competitors, for the Competitor* fields
    std::string message; ///< "expected letters, digits or _ only (at most 15)"
};

/// A profile with every field in the form the templates expect, and what is wrong with it.
struct ProfileCheck {
    BusinessProfile cleaned;
    std::vector<ProfileIssue> issues;
    bool ok() const { return issues.empty(); }
};

constexpr size_t kMaxCompetitors = 5;
constexpr size_t kMaxHandleLength = 15; ///< X's limit
constexpr size_t kMaxTerms = 20;        ///< per keyword list; X's 512 characters stop most sooner

/// Checks a profile as typed and cleans it: text trimmed; a handle loses its
/// leading '@' (or the x.com/twitter.com address around it); a website keeps
/// only its host ("https://www.Example.co.uk/menu" → "example.co.uk"); empty
/// and repeated trade terms are dropped, as are competitor rows left blank.
/// The name is required; everything else is optional, since the templates say
/// what they miss.
ProfileCheck validate(const BusinessProfile& p);

/// "" when the text is a valid handle once cleaned, or the message.
/// `out` receives the cleaned handle ("@HarbourBean " → "HarbourBean").
std::string clean_handle_input(std::string_view text, std::string& out);
/// "" when the text is a valid website host once cleaned, or the message.
std::string clean_website_input(std::string_view text, std::string& out);

/// The shop's position belongs to the town it was set for: when the town
/// changes and the position did not, it is dropped, so *my area* does not
/// keep listening around the old place (there is no geocoder to move it).
void forget_stale_position(const BusinessProfile& before, BusinessProfile& after);

// [SECTION] profile.json

/// {"format":"earshot-profile","version":1,"name":…,"competitors":[…],…}
std::string profile_to_json(const BusinessProfile& p);
/// Reads a document of a known version (1). Not JSON, not a profile, or a
/// newer version is an Error saying so; missing or mistyped fields keep their
/// defaults.
Result<BusinessProfile> profile_from_json(std::string_view text);

constexpr uint32_t kProfileFormatVersion = 1;

/// "profile.json" in the store's folder, replaced atomically (temp file, then
/// rename). A file of a newer version is refused and never written over; a
/// damaged one is kept aside as profile.json.damaged.
class ProfileFile {
  public:
    static constexpr const char* kFileName = "profile.json";

    ProfileFile(FileSystem& fs, std::string dir);

    /// Loads into `out`. Returns false when no profile was saved yet.
    Result<bool> load(BusinessProfile& out);
    Result<bool> save(const BusinessProfile& p);
    bool read_only() const { return m_read_only; }

  private:
    FileSystem& m_fs;
    std::string m_dir;
    bool m_read_only = false;
};

// [SECTION] Starter listeners after an edit

/// What bringing the listeners in line with a profile did, for the owner.
struct StarterUpdate {
    ListenerSet listeners;              ///< the new set (the input is not changed)
    std::vector<std::string> updated;   ///< names of template listeners whose name or query changed
    std::vector<std::string> added;     ///< names of listeners added
    std::vector<std::string> added_ids; ///< their ids
    std::vector<std::string> removed;   ///< names of listeners removed
    std::vector<std::string> touched_ids; ///< ids of listeners edited or removed
    size_t kept_own = 0;                  ///< the owner's own listeners, left untouched
    /// What the templates could not fill, and edits ListenerSet refused.
    std::vector<std::string> notes;

    /// "Updated 3 starter listeners, added 1 for Grindhouse Coffee, kept your 2 own listeners."
    std::string summary() const;
};

/// The listeners `current` becomes under profile `p`. Template listeners
/// (Listener::kind my-business, my-area, my-trade, questions) get their name
/// and query from the profile and keep their id, link bit, schedule, caps and
/// poll state, so stored mention links stay valid; a template the profile can
/// no longer fill is removed. Competitor listeners are matched to the
/// profile's competitors by id, then by name: matched ones are updated, new
/// competitors added, dropped ones removed (ListenerSet::remove retires their
/// bits). Listeners of any other kind are the owner's and are kept as they are.
StarterUpdate update_starter_listeners(const ListenerSet& current, const BusinessProfile& p);

} // namespace earshot::core
