// Offline training of the sentiment scorer's learned layer (internal/sentiment_model.hpp) on the
// dev tweets in ../shared/fixtures/sentiment, and its k-fold cross-validation. Used by
// `earshot-cli train-sentiment` (which writes sentiment_model_data.cpp) and by the benchmark.
#pragma once

#include "core/analysis/sentiment.hpp"

#include <string>
#include <vector>

namespace earshot::core {

/// One labelled dev tweet. `label`: 0 negative, 1 neutral, 2 positive.
struct SentimentExample {
    std::string set; ///< "tweeteval", "umsab-de", "vader"…
    SentimentLang lang = SentimentLang::En;
    int label = 1;
    double human_mean = 0; ///< VADER's tweets: the mean of 20 ratings (-4..4); else 0
    std::string text;
};

/// Loads TweetEval val, UMSAB train+val (es, fr, de, it, pt) and VADER's dev tweets from
/// `fixtures`/sentiment. Never opens a test split. On failure, returns nothing and says why.
std::vector<SentimentExample> load_sentiment_dev_data(const std::string& fixtures,
                                                      std::string& error);

/// Fitted weights (floats; quantized as the library stores them).
struct SentimentModel {
    std::vector<int8_t> hashed; ///< [bucket][negative - neutral, positive - neutral]
    float hashed_scale = 0;
    float dense[kSentimentLangCount][10][3] = {}; ///< [language][dense feature][class]
    bool trained[kSentimentLangCount] = {}; ///< languages with training rows
};

/// Fits the learned layer on the rows `use` selects (all rows when empty). Deterministic.
SentimentModel train_sentiment_model(const std::vector<SentimentExample>& rows,
                                     const std::vector<size_t>& use = {});

/// k-fold cross-validation: every row scored by a model that was not fitted on it nor on any
/// row with the same text (fold = a hash of the text, mod k). `partition` picks one of many
/// ways to split the rows (repeated cross-validation averages them). Returns the out-of-fold
/// scores.
std::vector<float> cross_validate_sentiment(const std::vector<SentimentExample>& rows, int folds,
                                            uint32_t partition = 0);

/// The score a model gives a text, exactly as the library computes it with those weights.
float score_with_model(const SentimentModel& model, std::string_view text, SentimentLang lang);

/// The C++ source of sentiment_model_data.cpp for these weights.
std::string sentiment_model_source(const SentimentModel& model, const std::string& provenance);

} // namespace earshot::core
