// Names of the model's enums as they appear on the wire (normalised JSONL).
#include "core/model/mention.hpp"

namespace earshot::core {

namespace {
const char* const kSourceNames[] = {"x", "bsky", "mastodon", "import"};
const char* const kKindNames[] = {"original", "reply", "repost", "quote"};
const char* const kIntentNames[] = {"complaint", "question", "praise", "purchase_intent",
                                    "recommendation_request", "event", "promotion"};
const char* const kIntentWords[] = {"complaint", "question", "praise", "purchase intent",
                                    "recommendation request", "event", "promotion or deal"};
} // namespace

const char* to_string(Source s) { return kSourceNames[static_cast<int>(s)]; }
const char* to_string(Kind k) { return kKindNames[static_cast<int>(k)]; }
const char* intent_name(int bit_index) {
    return bit_index >= 0 && bit_index < kIntentCount ? kIntentNames[bit_index] : "";
}

const char* intent_words(int bit_index) {
    return bit_index >= 0 && bit_index < kIntentCount ? kIntentWords[bit_index] : "";
}

std::optional<Source> source_from_string(const std::string& s) {
    for (int i = 0; i < 4; ++i)
        if (s == kSourceNames[i]) return static_cast<Source>(i);
    return std::nullopt;
}

std::optional<Kind> kind_from_string(const std::string& s) {
    for (int i = 0; i < 4; ++i)
        if (s == kKindNames[i]) return static_cast<Kind>(i);
    return std::nullopt;
}

} // namespace earshot::core
