// X API v2 → Mention. Real API data is irregular (missing expansions, ids as
// numbers, suspended users), so every field is read defensively: a wrong type is
// treated as absent, never asserted.
#include "core/ingest/x_v2.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

namespace earshot::core {

using nlohmann::json;

// [SECTION] Defensive field access

namespace {

const json* field(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}

std::string str(const json& j, const char* key) {
    const json* v = field(j, key);
    if (!v) return {};
    if (v->is_string()) return v->get<std::string>();
    // Some tools write ids as numbers (twarc's matching_rules, old exports).
    if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
    return {};
}

std::optional<int64_t> integer(const json& j, const char* key) {
    const json* v = field(j, key);
    if (!v) return std::nullopt;
    if (v->is_number_integer() || v->is_number_unsigned()) return v->get<int64_t>();
    if (v->is_string()) { // X sends some counters as strings ("edits_remaining")
        const std::string& s = v->get_ref<const std::string&>();
        char* end = nullptr;
        long long n = std::strtoll(s.c_str(), &end, 10);
        if (end && *end == '\0' && !s.empty()) return n;
    }
    return std::nullopt;
}

bool boolean(const json& j, const char* key) {
    const json* v = field(j, key);
    return v && v->is_boolean() && v->get<bool>();
}

const json& array_or_empty(const json& j, const char* key) {
    static const json empty = json::array();
    const json* v = field(j, key);
    return v && v->is_array() ? *v : empty;
}

// [SECTION] Includes: users, tweets, places, media looked up by id

struct Includes {
    std::unordered_map<std::string, const json*> users, tweets, places;
    explicit Includes(const json& doc) {
        const json* inc = field(doc, "includes");
        if (!inc) return;
        index(*inc, "users", users);
        index(*inc, "tweets", tweets);
        index(*inc, "places", places);
    }
    static void index(const json& inc, const char* key,
                      std::unordered_map<std::string, const json*>& out) {
        for (const json& item : array_or_empty(inc, key)) {
            std::string id = str(item, "id");
            if (!id.empty()) out.emplace(std::move(id), &item);
        }
    }
    static const json* find(const std::unordered_map<std::string, const json*>& m,
                            const std::string& id) {
        auto it = m.find(id);
        return it == m.end() ? nullptr : it->second;
    }
};

void read_author(const json& user, Author& a) {
    a.id = str(user, "id");
    a.handle = str(user, "username");
    a.name = str(user, "name");
    a.location = str(user, "location");
    if (const json* pm = field(user, "public_metrics")) a.followers = integer(*pm, "followers_count");
    // X replaced `verified` with `verified_type` ("blue", "business", "government", "none").
    std::string vt = str(user, "verified_type");
    a.verified = boolean(user, "verified") || (!vt.empty() && vt != "none");
}

void read_place(const json& p, Place& place) {
    place.id = str(p, "id");
    place.name = str(p, "name");
    place.full_name = str(p, "full_name");
    place.country_code = str(p, "country_code");
    const json* geo = field(p, "geo");
    if (!geo) return;
    const json& bbox = array_or_empty(*geo, "bbox");
    if (bbox.size() == 4 && std::all_of(bbox.begin(), bbox.end(), [](const json& v) { return v.is_number(); })) {
        place.bbox = std::vector<double>{bbox[0].get<double>(), bbox[1].get<double>(),
                                         bbox[2].get<double>(), bbox[3].get<double>()};
        if (!place.lat) {
            place.lon = ((*place.bbox)[0] + (*place.bbox)[2]) / 2;
            place.lat = ((*place.bbox)[1] + (*place.bbox)[3]) / 2;
        }
    }
}

void read_entities(const json& tweet, Mention& m) {
    const json* ent = field(tweet, "entities");
    if (!ent) return;
    for (const json& h : array_or_empty(*ent, "hashtags"))
        if (auto t = str(h, "tag"); !t.empty()) m.hashtags.push_back(std::move(t));
    for (const json& h : array_or_empty(*ent, "cashtags"))
        if (auto t = str(h, "tag"); !t.empty()) m.cashtags.push_back(std::move(t));
    for (const json& h : array_or_empty(*ent, "mentions"))
        if (auto t = str(h, "username"); !t.empty()) m.mentions.push_back(std::move(t));
    for (const json& u : array_or_empty(*ent, "urls")) {
        std::string url = str(u, "unwound_url");
        if (url.empty()) url = str(u, "expanded_url");
        if (url.empty()) url = str(u, "url");
        if (url.empty()) continue;
        // Media links (pic.twitter.com) are attachments, not shared links.
        if (!str(u, "media_key").empty()) {
            m.has_media = true;
            continue;
        }
        std::string domain = url_domain(url);
        if (!domain.empty() &&
            std::find(m.domains.begin(), m.domains.end(), domain) == m.domains.end())
            m.domains.push_back(domain);
        m.urls.push_back(std::move(url));
    }
}

void read_kind(const json& tweet, Mention& m) {
    for (const json& ref : array_or_empty(tweet, "referenced_tweets")) {
        std::string type = str(ref, "type");
        if (type == "retweeted") {
            m.kind = Kind::Repost;
            m.referenced_id = str(ref, "id");
            return; // a repost's other references belong to the reposted tweet
        }
        if (type == "quoted") {
            m.kind = Kind::Quote;
            m.referenced_id = str(ref, "id");
        } else if (type == "replied_to") {
            if (m.kind == Kind::Original) m.kind = Kind::Reply;
            m.in_reply_to = str(ref, "id");
        }
    }
    // A reply whose parent was deleted still carries in_reply_to_user_id.
    if (m.kind == Kind::Original && !str(tweet, "in_reply_to_user_id").empty()) m.kind = Kind::Reply;
}

/// X escapes &, < and > in post text as HTML entities (and only those).
std::string unescape_x_text(std::string s) {
    if (s.find('&') == std::string::npos) return s;
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            if (s.compare(i, 5, "&amp;") == 0) { out += '&'; i += 4; continue; }
            if (s.compare(i, 4, "&lt;") == 0) { out += '<'; i += 3; continue; }
            if (s.compare(i, 4, "&gt;") == 0) { out += '>'; i += 3; continue; }
        }
        out += s[i];
    }
    return out;
}

