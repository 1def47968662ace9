// The sentiment scorer's tokeniser: cuts a post's bytes into rated tokens looked up in the index
// of sentiment_index.cpp, without allocating.
//
// [SECTION] UTF-8 and character classes
// [SECTION] Tokeniser
#include "core/analysis/internal/sentiment_tokens.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string_view>

namespace earshot::core::sentiment_detail {

// [SECTION] UTF-8 and character classes
namespace {
constexpr ByteClassTable make_byte_classes() {
    ByteClassTable t{};
    for (int c = 0; c < 256; ++c) {
        t.of[c] = c >= 'a' && c <= 'z'                   ? ClassLower
                  : c >= 'A' && c <= 'Z'                 ? ClassUpper
                  : c >= '0' && c <= '9'                 ? ClassDigit
                  : c == '\''                            ? ClassApostrophe
                  : c >= 0x80                            ? ClassHigh
                  : c == ' ' || (c >= '\t' && c <= '\r') ? ClassSpace
                  : c == '&'                             ? ClassAmp
                                                         : ClassPunct;
    }
    return t;
}
} // namespace

constexpr ByteClassTable kByteClasses = make_byte_classes();

namespace {

constexpr uint8_t kAlnum = ClassLower | ClassUpper | ClassDigit;
constexpr uint8_t kLetter = ClassLower | ClassUpper;

inline bool is_ascii_alnum(unsigned char c) {
    return kByteClasses.of[c] & kAlnum;
}
inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

/// Decodes one code point at s[i] (i < n); returns its byte length (1 on malformed input).
inline size_t utf8_decode(const char* s, size_t i, size_t n, uint32_t& cp) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    if (len == 1 || i + len > n) {
        cp = c;
        return 1;
    }
    cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            cp = c;
            return 1;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    return len;
}

inline bool is_apostrophe_cp(uint32_t cp) {
    return cp == 0x2019 || cp == 0x2018;
}
/// Pictographs, dingbats, arrows, hearts, stars: tokens of their own.
inline bool is_symbol_cp(uint32_t cp) {
    return (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0x00A9 ||
           cp == 0x00AE || (cp >= 0x3030 && cp <= 0x303D) || (cp >= 0x3297 && cp <= 0x3299);
}
/// Joiners, variation selectors and skin tones inside emoji sequences: skipped.
inline bool is_emoji_modifier_cp(uint32_t cp) {
    return cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           cp == 0x20E3;
}
/// Whether the code point at p[i] follows U+200D ZERO WIDTH JOINER (E2 80 8D).
inline bool after_joiner(const char* p, size_t i) {
    return i >= 3 && p[i - 3] == '\xE2' && p[i - 2] == '\x80' && p[i - 1] == '\x8D';
}
/// Punctuation beyond ASCII: general punctuation block, inverted marks, guillemets, CJK stops.
inline bool is_punct_cp(uint32_t cp) {
    return (cp >= 0x2000 && cp <= 0x206F) || cp == 0xA1 || cp == 0xBF || cp == 0xAB || cp == 0xBB ||
           cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
}

/// X and Mastodon send text HTML-escaped: "&lt;3" is a heart, "&gt;:[" an angry face.
size_t decode_entities(const char* p, size_t n, char* out, size_t cap) {
    static constexpr struct {
        const char* entity;
        size_t length;
        char decoded;
    } kEntities[] = {{"&amp;", 5, '&'},  {"&lt;", 4, '<'},   {"&gt;", 4, '>'},
                     {"&quot;", 6, '"'}, {"&#39;", 5, '\''}, {"&apos;", 6, '\''}};
    size_t o = 0;
    for (size_t i = 0; i < n && o < cap;) {
        bool replaced = false;
        if (p[i] == '&') {
            for (const auto& e : kEntities) {
                if (n - i >= e.length && std::memcmp(p + i, e.entity, e.length) == 0) {
                    out[o++] = e.decoded;
                    i += e.length;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            out[o++] = p[i++];
    }
    return o;
}

inline void lower_8(const char* from, char* to) {
    uint64_t x;
    std::memcpy(&x, from, 8);
    x |= 0x2020202020202020ull;
    std::memcpy(to, &x, 8);
}

/// Whether some byte of the first n (2..8) bytes of little-endian x (x86, ARM, wasm) repeats
/// three times in a row ("soooo"): a zero byte in x^(x>>8) and x^(x>>16) at the same place. The
/// zero-byte test may report a false positive, which only costs the caller a lookup.
inline bool has_triple_word(uint64_t x, size_t n) {
    const uint64_t diff = (x ^ (x >> 8)) | (x ^ (x >> 16));
    const uint64_t live = n == 8 ? 0x0000FFFFFFFFFFFFull : (uint64_t{1} << ((n - 2) * 8)) - 1;
    const uint64_t v = diff | ~live;
    return ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0;
}

inline bool has_triple(const char* s, size_t n) {
    for (size_t i = 2; i < n; ++i)
        if (s[i] == s[i - 1] && s[i] == s[i - 2])
            return true;
    return false;
}

/// Letters, digits and apostrophes only.
inline bool is_plain_word(const char* p, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (!(kByteClasses.of[static_cast<unsigned char>(p[i])] & (kAlnum | ClassApostrophe)))
            return false;
    return true;
}

bool starts_url(const char* p, size_t n) {
    auto has = [&](const char* prefix, size_t len) {
        if (n < len)
            return false;
        for (size_t i = 0; i < len; ++i)
            if (ascii_lower(p[i]) != prefix[i])
                return false;
        return true;
    };
    return has("http://", 7) || has("https://", 8) || has("www.", 4);
}

} // namespace

// [SECTION] Tokeniser

// Emits a token whose text the caller has just written at the end of the scratch buffer.
bool Tokenizer::commit(const Word* w, size_t len, uint8_t flags) {
    const uint16_t off = static_cast<uint16_t>(m_s.text_used);
    m_s.text_used += len;
    return emit(w, off, static_cast<uint8_t>(len), flags, hash_bytes(m_s.text + off, len));
}

bool Tokenizer::read(const char* text, size_t n, size_t& i, size_t& end, uint8_t& classes) {
    while (i < n) {
        while (i < n && (byte_class(text[i]) & ClassSpace))
            ++i;
        size_t j = i;
        uint8_t seen = 0, cls;
        while (j < n && !((cls = byte_class(text[j])) & ClassSpace)) {
            seen |= cls;
            ++j;
        }
        // The common case, a plain ASCII word (letters, digits, apostrophes), goes straight to
        // word(), inlined here. It is no URL: those have a '.' or ':' (and asking starts_url for
        // every "we" and "what" cost a branch the predictor misses).
        const bool plain = j > i && !(seen & (ClassHigh | ClassSpace | ClassPunct | ClassAmp));
        if (plain && room(j - i + 1)) {
            word(text + i, j - i, seen, text + n);
        } else if (j > i && !chunk(text + i, j - i, seen)) {
            end = j;
            classes = seen;
            return false;
        }
        i = j;
    }
    return true;
}

bool Tokenizer::chunk(const char* p, size_t n, uint8_t classes) {
    if (!room(n + 1))
        return false;
    // The common case: a plain ASCII word (letters, digits, apostrophes; no URL, as in read()).
    if (!(classes & (ClassHigh | ClassSpace | ClassPunct | ClassAmp))) {
        word(p, n, classes, p + n);
        return true;
    }
    char decoded[kMaxWord];
    if ((classes & ClassAmp) && n <= kMaxWord) {
        n = decode_entities(p, n, decoded, sizeof decoded);
        p = decoded;
    }
    // A whole-chunk emoticon has ASCII punctuation and no two different adjacent letters, so
    // "good," and "can't" skip the emoticon lookups while ":DD" and "</3" do not.
    if (classes & (ClassPunct | ClassAmp)) {
        bool letter_pair = false;
        unsigned char prev = 0;
        for (size_t i = 0; i < n && !letter_pair; ++i) {
            const unsigned char c = static_cast<unsigned char>(p[i]);
            const bool letter = kByteClasses.of[c] & kLetter;
            letter_pair = letter && prev && prev != (c | 0x20);
            prev = letter ? (c | 0x20) : 0;
        }
        if (!letter_pair && emoticon_chunk(p, n))
            return true;
    }
    // The next most common chunk: a plain word and one ASCII mark ("good," "day!").
    if (!(classes & (ClassHigh | ClassAmp)) && n >= 2 && (byte_class(p[n - 1]) & ClassPunct) &&
        is_plain_word(p, n - 1) &&
        !(((p[0] | 0x20) == 'h' || (p[0] | 0x20) == 'w') && starts_url(p, n))) {
        word(p, n - 1, static_cast<uint8_t>(classes & ~ClassPunct), p + n);
        punctuation(p + n - 1, 1);
        return true;
    }
    size_t i = 0;
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(p[i]);
        // URLs and @handles carry no sentiment of their own.
        if ((c | 0x20) == 'h' || (c | 0x20) == 'w') {
            if (starts_url(p + i, n - i)) {
                m_s.has_url = true;
                return true;
            }
        }
        if (c == '@' && i + 1 < n &&
            (is_ascii_alnum(static_cast<unsigned char>(p[i + 1])) || p[i + 1] == '_')) {
            ++i;
            while (i < n && (is_ascii_alnum(static_cast<unsigned char>(p[i])) || p[i] == '_'))
                ++i;
            continue;
        }
        // "#love" counts as "love".
        const size_t start =
            c == '#' && i + 1 < n && is_ascii_alnum(static_cast<unsigned char>(p[i + 1])) ? i + 1
                                                                                          : i;
        // A word: ASCII letters and digits, apostrophes, and any non-ASCII letter.
        size_t j = start;
        uint8_t word_classes = 0;
        while (j < n) {
            const uint8_t cls = byte_class(p[j]);
            if (cls & (kAlnum | ClassApostrophe)) {
                word_classes |= cls;
                ++j;
                continue;
            }
            if (!(cls & ClassHigh))
                break;
            uint32_t cp;
            const size_t len = utf8_decode(p, j, n, cp);
            if (is_symbol_cp(cp) || is_emoji_modifier_cp(cp) ||
                (is_punct_cp(cp) && !is_apostrophe_cp(cp)))
                break;
            word_classes |= ClassHigh;
            j += len;
        }
        if (j > start) {
            const size_t before = m_s.count;
            word(p + start, j - start, word_classes, p + n);
            if (start != i && m_s.count > before)
                m_s.tokens[m_s.count - 1].flags |= TokHashtag;
            i = j;
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp;
            const size_t len = utf8_decode(p, i, n, cp);
            // A symbol after a zero-width joiner is part of the emoji before it: the ♂ of a
            // shrugging man (🤷‍♂️) is not the rated ♂ sign, the 🍳 of a cook not breakfast.
            if (is_symbol_cp(cp) && !after_joiner(p, i))
                symbol(p + i, len);
            else if (is_punct_cp(cp))
                punctuation(p + i, len);
            i += len;
            continue;
        }
        size_t k = i + 1; // an ASCII punctuation run
        while (k < n) {
            const unsigned char ck = static_cast<unsigned char>(p[k]);
            if (ck >= 0x80 || is_ascii_alnum(ck) || ck == '\'' || ck == '@' || ck == '#')
                break;
            ++k;
        }
        punctuation(p + i, k - i);
        i = k;
    }
    return true;
}

// A whole chunk that is an emoticon or a rated contraction: ":-)", "</3", "D:", ":DDD".
bool Tokenizer::emoticon_chunk(const char* p, size_t n) {
    if (n < 2 || n > kMaxWord || p[0] == '@' || p[0] == '#' || !room(n))
        return false;
    char* buf = m_s.text + m_s.text_used;
    // Exact spelling first: a few emoticons differ by case ("D:" dismay, "d:" tongue out).
    std::memcpy(buf, p, n);
    if (const Word* w = m_index.find(buf, n); w && w->valence != 0.f) {
        commit(w, n, 0);
        count_marks(p, n);
        return true;
    }
    for (size_t i = 0; i < n; ++i)
        buf[i] = ascii_lower(p[i]);
    if (const Word* w = m_index.find(buf, n); w && w->valence != 0.f) {
        commit(w, n, 0);
        count_marks(p, n);
        return true;
    }
    // Repeated strokes: ":DDD", ":)))" -> ":D", ":)".
    size_t out = 0;
    for (size_t i = 0; i < n; ++i)
        if (i == 0 || p[i] != p[i - 1])
            buf[out++] = p[i];
    if (out == n || out < 2)
        return false;
    const Word* w = m_index.find(buf, out);
    if (!w || w->valence == 0.f) {
        for (size_t i = 0; i < out; ++i)
            buf[i] = ascii_lower(buf[i]);
        w = m_index.find(buf, out);
    }
    if (!w || w->valence == 0.f || (w->rules & (RuleNegator | RuleNo)))
        return false;
    commit(w, out, 0);
    count_marks(p, n);
    return true;
}

void Tokenizer::count_marks(const char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        m_s.exclamations += p[i] == '!';
        m_s.questions += p[i] == '?';
    }
}

void Tokenizer::punctuation(const char* p, size_t n) {
    count_marks(p, n);
    // An emoticon glued to a word: "fun:)".
    if (n >= 2 && n <= 8 && room(n)) {
        char* buf = m_s.text + m_s.text_used;
        std::memcpy(buf, p, n);
        if (const Word* w = m_index.find(buf, n); w && w->valence != 0.f) {
            commit(w, n, 0);
            return;
        }
    }
    uint8_t brk = BreakNone;
    bool question = false;
    for (size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(p[i]);
        // 0xE3/0xEF lead the CJK and full-width stops is_punct_cp lets through.
        if (c == '.' || c == '!' || c == '?' || c == 0xE3 || c == 0xEF)
            brk = BreakSentence;
        else if (brk == BreakNone && (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' ||
                                      c == '-' || c == 0xE2))
            brk = BreakClause;
        question |= c == '?';
    }
    m_s.pending_break = std::max(m_s.pending_break, brk);
    if (brk == BreakSentence) {
        if (question)
            for (size_t i = m_s.sentence_start; i < m_s.count; ++i)
                m_s.tokens[i].flags |= TokQuestion;
        m_s.sentence_start = m_s.count;
    }
}

void Tokenizer::symbol(const char* p, size_t n) {
    if (!room(n))
        return;
    char* buf = m_s.text + m_s.text_used;
    std::memcpy(buf, p, n);
    const Word* w = m_index.find(buf, n);
    // Unrated emoji are neither words nor breaks; an annoyed one (🙄 is too new for the Emoji
    // Sentiment Ranking) is kept for the sarcasm rule.
    if (w && (w->valence != 0.f || (w->rules & RuleAnnoyed)))
        commit(w, n, 0);
}

// Squeezes runs of 3+ repeated letters ("soooo", "gooood", "happpyyy"), trying each mix of
// squeezing a run to two or to one letter, for up to three runs.
const Word* Tokenizer::lookup_squeezed(const char* lower, size_t n, uint8_t& flags) const {
    size_t run_start[3], run_len[3];
    int runs = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && lower[j] == lower[i])
            ++j;
        if (j - i >= 3 && lower[i] >= 'a' && lower[i] <= 'z') {
            if (runs == 3)
                return nullptr;
            run_start[runs] = i;
            run_len[runs] = j - i;
            ++runs;
        }
        i = j;
    }
    if (runs == 0)
        return nullptr;
    char buf[kMaxWord];
    for (int mask = 0; mask < (1 << runs); ++mask) {
        size_t out = 0, from = 0;
        for (int r = 0; r < runs; ++r) {
            std::memcpy(buf + out, lower + from, run_start[r] - from);
            out += run_start[r] - from;
            const size_t keep = (mask >> r) & 1 ? 1 : 2;
            std::memset(buf + out, lower[run_start[r]], keep);
            out += keep;
            from = run_start[r] + run_len[r];
        }
        std::memcpy(buf + out, lower + from, n - from);
        out += n - from;
        if (const Word* w = m_index.find(buf, out)) {
            flags |= TokElongated;
            return w;
        }
    }
    return nullptr;
}

