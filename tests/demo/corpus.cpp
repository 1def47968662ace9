// Tests of the demo corpus: size, spread over the week, authors, languages, kinds,
// intents, entities that point at the right characters, and determinism.
#include "demo_fixture.hpp"

#include "demo/wire_util.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace earshot::demo;
using namespace earshot::demo::test;
using earshot::core::Kind;

namespace {
bool in_past_week(const DemoPost& p) {
    return p.created_ms >= kNow - kWeek && p.created_ms <= kNow;
}

/// The code points [start, end) of s.
std::string cp_slice(const std::string& s, int start, int end) {
    const std::string head = utf8_prefix(s, static_cast<size_t>(start));
    return utf8_prefix(s.substr(head.size()), static_cast<size_t>(end - start));
}
} // namespace

TEST_CASE("corpus: at least 5,000 posts in the 7 days before now, more arriving after", "[demo]") {
    const Corpus& c = corpus();
    size_t past = 0, future = 0;
    for (const auto& p : c.posts) {
        REQUIRE(p.created_ms >= kNow - kWeek);
        if (in_past_week(p))
            ++past;
        else
            ++future;
    }
    CHECK(past >= 5000);
    CHECK(future > 1000); // the trickle: ~1 a minute for 72 hours, revealed as time passes
    // Ids are snowflakes of the post's time, ascending and unique.
    for (size_t i = 1; i < c.posts.size(); ++i)
        REQUIRE(c.posts[i - 1].id < c.posts[i].id);
    for (const auto& p : c.posts) {
        REQUIRE(snowflake_ms(p.id) / 1000 * 1000 == p.created_ms);
        REQUIRE(p.id_str == std::to_string(p.id));
    }
}

