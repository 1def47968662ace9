// Internal to the sentiment scorer: the lexicon index (generated lexicon + rule words) and the
// byte-level tokeniser that turns a post into rated tokens without allocating.
#pragma once

#include "core/analysis/sentiment.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace earshot::core::sentiment_detail {

// [SECTION] Words

/// What a word does to its neighbours (VADER's rule vocabulary plus ours).
enum RuleFlags : uint32_t {
    RuleNegator = 1 << 0,       ///< not, never, isn't, without…
    RuleBoostUp = 1 << 1,       ///< very, really, so…
    RuleBoostDown = 1 << 2,     ///< kinda, slightly, barely…
    RuleBut = 1 << 3,           ///< contrastive: the part after it dominates
    RuleNo = 1 << 4,            ///< "no" negates the following sentiment word
    RuleLeast = 1 << 5,         ///< "least" negates, except in "at least"
    RuleNever = 1 << 6,         ///< "never so good" intensifies instead of negating
    RuleSoThis = 1 << 7,        ///< the "so"/"this" of "never so good"
    RuleKindSort = 1 << 8,      ///< "kind of", "sort of" dampen
    RuleOf = 1 << 9,            ///< the "of" of "kind of"
    RuleAtVery = 1 << 10,       ///< "at least", "very least" are not negations
    RuleWithout = 1 << 11,      ///< "without doubt" is not a negation
    RuleDoubt = 1 << 12,        ///< the "doubt" of "without doubt"
    RuleOrNor = 1 << 13,        ///< "no sugar or fat"
    RuleInterjection = 1 << 14, ///< lol, haha: tone markers, never negated ("no idea lol")
    RuleIrrealis = 1 << 15,     ///< if, would, wish: the rest of the clause is hypothetical
    RuleEnvy = 1 << 16,         ///< jealous, envious: admiration when it is all a reply says
    RuleHabit = 1 << 17,        ///< "been": "I've been drinking bad coffee…" looks back
    RuleSpanEnd = 1 << 18,      ///< life, years, now: end of "my whole life", "until now"
    RuleSpanStart = 1 << 19,    ///< whole, all, these, until: the word before a span end
    RuleWallet = 1 << 20,       ///< wallet, purse, bank: "my wallet is crying" is money spent
    RuleMy = 1 << 21,           ///< the "my" of "my wallet"
    RuleLament = 1 << 22,       ///< crying, hates, rip: what a personified wallet does
    RuleCloser = 1 << 23,       ///< "X, never change": a fond conclusion, like "but"
    RuleAnnoyed = 1 << 24,      ///< 😡 🙄 👎: says how the writer feels, whatever the words say
    RuleNe = 1 << 25,           ///< French "ne"/"n'": opens a negation that "pas" closes after the verb
    RuleNeEnd = 1 << 26,        ///< "plus" of "n'aime plus": closes it (a negator only after "ne")
    RuleCannot = 1 << 27,       ///< can't, couldn't, never: "couldn't be nicer" is praise at its utmost
    RuleComparative = 1 << 28,  ///< better, nicer, worse: what "couldn't be" or "never had a" raises
    RuleEnough = 1 << 29,       ///< "can't recommend them enough", "cannot thank you enough"
    /// A phrase that holds its own negation ("nada mal", "pas mal"): a negator before it is the
    /// same negation (Spanish "no está nada mal" is negative concord), not a second one.
    RuleNegated = 1u << 30,
};

/// One entry of the index: a lexicon key, a rule word, or both.
struct Word {
    const char* key;
    uint8_t key_length;
    bool in_lexicon;   ///< rated words are not scanned as modifiers (VADER's rule)
    bool phrase_start; ///< first word of a multi-word key ("fed" of "fed up")
    uint32_t rules;    ///< RuleFlags
    float valence;     ///< merged rating on VADER's -4..4 scale
};

