// Normalising the free-text locations people type into their profiles ("Brighton, UK 🇬🇧",
// "NYC", "U.K.") so they group, and deciding whether a location is the business's town.
#pragma once

#include "core/model/mention.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// A stated location reduced to what groups: the most specific place named, and the
/// country when the text states or implies one.
struct NormalizedLocation {
    /// Lower-case, accent-folded, single-spaced: "brighton", "new york", "sao paulo".
    /// When only a country or UK nation is given, its name: "united kingdom", "england".
    /// Empty when nothing place-like is left ("🌍", "worldwide", "she/her").
    std::string place;
    /// ISO 3166-1 alpha-2 ("GB", "US") when stated by name, code, flag emoji or a US
    /// state abbreviation; empty when unknown.
    std::string country;

    bool empty() const { return place.empty(); }
};

/// Normalises a stated location:
/// - case, accents ("São Paulo" → "sao paulo"), spacing and punctuation; dotted
///   abbreviations join ("U.K." → "uk", "D.C." → "dc");
/// - emoji and symbols are dropped; flag emoji (🇬🇧, 🏴 England) set the country;
/// - parts split at "," "/" "|" ";" "·" "•" "(" ")" and newlines; trailing country, UK
///   nation and US-state parts set the country and are dropped ("Brighton, UK" →
///   "brighton"/GB; "Austin, TX" → "austin"/US; "Brighton UK" too);
/// - common city nicknames expand ("NYC" / "New York City" → "new york", "LA" →
///   "los angeles", "SF" → "san francisco");
/// - a leading "based in", "living in", "from"… is dropped; non-places ("worldwide",
///   "earth", "online", "everywhere") give an empty place.
/// Ambiguous codes are read the way profiles usually mean them: a trailing "CA" is
/// California, "DE" Germany.
NormalizedLocation normalize_location(std::string_view raw);

/// The business's town, as typed at onboarding.
struct LocalArea {
    std::string town;                 ///< "Brighton"
    std::vector<std::string> aliases; ///< "Hove", "Brighton and Hove", …
    /// ISO code of the town's country ("GB"); when set, a location that states another
    /// country ("Brighton, MA") is not local. A location with no country still is.
    std::string country_code;
    /// [west, south, east, north] in degrees: place coordinates inside are local.
    std::optional<std::array<double, 4>> bbox;
};

/// A LocalArea prepared for fast repeated tests.
class LocalMatcher {
  public:
    LocalMatcher() = default;
    explicit LocalMatcher(const LocalArea& area);

    /// False when no town was given (then nothing is local).
    bool configured() const { return !m_places.empty() || m_bbox.has_value(); }
    /// The town or an alias, in a compatible country.
    bool is_local(const NormalizedLocation& loc) const;
    /// Inside the bounding box (false when there is none).
    bool contains(double lat, double lon) const;
    /// A geotagged place is local by coordinates or by its name / full name.
    bool is_local(const Place& place) const;

  private:
    std::vector<std::string> m_places; ///< normalised town + aliases
    std::string m_country;
    std::optional<std::array<double, 4>> m_bbox;
};

} // namespace earshot::core
