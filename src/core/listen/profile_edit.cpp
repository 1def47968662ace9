// Editing the business profile: validation, profile.json, and the starter
// listeners brought in line after an edit. See profile_edit.hpp for the contracts.
#include "core/listen/profile_edit.hpp"

#include "core/text/grapheme.hpp"
#include "core/text/internal/json_read.hpp"
#include "core/text/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace earshot::core {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "earshot-profile";
constexpr size_t kMaxTermLength = 60;

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool handle_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// "https://www.x.com/HarbourBean?s=20" → "HarbourBean": owners paste profile links.
std::string strip_profile_link(std::string s) {
    const std::string lower = to_lower(s);
    size_t from = 0;
    for (const char* scheme : {"https://", "http://"})
        if (starts_with(lower, scheme))
            from = std::string_view(scheme).size();
    if (starts_with(std::string_view(lower).substr(from), "www."))
        from += 4;
    for (const char* site : {"x.com/", "twitter.com/", "mobile.twitter.com/"})
        if (starts_with(std::string_view(lower).substr(from), site)) {
            s = s.substr(from + std::string_view(site).size());
            return s.substr(0, s.find_first_of("/?#"));
        }
    return s;
}

void add_issue(std::vector<ProfileIssue>& issues, ProfileField f, std::string message,
               int competitor = -1) {
    issues.push_back({f, competitor, std::move(message)});
}

// Trims, drops empty and repeated terms (ignoring case), and names the ones
// the query language cannot search.
std::vector<std::string> clean_terms(const std::vector<std::string>& raw, ProfileField field,
                                     std::vector<ProfileIssue>& issues) {
    std::vector<std::string> out, seen;
    for (const std::string& r : raw) {
        const std::string t = trim(r);
        const std::string key = to_lower(t);
        if (t.empty() || std::find(seen.begin(), seen.end(), key) != seen.end())
            continue;
        seen.push_back(key);
        if (utf8_length(t) > kMaxTermLength)
            add_issue(issues, field,
                      "'" + t + "' is longer than " + std::to_string(kMaxTermLength) +
                          " characters; use shorter words");
        else if (quote_term(t).empty())
            add_issue(issues, field, "'" + t + "' has nothing that can be searched");
        else
            out.push_back(t);
    }
    if (out.size() > kMaxTerms)
        add_issue(issues, field,
                  "at most " + std::to_string(kMaxTerms) +
                      " terms; X allows 512 characters a query");
    return out;
}

// Name, town: required or not, at most ListenerSet's name length, searchable.
std::string clean_text(const std::string& raw, ProfileField field, const char* what,
                       std::vector<ProfileIssue>& issues, int competitor = -1) {
    const std::string t = trim(raw);
    if (t.empty())
        return t;
    if (utf8_length(t) > ListenerSet::kMaxNameLength)
        add_issue(issues, field,
                  std::string("expected ") + what + " of at most " +
                      std::to_string(ListenerSet::kMaxNameLength) + " characters",
                  competitor);
    else if (quote_term(t).empty())
        add_issue(issues, field, std::string("expected letters or digits in ") + what, competitor);
    return t;
}

std::string clean_language(const std::string& raw, std::vector<ProfileIssue>& issues) {
    const std::string l = to_lower(trim(raw));
    const bool letters =
        std::all_of(l.begin(), l.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!l.empty() && (!letters || l.size() < 2 || l.size() > 3))
        add_issue(issues, ProfileField::Language,
                  "expected a language code such as en, de or fr (empty for any language)");
    return l;
}

bool blank(const Competitor& c) {
    return trim(c.name).empty() && trim(c.handle).empty() && trim(c.website).empty();
}

