// Per-mention analysis done on ingest: sentiment and intents (the *why*),
// with the cues that explain each intent.
#pragma once

#include "core/model/mention.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

struct Analysis {
    /// -1..1; nullopt when no model reads the post's language (its tone is unknown).
    std::optional<float> sentiment;
    uint8_t intents = 0; ///< Intent bits
    /// "question: \"does anyone know\"" — why each label was given.
    std::vector<std::string> reasons;
    /// {"sentiment": …, "intents": [...], "why": [...]}
    nlohmann::json to_json() const;
};

Analysis analyze_text(std::string_view text, std::string_view lang);

/// Fills the derived fields of a mention (sentiment, intents).
void enrich(Mention& m);

} // namespace earshot::core
