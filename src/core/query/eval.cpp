// Local evaluation of a query tree over a Mention, with X's documented semantics.
// Hot path (millions of mentions): text and URLs are folded and tokenized at most once
// per QuerySubject, lazily, into thread-local buffers that keep their capacity between calls.
#include "core/query/ast.hpp"

#include <cmath>

namespace earshot::core {

namespace {

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

using Subject = QuerySubject;

// X: geo operators do not match Retweets — a Retweet's place belongs to the original post.
const Place* own_place(const Mention& m) {
    return m.kind == Kind::Repost || !m.place ? nullptr : &*m.place;
}

bool has_bbox(const Place& p) {
    return p.bbox && p.bbox->size() == 4;
}

// A place's lat/lon is a real point unless it is only the centre of its bounding box.
bool has_exact_point(const Place& p) {
    if (!p.lat || !p.lon)
        return false;
    if (!has_bbox(p))
        return true;
    const std::vector<double>& b = *p.bbox;
    return std::abs((b[0] + b[2]) / 2 - *p.lon) > 1e-6 ||
           std::abs((b[1] + b[3]) / 2 - *p.lat) > 1e-6;
}

// X: matches the post's coordinates when present, otherwise a place polygon that lies
// entirely within the region.
bool in_radius(const Place& p, const double* g) {
    const auto inside = [&](double lon, double lat) {
        return distance_km(g[0], g[1], lon, lat) <= g[2];
    };
    if (has_exact_point(p))
        return inside(*p.lon, *p.lat);
    if (!has_bbox(p))
        return false;
    const std::vector<double>& b = *p.bbox;
    return inside(b[0], b[1]) && inside(b[0], b[3]) && inside(b[2], b[1]) && inside(b[2], b[3]);
}

bool in_box(const Place& p, const double* g) {
    const auto inside = [&](double lon, double lat) {
        return lon >= g[0] && lon <= g[2] && lat >= g[1] && lat <= g[3];
    };
    if (has_exact_point(p))
        return inside(*p.lon, *p.lat);
    if (!has_bbox(p))
        return false;
    const std::vector<double>& b = *p.bbox;
    return inside(b[0], b[1]) && inside(b[2], b[3]);
}

bool any_iequals(const std::vector<std::string>& values, std::string_view v) {
    for (const std::string& s : values)
        if (iequals_ascii(s, v))
            return true;
    return false;
}

// A plain handle in a query ("grindhousecafe", X's form) names the same account
// on Bluesky ("grindhousecafe.bsky.social", the default domain the search asked
// for) and on Mastodon ("grindhousecafe@any.server"); a handle written with its
// domain or server names only that one.
bool same_account(std::string_view seen, std::string_view asked) {
    if (iequals_ascii(seen, asked))
        return true;
    if (asked.empty() || asked.find_first_of(".@") != std::string_view::npos || seen.size() <= asked.size() ||
        !iequals_ascii(seen.substr(0, asked.size()), asked))
        return false;
    const std::string_view rest = seen.substr(asked.size());
    return iequals_ascii(rest, ".bsky.social") || (rest[0] == '@' && rest.size() > 1);
}

bool any_same_account(const std::vector<std::string>& values, std::string_view asked) {
    for (const std::string& s : values)
        if (same_account(s, asked))
            return true;
    return false;
}

bool flag_matches(Flag flag, const Mention& m) {
    switch (flag) {
    case Flag::Retweet:
        return m.kind == Kind::Repost;
    case Flag::Reply:
        return m.kind == Kind::Reply;
    case Flag::Quote:
        return m.kind == Kind::Quote;
    case Flag::Verified:
        return m.author.verified;
    case Flag::Nullcast:
        return false; // ads-only posts never reach search results
    // X: "matches Posts which contain links and media in the Post body".
    case Flag::Links:
        return !m.urls.empty() || m.has_media;
    // The model keeps one media flag, so images and videos are approximated by it.
    case Flag::Media:
    case Flag::Images:
    case Flag::VideoLink:
        return m.has_media;
    case Flag::Mentions:
        return !m.mentions.empty();
    case Flag::Hashtags:
        return !m.hashtags.empty();
    case Flag::Cashtags:
        return !m.cashtags.empty();
    case Flag::Geo:
        return own_place(m) != nullptr;
    }
    return false;
}

bool eval(const QueryNode& n, Subject& s) {
    const Mention& m = s.mention();
    switch (n.kind) {
    // Children that need no tokenizing go first: "pizza lang:en" on a French post is
    // decided without tokenizing its text. The result does not depend on the order.
    case NodeKind::And:
    case NodeKind::Or: {
        const bool decisive = n.kind == NodeKind::Or; // the answer that ends the loop
        for (const bool text_pass : {false, true})
            for (const QueryNode& c : n.children)
                if (c.uses_text == text_pass && eval(c, s) == decisive)
                    return decisive;
        return !decisive;
    }
    case NodeKind::Not:
        return !eval(n.children[0], s);
    case NodeKind::Keyword:
    case NodeKind::Phrase: {
        // Tokenized match on the body; X's search also matches expanded URLs, each
        // URL tokenized on its own so a phrase never spans two of them.
        if (s.text_tokens().contains_sequence(n.tokens))
            return true;
        if (s.url_count() == 0)
            return false;
        const std::vector<TokenList>& urls = s.url_tokens();
        for (size_t i = 0; i < s.url_count(); ++i)
            if (urls[i].contains_sequence(n.tokens))
                return true;
        return false;
    }
    case NodeKind::Hashtag:
        for (const std::string& h : m.hashtags)
            if (Subject::folds_to(h, n.folded))
                return true;
        return false;
    case NodeKind::Mention:
        return any_same_account(m.mentions, n.text);
    case NodeKind::Cashtag:
        return any_iequals(m.cashtags, n.text);
    case NodeKind::From:
        return same_account(m.author.handle, n.text) ||
               (!m.author.id.empty() && m.author.id == n.text);
    case NodeKind::To:
        return same_account(m.in_reply_to_handle, n.text);
    case NodeKind::Url: {
        if (s.url_count() == 0)
            return false;
        const std::vector<TokenList>& urls = s.url_tokens();
        for (size_t i = 0; i < s.url_count(); ++i)
            if (urls[i].contains_sequence(n.tokens))
                return true;
        return false;
    }
    case NodeKind::Lang:
        return iequals_ascii(m.lang, n.text);
    case NodeKind::Is:
    case NodeKind::Has:
        return flag_matches(n.flag, m);
    case NodeKind::Place: {
        const Place* p = own_place(m);
        return p &&
               (Subject::folds_to(p->name, n.folded) || Subject::folds_to(p->full_name, n.folded) ||
                (!p->id.empty() && iequals_ascii(p->id, n.text)));
    }
    case NodeKind::PlaceCountry: {
        const Place* p = own_place(m);
        return p && iequals_ascii(p->country_code, n.text);
    }
    case NodeKind::PointRadius: {
        const Place* p = own_place(m);
        return p && in_radius(*p, n.geo);
    }
    case NodeKind::BoundingBox: {
        const Place* p = own_place(m);
        return p && in_box(*p, n.geo);
    }
    case NodeKind::ConversationId:
        return m.conversation_id == n.text;
    case NodeKind::InReplyToTweetId:
        return m.in_reply_to == n.text;
    case NodeKind::RetweetsOfTweetId:
        return m.kind == Kind::Repost && m.referenced_id == n.text;
    case NodeKind::QuotesOfTweetId:
        return m.kind == Kind::Quote && m.referenced_id == n.text;
    }
    return false;
}

// Three-valued: what a term says when the post's text and entities may be cut
// short (a repost as X sends it). A content term not found may be in the cut.
enum class Tri : uint8_t { False, True, Unknown };

bool reads_content(NodeKind k) {
    return k == NodeKind::Keyword || k == NodeKind::Phrase || k == NodeKind::Url ||
           k == NodeKind::Hashtag || k == NodeKind::Mention || k == NodeKind::Cashtag;
}

Tri eval_uncut(const QueryNode& n, Subject& s) {
    switch (n.kind) {
    case NodeKind::And:
    case NodeKind::Or: {
        const Tri decisive = n.kind == NodeKind::Or ? Tri::True : Tri::False;
        Tri result = n.kind == NodeKind::Or ? Tri::False : Tri::True;
        for (const QueryNode& c : n.children) {
            const Tri t = eval_uncut(c, s);
            if (t == decisive)
                return decisive;
            if (t == Tri::Unknown)
                result = Tri::Unknown;
        }
        return result;
    }
    case NodeKind::Not: {
        const Tri t = eval_uncut(n.children[0], s);
        return t == Tri::Unknown ? t : t == Tri::True ? Tri::False : Tri::True;
    }
    default:
        if (eval(n, s))
            return Tri::True;
        return reads_content(n.kind) ? Tri::Unknown : Tri::False;
    }
}

} // namespace

const TokenList& QuerySubject::text_tokens() {
    thread_local TokenList buffer;
    if (!m_text_ready) {
        buffer.assign(m_m.text);
        m_text_ready = true;
    }
    return buffer;
}

const std::vector<TokenList>& QuerySubject::url_tokens() {
    thread_local std::vector<TokenList> urls;
    if (!m_urls_ready) {
        if (urls.size() < m_m.urls.size())
            urls.resize(m_m.urls.size());
        for (size_t i = 0; i < m_m.urls.size(); ++i)
            urls[i].assign(m_m.urls[i]);
        m_urls_ready = true;
    }
    return urls;
}

bool QuerySubject::folds_to(std::string_view s, const std::string& folded) {
    thread_local std::string scratch;
    scratch.clear();
    fold_append(s, scratch);
    return scratch == folded;
}

bool evaluate(const QueryNode& root, const Mention& m) {
    QuerySubject subject(m);
    return eval(root, subject);
}

bool evaluate(const QueryNode& root, QuerySubject& subject) {
    return eval(root, subject);
}

bool may_match_uncut(const QueryNode& root, QuerySubject& subject) {
    return eval_uncut(root, subject) != Tri::False;
}

bool may_match_uncut(const QueryNode& root, const Mention& m) {
    QuerySubject subject(m);
    return eval_uncut(root, subject) != Tri::False;
}

} // namespace earshot::core