void check_competitors(const BusinessProfile& p, ProfileCheck& out) {
    size_t listed = 0;
    for (size_t i = 0; i < p.competitors.size(); ++i) {
        const Competitor& raw = p.competitors[i];
        if (blank(raw))
            continue; // a row added and left empty is not a mistake
        ++listed;
        const int at = static_cast<int>(i);
        const size_t before = out.issues.size();
        Competitor c;
        c.name = clean_text(raw.name, ProfileField::CompetitorName, "a name", out.issues, at);
        if (std::string e = clean_handle_input(raw.handle, c.handle); !e.empty())
            add_issue(out.issues, ProfileField::CompetitorHandle, e, at);
        if (std::string e = clean_website_input(raw.website, c.website); !e.empty())
            add_issue(out.issues, ProfileField::CompetitorWebsite, e, at);
        if (out.issues.size() > before)
            continue;
        if (!c.handle.empty() && to_lower(c.handle) == to_lower(out.cleaned.handle))
            add_issue(out.issues, ProfileField::CompetitorHandle, "that is your own handle", at);
        Result<Listener> l = competitor_listener(c);
        if (!l) {
            add_issue(out.issues, ProfileField::CompetitorName, l.error(), at);
            continue;
        }
        // Each competitor is one listener: names and ids must not collide.
        if (to_lower(l->name) == to_lower(out.cleaned.name))
            add_issue(out.issues, ProfileField::CompetitorName, "that is your business's name", at);
        for (const Competitor& other : out.cleaned.competitors) {
            Result<Listener> o = competitor_listener(other);
            if (o && (o->id == l->id || to_lower(o->name) == to_lower(l->name))) {
                add_issue(out.issues, ProfileField::CompetitorName, "listed twice", at);
                break;
            }
        }
        out.cleaned.competitors.push_back(std::move(c));
    }
    if (listed > kMaxCompetitors)
        add_issue(out.issues, ProfileField::Competitors,
                  "at most " + std::to_string(kMaxCompetitors) + " competitors; remove " +
                      std::to_string(listed - kMaxCompetitors));
}

std::vector<std::string> strings_of(const json& doc, const char* key) {
    std::vector<std::string> out;
    if (const json* a = json_read::field(doc, key); a && a->is_array())
        for (const json& s : *a)
            if (s.is_string())
                out.push_back(s.get<std::string>());
    return out;
}

std::optional<double> number_of(const json& doc, const char* key) {
    const json* f = json_read::field(doc, key);
    return f && f->is_number() ? std::optional<double>(f->get<double>()) : std::nullopt;
}

std::string version_message(int64_t version) {
    return "the stored business profile has format version " + std::to_string(version) +
           ", which this Earshot does not know (it knows " + std::to_string(kProfileFormatVersion) +
           "). Open the newer Earshot that wrote it; nothing was changed.";
}

bool is_template(const std::string& kind) {
    for (const char* k : {kMyBusiness, kCompetitor, kMyArea, kMyTrade, kQuestions})
        if (kind == k)
            return true;
    return false;
}

std::string count_of(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (size_t i = 0; i < names.size(); ++i)
        s += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return s;
}

} // namespace

// [SECTION] Validation

std::string clean_handle_input(std::string_view text, std::string& out) {
    std::string s = strip_profile_link(trim(text));
    if (!s.empty() && s[0] == '@')
        s.erase(0, 1);
    out.clear();
    if (s.empty())
        return {};
    if (!std::all_of(s.begin(), s.end(), handle_char))
        return "expected letters, digits or _ only, as in @harbourbean";
    if (s.size() > kMaxHandleLength)
        return "expected at most " + std::to_string(kMaxHandleLength) +
               " characters (X's limit for handles)";
    out = s;
    return {};
}

std::string clean_website_input(std::string_view text, std::string& out) {
    std::string s = to_lower(trim(text));
    if (const size_t scheme = s.find("://"); scheme != std::string::npos)
        s.erase(0, scheme + 3);
    if (starts_with(s, "www."))
        s.erase(0, 4);
    s = s.substr(0, s.find_first_of("/?#:")); // url: matches the host; a path would narrow it
    while (!s.empty() && s.back() == '.')
        s.pop_back();
    out.clear();
    if (s.empty())
        return {};
    const bool ok = std::all_of(s.begin(), s.end(), host_char) &&
                    s.find('.') != std::string::npos && s.front() != '.' && s.front() != '-' &&
                    s.find("..") == std::string::npos && s.size() <= 253;
    if (!ok)
        return "expected a web address such as harbourbean.co.uk";
    out = s;
    return {};
}

