// Intent detection (the *why* of a mention): rule-based cue phrases in English, Spanish, French
// and German, each label reported with the words that triggered it ("why we think so").
#pragma once

#include "core/model/mention.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// One reason for one label: the text that triggered it, as written in the mention (trimmed to
/// a short phrase), e.g. {IntentQuestion, "does anyone know"}.
struct IntentCue {
    Intent label;
    std::string cue;
};

/// All labels found (Intent bits) and the first cue for each, in bit order.
struct IntentResult {
    uint8_t labels = 0;
    std::vector<IntentCue> cues;
};

/// Labels a mention. `lang` is the source's language code ("en", "es", "fr", "de", "und" or
/// empty); with a known code only that language's cues (plus language-neutral ones such as
/// "20%", "£5", "?") are tried, otherwise all of them.
/// @rules complaint: dissatisfaction with any business (a competitor's too), incl. sarcasm
///        ("Great, another…") and rhetorical questions ("why do I bother?"); a clearly negative
///        post counts even without a cue. question: a genuine question ('?' or "does anyone
///        know…"), not rhetorical, not a request for a recommendation. praise: positive judgement,
///        not negated ("not the best"), not inside a question. purchase_intent: the writer will or
///        wants to buy/order/book/hire, not negated ("never ordering again").
///        recommendation_request: asks others to suggest a business ("can anyone recommend"),
///        not "can't recommend them enough". event: a happening with a when (workshop, live
///        music, opening, "this Saturday 10am"). promotion: discounts, codes, sales, giveaways,
///        free items with purchase ("free entry" alone is not one).
IntentResult detect_intents(std::string_view text, std::string_view lang = "");
/// The same, for a caller that has already scored the post's sentiment_score() (ingest
/// scores every post once, not twice).
/// `sentiment` is nullopt when the post's language has no sentiment model.
IntentResult detect_intents(std::string_view text, std::string_view lang,
                            std::optional<float> sentiment);

/// The labels detect_intents(text, lang, sentiment) gives, without writing their cues
/// (ingest keeps only the labels).
uint8_t detect_intent_labels(std::string_view text, std::string_view lang, std::optional<float> sentiment);

/// The label for a wire name ("complaint", "purchase_intent", …), if it is one.
std::optional<Intent> intent_from_name(std::string_view name);

/// "question: \"does anyone know\"" — a cue as shown to the user.
std::string describe(const IntentCue& cue);

} // namespace earshot::core
