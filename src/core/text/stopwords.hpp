// Built-in stop words (en, es, fr, de, pt, it, nl + social-media noise) for the Insights
// board's top terms. Compact lists of function words; not a linguistic resource.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace earshot::core {

/// One bit per built-in list. A word can sit in several lists ("a" is en, es, pt, it).
enum StopList : uint8_t {
    StopEnglish = 1 << 0,
    StopSpanish = 1 << 1,
    StopFrench = 1 << 2,
    StopGerman = 1 << 3,
    StopPortuguese = 1 << 4,
    StopItalian = 1 << 5,
    StopDutch = 1 << 6,
    /// "rt", "amp", "https"…: noise in every language, always applied.
    StopSocial = 1 << 7,
};
constexpr uint8_t kStopAllLists = 0xFF;

struct StopWord {
    std::string_view word; ///< lower-case UTF-8, accents kept ("más", "über")
    uint8_t lists;         ///< StopList bits of the lists it belongs to
};

/// Every built-in stop word once, with the lists it belongs to.
const std::vector<StopWord>& stop_words();

/// The lists that apply to a post written in `lang` (a BCP-47-ish code as sources give
/// it: "en", "pt-BR", "und"). Its own language's list, plus English (mixed into posts in
/// every language) and the social list; every list when the language is unknown or has
/// no list of its own, since the post may then be in any of them.
uint8_t stop_lists_for_language(std::string_view lang);

/// The lists `word` belongs to (0 when it is no stop word). `word` must already be
/// lower-case; lookups are exact (no accent folding: "mas" is not "más").
uint8_t stop_word_lists(std::string_view word);

/// True when `word` (lower-case) is a stop word for a post in `lang`.
inline bool is_stop_word(std::string_view word, std::string_view lang = {}) {
    return (stop_word_lists(word) & stop_lists_for_language(lang)) != 0;
}

} // namespace earshot::core