// Nearby places are matched against stated locations, never searched: any text
// goes, trimmed, without repeats.
std::vector<std::string> clean_places(const std::vector<std::string>& raw, std::vector<ProfileIssue>& issues) {
    constexpr size_t kMaxPlaces = 12, kMaxLength = 60;
    std::vector<std::string> out;
    for (const std::string& r : raw) {
        const std::string place = std::string(trim(r));
        if (place.empty() || std::find(out.begin(), out.end(), place) != out.end()) continue;
        if (utf8_length(place) > kMaxLength) {
            add_issue(issues, ProfileField::NearbyPlaces, "\"" + ellipsize(place, 23) + "\" is too long for a place name");
            continue;
        }
        out.push_back(place);
    }
    if (out.size() > kMaxPlaces) {
        add_issue(issues, ProfileField::NearbyPlaces, "at most " + std::to_string(kMaxPlaces) + " nearby places");
        out.resize(kMaxPlaces);
    }
    return out;
}

std::string clean_country(const std::string& raw, std::vector<ProfileIssue>& issues) {
    std::string code(trim(raw));
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const bool ok = code.empty() || (code.size() == 2 && std::isalpha(static_cast<unsigned char>(code[0])) &&
                                     std::isalpha(static_cast<unsigned char>(code[1])));
    if (!ok) add_issue(issues, ProfileField::Country, "expected a two-letter country code such as GB, IE or US");
    return ok ? code : std::string();
}

// A hashtag as X reads one: letters (any script), digits and '_', not digits
// alone. Bytes from 0x80 up are taken as letters: every script's letters are
// there, and a space or '#' inside is what people actually mistype.
std::string clean_hashtag(const std::string& raw, ProfileField field, std::vector<ProfileIssue>& issues) {
    constexpr size_t kMaxLength = 100;
    std::string tag(trim(raw));
    if (!tag.empty() && tag[0] == '#') tag.erase(0, 1);
    if (tag.empty()) return tag;
    bool letter = false, ok = utf8_length(tag) <= kMaxLength;
    for (const char ch : tag) {
        const unsigned char u = static_cast<unsigned char>(ch);
        if (u >= 0x80 || std::isalpha(u) || u == '_') letter = true;
        else if (!std::isdigit(u)) ok = false;
    }
    if (!ok || !letter) {
        add_issue(issues, field, "\"#" + ellipsize(tag, 23) + "\" is not a hashtag: letters, digits or _ only, not digits alone");
        return {};
    }
    return tag;
}

std::vector<std::string> clean_hashtags(const std::vector<std::string>& raw, std::vector<ProfileIssue>& issues) {
    constexpr size_t kMaxTags = 10;
    std::vector<std::string> out, seen;
    for (const std::string& r : raw) {
        const std::string tag = clean_hashtag(r, ProfileField::CampaignHashtags, issues);
        if (tag.empty() || std::find(seen.begin(), seen.end(), to_lower(tag)) != seen.end()) continue;
        seen.push_back(to_lower(tag)); // #BeanTuesday and #beantuesday are one tag on X
        out.push_back(tag);
    }
    if (out.size() > kMaxTags) {
        add_issue(issues, ProfileField::CampaignHashtags, "at most " + std::to_string(kMaxTags) + " campaign hashtags");
        out.resize(kMaxTags);
    }
    return out;
}

ProfileCheck validate(const BusinessProfile& p) {
    ProfileCheck out;
    BusinessProfile& c = out.cleaned;
    c.name = clean_text(p.name, ProfileField::Name, "a name", out.issues);
    if (c.name.empty())
        add_issue(out.issues, ProfileField::Name, "expected your business's name");
    if (std::string e = clean_handle_input(p.handle, c.handle); !e.empty())
        add_issue(out.issues, ProfileField::Handle, e);
    if (std::string e = clean_website_input(p.website, c.website); !e.empty())
        add_issue(out.issues, ProfileField::Website, e);
    c.town = clean_text(p.town, ProfileField::Town, "a town", out.issues);
    c.trade_keywords = clean_terms(p.trade_keywords, ProfileField::TradeKeywords, out.issues);
    c.trade_terms = clean_terms(p.trade_terms, ProfileField::TradeTerms, out.issues);
    c.language = clean_language(p.language, out.issues);
    c.nearby_places = clean_places(p.nearby_places, out.issues);
    c.country_code = clean_country(p.country_code, out.issues);
    c.campaign_hashtags = clean_hashtags(p.campaign_hashtags, out.issues);
    c.event_hashtag = clean_hashtag(p.event_hashtag, ProfileField::EventHashtag, out.issues);
    c.lat = p.lat;
    c.lon = p.lon;
    c.radius_km = p.radius_km;
    check_competitors(p, out);
    return out;
}

