// Bluesky and Mastodon searches planned from the query AST: each asks for a
// superset of what the query matches, says what is left to the local filter,
// and refuses (in words) what the service cannot bound at all.
#include <catch2/catch.hpp>

#include "core/query/source_requests.hpp"

#include <algorithm>

using namespace earshot::core;

namespace {

Query parse(const char* text) {
    auto q = Query::parse(text);
    REQUIRE(std::holds_alternative<Query>(q));
    return std::get<Query>(q);
}

bool noted(const SourcePlan& p, const std::string& part) {
    return std::any_of(p.filtered_locally.begin(), p.filtered_locally.end(),
                       [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

const std::vector<std::string> kServers = {"mastodon.social", "fosstodon.org"};

} // namespace

TEST_CASE("Bluesky: words, phrases and parameters from one conjunction", "[source_requests]") {
    SourcePlan p = plan_bsky(parse(R"("daily crumb" scone #brunch from:crumbcafe lang:pt url:dailycrumb.example -is:retweet)"));
    INFO(p.cannot);
    REQUIRE(p.ok());
    REQUIRE(p.requests.size() == 1);
    const std::string& r = p.requests[0];
    CHECK(r.rfind("/api/bsky/xrpc/app.bsky.feed.searchPosts?q=%22daily%20crumb%22%20scone&sort=latest", 0) == 0);
    CHECK(r.find("&tag=brunch") != std::string::npos);
    CHECK(r.find("&author=crumbcafe.bsky.social") != std::string::npos);
    CHECK(r.find("&lang=pt") != std::string::npos);
    CHECK(r.find("&domain=dailycrumb.example") != std::string::npos);
    CHECK(noted(p, "-is:retweet"));
}

TEST_CASE("Bluesky: each alternative of an OR is its own search", "[source_requests]") {
    SourcePlan p = plan_bsky(parse("(croissant OR \"pain au chocolat\") bakery"));
    REQUIRE(p.ok());
    REQUIRE(p.requests.size() == 2);
    CHECK(p.requests[0].find("q=croissant%20bakery") != std::string::npos);
    CHECK(p.requests[1].find("q=%22pain%20au%20chocolat%22%20bakery") != std::string::npos);
}

TEST_CASE("Bluesky: a hashtag or account alone is searched as itself; a custom domain handle is kept", "[source_requests]") {
    SourcePlan tag = plan_bsky(parse("#latteart"));
    REQUIRE(tag.ok());
    CHECK(tag.requests[0].find("q=%23latteart") != std::string::npos);
    CHECK(tag.requests[0].find("&tag=latteart") != std::string::npos);
    SourcePlan mention = plan_bsky(parse("@crumb.example.com"));
    REQUIRE(mention.ok());
    CHECK(mention.requests[0].find("&mentions=crumb.example.com") != std::string::npos);
}

TEST_CASE("Bluesky: what it cannot bound is refused in words", "[source_requests]") {
    SourcePlan p = plan_bsky(parse("coffee OR place:\"york\" -is:reply"));
    // "place:york" alone cannot be bounded... but X refuses a query where a branch is only is:/has:.
    // This branch holds place:, which Bluesky has no filter for.
    CHECK_FALSE(p.ok());
    CHECK(p.cannot.find("Bluesky") != std::string::npos);
}

TEST_CASE("Bluesky: an OR that multiplies past the cap keeps its groups to the local filter", "[source_requests]") {
    SourcePlan p = plan_bsky(parse("(a OR b OR c) (d OR e OR f) cafe"));
    REQUIRE(p.ok());
    CHECK(p.requests.size() <= kMaxSourceRequests);
    CHECK(p.requests.size() == 3); // the second group (3 x 3 = 9 > 8) is filtered locally
    CHECK(noted(p, "group"));
    SourcePlan too_many = plan_bsky(parse("a OR b OR c OR d OR e OR f OR g OR h OR i"));
    CHECK_FALSE(too_many.ok());
    CHECK(too_many.cannot.find("9 alternatives") != std::string::npos);
}

TEST_CASE("Mastodon: hashtag alternatives become tag timelines on every server", "[source_requests]") {
    SourcePlan p = plan_mastodon(parse("#coffee OR #café OR (#brunch #york)"), kServers, "");
    INFO(p.cannot);
    REQUIRE(p.ok());
    // One timeline merging the single tags, one for the pair, on each server.
    REQUIRE(p.requests.size() == 4);
    CHECK(std::count(p.requests.begin(), p.requests.end(),
                     "/api/mastodon/mastodon.social/api/v1/timelines/tag/coffee?any%5B%5D=caf%C3%A9") == 1);
    CHECK(std::count(p.requests.begin(), p.requests.end(),
                     "/api/mastodon/fosstodon.org/api/v1/timelines/tag/brunch?all%5B%5D=york") == 1);
}

TEST_CASE("Mastodon: words need a search token; with one they are searched on its server only", "[source_requests]") {
    SourcePlan none = plan_mastodon(parse("\"daily crumb\" scone"), kServers, "");
    CHECK_FALSE(none.ok());
    CHECK(none.cannot.find("MASTODON_ACCESS_TOKEN") != std::string::npos);
    SourcePlan with = plan_mastodon(parse("\"daily crumb\" scone lang:de"), kServers, "mastodon.social");
    REQUIRE(with.ok());
    REQUIRE(with.requests.size() == 1);
    CHECK(with.requests[0] ==
          "/api/mastodon/mastodon.social/api/v2/search?q=%22daily%20crumb%22%20scone%20language%3Ade&type=statuses&resolve=false");
    SourcePlan mixed = plan_mastodon(parse("#coffee from:crumbcafe"), kServers, "");
    REQUIRE(mixed.ok());
    CHECK(noted(mixed, "from:crumbcafe"));
}

TEST_CASE("plans are supersets: every mention the query matches is matched by some planned alternative", "[source_requests]") {
    // The planner only drops conditions; a dropped condition widens a search.
    // Checked structurally: each planned Bluesky q holds only words of the query.
    for (const char* text : {"cafe -closed", "(scone OR muffin) -stale lang:en", "\"oat milk\" OR #oatmilk"}) {
        SourcePlan p = plan_bsky(parse(text));
        REQUIRE(p.ok());
        for (const std::string& r : p.requests) {
            CHECK(r.find("closed") == std::string::npos);
            CHECK(r.find("stale") == std::string::npos);
        }
    }
}

TEST_CASE("Mastodon: an alternative it cannot search is left out and named, not the whole query", "[source_requests]") {
    const Query q = parse("\"Harbour Bean\" OR @harbourbean OR #harbourbean OR url:harbourbean.co.uk OR place:Brighton");
    // Without a search token only the hashtag can be found; what is missed is said.
    SourcePlan tags_only = plan_mastodon(q, kServers, "");
    INFO(tags_only.cannot);
    REQUIRE(tags_only.ok());
    CHECK(tags_only.requests.size() == kServers.size());
    CHECK(noted(tags_only, "\"Harbour Bean\""));
    CHECK(noted(tags_only, "is not searched on Mastodon"));
    // With one, the handle and the site are searched as words (the local filter
    // then checks they are the mention and the link); a place alone cannot be.
    SourcePlan with = plan_mastodon(q, kServers, "mastodon.social");
    REQUIRE(with.ok());
    size_t searches = 0;
    for (const std::string& r : with.requests) searches += r.find("/api/v2/search?q=") != std::string::npos;
    CHECK(searches == 3);
    CHECK(std::count(with.requests.begin(), with.requests.end(),
                     "/api/mastodon/mastodon.social/api/v2/search?q=harbourbean&type=statuses&resolve=false") == 1);
    CHECK(noted(with, "place:Brighton"));
    // Nothing searchable at all is still refused in words.
    SourcePlan none = plan_mastodon(parse("place:Brighton"), kServers, "mastodon.social");
    CHECK_FALSE(none.ok());
    CHECK_FALSE(none.cannot.empty());
}