// Laughter of any length: "hahahahah", "ahahaha", "bwahaha" -> "hahaha"; "lolol" -> "lol";
// "jajajaja" -> "jajaja"; "kkkkkk" -> "kkkk" (found only in the languages that rate them).
const Word* Tokenizer::lookup_laughter(const char* lower, size_t n) const {
    // Every form below is spelled with these letters; most words leave at their second letter.
    constexpr uint32_t kLaughLetters = 1u << ('a' - 'a') | 1u << ('b' - 'a') | 1u << ('e' - 'a') |
                                       1u << ('h' - 'a') | 1u << ('j' - 'a') | 1u << ('k' - 'a') |
                                       1u << ('l' - 'a') | 1u << ('o' - 'a') | 1u << ('w' - 'a');
    for (size_t i = 0; i < n; ++i) {
        const unsigned letter = static_cast<unsigned char>(lower[i]) - 'a';
        if (letter >= 26 || !((kLaughLetters >> letter) & 1))
            return nullptr;
    }
    size_t h = 0, vowels = 0, other = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = lower[i];
        if (c == 'h')
            ++h;
        else if (c == 'a' || c == 'e')
            ++vowels;
        else if (c != 'w' && c != 'b')
            ++other;
    }
    if (other == 0 && h >= 2 && vowels >= 2)
        return m_index.find("hahaha", 6);
    // Spanish "jajaja", Portuguese "kkkkk".
    size_t j = 0, k = 0;
    for (size_t i = 0; i < n; ++i) {
        j += lower[i] == 'j';
        k += lower[i] == 'k';
    }
    if (k == n)
        return m_index.find("kkkk", 4);
    if (j >= 2 && j + vowels == n)
        return m_index.find("jajaja", 6);
    bool lol = n % 2 == 1;
    for (size_t i = 0; i < n && lol; ++i)
        lol = lower[i] == (i % 2 == 0 ? 'l' : 'o');
    return lol ? m_index.find("lol", 3) : nullptr;
}

