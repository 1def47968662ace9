// The author card and the conversation of a post (see context.hpp).
#include "core/insights/context.hpp"

#include "core/analysis/sentiment.hpp"
#include "core/store/mention_store.hpp"

#include <algorithm>
#include <set>

namespace earshot::core {

namespace {

bool same_author(const Mention& a, const Mention& b) {
    if (a.source != b.source) return false;
    return !a.author.id.empty() && !b.author.id.empty() ? a.author.id == b.author.id
                                                        : !a.author.handle.empty() && a.author.handle == b.author.handle;
}

} // namespace

AuthorSummary summarize_author(const MentionStore& store, const Mention& m) {
    AuthorSummary s;
    for (size_t i = 0; i < store.size(); ++i) {
        const Mention& x = store.at(i);
        if (!same_author(x, m)) continue;
        ++s.mentions;
        if (!x.sentiment) ++s.unknown;
        else switch (sentiment_polarity(*x.sentiment)) {
            case Polarity::Positive: ++s.positive; break;
            case Polarity::Neutral: ++s.neutral; break;
            case Polarity::Negative: ++s.negative; break;
            }
        if (x.intents & (IntentComplaint | IntentQuestion | IntentPurchase | IntentRecommendationRequest)) ++s.asked;
        if (!s.first_seen || x.created_at < s.first_seen) s.first_seen = x.created_at;
        s.last_seen = std::max(s.last_seen, x.created_at);
    }
    return s;
}

std::vector<uint32_t> conversation_of(const MentionStore& store, const Mention& m, size_t limit) {
    std::vector<uint32_t> out;
    const bool has_conversation = !m.conversation_id.empty();
    // Without a conversation id (Mastodon, Bluesky), follow the reply links both ways.
    std::set<std::string> linked{m.source_id};
    if (!m.in_reply_to.empty()) linked.insert(m.in_reply_to);
    for (size_t i = 0; i < store.size(); ++i) {
        const Mention& x = store.at(i);
        if (x.source != m.source) continue;
        const bool in = has_conversation ? x.conversation_id == m.conversation_id || x.source_id == m.conversation_id
                                         : linked.count(x.source_id) || linked.count(x.in_reply_to);
        if (in) out.push_back(static_cast<uint32_t>(i));
    }
    if (out.size() > limit) {
        std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
            return std::llabs(store.at(a).created_at - m.created_at) < std::llabs(store.at(b).created_at - m.created_at);
        });
        out.resize(limit);
    }
    std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
        return store.at(a).created_at != store.at(b).created_at ? store.at(a).created_at < store.at(b).created_at
                                                                : a < b;
    });
    return out;
}

} // namespace earshot::core
