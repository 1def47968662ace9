// MentionIndex's query planner: walks the query tree and turns it into set operations
// over posting lists, confirming on the mention only what postings cannot decide.
#include "core/index/internal/postings.hpp"

#include "core/store/mention_store.hpp"
#include "core/query/ast.hpp"

#include <algorithm>
#include <optional>

namespace earshot::core {

// [SECTION] Index
// [SECTION] Leaves: what the postings can say about one operator
// [SECTION] Confirming token sequences
// [SECTION] The planner
// [SECTION] Time ranges
// [SECTION] Entry points

namespace {

// [SECTION] Leaves: what the postings can say about one operator

struct LeafPlan {
    enum Mode : uint8_t {
        Exact,  ///< the union of `lists` is exactly the matching set
        Verify, ///< the intersection of `lists` is a superset; confirm each candidate
        Scan,   ///< no postings narrow it: confirm every mention in the domain
    };
    Mode mode = Scan;
    std::vector<const Postings*> lists;
    bool none = false; ///< Verify: a required list is missing, so nothing matches
};

LeafPlan plan_leaf(const MentionIndex::Impl& d, const QueryNode& n) {
    LeafPlan plan;
    std::string s;
    const auto exact = [&](IndexField field, std::string_view value) {
        plan.mode = LeafPlan::Exact;
        if (const Postings* p = d.find(field, value))
            plan.lists.push_back(p);
    };
    const auto exact_lower = [&](IndexField field, std::string_view value) {
        ascii_lower_into(value, s);
        exact(field, s);
    };
    // Candidates: every token of the sequence must be among the mention's words.
    const auto words = [&] {
        plan.mode = LeafPlan::Verify;
        for (size_t i = 0; i < n.tokens.size(); ++i) {
            const Postings* p = d.find(IndexField::Word, n.tokens[i]);
            if (!p) {
                plan.none = true;
                return;
            }
            if (std::find(plan.lists.begin(), plan.lists.end(), p) == plan.lists.end())
                plan.lists.push_back(p);
        }
    };
    const auto flag = [&](Flag f) {
        plan.mode = LeafPlan::Verify;
        s.assign(1, static_cast<char>(f));
        if (const Postings* p = d.find(IndexField::Flag, s))
            plan.lists.push_back(p);
        else
            plan.none = true;
    };
    switch (n.kind) {
    case NodeKind::Keyword:
    case NodeKind::Phrase:
        // One token: its postings are the answer (text and URL words are one field).
        if (n.tokens.size() == 1)
            exact(IndexField::Word, n.tokens[0]);
        else
            words();
        break;
    case NodeKind::Url: // a sequence within one URL; URL words are a subset of Word
        words();
        break;
    case NodeKind::Hashtag:
        exact(IndexField::Hashtag, n.folded);
        break;
    case NodeKind::Mention:
        exact_lower(IndexField::Mention, n.text);
        break;
    case NodeKind::Cashtag:
        exact_lower(IndexField::Cashtag, n.text);
        break;
    case NodeKind::From:
        exact_lower(IndexField::Author, n.text);
        exact(IndexField::AuthorId, n.text);
        break;
    case NodeKind::To:
        exact_lower(IndexField::ReplyTo, n.text);
        break;
    case NodeKind::Lang:
        exact_lower(IndexField::Lang, n.text);
        break;
    case NodeKind::Is:
    case NodeKind::Has:
        s.assign(1, static_cast<char>(n.flag));
        exact(IndexField::Flag, s);
        break;
    case NodeKind::Place:
        exact(IndexField::Place, n.folded);
        exact_lower(IndexField::PlaceId, n.text);
        break;
    case NodeKind::PlaceCountry:
        exact_lower(IndexField::Country, n.text);
        break;
    case NodeKind::PointRadius:
    case NodeKind::BoundingBox:
        flag(Flag::Geo); // both need a place of the post's own
        break;
    case NodeKind::RetweetsOfTweetId:
        flag(Flag::Retweet);
        break;
    case NodeKind::QuotesOfTweetId:
        flag(Flag::Quote);
        break;
    default: // conversation_id:, in_reply_to_tweet_id: — ids are too many to be worth terms
        plan.mode = LeafPlan::Scan;
        break;
    }
    return plan;
}

// [SECTION] Confirming token sequences

bool ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Whether the folded tokens of `s` hold `needle` in sequence, decided on the raw bytes
// when ASCII makes it certain: 1 yes, 0 no, -1 undecided (non-ASCII text where the
// tokenizer may fold or join characters). Confirming a phrase this way skips tokenizing
// the whole post, the main cost of a query that holds phrases. Requires every needle
// token to be ASCII letters and digits (already folded to lower case).
int ascii_sequence(std::string_view s, const TokenList& needle) {
    const auto lower = [](unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; };
    // A token boundary is the text's edge or an ASCII separator; a non-ASCII byte might
    // be a letter that extends the token.
    const auto edge = [&](size_t i) -> int { // 1 boundary, 0 not, -1 unknown
        if (i >= s.size())
            return 1;
        const unsigned char c = static_cast<unsigned char>(s[i]);
        return c >= 0x80 ? -1 : ascii_alnum(c) ? 0 : 1;
    };
    bool unsure = false;
    for (size_t i = 0; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) >= 0x80) {
            unsure = true;
            break;
        }
    const std::string_view first = needle[0];
    for (size_t at = 0; at + first.size() <= s.size(); ++at) {
        if (lower(static_cast<unsigned char>(s[at])) != static_cast<unsigned char>(first[0]))
            continue;
        if (at > 0 && edge(at - 1) != 1)
            continue;
        size_t pos = at;
        bool ok = true;
        for (size_t k = 0; k < needle.size() && ok; ++k) {
            const std::string_view token = needle[k];
            if (k > 0) { // only ASCII separators between the tokens
                while (pos < s.size() && edge(pos) == 1)
                    ++pos;
                if (pos >= s.size() || static_cast<unsigned char>(s[pos]) >= 0x80)
                    ok = false;
            }
            for (size_t j = 0; ok && j < token.size(); ++j)
                ok = pos + j < s.size() && lower(static_cast<unsigned char>(s[pos + j])) ==
                                               static_cast<unsigned char>(token[j]);
            pos += token.size();
            ok = ok && edge(pos) == 1;
        }
        if (ok)
            return 1;
    }
    return unsure ? -1 : 0;
}

bool ascii_needle(const TokenList& needle) {
    for (size_t k = 0; k < needle.size(); ++k)
        for (char c : needle[k])
            if (!ascii_alnum(static_cast<unsigned char>(c)))
                return false;
    return needle.size() > 0;
}

/// evaluate() for Keyword, Phrase and Url nodes, through ascii_sequence() when it decides.
bool confirm_sequence(const QueryNode& node, const Mention& m) {
    int verdict = 0; // 0 while every part checked says no for certain
    if (node.kind != NodeKind::Url) {
        const int r = ascii_sequence(m.text, node.tokens);
        if (r == 1)
            return true;
        verdict = r;
    }
    for (const std::string& url : m.urls) {
        const int r = ascii_sequence(url, node.tokens);
        if (r == 1)
            return true;
        if (r < 0)
            verdict = -1;
    }
    return verdict < 0 && evaluate(node, m);
}

// [SECTION] The planner

// Every set is within [0, n); `domain` (null = everything) is what the caller still
// cares about, so each node only works inside it: solve(node, D) = { i in D : node(i) }.
// In candidate mode nothing is confirmed and a set may be a superset (exact = false).
class Planner {
  public:
    Planner(const MentionIndex::Impl& d, const MentionStore& store, uint32_t n, bool confirm,
            SearchStats& stats)
        : m_d(d), m_store(store), m_n(n), m_confirm(confirm), m_stats(stats) {}