// The lexicons rate one form of an adjective, mostly the masculine singular ("péssimo",
// "heerlijk"): a rated word is looked for in that form when the written one is unknown.
// Dutch adds -e ("heerlijke koffie"); Spanish, Italian and Portuguese change the ending for
// gender and number ("buena", "buonissime" aside, "ótimas", "buoni"). Only the rating is
// taken: the token keeps its written form for the learned layer.
// Absolute superlatives: "buenísima" → "bueno", "riquísimos" → "rico", "amabilísimo" →
// "amable", "buonissimo" → "buono", "gentilissima" → "gentile", "lindíssimo" → "lindo".
const Word* Tokenizer::lookup_superlative(const char* lower, size_t n) const {
    constexpr std::string_view kMarks[] = {"\xC3\xADssim", "\xC3\xADsim", "issim"}; // íssim ísim
    const std::string_view word(lower, n);
    for (const std::string_view mark : kMarks) {
        const size_t at = word.rfind(mark);
        const size_t ending = at == std::string_view::npos ? 0 : n - at - mark.size();
        if (at == std::string_view::npos || at < 2 || ending < 1 || ending > 2)
            continue;
        char form[kMaxWord + 4];
        std::string_view stem = word.substr(0, at);
        size_t length = stem.size();
        std::memcpy(form, stem.data(), length);
        if (stem.size() >= 3 && stem.substr(stem.size() - 3) == "bil") { // amabil- → amable
            std::memcpy(form + length - 3, "ble", 3);
            if (const Word* w = m_index.find(form, length); w && w->valence != 0.f)
                return w;
            std::memcpy(form + length - 3, "bil", 3);
        }
        if (stem.size() >= 2 && (stem.substr(stem.size() - 2) == "qu" || stem.substr(stem.size() - 2) == "gu"))
            form[--length - 1] = stem[stem.size() - 2] == 'q' ? 'c' : 'g'; // riqu- → ric-, largu- → larg-
        for (const char ending_vowel : {'o', 'e'}) {
            form[length] = ending_vowel;
            if (const Word* w = m_index.find(form, length + 1); w && w->valence != 0.f)
                return w;
        }
    }
    return nullptr;
}

