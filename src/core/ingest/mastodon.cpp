// Mastodon → Mention. Statuses arrive as HTML (`content`), with mentions, tags,
// media and the boosted status (`reblog`) beside it; the same status has another
// local id on every server, so a mention is known by its `uri`. Fields are read
// defensively: servers of many versions and forks (and bridges) send them.
#include "core/ingest/mastodon.hpp"

#include "core/ingest/json_fields.hpp"
#include "core/ingest/json_view.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/text/text.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace earshot::core {

using namespace json_fields;

// [SECTION] HTML → text

namespace {

struct NamedEntity {
    const char* name;
    char32_t cp;
};
// HTML 4's named references (252, sorted by name) and &apos;: what Mastodon, its forks
// and bridges write is a small part of these, but any of them may reach a status.
constexpr NamedEntity kEntities[] = {
    {"AElig", 0xC6}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Agrave", 0xC0}, {"Alpha", 0x391}, {"Aring", 0xC5},
    {"Atilde", 0xC3}, {"Auml", 0xC4}, {"Beta", 0x392}, {"Ccedil", 0xC7}, {"Chi", 0x3A7}, {"Dagger", 0x2021},
    {"Delta", 0x394}, {"ETH", 0xD0}, {"Eacute", 0xC9}, {"Ecirc", 0xCA}, {"Egrave", 0xC8}, {"Epsilon", 0x395},
    {"Eta", 0x397}, {"Euml", 0xCB}, {"Gamma", 0x393}, {"Iacute", 0xCD}, {"Icirc", 0xCE}, {"Igrave", 0xCC},
    {"Iota", 0x399}, {"Iuml", 0xCF}, {"Kappa", 0x39A}, {"Lambda", 0x39B}, {"Mu", 0x39C}, {"Ntilde", 0xD1},
    {"Nu", 0x39D}, {"OElig", 0x152}, {"Oacute", 0xD3}, {"Ocirc", 0xD4}, {"Ograve", 0xD2}, {"Omega", 0x3A9},
    {"Omicron", 0x39F}, {"Oslash", 0xD8}, {"Otilde", 0xD5}, {"Ouml", 0xD6}, {"Phi", 0x3A6}, {"Pi", 0x3A0},
    {"Prime", 0x2033}, {"Psi", 0x3A8}, {"Rho", 0x3A1}, {"Scaron", 0x160}, {"Sigma", 0x3A3}, {"THORN", 0xDE},
    {"Tau", 0x3A4}, {"Theta", 0x398}, {"Uacute", 0xDA}, {"Ucirc", 0xDB}, {"Ugrave", 0xD9}, {"Upsilon", 0x3A5},
    {"Uuml", 0xDC}, {"Xi", 0x39E}, {"Yacute", 0xDD}, {"Yuml", 0x178}, {"Zeta", 0x396}, {"aacute", 0xE1},
    {"acirc", 0xE2}, {"acute", 0xB4}, {"aelig", 0xE6}, {"agrave", 0xE0}, {"alefsym", 0x2135}, {"alpha", 0x3B1},
    {"amp", 0x26}, {"and", 0x2227}, {"ang", 0x2220}, {"aring", 0xE5}, {"asymp", 0x2248}, {"atilde", 0xE3},
    {"auml", 0xE4}, {"bdquo", 0x201E}, {"beta", 0x3B2}, {"brvbar", 0xA6}, {"bull", 0x2022}, {"cap", 0x2229},
    {"ccedil", 0xE7}, {"cedil", 0xB8}, {"cent", 0xA2}, {"chi", 0x3C7}, {"circ", 0x2C6}, {"clubs", 0x2663},
    {"cong", 0x2245}, {"copy", 0xA9}, {"crarr", 0x21B5}, {"cup", 0x222A}, {"curren", 0xA4}, {"dArr", 0x21D3},
    {"dagger", 0x2020}, {"darr", 0x2193}, {"deg", 0xB0}, {"delta", 0x3B4}, {"diams", 0x2666}, {"divide", 0xF7},
    {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8}, {"empty", 0x2205}, {"emsp", 0x2003}, {"ensp", 0x2002},
    {"epsilon", 0x3B5}, {"equiv", 0x2261}, {"eta", 0x3B7}, {"eth", 0xF0}, {"euml", 0xEB}, {"euro", 0x20AC},
    {"exist", 0x2203}, {"fnof", 0x192}, {"forall", 0x2200}, {"frac12", 0xBD}, {"frac14", 0xBC},
    {"frac34", 0xBE}, {"frasl", 0x2044}, {"gamma", 0x3B3}, {"ge", 0x2265}, {"gt", 0x3E}, {"hArr", 0x21D4},
    {"harr", 0x2194}, {"hearts", 0x2665}, {"hellip", 0x2026}, {"iacute", 0xED}, {"icirc", 0xEE},
    {"iexcl", 0xA1}, {"igrave", 0xEC}, {"image", 0x2111}, {"infin", 0x221E}, {"int", 0x222B}, {"iota", 0x3B9},
    {"iquest", 0xBF}, {"isin", 0x2208}, {"iuml", 0xEF}, {"kappa", 0x3BA}, {"lArr", 0x21D0}, {"lambda", 0x3BB},
    {"lang", 0x2329}, {"laquo", 0xAB}, {"larr", 0x2190}, {"lceil", 0x2308}, {"ldquo", 0x201C}, {"le", 0x2264},
    {"lfloor", 0x230A}, {"lowast", 0x2217}, {"loz", 0x25CA}, {"lrm", 0x200E}, {"lsaquo", 0x2039},
    {"lsquo", 0x2018}, {"lt", 0x3C}, {"macr", 0xAF}, {"mdash", 0x2014}, {"micro", 0xB5}, {"middot", 0xB7},
    {"minus", 0x2212}, {"mu", 0x3BC}, {"nabla", 0x2207}, {"nbsp", 0xA0}, {"ndash", 0x2013}, {"ne", 0x2260},
    {"ni", 0x220B}, {"not", 0xAC}, {"notin", 0x2209}, {"nsub", 0x2284}, {"ntilde", 0xF1}, {"nu", 0x3BD},
    {"oacute", 0xF3}, {"ocirc", 0xF4}, {"oelig", 0x153}, {"ograve", 0xF2}, {"oline", 0x203E}, {"omega", 0x3C9},
    {"omicron", 0x3BF}, {"oplus", 0x2295}, {"or", 0x2228}, {"ordf", 0xAA}, {"ordm", 0xBA}, {"oslash", 0xF8},
    {"otilde", 0xF5}, {"otimes", 0x2297}, {"ouml", 0xF6}, {"para", 0xB6}, {"part", 0x2202}, {"permil", 0x2030},
    {"perp", 0x22A5}, {"phi", 0x3C6}, {"pi", 0x3C0}, {"piv", 0x3D6}, {"plusmn", 0xB1}, {"pound", 0xA3},
    {"prime", 0x2032}, {"prod", 0x220F}, {"prop", 0x221D}, {"psi", 0x3C8}, {"quot", 0x22}, {"rArr", 0x21D2},
    {"radic", 0x221A}, {"rang", 0x232A}, {"raquo", 0xBB}, {"rarr", 0x2192}, {"rceil", 0x2309},
    {"rdquo", 0x201D}, {"real", 0x211C}, {"reg", 0xAE}, {"rfloor", 0x230B}, {"rho", 0x3C1}, {"rlm", 0x200F},
    {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"scaron", 0x161}, {"sdot", 0x22C5},
    {"sect", 0xA7}, {"shy", 0xAD}, {"sigma", 0x3C3}, {"sigmaf", 0x3C2}, {"sim", 0x223C}, {"spades", 0x2660},
    {"sub", 0x2282}, {"sube", 0x2286}, {"sum", 0x2211}, {"sup", 0x2283}, {"sup1", 0xB9}, {"sup2", 0xB2},
    {"sup3", 0xB3}, {"supe", 0x2287}, {"szlig", 0xDF}, {"tau", 0x3C4}, {"there4", 0x2234}, {"theta", 0x3B8},
    {"thetasym", 0x3D1}, {"thinsp", 0x2009}, {"thorn", 0xFE}, {"tilde", 0x2DC}, {"times", 0xD7},
    {"trade", 0x2122}, {"uArr", 0x21D1}, {"uacute", 0xFA}, {"uarr", 0x2191}, {"ucirc", 0xFB}, {"ugrave", 0xF9},
    {"uml", 0xA8}, {"upsih", 0x3D2}, {"upsilon", 0x3C5}, {"uuml", 0xFC}, {"weierp", 0x2118}, {"xi", 0x3BE},
    {"yacute", 0xFD}, {"yen", 0xA5}, {"yuml", 0xFF}, {"zeta", 0x3B6}, {"zwj", 0x200D}, {"zwnj", 0x200C},
    {"apos", 0x27},
};

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// A numeric reference's digits ("39", "x1F600") as a character; U+FFFD for
/// anything that is not one (0, surrogates, past U+10FFFF, too many digits).
char32_t numeric_entity(std::string_view digits) {
    const bool hex = !digits.empty() && (digits[0] == 'x' || digits[0] == 'X');
    if (hex) digits.remove_prefix(1);
    if (digits.empty() || digits.size() > 8) return 0xFFFD;
    uint32_t cp = 0;
    for (char c : digits) {
        int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                                              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                                            : -1;
        if (d < 0) return 0xFFFD;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
    return cp;
}

/// The character `&…;` at s[pos] stands for, advancing pos past it; nothing (pos
/// unchanged) when it is not a reference we know, so the '&' stays as written.
std::optional<char32_t> read_entity(std::string_view s, size_t& pos) {
    // Only a short window is searched: a text full of '&' must not cost a scan each.
    const size_t semi = s.substr(0, pos + 16).find(';', pos + 1);
    if (semi == std::string_view::npos) return std::nullopt;
    const std::string_view name = s.substr(pos + 1, semi - pos - 1);
    std::optional<char32_t> cp;
    if (!name.empty() && name[0] == '#') {
        cp = numeric_entity(name.substr(1));
    } else {
        for (const NamedEntity& e : kEntities)
            if (name == e.name) cp = e.cp;
    }
    if (cp) pos = semi + 1;
    return cp;
}

/// Decodes entities and replaces bytes that are not UTF-8, appending to out.
/// Line breaks and tabs, written or encoded, are HTML white space: they become spaces.
void append_decoded(std::string_view s, std::string& out) {
    for (size_t pos = 0; pos < s.size();) {
        const char c = s[pos];
        if (c == '&') {
            if (std::optional<char32_t> cp = read_entity(s, pos)) {
                // An encoded line break is still white space: only <br> and <p> break lines.
                if (*cp == '\n' || *cp == '\r' || *cp == '\t') out += ' ';
                else utf8_append(*cp, out);
                continue;
            }
        }
        if (c == '\n' || c == '\r' || c == '\t') {
            out += ' ';
            ++pos;
            continue;
        }
        const size_t start = pos;
        const char32_t cp = utf8_next(s, pos);
        if (cp == 0xFFFD && pos == start + 1 && static_cast<unsigned char>(c) >= 0x80) utf8_append(0xFFFD, out);
        else out.append(s.substr(start, pos - start));
    }
}

struct Tag {
    std::string name; ///< lower-case; "!--" for a comment
    bool closing = false;
    std::string cls, href;
};

/// Reads the attribute value starting at s[i] (quoted or bare); false when a quote
/// never closes.
bool read_attribute_value(std::string_view s, size_t& i, std::string& value) {
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const size_t close = s.find(s[i], i + 1);
        if (close == std::string_view::npos) return false;
        append_decoded(s.substr(i + 1, close - i - 1), value);
        i = close + 1;
        return true;
    }
    const size_t start = i;
    while (i < s.size() && s[i] != '>' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') ++i;
    append_decoded(s.substr(start, i - start), value);
    return true;
}

constexpr size_t kMaxTag = 2048;

/// Reads the tag at s[pos] == '<' and moves pos past its '>'. False when this is
/// no tag (no name, or no end): the caller then keeps the '<' as text.
bool read_tag(std::string_view s, size_t& pos, Tag& tag) {
    if (s.compare(pos, 4, "<!--") == 0) {
        const size_t end = s.find("-->", pos + 4);
        pos = end == std::string_view::npos ? s.size() : end + 3;
        tag.name = "!--";
        return true;
    }
    // A tag longer than any Mastodon writes is stray text; the cap also keeps a
    // text full of unclosed '<' from costing a scan to the end for each.
    s = s.substr(0, std::min(s.size(), pos + kMaxTag));
    size_t i = pos + 1;
    tag.closing = i < s.size() && s[i] == '/';
    if (tag.closing) ++i;
    while (i < s.size() && is_ascii_alnum(s[i])) tag.name += ascii_lower(s[i++]);
    if (tag.name.empty()) return false;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '>') {
            pos = i + 1;
            return true;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/') {
            ++i;
            continue;
        }
        std::string name;
        while (i < s.size() && s[i] != '=' && s[i] != '>' && s[i] != ' ' && s[i] != '/' && s[i] != '\t' &&
               s[i] != '\n' && s[i] != '\r')
            name += ascii_lower(s[i++]);
        if (name.empty()) { // a stray '=': step over it
            ++i;
            continue;
        }
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size() || s[i] != '=') continue; // an attribute without a value
        ++i;
        while (i < s.size() && s[i] == ' ') ++i;
        std::string value;
        if (!read_attribute_value(s, i, value)) return false;
        if (name == "class") tag.cls = std::move(value);
        else if (name == "href") tag.href = std::move(value);
    }
    return false;
}

