// The Goals board's numbers: the article's seven goals (drive traffic, promotions, leads,
// onsite visitors, events, customer service, loyalty), each a queue of mentions and one figure.
#pragma once

#include "core/insights/insights.hpp"
#include "core/insights/locations.hpp"
#include "core/listen/profile.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

class MentionStore;
class Workflow;

/// What the board is about: the time range and what the owner told us about the business.
struct GoalsConfig {
    /// The window [from, to) in UTC Unix seconds; 0 = open on that side.
    int64_t from = 0, to = 0;
    /// The owner's site ("harbourbean.co.uk"; scheme, "www." and a path are ignored).
    std::string website;
    /// The owner's accounts: their own posts act on no goal, except the event wall
    /// (the owner's posts are part of their event). Handles (no '@') or site domains,
    /// matched on every network by is_account_of().
    std::vector<std::string> own_handles;
    /// Competitors' accounts (handles or site domains), left out of every goal.
    std::vector<std::string> competitor_handles;
    /// Hashtags of the owner's campaigns (no '#'): a mention carrying one is a promotion.
    std::vector<std::string> campaign_tags;
    /// The event's hashtag (no '#'); "" = the most active hashtag in the range.
    std::string event_tag;
    /// Hashtags never taken as "the event" when guessing (the business's own name tag…).
    std::vector<std::string> brand_tags;
    /// The business's town, for onsite visitors.
    LocalArea local;
};

/// A person who keeps saying good things.
struct Advocate {
    std::string handle;
    uint32_t positive = 0; ///< positive mentions in the range
    std::optional<int64_t> followers;
};

/// The seven goals. Queues hold store positions, newest first.
struct GoalsBoard {
    struct Traffic {
        uint32_t mentions = 0;          ///< linking to the owner's site
        std::vector<RankedItem> pages;  ///< the site's pages linked, most linked first
        std::vector<uint32_t> queue;
    } traffic;
    struct Promotions {
        uint32_t mentions = 0;         ///< with a promo code, a campaign tag, or promotion words
        std::vector<RankedItem> codes; ///< promo codes seen ("BEAN10"), upper-case
        std::vector<RankedItem> tags;  ///< campaign tags seen
        std::vector<uint32_t> queue;
    } promotions;
    struct Leads {
        uint32_t purchase = 0, recommendation = 0;
        uint32_t mentions = 0; ///< with either (a mention with both counts once)
        std::vector<uint32_t> queue;
    } leads;
    struct Visitors {
        uint32_t local = 0;    ///< geotagged in the town or by someone who lives there
        uint32_t checkins = 0; ///< "just arrived at…", "I'm at…", or geotagged in the town
        uint32_t mentions = 0; ///< either
        std::vector<uint32_t> queue;
    } visitors;
    struct Event {
        std::string tag;           ///< without '#', as most often written; "" when none
        bool from_profile = false; ///< the owner named it (else the most active tag)
        uint32_t mentions = 0;
        std::vector<uint32_t> wall;
    } event;
    struct Service {
        uint32_t cases = 0; ///< complaints and questions in the range (and mentions marked open)
        uint32_t open = 0;  ///< of those, neither replied nor resolved
        uint32_t answered = 0;
        /// Median seconds from a case's post to the owner's first response; unknown
        /// until something was answered.
        std::optional<int64_t> median_first_response;
        std::vector<uint32_t> queue; ///< the open ones
        std::vector<uint32_t> candidates; ///< every complaint and question (update_service reads them)
    } service;
    struct Loyalty {
        uint32_t repeat_authors = 0; ///< ≥ 2 positive mentions in the range
        std::vector<Advocate> advocates; ///< repeat positive authors, most positive first
        std::vector<uint32_t> queue;     ///< their positive mentions
    } loyalty;
    uint32_t in_range = 0; ///< mentions in the range (the owner's and competitors' included)
};

/// Every goal but customer service's workflow figures, in one pass over the store's
/// mentions in the range (plus one over those with hashtags, for the event wall).
/// The workflow changes far more often than the mentions: update_service() is separate.
GoalsBoard compute_goals(const MentionStore& store, const GoalsConfig& config);

/// Customer service's open queue, answered count and median time to first response,
/// from the cases compute_goals() found and the workflow's statuses. A mention the
/// owner marked Open counts as a case too.
void update_service(GoalsBoard& board, const MentionStore& store, const Workflow& workflow,
                    const GoalsConfig& config);

/// Promo codes in a post: a token right after "code", "coupon", "voucher" or "promo"
/// that has a digit or is written in capitals ("use code BEAN10"), and, in a post that
/// talks of codes, discounts or "% off", capitals-and-digits tokens ("SPRING25").
/// Upper-cased, each once.
std::vector<std::string> promo_codes(std::string_view text);

/// True when the post says its author is at a place now ("just arrived at", "I'm at",
/// "checked in at"…), in English.
bool is_checkin(std::string_view text);

/// True when a post's author handle, as its network writes it, is the account named by
/// `account` — a handle ("harbourbean": also "harbourbean.bsky.social" on Bluesky and
/// "harbourbean@any.server" on Mastodon) or a site domain ("harbourbean.co.uk", a
/// Bluesky custom-domain handle). Case-insensitive; a leading '@' is ignored.
bool is_account_of(std::string_view handle, std::string_view account);

/// "harbourbean.co.uk" from "https://www.HarbourBean.co.uk/menu"; "" for nothing usable.
std::string site_domain(std::string_view website);

/// The accounts of the business (`competitors` false) or of its competitors, as
/// is_account_of() reads them: each handle and each site domain (on Bluesky a
/// business may post as "harbourbean.co.uk").
std::vector<std::string> profile_accounts(const BusinessProfile& p, bool competitors);

/// A link as a page of a site: no scheme, "www.", query or fragment, nor trailing '/'
/// ("harbourbean.co.uk/menu"). Lower-case host, path as written.
std::string page_of(std::string_view url);

} // namespace earshot::core
