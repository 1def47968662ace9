// Intent detector, decision side: turns the cue matches of intent_match.cpp into labels with
// guards (negation, questions, rec requests, sarcasm, names) and a tone fallback.
//
// [SECTION] Deciding the labels
// [SECTION] Public API
#include "core/analysis/intent.hpp"

#include "core/analysis/internal/intent.hpp"
#include "core/analysis/sentiment.hpp"
#include "core/text/grapheme.hpp"

#include <algorithm>
#include <optional>
#include <cstring>
#include <string>

namespace earshot::core {
namespace {

using namespace intent_detail;

// [SECTION] Deciding the labels

/// The cue as written: the matched words of the post, at most ~60 bytes.
std::string cue_text(const Text& t, uint32_t first, uint32_t last) {
    const uint32_t begin = t.tokens[first].begin;
    uint32_t end = t.tokens[last - 1].end;
    return ellipsize(t.original.substr(begin, end - begin), 60);
}

/// A question sentence as the cue: the sentence itself when short, else its opening words.
std::string question_cue(const Text& t, const Sentence& s) {
    if (s.first == s.last)
        return "?";
    std::string cue = cue_text(t, s.first, s.last);
    if (cue.size() <= 60 && cue.find("…") == std::string::npos)
        return cue + "?";
    const uint32_t last = std::min<uint32_t>(s.last, s.first + 6);
    return cue_text(t, s.first, last) + "…?";
}

bool negated(const Text& t, const Match& m) {
    const uint32_t first_in_sentence = t.sentences[m.sentence].first;
    for (uint32_t k = m.first; k > first_in_sentence && m.first - k < 3;) {
        --k;
        if (t.tokens[k].kind == TokKind::Word && is_negator(t.word(k)))
            return true;
    }
    return false;
}

/// The token of the post that carries the most sentiment in the given direction, for the
/// fallback labels ("complaint: \"disgusting\""); -1 when no word leans that way.
long strongest_word(const Text& t, float sign) {
    float best = 0.f;
    long word = -1;
    for (size_t i = 0; i < t.tokens.size(); ++i) {
        if (t.tokens[i].kind != TokKind::Word)
            continue;
        const float v = sentiment_lexicon_valence(t.word(i)) * sign;
        if (v > best) {
            best = v;
            word = static_cast<long>(i);
        }
    }
    return word;
}

bool capitalised(const Text& t, size_t i) {
    const char c = t.original[t.tokens[i].begin];
    return t.tokens[i].kind == TokKind::Word && c >= 'A' && c <= 'Z';
}

/// A one-word cue written as part of a name ("Velo Workshop", "Deal Street Deli") is not a cue:
/// capitalised mid-sentence next to another capitalised word.
/// German capitalises every noun, so German cues are exempt.
bool part_of_name(const Text& t, const Match& m) {
    if (m.pattern->lang == Lang::De)
        return false;
    if (m.last - m.first != 1 || !capitalised(t, m.first) || t.tokens[m.first].code)
        return false;
    const Sentence& s = t.sentences[m.sentence];
    if (m.first == s.first)
        return false;
    return capitalised(t, m.first - 1) || (m.last < s.last && capitalised(t, m.last));
}

/// "Someone's going to get hurt" is not the writer's intent to buy.
bool third_person_subject(const Text& t, const Match& m) {
    if (m.first == t.sentences[m.sentence].first)
        return false;
    static constexpr std::string_view kFirstPerson[] = {"i",  "i'm", "im",    "i'll",  "ill", "i'd",
                                                        "id", "we",  "we're", "we'll", "we'd"};
    const std::string_view first = t.word(m.first);
    if (std::find(std::begin(kFirstPerson), std::end(kFirstPerson), first) !=
        std::end(kFirstPerson))
        return false;
    static constexpr std::string_view kOthers[] = {
        "someone's", "somebody's", "someone", "somebody", "he's", "she's",  "they're", "it's",
        "he",        "she",        "they",    "it",       "you",  "you're", "u"};
    const std::string_view prev = t.word(m.first - 1);
    return std::find(std::begin(kOthers), std::end(kOthers), prev) != std::end(kOthers);
}

int bit_of(Intent label) {
    int bit = 0;
    while (bit < kIntentCount && !(label & (1 << bit)))
        ++bit;
    return bit;
}

// Posts this negative are complaints even without a cue phrase; this positive, praise.
constexpr float kComplaintScore = -0.5f;
constexpr float kPraiseScore = 0.6f;

/// The labels and, when `with_cues`, the words that gave each (ingest keeps only the
/// labels: writing the cues was a tenth of its analysis).
IntentResult decide(const Text& t, const std::vector<Match>& matches, std::string_view text,
                    Lang lang, std::optional<float> known_score, bool with_cues) {
    const size_t ns = t.sentences.size();
    std::vector<uint8_t> blocked(ns, 0); // Intent bits cancelled per sentence
    std::vector<bool> rhetorical(ns, false), rec_sentence(ns, false);
    bool sarcasm = false, sarcasm_if_other = false, has_when = false;
    for (const Match& m : matches) {
        const CuePattern& p = *m.pattern;
        switch (p.kind) {
        case CueKind::Block:
            blocked[m.sentence] |= p.label;
            break;
        case CueKind::Rhetorical:
            if (t.sentences[m.sentence].question)
                rhetorical[m.sentence] = true;
            break;
        case CueKind::Sarcasm:
            sarcasm = true;
            break;
        case CueKind::SarcasmIfOther:
            sarcasm_if_other = true;
            break;
        case CueKind::When:
            has_when = true;
            break;
        default:
            break;
        }
    }
    // Sentences that ask for a recommendation are not also counted as plain questions.
    for (const Match& m : matches) {
        const CuePattern& p = *m.pattern;
        if (p.label != IntentRecommendationRequest ||
            (blocked[m.sentence] & IntentRecommendationRequest))
            continue;
        if (p.kind == CueKind::Cue ||
            (p.kind == CueKind::RecIfQuestion && t.sentences[m.sentence].question))
            rec_sentence[m.sentence] = true;
    }
    const bool any_rec =
        std::find(rec_sentence.begin(), rec_sentence.end(), true) != rec_sentence.end();
    // First cue per label, in the order found.
    std::string cues[kIntentCount];
    bool found[kIntentCount] = {};
    // The cue is written only when it is kept: `cue` makes it on demand.
    auto give_with = [&](Intent label, auto&& cue) {
        const int bit = bit_of(label);
        if (found[bit])
            return;
        found[bit] = true;
        if (with_cues)
            cues[bit] = cue();
    };
    auto give = [&](Intent label, uint32_t first, uint32_t last, const char* suffix = "") {
        give_with(label, [&] { return cue_text(t, first, last) + suffix; });
    };
    bool other_complaint = false;
    for (const Match& m : matches) {
        const CuePattern& p = *m.pattern;
        const Sentence& s = t.sentences[m.sentence];
        const bool is_blocked = blocked[m.sentence] & p.label;
        switch (p.kind) {
        case CueKind::Cue:
            if (is_blocked || part_of_name(t, m))
                break;
            if (p.label == IntentPraise && (s.question && !rhetorical[m.sentence]))
                break; // "any good?"
            if ((p.label == IntentPraise || p.label == IntentPurchase) && negated(t, m))
                break;
            // "a reliable cleaner" in a request describes what is wanted, it praises no one.
            if (p.label == IntentPraise && rec_sentence[m.sentence])
                break;
            if (p.label == IntentPurchase && third_person_subject(t, m))
                break;
            if (p.label == IntentQuestion && (rhetorical[m.sentence] || rec_sentence[m.sentence]))
                break;
            if (p.label == IntentComplaint)
                other_complaint = true;
            give(p.label, m.first, m.last);
            break;
        case CueKind::RecIfQuestion:
            if (s.question && !is_blocked) {
                give(IntentRecommendationRequest, m.first, m.last);
            }
            break;
        case CueKind::WeakEvent:
            if (has_when && !s.question && !is_blocked && !part_of_name(t, m))
                give(IntentEvent, m.first, m.last);
            break;
        case CueKind::Rhetorical:
            if (s.question)
                give(IntentComplaint, m.first, m.last, "?");
            break;
        case CueKind::Condition:
            if (!is_blocked && !any_rec) {
                other_complaint = true;
                give(IntentComplaint, m.first, m.last);
            }
            break;
        case CueKind::Sarcasm:
            other_complaint = true;
            give(IntentComplaint, m.first, m.last);
            break;
        default:
            break;
        }
    }
    // Genuine questions: a '?' sentence that is neither rhetorical nor asking for a recommendation.
    for (size_t si = 0; si < ns; ++si) {
        const Sentence& s = t.sentences[si];
        if (s.question && !rhetorical[si] && !rec_sentence[si] && !(blocked[si] & IntentQuestion) &&
            s.last > s.first)
            give_with(IntentQuestion, [&] { return question_cue(t, s); });
    }
    // Sarcasm: "Great, another…" praises nothing.
    if (sarcasm || (sarcasm_if_other && other_complaint)) {
        found[bit_of(IntentPraise)] = false;
        cues[bit_of(IntentPraise)].clear();
    }
    // Tone fallbacks: a clearly negative post is a complaint, a clearly positive one praise,
    // unless the post is a promotion or an event announcement (businesses speak positively).
    // The fallbacks name an English lexicon word: German "die" is not "to die". Callers pass
    // 0 for posts in other languages.
    const float score = lang != Lang::En && lang != Lang::Any ? 0.f : known_score ? *known_score : sentiment_score(text);
    const bool any_complaint = found[bit_of(IntentComplaint)];
    const bool any_praise = found[bit_of(IntentPraise)];
    if (!any_complaint && !any_praise && score <= kComplaintScore) {
        if (const long w = strongest_word(t, -1.f); w >= 0)
            give(IntentComplaint, static_cast<uint32_t>(w), static_cast<uint32_t>(w + 1));
    }
    if (!any_praise && !any_complaint && !sarcasm && score >= kPraiseScore &&
        !found[bit_of(IntentPromotion)] && !found[bit_of(IntentEvent)] &&
        !found[bit_of(IntentQuestion)] && !found[bit_of(IntentRecommendationRequest)]) {
        if (const long w = strongest_word(t, 1.f); w >= 0)
            give(IntentPraise, static_cast<uint32_t>(w), static_cast<uint32_t>(w + 1));
    }

    IntentResult r;
    for (int bit = 0; bit < kIntentCount; ++bit) {
        if (!found[bit])
            continue;
        r.labels |= static_cast<uint8_t>(1 << bit);
        if (with_cues)
            r.cues.push_back(IntentCue{static_cast<Intent>(1 << bit), std::move(cues[bit])});
    }
    return r;
}

/// Untagged posts and those of undetermined language ("und": emoji, hashtags) get the tone
/// fallbacks as English posts do; Italian, Japanese… do not.
bool reads_as_english(std::string_view lang) {
    const std::optional<SentimentLang> l = sentiment_language(lang);
    return l == SentimentLang::En || l == SentimentLang::Symbols;
}

} // namespace

// [SECTION] Public API

IntentResult detect_intents(std::string_view text, std::string_view lang) {
    const Text t = tokenize(text);
    if (t.tokens.empty() && t.sentences.empty())
        return {};
    const Lang l = lang_of(lang);
    const bool english = l == Lang::En || (l == Lang::Any && reads_as_english(lang));
    return decide(t, find_matches(t, l), text, l,
                  english ? std::nullopt : std::optional<float>(0.f), true);
}

IntentResult detect_intents(std::string_view text, std::string_view lang,
                            std::optional<float> sentiment) {
    const Text t = tokenize(text);
    if (t.tokens.empty() && t.sentences.empty())
        return {};
    const Lang l = lang_of(lang);
    // The tone fallbacks name the strongest English word, so they need the English reading.
    const bool english = l == Lang::En || (l == Lang::Any && reads_as_english(lang));
    return decide(t, find_matches(t, l), text, l, english ? sentiment.value_or(0.f) : 0.f, true);
}

uint8_t detect_intent_labels(std::string_view text, std::string_view lang, std::optional<float> sentiment) {
    // One Text per thread, its buffers kept from post to post (three allocations a post less).
    thread_local Text t;
    tokenize_into(text, t);
    if (t.tokens.empty() && t.sentences.empty())
        return 0;
    const Lang l = lang_of(lang);
    const bool english = l == Lang::En || (l == Lang::Any && reads_as_english(lang));
    return decide(t, find_matches(t, l), text, l, english ? sentiment.value_or(0.f) : 0.f, false).labels;
}

std::optional<Intent> intent_from_name(std::string_view name) {
    for (int bit = 0; bit < kIntentCount; ++bit)
        if (name == intent_name(bit))
            return static_cast<Intent>(1 << bit);
    return std::nullopt;
}

std::string describe(const IntentCue& cue) {
    return std::string(intent_name(bit_of(cue.label))) + ": \"" + cue.cue + "\"";
}

} // namespace earshot::core