/// X cuts a repost's text ("RT @a: …") at 140 characters, and its entities with it,
/// but searches the whole reposted post, which the referenced_tweets.id expansion
/// includes. The repost takes that text and those entities, so local matching and
/// linking see what X's search saw.
void read_reposted(const Includes& inc, Mention& m) {
    const json* orig = Includes::find(inc.tweets, m.referenced_id);
    if (!orig) return;
    std::string text = str(*orig, "text");
    if (const json* note = field(*orig, "note_tweet"); note && !str(*note, "text").empty())
        text = str(*note, "text");
    if (text.empty()) return;
    std::string handle;
    if (const json* u = Includes::find(inc.users, str(*orig, "author_id"))) handle = str(*u, "username");
    if (handle.empty() && !m.mentions.empty()) handle = m.mentions.front(); // "RT @handle:" names the author
    if (handle.empty()) return;
    m.text = "RT @" + handle + ": " + unescape_x_text(std::move(text));
    Mention full;
    read_entities(*orig, full);
    m.hashtags = std::move(full.hashtags);
    m.cashtags = std::move(full.cashtags);
    m.mentions = {handle};
    for (std::string& h : full.mentions) m.mentions.push_back(std::move(h));
    m.urls = std::move(full.urls);
    m.domains = std::move(full.domains);
    m.has_media = m.has_media || full.has_media;
}

