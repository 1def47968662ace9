// Stated-location normalisation and the "is it local?" test (see locations.hpp).
// Table-driven and deliberately small: it covers how profile locations are usually written.
#include "core/insights/locations.hpp"

#include "core/text/text.hpp"

#include <algorithm>
#include <cstring>

namespace earshot::core {

// [SECTION] Index
// [SECTION] Tables
// [SECTION] Cleaning into parts and words
// [SECTION] Normalisation
// [SECTION] LocalMatcher

// [SECTION] Tables

namespace {

struct CountryName {
    const char* phrase;    ///< normalised words
    const char* code;      ///< ISO 3166-1 alpha-2
    const char* canonical; ///< the place when the location is only this
    bool trailing_word;    ///< may also end a part without a comma ("brighton uk")
};

// Nations of the UK stay themselves when alone ("England" → "england"), all map to GB.
const CountryName kCountries[] = {
    {"uk", "GB", "united kingdom", true},
    {"united kingdom", "GB", "united kingdom", true},
    {"great britain", "GB", "united kingdom", true},
    {"britain", "GB", "united kingdom", false},
    {"gb", "GB", "united kingdom", true},
    {"england", "GB", "england", true},
    {"scotland", "GB", "scotland", true},
    {"wales", "GB", "wales", true},
    {"northern ireland", "GB", "northern ireland", true},
    {"usa", "US", "united states", true},
    {"us", "US", "united states", false},
    {"united states", "US", "united states", true},
    {"united states of america", "US", "united states", true},
    {"america", "US", "united states", false},
    {"canada", "CA", "canada", true},
    {"ireland", "IE", "ireland", false},
    {"eire", "IE", "ireland", true},
    {"france", "FR", "france", true},
    {"spain", "ES", "spain", true},
    {"espana", "ES", "spain", true},
    {"germany", "DE", "germany", true},
    {"deutschland", "DE", "germany", true},
    {"portugal", "PT", "portugal", true},
    {"brazil", "BR", "brazil", true},
    {"brasil", "BR", "brazil", true},
    {"mexico", "MX", "mexico", false},
    {"italy", "IT", "italy", true},
    {"italia", "IT", "italy", true},
    {"netherlands", "NL", "netherlands", true},
    {"the netherlands", "NL", "netherlands", true},
    {"nederland", "NL", "netherlands", true},
    {"holland", "NL", "netherlands", false},
    {"belgium", "BE", "belgium", true},
    {"belgique", "BE", "belgium", true},
    {"switzerland", "CH", "switzerland", true},
    {"suisse", "CH", "switzerland", true},
    {"schweiz", "CH", "switzerland", true},
    {"austria", "AT", "austria", true},
    {"osterreich", "AT", "austria", true},
    {"australia", "AU", "australia", true},
    {"new zealand", "NZ", "new zealand", true},
    {"argentina", "AR", "argentina", true},
    {"chile", "CL", "chile", false},
    {"colombia", "CO", "colombia", true},
    {"india", "IN", "india", true},
    {"japan", "JP", "japan", true},
};

// ISO codes accepted as a trailing part after a comma ("Paris, FR"). US state codes win
// where they collide ("CA", "IN", "CO", "AR"), except "DE": "Berlin, DE" is commoner
// than "Dover, DE" in profiles.
const char* const kIsoTrailing[] = {"fr", "es", "de", "pt", "br", "mx", "it",
                                    "ie", "au", "nl", "be", "ch", "at", "nz"};
const char* const kUsStates[] = {"al", "ak", "az", "ar", "ca", "co", "ct", "dc", "fl", "ga",
                                 "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md",
                                 "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj",
                                 "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc",
                                 "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy"};
// State codes that are also everyday words: only accepted after a comma.
const char* const kStateWords[] = {"or", "me", "in", "ok", "hi", "oh", "id", "la", "pa", "ma"};

struct Nickname {
    const char* phrase;
    const char* place;
    const char* country; ///< implied country, "" when none
};
const Nickname kNicknames[] = {
    {"nyc", "new york", "US"},
    {"new york city", "new york", "US"},
    {"ny", "new york", "US"},
    {"the big apple", "new york", "US"},
    {"la", "los angeles", "US"},
    {"sf", "san francisco", "US"},
    {"san fran", "san francisco", "US"},
    {"philly", "philadelphia", "US"},
    {"vegas", "las vegas", "US"},
    {"dc", "washington", "US"},
    {"washington dc", "washington", "US"},
    {"cdmx", "mexico city", "MX"},
    {"ciudad de mexico", "mexico city", "MX"},
    {"bcn", "barcelona", "ES"},
    {"ldn", "london", "GB"},
    {"brum", "birmingham", "GB"},
};

// Profile "locations" that name no place.
const char* const kNonPlaces[] = {
    "worldwide", "world", "earth", "planet earth", "everywhere", "anywhere", "global", "globe",
    "online", "internet", "the internet", "nowhere", "somewhere", "here", "home", "universe",
    "the universe", "cyberspace", "metaverse", "web", "the web", "none", "n a", "na", "location",
    "your heart", "in your heart",
    // Pronouns, often the whole "location" ("she/her" splits into two parts).
    "he", "him", "his", "she", "her", "hers", "they", "them", "theirs", "he him", "she her",
    "they them"};

// Leading phrases dropped from the first part, longest first.
const char* const kLeadIns[] = {"currently based in",
                                "currently living in",
                                "somewhere in",
                                "based in",
                                "based out of",
                                "living in",
                                "lives in",
                                "live in",
                                "located in",
                                "born in",
                                "currently in",
                                "currently",
                                "from",
                                "near",
                                "in"};

using Words = std::vector<std::string>;

std::string join(const Words& w, size_t first, size_t last) {
    std::string s;
    for (size_t i = first; i < last; ++i) {
        if (i > first)
            s += ' ';
        s += w[i];
    }
    return s;
}

template <size_t N> bool in_list(const char* const (&list)[N], const std::string& s) {
    for (const char* item : list)
        if (s == item)
            return true;
    return false;
}

const CountryName* find_country(const std::string& phrase) {
    for (const CountryName& c : kCountries)
        if (phrase == c.phrase)
            return &c;
    return nullptr;
}

const char* canonical_for_code(const std::string& code) {
    for (const CountryName& c : kCountries)
        if (code == c.code)
            return c.canonical;
    return "";
}

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return s;
}

// [SECTION] Cleaning into parts and words

/// The country of the first flag emoji: a regional-indicator pair (🇬🇧 → "GB") or a
/// subdivision tag sequence (🏴 + "gbeng" → "GB", with the nation's name in `nation`).
std::string flag_country(std::string_view raw, std::string& nation) {
    size_t pos = 0;
    char32_t prev_ri = 0;
    while (pos < raw.size()) {
        const char32_t cp = utf8_next(raw, pos);
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            if (prev_ri) {
                std::string code{static_cast<char>('A' + (prev_ri - 0x1F1E6)),
                                 static_cast<char>('A' + (cp - 0x1F1E6))};
                return code;
            }
            prev_ri = cp;
            continue;
        }
        prev_ri = 0;
        if (cp == 0x1F3F4) { // black flag, possibly followed by tag letters
            std::string tag;
            size_t p = pos;
            while (p < raw.size()) {
                size_t q = p;
                const char32_t t = utf8_next(raw, q);
                if (t < 0xE0061 || t > 0xE007A)
                    break;
                tag += static_cast<char>('a' + (t - 0xE0061));
                p = q;
            }
            if (tag == "gbeng")
                nation = "england";
            else if (tag == "gbsct")
                nation = "scotland";
            else if (tag == "gbwls")
                nation = "wales";
            if (tag.size() >= 2)
                return upper(tag.substr(0, 2));
        }
    }
    return {};
}