void forget_stale_position(const BusinessProfile& before, BusinessProfile& after) {
    const bool moved = to_lower(trim(before.town)) != to_lower(trim(after.town));
    if (moved && after.lat == before.lat && after.lon == before.lon) {
        after.lat.reset();
        after.lon.reset();
    }
}

// [SECTION] profile.json

std::string profile_to_json(const BusinessProfile& p) {
    json competitors = json::array();
    for (const Competitor& c : p.competitors)
        competitors.push_back({{"name", c.name}, {"handle", c.handle}, {"website", c.website}});
    json doc = {{"format", kFormat},
                {"version", kProfileFormatVersion},
                {"name", p.name},
                {"handle", p.handle},
                {"website", p.website},
                {"town", p.town},
                {"trade_keywords", p.trade_keywords},
                {"trade_terms", p.trade_terms},
                {"language", p.language},
                {"nearby_places", p.nearby_places},
                {"country_code", p.country_code},
                {"campaign_hashtags", p.campaign_hashtags},
                {"event_hashtag", p.event_hashtag},
                {"radius_km", p.radius_km},
                {"competitors", competitors}};
    if (p.lat && p.lon) {
        doc["lat"] = *p.lat;
        doc["lon"] = *p.lon;
    }
    return doc.dump(1);
}

Result<BusinessProfile> profile_from_json(std::string_view text) {
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded())
        return Error{"the business profile is not JSON"};
    if (!doc.is_object() || json_read::str(doc, "format") != kFormat)
        return Error{"not an Earshot business profile"};
    if (const int64_t v = json_read::i64(doc, "version"); v != kProfileFormatVersion)
        return Error{version_message(v)};
    BusinessProfile p;
    p.name = json_read::str(doc, "name");
    p.handle = json_read::str(doc, "handle");
    p.website = json_read::str(doc, "website");
    p.town = json_read::str(doc, "town");
    p.trade_keywords = strings_of(doc, "trade_keywords");
    p.trade_terms = strings_of(doc, "trade_terms");
    p.language = json_read::str(doc, "language", p.language);
    p.nearby_places = strings_of(doc, "nearby_places"); // absent in files from before: none
    p.country_code = json_read::str(doc, "country_code");
    p.campaign_hashtags = strings_of(doc, "campaign_hashtags"); // absent in files from before: none
    p.event_hashtag = json_read::str(doc, "event_hashtag");
    p.radius_km = number_of(doc, "radius_km").value_or(p.radius_km);
    p.lat = number_of(doc, "lat");
    p.lon = number_of(doc, "lon");
    if (const json* cs = json_read::field(doc, "competitors"); cs && cs->is_array())
        for (const json& c : *cs)
            if (c.is_object())
                p.competitors.push_back({json_read::str(c, "name"), json_read::str(c, "handle"),
                                         json_read::str(c, "website")});
    return p;
}

ProfileFile::ProfileFile(FileSystem& fs, std::string dir) : m_fs(fs), m_dir(std::move(dir)) {}

Result<bool> ProfileFile::load(BusinessProfile& out) {
    const std::string path = m_dir + "/" + kFileName;
    std::optional<std::string> text = m_fs.read(path);
    m_read_only = false; // load() runs again when another tab wrote meanwhile
    if (!text)
        return false;
    const json doc = json::parse(*text, nullptr, false);
    const bool ours =
        !doc.is_discarded() && doc.is_object() && json_read::str(doc, "format") == kFormat;
    if (ours && json_read::i64(doc, "version") != kProfileFormatVersion) {
        // Written by a newer Earshot: keep it exactly as it is.
        m_read_only = true;
        return Error{version_message(json_read::i64(doc, "version"))};
    }
    if (!ours) {
        // save() cannot leave this (rename is atomic); keep the bytes for
        // support, and the owner types the profile again.
        if (auto moved = m_fs.rename(path, path + ".damaged"); !moved) {
            m_read_only = true;
            return Error{"the stored business profile is damaged and could not be set aside (" +
                         moved.error() + "); Earshot will not write over it."};
        }
        return Error{"the stored business profile was damaged; it was kept as " +
                     std::string(kFileName) + ".damaged. Enter your business again."};
    }
    Result<BusinessProfile> p = profile_from_json(*text);
    if (!p)
        return Error{p.error()};
    out = std::move(p).value();
    return true;
}