const Word* Tokenizer::lookup_inflected(const char* lower, size_t n) const {
    if (n < 4 || n > kMaxWord)
        return nullptr;
    if (const Word* w = lookup_superlative(lower, n))
        return w;
    if (m_index.inflection() == Index::Inflection::Italian)
        return nullptr;
    char form[kMaxWord + 1];
    std::memcpy(form, lower, n);
    const auto rated = [&](size_t length) -> const Word* {
        const Word* w = m_index.find(form, length);
        return w && w->valence != 0.f ? w : nullptr;
    };
    const char last = lower[n - 1];
    if (m_index.inflection() == Index::Inflection::Dutch)
        return last == 'e' ? rated(n - 1) : nullptr;
    // Plural -s (es, pt) first, then the ending's vowel as masculine -o, then as -e (it).
    size_t length = n;
    if (last == 's')
        --length;
    const char vowel = form[length - 1];
    if (length < n)
        if (const Word* w = rated(length))
            return w;
    if (vowel != 'a' && vowel != 'i' && vowel != 'e' && vowel != 'o')
        return nullptr;
    for (const char ending : {'o', 'e'}) {
        if (ending == vowel)
            continue;
        form[length - 1] = ending;
        if (const Word* w = rated(length))
            return w;
    }
    return nullptr;
}

