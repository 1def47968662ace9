// Rule-based sentiment for short social posts (VADER family): a valence lexicon plus rules for
// negation, intensifiers, "but" clauses, caps, punctuation, elongation, emoticons and emoji.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// The languages the scorer has a lexicon and rules for. `Symbols` reads only emoji, emoticons
/// and laughter: for posts whose language is undetermined ("und", "zxx", "qme"…).
enum class SentimentLang : uint8_t { En, Es, Fr, De, It, Pt, Nl, Symbols };
constexpr int kSentimentLangCount = 8;

/// Which model reads a post tagged `lang` (ISO 639-1 / BCP-47 as X, Bluesky and Mastodon send
/// it: "en", "pt-BR", "und"); nullopt when none does (Japanese, Polish…: the tone is unknown,
/// never an English reading of foreign words). An empty tag (a source that gives none) reads
/// as English.
std::optional<SentimentLang> sentiment_language(std::string_view lang);

/// Sentiment of a post written in `lang`, or nullopt when no model reads that language.
std::optional<float> sentiment_score(std::string_view text, std::string_view lang);
float sentiment_score(std::string_view text, SentimentLang lang);

/// Sentiment of an English post in -1 (very negative) .. 1 (very positive); 0 when nothing in the
/// text carries sentiment. Deterministic, allocation-free, safe to call from any thread.
/// @rules Lexicon: VADER's ratings, AFINN-165 for words VADER lacks, the Emoji Sentiment Ranking
///        for emoji. Rules (VADER's, plus ours marked *): negation (not, n't, never, no,
///        without…) over the three preceding words, *stopping at a sentence end or another
///        sentiment word*; boosters and dampeners ("very", "kinda", "sort of"); "but" (what follows
///        counts 1.5x, what precedes 0.5x); ALL-CAPS emphasis (*also when the whole post shouts*);
///        "!!!" and "??"; *elongation* ("gooood", "soooo"); *words in questions and "if/would/
///        wish" clauses count half*; *laughter and emoticons are never negated*; "#love" counts as
///        "love", @handles and URLs are ignored, *posts sharing a link count 0.6*; *the sum is
///        divided by sqrt(number of sentiment words)* before VADER's x/sqrt(x^2+15); *implicit
///        praise: idioms ("hands down"), envy answering a treat, habits judged in hindsight, a
///        fond closer after one mishap ("…Brighton, never change"), a lamenting wallet*.
float sentiment_score(std::string_view text);

/// The rule layer alone (lexicon and rules, before the learned layer): for tests of the rules
/// and for explanations.
float sentiment_rule_score(std::string_view text, SentimentLang lang = SentimentLang::En);

/// Why we think so: up to `max_words` words, emoji or emoticons of the post that weighed most
/// toward its tone (lexicon and learned weights together), strongest first; empty for a
/// neutral or unknown tone.
std::vector<std::string> sentiment_reasons(std::string_view text, std::string_view lang,
                                           size_t max_words = 3);

/// Three-way reading of a score, the same thresholds VADER uses for its compound score. Every
/// view, chart, alert and benchmark splits tones with this one function.
enum class Polarity { Negative, Neutral, Positive };
constexpr float kSentimentNeutralBand = 0.05f; ///< |score| below this is neutral
inline Polarity sentiment_polarity(float score) {
    return score >= kSentimentNeutralBand    ? Polarity::Positive
           : score <= -kSentimentNeutralBand ? Polarity::Negative
                                             : Polarity::Neutral;
}

/// The lexicon valence of one word, emoticon or emoji on VADER's -4..4 scale (0 when unknown).
/// Lookup is case-insensitive; no rules are applied. For tests and "why" explanations.
float sentiment_lexicon_valence(std::string_view token, SentimentLang lang = SentimentLang::En);

} // namespace earshot::core
