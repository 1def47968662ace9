// Internal to the sentiment scorer: the learned layer on top of the rules — a three-class
// logistic regression over hashed word, word-prefix, bigram and negated-word features plus the
// rule score, shared by all languages (each language salts its hashes and has its own dense
// weights). Weights: sentiment_model_data.cpp, written by `earshot-cli train-sentiment`.
#pragma once

#include "core/analysis/internal/sentiment_tokens.hpp"
#include "core/analysis/sentiment.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core::sentiment_detail {

constexpr uint32_t kModelBuckets = 1u << 16;
constexpr int kClasses = 3; ///< negative, neutral, positive
/// Dense features: bias, rule score, rule says positive, rule says negative, shares a link,
/// asks something.
constexpr int kDense = 6;

/// The weights compiled into the library. hashed[b * 4 + c] * hashed_scale is the weight of
/// bucket b (4 bytes a bucket, the 4th unused, so one aligned load reads a bucket) for class c. A language without training rows (Dutch, Symbols) is read by the rule
/// layer alone.
struct ModelWeights {
    bool trained[kSentimentLangCount];
    float hashed_scale;
    const int8_t* hashed;
    float dense[kSentimentLangCount][kDense][kClasses];
};
extern const ModelWeights kModel;

enum FeatureKind : uint32_t { FeatWord = 1, FeatPrefix = 2, FeatBigram = 3, FeatNegated = 4 };

inline uint32_t feature_bucket(uint32_t h, SentimentLang lang, FeatureKind kind) {
    uint32_t x = h ^ ((static_cast<uint32_t>(lang) * 16u + kind) * 0x9E3779B9u);
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x & (kModelBuckets - 1);
}

/// Calls sink(token index, bucket, negated) for each hashed feature of one batch of tokens (a
/// bigram belongs to its second word). A word within three words after a negator (same clause)
/// is a different feature from the word itself.
template <class Sink> void token_features(const Scratch& s, SentimentLang lang, Sink&& sink) {
    uint32_t prev = 0;
    int negated = 0;
    for (size_t i = 0; i < s.count; ++i) {
        const Token& t = s.tokens[i];
        const char* text = s.text + t.text;
        const uint32_t h = t.hash;
        if (t.brk != BreakNone)
            negated = 0;
        const bool in_scope = negated > 0;
        sink(i, feature_bucket(h, lang, in_scope ? FeatNegated : FeatWord), in_scope);
        if (t.length >= 6)
            sink(i, feature_bucket(hash_bytes(text, 5), lang, FeatPrefix), in_scope); // a stem
        if (i > 0 && t.brk == BreakNone)
            sink(i, feature_bucket(prev * 31u + h, lang, FeatBigram), in_scope);
        prev = h;
        const bool negator =
            (t.flags & TokNt) || (t.word && (t.word->rules & (RuleNegator | RuleNo)));
        negated = negator ? 3 : negated - 1;
    }
}

template <class Sink> void hashed_features(const Scratch& s, SentimentLang lang, Sink&& sink) {
    token_features(s, lang, [&](size_t, uint32_t bucket, bool) { sink(bucket); });
}

inline void dense_features(float rule_score, const Scratch& s, float out[kDense]) {
    out[0] = 1.f;
    out[1] = rule_score;
    out[2] = rule_score >= kSentimentNeutralBand ? 1.f : 0.f;
    out[3] = rule_score <= -kSentimentNeutralBand ? 1.f : 0.f;
    out[4] = s.has_url ? 1.f : 0.f;
    out[5] = s.questions > 0 ? 1.f : 0.f;
}

/// The final score: sentiment_polarity() of it is the most probable class. Its intensity is the
/// rule score's when the rules agree on the class (people rate intensity, which the rules model
/// and three classes do not), else P(positive) - P(negative), pushed out of the neutral band
/// for a positive or negative class and kept inside it for a neutral one.
inline float score_from_probabilities(const float p[kClasses], float rule_score) {
    const float d = p[2] - p[0];
    if (p[1] >= p[0] && p[1] >= p[2])
        return d * (kSentimentNeutralBand * 0.98f);
    if (p[2] > p[0]) {
        const float v = rule_score >= kSentimentNeutralBand ? rule_score : d;
        return v > kSentimentNeutralBand ? v : kSentimentNeutralBand;
    }
    const float v = rule_score <= -kSentimentNeutralBand ? rule_score : d;
    return v < -kSentimentNeutralBand ? v : -kSentimentNeutralBand;
}

/// One text's features, for training and cross-validation.
struct Features {
    std::vector<uint32_t> buckets;
    float dense[kDense];
    float rule_score;
};
Features extract_features(std::string_view text, SentimentLang lang);

} // namespace earshot::core::sentiment_detail
