// Reading Mastodon answers into mentions: status arrays (timelines), the
// /api/v2/search envelope (`statuses[]`), single statuses and contexts
// (`ancestors[]`, `descendants[]`); and the status HTML turned into plain text.
#pragma once

#include "core/model/mention.hpp"
#include "core/model/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

class JsonView;

/// A status's `content` as plain text, with what its links point at.
struct MastodonHtml {
    /// Paragraphs separated by a blank line, <br> as a line break, entities decoded,
    /// tags dropped; a link's hidden parts (<span class="invisible">) included, so a
    /// shortened link reads as its full URL.
    std::string text;
    std::vector<std::string> links;    ///< href of each plain link (not mentions or hashtags)
    std::vector<std::string> hashtags; ///< each hashtag link's text as written, without '#'
};

/// Total: any bytes in, valid UTF-8 out (bad bytes become U+FFFD); never throws
/// beyond running out of memory, whatever the markup (unclosed tags, stray '<',
/// broken entities).
MastodonHtml read_mastodon_html(std::string_view html);
/// read_mastodon_html(html).text.
std::string mastodon_html_to_text(std::string_view html);

/// What one Mastodon answer held.
struct MastodonPage {
    std::vector<Mention> mentions;
    /// Statuses that could not be read (no uri, unreadable created_at).
    size_t unreadable = 0;
    std::string first_problem; ///< why the first unreadable status could not be read
};

/// True when `doc` is a status: an object with `uri`, `account` and `content`
/// (or `reblog`).
bool is_mastodon_status(JsonView doc);
/// True when `doc` is an answer that holds statuses: a status, an array whose first
/// element is a status, a search envelope or a context.
bool is_mastodon_answer(JsonView doc);

/// Reads any of those answers. Ids are "mastodon:" + the status `uri` (the same on
/// every server; the local `id` is not). A boost (`reblog`) becomes a Repost by the
/// booster carrying the boosted status's text and entities.
Result<MastodonPage> parse_mastodon_answer(JsonView doc);
/// The same from the body's bytes.
Result<MastodonPage> parse_mastodon_answer(std::string_view body);

} // namespace earshot::core
