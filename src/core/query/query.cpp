// Query: the public face of the query language — parsing (query_parser.cpp), local
// matching (query_eval.cpp) and the two printers here: canonical text and X's query string.
#include "core/query/query.hpp"

#include "core/query/ast.hpp"

#include <algorithm>
#include <cmath>

namespace earshot::core {

// [SECTION] Operator vocabulary (shared by the parser and the printers)

namespace {

struct OperatorSpec {
    const char* name;
    NodeKind kind;
};
// Aliases X documents map to the same kind; printing uses the first name.
constexpr OperatorSpec kOperators[] = {
    {"from", NodeKind::From},
    {"to", NodeKind::To},
    {"url", NodeKind::Url},
    {"lang", NodeKind::Lang},
    {"is", NodeKind::Is},
    {"has", NodeKind::Has},
    {"place", NodeKind::Place},
    {"place_country", NodeKind::PlaceCountry},
    {"point_radius", NodeKind::PointRadius},
    {"bounding_box", NodeKind::BoundingBox},
    {"geo_bounding_box", NodeKind::BoundingBox},
    {"conversation_id", NodeKind::ConversationId},
    {"in_reply_to_tweet_id", NodeKind::InReplyToTweetId},
    {"in_reply_to_status_id", NodeKind::InReplyToTweetId},
    {"retweets_of_tweet_id", NodeKind::RetweetsOfTweetId},
    {"retweets_of_status_id", NodeKind::RetweetsOfTweetId},
    {"quotes_of_tweet_id", NodeKind::QuotesOfTweetId},
    {"quotes_of_status_id", NodeKind::QuotesOfTweetId},
};

// Operators of X's API (retweets_of:, context:, entity:, list:, sample:) and of its web
// search that need data a stored mention does not carry (the reposted author, annotations,
// list membership, profile fields): refused rather than silently never matching.
constexpr const char* kUnsupported[] = {
    "retweets_of", "context",      "entity",          "list",     "sample",       "bio",
    "bio_name",    "bio_location", "followers_count", "since_id", "until_id",     "since",
    "until",       "near",         "within",          "filter",   "min_retweets", "min_faves"};

struct FlagSpec {
    const char* name;
    NodeKind kind;
    Flag flag;
};
constexpr FlagSpec kFlags[] = {
    {"retweet", NodeKind::Is, Flag::Retweet},    {"reply", NodeKind::Is, Flag::Reply},
    {"quote", NodeKind::Is, Flag::Quote},        {"verified", NodeKind::Is, Flag::Verified},
    {"nullcast", NodeKind::Is, Flag::Nullcast},  {"links", NodeKind::Has, Flag::Links},
    {"media", NodeKind::Has, Flag::Media},       {"media_link", NodeKind::Has, Flag::Media},
    {"images", NodeKind::Has, Flag::Images},     {"video_link", NodeKind::Has, Flag::VideoLink},
    {"videos", NodeKind::Has, Flag::VideoLink},  {"mentions", NodeKind::Has, Flag::Mentions},
    {"hashtags", NodeKind::Has, Flag::Hashtags}, {"cashtags", NodeKind::Has, Flag::Cashtags},
    {"geo", NodeKind::Has, Flag::Geo},
};

} // namespace

std::optional<NodeKind> operator_kind(std::string_view name) {
    for (const OperatorSpec& s : kOperators)
        if (name == s.name)
            return s.kind;
    return std::nullopt;
}

bool is_unsupported_operator(std::string_view name) {
    for (const char* unsupported : kUnsupported)
        if (name == unsupported)
            return true;
    return false;
}

std::optional<Flag> flag_value(NodeKind kind, std::string_view value) {
    for (const FlagSpec& f : kFlags)
        if (f.kind == kind && value == f.name)
            return f.flag;
    return std::nullopt;
}

const char* flag_name(Flag flag) {
    static constexpr const char* const kNames[] = {
        "retweet", "reply",      "quote",    "verified", "nullcast", "links", "media",
        "images",  "video_link", "mentions", "hashtags", "cashtags", "geo"};
    return kNames[static_cast<int>(flag)];
}

const char* operator_name(NodeKind kind) {
    for (const OperatorSpec& s : kOperators)
        if (s.kind == kind)
            return s.name;
    return "";
}

double distance_km(double lon1, double lat1, double lon2, double lat2) {
    constexpr double kEarthRadiusKm = 6371.0088; // mean radius
    constexpr double kRad = 3.14159265358979323846 / 180;
    const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
    const double a =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

namespace {

// [SECTION] Printing

enum class Context { Top, And, Or, Not };

bool is_ascii_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool contains_space(std::string_view v) {
    return v.find_first_of(" \t\r\n\f\v") != std::string_view::npos ||
           v.find("\xC2\xA0") != std::string_view::npos ||
           v.find("\xE3\x80\x80") != std::string_view::npos;
}

// Operator values with punctuation or spaces are quoted (X: "tokens and phrases
// containing punctuation or special characters should be double-quoted").
bool value_needs_quotes(std::string_view v) {
    for (const char c : v)
        if (static_cast<unsigned char>(c) < 0x80 && !is_ascii_word(c))
            return true;
    return contains_space(v);
}

// A keyword goes to X unquoted only when X would read it as the one token we match:
// punctuation (coca-cola), several tokens (東京) or an emoji variant (❤️, which X
// requires in quotes) make it a quoted phrase, which X matches like our sequence.
bool keyword_needs_x_quotes(const QueryNode& n) {
    if (n.tokens.size() != 1)
        return true;
    for (const char c : n.text)
        if (static_cast<unsigned char>(c) < 0x80 && !is_ascii_word(c))
            return true;
    return n.text.find("\xEF\xB8\x8F") != std::string::npos || // U+FE0F
           n.text.find("\xE2\x80\x8D") != std::string::npos;   // U+200D
}

void print_quoted(std::string_view text, std::string& out) {
    out += '"';
    out += text;
    out += '"';
}

void print_leaf(const QueryNode& n, bool for_x, std::string& out) {
    switch (n.kind) {
    case NodeKind::Keyword:
        if (for_x && keyword_needs_x_quotes(n)) {
            print_quoted(n.text, out);
        } else {
            out += n.text;
        }
        return;
    case NodeKind::Phrase:
        print_quoted(n.text, out);
        return;
    case NodeKind::Hashtag:
        out += '#', out += n.text;
        return;
    case NodeKind::Mention:
        out += '@', out += n.text;
        return;
    case NodeKind::Cashtag:
        out += '$', out += n.text;
        return;
    case NodeKind::Is:
        out += "is:", out += n.text;
        return;
    case NodeKind::Has:
        out += "has:", out += n.text;
        return;
    default:
        break;
    }
    out += operator_name(n.kind);
    out += ':';
    if (n.kind == NodeKind::PointRadius || n.kind == NodeKind::BoundingBox) {
        out += '[', out += n.text, out += ']';
    } else if (value_needs_quotes(n.text)) {
        print_quoted(n.text, out);
    } else {
        out += n.text;
    }
}

// Canonical form (for_x false): the tree as parsed, with "-(…)" for negated groups and
// parentheses wherever AND and OR nest. X form (for_x true): negations pushed down to
// the terms by De Morgan's laws — X asks not to negate groups ("skiing -snow -day"
// rather than "skiing -(snow OR day)") — and keywords quoted where X needs it.
void print(const QueryNode& n, bool for_x, bool negated, Context parent, std::string& out) {
    if (n.kind == NodeKind::Not) {
        if (for_x)
            return print(n.children[0], true, !negated, parent, out);
        const bool wrap = parent == Context::Not; // "-(-x)": "--x" is not a term
        if (wrap)
            out += '(';
        out += '-';
        print(n.children[0], false, false, Context::Not, out);
        if (wrap)
            out += ')';
        return;
    }
    if (n.is_leaf()) {
        if (for_x && negated)
            out += '-';
        print_leaf(n, for_x, out);
        return;
    }
    const bool conjunction = (n.kind == NodeKind::And) != (for_x && negated);
    const bool wrap = parent == Context::Not || (conjunction && parent == Context::Or) ||
                      (!conjunction && parent == Context::And);
    if (wrap)
        out += '(';
    for (size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0)
            out += conjunction ? " " : " OR ";
        print(n.children[i], for_x, negated, conjunction ? Context::And : Context::Or, out);
    }
    if (wrap)
        out += ')';
}

} // namespace

bool same_tree(const QueryNode& a, const QueryNode& b) {
    if (a.kind != b.kind || a.text != b.text || a.children.size() != b.children.size())
        return false;
    for (size_t i = 0; i < a.children.size(); ++i)
        if (!same_tree(a.children[i], b.children[i]))
            return false;
    return true;
}

std::string QueryError::to_string() const {
    return "column " + std::to_string(column) + ": " + message;
}

std::variant<Query, QueryError> Query::parse(std::string_view text) {
    std::variant<QueryNode, QueryError> parsed = parse_tree(text);
    if (QueryError* error = std::get_if<QueryError>(&parsed))
        return std::move(*error);
    Query q;
    q.m_root = std::make_shared<const QueryNode>(std::move(std::get<QueryNode>(parsed)));
    return q;
}

bool Query::matches(const Mention& m) const {
    return m_root && evaluate(*m_root, m);
}

bool Query::may_match_uncut(const Mention& m) const {
    return m_root && earshot::core::may_match_uncut(*m_root, m);
}

bool Query::matches(QuerySubject& subject) const {
    return m_root && evaluate(*m_root, subject);
}

bool Query::may_match_uncut(QuerySubject& subject) const {
    return m_root && earshot::core::may_match_uncut(*m_root, subject);
}

Result<std::string> Query::to_x_query() const {
    std::string out;
    if (m_root)
        print(*m_root, true, false, Context::Top, out);
    const size_t length = utf8_length(out);
    if (length > kMaxXQueryLength)
        return Error{"query is " + std::to_string(length) + " characters; X allows at most " +
                     std::to_string(kMaxXQueryLength)};
    return out;
}

// [SECTION] Composition (a poll group's combined query, a catch-up's exclusions)

namespace {

// The operands of nested ANDs (or ORs) as one flat list; any other node is itself.
void flatten(const QueryNode& n, NodeKind kind, std::vector<const QueryNode*>& out) {
    if (n.kind != kind) {
        out.push_back(&n);
        return;
    }
    for (const QueryNode& c : n.children)
        flatten(c, kind, out);
}

// "-is:nullcast" holds for every post (see Query): excluding it never narrows anything.
bool always_true(const QueryNode& n) {
    return n.kind == NodeKind::Not && n.children[0].kind == NodeKind::Is &&
           n.children[0].flag == Flag::Nullcast;
}

// Whether every post matching all of `required` satisfies `term` (judged on the
// tree's shape alone, so it holds for X's matching as much as for ours): some
// required term offers only alternatives `term` offers too.
bool implied(const QueryNode& term, const std::vector<const QueryNode*>& required) {
    if (always_true(term))
        return true;
    std::vector<const QueryNode*> offered;
    flatten(term, NodeKind::Or, offered);
    const auto is_offered = [&](const QueryNode* a) {
        return std::any_of(offered.begin(), offered.end(),
                           [&](const QueryNode* o) { return same_tree(*a, *o); });
    };
    for (const QueryNode* r : required) {
        std::vector<const QueryNode*> alternatives;
        flatten(*r, NodeKind::Or, alternatives);
        if (std::all_of(alternatives.begin(), alternatives.end(), is_offered))
            return true;
    }
    return false;
}

QueryNode combine(NodeKind kind, std::vector<QueryNode> children) {
    if (children.size() == 1)
        return std::move(children[0]);
    QueryNode n;
    n.kind = kind;
    for (const QueryNode& c : children)
        n.uses_text |= c.uses_text;
    n.children = std::move(children);
    return n;
}

} // namespace

Query Query::any_of(const std::vector<Query>& queries) {
    std::vector<QueryNode> branches;
    for (const Query& q : queries)
        if (q.m_root)
            branches.push_back(*q.m_root);
    Query out;
    if (!branches.empty())
        out.m_root = std::make_shared<const QueryNode>(combine(NodeKind::Or, std::move(branches)));
    return out;
}

std::optional<Query> Query::but_not(const Query& include, const std::vector<Query>& exclude) {
    if (!include.m_root)
        return include;
    std::vector<const QueryNode*> required;
    flatten(*include.m_root, NodeKind::And, required);
    std::vector<QueryNode> excluded;
    for (const Query& e : exclude) {
        if (!e.m_root)
            continue;
        std::vector<const QueryNode*> terms;
        flatten(*e.m_root, NodeKind::And, terms);
        std::vector<QueryNode> rest;
        for (const QueryNode* t : terms)
            if (!implied(*t, required))
                rest.push_back(*t);
        if (rest.empty())
            return std::nullopt; // every post `include` matches, `e` matches too
        excluded.push_back(combine(NodeKind::And, std::move(rest)));
    }
    if (excluded.empty())
        return include;
    QueryNode negation;
    negation.kind = NodeKind::Not;
    negation.children.push_back(combine(NodeKind::Or, std::move(excluded)));
    negation.uses_text = negation.children[0].uses_text;
    std::vector<QueryNode> all;
    for (const QueryNode* r : required)
        all.push_back(*r);
    all.push_back(std::move(negation));
    Query out;
    out.m_root = std::make_shared<const QueryNode>(combine(NodeKind::And, std::move(all)));
    return out;
}

std::string Query::to_string() const {
    std::string out;
    if (m_root)
        print(*m_root, false, false, Context::Top, out);
    return out;
}

bool Query::operator==(const Query& other) const {
    if (!m_root || !other.m_root)
        return m_root == other.m_root;
    return same_tree(*m_root, *other.m_root);
}

Query::Query(const Query&) = default;
Query& Query::operator=(const Query&) = default;
Query::Query(Query&&) noexcept = default;
Query& Query::operator=(Query&&) noexcept = default;
Query::~Query() = default;

} // namespace earshot::core