    struct Set {
        Bitmap bits;
        bool exact = true;
    };

    Set solve(const QueryNode& node, const Bitmap* domain) {
        switch (node.kind) {
        case NodeKind::And:
            return solve_and(node, domain);
        case NodeKind::Or:
            return solve_or(node, domain);
        case NodeKind::Not: {
            Set inner = solve(node.children[0], domain);
            if (!inner.exact) // a superset's complement would drop real matches
                return {domain ? *domain : Bitmap(m_n, true), false};
            Bitmap out = domain ? *domain : Bitmap(m_n, true);
            out.and_not(inner.bits);
            return {std::move(out), true};
        }
        default:
            return solve_leaf(node, domain);
        }
    }

  private:
    struct Cost {
        bool exact;      ///< answered from postings alone
        double estimate; ///< expected matches
    };

    Cost cost(const QueryNode& node) {
        switch (node.kind) {
        case NodeKind::And: {
            Cost c{true, static_cast<double>(m_n)};
            for (const QueryNode& child : node.children) {
                const Cost k = cost(child);
                c.exact &= k.exact;
                c.estimate = std::min(c.estimate, k.estimate);
            }
            return c;
        }
        case NodeKind::Or: {
            Cost c{true, 0};
            for (const QueryNode& child : node.children) {
                const Cost k = cost(child);
                c.exact &= k.exact;
                c.estimate += k.estimate;
            }
            c.estimate = std::min(c.estimate, static_cast<double>(m_n));
            return c;
        }
        case NodeKind::Not: {
            const Cost k = cost(node.children[0]);
            return {k.exact, m_n - k.estimate};
        }
        default: {
            const LeafPlan plan = plan_leaf(m_d, node);
            if (plan.mode == LeafPlan::Scan)
                return {false, static_cast<double>(m_n)};
            if (plan.mode == LeafPlan::Verify) {
                double smallest = plan.none ? 0 : m_n;
                for (const Postings* p : plan.lists)
                    smallest = std::min<double>(smallest, p->count());
                return {plan.none, smallest};
            }
            double sum = 0;
            for (const Postings* p : plan.lists)
                sum += p->count();
            return {true, sum};
        }
        }
    }

