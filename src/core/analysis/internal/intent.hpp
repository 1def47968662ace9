// Internal to the intent detector: the folded text of a post and the cue matches found in it
// (intent_match.cpp), read by the label decisions in intent.cpp.
#pragma once

#include "core/analysis/internal/intent_cues.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core::intent_detail {

enum class TokKind : uint8_t { Word, Num, Cur, Percent, Handle };

struct Token {
    uint32_t norm_begin, norm_end; ///< folded text in Text::norm
    uint32_t begin, end;           ///< bytes in the original post
    uint16_t sentence;
    TokKind kind;
    bool code; ///< written like a promo code: upper case, 4+ characters
    uint16_t classes = 0; ///< pattern classes (@num, @day, @neg…) the token belongs to
};

struct Sentence {
    uint32_t first, last; ///< token range [first, last)
    uint32_t begin, end;  ///< bytes in the original post
    bool question = false;
};

struct Text {
    /// The folded words, read through word(): a buffer kept from post to post, so bytes
    /// past the last token are left over from earlier posts.
    std::string norm;
    std::vector<Token> tokens;
    std::vector<Sentence> sentences;
    std::string_view original;

    std::string_view word(size_t i) const {
        return std::string_view(norm).substr(tokens[i].norm_begin,
                                             tokens[i].norm_end - tokens[i].norm_begin);
    }
};

struct Match {
    const CuePattern* pattern;
    uint32_t first, last; ///< token range [first, last)
    uint16_t sentence;
};

/// Cuts a post into folded tokens (lower case, accents removed) and sentences. URLs are dropped;
/// @handles stay as placeholders so "thanks @x for" still reads as one phrase.
Text tokenize(std::string_view s);
/// tokenize() into `t`, reusing its buffers: ingest tokenizes every post it reads.
void tokenize_into(std::string_view s, Text& t);

/// Every cue pattern of `lang` (all languages for Lang::Any) matched in the post.
std::vector<Match> find_matches(const Text& t, Lang lang);

/// "en-GB" -> Lang::En; unknown codes and "und" -> Lang::Any.
Lang lang_of(std::string_view code);

/// not, never, n't, nunca, jamais, nicht… (folded).
bool is_negator(std::string_view w);

} // namespace earshot::core::intent_detail
