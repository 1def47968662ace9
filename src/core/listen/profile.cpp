// Listener templates from the business profile: the article's *my business*,
// *competitors*, *my area*, *my trade* and *questions people ask*.
#include "core/listen/profile.hpp"

#include "core/query/query.hpp"
#include "core/text/text.hpp"

#include <cmath>
#include <functional>

namespace earshot::core {

namespace {

// [SECTION] Helpers

std::string without_quotes(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != '"')
            out.push_back(c);
    return out;
}

// The X query a text becomes, or why it cannot be sent.
Result<std::string> x_query_of(const std::string& text) {
    auto parsed = Query::parse(text);
    if (const QueryError* e = std::get_if<QueryError>(&parsed))
        return Error{e->to_string()};
    return std::get<Query>(parsed).to_x_query();
}

bool valid_handle(const std::string& h) {
    if (h.empty() || h.size() > 50)
        return false;
    for (char c : h)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    return true;
}

std::string clean_handle(std::string_view h) {
    std::string s = trim(h);
    if (!s.empty() && s[0] == '@')
        s.erase(0, 1);
    return valid_handle(s) ? s : std::string();
}

// "https://www.Example.co.uk/" → "example.co.uk"; paths are kept.
std::string clean_site(std::string_view w) {
    std::string s = to_lower(trim(w));
    for (const char* scheme : {"https://", "http://"})
        if (s.rfind(scheme, 0) == 0)
            s.erase(0, std::string(scheme).size());
    if (s.rfind("www.", 0) == 0)
        s.erase(0, 4);
    while (!s.empty() && s.back() == '/')
        s.pop_back();
    if (s.find_first_of(" \t\"") != std::string::npos)
        return {};
    return s;
}

std::string operator_value(const char* name, const std::string& value) {
    const bool plain = value.find_first_of(" ()") == std::string::npos;
    return std::string(name) + ":" + (plain ? value : "\"" + value + "\"");
}


// Locale-independent fixed-point text ("-0.1372"); printf would follow the C locale.
std::string fixed(double v, int decimals) {
    const double scale = std::pow(10.0, decimals);
    const long long n = std::llround(std::fabs(v) * scale);
    const long long p = static_cast<long long>(scale);
    std::string text = (v < 0 && n ? "-" : "") + std::to_string(n / p);
    if (decimals > 0) {
        std::string frac = std::to_string(n % p);
        text += "." + std::string(static_cast<size_t>(decimals) - frac.size(), '0') + frac;
    }
    return text;
}

// url:site, quoted when the plain form does not read. A site the query language cannot
// read either way (a stray quote: "'" as a stored profile's website) is left out rather
// than making the whole listener's query unreadable.
std::string site_term(const std::string& website) {
    const std::string s = clean_site(website);
    if (s.empty()) return {};
    for (const std::string& term : {operator_value("url", s), "url:\"" + s + "\""})
        if (std::holds_alternative<Query>(Query::parse(term))) return term;
    return {};
}

std::string or_group(const std::vector<std::string>& terms) {
    if (terms.size() == 1)
        return terms[0];
    std::string g = "(";
    for (size_t i = 0; i < terms.size(); ++i)
        g += (i ? " OR " : "") + terms[i];
    return g + ")";
}

// Adds terms to an OR group one by one, keeping each that leaves the whole
// query valid and within 512 characters; the rest are named in `notes`.
Result<std::string> fit_terms(const std::vector<std::string>& raw,
                              const std::function<std::string(const std::string&)>& compose,
                              const char* what, std::vector<std::string>* notes) {
    std::vector<std::string> kept, seen;
    for (const std::string& r : raw) {
        const std::string t = quote_term(r);
        if (t.empty()) {
            if (notes && !trim(r).empty())
                notes->push_back("left out '" + trim(r) + "': nothing in it can be searched");
            continue;
        }
        const std::string key = to_lower(t); // "Café" and "café" are one term; "cafe" stays its own
        bool dup = false;
        for (const std::string& k : seen)
            dup |= k == key;
        if (dup)
            continue;
        seen.push_back(key);
        kept.push_back(t);
        Result<std::string> q = x_query_of(compose(or_group(kept)));
        if (!q) {
            kept.pop_back();
            if (notes)
                notes->push_back("left out " + t + ": " + q.error());
        }
    }
    if (kept.empty())
        return Error{std::string("add ") + what};
    return compose(or_group(kept));
}

Listener make_listener(std::string id, const char* kind, std::string name, std::string query,
                       int interval, uint64_t daily_cap) {
    Listener l;
    l.id = std::move(id);
    l.kind = kind;
    l.name = std::move(name);
    l.query = std::move(query);
    l.interval_minutes = interval;
    l.daily_cap_posts = daily_cap;
    // Bluesky and Mastodon cost nothing: a starter listens wherever the proxy offers.
    l.sources = kPolledSources;
    return l;
}

// "Name" OR @handle OR #handle OR url:site — the shape shared by *my business*
// and each competitor.
std::string brand_query(const std::string& name, const std::string& handle,
                        const std::string& website) {
    std::vector<std::string> parts;
    const std::string n = quote_term("\"" + without_quotes(trim(name)) + "\"");
    if (!n.empty())
        parts.push_back(n);
    if (const std::string h = clean_handle(handle); !h.empty()) {
        parts.push_back("@" + h);
        parts.push_back("#" + h);
    }
    if (const std::string s = site_term(website); !s.empty())
        parts.push_back(s);
    std::string q;
    for (const std::string& p : parts)
        q += (q.empty() ? "" : " OR ") + p;
    return q;
}

// Question cues (English): words people use when they ask for a place or a tip.
const std::vector<std::string>& question_cues() {
    static const std::vector<std::string> cues = {
        "anyone",        "recommend",    "recommendations", "recommendation",  "suggestions",
        "\"where can\"", "\"where to\"", "\"any good\"",    "\"looking for\"", "\"best place\""};
    return cues;
}

} // namespace