TEST_CASE("corpus: many authors with heavy-tailed audiences", "[demo]") {
    const Corpus& c = corpus();
    std::set<size_t> authors;
    for (const auto& p : c.posts)
        if (in_past_week(p))
            authors.insert(p.author);
    CHECK(authors.size() >= 1500);
    std::vector<int64_t> followers;
    size_t verified = 0, big = 0, no_location = 0;
    std::set<std::string> locations;
    for (const auto& u : c.users) {
        followers.push_back(u.followers);
        verified += u.verified;
        big += u.followers >= 10'000;
        no_location += u.location.empty();
        locations.insert(u.location);
    }
    std::sort(followers.begin(), followers.end());
    CHECK(followers[followers.size() / 2] >= 50);
    CHECK(followers[followers.size() / 2] <= 2000);
    CHECK(big >= 5);
    CHECK(followers.back() >= 100'000);
    CHECK(verified * 20 < c.users.size()); // rare
    CHECK(no_location > 0);
    CHECK(locations.count("Brighton, UK") == 1);
    CHECK(locations.count("brighton") == 1);
    CHECK(locations.count("Hove") == 1);
    // The named accounts the demo story is about.
    for (const char* h : {"harbourbean", "grindhousecafe", "dailycrumb", "bhchronicle"})
        CHECK(c.user_by_username.count(h) == 1);
}

TEST_CASE("corpus: every intent, topic, kind and several languages", "[demo]") {
    const Corpus& c = corpus();
    std::map<Category, size_t> categories;
    std::map<Topic, size_t> topics;
    std::map<Kind, size_t> kinds;
    std::map<std::string, size_t> langs;
    for (const auto& p : c.posts) {
        if (!in_past_week(p))
            continue;
        ++categories[p.category];
        ++topics[p.topic];
        ++kinds[p.kind];
        ++langs[p.lang];
    }
    for (int i = 0; i < kCategoryCount; ++i) {
        INFO(to_string(static_cast<Category>(i)));
        CHECK(categories[static_cast<Category>(i)] >= 50);
    }
    CHECK(topics.size() == 4);
    for (Kind k : {Kind::Original, Kind::Reply, Kind::Repost, Kind::Quote}) {
        INFO(earshot::core::to_string(k));
        CHECK(kinds[k] >= 100);
    }
    for (const char* l : {"en", "es", "fr", "de", "pt", "ja", "art"}) {
        INFO(l);
        CHECK(langs[l] >= 10);
    }
    size_t total = 0;
    for (const auto& [l, n] : langs)
        total += n;
    CHECK(langs["en"] * 10 > total * 8); // mostly English
}

TEST_CASE("corpus: replies, quotes and reposts are wired like X's", "[demo]") {
    const Corpus& c = corpus();
    for (size_t i = 0; i < c.posts.size(); ++i) {
        const DemoPost& p = c.posts[i];
        if (p.kind == Kind::Original) {
            REQUIRE(p.referenced == 0);
            REQUIRE(p.conversation_id == p.id);
            continue;
        }
        const DemoPost* parent = c.find_post(p.referenced);
        REQUIRE(parent != nullptr);
        REQUIRE(parent->id < p.id);
        if (p.kind == Kind::Reply) {
            REQUIRE(p.in_reply_to_user == parent->author);
            REQUIRE(p.conversation_id == parent->conversation_id);
            REQUIRE(p.text.rfind("@" + c.users[parent->author].username + " ", 0) == 0);
        } else if (p.kind == Kind::Repost) {
            REQUIRE(p.text.rfind("RT @" + c.users[parent->author].username + ": ", 0) == 0);
            REQUIRE(utf8_length(p.text) <= 140);
            REQUIRE(p.conversation_id == p.id);
        } else {
            REQUIRE(p.conversation_id == p.id);
        }
    }
    // The café answers its customers.
    const size_t cafe = c.user_by_username.at("harbourbean");
    size_t answers = 0;
    for (const auto& p : c.posts)
        answers += p.author == cafe && p.kind == Kind::Reply;
    CHECK(answers >= 50);
}

TEST_CASE("corpus: entity offsets are code points into the escaped text", "[demo]") {
    const Corpus& c = corpus();
    size_t hashtags = 0, mentions = 0, urls = 0, cashtags = 0, site_links = 0;
    for (const auto& p : c.posts) {
        for (const auto& h : p.hashtags) {
            REQUIRE(cp_slice(p.text, h.start, h.end) == "#" + h.tag);
            ++hashtags;
        }
        for (const auto& h : p.cashtags) {
            REQUIRE(cp_slice(p.text, h.start, h.end) == "$" + h.tag);
            ++cashtags;
        }
        for (const auto& m : p.mentions) {
            REQUIRE(to_lower_ascii(cp_slice(p.text, m.start, m.end)) ==
                    "@" + to_lower_ascii(m.username));
            REQUIRE(c.user_by_id.count(m.id) == 1);
            ++mentions;
        }
        for (const auto& u : p.urls) {
            REQUIRE(cp_slice(p.text, u.start, u.end) == u.url);
            REQUIRE(u.url.rfind("https://t.co/", 0) == 0);
            REQUIRE(u.expanded_url.rfind("https://", 0) == 0);
            site_links += u.expanded_url.find("harbourbean.co.uk") != std::string::npos;
            ++urls;
        }
        // X escapes &, < and > in post text.
        REQUIRE(p.text.find(" & ") == std::string::npos);
    }
    CHECK(hashtags > 200);
    CHECK(mentions > 1000);
    CHECK(urls > 200);
    CHECK(cashtags > 0);
    CHECK(site_links > 20);
}

TEST_CASE("corpus: places, media, emoji, accents and realistic engagement", "[demo]") {
    const Corpus& c = corpus();
    size_t placed = 0, with_media = 0, emoji = 0, accents = 0, escaped = 0;
    std::vector<int64_t> likes;
    for (const auto& p : c.posts) {
        if (!in_past_week(p))
            continue;
        if (p.place) {
            REQUIRE(*p.place < c.places.size());
            ++placed;
        }
        with_media += !p.media.empty();
        emoji += p.text.find("☕") != std::string::npos || p.text.find("😍") != std::string::npos;
        accents += p.text.find("é") != std::string::npos;
        escaped +=
            p.text.find("&amp;") != std::string::npos || p.text.find("&lt;") != std::string::npos;
        if (p.kind != Kind::Repost)
            likes.push_back(p.likes);
    }
    CHECK(placed > 100);
    CHECK(with_media > 100);
    CHECK(emoji > 100);
    CHECK(accents > 20);
    CHECK(escaped > 0);
    std::sort(likes.begin(), likes.end());
    CHECK(likes[likes.size() * 8 / 10] <= 20); // most posts get a handful of likes
    CHECK(likes.back() >= 500);                // and a few go viral
    for (const auto& pl : c.places) {
        CHECK(pl.id.size() == 16);
        CHECK(pl.bbox[0] <= pl.bbox[2]);
        CHECK(pl.bbox[1] <= pl.bbox[3]);
    }
}

TEST_CASE("corpus: core Mentions mirror the posts", "[demo]") {
    const Corpus& c = corpus();
    REQUIRE(c.mentions.size() == c.posts.size());
    for (size_t i = 0; i < c.posts.size(); ++i) {
        const auto& m = c.mentions[i];
        const auto& p = c.posts[i];
        REQUIRE(m.id == "x:" + p.id_str);
        REQUIRE(m.kind == p.kind);
        REQUIRE(m.author.handle == c.users[p.author].username);
        REQUIRE(m.created_at == p.created_ms / 1000);
        REQUIRE(m.place.has_value() == p.place.has_value());
    }
}

TEST_CASE("corpus: the same seed and time give the same corpus", "[demo]") {
    CorpusOptions o;
    o.now_ms = kNow;
    o.posts = 800;
    o.users = 300;
    o.trickle_hours = 2;
    const Corpus a = generate_corpus(o), b = generate_corpus(o);
    REQUIRE(a.posts.size() == b.posts.size());
    for (size_t i = 0; i < a.posts.size(); ++i) {
        REQUIRE(a.posts[i].id == b.posts[i].id);
        REQUIRE(a.posts[i].text == b.posts[i].text);
    }
    o.seed += 1;
    const Corpus other = generate_corpus(o);
    CHECK(other.posts.front().id != a.posts.front().id);
}
