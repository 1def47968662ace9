// Internal to the sentiment scorer: the learned layer on top of the rules — a three-class
// logistic regression over hashed word, word-prefix, bigram, negated-word and (other languages
// than English) character n-gram features, plus the rule score and lexicon counts. Each language
// salts its hashes and has its own dense weights; es, fr, de, it and pt also share their word and
// character n-gram features, so a Spanish tweet learns from Portuguese and Italian ones. Weights:
// sentiment_model_data.cpp, written by `earshot-cli train-sentiment`.
#pragma once

#include "core/analysis/internal/sentiment_tokens.hpp"
#include "core/analysis/sentiment.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core::sentiment_detail {

constexpr int kModelBucketBits = 17;
constexpr uint32_t kModelBuckets = 1u << kModelBucketBits;
constexpr int kClasses = 3; ///< negative, neutral, positive
/// Dense features: bias, rule score, rule says positive, rule says negative, shares a link,
/// asks something, log(1 + sum of the positive lexicon ratings in the text), the same for
/// negative ones, a positive emoji or emoticon, a negative one. (The ratings before the rules:
/// after them, "not bad" counting as positive, cross-validation read English worse.)
constexpr int kDense = 10;
/// A character n-gram counts this much of a word feature: there are many per word, and each
/// alone says little.
constexpr float kCharValue = 0.3f;

/// The weights compiled into the library. Softmax ignores a shift common to the three logits, so
/// a bucket stores only how much it favours negative and positive over neutral:
/// hashed[b * 2] * hashed_scale (negative - neutral) and hashed[b * 2 + 1] * hashed_scale
/// (positive - neutral). Two bytes a bucket, read with one load, keep the table at 256 KB, in
/// cache. A language without training rows (Dutch, Symbols) is read by the rule layer alone.
constexpr int kBucketBytes = 2;
struct ModelWeights {
    bool trained[kSentimentLangCount];
    float hashed_scale;
    const int8_t* hashed;
    float dense[kSentimentLangCount][kDense][kClasses];
};
extern const ModelWeights kModel;

enum FeatureKind : uint32_t {
    FeatWord = 1,
    FeatPrefix = 2,
    FeatBigram = 3,
    FeatNegated = 4,
    FeatChar = 6
};
/// The salt of the features es, fr, de, it and pt share (no SentimentLang has this value).
constexpr uint32_t kSharedSalt = 15;

inline uint32_t feature_bucket(uint32_t h, uint32_t salt, FeatureKind kind) {
    uint32_t x = h ^ ((salt * 16u + kind) * 0x9E3779B9u);
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x & (kModelBuckets - 1);
}
inline uint32_t feature_bucket(uint32_t h, SentimentLang lang, FeatureKind kind) {
    return feature_bucket(h, static_cast<uint32_t>(lang), kind);
}

/// Writes `n` bytes of lower-cased UTF-8 with Latin-1 accents removed ("encantó" -> "encanto",
/// "não" -> "nao"): tweets drop accents as often as they keep them. Returns the length.
inline size_t fold_accents(const char* s, size_t n, char* out) {
    // U+00E0..U+00FF, the lower-case Latin-1 letters (÷ at F7 stays as it is: '/').
    static constexpr char kPlain[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
    size_t o = 0;
    for (size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < n) {
            const unsigned char d = static_cast<unsigned char>(s[i + 1]);
            if (d >= 0xA0 && d <= 0xBF) {
                out[o++] = kPlain[d - 0xA0];
                ++i;
                continue;
            }
        }
        out[o++] = static_cast<char>(c);
    }
    return o;
}

/// The tokens the learned layer reads: all but a closing run of hashtags ("… war kalt.
/// #Kaffee #Coffee #Brighton"). Such tags name the topic, the place or the business; read as
/// words they pulled a German complaint to positive. The rules still rate them (#fail).
inline size_t learned_end(const Scratch& s) {
    size_t end = s.count;
    while (end > 0 && (s.tokens[end - 1].flags & TokHashtag))
        --end;
    return s.count - end >= 2 ? end : s.count;
}