bool is_part_separator(char32_t cp) {
    switch (cp) {
    case ',':
    case '/':
    case '|':
    case ';':
    case '(':
    case ')':
    case '[':
    case ']':
    case '\n':
    case '\r':
    case 0xB7 /* · */:
    case 0x2022 /* • */:
    case 0x2027:
    case 0x30FB /* ・ */:
    case 0xFF0C /* ， */:
    case 0x3001 /* 、 */:
        return true;
    default:
        return false;
    }
}

/// Folded text → parts → words. Dots join single letters ("u.k." → "uk"), apostrophes
/// join ("st john's" → "st johns"), "&" becomes "and", anything else that is not a
/// letter or digit separates words.
std::vector<Words> split_parts(std::string_view folded) {
    std::vector<Words> parts(1);
    std::string word;
    size_t run = 0; // code points in `word` since it started or since a joining dot
    const auto end_word = [&] {
        if (!word.empty())
            parts.back().push_back(std::move(word));
        word.clear();
        run = 0;
    };
    size_t pos = 0;
    while (pos < folded.size()) {
        const char32_t cp = utf8_next(folded, pos);
        if (is_word_char(cp)) {
            utf8_append(cp, word);
            ++run;
        } else if (cp == '.') {
            if (run == 1)
                run = 0; // an initial: keep joining
            else
                end_word();
        } else if (cp == '\'' || cp == 0x2019 || cp == 0x02BC) {
            // joined: "john's" → "johns"
        } else if (cp == '&') {
            end_word();
            parts.back().push_back("and");
        } else if (is_part_separator(cp)) {
            end_word();
            parts.emplace_back();
        } else {
            end_word();
        }
    }
    end_word();
    parts.erase(
        std::remove_if(parts.begin(), parts.end(), [](const Words& w) { return w.empty(); }),
        parts.end());
    return parts;
}

