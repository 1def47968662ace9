// The demo source's Mastodon endpoints as pure functions: hashtag timelines with
// Mastodon's id paging and Link headers, statuses search behind a token, the
// Status entity as servers send it, and X-RateLimit-* headers.
//
// Index:
// [SECTION] Rendering statuses
// [SECTION] GET /api/v1/timelines/tag/:tag
// [SECTION] GET /api/v2/search
// [SECTION] Routing
#include "demo/mastodon_api.hpp"

#include "demo/api_params.hpp"
#include "demo/wire_util.hpp"

#include "core/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <climits>

namespace earshot::demo {

namespace {

Response masto_error(int status, const std::string& message) {
    return json_response(status, {{"error", message}});
}

// [SECTION] Rendering statuses

Json account_json(const MastodonAccount& a) {
    return {{"id", a.id},
            {"username", a.username},
            {"acct", a.acct},
            {"display_name", a.display_name},
            {"locked", false},
            {"bot", a.bot},
            {"discoverable", true},
            {"indexable", true},
            {"group", false},
            {"created_at", iso8601_ms(a.created_ms)},
            {"note", a.note},
            {"url", a.url},
            {"uri", a.uri},
            {"avatar", a.avatar},
            {"avatar_static", a.avatar},
            {"header", "https://" + std::string(kMastodonHost) + "/headers/original/missing.png"},
            {"header_static",
             "https://" + std::string(kMastodonHost) + "/headers/original/missing.png"},
            {"followers_count", a.followers},
            {"following_count", a.following},
            {"statuses_count", a.statuses},
            {"last_status_at", nullptr},
            {"emojis", Json::array()},
            {"fields", Json::array()}};
}

Json media_json(const DemoMedia& m, uint64_t id) {
    const std::string sid = std::to_string(id);
    const std::string path = "https://files." + std::string(kMastodonHost) +
                             "/media_attachments/files/" + sid.substr(0, 3) + "/" +
                             sid.substr(3, 3) + "/" + sid.substr(6, 3);
    const std::string file = base32_chars(id, 5, 16);
    const std::string type = m.type == "photo" ? "image" : m.type == "video" ? "video" : "gifv";
    return {{"id", sid},
            {"type", type},
            {"url", path + "/original/" + file + (type == "image" ? ".jpg" : ".mp4")},
            {"preview_url", path + "/small/" + file + ".jpg"},
            {"remote_url", m.url},
            {"preview_remote_url", nullptr},
            {"text_url", nullptr},
            {"meta",
             {{"original",
               {{"width", m.width},
                {"height", m.height},
                {"size", std::to_string(m.width) + "x" + std::to_string(m.height)},
                {"aspect", m.height ? static_cast<double>(m.width) / m.height : 1.0}}}}},
            {"description", m.alt_text.empty() ? Json(nullptr) : Json(m.alt_text)},
            {"blurhash", "U" + base32_chars(id, 9, 35)}};
}

Json status_json(const Corpus& c, size_t index, int64_t now_ms) {
    const MastodonCorpus& m = *c.mastodon;
    const MastodonStatus& s = m.statuses[index];
    const MastodonAccount& a = m.accounts[s.author];
    const MastodonStatus* reply_to = s.in_reply_to ? &m.statuses[*s.in_reply_to] : nullptr;
    Json j = {{"id", std::to_string(s.id)},
              {"created_at", iso8601_ms(s.created_ms)},
              {"in_reply_to_id", reply_to ? Json(std::to_string(reply_to->id)) : Json(nullptr)},
              {"in_reply_to_account_id",
               reply_to ? Json(m.accounts[reply_to->author].id) : Json(nullptr)},
              {"sensitive", !s.spoiler.empty()},
              {"spoiler_text", s.spoiler},
              {"visibility", "public"},
              {"language", s.reblog || s.lang.empty() ? Json(nullptr) : Json(s.lang)},
              {"uri", s.uri},
              {"url", s.reblog ? Json(nullptr) : Json(s.url)},
              {"replies_count", s.replies},
              {"reblogs_count", s.reblogs},
              {"favourites_count", s.favourites},
              {"edited_at", nullptr},
              {"favourited", false},
              {"reblogged", false},
              {"muted", false},
              {"bookmarked", false},
              {"content", s.content},
              {"filtered", Json::array()},
              {"reblog", s.reblog ? status_json(c, *s.reblog, now_ms) : Json(nullptr)},
              {"account", account_json(a)}};
    Json media = Json::array();
    for (size_t k = 0; k < s.media.size(); ++k)
        media.push_back(media_json(c.media[s.media[k]], s.id + 1 + k));
    j["media_attachments"] = media;
    Json mentions = Json::array();
    for (size_t u : s.mentions) {
        const MastodonAccount& ma = m.accounts[u];
        mentions.push_back(
            {{"id", ma.id}, {"username", ma.username}, {"url", ma.url}, {"acct", ma.acct}});
    }
    j["mentions"] = mentions;
    Json tags = Json::array();
    for (const auto& t : s.tags)
        tags.push_back({{"name", t}, {"url", "https://" + std::string(kMastodonHost) + "/tags/" + t}});
    j["tags"] = tags;
    Json emojis = Json::array();
    for (const auto& e : s.emojis)
        emojis.push_back({{"shortcode", e},
                          {"url", "https://files." + std::string(kMastodonHost) +
                                      "/custom_emojis/images/000/000/042/original/" + e + ".png"},
                          {"static_url", "https://files." + std::string(kMastodonHost) +
                                             "/custom_emojis/images/000/000/042/static/" + e +
                                             ".png"},
                          {"visible_in_picker", true}});
    j["emojis"] = emojis;
    j["quote"] = nullptr;
    if (s.card_url.empty())
        j["card"] = nullptr;
    else
        j["card"] = {{"url", s.card_url},
                     {"title", s.card_title},
                     {"description", s.card_description},
                     {"language", s.lang},
                     {"type", "link"},
                     {"author_name", ""},
                     {"author_url", ""},
                     {"provider_name", ""},
                     {"provider_url", ""},
                     {"html", ""},
                     {"width", 400},
                     {"height", 210},
                     {"image", nullptr},
                     {"embed_url", ""},
                     {"blurhash", nullptr}};
    j["poll"] = nullptr;
    return j;
}

size_t visible_end(const MastodonCorpus& m, int64_t now_ms) {
    return static_cast<size_t>(
        std::upper_bound(m.statuses.begin(), m.statuses.end(), now_ms,
                         [](int64_t t, const MastodonStatus& s) { return t < s.created_ms; }) -
        m.statuses.begin());
}

/// Paging by id as Mastodon does: newest first below max_id and above since_id;
/// with min_id, the `limit` statuses just above it (still sent newest first).
struct IdWindow {
    std::optional<uint64_t> max_id, since_id, min_id;
    int limit = 20;
};

std::optional<std::string> read_id_window(const Params& params, IdWindow& w) {
    for (const char* name : {"max_id", "since_id", "min_id"}) {
        const auto v = param(params, name);
        if (!v || v->empty())
            continue;
        const auto id = parse_id(*v);
        if (!id)
            return std::string("Invalid ") + name;
        (std::string(name) == "max_id"     ? w.max_id
         : std::string(name) == "since_id" ? w.since_id
                                           : w.min_id) = id;
    }
    if (const auto v = param(params, "limit")) {
        // Mastodon clamps the limit instead of refusing it.
        const auto n = parse_id(*v);
        if (n)
            w.limit = static_cast<int>(std::clamp<uint64_t>(*n, 1, 40));
    }
    return std::nullopt;
}

template <typename Pred>
std::vector<size_t> page(const MastodonCorpus& m, size_t end, const IdWindow& w, Pred matches) {
    std::vector<size_t> out;
    const uint64_t floor = std::max(w.since_id.value_or(0), w.min_id.value_or(0));
    const uint64_t ceiling = w.max_id.value_or(UINT64_MAX);
    if (w.min_id) {
        const auto first = std::upper_bound(m.statuses.begin(), m.statuses.begin() + end, floor,
                                            [](uint64_t id, const MastodonStatus& s) {
                                                return id < s.id;
                                            }) -
                           m.statuses.begin();
        for (size_t i = static_cast<size_t>(first);
             i < end && m.statuses[i].id < ceiling && static_cast<int>(out.size()) < w.limit; ++i)
            if (matches(i))
                out.push_back(i);
        std::reverse(out.begin(), out.end());
        return out;
    }
    for (size_t i = end; i-- > 0 && static_cast<int>(out.size()) < w.limit;) {
        if (m.statuses[i].id <= floor)
            break;
        if (m.statuses[i].id < ceiling && matches(i))
            out.push_back(i);
    }
    return out;
}

/// The server's address as the client reached it (Link headers point back there).
std::string base_url(const Request& r) {
    auto it = r.headers.find("host");
    return it == r.headers.end() ? "https://" + std::string(kMastodonHost) : "http://" + it->second;
}

/// Link: <…max_id=oldest>; rel="next", <…min_id=newest>; rel="prev", keeping the
/// request's other parameters.
void add_link_header(Response& r, const std::string& base, const Params& params,
                     const std::vector<uint64_t>& ids) {
    if (ids.empty())
        return;
    std::string kept;
    for (const auto& [k, v] : params)
        if (k != "max_id" && k != "min_id" && k != "since_id" && k != "demo_fault")
            kept += core::url_encode(k) + "=" + core::url_encode(v) + "&";
    const std::string next = base + "?" + kept + "max_id=" + std::to_string(ids.back());
    const std::string prev = base + "?" + kept + "min_id=" + std::to_string(ids.front());
    r.headers.push_back({"Link", "<" + next + ">; rel=\"next\", <" + prev + ">; rel=\"prev\""});
}

} // namespace

// [SECTION] GET /api/v1/timelines/tag/:tag

Response handle_tag_timeline(const Corpus& c, const std::string& tag, const Params& params,
                             int64_t now_ms, const std::string& base) {
    const MastodonCorpus& m = *c.mastodon;
    IdWindow w;
    if (auto error = read_id_window(params, w))
        return masto_error(400, *error);
    std::vector<std::string> any = {to_lower_ascii(tag)}, all, none;
    for (const auto& [k, v] : params) {
        std::vector<std::string>* list = k == "any[]" || k == "any"     ? &any
                                         : k == "all[]" || k == "all"   ? &all
                                         : k == "none[]" || k == "none" ? &none
                                                                        : nullptr;
        if (list && list->size() < 5) // Mastodon takes up to 4 of each
            list->push_back(to_lower_ascii(v));
    }
    auto has = [](const std::vector<std::string>& tags, const std::string& t) {
        return std::find(tags.begin(), tags.end(), t) != tags.end();
    };
    const auto hits = page(m, visible_end(m, now_ms), w, [&](size_t i) {
        const MastodonStatus& s = m.statuses[i].reblog ? m.statuses[*m.statuses[i].reblog]
                                                       : m.statuses[i];
        return std::any_of(any.begin(), any.end(), [&](const auto& t) { return has(s.tags, t); }) &&
               std::all_of(all.begin(), all.end(), [&](const auto& t) { return has(s.tags, t); }) &&
               std::none_of(none.begin(), none.end(), [&](const auto& t) { return has(s.tags, t); });
    });
    Json body = Json::array();
    std::vector<uint64_t> ids;
    for (size_t i : hits) {
        body.push_back(status_json(c, i, now_ms));
        ids.push_back(m.statuses[i].id);
    }
    Response r = json_response(200, body);
    add_link_header(r, base + "/api/v1/timelines/tag/" + core::url_encode(tag), params, ids);
    return r;
}

// [SECTION] GET /api/v2/search

Response handle_mastodon_search(const Corpus& c, const Params& params, bool authorised,
                                int64_t now_ms) {
    const MastodonCorpus& m = *c.mastodon;
    const auto q = param(params, "q");
    if (!q || q->empty())
        return masto_error(400, "param is missing or the value is empty: q");
    const std::string type = param(params, "type").value_or("");
    Json body = {{"accounts", Json::array()}, {"statuses", Json::array()},
                 {"hashtags", Json::array()}};
    // Without a signed-in user, Mastodon's full-text search finds no statuses.
    if (!authorised || (!type.empty() && type != "statuses"))
        return json_response(200, body);
    IdWindow w;
    if (auto error = read_id_window(params, w))
        return masto_error(400, *error);
    std::vector<std::string> words, phrases, tags;
    std::string language; // Mastodon 4.2's "language:xx" operator
    for (size_t i = 0; i < q->size();) {
        if ((*q)[i] == ' ') {
            ++i;
            continue;
        }
        if ((*q)[i] == '"') {
            const size_t end = std::min(q->size(), q->find('"', i + 1));
            phrases.push_back(to_lower_ascii(q->substr(i + 1, end - i - 1)));
            i = end + 1;
            continue;
        }
        const size_t end = std::min(q->size(), q->find(' ', i));
        const std::string token = to_lower_ascii(q->substr(i, end - i));
        if (token.rfind("language:", 0) == 0) {
            language = token.substr(9);
            i = end;
            continue;
        }
        (token[0] == '#' && token.size() > 1 ? tags : words)
            .push_back(token[0] == '#' ? token.substr(1) : token);
        i = end;
    }
    size_t offset = 0;
    if (const auto v = param(params, "offset"))
        offset = static_cast<size_t>(parse_id(*v).value_or(0));
    IdWindow wide = w;
    wide.limit = static_cast<int>(std::min<size_t>(w.limit + offset, 10'000));
    auto hits = page(m, visible_end(m, now_ms), wide, [&](size_t i) {
        const MastodonStatus& s = m.statuses[i];
        if (s.reblog || (!language.empty() && to_lower_ascii(s.lang) != language))
            return false;
        for (const auto& wd : words)
            if (!contains_word(s.plain, wd))
                return false;
        for (const auto& p : phrases)
            if (s.plain.find(p) == std::string::npos)
                return false;
        for (const auto& t : tags)
            if (std::find(s.tags.begin(), s.tags.end(), t) == s.tags.end())
                return false;
        return true;
    });
    for (size_t k = offset; k < hits.size(); ++k)
        body["statuses"].push_back(status_json(c, hits[k], now_ms));
    return json_response(200, body);
}

// [SECTION] Routing

Response handle_mastodon_request(const Corpus& c, const MastodonOptions& o, RateWindow& window,
                                 const Request& request, int64_t now_ms, Fault fault) {
    static const std::string tag_prefix = "/api/v1/timelines/tag/";
    const bool timeline =
        request.path.rfind(tag_prefix, 0) == 0 && request.path.size() > tag_prefix.size();
    const bool search = request.path == "/api/v2/search";
    if ((!timeline && !search) || request.method != "GET")
        return masto_error(404, "Record not found");
    if (fault == Fault::Unavailable) {
        Response r = masto_error(503, "Service Unavailable");
        r.fault = "503";
        return r;
    }
    bool authorised = false;
    if (auto it = request.headers.find("authorization"); it != request.headers.end()) {
        if (it->second != "Bearer " + o.token)
            return masto_error(401, "The access token is invalid");
        authorised = true;
    }

    if (window.reset_ms == 0 || now_ms >= window.reset_ms)
        window = {0, now_ms + o.window_ms};
    auto rate_headers = [&](Response& r, int remaining) {
        r.headers.push_back({"X-RateLimit-Limit", std::to_string(o.limit)});
        r.headers.push_back({"X-RateLimit-Remaining", std::to_string(std::max(0, remaining))});
        r.headers.push_back({"X-RateLimit-Reset", iso8601_ms(window.reset_ms)});
    };
    if (fault == Fault::RateLimited || window.used >= o.limit) {
        Response r = masto_error(429, "Too many requests");
        if (fault == Fault::RateLimited)
            r.fault = "429";
        rate_headers(r, 0);
        return r;
    }
    ++window.used;

    Response r;
    if (timeline) {
        const std::string tag = request.path.substr(tag_prefix.size());
        r = handle_tag_timeline(c, tag, request.params, now_ms, base_url(request));
    } else {
        r = handle_mastodon_search(c, request.params, authorised, now_ms);
    }
    rate_headers(r, o.limit - window.used);
    return r;
}

} // namespace earshot::demo