/// The last step of hash_bytes: a and b are a key's first and last bytes (see there).
inline uint32_t mix_hash(uint64_t a, uint64_t b, size_t n) {
    const uint64_t h =
        (a ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull + (b ^ (n * 0x94D049BB133111EBull));
    const uint64_t m = (h ^ (h >> 31)) * 0xD6E8FEB86659FD93ull;
    return static_cast<uint32_t>(m >> 32) ^ static_cast<uint32_t>(m);
}

/// Not a byte-serial hash: tokens are short, so the first and last 8 bytes plus the length mix
/// in constant time (wyhash-style small-key reads). Keys that agree there differ on memcmp.
inline uint32_t hash_bytes(const char* s, size_t n) {
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        std::memcpy(&a, s, 8);
        std::memcpy(&b, s + n - 8, 8);
    } else if (n >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, s, 4);
        std::memcpy(&hi, s + n - 4, 4);
        a = lo;
        b = hi;
    } else if (n > 0) {
        a = static_cast<uint64_t>(static_cast<unsigned char>(s[0])) << 16 |
            static_cast<uint64_t>(static_cast<unsigned char>(s[n / 2])) << 8 |
            static_cast<unsigned char>(s[n - 1]);
    }
    return mix_hash(a, b, n);
}

/// hash_bytes of the first n (1..8) bytes of little-endian x, whatever its other bytes are: the
/// same value, picked without branching on the length (a word's, which the predictor misses).
inline uint32_t hash_word(uint64_t x, size_t n) {
    const uint64_t lo = x & 0xFFFFFFFFull;
    const uint64_t hi = (x >> ((n >= 4 ? n - 4 : 0) * 8)) & 0xFFFFFFFFull;
    const uint64_t small = (x & 0xFF) << 16 | ((x >> (n / 2 * 8)) & 0xFF) << 8 |
                           ((x >> ((n - 1) * 8)) & 0xFF);
    const uint64_t a = n >= 8 ? x : n >= 4 ? lo : small;
    const uint64_t b = n >= 8 ? x : n >= 4 ? hi : 0;
    return mix_hash(a, b, n);
}

