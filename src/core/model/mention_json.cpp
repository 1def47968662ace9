// Normalised mention <-> JSON. The schema is a public contract (architecture.md):
// extend it, never rename fields.
#include "core/model/mention_json.hpp"

#include "core/ingest/x_v2.hpp"
#include "core/text/internal/json_read.hpp"

#include <nlohmann/json.hpp>

namespace earshot::core {

using nlohmann::json;

namespace {

template <typename T> json or_null(const std::optional<T>& v) { return v ? json(*v) : json(nullptr); }
json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string get_str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
// A number read with `convert` (json_read: none when it does not fit), none when absent.
template <typename Convert> auto get_num(const json& j, const char* key, Convert convert) {
    auto it = j.find(key);
    return it == j.end() ? decltype(convert(*it)){} : convert(*it);
}
std::vector<std::string> get_strings(const json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const json& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

} // namespace

json to_json(const Mention& m) {
    json place = nullptr;
    if (m.place) {
        place = {{"name", or_null(m.place->full_name.empty() ? m.place->name : m.place->full_name)},
                 {"country_code", or_null(m.place->country_code)},
                 {"lat", or_null(m.place->lat)},
                 {"lon", or_null(m.place->lon)}};
    }
    json intents = json::array();
    for (int i = 0; i < kIntentCount; ++i)
        if (m.intents & (1u << i)) intents.push_back(intent_name(i));
    return json{
        {"id", m.id},
        {"source", to_string(m.source)},
        {"url", or_null(m.url)},
        {"text", m.text},
        {"created_at", m.created_at ? json(format_iso8601(m.created_at)) : json(nullptr)},
        {"lang", or_null(m.lang)},
        {"kind", to_string(m.kind)},
        {"conversation_id", or_null(m.conversation_id)},
        {"in_reply_to", or_null(m.in_reply_to)},
        {"author",
         {{"id", or_null(m.author.id)},
          {"handle", or_null(m.author.handle)},
          {"name", or_null(m.author.name)},
          {"followers", or_null(m.author.followers)},
          {"verified", m.author.verified},
          {"location", or_null(m.author.location)}}},
        {"metrics",
         {{"likes", or_null(m.metrics.likes)},
          {"reposts", or_null(m.metrics.reposts)},
          {"replies", or_null(m.metrics.replies)},
          {"quotes", or_null(m.metrics.quotes)},
          {"impressions", or_null(m.metrics.impressions)}}},
        {"hashtags", m.hashtags},
        {"mentions", m.mentions},
        {"cashtags", m.cashtags},
        {"urls", m.urls},
        {"domains", m.domains},
        {"has_media", m.has_media},
        {"place", place},
        {"sentiment", or_null(m.sentiment)},
        {"intents", intents},
    };
}

std::string to_jsonl(const Mention& m) {
    // Replace invalid UTF-8 rather than throw: real posts sometimes carry broken bytes.
    return to_json(m).dump(-1, ' ', false, json::error_handler_t::replace);
}

bool is_normalised_mention(const json& doc) {
    if (!doc.is_object()) return false;
    std::string id = get_str(doc, "id");
    return doc.contains("source") && id.find(':') != std::string::npos;
}

Result<Mention> mention_from_json(const json& doc) {
    Mention m;
    m.id = get_str(doc, "id");
    size_t colon = m.id.find(':');
    if (colon == std::string::npos) return Error{"a mention has no \"id\" of the form source:id"};
    auto source = source_from_string(get_str(doc, "source"));
    if (!source) return Error{"mention " + m.id + " has an unknown source"};
    m.source = *source;
    m.source_id = m.id.substr(colon + 1);
    m.url = get_str(doc, "url");
    m.text = get_str(doc, "text");
    std::string created = get_str(doc, "created_at");
    if (!created.empty() && !parse_iso8601(created, m.created_at))
        return Error{"mention " + m.id + " has an unreadable created_at"};
    m.lang = get_str(doc, "lang");
    m.kind = kind_from_string(get_str(doc, "kind")).value_or(Kind::Original);
    m.conversation_id = get_str(doc, "conversation_id");
    m.in_reply_to = get_str(doc, "in_reply_to");
    if (auto a = doc.find("author"); a != doc.end() && a->is_object()) {
        m.author.id = get_str(*a, "id");
        m.author.handle = get_str(*a, "handle");
        m.author.name = get_str(*a, "name");
        m.author.location = get_str(*a, "location");
        m.author.followers = get_num(*a, "followers", json_read::to_i64);
        m.author.verified = json_read::boolean(*a, "verified");
    }
    if (auto x = doc.find("metrics"); x != doc.end() && x->is_object()) {
        m.metrics.likes = get_num(*x, "likes", json_read::to_i64);
        m.metrics.reposts = get_num(*x, "reposts", json_read::to_i64);
        m.metrics.replies = get_num(*x, "replies", json_read::to_i64);
        m.metrics.quotes = get_num(*x, "quotes", json_read::to_i64);
        m.metrics.impressions = get_num(*x, "impressions", json_read::to_i64);
    }
    m.hashtags = get_strings(doc, "hashtags");
    m.mentions = get_strings(doc, "mentions");
    m.cashtags = get_strings(doc, "cashtags");
    m.urls = get_strings(doc, "urls");
    m.domains = get_strings(doc, "domains");
    if (auto it = doc.find("has_media"); it != doc.end() && it->is_boolean()) m.has_media = it->get<bool>();
    if (auto p = doc.find("place"); p != doc.end() && p->is_object()) {
        Place place;
        place.full_name = get_str(*p, "name");
        place.name = place.full_name.substr(0, place.full_name.find(','));
        place.country_code = get_str(*p, "country_code");
        place.lat = get_num(*p, "lat", json_read::latitude);
        place.lon = get_num(*p, "lon", json_read::longitude);
        m.place = std::move(place);
    }
    m.sentiment = get_num(doc, "sentiment", json_read::sentiment);
    for (const std::string& name : get_strings(doc, "intents"))
        for (int i = 0; i < kIntentCount; ++i)
            if (name == intent_name(i)) m.intents |= static_cast<uint8_t>(1u << i);
    return m;
}

} // namespace earshot::core