void drop_lead_in(Words& w) {
    for (bool changed = true; changed && !w.empty();) {
        changed = false;
        for (const char* lead : kLeadIns) {
            // Split the lead-in into words and compare with the front of w.
            Words lw;
            for (const char* p = lead; *p;) {
                const char* e = std::strchr(p, ' ');
                if (!e)
                    e = p + std::strlen(p);
                lw.emplace_back(p, e);
                p = *e ? e + 1 : e;
            }
            if (lw.size() < w.size() && std::equal(lw.begin(), lw.end(), w.begin())) {
                w.erase(w.begin(), w.begin() + static_cast<long>(lw.size()));
                changed = true;
                break;
            }
        }
    }
}

enum class PartKind { Place, Country, State, NonPlace };

struct Classified {
    PartKind kind = PartKind::Place;
    std::string text;    ///< place words (after nickname expansion) or country canonical
    std::string country; ///< ISO code for Country / State, implied country for nicknames
};

Classified classify(const Words& w, bool after_comma) {
    Classified c;
    const std::string s = join(w, 0, w.size());
    if (in_list(kNonPlaces, s))
        return {PartKind::NonPlace, {}, {}};
    if (const CountryName* country = find_country(s))
        return {PartKind::Country, country->canonical, country->code};
    if (after_comma && w.size() == 1) {
        if (in_list(kUsStates, s) && s != "de")
            return {PartKind::State, {}, "US"};
        if (in_list(kIsoTrailing, s))
            return {PartKind::Country, canonical_for_code(upper(s)), upper(s)};
    }
    bool all_digits = std::all_of(s.begin(), s.end(),
                                  [](char ch) { return (ch >= '0' && ch <= '9') || ch == ' '; });
    if (all_digits)
        return {PartKind::NonPlace, {}, {}};
    for (const Nickname& n : kNicknames)
        if (s == n.phrase)
            return {PartKind::Place, n.place, n.country};
    c.text = s;
    return c;
}

