// The query language: X's search-operator syntax parsed once into an AST that
// is printed for X (to_x_query) and evaluated locally over mentions (matches)
// with X's documented semantics. See docs/architecture.md, "The query language".
#pragma once

#include "core/model/mention.hpp"
#include "core/model/result.hpp"
#include "core/text/text.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace earshot::core {

/// A syntax error: 1-based column of the offending character and what was expected,
/// e.g. {14, "expected ')' to close the group opened at column 3"}.
struct QueryError {
    size_t column = 0;
    std::string message;
    /// "column 14: expected ..."
    std::string to_string() const;
};

struct QueryNode; // AST, defined in query.cpp (or query_ast.hpp)

/// One mention as several queries see it in turn (a listener set asks each listener's
/// query): its text and URLs are folded and tokenized once, by the first query that reads
/// them, not once per query. The tokens live in the thread's buffers, so only one subject
/// may be in use per thread at a time, and the mention must outlive it.
class QuerySubject {
  public:
    explicit QuerySubject(const Mention& m) : m_m(m) {}

    const Mention& mention() const { return m_m; }
    const TokenList& text_tokens();
    const std::vector<TokenList>& url_tokens();
    size_t url_count() const { return m_m.urls.size(); }
    /// fold_for_search(s) == folded, without allocating.
    static bool folds_to(std::string_view s, const std::string& folded);

  private:
    const Mention& m_m;
    bool m_text_ready = false;
    bool m_urls_ready = false;
};

/// A parsed search query. Semantics follow X API v2's "Build a query" and "Operators"
/// pages; where they are silent, the choice is written here.
/// - Keywords and "phrases" are tokenized matches (split on punctuation, symbols and
///   spaces; each emoji is a token), case- and accent-insensitive in both directions
///   ("café" matches "cafe" and "cafe" matches "café"). A bare keyword with punctuation
///   ("coca-cola") matches its tokens in sequence, like the quoted phrase it is sent as.
/// - Keywords and phrases also match the expanded URLs, each URL tokenized on its own
///   (documented for X's enterprise search; v2 says only "the body").
/// - #tag, @handle and $SYMBOL match the extracted entities exactly, never a prefix;
///   @ does not match the author (that is from:). from: is the author's handle or id,
///   to: the handle replied to, url: a token sequence within one expanded URL, place:
///   the place's name, full name or id, place_country: its country code.
/// - point_radius: and bounding_box: match the post's point, or else a place box lying
///   entirely inside the region; no geo operator (nor has:geo) matches a repost, whose
///   place belongs to the original post. A quote is matched on its own text only.
/// - has:links is true for links or media (X: "links and media"); has:images and
///   has:video_link use the one media flag the model has; -is:nullcast always holds.
/// - Refused as X refuses them: is:/has:/lang: without a standalone term in every OR
///   branch, a query or OR branch that only excludes, AND, unknown operators.
class Query {
  public:
    /// X's limit on a recent-search query (self-serve access), in characters.
    static constexpr size_t kMaxXQueryLength = 512;

    /// Parses X search syntax. On failure returns the error with its column.
    static std::variant<Query, QueryError> parse(std::string_view text);

    /// Local evaluation with X's semantics (tokenized, case- and accent-insensitive
    /// keywords, exact phrases and hashtags, AND before OR, negation, operators).
    bool matches(const Mention& m) const;
    /// The same, on a mention other queries may already have tokenized.
    bool matches(QuerySubject& subject) const;

    /// Whether the query could match `m` if its text and entities were longer
    /// than stored: X matches a repost on the whole reposted post but sends its
    /// text cut at 140 characters. False only when something else rules it out
    /// ("-is:retweet", another lang:, …). True whenever matches() is.
    bool may_match_uncut(const Mention& m) const;
    bool may_match_uncut(QuerySubject& subject) const;

    /// The exact string sent to X; an Error when it is longer than 512 characters
    /// (counted in code points). Negated groups are rewritten by De Morgan's laws, as X
    /// asks ("skiing -(snow OR day)" → "skiing -snow -day").
    Result<std::string> to_x_query() const;

    /// Posts any of `queries` matches: "(q1) OR (q2) …", for one search that reads
    /// for several listeners at once. `queries` must not be empty.
    static Query any_of(const std::vector<Query>& queries);

    /// Posts `include` matches that no query of `exclude` matches: "include -(e1) …".
    /// Terms of an excluded query that every post of `include` satisfies anyway
    /// (the same term among include's top-level ANDs, or an OR offering one) are
    /// left out of its negation: the query is shorter, and a shared "-is:retweet"
    /// does not turn into an "is:retweet" branch X could refuse. nullopt when
    /// `include` lies within an excluded query: nothing would be left to find.
    static std::optional<Query> but_not(const Query& include, const std::vector<Query>& exclude);

    /// Canonical text form: parse(to_string()) yields an equal tree.
    std::string to_string() const;

    bool operator==(const Query& other) const; ///< structural equality of the trees

    /// The parsed tree (query_ast.hpp), read-only, for planners such as MentionIndex.
    const QueryNode* root() const { return m_root.get(); }

    Query(const Query&);
    Query& operator=(const Query&);
    Query(Query&&) noexcept;
    Query& operator=(Query&&) noexcept;
    ~Query();

  private:
    Query() = default;
    std::shared_ptr<const QueryNode> m_root;
};

} // namespace earshot::core
