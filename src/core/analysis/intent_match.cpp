// Intent detector, text side: folds a post into words and sentences and matches the cue phrases
// of intent_cues.cpp (compiled once into an index keyed by first word).
//
// [SECTION] Folding and tokens
// [SECTION] Pattern compiler
// [SECTION] Matching
#include "core/analysis/internal/intent.hpp"

#include "core/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace earshot::core::intent_detail {
namespace {

// [SECTION] Folding and tokens

/// Folds a Latin-1 supplement letter (second byte after 0xC3) to ASCII; "" when not a letter.
const char* fold_c3(unsigned char b) {
    static const char* const kFold[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  // 80-8F
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss", // 90-9F
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  // A0-AF
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",  // B0-BF
    };
    return b >= 0x80 && b <= 0xBF ? kFold[b - 0x80] : "";
}

/// Folds a Latin Extended-A letter (U+0100–U+017F: Polish ł ń ś, Czech š ř, Turkish ş,
/// Hungarian ő…) to ASCII, lower-cased; sets `upper` for a capital.
const char* fold_latin_ext_a(uint32_t cp, bool& upper) {
    static const char* const kBase[128] = {
        "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",   // 0100
        "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",   // 0110
        "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",   // 0120
        "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", // 0130
        "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",   // 0140
        "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", // 0150
        "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",   // 0160
        "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",   // 0170
    };
    const bool odd = cp & 1;
    upper = cp == 0x130 || cp == 0x178 || (cp <= 0x137 && !odd) || (cp >= 0x139 && cp <= 0x148 && odd) ||
            (cp >= 0x14A && cp <= 0x177 && !odd) || (cp >= 0x179 && cp <= 0x17E && odd);
    return cp >= 0x100 && cp <= 0x17F ? kBase[cp - 0x100] : "";
}

/// Bytes in the UTF-8 sequence a lead byte opens (1 for a stray continuation byte).
size_t utf8_length(unsigned char lead) {
    return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/// ASCII bytes that belong to words, as a table: every byte of every post is asked
/// about, and the four range tests were a seventh of tokenizing.
struct WordBytes {
    bool yes[256] = {};
    constexpr WordBytes() {
        for (int c = 0; c < 256; ++c)
            yes[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
    }
};
constexpr WordBytes kWordBytes;

bool is_word_byte(unsigned char c) {
    return kWordBytes.yes[c];
}

uint16_t classes_of(const Token& tok, std::string_view w);

/// Folded words to values, built once and then only read. Open addressing on token_hash
/// (a word's length and first and last eight bytes): std::unordered_map hashed every
/// byte, and every word of every post is looked up here several times.
template <typename V> class WordMap {
  public:
    /// The value of `w`, added (default-constructed) when new. `w` must outlive the map.
    V& operator[](std::string_view w) {
        if (const uint32_t e = entry_of(w))
            return m_entries[e - 1].value;
        if ((m_entries.size() + 1) * 2 > m_slots.size())
            rehash(std::max<size_t>(64, m_slots.size() * 2));
        m_entries.push_back({w, V{}});
        place(static_cast<uint32_t>(m_entries.size()));
        return m_entries.back().value;
    }
    const V* find(std::string_view w) const {
        const uint32_t e = entry_of(w);
        return e ? &m_entries[e - 1].value : nullptr;
    }

  private:
    /// The entry's index + 1, 0 when `w` is not held.
    uint32_t entry_of(std::string_view w) const {
        if (m_slots.empty())
            return 0;
        const size_t mask = m_slots.size() - 1;
        for (size_t i = token_hash(w) & mask;; i = (i + 1) & mask) {
            const uint32_t e = m_slots[i];
            if (e == 0 || m_entries[e - 1].key == w)
                return e;
        }
    }
    struct Entry {
        std::string_view key;
        V value;
    };
    void place(uint32_t entry) {
        const size_t mask = m_slots.size() - 1;
        size_t i = token_hash(m_entries[entry - 1].key) & mask;
        while (m_slots[i] != 0)
            i = (i + 1) & mask;
        m_slots[i] = entry;
    }
    void rehash(size_t slots) {
        m_slots.assign(slots, 0);
        for (uint32_t e = 1; e <= m_entries.size(); ++e)
            place(e);
    }
    std::vector<Entry> m_entries;
    std::vector<uint32_t> m_slots; ///< entry index + 1, 0 when empty
};

} // namespace

Text tokenize(std::string_view s) {
    Text t;
    tokenize_into(s, t);
    return t;
}

void tokenize_into(std::string_view s, Text& t) {
    t.original = s;
    t.tokens.clear();
    t.sentences.clear();
    // Folding never lengthens the text (each fold is at most as long as the bytes it
    // replaces), so the folded text is written into a buffer sized once, by inline stores:
    // string appends are calls into precompiled libc++ in WASM, one or more per word.
    if (t.norm.size() < s.size())
        t.norm.resize(std::max(s.size(), 2 * t.norm.size()));
    char* const norm = &t.norm[0];
    size_t used = 0; // the folded text is norm[0, used)
    auto put = [&](const char* folded) {
        while (*folded)
            norm[used++] = *folded++;
    };
    t.tokens.reserve(s.size() / 4 + 4);
    uint32_t sentence_first_token = 0, sentence_begin = 0;
    bool question = false;
    auto end_sentence = [&](uint32_t end_byte) {
        if (t.tokens.size() > sentence_first_token || question) {
            t.sentences.push_back(Sentence{sentence_first_token,
                                           static_cast<uint32_t>(t.tokens.size()), sentence_begin,
                                           end_byte, question});
        }
        sentence_first_token = static_cast<uint32_t>(t.tokens.size());
        question = false;
    };
    auto push = [&](TokKind kind, uint32_t begin, uint32_t end, uint32_t norm_begin, bool code) {
        if (t.tokens.size() == sentence_first_token)
            sentence_begin = begin;
        t.tokens.push_back(Token{norm_begin, static_cast<uint32_t>(used), begin, end,
                                 static_cast<uint16_t>(t.sentences.size()), kind, code});
    };
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        // URLs: skipped to the next space.
        if ((c == 'h' || c == 'w' || c == 'H' || c == 'W') &&
            (s.substr(i, 7) == "http://" || s.substr(i, 8) == "https://" ||
             s.substr(i, 4) == "www.")) {
            while (i < n && !std::isspace(static_cast<unsigned char>(s[i])))
                ++i;
            continue;
        }
        if (c == '@' && i + 1 < n &&
            (is_word_byte(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '_')) {
            const uint32_t begin = static_cast<uint32_t>(i),
                           nb = static_cast<uint32_t>(used);
            ++i;
            while (i < n && (is_word_byte(static_cast<unsigned char>(s[i])) || s[i] == '_'))
                ++i;
            norm[used++] = '@';
            push(TokKind::Handle, begin, static_cast<uint32_t>(i), nb, false);
            continue;
        }
        // A word (letters, digits, apostrophes, accented Latin letters).
        if (is_word_byte(c) || c == 0xC3 || c == 0xC4 || c == 0xC5 ||
            (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
             (static_cast<unsigned char>(s[i + 2]) == 0x99) && i > 0 &&
             is_word_byte(static_cast<unsigned char>(s[i - 1])))) {
            const uint32_t begin = static_cast<uint32_t>(i),
                           nb = static_cast<uint32_t>(used);
            bool digits_only = true, has_upper = false, has_lower = false;
            size_t len = 0;
            while (i < n) {
                const unsigned char d = static_cast<unsigned char>(s[i]);
                if (is_word_byte(d)) {
                    // A run of ASCII word bytes at once: copied, then lower-cased in place
                    // (appending byte by byte was most of tokenizing).
                    const size_t run = i;
                    while (i < n && is_word_byte(static_cast<unsigned char>(s[i])))
                        ++i;
                    for (size_t k = run; k < i; ++k) {
                        const char ch = s[k];
                        if (ch >= 'A' && ch <= 'Z') {
                            has_upper = true;
                            norm[used++] = static_cast<char>(ch + 32);
                            digits_only = false;
                            continue;
                        }
                        if (ch >= 'a' && ch <= 'z')
                            has_lower = true;
                        if (!(ch >= '0' && ch <= '9'))
                            digits_only = false;
                        norm[used++] = ch;
                    }
                    len += i - run;
                    continue;
                } else if (d == 0xC3 && i + 1 < n &&
                           *fold_c3(static_cast<unsigned char>(s[i + 1]))) {
                    const unsigned char b = static_cast<unsigned char>(s[i + 1]);
                    (b < 0xA0 ? has_upper : has_lower) = true;
                    put(fold_c3(b));
                    digits_only = false;
                    i += 2;
                } else if ((d == 0xC4 || d == 0xC5) && i + 1 < n &&
                           (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
                    const uint32_t cp = (uint32_t{d} & 0x1F) << 6 | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
                    bool upper = false;
                    put(fold_latin_ext_a(cp, upper));
                    (upper ? has_upper : has_lower) = true;
                    digits_only = false;
                    i += 2;
                } else if (d == 0xE2 && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                           static_cast<unsigned char>(s[i + 2]) == 0x99) {
                    norm[used++] = '\''; // typographic apostrophe: don’t
                    digits_only = false;
                    i += 3;
                } else {
                    break;
                }
                ++len;
            }
            if (i == begin) {
                // Opened a word but is none (×, ÷, a broken sequence): step over
                // the character, or the loop would stand still on it for ever.
                i = std::min(n, i + utf8_length(c));
                continue;
            }
            // Trim apostrophes used as quotes: 'fresh' -> fresh.
            while (used > nb && norm[used - 1] == '\'')
                --used;
            size_t lead = nb;
            while (lead < used && norm[lead] == '\'')
                ++lead;
            if (lead > nb) {
                std::memmove(norm + nb, norm + lead, used - lead);
                used -= lead - nb;
            }
            if (used == nb)
                continue;
            const bool code = has_upper && !has_lower && len >= 4;
            push(digits_only ? TokKind::Num : TokKind::Word, begin, static_cast<uint32_t>(i), nb,
                 code);
            continue;
        }
        // Symbols and punctuation.
        const uint32_t begin = static_cast<uint32_t>(i), nb = static_cast<uint32_t>(used);
        if (c == '%') {
            norm[used++] = '%';
            push(TokKind::Percent, begin, begin + 1, nb, false);
            ++i;
        } else if (c == '$') {
            norm[used++] = '$';
            push(TokKind::Cur, begin, begin + 1, nb, false);
            ++i;
        } else if (c == 0xC2 && i + 1 < n && static_cast<unsigned char>(s[i + 1]) == 0xA3) {
            put("\xC2\xA3"); // £
            push(TokKind::Cur, begin, begin + 2, nb, false);
            i += 2;
        } else if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x82 &&
                   static_cast<unsigned char>(s[i + 2]) == 0xAC) {
            put("\xE2\x82\xAC"); // €
            push(TokKind::Cur, begin, begin + 3, nb, false);
            i += 3;
        } else if (c == '?') {
            question = true;
            ++i;
            while (i < n && (s[i] == '?' || s[i] == '!'))
                ++i;
            end_sentence(static_cast<uint32_t>(i));
        } else if (c == '!' || c == '\n' ||
                   (c == '.' &&
                    !(i > 0 && i + 1 < n && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
                      std::isdigit(static_cast<unsigned char>(s[i + 1]))))) {
            ++i;
            while (i < n && (s[i] == '!' || s[i] == '.' || s[i] == '?')) {
                question |= s[i] == '?';
                ++i;
            }
            end_sentence(static_cast<uint32_t>(i));
        } else if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   static_cast<unsigned char>(s[i + 2]) == 0xA6) {
            i += 3; // … ends a sentence
            end_sentence(static_cast<uint32_t>(i));
        } else {
            // Other bytes separate words; skip the whole UTF-8 sequence.
            i += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        }
    }
    end_sentence(static_cast<uint32_t>(n));
    for (size_t k = 0; k < t.tokens.size(); ++k)
        t.tokens[k].classes = classes_of(t.tokens[k], t.word(k));
}

namespace {

// [SECTION] Pattern compiler

enum class SlotClass : uint8_t { None, Num, Cur, Time, Day, Month, Ord, Code, Neg };
constexpr size_t kSlotClassCount = 9;

struct Alt {
    std::string word; ///< folded; empty for a class
    bool prefix = false;
    SlotClass cls = SlotClass::None;
};

struct Slot {
    std::vector<Alt> alts;
    int gap = -1;            ///< ~N: skip 0..N tokens
    bool anchor = false;     ///< ^
    bool anchor_end = false; ///< $
    // The alternatives sorted for matching: exact words (as the matcher's word numbers,
    // for a binary search: lists like the buying verbs run to thirty words), prefixes,
    // and a mask of classes.
    std::vector<std::string_view> words;
    std::vector<uint32_t> word_ids;
    std::vector<std::string_view> prefixes;
    uint16_t classes = 0;
};

struct Compiled {
    const CuePattern* source;
    std::vector<Slot> slots;
};

std::string fold_pattern_word(std::string_view w) {
    std::string out;
    for (size_t i = 0; i < w.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(w[i]);
        if (c == 0xC3 && i + 1 < w.size()) {
            out += fold_c3(static_cast<unsigned char>(w[++i]));
        } else if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

SlotClass class_named(std::string_view name) {
    if (name == "@num")
        return SlotClass::Num;
    if (name == "@cur")
        return SlotClass::Cur;
    if (name == "@time")
        return SlotClass::Time;
    if (name == "@day")
        return SlotClass::Day;
    if (name == "@month")
        return SlotClass::Month;
    if (name == "@ord")
        return SlotClass::Ord;
    if (name == "@code")
        return SlotClass::Code;
    if (name == "@neg")
        return SlotClass::Neg;
    return SlotClass::None;
}

constexpr uint16_t class_bit(SlotClass cls) { return static_cast<uint16_t>(1u << static_cast<unsigned>(cls)); }

/// Fills a slot's sorted word list, prefixes and class mask from its alternatives
/// (the views point into `alts`, which no longer changes).
void prepare_for_matching(Slot& slot) {
    for (const Alt& a : slot.alts) {
        if (a.cls != SlotClass::None) slot.classes |= class_bit(a.cls);
        else if (a.prefix) slot.prefixes.push_back(a.word);
        else slot.words.push_back(a.word);
    }
    std::sort(slot.words.begin(), slot.words.end());
}

Compiled compile(const CuePattern& p) {
    Compiled c{&p, {}};
    std::string_view rest = p.pattern;
    while (!rest.empty()) {
        const size_t sp = rest.find(' ');
        std::string_view slot_text = rest.substr(0, sp);
        rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
        if (slot_text.empty())
            continue;
        Slot slot;
        if (slot_text[0] == '~') {
            slot.gap = std::atoi(std::string(slot_text.substr(1)).c_str());
        } else if (slot_text == "^") {
            slot.anchor = true;
        } else if (slot_text == "$") {
            slot.anchor_end = true;
        } else {
            while (!slot_text.empty()) {
                const size_t bar = slot_text.find('|');
                std::string_view a = slot_text.substr(0, bar);
                slot_text =
                    bar == std::string_view::npos ? std::string_view() : slot_text.substr(bar + 1);
                Alt alt;
                if (a.size() > 1 && a[0] == '@') {
                    alt.cls = class_named(a);
                } else {
                    if (a.size() > 1 && a.back() == '*') {
                        alt.prefix = true;
                        a.remove_suffix(1);
                    }
                    alt.word = fold_pattern_word(a);
                }
                slot.alts.push_back(std::move(alt));
            }
        }
        c.slots.push_back(std::move(slot));
        prepare_for_matching(c.slots.back());
    }
    return c;
}

/// All patterns compiled once and indexed by what their first slot accepts (exact words,
/// word prefixes, token classes), so a token tries only the patterns that can start on it.
/// Every exact word of every pattern has a number (from 1): a post's tokens are looked up
/// once each, and slots then compare numbers instead of strings.
struct Matcher {
    std::vector<Compiled> patterns;
    // Keys view the compiled patterns' own strings, which never move after construction.
    WordMap<uint32_t> word_ids;
    std::vector<std::vector<uint32_t>> by_first_word; ///< by word number
    WordMap<std::vector<uint32_t>> by_first_prefix;
    std::vector<size_t> prefix_lengths; ///< the distinct lengths of by_first_prefix's keys
    std::vector<uint32_t> by_first_class[kSlotClassCount];
    std::vector<uint32_t> unindexed; ///< first slot is a gap: tried at every token
    std::vector<uint32_t> anchored;  ///< start with ^: tried at sentence starts only

    Matcher() {
        patterns.reserve(kCuePatternCount);
        by_first_word.emplace_back(); // number 0: a word no pattern names
        for (size_t i = 0; i < kCuePatternCount; ++i) {
            patterns.push_back(compile(kCuePatterns[i]));
            number_words(patterns.back());
            index(static_cast<uint32_t>(i));
        }
        std::sort(prefix_lengths.begin(), prefix_lengths.end());
    }

    uint32_t number_of(std::string_view w) {
        uint32_t& id = word_ids[w];
        if (id == 0) {
            id = static_cast<uint32_t>(by_first_word.size());
            by_first_word.emplace_back();
        }
        return id;
    }

    void number_words(Compiled& c) {
        for (Slot& slot : c.slots) {
            for (std::string_view w : slot.words)
                slot.word_ids.push_back(number_of(w));
            std::sort(slot.word_ids.begin(), slot.word_ids.end());
        }
    }

    void index(uint32_t idx) {
        const Compiled& c = patterns[idx];
        if (!c.slots.empty() && c.slots[0].anchor) {
            anchored.push_back(idx);
            return;
        }
        if (c.slots.empty() || c.slots[0].gap >= 0 || c.slots[0].anchor_end) {
            unindexed.push_back(idx);
            return;
        }
        for (const Alt& a : c.slots[0].alts) {
            if (a.cls != SlotClass::None) {
                by_first_class[static_cast<size_t>(a.cls)].push_back(idx);
            } else if (a.prefix) {
                by_first_prefix[a.word].push_back(idx);
                if (std::find(prefix_lengths.begin(), prefix_lengths.end(), a.word.size()) == prefix_lengths.end())
                    prefix_lengths.push_back(a.word.size());
            } else {
                by_first_word[number_of(a.word)].push_back(idx);
            }
        }
    }
};

const Matcher& matcher() {
    static const Matcher m;
    return m;
}

// [SECTION] Matching

bool in_list(std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}


/// Folded words that are days, months or negators, with their class bits.
const WordMap<uint16_t>& word_classes() {
    static const WordMap<uint16_t> words = [] {
        static constexpr std::string_view kDays[] = {
            "monday",  "tuesday",  "wednesday",  "thursday",  "friday",   "saturday",  "sunday",
            "mondays", "tuesdays", "wednesdays", "thursdays", "fridays",  "saturdays", "sundays",
            "lunes",   "martes",   "miercoles",  "jueves",    "viernes",  "sabado",    "domingo",
            "lundi",   "mardi",    "mercredi",   "jeudi",     "vendredi", "samedi",    "dimanche",
            "lunedi",  "martedi",  "mercoledi",  "giovedi",   "venerdi",  "sabato",    "domenica",
            "segunda", "terca",    "quinta",     "sexta",     "maandag",  "dinsdag",   "woensdag",
            "donderdag", "vrijdag", "zaterdag",  "zondag"};
        static constexpr std::string_view kMonths[] = {
            "january",   "february",   "march",    "april",     "june",      "july",    "august",
            "september", "october",    "november", "december",  "jan",       "feb",     "apr",
            "jun",       "jul",        "aug",      "sept",      "oct",       "nov",     "dec",
            "enero",     "febrero",    "marzo",    "abril",     "mayo",      "junio",   "julio",
            "agosto",    "septiembre", "octubre",  "noviembre", "diciembre", "janvier", "fevrier",
            "mars",      "avril",      "mai",      "juin",      "juillet",   "aout",    "septembre",
            "octobre",   "novembre",   "decembre", "januar",    "februar",   "maerz",   "marz",
            "juni",      "juli",       "oktober",  "dezember"};
        WordMap<uint16_t> m;
        for (std::string_view d : kDays) m[d] |= class_bit(SlotClass::Day);
        for (std::string_view d : kMonths) m[d] |= class_bit(SlotClass::Month);
        for (size_t i = 0; i < kNegatorCount; ++i) m[kNegators[i]] |= class_bit(SlotClass::Neg);
        return m;
    }();
    return words;
}

/// "12pm", "3rd": one or two digits, then one of the suffixes.
bool digits_then(std::string_view w, std::initializer_list<std::string_view> suffixes) {
    size_t d = 0;
    while (d < w.size() && w[d] >= '0' && w[d] <= '9')
        ++d;
    return d >= 1 && d <= 2 && in_list(w.substr(d), suffixes);
}

/// Every class a token belongs to, worked out once per token rather than per pattern tried.
uint16_t classes_of(const Token& tok, std::string_view w) {
    uint16_t bits = 0;
    if (tok.kind == TokKind::Num) bits |= class_bit(SlotClass::Num);
    if (tok.kind == TokKind::Cur) bits |= class_bit(SlotClass::Cur);
    if (tok.code) bits |= class_bit(SlotClass::Code);
    if (tok.kind != TokKind::Word) return bits;
    if (w.size() > 3 && w.substr(w.size() - 3) == "n't") bits |= class_bit(SlotClass::Neg);
    if (const uint16_t* word_bits = word_classes().find(w)) bits |= *word_bits;
    if (!w.empty() && w[0] >= '0' && w[0] <= '9') { // digits_then() needs a leading digit
        if (digits_then(w, {"am", "pm", "h", "uhr", "hrs"})) bits |= class_bit(SlotClass::Time);
        if (digits_then(w, {"st", "nd", "rd", "th", "er", "eme"})) bits |= class_bit(SlotClass::Ord);
    }
    // German weekdays also start compounds: "Samstagabend".
    static constexpr std::string_view kTage[] = {
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"};
    if (w.size() >= 6 && (w[0] == 'm' || w[0] == 'd' || w[0] == 'f' || w[0] == 's'))
        for (std::string_view d : kTage)
            if (w.substr(0, d.size()) == d)
                bits |= class_bit(SlotClass::Day);
    return bits;
}

} // namespace

bool is_negator(std::string_view w) {
    if (w.size() > 3 && w.substr(w.size() - 3) == "n't")
        return true;
    const uint16_t* bits = word_classes().find(w);
    return bits && (*bits & class_bit(SlotClass::Neg));
}

namespace {

/// A post's tokens with their word numbers (Matcher::word_ids; 0 for words no pattern names).
struct Numbered {
    const Text& t;
    const std::vector<uint32_t>& ids;
};

bool slot_matches(const Slot& slot, const Numbered& n, size_t i) {
    const Text& t = n.t;
    if (t.tokens[i].classes & slot.classes)
        return true;
    if (n.ids[i] != 0 && std::binary_search(slot.word_ids.begin(), slot.word_ids.end(), n.ids[i]))
        return true;
    if (slot.prefixes.empty())
        return false;
    const std::string_view w = t.word(i);
    for (std::string_view p : slot.prefixes)
        if (w.substr(0, p.size()) == p)
            return true;
    return false;
}

/// Matches slots[k..] from token i within tokens [.., end); returns the index one past the
/// last matched token, or 0 when there is no match.
size_t match_from(const Compiled& c, size_t k, const Numbered& n, size_t i, size_t end) {
    const Text& t = n.t;
    if (k == c.slots.size())
        return i;
    const Slot& slot = c.slots[k];
    if (slot.anchor)
        return i == t.sentences[t.tokens[std::min(i, t.tokens.size() - 1)].sentence].first
                   ? match_from(c, k + 1, n, i, end)
                   : 0;
    if (slot.anchor_end)
        return i == end ? match_from(c, k + 1, n, i, end) : 0;
    if (slot.gap >= 0) {
        for (int skip = 0; skip <= slot.gap && i + static_cast<size_t>(skip) <= end; ++skip)
            if (size_t r = match_from(c, k + 1, n, i + static_cast<size_t>(skip), end))
                return r;
        return 0;
    }
    if (i >= end || !slot_matches(slot, n, i))
        return 0;
    return match_from(c, k + 1, n, i + 1, end);
}

bool lang_allowed(Lang pattern_lang, Lang text_lang) {
    return pattern_lang == Lang::Any || text_lang == Lang::Any || pattern_lang == text_lang;
}

} // namespace

Lang lang_of(std::string_view code) {
    const std::string_view base = code.substr(0, 2);
    if (base == "en")
        return Lang::En;
    if (base == "es")
        return Lang::Es;
    if (base == "fr")
        return Lang::Fr;
    if (base == "de")
        return Lang::De;
    if (base == "it")
        return Lang::It;
    if (base == "pt")
        return Lang::Pt;
    if (base == "nl")
        return Lang::Nl;
    return Lang::Any; // unknown or "und": try every language
}

std::vector<Match> find_matches(const Text& t, Lang lang) {
    const Matcher& m = matcher();
    std::vector<Match> out;
    thread_local std::vector<uint32_t> ids;
    ids.resize(t.tokens.size());
    for (size_t k = 0; k < t.tokens.size(); ++k) {
        const uint32_t* id = m.word_ids.find(t.word(k));
        ids[k] = id ? *id : 0;
    }
    const Numbered numbered{t, ids};
    // A pattern reached through two of its first slot's alternatives is tried once per token.
    // The marks are kept between calls (filling a fresh list for each post cost more than
    // the matching of a short one): a mark is this call's number and the token's.
    thread_local std::vector<uint64_t> tried_at;
    thread_local uint64_t call = 0;
    if (tried_at.size() != m.patterns.size() || ++call > UINT32_MAX) { // marks start afresh
        tried_at.assign(m.patterns.size(), 0);
        call = 1;
    }
    auto try_pattern = [&](uint32_t idx, const Sentence& s, uint32_t i, uint16_t si) {
        const uint64_t mark = call << 32 | i;
        if (tried_at[idx] == mark)
            return;
        tried_at[idx] = mark;
        const Compiled& c = m.patterns[idx];
        if (!lang_allowed(c.source->lang, lang))
            return;
        if (const size_t end = match_from(c, 0, numbered, i, s.last); end > i)
            out.push_back(Match{c.source, i, static_cast<uint32_t>(end), si});
    };
    auto try_all = [&](const std::vector<uint32_t>& list, const Sentence& s, uint32_t i, uint16_t si) {
        for (uint32_t idx : list)
            try_pattern(idx, s, i, si);
    };
    for (uint16_t si = 0; si < t.sentences.size(); ++si) {
        const Sentence& s = t.sentences[si];
        for (uint32_t i = s.first; i < s.last; ++i) {
            const std::string_view w = t.word(i);
            if (ids[i] != 0)
                try_all(m.by_first_word[ids[i]], s, i, si);
            for (size_t len : m.prefix_lengths) {
                if (len > w.size())
                    break;
                if (const std::vector<uint32_t>* list = m.by_first_prefix.find(w.substr(0, len)))
                    try_all(*list, s, i, si);
            }
            for (uint16_t bits = t.tokens[i].classes, cls = 0; bits; bits >>= 1, ++cls)
                if (bits & 1)
                    try_all(m.by_first_class[cls], s, i, si);
            try_all(m.unindexed, s, i, si);
            if (i == s.first)
                try_all(m.anchored, s, i, si);
        }
    }
    return out;
}

} // namespace earshot::core::intent_detail