bool has_class(const std::string& classes, std::string_view wanted) {
    for (size_t at = classes.find(wanted); at != std::string::npos; at = classes.find(wanted, at + 1)) {
        const bool starts = at == 0 || classes[at - 1] == ' ';
        const bool ends = at + wanted.size() == classes.size() || classes[at + wanted.size()] == ' ';
        if (starts && ends) return true;
    }
    return false;
}

/// The text being written, with the line breaks that block tags ask for held back
/// until more text comes (so none lead or trail, and white space beside them goes).
class TextWriter {
  public:
    void request_break(int lines) { m_pending = std::max(m_pending, lines); }
    void add_line_break() { m_pending = std::min(m_pending + 1, 2); }
    void append(std::string_view decoded) {
        for (char c : decoded) {
            if (c == ' ' && (m_pending > 0 || m_out.empty() || m_out.back() == '\n')) continue;
            if (m_pending > 0) flush_break();
            m_out += c;
        }
    }
    std::string finish() {
        trim_trailing_spaces();
        return std::move(m_out);
    }

  private:
    void trim_trailing_spaces() {
        while (!m_out.empty() && m_out.back() == ' ') m_out.pop_back();
    }
    void flush_break() {
        trim_trailing_spaces();
        if (!m_out.empty()) m_out.append(static_cast<size_t>(m_pending), '\n');
        m_pending = 0;
    }
    std::string m_out;
    int m_pending = 0;
};

