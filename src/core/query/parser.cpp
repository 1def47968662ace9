// Parser for X's search-operator syntax: text → validated QueryNode tree, or the first
// syntax error with its 1-based column (in characters). AND binds tighter than OR, as on X:
//   query   := or END
//   or      := and ("OR" and)*
//   and     := unary+                    terms separated by spaces
//   unary   := "-" primary | primary     "-" directly before the term
//   primary := "(" or ")" | '"' phrase '"' | "#" tag | "@" handle | "$" symbol
//            | name ":" value | keyword
#include "core/query/ast.hpp"

#include <algorithm>
#include <optional>

namespace earshot::core {

namespace {

bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alnum(char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c);
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Locale-independent decimal: -?digits[.digits] (strtod would follow the C locale).
bool parse_decimal(std::string_view s, double& out) {
    size_t i = 0;
    const bool negative = i < s.size() && (s[i] == '-' || s[i] == '+') && s[i++] == '-';
    double value = 0, scale = 1;
    bool digits = false, point = false;
    for (; i < s.size(); ++i) {
        if (is_ascii_digit(s[i])) {
            digits = true;
            if (point)
                scale /= 10;
            value = value * 10 + (s[i] - '0');
        } else if (s[i] == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    out = (negative ? -value : value) * scale;
    return digits;
}

// [SECTION] Parser

enum class Context { Top, Group, AfterOr };

class Parser {
  public:
    explicit Parser(std::string_view src) : m_src(src), m_prefixes(src) {}

    std::variant<QueryNode, QueryError> run() {
        QueryNode root;
        skip_spaces();
        if (parse_or(root, 0, Context::Top)) {
            skip_spaces();
            if (m_pos < m_src.size())
                fail(m_pos, "expected '(' before this ')': it closes no group");
        }
        if (!m_failed)
            validate(root);
        if (m_failed)
            return m_error;
        mark_text_use(root);
        return root;
    }

  private:
    bool fail(size_t offset, std::string message) {
        if (!m_failed) {
            m_failed = true;
            m_error = QueryError{column(offset), std::move(message)};
        }
        return false;
    }
    size_t column(size_t offset) const {
        return m_prefixes.length_before(offset) + 1;
    }

    // Spaces: ASCII white space, no-break space and the ideographic space (pasted text).
    size_t space_at(size_t pos) const {
        if (pos >= m_src.size())
            return 0;
        const char c = m_src[pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            return 1;
        if (m_src.compare(pos, 2, "\xC2\xA0") == 0)
            return 2;
        if (m_src.compare(pos, 3, "\xE3\x80\x80") == 0)
            return 3;
        return 0;
    }
    void skip_spaces() {
        while (size_t n = space_at(m_pos))
            m_pos += n;
    }
    bool is_terminator(size_t pos) const {
        return pos >= m_src.size() || space_at(pos) || m_src[pos] == '(' || m_src[pos] == ')' ||
               m_src[pos] == '"';
    }
    size_t word_end(size_t pos) const {
        while (!is_terminator(pos))
            ++pos;
        return pos;
    }
    std::string_view peek_word() const { return m_src.substr(m_pos, word_end(m_pos) - m_pos); }

    static QueryNode make(NodeKind kind, size_t column, std::string text = {}) {
        QueryNode n;
        n.kind = kind;
        n.column = column;
        n.text = std::move(text);
        return n;
    }

    // One item stays itself; nested nodes of the same kind are spliced in, so
    // "(a b) c" and "a b c" give the same tree (and printing can drop parentheses).
    static QueryNode make_nary(NodeKind kind, std::vector<QueryNode>&& items, size_t column) {
        if (items.size() == 1)
            return std::move(items.front());
        QueryNode n = make(kind, column);
        for (QueryNode& item : items) {
            if (item.kind == kind) {
                for (QueryNode& c : item.children)
                    n.children.push_back(std::move(c));
            } else {
                n.children.push_back(std::move(item));
            }
        }
        return n;
    }

    bool parse_or(QueryNode& out, int depth, Context context) {
        skip_spaces();
        const size_t start = m_pos;
        std::vector<QueryNode> branches(1);
        if (!parse_and(branches.back(), depth, context))
            return false;
        for (;;) {
            skip_spaces();
            if (peek_word() != "OR")
                break;
            m_pos += 2;
            skip_spaces();
            branches.emplace_back();
            if (!parse_and(branches.back(), depth, Context::AfterOr))
                return false;
        }
        out = make_nary(NodeKind::Or, std::move(branches), column(start));
        return true;
    }

    bool parse_and(QueryNode& out, int depth, Context context) {
        skip_spaces();
        const size_t start = m_pos;
        std::vector<QueryNode> items;
        for (;;) {
            skip_spaces();
            if (m_pos >= m_src.size() || m_src[m_pos] == ')')
                break;
            const std::string_view word = peek_word();
            if (word == "OR")
                break;
            if (word == "AND")
                return fail(m_pos, "expected a space instead of AND: terms side by side must all "
                                   "match (write \"and\" in quotes to search for the word)");
            items.emplace_back();
            if (!parse_unary(items.back(), depth))
                return false;
        }
        if (items.empty()) {
            const bool at_or = peek_word() == "OR";
            if (context == Context::AfterOr)
                return fail(m_pos, "expected a search term after OR");
            if (at_or)
                return fail(m_pos, "expected a search term before OR");
            if (context == Context::Group)
                return fail(m_pos, "expected a search term inside the parentheses");
            if (m_pos < m_src.size())
                return fail(m_pos, "expected a search term before ')'");
            return fail(m_pos, "expected a search term");
        }
        out = make_nary(NodeKind::And, std::move(items), column(start));
        return true;
    }

    bool parse_unary(QueryNode& out, int depth) {
        if (m_src[m_pos] != '-')
            return parse_primary(out, depth);
        const size_t start = m_pos++;
        if (m_pos >= m_src.size() || space_at(m_pos) || m_src[m_pos] == ')')
            return fail(m_pos, "expected a term right after '-' (no space in between)");
        if (m_src[m_pos] == '-')
            return fail(m_pos, "expected a term after '-', not another '-'");
        QueryNode inner;
        if (!parse_primary(inner, depth))
            return false;
        out = make(NodeKind::Not, column(start));
        out.children.push_back(std::move(inner));
        return true;
    }

    bool parse_primary(QueryNode& out, int depth) {
        const char c = m_src[m_pos];
        if (c == '(')
            return parse_group(out, depth);
        if (c == '"')
            return parse_phrase(out);
        const size_t start = m_pos, end = word_end(m_pos);
        const std::string_view word = m_src.substr(start, end - start);
        if (word == "OR" || word == "AND")
            return fail(start, "expected a search term, not " + std::string(word));
        if (c == '#' || c == '@' || c == '$')
            return parse_entity(out, word);
        size_t name_end = start;
        while (name_end < end && (is_ascii_alpha(m_src[name_end]) || m_src[name_end] == '_'))
            ++name_end;
        if (name_end > start && name_end < m_src.size() && m_src[name_end] == ':')
            return parse_operator(out, m_src.substr(start, name_end - start));
        m_pos = end;
        out = make(NodeKind::Keyword, column(start), std::string(word));
        out.tokens.assign(word);
        if (out.tokens.empty())
            return fail(start, "expected a word, \"phrase\" or operator: '" + std::string(word) +
                                   "' has no letters, digits or emoji");
        return true;
    }

    bool parse_group(QueryNode& out, int depth) {
        constexpr int kMaxDepth = 50;
        const size_t open = m_pos++;
        if (depth >= kMaxDepth)
            return fail(open, "expected at most 50 nested parentheses");
        if (!parse_or(out, depth + 1, Context::Group))
            return false;
        skip_spaces();
        if (m_pos >= m_src.size())
            return fail(m_pos, "expected ')' to close the group opened at column " +
                                   std::to_string(column(open)));
        ++m_pos; // parse_or stops only at the end or at ')'
        return true;
    }

    // The text between double quotes, which cannot contain one (X has no escapes).
    bool read_quoted(size_t open, std::string_view what, std::string& out) {
        const size_t close = m_src.find('"', open + 1);
        if (close == std::string_view::npos)
            return fail(m_src.size(), "expected '\"' to close the " + std::string(what) +
                                          " opened at column " + std::to_string(column(open)));
        out.assign(m_src.substr(open + 1, close - open - 1));
        m_pos = close + 1;
        return true;
    }

    bool parse_phrase(QueryNode& out) {
        const size_t open = m_pos;
        std::string text;
        if (!read_quoted(open, "phrase", text))
            return false;
        out = make(NodeKind::Phrase, column(open), std::move(text));
        out.tokens.assign(out.text);
        if (out.tokens.empty())
            return fail(open, "expected words between the quotes (letters, digits or emoji)");
        return true;
    }

    // Handles: X's letters, digits and '_'; '.', '-' and '@' inside, for Bluesky
    // (alice.bsky.social) and Mastodon (user@server) handles.
    bool check_handle(std::string_view handle, size_t offset, const char* what) {
        if (handle.empty())
            return fail(offset, std::string("expected ") + what);
        for (size_t i = 0; i < handle.size(); ++i) {
            const char c = handle[i];
            const bool inner = (c == '.' || c == '-' || c == '@') && i > 0 && i + 1 < handle.size();
            if (!is_ascii_alnum(c) && c != '_' && !inner)
                return fail(offset + i, "expected only letters, digits or '_' in a username");
        }
        return true;
    }

    bool parse_entity(QueryNode& out, std::string_view word) {
        const size_t start = m_pos;
        const std::string_view body = word.substr(1);
        m_pos += word.size();
        if (word[0] == '@') {
            if (!check_handle(body, start + 1, "a username after '@'"))
                return false;
            out = make(NodeKind::Mention, column(start), std::string(body));
            return true;
        }
        if (word[0] == '$') {
            if (body.empty() || !is_ascii_alpha(body[0]))
                return fail(start + 1, "expected a ticker symbol after '$', such as $AAPL");
            for (size_t i = 0; i < body.size(); ++i)
                if (!is_ascii_alnum(body[i]) && body[i] != '_' &&
                    !(body[i] == '.' && i + 1 < body.size()))
                    return fail(start + 1 + i, "expected only letters or digits in a $cashtag");
            out = make(NodeKind::Cashtag, column(start), std::string(body));
            return true;
        }
        if (body.empty())
            return fail(start + 1, "expected a hashtag after '#'");
        for (size_t pos = 0; pos < body.size();) {
            const size_t at = pos;
            const char32_t cp = utf8_next(body, pos);
            if (cp != '_' && !is_word_char(cp))
                return fail(start + 1 + at, "expected only letters, digits or '_' in a #hashtag");
        }
        out = make(NodeKind::Hashtag, column(start), std::string(body));
        out.folded = fold_for_search(body);
        return true;
    }

    bool parse_operator(QueryNode& out, std::string_view written_name) {
        const size_t start = m_pos;
        const std::string name = ascii_lower(written_name);
        const std::optional<NodeKind> kind = operator_kind(name);
        if (!kind) {
            if (is_unsupported_operator(name))
                return fail(start, "expected an operator Earshot can evaluate: '" + name +
                                       ":' is not supported");
            return fail(start, "expected a known operator before ':' ('" + name +
                                   ":' is not one); put text containing ':' in quotes");
        }
        const size_t value_at = start + written_name.size() + 1;
        m_pos = value_at;
        out = make(*kind, column(start));
        const bool geo = *kind == NodeKind::PointRadius || *kind == NodeKind::BoundingBox;
        if (m_pos >= m_src.size() || space_at(m_pos) || m_src[m_pos] == ')' || m_src[m_pos] == '(')
            return fail(m_pos, "expected a value after '" + name + ":'");
        if (geo)
            return parse_geo(out, name);
        if (m_src[m_pos] == '"') {
            if (!read_quoted(m_pos, "value", out.text))
                return false;
        } else {
            const size_t end = word_end(m_pos);
            out.text.assign(m_src.substr(m_pos, end - m_pos));
            m_pos = end;
        }
        return check_value(out, name, value_at);
    }

    bool check_value(QueryNode& out, const std::string& name, size_t at) {
        const std::string& v = out.text;
        switch (out.kind) {
        case NodeKind::From:
        case NodeKind::To:
            return check_handle(v, at, ("a username after '" + name + ":'").c_str());
        case NodeKind::Url:
        case NodeKind::Place:
            out.tokens.assign(v);
            if (out.tokens.empty())
                return fail(at, "expected letters or digits in the value of '" + name + ":'");
            if (out.kind == NodeKind::Place)
                out.folded = fold_for_search(v);
            return true;
        case NodeKind::Lang: {
            // BCP 47 as X uses it: en, und, pt-BR, zh-TW, hi-Latn.
            size_t i = 0;
            while (i < v.size() && is_ascii_alpha(v[i]))
                ++i;
            bool ok = i >= 2 && i <= 3;
            while (ok && i < v.size()) {
                size_t j = i + 1;
                while (j < v.size() && is_ascii_alnum(v[j]))
                    ++j;
                ok = v[i] == '-' && j - i - 1 >= 2 && j - i - 1 <= 8;
                i = j;
            }
            return ok || fail(at, "expected a language code such as en or pt-BR after 'lang:'");
        }
        case NodeKind::Is:
        case NodeKind::Has: {
            if (const std::optional<Flag> flag = flag_value(out.kind, ascii_lower(v))) {
                out.flag = *flag;
                out.text = flag_name(*flag);
                return true;
            }
            return fail(at, out.kind == NodeKind::Is
                                ? "expected retweet, reply, quote, verified or nullcast after 'is:'"
                                : "expected links, media, images, video_link, mentions, hashtags, "
                                  "cashtags or geo after 'has:'");
        }
        case NodeKind::PlaceCountry:
            return (v.size() == 2 && is_ascii_alpha(v[0]) && is_ascii_alpha(v[1])) ||
                   fail(at, "expected a two-letter country code such as GB after 'place_country:'");
        default: // ids: conversation_id:, in_reply_to_tweet_id:, …
            if (v.empty() || v.find_first_of(" \t\r\n") != std::string::npos)
                return fail(at, "expected a post id after '" + name + ":'");
            return true;
        }
    }

    // point_radius:[lon lat radius] and bounding_box:[west south east north].
    bool parse_geo(QueryNode& out, const std::string& name) {
        const size_t open = m_pos;
        const bool radius = out.kind == NodeKind::PointRadius;
        const char* shape = radius ? "[longitude latitude radius], e.g. [-0.1372 50.8225 10km]"
                                   : "[west_long south_lat east_long north_lat]";
        if (m_src[open] != '[')
            return fail(open, "expected " + std::string(shape) + " after '" + name + ":'");
        const size_t close = m_src.find(']', open);
        if (close == std::string_view::npos)
            return fail(m_src.size(), "expected ']' to close the coordinates opened at column " +
                                          std::to_string(column(open)));
        m_pos = close + 1;
        // Split the inside on spaces, remembering where each part starts.
        std::vector<std::pair<size_t, std::string_view>> parts;
        for (size_t i = open + 1; i < close;) {
            if (size_t n = space_at(i)) {
                i += n;
                continue;
            }
            size_t j = i;
            while (j < close && !space_at(j))
                ++j;
            parts.emplace_back(i, m_src.substr(i, j - i));
            i = j;
        }
        const size_t wanted = radius ? 3 : 4;
        if (parts.size() != wanted)
            return fail(parts.size() > wanted ? parts[wanted].first : close,
                        "expected " + std::string(shape));
        const auto number = [&](size_t k, double lo, double hi, const char* what, double& v) {
            return (parse_decimal(parts[k].second, v) && v >= lo && v <= hi) ||
                   fail(parts[k].first, std::string("expected a ") + what);
        };
        double* g = out.geo;
        if (radius) {
            if (!number(0, -180, 180, "longitude between -180 and 180", g[0]) ||
                !number(1, -90, 90, "latitude between -90 and 90", g[1]))
                return false;
            std::string_view r = parts[2].second;
            const std::string unit = ascii_lower(r.substr(r.size() >= 2 ? r.size() - 2 : 0));
            double value = 0;
            if ((unit != "km" && unit != "mi") || !parse_decimal(r.substr(0, r.size() - 2), value))
                return fail(parts[2].first, "expected a radius in km or mi, such as 10km or 5mi");
            g[2] = unit == "mi" ? value * 1.609344 : value;
            if (g[2] <= 0)
                return fail(parts[2].first, "expected a radius greater than 0");
            if (g[2] > kMaxGeoKm + 1e-9)
                return fail(parts[2].first,
                            "expected a radius of at most 25mi (40.2km), X's limit");
        } else {
            if (!number(0, -180, 180, "west longitude between -180 and 180", g[0]) ||
                !number(1, -90, 90, "south latitude between -90 and 90", g[1]) ||
                !number(2, -180, 180, "east longitude between -180 and 180", g[2]) ||
                !number(3, -90, 90, "north latitude between -90 and 90", g[3]))
                return false;
            if (g[0] >= g[2])
                return fail(parts[2].first,
                            "expected the east longitude to be greater than the west one");
            if (g[1] >= g[3])
                return fail(parts[3].first,
                            "expected the north latitude to be greater than the south one");
            const double mid = (g[1] + g[3]) / 2;
            if (distance_km(g[0], mid, g[2], mid) > kMaxGeoKm + 1e-9 ||
                distance_km(g[0], g[1], g[0], g[3]) > kMaxGeoKm + 1e-9)
                return fail(open, "expected a box at most 25mi (40.2km) wide and high, X's limit");
        }
        for (const auto& part : parts) {
            if (!out.text.empty())
                out.text += ' ';
            out.text += part.second;
        }
        return true;
    }

    static bool mark_text_use(QueryNode& n) {
        n.uses_text =
            n.kind == NodeKind::Keyword || n.kind == NodeKind::Phrase || n.kind == NodeKind::Url;
        for (QueryNode& c : n.children)
            n.uses_text |= mark_text_use(c);
        return n.uses_text;
    }

    // [SECTION] Validation (X's rules on what a whole query may be)

    // Whether every post the node matches must match a positive standalone term; X
    // refuses queries where that is not so (only is:/has:/lang:, or only negations).
    static bool anchored(const QueryNode& n, bool negated) {
        if (n.kind == NodeKind::Not)
            return anchored(n.children[0], !negated);
        if (n.is_leaf())
            return !negated && !n.is_conjunction_required();
        const bool conjunction = (n.kind == NodeKind::And) != negated; // De Morgan
        for (const QueryNode& c : n.children) {
            if (anchored(c, negated) == conjunction)
                return conjunction;
        }
        return !conjunction;
    }

    struct Found {
        const QueryNode* node;
        bool negated;
    };
    static Found first_unanchored(const QueryNode& n, bool negated) {
        if (anchored(n, negated))
            return {nullptr, negated};
        if (n.kind == NodeKind::Not)
            return {&n, negated}; // point at the '-'
        const bool conjunction = (n.kind == NodeKind::And) != negated;
        if (!n.is_leaf() && !conjunction) {
            for (const QueryNode& c : n.children)
                if (!anchored(c, negated))
                    return first_unanchored(c, negated);
        }
        return {&n, negated};
    }

    static bool has_positive_conjunction_required(const QueryNode& n, bool negated) {
        if (n.kind == NodeKind::Not)
            return has_positive_conjunction_required(n.children[0], !negated);
        if (n.is_leaf())
            return !negated && n.is_conjunction_required();
        for (const QueryNode& c : n.children)
            if (has_positive_conjunction_required(c, negated))
                return true;
        return false;
    }

    bool check_nullcast(const QueryNode& n, bool negated) {
        if (n.kind == NodeKind::Is && n.flag == Flag::Nullcast && !negated)
            return fail_at_column(n.column, "expected -is:nullcast: X only accepts it negated");
        const bool flip = n.kind == NodeKind::Not;
        for (const QueryNode& c : n.children)
            if (!check_nullcast(c, negated != flip))
                return false;
        return true;
    }

    bool fail_at_column(size_t col, std::string message) {
        if (!m_failed) {
            m_failed = true;
            m_error = QueryError{col, std::move(message)};
        }
        return false;
    }

    void validate(const QueryNode& root) {
        if (!check_nullcast(root, false))
            return;
        const Found bad = first_unanchored(root, false);
        if (!bad.node)
            return;
        if (has_positive_conjunction_required(*bad.node, bad.negated)) {
            fail_at_column(bad.node->column,
                           "expected a keyword, \"phrase\", #hashtag, @mention, from: or another "
                           "standalone term here: is:, has: and lang: only narrow a search and X "
                           "rejects them on their own");
        } else {
            fail_at_column(bad.node->column,
                           "expected a term that is not negated here: X rejects a query (or an "
                           "OR branch) that only excludes");
        }
    }

    std::string_view m_src;
    Utf8Prefixes m_prefixes; // columns of m_src, counted once
    size_t m_pos = 0;
    bool m_failed = false;
    QueryError m_error;
};

} // namespace

std::variant<QueryNode, QueryError> parse_tree(std::string_view text) {
    return Parser(text).run();
}

} // namespace earshot::core
