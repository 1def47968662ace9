// The sentiment scorer's vocabulary: VADER's rule words and idioms merged with the generated
// lexicon (VADER, then AFINN-165, then the Emoji Sentiment Ranking) into one hash index.
//
// [SECTION] Rule words and idioms
// [SECTION] Lexicon index
#include "core/analysis/internal/sentiment_lexicon.hpp"
#include "core/analysis/internal/sentiment_tokens.hpp"

#include <cstring>
#include <iterator>

namespace earshot::core::sentiment_detail {
namespace {

// [SECTION] Rule words and idioms

// AFINN rates -5..5 in integers, VADER -4..4 in tenths. AFINN only fills words VADER lacks
// ("reliable", "outage", "garbage", "afraid"). On the tweet fixture, which VADER's lexicon was
// built alongside, they cost ~0.001 of Pearson r; they are kept for coverage of other text.
constexpr float kAfinnScale = 0.8f;
// Emoji Sentiment Ranking scores are shares of positive minus negative uses (-1..1); x3 puts a
// red heart (0.75) near VADER's "love" (3.2) and leaves ambiguous emoji near 0.
constexpr float kEmojiScale = 3.f;

struct RuleWord {
    const char* word;
    uint16_t rules;
};

// clang-format off
constexpr RuleWord kRuleWords[] = {
    // VADER's negations; the "n't" suffix is a rule, so these are the apostrophe-less spellings.
    {"aint", RuleNegator}, {"arent", RuleNegator}, {"cannot", RuleNegator}, {"cant", RuleNegator},
    {"couldnt", RuleNegator}, {"darent", RuleNegator}, {"didnt", RuleNegator},
    {"doesnt", RuleNegator}, {"dont", RuleNegator}, {"hadnt", RuleNegator}, {"hasnt", RuleNegator},
    {"havent", RuleNegator}, {"isnt", RuleNegator}, {"mightnt", RuleNegator},
    {"mustnt", RuleNegator}, {"neither", RuleNegator}, {"neednt", RuleNegator},
    {"never", RuleNegator | RuleNever}, {"none", RuleNegator}, {"nope", RuleNegator},
    {"nor", RuleNegator | RuleOrNor}, {"not", RuleNegator}, {"nothing", RuleNegator},
    {"nowhere", RuleNegator}, {"oughtnt", RuleNegator}, {"shant", RuleNegator},
    {"shouldnt", RuleNegator}, {"uhuh", RuleNegator}, {"wasnt", RuleNegator},
    {"werent", RuleNegator}, {"without", RuleNegator | RuleWithout}, {"wont", RuleNegator},
    {"wouldnt", RuleNegator | RuleIrrealis}, {"rarely", RuleNegator}, {"seldom", RuleNegator},
    {"despite", RuleNegator}, {"ain't", RuleNegator}, {"nobody", RuleNegator},
    {"no", RuleNo}, {"or", RuleOrNor}, {"least", RuleLeast}, {"at", RuleAtVery},
    {"so", RuleBoostUp | RuleSoThis}, {"this", RuleSoThis}, {"doubt", RuleDoubt},
    {"kind", RuleKindSort}, {"sort", RuleKindSort}, {"of", RuleOf}, {"but", RuleBut},
    // Laughter marks tone; negating it ("no idea lol") makes no sense.
    {"lol", RuleInterjection}, {"lmao", RuleInterjection}, {"lmfao", RuleInterjection},
    {"rofl", RuleInterjection}, {"ha", RuleInterjection}, {"haha", RuleInterjection},
    {"hahaha", RuleInterjection}, {"hehe", RuleInterjection}, {"xd", RuleInterjection},
    // Irrealis markers (as in Taboada et al.'s SO-CAL): "if only it were good" is not praise.
    {"if", RuleIrrealis}, {"would", RuleIrrealis}, {"could", RuleIrrealis},
    {"should", RuleIrrealis}, {"wish", RuleIrrealis}, {"unless", RuleIrrealis},
    {"might", RuleIrrealis}, {"i'd", RuleIrrealis}, {"wouldn't", RuleIrrealis},
    // VADER's degree adverbs.
    {"absolutely", RuleBoostUp}, {"amazingly", RuleBoostUp}, {"awfully", RuleBoostUp},
    {"completely", RuleBoostUp}, {"considerably", RuleBoostUp}, {"decidedly", RuleBoostUp},
    {"deeply", RuleBoostUp}, {"effing", RuleBoostUp}, {"enormously", RuleBoostUp},
    {"entirely", RuleBoostUp}, {"especially", RuleBoostUp}, {"exceptionally", RuleBoostUp},
    {"extremely", RuleBoostUp}, {"fabulously", RuleBoostUp}, {"flipping", RuleBoostUp},
    {"flippin", RuleBoostUp}, {"fricking", RuleBoostUp}, {"frickin", RuleBoostUp},
    {"frigging", RuleBoostUp}, {"friggin", RuleBoostUp}, {"fully", RuleBoostUp},
    {"fucking", RuleBoostUp}, {"fuckin", RuleBoostUp}, {"greatly", RuleBoostUp},
    {"hella", RuleBoostUp}, {"highly", RuleBoostUp}, {"hugely", RuleBoostUp},
    {"incredibly", RuleBoostUp}, {"intensely", RuleBoostUp}, {"majorly", RuleBoostUp},
    {"more", RuleBoostUp}, {"most", RuleBoostUp}, {"particularly", RuleBoostUp},
    {"purely", RuleBoostUp}, {"quite", RuleBoostUp}, {"really", RuleBoostUp},
    {"remarkably", RuleBoostUp}, {"substantially", RuleBoostUp}, {"thoroughly", RuleBoostUp},
    {"totally", RuleBoostUp}, {"tremendously", RuleBoostUp}, {"uber", RuleBoostUp},
    {"unbelievably", RuleBoostUp}, {"unusually", RuleBoostUp}, {"utterly", RuleBoostUp},
    {"very", RuleBoostUp | RuleAtVery},
    {"almost", RuleBoostDown}, {"barely", RuleBoostDown}, {"hardly", RuleBoostDown},
    {"kinda", RuleBoostDown}, {"kindof", RuleBoostDown}, {"less", RuleBoostDown},
    {"little", RuleBoostDown}, {"marginally", RuleBoostDown}, {"occasionally", RuleBoostDown},
    {"partly", RuleBoostDown}, {"scarcely", RuleBoostDown}, {"slightly", RuleBoostDown},
    {"somewhat", RuleBoostDown}, {"sorta", RuleBoostDown}, {"sortof", RuleBoostDown},
};
// clang-format on

// Idioms whose meaning is not the sum of their words: VADER's special cases (Python 3.3) plus
// "can't wait" (eagerness, not negation). Valences on VADER's scale.
struct Idiom {
    const char* phrase;
    float valence;
};
// clang-format off
constexpr Idiom kIdioms[] = {
    {"the shit", 3.f},       {"the bomb", 3.f},     {"bad ass", 1.5f},      {"yeah right", -2.f},
    {"kiss of death", -1.5f}, {"to die for", 3.f},  {"beating heart", 3.1f}, {"broken heart", -2.9f},
    {"can't wait", 2.f},     {"cant wait", 2.f},    {"cannot wait", 2.f},
};
// clang-format on

float merged_valence(const lexicon::Entry& e) {
    if (e.vader != lexicon::kNone)
        return e.vader / 10.f;
    if (e.afinn != lexicon::kNone)
        return e.afinn * kAfinnScale;
    if (e.emoji != lexicon::kNone)
        return e.emoji / 100.f * kEmojiScale;
    return 0.f;
}

} // namespace

// [SECTION] Lexicon index

Index::Index() {
    const size_t n = lexicon::kEntryCount + std::size(kRuleWords) + 2 * std::size(kIdioms);
    m_words.reserve(n);
    size_t cap = 1;
    while (cap < n * 2)
        cap <<= 1; // load factor <= 0.5 keeps probe runs short
    m_slots.assign(cap, Slot{0, 0});
    m_mask = static_cast<uint32_t>(cap - 1);
    for (uint32_t i = 0; i < lexicon::kEntryCount; ++i) {
        const lexicon::Entry& e = lexicon::kEntries[i];
        Word w{lexicon::kKeys + e.key_offset,
               static_cast<uint8_t>(e.key_length),
               false,
               (e.flags & lexicon::kPhraseStart) != 0,
               0,
               merged_valence(e)};
        w.in_lexicon = w.valence != 0.f || e.vader != lexicon::kNone;
        insert(w);
        note_phrase_end(w.key, w.key_length);
    }
    for (const Idiom& idiom : kIdioms) {
        const size_t len = std::strlen(idiom.phrase);
        if (Word* w = find_mut(idiom.phrase, len)) {
            w->valence = idiom.valence;
            w->in_lexicon = true;
        } else {
            insert(Word{idiom.phrase, static_cast<uint8_t>(len), true, false, 0, idiom.valence});
        }
        note_phrase_end(idiom.phrase, len);
        const size_t first = static_cast<size_t>(std::strchr(idiom.phrase, ' ') - idiom.phrase);
        if (Word* w = find_mut(idiom.phrase, first))
            w->phrase_start = true;
        else
            insert(Word{idiom.phrase, static_cast<uint8_t>(first), false, true, 0, 0.f});
    }
    for (const RuleWord& r : kRuleWords) {
        const size_t len = std::strlen(r.word);
        if (Word* w = find_mut(r.word, len))
            w->rules |= r.rules;
        else
            insert(Word{r.word, static_cast<uint8_t>(len), false, false, r.rules, 0.f});
    }
}

Word* Index::find_mut(const char* s, size_t n) {
    return const_cast<Word*>(find(s, n));
}

// Remembers the hash of a multi-word key's last word, so most words skip the phrase lookup.
void Index::note_phrase_end(const char* key, size_t n) {
    const char* space = static_cast<const char*>(std::memchr(key, ' ', n));
    if (!space)
        return;
    const char* last = key + n;
    while (last[-1] != ' ')
        --last;
    const uint32_t h = hash_bytes(last, static_cast<size_t>(key + n - last));
    m_phrase_ends[(h >> 6) & 3] |= uint64_t{1} << (h & 63);
}

void Index::insert(const Word& w) {
    const uint32_t h = hash_bytes(w.key, w.key_length);
    if (find(w.key, w.key_length, h))
        return; // generated keys are unique; rule words merge above
    m_words.push_back(w);
    for (uint32_t i = h & m_mask;; i = (i + 1) & m_mask) {
        if (m_slots[i].word == 0) {
            m_slots[i] = Slot{h, static_cast<uint32_t>(m_words.size())};
            return;
        }
    }
}

const Index& lexicon_index() {
    static const Index index; // thread-safe one-time build (~9k inserts, well under a millisecond)
    return index;
}

} // namespace earshot::core::sentiment_detail