bool is_block(const std::string& name) {
    static const char* const kBlocks[] = {"p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"};
    for (const char* b : kBlocks)
        if (name == b) return true;
    return false;
}

struct OpenLink {
    bool open = false;
    std::string href, cls;
    std::string text; ///< its own copy: the writer's trimming must not shift it
};

void close_link(OpenLink& link, MastodonHtml& html) {
    if (!link.open) return;
    link.open = false;
    if (has_class(link.cls, "hashtag")) {
        std::string tag = trim(link.text);
        if (!tag.empty() && tag[0] == '#') tag.erase(0, 1);
        if (!tag.empty()) add_unique(html.hashtags, std::move(tag));
    } else if (!has_class(link.cls, "mention") &&
               (link.href.rfind("https://", 0) == 0 || link.href.rfind("http://", 0) == 0)) {
        add_unique(html.links, link.href);
    }
}

} // namespace

MastodonHtml read_mastodon_html(std::string_view s) {
    MastodonHtml html;
    TextWriter out;
    OpenLink link;
    std::string decoded;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t lt = s.find('<', pos);
        if (lt == std::string_view::npos) lt = s.size();
        decoded.clear();
        append_decoded(s.substr(pos, lt - pos), decoded);
        out.append(decoded);
        if (link.open) link.text += decoded;
        pos = lt;
        if (pos >= s.size()) break;
        Tag tag;
        size_t after = pos;
        if (!read_tag(s, after, tag)) {
            out.append("<");
            if (link.open) link.text += '<';
            ++pos;
            continue;
        }
        pos = after;
        if (tag.name == "br") {
            out.add_line_break();
        } else if (tag.name == "li") {
            out.request_break(1);
        } else if (is_block(tag.name)) {
            out.request_break(2);
        } else if (tag.name == "a") {
            close_link(link, html); // anchors do not nest: a new one ends the last
            if (!tag.closing) {
                link.open = true;
                link.href = std::move(tag.href);
                link.cls = std::move(tag.cls);
                link.text.clear();
            }
        }
    }
    close_link(link, html);
    html.text = out.finish();
    return html;
}

