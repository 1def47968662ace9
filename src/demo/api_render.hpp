// Internal to the demo source: X API v2 objects (post, user, place, media) as
// JSON, showing only the fields a request asked for, and the includes block.
#pragma once

#include "demo/corpus.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace earshot::demo {

using Json = nlohmann::ordered_json; // keeps X's key order: data, includes, meta

/// Field and expansion names a request asked for (after validation).
struct FieldSelection {
    std::set<std::string> tweet, user, place, media, expansions;
    bool expands(const char* name) const { return expansions.count(name) > 0; }
};

/// Every value X accepts for each parameter (the OpenAPI spec's lists plus the
/// classic names clients still send: tweet.fields, referenced_tweets.id, ...).
const std::vector<std::string>& valid_tweet_fields();
const std::vector<std::string>& valid_user_fields();
const std::vector<std::string>& valid_place_fields();
const std::vector<std::string>& valid_media_fields();
const std::vector<std::string>& valid_poll_fields();
const std::vector<std::string>& valid_expansions();

/// A post as X sends it; metrics count only replies/quotes/reposts visible at now_ms.
Json render_tweet(const Corpus& c, const DemoPost& p, const std::set<std::string>& fields,
                  int64_t now_ms);
Json render_user(const Corpus& c, const DemoUser& u, const std::set<std::string>& fields);
Json render_place(const DemoPlace& p, const std::set<std::string>& fields);
Json render_media(const DemoMedia& m, const std::set<std::string>& fields);

/// The `includes` object for the given data posts (empty object when none apply).
Json render_includes(const Corpus& c, const std::vector<size_t>& posts, const FieldSelection& sel,
                     int64_t now_ms);

} // namespace earshot::demo
