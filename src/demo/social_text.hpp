// Internal to the demo source: a post's text as segments (plain text, links,
// mentions, tags) so Bluesky (UTF-8 text + byte-offset facets) and Mastodon (HTML)
// can each render the same words in their own form. Also the small id helpers both use.
#pragma once

#include "demo/corpus.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace earshot::demo {

struct Segment {
    enum class Kind : uint8_t { Text, Link, Mention, Tag };
    Kind kind = Kind::Text;
    std::string text;       ///< Text: the words; Link: full URL; Mention: username; Tag: tag without '#'
    size_t user = SIZE_MAX; ///< Mention: index into Corpus::users
};

struct RichText {
    std::vector<Segment> segments;
    void add_text(const std::string& s);
    void add(Segment s) { segments.push_back(std::move(s)); }
    bool has_tag(const std::string& lower_tag) const;
    bool empty() const { return segments.empty(); }
};

/// The post's words as its author typed them: X's escaping undone, t.co links
/// expanded, media and quoted-post links dropped, and a reply's automatic
/// "@parent " prefix removed (neither Bluesky nor Mastodon writes one).
RichText rich_from_post(const Corpus& c, const DemoPost& p);

/// Reads hand-written text: "@username" of a corpus account becomes a mention,
/// "#tag" a tag, "https://…" a link; everything else stays text.
RichText rich_from_markup(const Corpus& c, const std::string& text);

/// Appends b after a (a separator such as " " or "\n\n" is part of b's text).
void append(RichText& a, const RichText& b);

/// Replaces whole-phrase occurrences inside text segments (first match only).
void replace_phrase(RichText& r, const std::string& from, const std::string& to);

/// Stable 64-bit mix of a value and a salt (chooses who is on which service etc.).
uint64_t mix(uint64_t x, uint64_t salt);

/// Lower-case RFC 4648 base32 (a-z2-7) of the bits of `words`, `chars` long.
std::string base32_chars(uint64_t a, uint64_t b, size_t chars);

/// True when s has c (ASCII, case-insensitive) at a word boundary.
bool contains_word(const std::string& lower_text, const std::string& lower_word);

} // namespace earshot::demo

namespace earshot::demo {

/// The storylines' key posts as their authors wrote them on Bluesky and Mastodon:
/// the same event in other words (social_story.cpp).
struct StoryRewrite {
    const char* x_prefix; ///< how the X post starts (plain text)
    const char* bsky;
    const char* mastodon;
    const char* mastodon_cw; ///< content warning, "" for none
};
/// The rewrite for an X post's plain text, or nullptr.
const StoryRewrite* story_rewrite(const std::string& x_plain_text);

} // namespace earshot::demo