// The length of an elided word and its apostrophe at the start of a French or Italian word
// ("j'", "qu'", "dell'", "lorsqu'"), 0 when there is none or nothing of two letters follows.
// "aujourd'hui" keeps its apostrophe: seven letters are no elided article.
size_t Tokenizer::elision_length(const char* lower, size_t n) const {
    constexpr size_t kLongestElided = 6; // "lorsqu", "puisqu"
    if (lower[0] < 'a' || lower[0] > 'z')
        return 0;
    for (size_t k = 1; k <= kLongestElided && k + 3 <= n; ++k) {
        const char c = lower[k];
        if (c == '\'')
            return k + 1;
        if (c < 'a' || c > 'z')
            return 0;
    }
    return 0;
}

inline void Tokenizer::word(const char* p, size_t n, uint8_t classes, const char* readable_end) {
    // Quotes around a word are not part of it: 'great' -> great.
    if (!classes || (classes & ClassApostrophe)) {
        while (n > 0 && *p == '\'')
            ++p, --n;
        while (n > 0 && p[n - 1] == '\'')
            --n;
    }
    if (n < 2 || n > kMaxWord || !room(n + 1))
        return;
    char* lower = m_s.text + m_s.text_used;
    size_t out = 0;
    bool stretched; // 3+ repeats of a letter: "soooo"
    uint64_t short_word = 0; // a plain word of up to 8 bytes, lower-cased, when read in one load
    if (classes && !(classes & ~(kAlnum | ClassApostrophe))) {
        // Plain ASCII (the common case): letters, digits and apostrophes all lower-case by
        // setting bit 5, with overlapping 8- or 4-byte loads. Words of up to 8 bytes also land in
        // one register for the stretched-letter test. When 8 bytes can be read there, one load and
        // one store do them all (the bytes past the word are lower-cased into scratch space that
        // the next word overwrites): no branch on the word's length, which the predictor missed.
        if (n <= 8 && readable_end - p >= 8) {
            uint64_t x;
            std::memcpy(&x, p, 8);
            x |= 0x2020202020202020ull;
            std::memcpy(lower, &x, 8);
            stretched = has_triple_word(x, n);
            short_word = x;
        } else if (n > 8) {
            for (; out + 8 <= n; out += 8)
                lower_8(p + out, lower + out);
            if (out < n)
                lower_8(p + n - 8, lower + n - 8);
            stretched = has_triple(lower, n);
        } else if (n >= 4) {
            uint32_t lo, hi;
            std::memcpy(&lo, p, 4);
            std::memcpy(&hi, p + n - 4, 4);
            lo |= 0x20202020u;
            hi |= 0x20202020u;
            std::memcpy(lower, &lo, 4);
            std::memcpy(lower + n - 4, &hi, 4);
            const uint64_t x = uint64_t{lo} | uint64_t{hi} << ((n - 4) * 8); // overlap agrees
            stretched = has_triple_word(x, n);
        } else {
            for (; out < n; ++out)
                lower[out] = static_cast<char>(p[out] | 0x20);
            stretched = n == 3 && lower[0] == lower[1] && lower[1] == lower[2];
        }
        out = n;
    } else {
        classes = 0;
        stretched = false;
        size_t run = 0;
        for (size_t i = 0; i < n; ++i) {
            char c = p[i];
            const uint8_t cls = byte_class(c);
            classes |= cls;
            if (cls & ClassUpper) {
                c = static_cast<char>(c + 32);
            } else if ((cls & ClassHigh) && static_cast<unsigned char>(c) == 0xE2 && i + 2 < n &&
                       static_cast<unsigned char>(p[i + 1]) == 0x80 &&
                       (static_cast<unsigned char>(p[i + 2]) == 0x99 ||
                        static_cast<unsigned char>(p[i + 2]) == 0x98)) {
                c = '\''; // typographic apostrophe, as phones type it: don’t
                i += 2;
            } else if (static_cast<unsigned char>(c) == 0xC3 && i + 1 < n &&
                       static_cast<unsigned char>(p[i + 1]) >= 0x80 &&
                       static_cast<unsigned char>(p[i + 1]) <= 0x9E &&
                       static_cast<unsigned char>(p[i + 1]) != 0x97) {
                // Latin-1 capitals (À..Þ but ×): "ÄRGER", "ÉNORME" are looked up lower-cased.
                lower[out++] = c;
                c = static_cast<char>(static_cast<unsigned char>(p[++i]) + 0x20);
            }
            run = out > 0 && lower[out - 1] == c ? run + 1 : 1;
            stretched |= run >= 3;
            lower[out++] = c;
        }
    }
    const bool alpha = classes & (kLetter | ClassHigh);
    const bool upper = classes & ClassUpper, lowercase = classes & ClassLower;
    if (!alpha || out < 2)
        return; // numbers are counts and prices, not "143" slang
    n = out;
    // Flags by arithmetic, not branches: whether a word shouts or ends in n't is data the
    // predictor cannot learn.
    uint8_t flags = static_cast<uint8_t>(TokWord | ((upper & !lowercase) ? TokCaps : 0));
    if (m_index.elides()) {
        if (const size_t cut = elision_length(lower, n)) {
            // "n'aime" is "n'" and "aime": the elided word is a token of its own (a rule word,
            // or a learned feature), and the rest is looked up as the word it is.
            const uint16_t at = static_cast<uint16_t>(m_s.text_used);
            m_s.text_used += cut;
            emit(m_index.find(lower, cut), at, static_cast<uint8_t>(cut), flags,
                 hash_bytes(lower, cut));
            lower += cut;
            n -= cut;
            short_word = 0;
        }
    }
    uint32_t h = short_word ? hash_word(short_word, n) : hash_bytes(lower, n);
    const Word* w = m_index.find(lower, n, h);
    if (!w && stretched)
        w = lookup_squeezed(lower, n, flags);
    if (!w && m_index.inflection() != Index::Inflection::None)
        w = lookup_inflected(lower, n);
    // Laughter starts with one of these letters ("haha", "ahah", "bwaha", "lolol", "jaja", "kkkk").
    constexpr uint32_t kLaughStarts = 1u << ('h' - 'a') | 1u << ('a' - 'a') | 1u << ('b' - 'a') |
                                      1u << ('l' - 'a') | 1u << ('j' - 'a') | 1u << ('k' - 'a');
    const unsigned first = static_cast<unsigned char>(lower[0]) - 'a';
    if (!w && n >= 5 && first < 26 && ((kLaughStarts >> first) & 1))
        w = lookup_laughter(lower, n);
    if (!w && n >= 4 && lower[n - 2] == 'i' && lower[n - 1] == 'n') {
        // A dropped g: "lovin", "talkin'" -> loving, talking.
        lower[n] = 'g';
        w = m_index.find(lower, n + 1);
        if (w && w->valence != 0.f)
            h = hash_bytes(lower, ++n);
        else
            w = nullptr;
    }
    const char* tail = n >= 3 ? lower + n - 3 : "   "; // its last three bytes
    const bool nt = ((tail[0] ^ 'n') | (tail[1] ^ '\'') | (tail[2] ^ 't')) == 0;
    flags |= nt ? TokNt : 0;
    const uint16_t off = static_cast<uint16_t>(m_s.text_used);
    m_s.text_used += n;
    if (m_index.may_end_phrase(h) && match_phrase(off, static_cast<uint8_t>(n), flags))
        return;
    emit(w, off, static_cast<uint8_t>(n), flags, h);
}

