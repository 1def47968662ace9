// Turning a template into a post's text (filling its slots, minting t.co links)
// and finding the entities X would report in the result.
#pragma once

#include "demo/corpus.hpp"
#include "demo/rng.hpp"
#include "demo/world.hpp"

#include <functional>
#include <string>
#include <vector>

namespace earshot::demo {

/// A t.co link minted while composing, with what it points to.
struct PendingLink {
    std::string tco, expanded, media_key;
};

struct ComposeContext {
    Rng* rng = nullptr;
    const Business* subject = nullptr; ///< the café written about ({biz}); own café when null
    const Business* other = nullptr;   ///< a second café ({other})
    std::string their_name;            ///< first name of the person replied to
    std::string self_url;              ///< the author's own website ({link_self})
    std::function<std::string()> random_handle; ///< an ordinary account, for {friend}
    std::vector<PendingLink> links;
};

/// Fills every {slot} of `tmpl`; the text is plain (not yet HTML-escaped).
std::string expand_template(const std::string& tmpl, ComposeContext& ctx);

/// "https://t.co/" + 10 characters, as X shortens every link.
std::string make_tco(Rng& rng);

/// Sometimes writes the way people type: all lower case, no final full stop.
std::string casualise(const std::string& text, Rng& rng);

/// Entities of an escaped text. Offsets are code points, end exclusive (X v2).
/// Mentions are kept only for accounts that exist (`lookup` returns an index).
struct ScannedEntities {
    std::vector<TagEntity> hashtags, cashtags;
    std::vector<MentionEntity> mentions;
    std::vector<UrlEntity> urls;
};
ScannedEntities scan_entities(const std::string& escaped_text,
                              const std::vector<PendingLink>& links,
                              const std::function<const DemoUser*(const std::string&)>& lookup);

/// What X shows for a link: no scheme, no "www.", long ones cut with "…".
std::string display_url(const std::string& expanded);

} // namespace earshot::demo
