// Fuzz target: the query parser (Query::parse, as the listener editor and `earshot-cli
// match` call it) and what is done with a parsed query. Invariants: the canonical text
// parses back to an equal tree and prints the same; the string sent to X parses and
// matches what the query matches; the index answers exactly what a scan does.
#include "fuzz.hpp"
#include "sample_posts.hpp"

#include "core/index/mention_index.hpp"
#include "core/query/query.hpp"
#include "core/store/mention_store.hpp"

#include <variant>

using namespace earshot;

namespace {

void check_round_trip(const core::Query& q) {
    const std::string text = q.to_string();
    auto again = core::Query::parse(text);
    if (auto* e = std::get_if<core::QueryError>(&again))
        std::fprintf(stderr, "canonical: %s\n%s\n", text.c_str(), e->to_string().c_str());
    FUZZ_CHECK(std::holds_alternative<core::Query>(again), "the canonical text of a query does not parse");
    const core::Query& q2 = std::get<core::Query>(again);
    FUZZ_CHECK(q2 == q, "the canonical text parses to another tree");
    FUZZ_CHECK(q2.to_string() == text, "the canonical text is not a fixed point");
}

// The fixed posts, stored and indexed once (a store allocates room for 4,096 mentions).
struct Posts {
    core::MentionStore store;
    core::MentionIndex index;
    Posts() {
        for (core::Mention& m : fuzz::sample_posts("")) store.upsert(std::move(m));
        index.update(store);
    }
};

void check_against_posts(const core::Query& q, std::string_view input) {
    static const Posts posts;
    std::vector<const core::Mention*> all;
    std::vector<uint32_t> scan;
    for (uint32_t i = 0; i < posts.store.size(); ++i) {
        all.push_back(&posts.store.at(i));
        if (q.matches(posts.store.at(i))) scan.push_back(i);
    }
    FUZZ_CHECK(posts.index.search(q, posts.store) == scan, "the index disagrees with a scan");
    // The input itself as a post, so its keywords have something to match.
    const std::vector<core::Mention> own = fuzz::sample_posts(input);
    all.push_back(&own.back());
    for (const core::Mention* m : all)
        FUZZ_CHECK(!q.matches(*m) || q.may_match_uncut(*m), "may_match_uncut is false where matches is true");

    core::Result<std::string> wire = q.to_x_query();
    if (!wire) return;
    auto sent = core::Query::parse(wire.value());
    if (!std::holds_alternative<core::Query>(sent))
        std::fprintf(stderr, "query: %s\nto X:  %s\n", q.to_string().c_str(), wire.value().c_str());
    FUZZ_CHECK(std::holds_alternative<core::Query>(sent), "the string sent to X does not parse");
    for (const core::Mention* m : all)
        FUZZ_CHECK(std::get<core::Query>(sent).matches(*m) == q.matches(*m),
                   "the string sent to X matches other posts than the query");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    auto parsed = core::Query::parse(text);
    if (auto* e = std::get_if<core::QueryError>(&parsed)) {
        FUZZ_CHECK(!e->message.empty() && e->column >= 1, "a syntax error that says nothing or points nowhere");
        return 0;
    }
    const core::Query& q = std::get<core::Query>(parsed);
    check_round_trip(q);
    check_against_posts(q, text);
    (void)core::Query::any_of({q, q});
    (void)core::Query::but_not(q, {q});
    return 0;
}
