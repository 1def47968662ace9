// Glue between the mention model and the sentiment and intent scorers.
#include "core/analysis/analysis.hpp"

#include "core/analysis/intent.hpp"
#include "core/analysis/sentiment.hpp"

#include <nlohmann/json.hpp>

namespace earshot::core {

nlohmann::json Analysis::to_json() const {
    nlohmann::json labels = nlohmann::json::array();
    for (int i = 0; i < kIntentCount; ++i)
        if (intents & (1u << i)) labels.push_back(intent_name(i));
    return {{"sentiment", sentiment ? nlohmann::json(*sentiment) : nlohmann::json(nullptr)},
            {"intents", labels},
            {"why", reasons}};
}

Analysis analyze_text(std::string_view text, std::string_view lang) {
    Analysis a;
    // Scored once here; intent detection reuses it for its tone fallbacks.
    a.sentiment = sentiment_score(text, lang);
    IntentResult r = detect_intents(text, lang, a.sentiment);
    a.intents = r.labels;
    for (const IntentCue& c : r.cues) {
        int bit = 0;
        while (bit < kIntentCount && !(c.label & (1u << bit))) ++bit;
        a.reasons.push_back(std::string(intent_name(bit)) + ": \"" + c.cue + "\"");
    }
    return a;
}

void enrich(Mention& m) {
    // analyze_text()'s figures without its reasons, which a mention does not keep.
    m.sentiment = sentiment_score(m.text, m.lang);
    m.intents = detect_intent_labels(m.text, m.lang, m.sentiment);
}

} // namespace earshot::core