    // AND: what postings decide first, the smallest first, so each later child (and any
    // confirming on the mention) works inside an ever smaller domain.
    Set solve_and(const QueryNode& node, const Bitmap* domain) {
        std::vector<std::pair<Cost, const QueryNode*>> order;
        for (const QueryNode& child : node.children)
            order.emplace_back(cost(child), &child);
        std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
            if (a.first.exact != b.first.exact)
                return a.first.exact;
            return a.first.estimate < b.first.estimate;
        });
        if (order.empty()) // the evaluator's empty AND holds for everything
            return {domain ? *domain : Bitmap(m_n, true), true};
        Set current;
        const Bitmap* within = domain;
        for (const auto& [c, child] : order) {
            Set next = solve(*child, within);
            current.bits = std::move(next.bits);
            current.exact = current.exact && next.exact;
            within = &current.bits;
        }
        return current;
    }

    // OR: the exact children first; the others then only need to look at what is not
    // already in the result.
    Set solve_or(const QueryNode& node, const Bitmap* domain) {
        std::vector<std::pair<Cost, const QueryNode*>> order;
        for (const QueryNode& child : node.children)
            order.emplace_back(cost(child), &child);
        std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
            return a.first.exact && !b.first.exact;
        });
        Set out{Bitmap(m_n), true};
        for (const auto& [c, child] : order) {
            Set part;
            if (c.exact) {
                part = solve(*child, domain);
            } else {
                Bitmap rest = domain ? *domain : Bitmap(m_n, true);
                rest.and_not(out.bits);
                part = solve(*child, &rest);
            }
            out.bits.or_with(part.bits);
            out.exact &= part.exact;
        }
        return out;
    }

    Set solve_leaf(const QueryNode& node, const Bitmap* domain) {
        const LeafPlan plan = plan_leaf(m_d, node);
        Bitmap out(m_n);
        const auto in_domain = [&](uint32_t i) { return !domain || domain->test(i); };
        if (plan.mode == LeafPlan::Exact) {
            for (const Postings* p : plan.lists) {
                m_stats.postings += p->count();
                p->for_each(m_n, [&](uint32_t i) {
                    if (in_domain(i))
                        out.set(i);
                });
            }
            return {std::move(out), true};
        }
        if (plan.none)
            return {std::move(out), true};
        if (plan.mode == LeafPlan::Scan) {
            if (!m_confirm)
                return {domain ? *domain : Bitmap(m_n, true), false};
            const auto check = [&](uint32_t i) {
                ++m_stats.evaluated;
                if (evaluate(node, m_store.at(i)))
                    out.set(i);
            };
            if (domain)
                domain->for_each(check);
            else
                for (uint32_t i = 0; i < m_n; ++i)
                    check(i);
            return {std::move(out), true};
        }
        // Verify: intersect the lists, smallest first, then confirm the survivors. When
        // the domain is already much smaller than the lists, confirming it directly is
        // cheaper than decoding them (a check costs about as much as ~200 postings).
        std::vector<const Postings*> lists = plan.lists;
        std::sort(lists.begin(), lists.end(),
                  [](const Postings* a, const Postings* b) { return a->count() < b->count(); });
        size_t total = 0;
        for (const Postings* p : lists)
            total += p->count();
        if (domain && m_confirm && domain->count() * 200 < total) {
            out = *domain;
        } else {
            m_stats.postings += lists[0]->count();
            lists[0]->for_each(m_n, [&](uint32_t i) {
                if (in_domain(i))
                    out.set(i);
            });
            for (size_t k = 1; k < lists.size(); ++k) {
                Bitmap next(m_n);
                m_stats.postings += lists[k]->count();
                lists[k]->for_each(m_n, [&](uint32_t i) {
                    if (out.test(i))
                        next.set(i);
                });
                out = std::move(next);
            }
        }
        if (!m_confirm)
            return {std::move(out), false};
        Bitmap confirmed(m_n);
        const bool sequence = (node.kind == NodeKind::Keyword || node.kind == NodeKind::Phrase ||
                               node.kind == NodeKind::Url) &&
                              ascii_needle(node.tokens);
        out.for_each([&](uint32_t i) {
            ++m_stats.evaluated;
            const Mention& m = m_store.at(i);
            if (sequence ? confirm_sequence(node, m) : evaluate(node, m))
                confirmed.set(i);
        });
        return {std::move(confirmed), true};
    }

    const MentionIndex::Impl& m_d;
    const MentionStore& m_store;
    const uint32_t m_n;
    const bool m_confirm;
    SearchStats& m_stats;
};