/// Keys are a few bytes long: a call to memcmp costs more than they do, and a byte loop stops at a
/// different length for every word, which the branch predictor misses. Instead two overlapping
/// reads cover 4..8 bytes (8-byte ones, longer keys), as in hash_bytes; never past a + n, b + n.
inline bool same_bytes(const char* a, const char* b, size_t n) {
    if (n >= 8) {
        uint64_t x, y;
        for (size_t i = 0; i + 8 < n; i += 8) {
            std::memcpy(&x, a + i, 8);
            std::memcpy(&y, b + i, 8);
            if (x != y)
                return false;
        }
        std::memcpy(&x, a + n - 8, 8);
        std::memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t a0, a1, b0, b1;
        std::memcpy(&a0, a, 4);
        std::memcpy(&a1, a + n - 4, 4);
        std::memcpy(&b0, b, 4);
        std::memcpy(&b1, b + n - 4, 4);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    // 0..3 bytes: the first, middle and last byte are all of them.
    return n == 0 || ((a[0] ^ b[0]) | (a[n / 2] ^ b[n / 2]) | (a[n - 1] ^ b[n - 1])) == 0;
}

/// Open-addressing hash over every lexicon key and rule word; built once, read-only after.
struct RuleWord {
    const char* word;
    uint32_t rules;
};

class Index {
  public:
    explicit Index(SentimentLang lang);
    const Word* find(const char* s, size_t n, uint32_t hash) const {
        // The slot's cache line is asked for before the filter answers: when the filter lets the
        // word through (a branch the predictor often misses), its slot is already on its way.
        __builtin_prefetch(&m_slots[hash & m_mask]);
        if (!may_hold(hash))
            return nullptr;
        for (uint32_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (slot.word == 0)
                return nullptr;
            if (slot.hash == hash) {
                const Word& w = m_words[slot.word - 1];
                if (w.key_length == n && same_bytes(w.key, s, n))
                    return &w;
            }
        }
    }
    const Word* find(const char* s, size_t n) const { return find(s, n, hash_bytes(s, n)); }
    /// False when no multi-word key ends with the word of this hash (a 4096-bit filter: with a
    /// few hundred phrase ends, about one word in ten still tries a phrase).
    /// French and Italian glue an elided word to the next ("j'adore", "n'aime", "l'ottimo"):
    /// the tokeniser splits them so the word is looked up on its own.
    bool elides() const { return m_elides; }
    /// How an inflected adjective is taken back to the form the lexicon rates ("heerlijke" →
    /// "heerlijk", "péssima" → "péssimo"); see Tokenizer::lookup_inflected.
    enum class Inflection : uint8_t { None, Dutch, Romance, Italian };
    Inflection inflection() const { return m_inflection; }
    bool may_end_phrase(uint32_t hash) const {
        return (m_phrase_ends[(hash >> 6) & (kPhraseEndWords - 1)] >> (hash & 63)) & 1;
    }

  private:
    /// Most words of a post are in no lexicon ("the", "coffee"): a two-bit filter of 8 KB, which
    /// stays in the L1 cache, turns away ~90 % of them before the slot table (hundreds of KB,
    /// a cache miss per lookup) is read. No false negatives: every key inserted sets its bits.
    static constexpr uint32_t kFilterWords = 1024; ///< 64-bit words: 65,536 bits
    bool may_hold(uint32_t hash) const {
        const uint32_t a = hash & 0xFFFF, b = hash >> 16;
        return (m_filter[a >> 6] >> (a & 63)) & (m_filter[b >> 6] >> (b & 63)) & 1;
    }
    void build_english();
    void build_other(SentimentLang lang);
    void reserve(size_t n);
    void add_rule_words(const RuleWord* words, size_t n);
    void add_symbols();
    void set_rating(const char* key, size_t n, float valence);
    void add_idiom(const char* phrase, float valence, uint32_t rules = 0);
    void correct_rating(const char* key, float valence);
    Word* find_mut(const char* s, size_t n);
    void insert(const Word& w);
    void note_phrase_end(const char* key, size_t n);

    struct Slot {
        uint32_t hash;
        uint32_t word; ///< index + 1 into m_words; 0 = empty
    };
    std::vector<Word> m_words;
    std::vector<Slot> m_slots;
    uint32_t m_mask = 0;
    static constexpr uint32_t kPhraseEndWords = 64;
    uint64_t m_phrase_ends[kPhraseEndWords] = {};
    uint64_t m_filter[kFilterWords] = {};
    bool m_elides = false;
    Inflection m_inflection = Inflection::None;
};

const Index& lexicon_index(SentimentLang lang);

// [SECTION] Tokens

enum TokenFlags : uint8_t {
    TokCaps = 1 << 0,      ///< ALL-CAPS word
    TokElongated = 1 << 1, ///< found after squeezing repeated letters ("gooood")
    TokWord = 1 << 2,      ///< letters (not an emoticon or emoji)
    TokNt = 1 << 3,        ///< ends in n't: a negator
    TokQuestion = 1 << 4,  ///< in a sentence that ends with '?'
    TokHashtag = 1 << 5,   ///< written as a hashtag ("#Kaffee")
};

enum Break : uint8_t { BreakNone = 0, BreakClause = 1, BreakSentence = 2 };

/// One token. The word's rules and rating are copied in, so the rules read one array and never
/// chase the pointer into the index.
struct Token {
    const Word* word; ///< nullptr when neither rated nor a rule word
    float valence;    ///< lexicon valence before rules (0 when unrated)
    uint32_t rules;   ///< word->rules (0 without a word)
    uint32_t hash;    ///< hash_bytes of the text (the word's own, also for a phrase's first word)
    uint16_t text;    ///< offset of the lower-cased text in Scratch::text
    uint8_t length;
    uint8_t flags;   ///< TokenFlags
    uint8_t brk;     ///< strongest break between the previous token and this one
    bool in_lexicon; ///< word->in_lexicon
};

constexpr size_t kMaxTokens = 256;
constexpr size_t kMaxText = 2048;
constexpr size_t kMaxWord = 48; ///< longer "words" are not looked up

/// Per-call working memory (on the caller's stack): tokens and their lower-cased text.
struct Scratch {
    Token tokens[kMaxTokens];
    char text[kMaxText + 8]; ///< + 8: a word of up to 8 bytes is lower-cased with one store
    size_t count = 0;
    size_t text_used = 0;
    size_t sentence_start = 0; ///< first token of the current sentence
    uint8_t pending_break = BreakNone;
    int exclamations = 0;
    int questions = 0;
    bool has_url = false;
    bool reply = false; ///< the text opens with an @handle: an answer to someone's post
    // What the rules found, over all batches (the learned layer's dense features).
    float rated_positive = 0.f, rated_negative = 0.f; ///< sums of lexicon ratings of each sign
    bool positive_symbol = false, negative_symbol = false; ///< rated emoji or emoticons
    bool has_words = false; ///< any word at all (not only emoji or emoticons)
    /// Sarcasm read by the rules ("Lovely. 😡"): the learned layer, which sees the praise word
    /// and not the turn, does not overrule them.
    bool sarcasm = false;

    /// Starts a new batch of tokens (a text too long for one), keeping text-level counts.
    void next_batch() {
        count = text_used = sentence_start = 0;
        pending_break = BreakNone;
    }
};

// Byte classes, so the per-byte loops are one table load instead of several comparisons.
enum ByteClass : uint8_t {
    ClassLower = 1,
    ClassUpper = 2,
    ClassDigit = 4,
    ClassApostrophe = 8,
    ClassHigh = 16,  ///< part of a UTF-8 sequence
    ClassSpace = 32, ///< ASCII whitespace: separates chunks
    ClassPunct = 64, ///< any other ASCII byte
    ClassAmp = 128,  ///< '&', which may start an HTML entity
};
struct ByteClassTable {
    uint8_t of[256];
};
extern const ByteClassTable kByteClasses; ///< built at compile time
inline uint8_t byte_class(char c) {
    return kByteClasses.of[static_cast<unsigned char>(c)];
}

/// Cuts whitespace-separated chunks into tokens. @handles, URLs, numbers and one-letter words
/// are dropped (VADER drops one-letter words too, so "not a good" negates "good"); punctuation
/// only records clause and sentence breaks, '!' and '?' counts, and questions.
class Tokenizer {
  public:
    Tokenizer(Scratch& s, const Index& index) : m_s(s), m_index(index) {}

    /// Reads the whitespace-separated chunks of text[i, n) into tokens. Returns true at the end
    /// of the text; false when the scratch space is full, with [i, end) the chunk that did not
    /// fit and `classes` the OR of its bytes' classes (the caller scores the batch, starts a new
    /// one and hands that chunk to chunk()). One loop here, in the tokeniser's own file, lets the
    /// compiler inline chunk() and word() into it.
    bool read(const char* text, size_t n, size_t& i, size_t& end, uint8_t& classes);

    /// One whitespace-free chunk; `classes` is the OR of its bytes' classes. Returns false when
    /// the scratch space is full (the caller scores and starts a new batch).
    bool chunk(const char* p, size_t n, uint8_t classes);

  private:
    bool emoticon_chunk(const char* p, size_t n);
    void punctuation(const char* p, size_t n);
    void count_marks(const char* p, size_t n);
    /// `classes`: the OR of the word's byte classes when known, else 0. The bytes up to
    /// `readable_end` may be read (not used) past the word's end.
    void word(const char* p, size_t n, uint8_t classes, const char* readable_end);
    void symbol(const char* p, size_t n);
    bool emit(const Word* w, uint16_t text, uint8_t len, uint8_t flags, uint32_t hash) {
        if (m_s.count >= kMaxTokens)
            return false;
        Token& t = m_s.tokens[m_s.count++];
        t.word = w;
        t.valence = w ? w->valence : 0.f;
        t.rules = w ? w->rules : 0;
        t.hash = hash;
        t.text = text;
        t.length = len;
        t.flags = flags;
        t.brk = m_s.pending_break;
        t.in_lexicon = w && w->in_lexicon;
        m_s.pending_break = BreakNone;
        return true;
    }
    bool commit(const Word* w, size_t len, uint8_t flags);
    bool match_phrase(uint16_t off, uint8_t len, uint8_t flags);
    const Word* lookup_squeezed(const char* lower, size_t n, uint8_t& flags) const;
    const Word* lookup_laughter(const char* lower, size_t n) const;
    size_t elision_length(const char* lower, size_t n) const;
    const Word* lookup_inflected(const char* lower, size_t n) const;
    const Word* lookup_superlative(const char* lower, size_t n) const;
    bool room(size_t bytes) const {
        return m_s.count < kMaxTokens && m_s.text_used + bytes <= kMaxText;
    }

    Scratch& m_s;
    const Index& m_index;
};

} // namespace earshot::core::sentiment_detail