// Multi-word keys ("fed up", "can't stand", "kiss of death") replace their words, so the "can't"
// of "can't stand" negates nothing else. The words must follow each other within a clause.
bool Tokenizer::match_phrase(uint16_t off, uint8_t len, uint8_t flags) {
    if (m_s.pending_break != BreakNone)
        return false;
    // The longest key first: "not too bad" before the "too bad" inside it.
    for (size_t span = std::min<size_t>(2, m_s.count); span >= 1; --span) {
        Token& first = m_s.tokens[m_s.count - span];
        if (span == 2 && m_s.tokens[m_s.count - 1].brk != BreakNone)
            continue; // the three words are not in one clause; the last two may be
        if (!first.word || !first.word->phrase_start)
            continue;
        char buf[kMaxWord * 3 + 2];
        size_t out = 0;
        for (size_t k = m_s.count - span; k < m_s.count; ++k) {
            const Token& t = m_s.tokens[k];
            std::memcpy(buf + out, m_s.text + t.text, t.length);
            out += t.length;
            buf[out++] = ' ';
        }
        std::memcpy(buf + out, m_s.text + off, len);
        out += len;
        const Word* w = m_index.find(buf, out);
        if (!w || (w->valence == 0.f && !w->in_lexicon)) // a phrase start only
            continue;
        first.word = w;
        first.valence = w->valence;
        first.rules = w->rules;
        first.in_lexicon = w->in_lexicon;
        first.hash = hash_bytes(buf, out);
        first.flags = static_cast<uint8_t>((first.flags & flags & TokCaps) | TokWord);
        m_s.count -= span - 1;
        return true;
    }
    return false;
}

} // namespace earshot::core::sentiment_detail
