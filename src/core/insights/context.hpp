// A post's context for the detail pane: what its author said before (how often
// and in what tone) and the conversation around it, as far as the cache holds it.
#pragma once

#include "core/model/mention.hpp"

#include <cstdint>
#include <vector>

namespace earshot::core {

class MentionStore;

/// The author's mentions in the cache (the same account on the same network).
struct AuthorSummary {
    size_t mentions = 0;
    size_t positive = 0, neutral = 0, negative = 0, unknown = 0; ///< by tone
    size_t asked = 0;      ///< with a complaint, question, purchase intent or request
    int64_t first_seen = 0, last_seen = 0;
};
AuthorSummary summarize_author(const MentionStore& store, const Mention& m);

/// The posts of `m`'s conversation in the cache, oldest first, `m` included:
/// the same conversation id, or else the chain of posts it replies to and the
/// replies to it. At most `limit`, the ones nearest `m` in time kept.
std::vector<uint32_t> conversation_of(const MentionStore& store, const Mention& m, size_t limit);

} // namespace earshot::core