std::string slug(std::string_view s) {
    std::string out;
    for (char c : s) {
        const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
            out.push_back(l);
        else if (!out.empty() && out.back() != '-')
            out.push_back('-');
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out;
}

// [SECTION] Templates

std::string quote_term(std::string_view term) {
    const std::string t = without_quotes(trim(term));
    if (t.empty())
        return {};
    bool plain = t != "OR" && t != "AND";
    const bool entity = t[0] == '#' || t[0] == '@';
    for (size_t pos = entity ? 1 : 0; plain && pos < t.size();) {
        const char32_t cp = utf8_next(t, pos);
        plain = cp == '_' || is_word_char(cp);
    }
    const std::string out = plain ? t : "\"" + t + "\"";
    return x_query_of(out) ? out : std::string();
}

BusinessProfile demo_profile() {
    BusinessProfile p;
    p.name = "Harbour Bean";
    p.handle = "harbourbean";
    p.website = "harbourbean.co.uk";
    p.town = "Brighton";
    p.competitors = {{"Grindhouse Coffee", "grindhousecafe", "grindhousecoffee.co.uk"},
                     {"The Daily Crumb", "dailycrumb", "thedailycrumb.co.uk"}};
    p.trade_keywords = {"coffee", "café", "cafe"};
    p.trade_terms = {"specialty coffee", "barista", "flat white"};
    p.lat = 50.8225;
    p.lon = -0.1372;
    p.nearby_places = {"Hove", "Brighton and Hove", "Brighton & Hove", "Kemptown"};
    p.country_code = "GB";
    return p;
}

Listener my_business_listener(const BusinessProfile& p) {
    // Every 15 minutes: complaints and questions about the business are the
    // ones to answer first.
    return make_listener(kMyBusiness, kMyBusiness, p.name.empty() ? "My business" : p.name,
                         brand_query(p.name, p.handle, p.website), 15, 200);
}

Result<Listener> competitor_listener(const Competitor& c) {
    const std::string q = brand_query(c.name, c.handle, c.website);
    if (q.empty())
        return Error{"add the competitor's name, handle or website"};
    if (Result<std::string> x = x_query_of(q); !x)
        return Error{x.error()};
    const std::string h = clean_handle(c.handle);
    std::string id = slug(h.empty() ? c.name : h);
    id = id.empty() ? "competitor" : "competitor-" + id;
    std::string name = trim(c.name);
    if (name.empty())
        name = h.empty() ? clean_site(c.website) : "@" + h;
    return make_listener(id, kCompetitor, name, q, 60, 100);
}

Result<Listener> area_listener(const BusinessProfile& p, std::vector<std::string>* notes) {
    std::vector<std::string> where;
    const std::string town = without_quotes(trim(p.town));
    if (const std::string t = quote_term(town); !t.empty()) {
        where.push_back(t);
        where.push_back(operator_value("place", town));
    }
    if (p.lat && p.lon && std::fabs(*p.lat) <= 90 && std::fabs(*p.lon) <= 180) {
        // X allows a radius of at most 25 miles.
        const double r = std::min(std::max(p.radius_km, 0.1), 40.0);
        where.push_back("point_radius:[" + fixed(*p.lon, 4) + " " + fixed(*p.lat, 4) + " " +
                        fixed(r, r == std::floor(r) ? 0 : 1) + "km]");
    }
    if (where.empty())
        return Error{"add your town (or the shop's position) to listen to your area"};
    const std::string loc = or_group(where);
    Result<std::string> q = fit_terms(
        p.trade_keywords, [&](const std::string& g) { return loc + " " + g + " -is:retweet"; },
        "your trade keywords (for example coffee, café) to listen to your area", notes);
    if (!q)
        return Error{q.error()};
    return make_listener(kMyArea, kMyArea, town.empty() ? "My area" : "Around " + town, q.value(),
                         60, 100);
}

Result<Listener> trade_listener(const BusinessProfile& p, std::vector<std::string>* notes) {
    const std::vector<std::string>& terms =
        p.trade_terms.empty() ? p.trade_keywords : p.trade_terms;
    const std::string lang = trim(p.language).empty() ? "" : " lang:" + trim(p.language);
    Result<std::string> q = fit_terms(
        terms, [&](const std::string& g) { return g + " -is:retweet" + lang; },
        "the terms of your trade (for example \"flat white\", barista) to listen to your trade",
        notes);
    if (!q)
        return Error{q.error()};
    return make_listener(kMyTrade, kMyTrade, "My trade", q.value(), 180, 100);
}

Result<Listener> questions_listener(const BusinessProfile& p, std::vector<std::string>* notes) {
    const std::string lang = trim(p.language);
    if (!lang.empty() && lang != "en")
        return Error{"question cues exist in English only so far; write your own listener for "
                     "questions in '" +
                     lang + "'"};
    const std::string town = quote_term(trim(p.town));
    const std::string cues = or_group(question_cues());
    Result<std::string> q = fit_terms(
        p.trade_keywords,
        [&](const std::string& g) {
            return (town.empty() ? "" : town + " ") + g + " " + cues + " -is:retweet lang:en";
        },
        "your trade keywords (for example coffee, café) to hear the questions people ask", notes);
    if (!q)
        return Error{q.error()};
    return make_listener(kQuestions, kQuestions, "Questions people ask", q.value(), 30, 100);
}

StarterListeners starter_listeners(const BusinessProfile& p) {
    StarterListeners out;
    Listener mine = my_business_listener(p);
    if (mine.query.empty())
        out.notes.push_back("My business: add your business name, handle or website");
    else
        out.listeners.push_back(std::move(mine));
    for (const Competitor& c : p.competitors) {
        if (Result<Listener> l = competitor_listener(c))
            out.listeners.push_back(std::move(l).value());
        else
            out.notes.push_back("Competitor " + (c.name.empty() ? c.handle : c.name) + ": " +
                                l.error());
    }
    using Build = Result<Listener> (*)(const BusinessProfile&, std::vector<std::string>*);
    const std::pair<const char*, Build> rest[] = {{"My area", area_listener},
                                                  {"My trade", trade_listener},
                                                  {"Questions people ask", questions_listener}};
    for (const auto& [label, build] : rest) {
        std::vector<std::string> notes;
        Result<Listener> l = build(p, &notes);
        for (const std::string& n : notes)
            out.notes.push_back(std::string(label) + ": " + n);
        if (l)
            out.listeners.push_back(std::move(l).value());
        else
            out.notes.push_back(std::string(label) + ": " + l.error());
    }
    return out;
}

} // namespace earshot::core
