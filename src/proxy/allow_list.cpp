// The allow-list of endpoints and parameters per service (see allow_list.hpp).
#include "proxy/allow_list.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace earshot::proxy {

namespace {

using Check = std::function<bool(const std::string&)>;

struct Rule {
    const char* name;
    Check valid;
    const char* expect; ///< said in the 400
    int max_repeat = 1; ///< Bluesky's tag and Mastodon's any[]/all[]/none[] repeat
};

bool digits(const std::string& v, size_t max_len) {
    return !v.empty() && v.size() <= max_len && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t utf8_chars(const std::string& v) {
    size_t n = 0;
    for (unsigned char c : v) n += (c & 0xC0) != 0x80;
    return n;
}

bool valid_utf8(const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        uint32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

bool search_query(const std::string& v) {
    if (v.empty() || !valid_utf8(v) || utf8_chars(v) > kMaxQueryChars) return false;
    return std::none_of(v.begin(), v.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool page_token(const std::string& v) {
    return !v.empty() && v.size() <= 128 && std::all_of(v.begin(), v.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-';
    });
}

// RFC 3339 in the shape X documents: YYYY-MM-DDTHH:MM:SS[.fff]Z
bool timestamp(const std::string& v) {
    static const char* shape = "dddd-dd-ddTdd:dd:dd";
    if (v.size() < 20 || v.size() > 24 || v.back() != 'Z') return false;
    for (size_t i = 0; i < 19; ++i) {
        bool want_digit = shape[i] == 'd';
        if (want_digit ? !std::isdigit(static_cast<unsigned char>(v[i])) : v[i] != shape[i]) return false;
    }
    if (v.size() == 20) return true;
    if (v[19] != '.') return false;
    for (size_t i = 20; i + 1 < v.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
    return v.size() > 21;
}

Check number_between(int lo, int hi) {
    return [lo, hi](const std::string& v) {
        if (!digits(v, 3)) return false;
        int n = std::stoi(v);
        return n >= lo && n <= hi;
    };
}

Check one_of(std::set<std::string> allowed) {
    return [allowed](const std::string& v) { return allowed.count(v) > 0; };
}

// A comma-separated list of names X v2 defines for that field parameter.
Check list_of(std::set<std::string> allowed) {
    return [allowed](const std::string& v) {
        if (v.empty() || v.size() > 1024) return false;
        size_t pos = 0;
        while (pos <= v.size()) {
            size_t comma = v.find(',', pos);
            std::string item = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            if (!allowed.count(item)) return false;
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        return true;
    };
}

const std::set<std::string>& tweet_fields() {
    static const std::set<std::string> s = {
        "attachments", "author_id", "card_uri", "context_annotations", "conversation_id", "created_at",
        "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id", "in_reply_to_user_id", "lang",
        "note_tweet", "possibly_sensitive", "public_metrics", "referenced_tweets", "reply_settings", "source",
        "text", "withheld"};
    return s;
}

const std::set<std::string>& user_fields() {
    static const std::set<std::string> s = {
        "affiliation", "connection_status", "created_at", "description", "entities", "id", "location",
        "most_recent_tweet_id", "name", "pinned_tweet_id", "profile_banner_url", "profile_image_url", "protected",
        "public_metrics", "receives_your_dm", "subscription_type", "url", "username", "verified", "verified_type",
        "withheld"};
    return s;
}

std::vector<Rule> field_rules(bool tweets) {
    std::vector<Rule> r = {
        {"tweet.fields", list_of(tweet_fields()), "a comma-separated list of X tweet field names"},
        {"user.fields", list_of(user_fields()), "a comma-separated list of X user field names"},
    };
    if (tweets) {
        r.push_back({"expansions",
                     list_of({"attachments.media_keys", "attachments.poll_ids", "author_id", "edit_history_tweet_ids",
                              "entities.mentions.username", "geo.place_id", "in_reply_to_user_id",
                              "referenced_tweets.id", "referenced_tweets.id.author_id"}),
                     "a comma-separated list of X expansion names"});
        r.push_back({"place.fields",
                     list_of({"contained_within", "country", "country_code", "full_name", "geo", "id", "name",
                              "place_type"}),
                     "a comma-separated list of X place field names"});
        r.push_back({"media.fields",
                     list_of({"alt_text", "duration_ms", "height", "media_key", "non_public_metrics",
                              "organic_metrics", "preview_image_url", "promoted_metrics", "public_metrics", "type",
                              "url", "variants", "width"}),
                     "a comma-separated list of X media field names"});
        r.push_back({"poll.fields", list_of({"duration_minutes", "end_datetime", "id", "options", "voting_status"}),
                     "a comma-separated list of X poll field names"});
    } else {
        r.push_back({"expansions", list_of({"pinned_tweet_id", "most_recent_tweet_id"}),
                     "a comma-separated list of X expansion names"});
    }
    return r;
}

std::vector<Rule> paging_rules() {
    return {
        {"since_id", [](const std::string& v) { return digits(v, 19); }, "a post id (digits only)"},
        {"until_id", [](const std::string& v) { return digits(v, 19); }, "a post id (digits only)"},
        {"next_token", page_token, "a page token from X's previous answer"},
        {"pagination_token", page_token, "a page token from X's previous answer"},
        {"start_time", timestamp, "a UTC time like 2026-12-03T09:30:00Z"},
        {"end_time", timestamp, "a UTC time like 2026-12-03T09:30:00Z"},
        {"query", search_query, "a search of 1 to 512 characters of valid UTF-8 without control characters"},
    };
}

struct Endpoint {
    XEndpoint id;
    std::vector<Rule> rules;
    std::vector<std::string> required;
};

const Endpoint& search_endpoint() {
    static const Endpoint e = [] {
        Endpoint x{XEndpoint::search_recent, paging_rules(), {"query"}};
        x.rules.push_back({"max_results", number_between(10, 100), "a whole number from 10 to 100"});
        x.rules.push_back({"sort_order", one_of({"recency", "relevancy"}), "recency or relevancy"});
        for (Rule& r : field_rules(true)) x.rules.push_back(std::move(r));
        return x;
    }();
    return e;
}

const Endpoint& counts_endpoint() {
    static const Endpoint e = [] {
        Endpoint x{XEndpoint::counts_recent, paging_rules(), {"query"}};
        x.rules.push_back({"granularity", one_of({"minute", "hour", "day"}), "minute, hour or day"});
        return x;
    }();
    return e;
}

const Endpoint& user_endpoint() {
    static const Endpoint e{XEndpoint::user_by_username, field_rules(false), {}};
    return e;
}

bool valid_username(std::string_view u) {
    return !u.empty() && u.size() <= 15 && std::all_of(u.begin(), u.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_';
    });
}

XForward refuse(std::string why) {
    XForward f;
    f.problem = std::move(why);
    return f;
}

XForward rebuild(const Endpoint& e, std::string upstream_path, const Params& params) {
    std::set<std::string> seen;
    std::map<std::string, int> count;
    std::string query;
    for (const auto& param : params) {
        const std::string& key = param.first;
        const std::string& value = param.second;
        auto rule = std::find_if(e.rules.begin(), e.rules.end(), [&](const Rule& r) { return key == r.name; });
        if (rule == e.rules.end())
            return refuse("The parameter \"" + percent_encode(key) + "\" is not one Earshot sends to this endpoint.");
        seen.insert(key);
        if (++count[key] > rule->max_repeat)
            return refuse(rule->max_repeat == 1 ? "The parameter \"" + key + "\" is given more than once."
                                                : "The parameter \"" + key + "\" is given more than " +
                                                      std::to_string(rule->max_repeat) + " times.");
        if (!rule->valid(value)) return refuse("The parameter \"" + key + "\" must be " + rule->expect + ".");
        query += query.empty() ? "?" : "&";
        query += percent_encode(key) + "=" + percent_encode(value);
    }
    for (const std::string& r : e.required)
        if (!seen.count(r)) return refuse("The parameter \"" + r + "\" is required.");
    XForward f;
    f.ok = true;
    f.endpoint = e.id;
    f.target = std::move(upstream_path) + query;
    return f;
}

// Bluesky: searchPosts only (the listening search). Handles and DIDs for
// author/mentions, BCP-47 tags for lang, a domain or URL, hashtags without '#'.
bool bsky_actor(const std::string& v) {
    if (v.empty() || v.size() > 253) return false;
    return std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '_'; });
}

bool language_tag(const std::string& v) {
    return !v.empty() && v.size() <= 35 && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

bool hashtag(const std::string& v) {
    if (v.empty() || v.size() > 256 || !valid_utf8(v) || utf8_chars(v) > 100) return false;
    return std::none_of(v.begin(), v.end(), [](unsigned char c) {
        return c < 0x30 || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x5e) || c == 0x60 || (c >= 0x7b && c <= 0x7f);
    });
}

bool plain_text(const std::string& v, size_t max_chars) {
    return !v.empty() && valid_utf8(v) && utf8_chars(v) <= max_chars &&
           std::none_of(v.begin(), v.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool opaque_cursor(const std::string& v) {
    return !v.empty() && v.size() <= 512 && std::all_of(v.begin(), v.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

const Endpoint& bsky_search_endpoint() {
    static const Endpoint e{XEndpoint::bsky_search,
                            {{"q", search_query, "a search of 1 to 512 characters of valid UTF-8 without control characters"},
                             {"sort", one_of({"latest", "top"}), "latest or top"},
                             {"since", [](const std::string& v) { return timestamp(v); }, "a UTC time like 2026-12-03T09:30:00Z"},
                             {"until", [](const std::string& v) { return timestamp(v); }, "a UTC time like 2026-12-03T09:30:00Z"},
                             {"mentions", bsky_actor, "a handle or DID"},
                             {"author", bsky_actor, "a handle or DID"},
                             {"lang", language_tag, "a language code like en or pt-BR"},
                             {"domain", [](const std::string& v) { return plain_text(v, 253) && v.find('/') == std::string::npos; }, "a domain name"},
                             {"url", [](const std::string& v) { return plain_text(v, 2048) && (v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0); }, "a full http(s) URL"},
                             {"tag", hashtag, "a hashtag without '#'", 10},
                             {"limit", number_between(1, 100), "a whole number from 1 to 100"},
                             {"cursor", opaque_cursor, "the cursor from Bluesky's previous answer"}},
                            {"q"}};
    return e;
}

bool status_id(const std::string& v) { return digits(v, 20); }

const Endpoint& mastodon_tag_endpoint() {
    static const Endpoint e{XEndpoint::mastodon_tag,
                            {{"any[]", hashtag, "a hashtag without '#'", 4},
                             {"all[]", hashtag, "a hashtag without '#'", 4},
                             {"none[]", hashtag, "a hashtag without '#'", 4},
                             {"limit", number_between(1, 40), "a whole number from 1 to 40"},
                             {"min_id", status_id, "a status id (digits only)"},
                             {"max_id", status_id, "a status id (digits only)"},
                             {"since_id", status_id, "a status id (digits only)"},
                             {"local", one_of({"true", "false"}), "true or false"},
                             {"remote", one_of({"true", "false"}), "true or false"},
                             {"only_media", one_of({"true", "false"}), "true or false"}},
                            {}};
    return e;
}

const Endpoint& mastodon_search_endpoint() {
    static const Endpoint e{XEndpoint::mastodon_search,
                            {{"q", search_query, "a search of 1 to 512 characters of valid UTF-8 without control characters"},
                             {"type", one_of({"statuses"}), "statuses"},
                             {"limit", number_between(1, 40), "a whole number from 1 to 40"},
                             {"min_id", status_id, "a status id (digits only)"},
                             {"max_id", status_id, "a status id (digits only)"},
                             {"offset", number_between(0, 999), "a whole number from 0 to 999"},
                             {"resolve", one_of({"false"}), "false"}},
                            {"q", "type"}};
    return e;
}

} // namespace

XForward validate_bsky_request(std::string_view path, const Params& params) {
    if (path == "/xrpc/app.bsky.feed.searchPosts") return rebuild(bsky_search_endpoint(), std::string(path), params);
    XForward f;
    f.not_found = true;
    f.problem = "Earshot's proxy forwards only Bluesky's app.bsky.feed.searchPosts.";
    return f;
}

XForward validate_mastodon_request(std::string_view path, const Params& params) {
    static constexpr std::string_view kTag = "/api/v1/timelines/tag/";
    if (path == "/api/v2/search") return rebuild(mastodon_search_endpoint(), std::string(path), params);
    if (path.substr(0, kTag.size()) == kTag) {
        std::string tag(path.substr(kTag.size()));
        if (hashtag(tag)) return rebuild(mastodon_tag_endpoint(), std::string(kTag) + percent_encode(tag), params);
    }
    XForward f;
    f.not_found = true;
    f.problem = "Earshot's proxy forwards only Mastodon's hashtag timelines and status search.";
    return f;
}

XForward validate_x_request(std::string_view path, const Params& params) {
    if (path == "/2/tweets/search/recent") return rebuild(search_endpoint(), std::string(path), params);
    if (path == "/2/tweets/counts/recent") return rebuild(counts_endpoint(), std::string(path), params);
    static constexpr std::string_view kUser = "/2/users/by/username/";
    if (path.substr(0, kUser.size()) == kUser && valid_username(path.substr(kUser.size())))
        return rebuild(user_endpoint(), std::string(path), params);
    XForward f;
    f.not_found = true;
    f.problem = "Earshot's proxy forwards only X's recent search, recent counts and user lookup.";
    return f;
}

} // namespace earshot::proxy
