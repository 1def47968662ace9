// Glue between the mention model and the sentiment and intent scorers.
#include "core/analysis/analysis.hpp"

#include "core/analysis/intent.hpp"
#include "core/analysis/sentiment.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace earshot::core {

nlohmann::json Analysis::to_json() const {
    nlohmann::json labels = nlohmann::json::array();
    for (int i = 0; i < kIntentCount; ++i)
        if (intents & (1u << i)) labels.push_back(intent_name(i));
    return {{"sentiment", sentiment ? nlohmann::json(*sentiment) : nlohmann::json(nullptr)},
            {"intents", labels},
            {"why", reasons}};
}

// [SECTION] Names left out of the tone

namespace {

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// A byte that continues a word: an ASCII letter or digit, or any byte of a multi-byte
// character (an accented letter, so "Beanó" is not "Bean").
bool continues_word(char c) {
    const unsigned char b = static_cast<unsigned char>(c);
    return b >= 0x80 || (b >= '0' && b <= '9') || (lower_ascii(c) >= 'a' && lower_ascii(c) <= 'z') || c == '_';
}

bool equals_folded_at(std::string_view text, size_t at, const std::string& name) {
    for (size_t i = 0; i < name.size(); ++i)
        if (lower_ascii(text[at + i]) != name[i]) return false;
    return true;
}

} // namespace

ToneNames::ToneNames(const std::vector<std::string>& names) {
    for (const std::string& n : names) {
        std::string folded;
        for (char c : n) folded += lower_ascii(c);
        // A name of one or two letters would blank words of every post.
        const bool has_word = folded.size() >= 3 && continues_word(folded.front()) && continues_word(folded.back());
        if (has_word && std::find(m_names.begin(), m_names.end(), folded) == m_names.end())
            m_names.push_back(std::move(folded));
    }
    // "Harbour Bean Roasters" before "Harbour Bean", so the longer one is blanked whole.
    std::stable_sort(m_names.begin(), m_names.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

bool ToneNames::blank(std::string_view text, std::string& out) const {
    bool any = false;
    for (const std::string& name : m_names) {
        if (name.size() > text.size()) continue;
        const char first = name[0];
        for (size_t at = 0; at + name.size() <= text.size(); ++at) {
            if (lower_ascii(text[at]) != first || (at > 0 && continues_word(text[at - 1]))) continue;
            const size_t end = at + name.size();
            if ((end < text.size() && continues_word(text[end])) || !equals_folded_at(text, at, name)) continue;
            if (!any) out.assign(text.data(), text.size());
            any = true;
            std::fill(out.begin() + static_cast<long>(at), out.begin() + static_cast<long>(end), ' ');
            text = out; // a shorter name inside a blanked longer one finds only spaces
            at = end - 1;
        }
    }
    return any;
}

// [SECTION] Analysis

namespace {

// The text the tone is read from: `text`, or a copy in `scratch` with the names blanked.
std::string_view tone_text(std::string_view text, const ToneNames* names, std::string& scratch) {
    return names && !names->empty() && names->blank(text, scratch) ? std::string_view(scratch) : text;
}

} // namespace

std::vector<std::string> tone_reasons(std::string_view text, std::string_view lang, const ToneNames* names,
                                      size_t max_words) {
    std::string scratch;
    return sentiment_reasons(tone_text(text, names, scratch), lang, max_words);
}

Analysis analyze_text(std::string_view text, std::string_view lang, const ToneNames* names) {
    Analysis a;
    // Scored once here; intent detection reuses it for its tone fallbacks.
    std::string scratch;
    a.sentiment = sentiment_score(tone_text(text, names, scratch), lang);
    IntentResult r = detect_intents(text, lang, a.sentiment);
    a.intents = r.labels;
    for (const IntentCue& c : r.cues) {
        int bit = 0;
        while (bit < kIntentCount && !(c.label & (1u << bit))) ++bit;
        a.reasons.push_back(std::string(intent_name(bit)) + ": \"" + c.cue + "\"");
    }
    return a;
}

void enrich(Mention& m, const ToneNames* names) {
    // analyze_text()'s figures without its reasons, which a mention does not keep.
    thread_local std::string scratch;
    m.sentiment = sentiment_score(tone_text(m.text, names, scratch), m.lang);
    m.intents = detect_intent_labels(m.text, m.lang, m.sentiment);
}

} // namespace earshot::core
