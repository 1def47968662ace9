// The query AST shared by the parser (query_parser.cpp), the printer (query.cpp) and
// the evaluator (query_eval.cpp). Internal to the core; other modules use query.hpp.
#pragma once

#include "core/query/query.hpp"
#include "core/text/text.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace earshot::core {

enum class NodeKind : uint8_t {
    And,
    Or,
    Not,
    // Standalone terms (X: may be used on their own).
    Keyword,      ///< apple, coca-cola, 😃
    Phrase,       ///< "exact phrase"
    Hashtag,      ///< #tag
    Mention,      ///< @handle
    Cashtag,      ///< $SYMBOL
    From,         ///< from:handle
    To,           ///< to:handle
    Url,          ///< url:"example.com/path"
    Place,        ///< place:"new york city"
    PlaceCountry, ///< place_country:GB
    PointRadius,  ///< point_radius:[lon lat 10km]
    BoundingBox,  ///< bounding_box:[west south east north]
    ConversationId,
    InReplyToTweetId,
    RetweetsOfTweetId,
    QuotesOfTweetId,
    // Conjunction-required (X: only alongside a standalone term).
    Lang, ///< lang:en
    Is,   ///< is:retweet …
    Has,  ///< has:links …
};

/// The value of an is: or has: operator.
enum class Flag : uint8_t {
    Retweet,
    Reply,
    Quote,
    Verified,
    Nullcast,
    Links,
    Media,
    Images,
    VideoLink,
    Mentions,
    Hashtags,
    Cashtags,
    Geo,
};

struct QueryNode {
    NodeKind kind = NodeKind::And;
    /// The term as written, without sigil or quotes: keyword, phrase content, tag,
    /// handle, operator value; the canonical name for is:/has:; "lon lat radius" or
    /// "west south east north" (single spaces) for the geo operators.
    std::string text;
    std::vector<QueryNode> children; ///< And, Or (two or more), Not (one)
    size_t column = 0;               ///< 1-based start, for messages; not part of equality

    // Precomputed at parse time so matching does no per-term work.
    TokenList tokens;   ///< Keyword, Phrase, Url: the folded tokens to find in sequence
    std::string folded; ///< Hashtag, Place: fold_for_search(text)
    Flag flag = Flag::Retweet;
    double geo[4] = {}; ///< lon, lat, radius_km | west, south, east, north
    /// The node needs the tokenized text or URLs; AND/OR test the other children first.
    bool uses_text = false;

    bool is_leaf() const { return kind > NodeKind::Not; }
    bool is_conjunction_required() const {
        return kind == NodeKind::Lang || kind == NodeKind::Is || kind == NodeKind::Has;
    }
};

/// Structural equality (kinds, texts, children), ignoring columns.
bool same_tree(const QueryNode& a, const QueryNode& b);

/// Parses and validates X search syntax (query_parser.cpp).
std::variant<QueryNode, QueryError> parse_tree(std::string_view text);

/// Local evaluation with X's semantics (query_eval.cpp).
bool evaluate(const QueryNode& root, const Mention& m);
bool evaluate(const QueryNode& root, QuerySubject& subject);
/// Query::may_match_uncut (query_eval.cpp).
bool may_match_uncut(const QueryNode& root, const Mention& m);
bool may_match_uncut(const QueryNode& root, QuerySubject& subject);

/// The kind of an operator name (lower-case, without ':'); aliases give the same kind.
std::optional<NodeKind> operator_kind(std::string_view name);
/// X operators Earshot refuses because stored mentions lack their data ("list").
bool is_unsupported_operator(std::string_view name);
/// The flag of an is:/has: value (lower-case); aliases give the same flag.
std::optional<Flag> flag_value(NodeKind kind, std::string_view value);

/// The operator's canonical name without ':' ("from", "place_country"), "" for others.
const char* operator_name(NodeKind kind);
/// The canonical is:/has: value ("retweet", "links").
const char* flag_name(Flag flag);

/// Radius limit of point_radius: and side limit of bounding_box: (X: 25 miles).
constexpr double kMaxGeoKm = 25 * 1.609344;
/// Great-circle distance in kilometres.
double distance_km(double lon1, double lat1, double lon2, double lat2);

} // namespace earshot::core
