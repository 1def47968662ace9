// The inbox's order: what needs the owner ("Needs you": complaints, questions,
// ready-to-buy people and requests for a recommendation, not yet answered)
// first, by urgency, then everything else as it came. Also the quick filters
// the inbox offers, so the app only draws.
#pragma once

#include "core/model/mention.hpp"
#include "core/workflow/workflow.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace earshot::core {

class MentionStore;

/// The intents that ask the owner to act.
constexpr uint8_t kNeedsYouIntents =
    IntentComplaint | IntentQuestion | IntentPurchase | IntentRecommendationRequest;

/// Accounts whose own posts never need an answer: the owner's and the competitors'
/// (handles or site domains, matched on every network by is_account_of(), goals.hpp).
struct OwnAccounts {
    std::vector<std::string> handles;
    bool contains(const std::string& handle) const;
};

/// A post needs the owner when it carries one of kNeedsYouIntents, is not a
/// repost (the original is the one to answer), was not written by one of
/// `own`, and its status is neither Replied nor Resolved.
bool needs_you(const Mention& m, const WorkflowEntry& w, const OwnAccounts& own);

/// How soon a post needing the owner should be answered, higher first:
///   intent × reach × recency
/// - intent: complaint 3, purchase intent 2.5, recommendation request 2,
///   question 1.5 (the strongest present), +0.25 for each further one, and a
///   complaint weighs up to twice as much the more negative its tone;
/// - reach: 1 + log10(1 + followers) / 2 + log10(1 + likes + reposts + replies) / 4
///   (an unknown count adds nothing);
/// - recency: halves every 24 hours since the post (a post "from the future",
///   a clock skew, counts as new).
double urgency(const Mention& m, int64_t now);

/// Tone as the inbox's filter and chips name it. Unknown: no model for the
/// post's language (never read as neutral).
enum class Tone : uint8_t { Unknown, Negative, Neutral, Positive };
Tone tone_of(const Mention& m);
const char* to_string(Tone t);

/// The inbox's quick filters; a default-constructed one keeps everything.
struct QuickFilter {
    bool needs_you_only = false;
    bool unread_only = false;
    bool has_links = false;
    uint8_t intents = 0;        ///< any of these bits; 0 = any
    int tone = -1;              ///< a Tone as a number; -1 = any
    std::string lang;           ///< "" = any; "und" for posts the source did not tag
    int source = -1;            ///< a Source as a number; -1 = any
    int64_t from = 0, to = 0;   ///< unix seconds, 0 = open on that side
    bool operator==(const QuickFilter& o) const;
    bool keeps_everything() const { return *this == QuickFilter{}; }
};

/// Whether `m` passes `f` (`needs` is needs_you() for it, computed by the caller once).
bool passes(const QuickFilter& f, const Mention& m, const WorkflowEntry& w, bool needs);

/// `rows` (store positions, newest first) that pass `filter`, reordered for
/// the inbox: the ones that need the owner by urgency (ties newest first),
/// then the rest in their given order. `needs_you` counts the first group.
/// The order does not drift with time (every urgency halves alike), so it
/// only needs recomputing when the rows, a status or the filter change. The
/// workflow is only looked up for posts with an asking intent, or when the
/// filter reads it, so a million rows stay cheap.
struct TriageOrder {
    std::vector<uint32_t> rows;
    size_t needs_you = 0;
};
TriageOrder triage_order(const MentionStore& store, const Workflow& workflow, const std::vector<uint32_t>& rows,
                         const OwnAccounts& own, int64_t now, const QuickFilter& filter = {});

/// The languages present in `store`, most frequent first, at most `limit`.
std::vector<std::string> languages_present(const MentionStore& store, size_t limit);

} // namespace earshot::core