/// Converts one tweet object; `inc` may be null (flattened or streamed input).
Result<Mention> read_tweet(const json& tweet, const Includes* inc) {
    if (!tweet.is_object()) return Error{"a tweet is not a JSON object"};
    Mention m;
    m.source = Source::X;
    m.source_id = str(tweet, "id");
    if (m.source_id.empty()) return Error{"a tweet has no id"};
    const json* text = field(tweet, "text");
    if (!text || !text->is_string()) return Error{"tweet " + m.source_id + " has no text"};
    m.text = text->get<std::string>();
    // Long posts (note_tweet) carry the full text separately; `text` is truncated.
    if (const json* note = field(tweet, "note_tweet"); note && !str(*note, "text").empty())
        m.text = str(*note, "text");
    m.text = unescape_x_text(std::move(m.text));
    m.id = "x:" + m.source_id;
    m.url = "https://x.com/i/status/" + m.source_id;
    std::string created = str(tweet, "created_at");
    if (!created.empty() && !parse_iso8601(created, m.created_at))
        return Error{"tweet " + m.source_id + " has an unreadable created_at \"" + created + "\""};
    m.lang = str(tweet, "lang");
    m.conversation_id = str(tweet, "conversation_id");
    read_kind(tweet, m);
    read_entities(tweet, m);
    if (const json* pm = field(tweet, "public_metrics")) {
        m.metrics.likes = integer(*pm, "like_count");
        m.metrics.reposts = integer(*pm, "retweet_count");
        m.metrics.replies = integer(*pm, "reply_count");
        m.metrics.quotes = integer(*pm, "quote_count");
        m.metrics.impressions = integer(*pm, "impression_count");
    }
    if (const json* att = field(tweet, "attachments"); att && !array_or_empty(*att, "media_keys").empty())
        m.has_media = true;

    m.author.id = str(tweet, "author_id");
    std::string reply_user = str(tweet, "in_reply_to_user_id");
    if (const json* author = field(tweet, "author")) // twarc flattened
        read_author(*author, m.author);
    if (inc) {
        if (m.kind == Kind::Repost) read_reposted(*inc, m);
        if (const json* u = Includes::find(inc->users, m.author.id)) read_author(*u, m.author);
        if (const json* u = Includes::find(inc->users, reply_user)) m.in_reply_to_handle = str(*u, "username");
    }
    if (const json* ru = field(tweet, "in_reply_to_user"); ru) m.in_reply_to_handle = str(*ru, "username");
    // Without the expansion, a reply usually starts with "@handle"; the first mention is the target.
    if (m.in_reply_to_handle.empty() && m.kind == Kind::Reply && !m.mentions.empty())
        m.in_reply_to_handle = m.mentions.front();

    if (const json* geo = field(tweet, "geo")) {
        Place place;
        if (const json* c = field(*geo, "coordinates")) {
            const json& pt = array_or_empty(*c, "coordinates"); // GeoJSON: [lon, lat]
            if (pt.size() == 2 && pt[0].is_number() && pt[1].is_number()) {
                place.lon = pt[0].get<double>();
                place.lat = pt[1].get<double>();
            }
        }
        place.id = str(*geo, "place_id");
        const json* p = inc ? Includes::find(inc->places, place.id) : nullptr;
        if (!p) p = field(*geo, "place"); // twarc flattened
        if (p) read_place(*p, place);
        if (!place.id.empty() || place.lat) m.place = std::move(place);
    }
    return m;
}

std::string describe_partial_error(const json& e) {
    std::string who = str(e, "resource_type");
    std::string id = str(e, "resource_id");
    if (id.empty()) id = str(e, "value");
    std::string detail = str(e, "detail");
    if (detail.empty()) detail = str(e, "message");
    if (detail.empty()) detail = str(e, "title");
    std::string line = who.empty() ? "" : who + " ";
    if (!id.empty()) line += id + ": ";
    return line + (detail.empty() ? "unknown error" : detail);
}

} // namespace

// [SECTION] Pages

