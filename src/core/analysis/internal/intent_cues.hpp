// Internal to the intent detector: the cue-phrase tables (intent_cues.cpp) and their pattern
// syntax, read by the matcher in intent.cpp.
#pragma once

#include "core/model/mention.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace earshot::core::intent_detail {

enum class Lang : uint8_t { Any, En, Es, Fr, De, It, Pt, Nl };

/// What a match does.
enum class CueKind : uint8_t {
    Cue,            ///< gives `label`
    WeakEvent,      ///< gives event only if the post also says when, outside a question
    When,           ///< a time expression ("this Saturday", "8pm"); enables WeakEvent
    Block,          ///< cancels `label` for the whole sentence it is in
    Rhetorical,     ///< the sentence's '?' is not a question; gives complaint
    Sarcasm,        ///< gives complaint and cancels praise in the post
    SarcasmIfOther, ///< cancels praise only when the post has another complaint cue
    RecIfQuestion,  ///< gives recommendation_request inside a question ("best place for…?")
    Condition,      ///< complaint ("broken"), unless the post asks for a recommendation (then it
                    ///< describes the need: "boiler's broken, who do you recommend?")
};

/// One cue phrase. Pattern syntax, matched on folded words (lower case, accents removed,
/// ’ read as ') within one sentence:
///   word      exact word          word*    any word starting with "word"
///   a|b|c     alternatives        ~N       skip 0..N words
///   ^         start of sentence   $        end of sentence     %  £ €  those symbols
///   @num digits   @cur £€$   @time 8pm, 10am, 19h   @day weekday   @month month name
///   @ord 21st, 3rd   @code an upper-case code ("SPRING15")   @neg a negation word
struct CuePattern {
    Lang lang;
    CueKind kind;
    Intent label;
    const char* pattern;
};

extern const CuePattern kCuePatterns[];
extern const size_t kCuePatternCount;

/// Negation words (folded) for praise and purchase cues: "not the best", "never ordering".
extern const std::string_view kNegators[];
extern const size_t kNegatorCount;

} // namespace earshot::core::intent_detail
