// X API v2 objects as JSON for the demo source, with X's field selection: only
// the defaults (post: id, text, edit_history_tweet_ids; user: id, name, username;
// place: id, full_name; media: media_key, type) unless more were asked for.
#include "demo/api_render.hpp"

#include "demo/compose.hpp"
#include "demo/wire_util.hpp"

#include <unordered_set>

namespace earshot::demo {

// [SECTION] Valid names

const std::vector<std::string>& valid_tweet_fields() {
    static const std::vector<std::string> v = {"article",
                                               "attachments",
                                               "author_id",
                                               "card_uri",
                                               "community_id",
                                               "context_annotations",
                                               "conversation_id",
                                               "created_at",
                                               "display_text_range",
                                               "edit_controls",
                                               "edit_history_tweet_ids",
                                               "entities",
                                               "geo",
                                               "id",
                                               "in_reply_to_user_id",
                                               "lang",
                                               "media_metadata",
                                               "non_public_metrics",
                                               "note_tweet",
                                               "organic_metrics",
                                               "possibly_sensitive",
                                               "promoted_metrics",
                                               "public_metrics",
                                               "referenced_tweets",
                                               "reply_settings",
                                               "scopes",
                                               "source",
                                               "text",
                                               "withheld"};
    return v;
}

const std::vector<std::string>& valid_user_fields() {
    static const std::vector<std::string> v = {"affiliation",
                                               "connection_status",
                                               "created_at",
                                               "description",
                                               "entities",
                                               "id",
                                               "is_identity_verified",
                                               "location",
                                               "most_recent_tweet_id",
                                               "name",
                                               "parody",
                                               "pinned_tweet_id",
                                               "profile_banner_url",
                                               "profile_image_url",
                                               "protected",
                                               "public_metrics",
                                               "receives_your_dm",
                                               "subscription",
                                               "subscription_type",
                                               "url",
                                               "username",
                                               "verified",
                                               "verified_followers_count",
                                               "verified_type",
                                               "withheld"};
    return v;
}

const std::vector<std::string>& valid_place_fields() {
    static const std::vector<std::string> v = {
        "contained_within", "country", "country_code", "full_name", "geo", "id", "name",
        "place_type"};
    return v;
}

const std::vector<std::string>& valid_media_fields() {
    static const std::vector<std::string> v = {"alt_text",
                                               "duration_ms",
                                               "height",
                                               "media_key",
                                               "non_public_metrics",
                                               "organic_metrics",
                                               "preview_image_url",
                                               "promoted_metrics",
                                               "public_metrics",
                                               "type",
                                               "url",
                                               "variants",
                                               "width"};
    return v;
}

const std::vector<std::string>& valid_poll_fields() {
    static const std::vector<std::string> v = {"duration_minutes", "end_datetime", "id", "options",
                                               "voting_status"};
    return v;
}

const std::vector<std::string>& valid_expansions() {
    static const std::vector<std::string> v = {"attachments.poll_ids",
                                               "attachments.media_keys",
                                               "attachments.media_source_tweet",
                                               "author_id",
                                               "edit_history_tweet_ids",
                                               "entities.mentions.username",
                                               "geo.place_id",
                                               "in_reply_to_user_id",
                                               "entities.note.mentions.username",
                                               "referenced_tweets.id",
                                               "referenced_tweets.id.attachments.media_keys",
                                               "referenced_tweets.id.author_id"};
    return v;
}

// [SECTION] Objects

namespace {
int64_t visible_children(const Corpus& c, size_t index, core::Kind kind, int64_t now_ms) {
    int64_t n = 0;
    for (size_t child : c.children[index])
        if (c.posts[child].kind == kind && snowflake_ms(c.posts[child].id) <= now_ms)
            ++n;
    return n;
}

const char* reference_type(core::Kind k) {
    return k == core::Kind::Reply ? "replied_to" : k == core::Kind::Quote ? "quoted" : "retweeted";
}

/// The leading "@a @b " of a reply, which X leaves out of display_text_range.
int leading_mentions_end(const DemoPost& p) {
    int end = 0;
    for (const auto& m : p.mentions) {
        if (m.start != end && m.start != end + 1)
            break;
        end = m.end;
    }
    return end == 0 ? 0 : end + 1;
}
} // namespace

Json render_tweet(const Corpus& c, const DemoPost& p, const std::set<std::string>& f,
                  int64_t now_ms) {
    auto want = [&](const char* name) { return f.count(name) > 0; };
    const DemoPost* ref = p.referenced ? c.find_post(p.referenced) : nullptr;
    Json t;
    t["id"] = p.id_str;
    t["text"] = p.text;
    Json history = Json::array();
    for (uint64_t id : p.edit_history)
        history.push_back(std::to_string(id));
    t["edit_history_tweet_ids"] = history;
    if (want("attachments") && !p.media.empty()) {
        Json keys = Json::array();
        for (size_t m : p.media)
            keys.push_back(c.media[m].media_key);
        t["attachments"] = {{"media_keys", keys}};
    }
    if (want("author_id"))
        t["author_id"] = c.users[p.author].id;
    if (want("conversation_id"))
        t["conversation_id"] = std::to_string(p.conversation_id);
    if (want("created_at"))
        t["created_at"] = iso8601_ms(p.created_ms);
    if (want("display_text_range")) {
        const int len = static_cast<int>(utf8_length(p.text));
        t["display_text_range"] = {p.kind == core::Kind::Reply ? leading_mentions_end(p) : 0, len};
    }
    if (want("edit_controls")) {
        const bool editable = p.kind == core::Kind::Original || p.kind == core::Kind::Quote;
        t["edit_controls"] = {{"edits_remaining", 6 - static_cast<int>(p.edit_history.size())},
                              {"is_edit_eligible", editable},
                              {"editable_until", iso8601_ms(p.created_ms + 3600 * 1000)}};
    }
    if (want("entities")) {
        Json e = Json::object();
        auto tags = [](const std::vector<TagEntity>& v) {
            Json a = Json::array();
            for (const auto& x : v)
                a.push_back({{"start", x.start}, {"end", x.end}, {"tag", x.tag}});
            return a;
        };
        if (!p.cashtags.empty())
            e["cashtags"] = tags(p.cashtags);
        if (!p.hashtags.empty())
            e["hashtags"] = tags(p.hashtags);
        if (!p.mentions.empty()) {
            Json a = Json::array();
            for (const auto& m : p.mentions)
                a.push_back(
                    {{"start", m.start}, {"end", m.end}, {"username", m.username}, {"id", m.id}});
            e["mentions"] = a;
        }
        if (!p.urls.empty()) {
            Json a = Json::array();
            for (const auto& u : p.urls) {
                Json o = {{"start", u.start},
                          {"end", u.end},
                          {"url", u.url},
                          {"expanded_url", u.expanded_url},
                          {"display_url", u.display_url}};
                if (!u.media_key.empty())
                    o["media_key"] = u.media_key;
                a.push_back(o);
            }
            e["urls"] = a;
        }
        if (!e.empty())
            t["entities"] = e;
    }
    if (want("geo") && p.place) {
        Json g = Json::object();
        if (p.point)
            g["coordinates"] = {{"type", "Point"},
                                {"coordinates", {p.point->first, p.point->second}}};
        g["place_id"] = c.places[*p.place].id;
        t["geo"] = g;
    }
    if (want("in_reply_to_user_id") && p.in_reply_to_user)
        t["in_reply_to_user_id"] = c.users[*p.in_reply_to_user].id;
    if (want("lang"))
        t["lang"] = p.lang;
    if (want("possibly_sensitive"))
        t["possibly_sensitive"] = false;
    if (want("public_metrics")) {
        const size_t index = c.post_index.at(p.id);
        if (p.kind == core::Kind::Repost && ref) {
            // A repost shows the original's repost count and nothing of its own.
            const size_t ri = c.post_index.at(ref->id);
            t["public_metrics"] = {
                {"retweet_count",
                 ref->extra_reposts + visible_children(c, ri, core::Kind::Repost, now_ms)},
                {"reply_count", 0},
                {"like_count", 0},
                {"quote_count", 0},
                {"bookmark_count", 0},
                {"impression_count", 0}};
        } else {
            t["public_metrics"] = {
                {"retweet_count",
                 p.extra_reposts + visible_children(c, index, core::Kind::Repost, now_ms)},
                {"reply_count",
                 p.extra_replies + visible_children(c, index, core::Kind::Reply, now_ms)},
                {"like_count", p.likes},
                {"quote_count",
                 p.extra_quotes + visible_children(c, index, core::Kind::Quote, now_ms)},
                {"bookmark_count", p.bookmarks},
                {"impression_count", p.impressions}};
        }
    }
    if (want("referenced_tweets") && p.referenced)
        t["referenced_tweets"] =
            Json::array({{{"type", reference_type(p.kind)}, {"id", std::to_string(p.referenced)}}});
    if (want("reply_settings"))
        t["reply_settings"] = "everyone";
    return t;
}

Json render_user(const Corpus& c, const DemoUser& u, const std::set<std::string>& f) {
    (void)c;
    auto want = [&](const char* name) { return f.count(name) > 0; };
    Json j;
    j["id"] = u.id;
    j["name"] = u.name;
    j["username"] = u.username;
    // A profile link is a t.co link like any other; stable per account.
    Rng link_rng(fnv1a(u.username));
    const std::string tco = u.url.empty() ? std::string() : make_tco(link_rng);
    if (want("created_at"))
        j["created_at"] = iso8601_ms(u.created_ms / 1000 * 1000);
    if (want("description"))
        j["description"] = u.description;
    if (want("entities")) {
        Json e = Json::object();
        if (!tco.empty())
            e["url"] = {{"urls", Json::array({{{"start", 0},
                                               {"end", 23},
                                               {"url", tco},
                                               {"expanded_url", u.url},
                                               {"display_url", display_url(u.url)}}})}};
        ScannedEntities d =
            scan_entities(u.description, {}, [&](const std::string& h) -> const DemoUser* {
                auto it = c.user_by_username.find(to_lower_ascii(h));
                return it == c.user_by_username.end() ? nullptr : &c.users[it->second];
            });
        Json desc = Json::object();
        if (!d.hashtags.empty()) {
            Json a = Json::array();
            for (const auto& x : d.hashtags)
                a.push_back({{"start", x.start}, {"end", x.end}, {"tag", x.tag}});
            desc["hashtags"] = a;
        }
        if (!d.mentions.empty()) {
            Json a = Json::array();
            for (const auto& x : d.mentions)
                a.push_back({{"start", x.start}, {"end", x.end}, {"username", x.username}});
            desc["mentions"] = a;
        }
        if (!desc.empty())
            e["description"] = desc;
        if (!e.empty())
            j["entities"] = e;
    }
    if (want("location") && !u.location.empty())
        j["location"] = u.location;
    if (want("profile_image_url"))
        j["profile_image_url"] = u.profile_image_url;
    if (want("protected"))
        j["protected"] = false;
    if (want("public_metrics"))
        j["public_metrics"] = {{"followers_count", u.followers},
                               {"following_count", u.following},
                               {"tweet_count", u.tweet_count},
                               {"listed_count", u.listed}};
    if (want("url"))
        j["url"] = tco;
    if (want("verified"))
        j["verified"] = u.verified;
    if (want("verified_type"))
        j["verified_type"] = u.verified_type;
    return j;
}

Json render_place(const DemoPlace& p, const std::set<std::string>& f) {
    auto want = [&](const char* name) { return f.count(name) > 0; };
    Json j;
    j["full_name"] = p.full_name;
    j["id"] = p.id;
    if (want("country"))
        j["country"] = p.country;
    if (want("country_code"))
        j["country_code"] = p.country_code;
    if (want("geo"))
        j["geo"] = {{"type", "Feature"},
                    {"bbox", {p.bbox[0], p.bbox[1], p.bbox[2], p.bbox[3]}},
                    {"properties", Json::object()}};
    if (want("name"))
        j["name"] = p.name;
    if (want("place_type"))
        j["place_type"] = p.place_type;
    return j;
}

Json render_media(const DemoMedia& m, const std::set<std::string>& f) {
    auto want = [&](const char* name) { return f.count(name) > 0; };
    const bool video = m.type == "video";
    Json j;
    j["media_key"] = m.media_key;
    j["type"] = m.type;
    if (want("url") && !video)
        j["url"] = m.url;
    if (want("preview_image_url") && video)
        j["preview_image_url"] = m.url;
    if (want("width"))
        j["width"] = m.width;
    if (want("height"))
        j["height"] = m.height;
    if (want("alt_text") && !m.alt_text.empty())
        j["alt_text"] = m.alt_text;
    const uint64_t h = fnv1a(m.media_key);
    if (want("duration_ms") && video)
        j["duration_ms"] = 4000 + static_cast<int64_t>(h % 56000);
    if (want("public_metrics") && video)
        j["public_metrics"] = {{"view_count", static_cast<int64_t>(h % 5000)}};
    if (want("variants") && video) {
        const std::string id = m.media_key.substr(2);
        j["variants"] = Json::array(
            {{{"bit_rate", 832000},
              {"content_type", "video/mp4"},
              {"url", "https://video.twimg.com/ext_tw_video/" + id + "/pu/vid/640x360/clip.mp4"}},
             {{"content_type", "application/x-mpegURL"},
              {"url", "https://video.twimg.com/ext_tw_video/" + id + "/pu/pl/playlist.m3u8"}}});
    }
    return j;
}

// [SECTION] includes

Json render_includes(const Corpus& c, const std::vector<size_t>& posts, const FieldSelection& sel,
                     int64_t now_ms) {
    std::vector<size_t> users, tweets, places, media;
    std::unordered_set<size_t> seen_users, seen_tweets, seen_places, seen_media;
    auto add = [](std::vector<size_t>& v, std::unordered_set<size_t>& seen, size_t i) {
        if (seen.insert(i).second)
            v.push_back(i);
    };
    for (size_t i : posts) {
        const DemoPost& p = c.posts[i];
        if (sel.expands("author_id"))
            add(users, seen_users, p.author);
        if (sel.expands("in_reply_to_user_id") && p.in_reply_to_user)
            add(users, seen_users, *p.in_reply_to_user);
        if (sel.expands("entities.mentions.username"))
            for (const auto& m : p.mentions) {
                auto it = c.user_by_id.find(m.id);
                if (it != c.user_by_id.end())
                    add(users, seen_users, it->second);
            }
        if (sel.expands("geo.place_id") && p.place)
            add(places, seen_places, *p.place);
        if (sel.expands("attachments.media_keys"))
            for (size_t m : p.media)
                add(media, seen_media, m);
        if (p.referenced) {
            auto it = c.post_index.find(p.referenced);
            if (it == c.post_index.end())
                continue;
            const DemoPost& r = c.posts[it->second];
            if (sel.expands("referenced_tweets.id"))
                add(tweets, seen_tweets, it->second);
            if (sel.expands("referenced_tweets.id.author_id"))
                add(users, seen_users, r.author);
            if (sel.expands("referenced_tweets.id.attachments.media_keys"))
                for (size_t m : r.media)
                    add(media, seen_media, m);
        }
    }
    Json inc = Json::object();
    if (!users.empty()) {
        Json a = Json::array();
        for (size_t i : users)
            a.push_back(render_user(c, c.users[i], sel.user));
        inc["users"] = a;
    }
    if (!tweets.empty()) {
        Json a = Json::array();
        for (size_t i : tweets)
            a.push_back(render_tweet(c, c.posts[i], sel.tweet, now_ms));
        inc["tweets"] = a;
    }
    if (!places.empty()) {
        Json a = Json::array();
        for (size_t i : places)
            a.push_back(render_place(c.places[i], sel.place));
        inc["places"] = a;
    }
    if (!media.empty()) {
        Json a = Json::array();
        for (size_t i : media)
            a.push_back(render_media(c.media[i], sel.media));
        inc["media"] = a;
    }
    return inc;
}

} // namespace earshot::demo
