// Where a post's hashtags, mentions and links are, so a view can colour them:
// byte ranges over the text as written (or as prepared for display).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace earshot::core {

enum class SpanKind : unsigned char { Hashtag, Mention, Link };

struct TextSpan {
    size_t begin = 0, end = 0; ///< bytes, [begin, end)
    SpanKind kind = SpanKind::Hashtag;
};

/// The spans in `text`, in order, never overlapping:
/// - a link starts at "http://", "https://" or "www." and runs to the next
///   space, less trailing punctuation that closes a sentence (".,;:!?)'\"");
/// - a hashtag is '#' followed by word characters (letters of any script,
///   digits, '_'), not right after a word character ("C#1" is not one);
/// - a mention is '@' followed by a handle (letters, digits, '_', '.', '-',
///   and '@' for a Mastodon account "name@server"), not after a word character
///   (an e-mail address is not one), without a trailing '.' or '-'.
/// Invalid UTF-8 is stepped over a byte at a time.
std::vector<TextSpan> text_spans(std::string_view text);

} // namespace earshot::core