std::string mastodon_html_to_text(std::string_view html) { return read_mastodon_html(html).text; }

// [SECTION] Statuses

namespace {

/// A handle the same from every server: "user@server" ("acct" omits the server
/// for the answering server's own accounts; the profile URL names it).
std::string full_handle(JsonView account) {
    std::string acct = str(account, "acct");
    if (acct.empty()) acct = str(account, "username");
    if (acct.empty() || acct.find('@') != std::string::npos) return acct;
    const std::string host = url_domain(str(account, "url"));
    return host.empty() ? acct : acct + "@" + host;
}

void read_account(JsonView account, Author& a) {
    a.id = str(account, "uri");
    if (a.id.empty()) a.id = str(account, "url");
    a.handle = full_handle(account);
    a.name = str(account, "display_name");
    if (a.name.empty()) a.name = str(account, "username");
    a.followers = integer(account, "followers_count");
}

/// Local ids of the statuses in one answer → their uris, so a reply whose parent is
/// in the same answer (a context) names it by uri.
using LocalIds = std::unordered_map<std::string, std::string>;

/// Text and entities of the status that was written (the boosted one for a boost).
void read_content(JsonView status, Mention& m) {
    MastodonHtml html = read_mastodon_html(str(status, "content"));
    const std::string spoiler = str(status, "spoiler_text");
    // The content warning is what readers see first; it is part of what was said.
    m.text = spoiler.empty() ? std::move(html.text) : mastodon_html_to_text(spoiler) + "\n\n" + html.text;
    m.lang = str(status, "language");
    for (std::string& tag : html.hashtags) add_unique(m.hashtags, std::move(tag));
    for (JsonView tag : array(status, "tags")) {
        const std::string name = str(tag, "name");
        bool written = false; // the HTML keeps the author's capitals, tags[] may not
        for (const std::string& h : m.hashtags) written |= to_lower(h) == to_lower(name);
        if (!written) add_unique(m.hashtags, name);
    }
    for (JsonView mention : array(status, "mentions")) {
        std::string acct = str(mention, "acct");
        if (!acct.empty() && acct.find('@') == std::string::npos) {
            const std::string host = url_domain(str(mention, "url"));
            if (!host.empty()) acct += "@" + host;
        }
        add_unique(m.mentions, std::move(acct));
    }
    for (std::string& link : html.links) add_url(m, std::move(link));
    if (JsonView card = object(status, "card")) {
        const std::string url = str(card, "url");
        if (url.rfind("http", 0) == 0) add_url(m, url);
    }
    if (array(status, "media_attachments").size() > 0) m.has_media = true;
    // Mastodon 4.4 quotes: the quoted status when its author allowed it.
    if (JsonView quoted = object(object(status, "quote"), "quoted_status")) {
        const std::string uri = str(quoted, "uri");
        if (!uri.empty()) {
            m.kind = Kind::Quote;
            m.referenced_id = uri;
        }
    }
}

void read_reply(JsonView status, const LocalIds& ids, Mention& m) {
    const std::string parent = str(status, "in_reply_to_id");
    if (parent.empty()) return;
    if (m.kind == Kind::Original) m.kind = Kind::Reply;
    if (auto it = ids.find(parent); it != ids.end()) m.in_reply_to = it->second;
    const std::string parent_account = str(status, "in_reply_to_account_id");
    for (JsonView mention : array(status, "mentions"))
        if (!parent_account.empty() && str(mention, "id") == parent_account) {
            std::string acct = str(mention, "acct");
            const std::string host = url_domain(str(mention, "url"));
            if (acct.find('@') == std::string::npos && !host.empty()) acct += "@" + host;
            m.in_reply_to_handle = acct;
        }
    // A reply to oneself names no one in mentions[]: the author is the one replied to.
    if (m.in_reply_to_handle.empty() && parent_account == str(object(status, "account"), "id"))
        m.in_reply_to_handle = m.author.handle;
}

Result<Mention> read_status(JsonView status, const LocalIds& ids) {
    if (!status.is_object()) return Error{"a status is not a JSON object"};
    const std::string uri = str(status, "uri");
    if (uri.empty()) return Error{"a status has no uri"};
    Mention m;
    m.source = Source::Mastodon;
    m.source_id = uri;
    m.id = "mastodon:" + uri;
    m.url = str(status, "url");
    if (m.url.empty()) m.url = uri;
    const std::string created = str(status, "created_at");
    if (created.empty() || !parse_iso8601(created, m.created_at))
        return Error{"status " + uri + " has no readable created_at"};
    read_account(object(status, "account"), m.author);
    if (JsonView boosted = object(status, "reblog")) {
        // The booster's status has no text of its own: it carries the boosted one's.
        read_content(boosted, m);
        m.kind = Kind::Repost; // a boosted quote is still a boost
        m.referenced_id = str(boosted, "uri");
    } else {
        read_content(status, m);
        read_reply(status, ids, m);
    }
    m.metrics.likes = integer(status, "favourites_count");
    m.metrics.reposts = integer(status, "reblogs_count");
    m.metrics.replies = integer(status, "replies_count");
    m.metrics.quotes = integer(status, "quotes_count");
    return m;
}

/// Every status of an answer, in order: the array's elements, the envelope's
/// statuses, a context's ancestors then descendants, or the status itself.
std::vector<JsonView> statuses_of(JsonView doc) {
    std::vector<JsonView> out;
    if (doc.is_array()) {
        for (JsonView s : doc) out.push_back(s);
    } else if (is_mastodon_status(doc)) {
        out.push_back(doc);
    } else {
        for (const char* key : {"statuses", "ancestors", "descendants"})
            for (JsonView s : array(doc, key)) out.push_back(s);
    }
    return out;
}

} // namespace

