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

/// The business's and its competitors' names. Their words say nothing of a post's tone,
/// yet a scorer reads them like any other: a café called "Happy Days" would make every
/// mention praise, and "harbour" or "bean", rare in the tweets the learned layer was fitted
/// on, tipped questions about Harbour Bean negative. The tone is read with them blanked.
/// Matched as whole words in any (ASCII) case.
class ToneNames {
  public:
    ToneNames() = default;
    explicit ToneNames(const std::vector<std::string>& names);
    bool empty() const { return m_names.empty(); }
    bool operator==(const ToneNames& o) const { return m_names == o.m_names; }
    /// Writes `text` with every name in it blanked by spaces (lengths kept) to `out` and
    /// returns true; returns false, leaving `out` alone, when no name occurs in it.
    bool blank(std::string_view text, std::string& out) const;

  private:
    std::vector<std::string> m_names; ///< lower-cased, longest first
};

Analysis analyze_text(std::string_view text, std::string_view lang, const ToneNames* names = nullptr);

/// Fills the derived fields of a mention (sentiment, intents). The tone is read without
/// `names` (see ToneNames); intents read the whole text.
void enrich(Mention& m, const ToneNames* names = nullptr);

/// sentiment_reasons() for a mention's text with `names` blanked: the words named are
/// those the tone was read from.
std::vector<std::string> tone_reasons(std::string_view text, std::string_view lang,
                                      const ToneNames* names, size_t max_words = 3);

} // namespace earshot::core
