// The business profile typed at onboarding, and the listener queries the
// article recommends, built from it.
#pragma once

#include "core/listen/listener.hpp"
#include "core/model/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// A competitor, for share of voice: one listener each.
struct Competitor {
    std::string name;    ///< "Grindhouse Coffee"
    std::string handle;  ///< "grindhousecafe" (a leading '@' is ignored)
    std::string website; ///< "grindhousecoffee.co.uk" (scheme and "www." are ignored)
};

struct BusinessProfile {
    std::string name;    ///< "Harbour Bean"
    std::string handle;  ///< "harbourbean" (no '@')
    std::string website; ///< "harbourbean.co.uk"
    std::string town;    ///< "Brighton"
    std::vector<Competitor> competitors;
    /// What the trade is called in everyday words, searched together with the
    /// town (*my area*) or with question cues: {"coffee", "café", "cafe"}.
    std::vector<std::string> trade_keywords;
    /// Terms specific enough to search everywhere (*my trade*):
    /// {"specialty coffee", "barista", "flat white"}. Empty: trade_keywords.
    std::vector<std::string> trade_terms;
    /// Language of the trade and question listeners (lang:), "" for any.
    std::string language = "en";
    /// The shop's position, when known: *my area* adds point_radius: around it.
    std::optional<double> lat, lon;
    double radius_km = 10;
    /// Places that count as local on the Insights board besides the town itself
    /// (neighbourhoods, the wider area): {"Hove", "Kemptown"}.
    std::vector<std::string> nearby_places;
    /// ISO 3166-1 alpha-2 code of the town's country ("GB"), "" when unknown: a
    /// stated location in another country ("Brighton, MA") is then not local.
    std::string country_code;
    /// Hashtags of the owner's campaigns (no '#'): on the Goals board a post
    /// carrying one counts as a promotion. {"BeanTuesday", "HarbourLoyalty"}.
    std::vector<std::string> campaign_hashtags;
    /// The hashtag of the owner's event (no '#'), whose live wall the Goals board
    /// shows; "" = the most active hashtag in the range.
    std::string event_hashtag;
};

/// The profile of the demo business served by earshot-demo-source.
BusinessProfile demo_profile();

/// Template ids (Listener::kind; also the listener id, "competitor-<handle>" for competitors).
constexpr const char* kMyBusiness = "my-business";
constexpr const char* kCompetitor = "competitor";
constexpr const char* kMyArea = "my-area";
constexpr const char* kMyTrade = "my-trade";
constexpr const char* kQuestions = "questions";

/// "my business": the name as a phrase, the handle, its hashtag and links to
/// the site. The query is empty when the profile names nothing (ListenerSet
/// then refuses it).
Listener my_business_listener(const BusinessProfile& p);

/// One competitor, with the same query shape as *my business* so share of
/// voice compares like with like.
Result<Listener> competitor_listener(const Competitor& c);

/// "my area": the town (as a word and as place:, plus point_radius: when the
/// position is known) together with the trade keywords, retweets left out:
/// `Brighton (coffee OR café OR cafe) -is:retweet`.
/// Terms that would take the query past X's 512 characters are left out and
/// named in `notes`.
Result<Listener> area_listener(const BusinessProfile& p, std::vector<std::string>* notes = nullptr);

/// "my trade": the trade terms anywhere, in the profile's language:
/// `("specialty coffee" OR barista OR "flat white") -is:retweet lang:en`.
Result<Listener> trade_listener(const BusinessProfile& p,
                                std::vector<std::string>* notes = nullptr);

/// "questions people ask": the trade keywords (and the town, when known) with
/// English question cues: `Brighton (coffee OR café) (anyone OR recommend OR
/// "where can" …) -is:retweet lang:en`. X's search ignores punctuation, so a
/// `?` cannot be searched for (the query language refuses a bare `?`); the
/// cues are words, and the intent classifier then picks the real questions.
Result<Listener> questions_listener(const BusinessProfile& p,
                                    std::vector<std::string>* notes = nullptr);

/// Every template the profile can fill, in the article's order, and for the
/// ones it cannot, a sentence saying what to add.
struct StarterListeners {
    std::vector<Listener> listeners;
    std::vector<std::string> notes;
};
StarterListeners starter_listeners(const BusinessProfile& p);

/// An ASCII id made from a name: "Around Brighton" → "around-brighton".
std::string slug(std::string_view s);

/// A term as the query language needs it: bare when it is one plain word,
/// #tag or @handle, otherwise "quoted" (double quotes inside are dropped,
/// since X has no escapes). "" when nothing searchable is left.
std::string quote_term(std::string_view term);

} // namespace earshot::core
