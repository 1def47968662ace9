// X API v2 → Mention. Real API data is irregular (missing expansions, ids as
// numbers, suspended users), so every field is read defensively: a wrong type is
// treated as absent, never asserted.
#include "core/ingest/x_v2.hpp"

#include "core/ingest/json_view.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

namespace earshot::core {

// [SECTION] Defensive field access

namespace {

/// The value under `key`, or nothing when absent or null.
JsonView field(JsonView j, std::string_view key) {
    JsonView v = j[key];
    return v && !v.is_null() ? v : JsonView();
}

/// Finds several members of an object in one pass over its keys (looking each up by
/// name would scan the object once per field). A null member reads as absent; a
/// repeated key, the last one, as nlohmann does.
void collect(JsonView obj, std::initializer_list<std::pair<std::string_view, JsonView*>> wanted) {
    if (!obj.is_object()) return; // an array's values have no keys
    std::string unescaped;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        // The parser already knows whether a key holds escapes: searching each key for a
        // backslash was most of ingest's memchr time in WASM, where libc is not inlined.
        std::string_view key = it.key_raw();
        if (it.key_escaped()) key = unescaped = json_unescape(key);
        for (const auto& [name, slot] : wanted) {
            if (json_key_equals(key, name)) {
                *slot = (*it).is_null() ? JsonView() : *it;
                break;
            }
        }
    }
}

/// A string member's text, or an id written as a number's digits.
std::string str(JsonView v) {
    if (v.is_string()) return v.string();
    if (v.is_integer()) return std::string(v.raw());
    return {};
}

std::string str(JsonView j, std::string_view key) { return str(field(j, key)); }

/// A whole number, or digits in a string; nothing for anything else (null included).
std::optional<int64_t> integer(JsonView v) {
    if (!v || v.is_null()) return std::nullopt;
    if (v.is_integer()) return v.int64(); // nothing when it does not fit
    if (v.is_string()) { // X sends some counters as strings ("edits_remaining")
        const std::string s = v.string();
        char* end = nullptr;
        errno = 0;
        long long n = std::strtoll(s.c_str(), &end, 10);
        if (end && *end == '\0' && !s.empty() && errno == 0) return n;
    }
    return std::nullopt;
}

std::optional<int64_t> integer(JsonView j, std::string_view key) { return integer(field(j, key)); }

/// A coordinate inside [-limit, limit] (180 for longitudes, 90 for latitudes), or nothing.
std::optional<double> coordinate(JsonView v, double limit) {
    std::optional<double> d = v.number();
    return d && std::isfinite(*d) && *d >= -limit && *d <= limit ? d : std::nullopt;
}

/// The array under `key`; iterating a missing or non-array value yields nothing.
JsonView array_or_empty(JsonView j, std::string_view key) {
    JsonView v = field(j, key);
    return v.is_array() ? v : JsonView();
}

bool has_elements(JsonView array) { return array.begin() != array.end(); }

// [SECTION] Includes: users, tweets, places, media looked up by id

struct Includes {
    std::unordered_map<std::string, JsonView> users, tweets, places;
    explicit Includes(JsonView doc) {
        JsonView inc = field(doc, "includes");
        if (!inc) return;
        index(inc, "users", users);
        index(inc, "tweets", tweets);
        index(inc, "places", places);
    }
    static void index(JsonView inc, const char* key, std::unordered_map<std::string, JsonView>& out) {
        for (JsonView item : array_or_empty(inc, key)) {
            std::string id = str(item, "id");
            if (!id.empty()) out.emplace(std::move(id), item);
        }
    }
    static JsonView find(const std::unordered_map<std::string, JsonView>& m, const std::string& id) {
        auto it = m.find(id);
        return it == m.end() ? JsonView() : it->second;
    }
};

void read_author(JsonView user, Author& a) {
    JsonView id, username, name, location, public_metrics, verified, verified_type;
    collect(user, {{"id", &id}, {"username", &username}, {"name", &name}, {"location", &location},
                   {"public_metrics", &public_metrics}, {"verified", &verified}, {"verified_type", &verified_type}});
    a.id = str(id);
    a.handle = str(username);
    a.name = str(name);
    a.location = str(location);
    if (public_metrics) a.followers = integer(public_metrics, "followers_count");
    // X replaced `verified` with `verified_type` ("blue", "business", "government", "none").
    const std::string vt = str(verified_type);
    a.verified = verified.boolean() || (!vt.empty() && vt != "none");
}

void read_place(JsonView p, Place& place) {
    place.id = str(p, "id");
    place.name = str(p, "name");
    place.full_name = str(p, "full_name");
    place.country_code = str(p, "country_code");
    JsonView geo = field(p, "geo");
    if (!geo) return;
    JsonView bbox = array_or_empty(geo, "bbox");
    if (bbox.size() != 4) return;
    std::vector<double> corners; // west, south, east, north
    for (size_t k = 0; k < 4; ++k)
        if (std::optional<double> d = coordinate(bbox.at(k), k % 2 ? 90 : 180)) corners.push_back(*d);
    if (corners.size() != 4) return;
    place.bbox = std::move(corners);
    if (!place.lat) {
        place.lon = ((*place.bbox)[0] + (*place.bbox)[2]) / 2;
        place.lat = ((*place.bbox)[1] + (*place.bbox)[3]) / 2;
    }
}

/// The array `v`, or nothing to iterate when it is not one.
JsonView array_or_empty(JsonView v) { return v.is_array() ? v : JsonView(); }

/// Reads a tweet's `entities` object (`ent`: nothing when absent).
void read_entities_object(JsonView ent, Mention& m) {
    if (!ent) return;
    JsonView hashtags, cashtags, mentions, urls;
    collect(ent, {{"hashtags", &hashtags}, {"cashtags", &cashtags}, {"mentions", &mentions}, {"urls", &urls}});
    for (JsonView h : array_or_empty(hashtags))
        if (auto t = str(h, "tag"); !t.empty()) m.hashtags.push_back(std::move(t));
    for (JsonView h : array_or_empty(cashtags))
        if (auto t = str(h, "tag"); !t.empty()) m.cashtags.push_back(std::move(t));
    for (JsonView h : array_or_empty(mentions))
        if (auto t = str(h, "username"); !t.empty()) m.mentions.push_back(std::move(t));
    for (JsonView u : array_or_empty(urls)) {
        JsonView unwound_url, expanded_url, short_url, media_key;
        collect(u, {{"unwound_url", &unwound_url}, {"expanded_url", &expanded_url}, {"url", &short_url},
                    {"media_key", &media_key}});
        std::string url = str(unwound_url);
        if (url.empty()) url = str(expanded_url);
        if (url.empty()) url = str(short_url);
        if (url.empty()) continue;
        // Media links (pic.twitter.com) are attachments, not shared links.
        if (!str(media_key).empty()) {
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

void read_entities(JsonView tweet, Mention& m) { read_entities_object(field(tweet, "entities"), m); }

/// `refs`: the tweet's referenced_tweets (nothing when absent).
void read_kind(JsonView refs, Mention& m, bool replies_to_a_user) {
    for (JsonView ref : array_or_empty(refs)) {
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
    if (m.kind == Kind::Original && replies_to_a_user) m.kind = Kind::Reply;
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

/// The full text of a tweet object: a long post's note_tweet, else `text`.
std::string full_text(JsonView tweet) {
    if (JsonView note = field(tweet, "note_tweet"))
        if (std::string text = str(note, "text"); !text.empty()) return text;
    return str(tweet, "text");
}

/// X cuts a repost's text ("RT @a: …") at 140 characters, and its entities with it,
/// but searches the whole reposted post, which the referenced_tweets.id expansion
/// includes. The repost takes that text and those entities, so local matching and
/// linking see what X's search saw.
void read_reposted(const Includes& inc, Mention& m) {
    JsonView orig = Includes::find(inc.tweets, m.referenced_id);
    if (!orig) return;
    std::string text = full_text(orig);
    if (text.empty()) return;
    std::string handle;
    if (JsonView u = Includes::find(inc.users, str(orig, "author_id"))) handle = str(u, "username");
    if (handle.empty() && !m.mentions.empty()) handle = m.mentions.front(); // "RT @handle:" names the author
    if (handle.empty()) return;
    m.text = "RT @" + handle + ": " + unescape_x_text(std::move(text));
    Mention full;
    read_entities(orig, full);
    m.hashtags = std::move(full.hashtags);
    m.cashtags = std::move(full.cashtags);
    m.mentions = {handle};
    for (std::string& h : full.mentions) m.mentions.push_back(std::move(h));
    m.urls = std::move(full.urls);
    m.domains = std::move(full.domains);
    m.has_media = m.has_media || full.has_media;
}

void read_metrics(JsonView pm, Mention& m) {
    JsonView likes, reposts, replies, quotes, impressions;
    collect(pm, {{"like_count", &likes}, {"retweet_count", &reposts}, {"reply_count", &replies},
                 {"quote_count", &quotes}, {"impression_count", &impressions}});
    m.metrics.likes = integer(likes);
    m.metrics.reposts = integer(reposts);
    m.metrics.replies = integer(replies);
    m.metrics.quotes = integer(quotes);
    m.metrics.impressions = integer(impressions);
}

void read_geo(JsonView geo, const Includes* inc, Mention& m) {
    Place place;
    if (JsonView c = field(geo, "coordinates")) {
        JsonView pt = array_or_empty(c, "coordinates"); // GeoJSON: [lon, lat]
        const std::optional<double> lon = coordinate(pt.at(0), 180), lat = coordinate(pt.at(1), 90);
        if (pt.size() == 2 && lon && lat) {
            place.lon = lon;
            place.lat = lat;
        }
    }
    place.id = str(geo, "place_id");
    JsonView p = inc ? Includes::find(inc->places, place.id) : JsonView();
    if (!p) p = field(geo, "place"); // twarc flattened
    if (p) read_place(p, place);
    if (!place.id.empty() || place.lat) m.place = std::move(place);
}

/// Converts one tweet object; `inc` may be null (flattened or streamed input).
Result<Mention> read_tweet(JsonView tweet, const Includes* inc) {
    if (!tweet.is_object()) return Error{"a tweet is not a JSON object"};
    JsonView id, text, note_tweet, created_at, lang, conversation_id, public_metrics, attachments, author_id,
        in_reply_to_user_id, author, in_reply_to_user, geo, entities, referenced_tweets;
    collect(tweet, {{"id", &id}, {"text", &text}, {"note_tweet", &note_tweet}, {"created_at", &created_at},
                    {"lang", &lang}, {"conversation_id", &conversation_id}, {"public_metrics", &public_metrics},
                    {"attachments", &attachments}, {"author_id", &author_id},
                    {"in_reply_to_user_id", &in_reply_to_user_id}, {"author", &author},
                    {"in_reply_to_user", &in_reply_to_user}, {"geo", &geo}, {"entities", &entities},
                    {"referenced_tweets", &referenced_tweets}});
    Mention m;
    m.source = Source::X;
    m.source_id = str(id);
    if (m.source_id.empty()) return Error{"a tweet has no id"};
    if (!text.is_string()) return Error{"tweet " + m.source_id + " has no text"};
    // Long posts (note_tweet) carry the full text separately; `text` is truncated.
    std::string note = str(note_tweet, "text");
    m.text = unescape_x_text(note.empty() ? text.string() : std::move(note));
    m.id = "x:" + m.source_id;
    m.url = "https://x.com/i/status/" + m.source_id;
    // A date is read from the page's bytes; only an escaped one (never seen from X) is decoded first.
    std::string decoded;
    const std::string_view created =
        created_at.is_string() && !created_at.escaped() ? created_at.raw() : std::string_view(decoded = str(created_at));
    if (!created.empty() && !parse_iso8601(created, m.created_at))
        return Error{"tweet " + m.source_id + " has an unreadable created_at \"" + std::string(created) + "\""};
    m.lang = str(lang);
    m.conversation_id = str(conversation_id);
    // twarc2's flattened lines may name the user replied to only as an object.
    read_kind(referenced_tweets, m, !str(in_reply_to_user_id).empty() || static_cast<bool>(in_reply_to_user));
    read_entities_object(entities, m);
    if (public_metrics) read_metrics(public_metrics, m);
    if (attachments && has_elements(array_or_empty(attachments, "media_keys"))) m.has_media = true;

    m.author.id = str(author_id);
    const std::string reply_user = str(in_reply_to_user_id);
    if (author) read_author(author, m.author); // twarc flattened
    if (inc) {
        if (m.kind == Kind::Repost) read_reposted(*inc, m);
        if (JsonView u = Includes::find(inc->users, m.author.id)) read_author(u, m.author);
        if (JsonView u = Includes::find(inc->users, reply_user)) m.in_reply_to_handle = str(u, "username");
    }
    if (in_reply_to_user) m.in_reply_to_handle = str(in_reply_to_user, "username");
    // Without the expansion, a reply usually starts with "@handle"; the first mention is the target.
    if (m.in_reply_to_handle.empty() && m.kind == Kind::Reply && !m.mentions.empty())
        m.in_reply_to_handle = m.mentions.front();
    if (geo) read_geo(geo, inc, m);
    return m;
}

std::string describe_partial_error(JsonView e) {
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

/// A result count as a size; a negative or absurd one reads as 0.
size_t count(JsonView meta) {
    const int64_t n = integer(meta, "result_count").value_or(0);
    return n > 0 ? static_cast<size_t>(n) : 0;
}

} // namespace

// [SECTION] Pages

Result<XPage> parse_x_page(JsonView doc) {
    if (!doc.is_object()) return Error{"the response is not a JSON object"};
    JsonView data = field(doc, "data");
    XPage page;
    for (JsonView e : array_or_empty(doc, "errors")) page.partial_errors.push_back(describe_partial_error(e));
    if (!data) {
        // No data: either an empty result (meta.result_count 0) or an error document.
        if (JsonView meta = field(doc, "meta")) {
            page.next_token = str(meta, "next_token");
            page.result_count = count(meta);
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
    auto take = [&](JsonView t) {
        Result<Mention> m = read_tweet(t, &inc);
        if (m) page.mentions.push_back(std::move(m).value());
        else ++page.unreadable;
    };
    if (data.is_array()) {
        page.mentions.reserve(data.size());
        for (JsonView t : data) take(t);
    } else if (data.is_object()) {
        take(data); // streaming endpoints and single-tweet lookups
    } else {
        return Error{"\"data\" is neither a tweet nor a list of tweets"};
    }
    if (page.mentions.empty() && page.unreadable > 0) {
        // Users, counts and lists pages have `data` but no tweets: say what it is.
        JsonView first = data.is_array() ? data.at(0) : data;
        if (field(first, "username")) return Error{"this is a page of users, not tweets"};
        if (field(first, "tweet_count")) return Error{"this is a page of tweet counts, not tweets"};
        if (field(first, "owner_id")) return Error{"this is a page of lists, not tweets"};
    }
    if (JsonView meta = field(doc, "meta")) {
        page.next_token = str(meta, "next_token");
        page.newest_id = str(meta, "newest_id");
        page.result_count = count(meta);
    }
    return page;
}

Result<XPage> parse_x_page(std::string_view body) {
    if (body.empty()) return Error{"the response is empty"};
    Result<JsonDocument> doc = JsonDocument::parse(body);
    if (!doc)
        return Error{"the response is not valid JSON (truncated or corrupted, " + std::to_string(body.size()) +
                     " bytes)"};
    return parse_x_page(doc->root());
}

bool is_flat_tweet(JsonView doc) {
    return doc.is_object() && field(doc, "id") && field(doc, "text") && !field(doc, "data");
}

Result<Mention> parse_flat_tweet(JsonView doc) { return read_tweet(doc, nullptr); }

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

namespace {

/// "2026-11-20T09:15:00" with every digit in place, read without sscanf (which
/// cost ingest as much as reading the rest of the tweet); false sends the caller
/// to the lenient reader.
bool read_exact_date_time(std::string_view s, int (&f)[6]) {
    static constexpr size_t kAt[6] = {0, 5, 8, 11, 14, 17};
    static constexpr size_t kLen[6] = {4, 2, 2, 2, 2, 2};
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
    for (int k = 0; k < 6; ++k) {
        f[k] = 0;
        for (size_t i = kAt[k]; i < kAt[k] + kLen[k]; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            f[k] = f[k] * 10 + (s[i] - '0');
        }
    }
    return true;
}

} // namespace

bool parse_iso8601(std::string_view s, int64_t& out) {
    int Y, M, D, h, m, sec;
    char tail[16] = {0};
    std::string_view rest;
    int f[6];
    const std::string_view after = s.size() >= 19 ? s.substr(19) : std::string_view();
    if (read_exact_date_time(s, f) && after.size() <= 40 &&
        after.find_first_of(" \t\n\r\f\v") == std::string_view::npos) {
        Y = f[0], M = f[1], D = f[2], h = f[3], m = f[4], sec = f[5];
        rest = after;
    } else {
        std::string buf(s.substr(0, 40));
        if (std::sscanf(buf.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &Y, &M, &D, &h, &m, &sec, tail) < 6) return false;
        rest = tail;
    }
    if (M < 1 || M > 12 || D < 1 || D > 31 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return false;
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
    std::string host;
    url_domain_into(url, host);
    return host;
}

void url_domain_into(std::string_view url, std::string& host) {
    host.clear();
    size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return;
    url.remove_prefix(scheme + 3);
    host.assign(url.substr(0, url.find_first_of("/?#:")));
    if (size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
    for (char& c : host) // ASCII only (std::tolower's C locale), without a library call per byte
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
}

} // namespace earshot::core
