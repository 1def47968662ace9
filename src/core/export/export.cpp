// CSV and twarc2-style JSONL writers (see export.hpp).
#include "core/export/export.hpp"

#include "core/model/mention_json.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace earshot::core {

namespace {

// Valid UTF-8 passes as is; every byte that does not start a valid sequence
// becomes U+FFFD, so a spreadsheet never sees a broken file.
std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        uint32_t cp = ok ? (len == 1 ? c : c & (0x7F >> len)) : 0;
        for (size_t k = 1; ok && k < len; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        ok = ok && !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
             !(cp >= 0xD800 && cp <= 0xDFFF);
        if (ok) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

std::string iso_time(int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    return b;
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string intents_text(uint8_t bits) {
    std::string out;
    for (int b = 0; b < kIntentCount; ++b)
        if (bits & (1 << b)) out += (out.empty() ? "" : " ") + std::string(intent_name(b));
    return out;
}

std::string optional_number(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

// "x:123" → "123": twarc2 ids are the source's own.
const std::string& own_id(const Mention& m) { return m.source_id.empty() ? m.id : m.source_id; }

std::string strip_prefix(const std::string& id) {
    size_t colon = id.find(':');
    return colon == std::string::npos ? id : id.substr(colon + 1);
}

} // namespace

std::string csv_cell(std::string_view text) {
    std::string v = valid_utf8(text);
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string quoted = "\"";
    for (char c : v) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csv_header() {
    return "id,source,url,created_at,author_handle,author_name,author_followers,text,lang,kind,likes,reposts,"
           "replies,hashtags,links,sentiment,intents,status,tags,starred,note\r\n";
}

void append_csv_row(const Mention& m, const WorkflowEntry& w, std::string& out) {
    std::vector<std::string> tags(w.tags.begin(), w.tags.end());
    const std::string cells[] = {
        m.id, to_string(m.source), m.url, iso_time(m.created_at), m.author.handle, m.author.name,
        optional_number(m.author.followers), m.text, m.lang, to_string(m.kind), optional_number(m.metrics.likes),
        optional_number(m.metrics.reposts), optional_number(m.metrics.replies), joined(m.hashtags, " "),
        joined(m.urls, " "), m.sentiment ? std::to_string(*m.sentiment).substr(0, 6) : std::string(),
        intents_text(m.intents), to_string(w.status), joined(tags, "; "), w.starred ? "yes" : "", w.note};
    bool first = true;
    for (const std::string& c : cells) {
        if (!first) out += ',';
        out += csv_cell(c);
        first = false;
    }
    out += "\r\n";
}

void append_twarc2_line(const Mention& m, std::string& out) {
    if (m.source != Source::X) {
        out += to_jsonl(m);
        if (out.empty() || out.back() != '\n') out += '\n';
        return;
    }
    using nlohmann::json;
    json t = {{"id", own_id(m)}, {"text", m.text}, {"created_at", iso_time(m.created_at)}};
    if (!m.lang.empty()) t["lang"] = m.lang;
    if (!m.conversation_id.empty()) t["conversation_id"] = strip_prefix(m.conversation_id);
    if (!m.author.id.empty()) t["author_id"] = m.author.id;
    json author = {{"id", m.author.id}, {"username", m.author.handle}, {"name", m.author.name}};
    if (!m.author.location.empty()) author["location"] = m.author.location;
    if (m.author.followers) author["public_metrics"] = {{"followers_count", *m.author.followers}};
    author["verified"] = m.author.verified;
    t["author"] = author;
    json metrics = json::object();
    if (m.metrics.likes) metrics["like_count"] = *m.metrics.likes;
    if (m.metrics.reposts) metrics["retweet_count"] = *m.metrics.reposts;
    if (m.metrics.replies) metrics["reply_count"] = *m.metrics.replies;
    if (m.metrics.quotes) metrics["quote_count"] = *m.metrics.quotes;
    if (!metrics.empty()) t["public_metrics"] = metrics;
    json entities = json::object();
    auto tags = [](const std::vector<std::string>& items, const char* key) {
        json a = json::array();
        for (const std::string& s : items) a.push_back({{key, s}});
        return a;
    };
    if (!m.hashtags.empty()) entities["hashtags"] = tags(m.hashtags, "tag");
    if (!m.cashtags.empty()) entities["cashtags"] = tags(m.cashtags, "tag");
    if (!m.mentions.empty()) entities["mentions"] = tags(m.mentions, "username");
    if (!m.urls.empty()) {
        json urls = json::array();
        for (const std::string& u : m.urls) urls.push_back({{"url", u}, {"expanded_url", u}});
        entities["urls"] = urls;
    }
    if (!entities.empty()) t["entities"] = entities;
    if (!m.referenced_id.empty() && (m.kind == Kind::Repost || m.kind == Kind::Quote || m.kind == Kind::Reply)) {
        const char* type = m.kind == Kind::Repost ? "retweeted" : m.kind == Kind::Quote ? "quoted" : "replied_to";
        t["referenced_tweets"] = json::array({{{"type", type}, {"id", strip_prefix(m.referenced_id)}}});
    } else if (!m.in_reply_to.empty()) {
        t["referenced_tweets"] = json::array({{{"type", "replied_to"}, {"id", strip_prefix(m.in_reply_to)}}});
    }
    if (m.kind == Kind::Reply && !m.in_reply_to_handle.empty()) t["in_reply_to_user"] = {{"username", m.in_reply_to_handle}};
    if (m.has_media) t["attachments"] = {{"media_keys", json::array({"3_" + own_id(m)})}};
    if (m.place) {
        json place = {{"id", m.place->id}, {"name", m.place->name}, {"full_name", m.place->full_name},
                      {"country_code", m.place->country_code}};
        t["geo"] = {{"place_id", m.place->id}, {"place", place}};
    }
    out += t.dump(-1, ' ', false, json::error_handler_t::replace);
    out += '\n';
}

} // namespace earshot::core