bool is_mastodon_status(JsonView doc) {
    return doc.is_object() && field(doc, "uri").is_string() && object(doc, "account") &&
           (field(doc, "content").is_string() || object(doc, "reblog"));
}

bool is_mastodon_answer(JsonView doc) {
    if (doc.is_array()) return is_mastodon_status(doc.at(0));
    return is_mastodon_status(doc) ||
           (doc.is_object() && (array(doc, "statuses") || array(doc, "ancestors") || array(doc, "descendants")));
}

Result<MastodonPage> parse_mastodon_answer(JsonView doc) {
    if (!is_mastodon_answer(doc) && !(doc.is_array() && doc.size() == 0))
        return Error{"not a Mastodon answer (expected statuses, a search result or a context)"};
    const std::vector<JsonView> statuses = statuses_of(doc);
    LocalIds ids;
    for (JsonView s : statuses)
        if (std::string id = str(s, "id"), uri = str(s, "uri"); !id.empty() && !uri.empty()) ids.emplace(id, uri);
    MastodonPage page;
    for (JsonView s : statuses) {
        Result<Mention> m = read_status(s, ids);
        if (m) page.mentions.push_back(std::move(m).value());
        else if (page.unreadable++ == 0) page.first_problem = m.error();
    }
    return page;
}

Result<MastodonPage> parse_mastodon_answer(std::string_view body) {
    if (body.empty()) return Error{"the Mastodon answer is empty"};
    Result<JsonDocument> doc = JsonDocument::parse(body);
    if (!doc) return Error{"the Mastodon answer is not valid JSON (" + doc.error() + ")"};
    return parse_mastodon_answer(doc->root());
}

} // namespace earshot::core