/// Calls sink(token index, bucket, negated, is_char_ngram) for each hashed feature of one batch
/// of tokens (a bigram belongs to its second word). A word within three words after a negator
/// (same clause) is a different feature from the word itself. English keeps to words: its
/// training set is the largest, it is the language read most, and character n-grams did not
/// help it in cross-validation. `other`: es, fr, de, it, pt (folding, shared and character
/// n-gram features); English, read most, gets a loop without them (token_features below).
/// The sink is held by value and handed back, so a sink that sums (score_learned's) keeps its
/// sums in registers; through a reference every int8 weight read, which may alias anything, sent
/// them back to memory, one store-to-load chain per feature.
template <bool other, class Sink>
Sink token_features_of(const Scratch& s, SentimentLang lang, Sink sink) {
    uint32_t prev = 0;
    int negated = 0;
    char folded[kMaxWord + 4]; // a word, a dropped g put back ("lovin"), two edge marks
    for (size_t i = 0, end = learned_end(s); i < end; ++i) {
        const Token& t = s.tokens[i];
        const char* text = s.text + t.text;
        size_t length = t.length;
        uint32_t h = t.hash;
        if (other) {
            length = fold_accents(text, t.length, folded + 1);
            text = folded + 1;
            if (length != t.length)
                h = hash_bytes(text, length);
        }
        if (t.brk != BreakNone)
            negated = 0;
        const bool in_scope = negated > 0;
        const FeatureKind word = in_scope ? FeatNegated : FeatWord;
        sink(i, feature_bucket(h, lang, word), in_scope, false);
        if (other)
            sink(i, feature_bucket(h, kSharedSalt, word), in_scope, false);
        if (length >= 6)
            sink(i, feature_bucket(hash_bytes(text, 5), lang, FeatPrefix), in_scope, false);
        if (i > 0 && t.brk == BreakNone)
            sink(i, feature_bucket(prev * 31u + h, lang, FeatBigram), in_scope, false);
        if (other && (t.flags & TokWord)) {
            // "<encanto>": 2- to 4-grams with the word's edges marked, shared by the languages.
            folded[0] = '<';
            folded[length + 1] = '>';
            const size_t edged = length + 2;
            for (size_t n = 2; n <= 4 && n < edged; ++n)
                for (size_t k = 0; k + n <= edged; ++k)
                    sink(i,
                         feature_bucket(hash_bytes(folded + k, n) + static_cast<uint32_t>(n),
                                        kSharedSalt, FeatChar),
                         in_scope, true);
        }
        prev = h;
        const bool negator =
            (t.flags & TokNt) || (t.rules & (RuleNegator | RuleNo | RuleNe));
        negated = negator ? 3 : negated - 1;
    }
    return sink;
}

/// Calls sink(token index, bucket, negated, is_char_ngram) for each hashed feature of a batch;
/// returns the sink after the last call.
template <class Sink> Sink token_features(const Scratch& s, SentimentLang lang, Sink sink) {
    if (lang != SentimentLang::En && lang != SentimentLang::Symbols)
        return token_features_of<true>(s, lang, sink);
    return token_features_of<false>(s, lang, sink);
}

/// A sink for token_features: the int8 weights of the features, summed apart for words and for
/// character n-grams (negative - neutral, positive - neutral; see ModelWeights).
struct WeightSums {
    int32_t word_negative = 0, word_positive = 0, char_negative = 0, char_positive = 0;
    void operator()(size_t, uint32_t bucket, bool, bool is_char) {
        const int8_t* w = kModel.hashed + bucket * kBucketBytes;
        if (is_char) {
            char_negative += w[0];
            char_positive += w[1];
        } else {
            word_negative += w[0];
            word_positive += w[1];
        }
    }
};

inline void dense_features(float rule_score, const Scratch& s, float out[kDense]) {
    out[0] = 1.f;
    out[1] = rule_score;
    out[2] = rule_score >= kSentimentNeutralBand ? 1.f : 0.f;
    out[3] = rule_score <= -kSentimentNeutralBand ? 1.f : 0.f;
    out[4] = s.has_url ? 1.f : 0.f;
    out[5] = s.questions > 0 ? 1.f : 0.f;
    out[6] = s.rated_positive > 0.f ? std::log1p(s.rated_positive) : 0.f;
    out[7] = s.rated_negative > 0.f ? std::log1p(s.rated_negative) : 0.f;
    out[8] = s.positive_symbol ? 1.f : 0.f;
    out[9] = s.negative_symbol ? 1.f : 0.f;
}

/// The hashed features' share of a class logit, from their summed int8 weights.
inline float hashed_logit(int32_t word_sum, int32_t char_sum, float scale) {
    return (static_cast<float>(word_sum) + kCharValue * static_cast<float>(char_sum)) * scale;
}

/// The final score: sentiment_polarity() of it is the most probable class. When the rules agree
/// on the class, its intensity is mostly the rule score's (people rate intensity, which the rules
/// model and three classes do not) and partly the model's confidence: with 0.3 of
/// P(positive) - P(negative), VADER's tweets' r rose from 0.890 to 0.893 (cross-validated).
/// Otherwise it is that difference, pushed out of the neutral band for a positive or negative
/// class. A neutral class keeps it inside the band, leaning as the mean of that difference and
/// the rule score ("not bad" leans positive).
inline float score_from_probabilities(const float p[kClasses], float rule_score) {
    constexpr float kRuleShare = 0.7f;
    const float d = p[2] - p[0];
    if (p[1] >= p[0] && p[1] >= p[2])
        return (d + rule_score) * 0.5f * (kSentimentNeutralBand * 0.98f);
    const float blend = kRuleShare * rule_score + (1.f - kRuleShare) * d;
    if (p[2] > p[0]) {
        const float v = rule_score >= kSentimentNeutralBand ? blend : d;
        return v > kSentimentNeutralBand ? v : kSentimentNeutralBand;
    }
    const float v = rule_score <= -kSentimentNeutralBand ? blend : d;
    return v < -kSentimentNeutralBand ? v : -kSentimentNeutralBand;
}

/// One text's features, for training and cross-validation.
struct Features {
    std::vector<uint32_t> buckets;      ///< word, prefix, bigram features (value 1)
    std::vector<uint32_t> char_buckets; ///< character n-grams (value kCharValue)
    bool has_words = false;             ///< else emoji alone: read by the rules
    bool sarcasm = false;               ///< turned by the rules ("Lovely. 😡"): read by them
    float dense[kDense];
    float rule_score;
};
Features extract_features(std::string_view text, SentimentLang lang);

} // namespace earshot::core::sentiment_detail