// [SECTION] Time ranges

// Whole hours inside the range come straight from their postings; only the two edge
// hours look at created_at.
Bitmap time_domain(const MentionIndex::Impl& d, const MentionStore& store, uint32_t n,
                   TimeRange range) {
    Bitmap out(n);
    if (range.from >= range.to)
        return out;
    const int64_t first = hour_of(range.from), last = hour_of(range.to - 1);
    constexpr int64_t kSafe = std::numeric_limits<int64_t>::max() / 3600 - 1;
    for (auto it = d.hours.lower_bound(first); it != d.hours.end() && it->first <= last; ++it) {
        const int64_t hour = it->first;
        const bool whole = hour > -kSafe && hour < kSafe && hour * 3600 >= range.from &&
                           hour * 3600 + 3599 < range.to;
        it->second.for_each(n, [&](uint32_t i) {
            if (whole || range.contains(store.at(i).created_at))
                out.set(i);
        });
    }
    return out;
}

std::vector<uint32_t> to_positions(const Bitmap& bits) {
    std::vector<uint32_t> out;
    out.reserve(bits.count());
    bits.for_each([&](uint32_t i) { out.push_back(i); });
    return out;
}

} // namespace

// [SECTION] Entry points

std::vector<uint32_t> MentionIndex::search(const Query& q, const MentionStore& store,
                                           TimeRange range, SearchStats* stats) const {
    SearchStats local;
    SearchStats& st = stats ? *stats : local;
    st = SearchStats{};
    // A store cleared without clearing the index must not send us past its end.
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(m_impl->count, store.size()));
    std::vector<uint32_t> out;
    if (q.root() && n > 0) {
        std::optional<Bitmap> time;
        if (!range.is_all())
            time = time_domain(*m_impl, store, n, range);
        Planner planner(*m_impl, store, n, true, st);
        out = to_positions(planner.solve(*q.root(), time ? &*time : nullptr).bits);
    }
    st.indexed = n;
    for (size_t i = n; i < store.size(); ++i) {
        ++st.scanned;
        const Mention& m = store.at(i);
        if (range.contains(m.created_at) && q.matches(m))
            out.push_back(static_cast<uint32_t>(i));
    }
    st.results = out.size();
    return out;
}

std::vector<uint32_t> MentionIndex::candidates(const Query& q, const MentionStore& store,
                                               TimeRange range) const {
    SearchStats st;
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(m_impl->count, store.size()));
    std::vector<uint32_t> out;
    if (q.root() && n > 0) {
        std::optional<Bitmap> time;
        if (!range.is_all())
            time = time_domain(*m_impl, store, n, range);
        Planner planner(*m_impl, store, n, false, st);
        out = to_positions(planner.solve(*q.root(), time ? &*time : nullptr).bits);
    }
    for (size_t i = n; i < store.size(); ++i)
        if (range.contains(store.at(i).created_at))
            out.push_back(static_cast<uint32_t>(i));
    return out;
}

std::vector<uint32_t> MentionIndex::in_range(const MentionStore& store, TimeRange range) const {
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(m_impl->count, store.size()));
    std::vector<uint32_t> out = range.is_all()
                                    ? to_positions(Bitmap(n, true))
                                    : to_positions(time_domain(*m_impl, store, n, range));
    for (size_t i = n; i < store.size(); ++i)
        if (range.contains(store.at(i).created_at))
            out.push_back(static_cast<uint32_t>(i));
    return out;
}

} // namespace earshot::core