Result<XPage> parse_x_page(const json& doc) {
    if (!doc.is_object()) return Error{"the response is not a JSON object"};
    const json* data = field(doc, "data");
    XPage page;
    for (const json& e : array_or_empty(doc, "errors")) page.partial_errors.push_back(describe_partial_error(e));
    if (!data) {
        // No data: either an empty result (meta.result_count 0) or an error document.
        const json* meta = field(doc, "meta");
        if (meta) {
            page.next_token = str(*meta, "next_token");
            page.result_count = static_cast<size_t>(integer(*meta, "result_count").value_or(0));
            return page;
        }
        std::string title = str(doc, "title"), detail = str(doc, "detail");
        if (!title.empty() || !detail.empty())
            return Error{"X answered with an error: " + title + (detail.empty() ? "" : " — " + detail)};
        if (!page.partial_errors.empty())
            return Error{"X answered with an error: " + page.partial_errors.front()};
        return Error{"the response has no \"data\" field; it is not a tweet page"};
    }
    Includes inc(doc);
    auto take = [&](const json& t) {
        Result<Mention> m = read_tweet(t, &inc);
        if (m) page.mentions.push_back(std::move(m).value());
        else ++page.unreadable;
    };
    if (data->is_array()) {
        for (const json& t : *data) take(t);
    } else if (data->is_object()) {
        take(*data); // streaming endpoints and single-tweet lookups
    } else {
        return Error{"\"data\" is neither a tweet nor a list of tweets"};
    }
    if (page.mentions.empty() && page.unreadable > 0) {
        // Users, counts and lists pages have `data` but no tweets: say what it is.
        const json& first = data->is_array() ? data->front() : *data;
        if (field(first, "username")) return Error{"this is a page of users, not tweets"};
        if (field(first, "tweet_count")) return Error{"this is a page of tweet counts, not tweets"};
        if (field(first, "owner_id")) return Error{"this is a page of lists, not tweets"};
    }
    if (const json* meta = field(doc, "meta")) {
        page.next_token = str(*meta, "next_token");
        page.newest_id = str(*meta, "newest_id");
        page.result_count = static_cast<size_t>(integer(*meta, "result_count").value_or(0));
    }
    return page;
}

Result<XPage> parse_x_page(std::string_view body) {
    json doc = json::parse(body.begin(), body.end(), nullptr, false);
    if (doc.is_discarded()) {
        if (body.empty()) return Error{"the response is empty"};
        return Error{"the response is not valid JSON (truncated or corrupted, " +
                     std::to_string(body.size()) + " bytes)"};
    }
    return parse_x_page(doc);
}

bool is_flat_tweet(const json& doc) {
    return doc.is_object() && field(doc, "id") && field(doc, "text") && !field(doc, "data");
}

Result<Mention> parse_flat_tweet(const json& doc) { return read_tweet(doc, nullptr); }

// [SECTION] Time and URLs

namespace {
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    // Howard Hinnant's algorithm: proleptic Gregorian date → days since 1970-01-01.
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
} // namespace

bool parse_iso8601(std::string_view s, int64_t& out) {
    int Y, M, D, h, m, sec;
    char tail[16] = {0};
    std::string buf(s.substr(0, 40));
    int n = std::sscanf(buf.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &Y, &M, &D, &h, &m, &sec, tail);
    if (n < 6 || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) return false;
    std::string_view rest(tail);
    if (!rest.empty() && rest[0] == '.') { // fraction: ignored
        size_t i = 1;
        while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
        rest.remove_prefix(i);
    }
    int64_t offset = 0;
    if (rest == "Z" || rest == "z" || rest.empty()) {
    } else if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
        int oh = (rest[1] - '0') * 10 + (rest[2] - '0'), om = (rest[4] - '0') * 10 + (rest[5] - '0');
        offset = (oh * 3600 + om * 60) * (rest[0] == '+' ? 1 : -1);
    } else {
        return false;
    }
    out = days_from_civil(Y, M, D) * 86400 + h * 3600 + m * 60 + sec - offset;
    return true;
}

std::string format_iso8601(int64_t t) {
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    // Inverse of days_from_civil.
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned mo = mp < 10 ? mp + 3 : mp - 9;
    y += mo <= 2;
    char out[64];
    std::snprintf(out, sizeof out, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), mo, d,
                  static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                  static_cast<long long>(secs % 60));
    return out;
}

std::string url_domain(std::string_view url) {
    size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    url.remove_prefix(scheme + 3);
    size_t end = url.find_first_of("/?#:");
    std::string host(url.substr(0, end));
    if (size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
    return host;
}

} // namespace earshot::core