Result<bool> ProfileFile::save(const BusinessProfile& p) {
    if (m_read_only)
        return Error{"the stored business profile is read-only (see the earlier message); it "
                     "was not saved"};
    if (auto ok = replace_file(m_fs, m_dir, kFileName, profile_to_json(p)); !ok)
        return Error{"the business profile could not be saved: " + ok.error()};
    return true;
}

// [SECTION] Starter listeners after an edit

std::string StarterUpdate::summary() const {
    std::vector<std::string> parts;
    if (!updated.empty())
        parts.push_back("updated " +
                        count_of(updated.size(), "starter listener", "starter listeners"));
    if (!added.empty())
        parts.push_back("added " + std::to_string(added.size()) + " for " + joined(added));
    if (!removed.empty())
        parts.push_back("removed " + std::to_string(removed.size()) + " for " + joined(removed));
    if (parts.empty())
        parts.push_back("the starter listeners already match the profile");
    if (kept_own > 0)
        parts.push_back("kept your " + count_of(kept_own, "own listener", "own listeners"));
    std::string s;
    for (const std::string& p : parts)
        s += (s.empty() ? "" : ", ") + p;
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s + ".";
}

StarterUpdate update_starter_listeners(const ListenerSet& current, const BusinessProfile& p) {
    StarterUpdate out;
    out.listeners = current;
    StarterListeners fresh = starter_listeners(p);
    out.notes = fresh.notes;

    // Pair each template the profile fills with the listener it replaces:
    // competitors by id first (the handle), then by name, so a competitor whose
    // handle changed keeps its listener and its stored mentions.
    std::vector<std::string> pair(fresh.listeners.size()); // existing id, "" = new
    auto claimed = [&](const std::string& id) {
        return std::find(pair.begin(), pair.end(), id) != pair.end();
    };
    auto match = [&](auto same) {
        for (size_t i = 0; i < fresh.listeners.size(); ++i)
            for (const Listener& l : current.all())
                if (pair[i].empty() && l.kind == fresh.listeners[i].kind && !claimed(l.id) &&
                    same(l, fresh.listeners[i]))
                    pair[i] = l.id;
    };
    match(
        [](const Listener& l, const Listener& f) { return f.kind != kCompetitor || l.id == f.id; });
    match([](const Listener& l, const Listener& f) {
        return to_lower(trim(l.name)) == to_lower(trim(f.name));
    });

    // Removals first, so their names are free for the edits and additions.
    for (const Listener& l : current.all()) {
        if (!is_template(l.kind)) {
            ++out.kept_own;
        } else if (!claimed(l.id)) {
            out.removed.push_back(l.name);
            out.touched_ids.push_back(l.id);
            out.listeners.remove(l.id);
        }
    }
    for (size_t i = 0; i < fresh.listeners.size(); ++i) {
        const Listener& f = fresh.listeners[i];
        if (pair[i].empty())
            continue;
        ListenerSettings s = settings_of(*current.find(pair[i]));
        if (s.name == f.name && s.query == f.query)
            continue;
        const std::string old_name = s.name;
        s.name = f.name;
        s.query = f.query; // schedule, caps and sources stay as the owner set them
        if (auto e = out.listeners.edit(pair[i], s)) {
            out.notes.push_back("Kept " + old_name + " as it was: " + e->to_string());
            continue;
        }
        out.updated.push_back(f.name);
        out.touched_ids.push_back(pair[i]);
    }
    for (size_t i = 0; i < fresh.listeners.size(); ++i) {
        if (!pair[i].empty())
            continue;
        auto r = out.listeners.add(fresh.listeners[i]);
        if (const ListenerError* e = std::get_if<ListenerError>(&r)) {
            out.notes.push_back("Could not add " + fresh.listeners[i].name + ": " + e->to_string());
            continue;
        }
        out.added.push_back(fresh.listeners[i].name);
        out.added_ids.push_back(std::get<std::string>(r));
    }
    return out;
}

} // namespace earshot::core