/// "brighton uk" → {"brighton"}, {"uk"}; "austin tx" → {"austin"}, {"tx"}.
void split_trailing_country(std::vector<Words>& parts, std::vector<bool>& after_comma) {
    for (size_t i = 0; i < parts.size(); ++i) {
        Words& w = parts[i];
        if (w.size() < 2)
            continue;
        bool split = false;
        for (size_t n = std::min<size_t>(4, w.size() - 1); n >= 1 && !split; --n) {
            const std::string tail = join(w, w.size() - n, w.size());
            const CountryName* c = find_country(tail);
            const bool state =
                n == 1 && in_list(kUsStates, tail) && tail != "de" && !in_list(kStateWords, tail);
            if ((c && c->trailing_word) || state) {
                Words tail_words(w.end() - static_cast<long>(n), w.end());
                w.erase(w.end() - static_cast<long>(n), w.end());
                parts.insert(parts.begin() + static_cast<long>(i) + 1, tail_words);
                after_comma.insert(after_comma.begin() + static_cast<long>(i) + 1, true);
                split = true;
            }
        }
    }
}

} // namespace

// [SECTION] Normalisation

NormalizedLocation normalize_location(std::string_view raw) {
    NormalizedLocation out;
    std::string nation;
    const std::string flag = flag_country(raw, nation);

    std::vector<Words> parts = split_parts(fold_for_search(raw));
    if (!parts.empty())
        drop_lead_in(parts.front());
    std::vector<bool> after_comma(parts.size(), true);
    if (!after_comma.empty())
        after_comma[0] = false;
    split_trailing_country(parts, after_comma);

    std::string first_country_name;
    for (size_t i = 0; i < parts.size(); ++i) {
        const Classified c = classify(parts[i], after_comma[i]);
        switch (c.kind) {
        case PartKind::NonPlace:
            break;
        case PartKind::Country:
            if (first_country_name.empty())
                first_country_name = c.text;
            if (out.country.empty())
                out.country = c.country;
            break;
        case PartKind::State:
            if (out.country.empty())
                out.country = c.country;
            break;
        case PartKind::Place:
            if (out.place.empty()) {
                out.place = c.text;
                if (out.country.empty() && !c.country.empty())
                    out.country = c.country;
            }
            break;
        }
    }
    if (out.country.empty())
        out.country = flag;
    if (out.place.empty()) {
        if (!first_country_name.empty())
            out.place = first_country_name;
        else if (!nation.empty())
            out.place = nation;
        else if (!out.country.empty())
            out.place = canonical_for_code(out.country);
    }
    return out;
}

// [SECTION] LocalMatcher

LocalMatcher::LocalMatcher(const LocalArea& area)
    : m_country(upper(area.country_code)), m_bbox(area.bbox) {
    const auto add = [&](const std::string& name) {
        NormalizedLocation n = normalize_location(name);
        if (n.place.empty())
            return;
        if (m_country.empty() && !n.country.empty())
            m_country = n.country;
        if (std::find(m_places.begin(), m_places.end(), n.place) == m_places.end())
            m_places.push_back(std::move(n.place));
    };
    add(area.town);
    for (const std::string& a : area.aliases)
        add(a);
}

bool LocalMatcher::is_local(const NormalizedLocation& loc) const {
    if (loc.place.empty())
        return false;
    if (std::find(m_places.begin(), m_places.end(), loc.place) == m_places.end())
        return false;
    return m_country.empty() || loc.country.empty() || loc.country == m_country;
}

bool LocalMatcher::contains(double lat, double lon) const {
    if (!m_bbox)
        return false;
    const auto& b = *m_bbox; // west, south, east, north
    if (lat < b[1] || lat > b[3])
        return false;
    // A box crossing the antimeridian has west > east.
    return b[0] <= b[2] ? (lon >= b[0] && lon <= b[2]) : (lon >= b[0] || lon <= b[2]);
}

bool LocalMatcher::is_local(const Place& place) const {
    if (place.lat && place.lon && contains(*place.lat, *place.lon))
        return true;
    for (const std::string* name : {&place.full_name, &place.name}) {
        if (name->empty())
            continue;
        NormalizedLocation n = normalize_location(*name);
        if (!place.country_code.empty())
            n.country = upper(place.country_code);
        if (is_local(n))
            return true;
    }
    return false;
}

} // namespace earshot::core
