// UTF-8 decoding, lower-casing, accent folding and X-style tokenization (see text.hpp).
// Tables cover the scripts our users write in; other scripts pass through unchanged.
#include "core/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>

namespace earshot::core {

// [SECTION] Index
// [SECTION] UTF-8
// [SECTION] Folding tables
// [SECTION] Lower-casing
// [SECTION] Folding
// [SECTION] Character classes
// [SECTION] Tokenization

// [SECTION] UTF-8

char32_t utf8_next(std::string_view text, size_t& pos) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const auto bad = [&] { return ++pos, char32_t(0xFFFD); }; // skip one byte
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80)
        return ++pos, char32_t(b0);
    // Sequence length, payload of the lead byte, and the smallest value it may encode.
    const int extra = (b0 & 0xE0) == 0xC0   ? 1
                      : (b0 & 0xF0) == 0xE0 ? 2
                      : (b0 & 0xF8) == 0xF0 ? 3
                                            : 0;
    if (extra == 0 || pos + extra >= text.size())
        return bad();
    char32_t cp = b0 & (0x7F >> (extra + 1));
    const char32_t min = extra == 1 ? 0x80 : extra == 2 ? 0x800 : 0x10000;
    for (int i = 1; i <= extra; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80)
            return bad();
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not characters.
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return bad();
    pos += extra + 1;
    return cp;
}

void utf8_append(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
        return;
    }
    // Encoded on the stack and appended once: a push_back per byte is a call into
    // precompiled libc++ in WASM.
    char bytes[4];
    size_t n;
    if (cp < 0x800) {
        bytes[0] = static_cast<char>(0xC0 | (cp >> 6));
        bytes[1] = static_cast<char>(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        bytes[0] = static_cast<char>(0xE0 | (cp >> 12));
        bytes[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        bytes[2] = static_cast<char>(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        bytes[0] = static_cast<char>(0xF0 | (cp >> 18));
        bytes[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        bytes[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        bytes[3] = static_cast<char>(0x80 | (cp & 0x3F));
        n = 4;
    }
    out.append(bytes, n);
}

size_t utf8_length(std::string_view text) {
    size_t n = 0;
    for (size_t pos = 0; pos < text.size(); ++n)
        utf8_next(text, pos);
    return n;
}

Utf8Prefixes::Utf8Prefixes(std::string_view text) : m_text(text) {
    for (size_t pos = 0; pos < text.size();) {
        m_starts.push_back(pos);
        utf8_next(text, pos);
    }
}

size_t Utf8Prefixes::length_before(size_t offset) const {
    offset = std::min(offset, m_text.size());
    // Code points that start before the cut; every sequence decodes the same in the
    // prefix as in the whole text, except the one the cut goes through.
    const size_t started = static_cast<size_t>(
        std::lower_bound(m_starts.begin(), m_starts.end(), offset) - m_starts.begin());
    if (started == 0)
        return 0;
    const size_t last = m_starts[started - 1];
    const size_t last_end = started < m_starts.size() ? m_starts[started] : m_text.size();
    // Cut inside a sequence: in the prefix it is malformed, one U+FFFD per byte kept.
    return last_end <= offset ? started : started - 1 + (offset - last);
}

namespace {

// [SECTION] Folding tables
// Generated from Unicode 14 (Python unicodedata): NFKD, combining marks removed,
// case-folded; letters that do not decompose (ø, ł, đ, þ, æ, œ, ı, ŋ…) map to the
// Latin letters readers substitute for them. One character per code point:
// a letter is the folded ASCII letter, 'A'..'H' index kLatinMulti, '.' means "only
// lower-case it" (not a letter, or nothing to fold).
constexpr char32_t kLatinFirst = 0x00C0, kLatinLast = 0x024F;
constexpr const char kLatinFold[] =
    "aaaaaaAceeeeiiiidnooooo.ouuuuyBCaaaaaaAceeeeiiiidnooooo.ouuuuyByaaaaaaccccccccdd"
    "ddeeeeeeeeeegggggggghhhhiiiiiiiiiiDDjjkkkllllllllllnnnnnn.nnooooooEErrrrrrssssss"
    "ssttttttuuuuuuuuuuuuwwyyyzzzzzzsbb.....cc.ddd....ffg...ikkl..n..oo..pp......tttu"
    "u.vyyzz.............FFFGGGHHHaaiioouuuuuuuuuu.aaaaAAggggkkoooo..jFFFgg..nnaaAAoo"
    "aaaaeeeeiiiioooorrrruuuusstt..hh.d..zzaaeeooooooooyylnt....ccl.sz..bu.eejj..rryy";
constexpr char32_t kLatinExtFirst = 0x1E00, kLatinExtLast = 0x1EFF;
constexpr const char kLatinExtFold[] =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooo"
    "oooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwy.s..C."
    "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuu"
    "uuyyyyyyyy......";
constexpr const char* const kLatinMulti[] = {"ae", "th", "ss", "ij", "oe", "dz", "lj", "nj"};

// Greek: 'A' + k is U+03B1 + k (α…ω, final sigma already folded to σ).
constexpr char32_t kGreekFirst = 0x0370, kGreekLast = 0x03FF;
constexpr const char kGreekFold[] =
    "......................A.EGI.O.UYIABCDEFGHIJKLMNOPQ.STUVWXYIUAEGIUABCDEFGHIJKLMNO"
    "PQSSTUVWXYIUOUY.BHUUUVP.........................JQS.HE...S......";
constexpr char32_t kGreekExtFirst = 0x1F00, kGreekExtLast = 0x1FFF;
constexpr const char kGreekExtFold[] =
    "AAAAAAAAAAAAAAAAEEEEEE..EEEEEE..GGGGGGGGGGGGGGGGIIIIIIIIIIIIIIIIOOOOOO..OOOOOO.."
    "UUUUUUUU.U.U.U.UYYYYYYYYYYYYYYYYAAEEGGIIOOUUYY..AAAAAAAAAAAAAAAAGGGGGGGGGGGGGGGG"
    "YYYYYYYYYYYYYYYYAAAAA.AAAAAAA.I...GGG.GGEEGGG...IIII..IIIIII....UUUUQQUUUUUUQ..."
    "..YYY.YYOOYYY...";

static_assert(sizeof(kLatinFold) - 1 == kLatinLast - kLatinFirst + 1);
static_assert(sizeof(kLatinExtFold) - 1 == kLatinExtLast - kLatinExtFirst + 1);
static_assert(sizeof(kGreekFold) - 1 == kGreekLast - kGreekFirst + 1);
static_assert(sizeof(kGreekExtFold) - 1 == kGreekExtLast - kGreekExtFirst + 1);

struct Pair {
    char16_t from, to;
};
// Lower-case Cyrillic letters with diacritics → base letter. й stays: it is a letter
// of its own in Russian and Ukrainian, not an accented и (ё → е is common practice).
constexpr Pair kCyrillicFold[] = {
    {0x0450, 0x0435}, {0x0451, 0x0435}, {0x0453, 0x0433}, {0x0457, 0x0456}, {0x045C, 0x043A},
    {0x045D, 0x0438}, {0x045E, 0x0443}, {0x0477, 0x0475}, {0x04C2, 0x0436}, {0x04D1, 0x0430},
    {0x04D3, 0x0430}, {0x04D7, 0x0435}, {0x04DB, 0x04D9}, {0x04DD, 0x0436}, {0x04DF, 0x0437},
    {0x04E3, 0x0438}, {0x04E5, 0x0438}, {0x04E7, 0x043E}, {0x04EB, 0x04E9}, {0x04ED, 0x044D},
    {0x04EF, 0x0443}, {0x04F1, 0x0443}, {0x04F3, 0x0443}, {0x04F5, 0x0447}, {0x04F9, 0x044B},
};
// Latin Extended-B capital → small pairs outside the regular even/odd ranges.
constexpr Pair kLatinBLower[] = {
    {0x0181, 0x0253}, {0x0182, 0x0183}, {0x0184, 0x0185}, {0x0186, 0x0254}, {0x0187, 0x0188},
    {0x0189, 0x0256}, {0x018A, 0x0257}, {0x018B, 0x018C}, {0x018E, 0x01DD}, {0x018F, 0x0259},
    {0x0190, 0x025B}, {0x0191, 0x0192}, {0x0193, 0x0260}, {0x0194, 0x0263}, {0x0196, 0x0269},
    {0x0197, 0x0268}, {0x0198, 0x0199}, {0x019C, 0x026F}, {0x019D, 0x0272}, {0x019F, 0x0275},
    {0x01A0, 0x01A1}, {0x01A2, 0x01A3}, {0x01A4, 0x01A5}, {0x01A6, 0x0280}, {0x01A7, 0x01A8},
    {0x01A9, 0x0283}, {0x01AC, 0x01AD}, {0x01AE, 0x0288}, {0x01AF, 0x01B0}, {0x01B1, 0x028A},
    {0x01B2, 0x028B}, {0x01B3, 0x01B4}, {0x01B5, 0x01B6}, {0x01B7, 0x0292}, {0x01B8, 0x01B9},
    {0x01BC, 0x01BD}, {0x01C4, 0x01C6}, {0x01C5, 0x01C6}, {0x01C7, 0x01C9}, {0x01C8, 0x01C9},
    {0x01CA, 0x01CC}, {0x01CB, 0x01CC}, {0x01F1, 0x01F3}, {0x01F2, 0x01F3}, {0x01F4, 0x01F5},
    {0x01F6, 0x0195}, {0x01F7, 0x01BF}, {0x0220, 0x019E}, {0x023B, 0x023C}, {0x023D, 0x019A},
    {0x0241, 0x0242}, {0x0243, 0x0180}, {0x0244, 0x0289}, {0x0245, 0x028C},
};

bool in(char32_t c, char32_t lo, char32_t hi) {
    return c >= lo && c <= hi;
}
bool even(char32_t c) {
    return (c & 1) == 0;
}

const Pair* find_pair(const Pair* first, const Pair* last, char32_t c) {
    const Pair* it =
        std::lower_bound(first, last, c, [](const Pair& p, char32_t v) { return p.from < v; });
    return it != last && it->from == c ? it : nullptr;
}

// [SECTION] Lower-casing

char32_t lower_latin(char32_t c) {
    if (c < 0x100)
        return (in(c, 0xC0, 0xDE) && c != 0xD7) ? c + 32 : c;
    if (c < 0x180) {
        if (c == 0x130)
            return 'i';
        if (c == 0x178)
            return 0xFF;
        if (in(c, 0x100, 0x137) || in(c, 0x14A, 0x177))
            return even(c) ? c + 1 : c;
        if (in(c, 0x139, 0x148) || in(c, 0x179, 0x17E))
            return even(c) ? c : c + 1;
        return c;
    }
    if (const Pair* p = find_pair(std::begin(kLatinBLower), std::end(kLatinBLower), c))
        return p->to;
    if (in(c, 0x1CD, 0x1DC))
        return even(c) ? c : c + 1;
    if (in(c, 0x1DE, 0x1EF) || in(c, 0x1F8, 0x21F) || in(c, 0x222, 0x233) || in(c, 0x246, 0x24F))
        return even(c) ? c + 1 : c;
    return c;
}

// Greek Extended capitals outside the regular "minus 8" rows.
constexpr Pair kGreekExtLower[] = {
    {0x1FB8, 0x1FB0}, {0x1FB9, 0x1FB1}, {0x1FBA, 0x1F70}, {0x1FBB, 0x1F71}, {0x1FBC, 0x1FB3},
    {0x1FC8, 0x1F72}, {0x1FC9, 0x1F73}, {0x1FCA, 0x1F74}, {0x1FCB, 0x1F75}, {0x1FCC, 0x1FC3},
    {0x1FD8, 0x1FD0}, {0x1FD9, 0x1FD1}, {0x1FDA, 0x1F76}, {0x1FDB, 0x1F77}, {0x1FE8, 0x1FE0},
    {0x1FE9, 0x1FE1}, {0x1FEA, 0x1F7A}, {0x1FEB, 0x1F7B}, {0x1FEC, 0x1FE5}, {0x1FF8, 0x1F78},
    {0x1FF9, 0x1F79}, {0x1FFA, 0x1F7C}, {0x1FFB, 0x1F7D}, {0x1FFC, 0x1FF3},
};

char32_t lower_greek_ext(char32_t c) {
    const char32_t row = c & 0xFFF0, col = c & 0xF;
    if (col >= 8 && (in(row, 0x1F00, 0x1F40) || row == 0x1F60 || in(row, 0x1F80, 0x1FA0)))
        return c - 8;
    if (row == 0x1F50)
        return (col >= 8 && !even(c)) ? c - 8 : c;
    const Pair* p = find_pair(std::begin(kGreekExtLower), std::end(kGreekExtLower), c);
    return p ? p->to : c;
}

char32_t lower_cp(char32_t c) {
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c < 0x250)
        return lower_latin(c);
    if (in(c, 0x370, 0x3FF)) {
        if (c == 0x386)
            return 0x3AC;
        if (in(c, 0x388, 0x38A))
            return c + 37;
        if (c == 0x38C)
            return 0x3CC;
        if (c == 0x38E || c == 0x38F)
            return c + 63;
        if (in(c, 0x391, 0x3AB) && c != 0x3A2)
            return c + 32;
        if (c == 0x370 || c == 0x372 || c == 0x376 || in(c, 0x3D8, 0x3EF))
            return even(c) ? c + 1 : c;
        if (c == 0x37F)
            return 0x3F3;
        if (c == 0x3CF)
            return 0x3D7;
        if (c == 0x3F4)
            return 0x3B8;
        if (c == 0x3F7 || c == 0x3FA)
            return c + 1;
        if (c == 0x3F9)
            return 0x3F2;
        if (in(c, 0x3FD, 0x3FF))
            return c - 130;
        return c;
    }
    if (in(c, 0x400, 0x52F)) {
        if (c < 0x410)
            return c + 80;
        if (c < 0x430)
            return c + 32;
        if (in(c, 0x460, 0x481) || in(c, 0x48A, 0x4BF) || in(c, 0x4D0, 0x52F))
            return even(c) ? c + 1 : c;
        if (c == 0x4C0)
            return 0x4CF;
        if (in(c, 0x4C1, 0x4CE))
            return even(c) ? c : c + 1;
        return c;
    }
    if (in(c, 0x531, 0x556))
        return c + 48; // Armenian
    if (in(c, 0x1E00, 0x1EFF)) {
        if (c == 0x1E9E)
            return 0xDF; // ẞ
        return (in(c, 0x1E00, 0x1E95) || c >= 0x1EA0) && even(c) ? c + 1 : c;
    }
    if (in(c, 0x1F00, 0x1FFF))
        return lower_greek_ext(c);
    if (in(c, 0x2160, 0x216F))
        return c + 16; // Roman numerals
    if (in(c, 0x24B6, 0x24CF))
        return c + 26; // circled letters
    if (in(c, 0xFF21, 0xFF3A))
        return c + 32; // full-width letters
    return c;
}

// [SECTION] Folding

// Characters that carry no meaning for matching and would otherwise split or
// distinguish words: combining marks, variation selectors, emoji skin tones and
// tags, soft hyphen, zero-width (non-)joiners, word joiner and byte-order mark.
bool is_ignorable(char32_t c) {
    if (c < 0xAD)
        return false;
    return c == 0xAD || in(c, 0x300, 0x36F) || in(c, 0x1AB0, 0x1AFF) || in(c, 0x1DC0, 0x1DFF) ||
           in(c, 0x200C, 0x200D) || c == 0x2060 || in(c, 0x20D0, 0x20FF) || in(c, 0xFE00, 0xFE0F) ||
           in(c, 0xFE20, 0xFE2F) || c == 0xFEFF || in(c, 0x1F3FB, 0x1F3FF) ||
           in(c, 0xE0000, 0xE007F) || in(c, 0xE0100, 0xE01EF);
}

template <typename Sink> void fold_cp(char32_t c, Sink&& sink) {
    if (c < 0x80) {
        sink((c >= 'A' && c <= 'Z') ? c + 32 : c);
        return;
    }
    if (is_ignorable(c))
        return;
    if (in(c, 0xFF01, 0xFF5E)) { // full-width ASCII
        fold_cp(c - 0xFEE0, sink);
        return;
    }
    const auto table = [&](const char* folds, char32_t first, auto&& decode) {
        const char f = folds[c - first];
        if (f == '.') {
            sink(lower_cp(c));
        } else {
            decode(f);
        }
    };
    const auto latin = [&](char f) {
        if (f >= 'a' && f <= 'z') {
            sink(static_cast<char32_t>(f));
        } else {
            for (const char* s = kLatinMulti[f - 'A']; *s; ++s)
                sink(static_cast<char32_t>(*s));
        }
    };
    const auto greek = [&](char f) { sink(0x3B1 + static_cast<char32_t>(f - 'A')); };
    if (in(c, kLatinFirst, kLatinLast))
        return table(kLatinFold, kLatinFirst, latin);
    if (in(c, kLatinExtFirst, kLatinExtLast))
        return table(kLatinExtFold, kLatinExtFirst, latin);
    if (in(c, kGreekFirst, kGreekLast))
        return table(kGreekFold, kGreekFirst, greek);
    if (in(c, kGreekExtFirst, kGreekExtLast))
        return table(kGreekExtFold, kGreekExtFirst, greek);
    if (in(c, 0x400, 0x4FF)) {
        const char32_t lower = lower_cp(c);
        const Pair* p = find_pair(std::begin(kCyrillicFold), std::end(kCyrillicFold), lower);
        sink(p ? p->to : lower);
        return;
    }
    // ª º → a o, µ → μ, ¹ ² ³ → digits.
    static constexpr Pair kLatin1Compat[] = {{0xAA, 'a'},   {0xB2, '2'}, {0xB3, '3'},
                                             {0xB5, 0x3BC}, {0xB9, '1'}, {0xBA, 'o'}};
    if (const Pair* p = find_pair(std::begin(kLatin1Compat), std::end(kLatin1Compat), c)) {
        sink(p->to);
        return;
    }
    if (in(c, 0x2070, 0x2079) && c != 0x2071 && c != 0x2072 && c != 0x2073) {
        sink('0' + (c - 0x2070)); // superscript digits
        return;
    }
    if (in(c, 0x2080, 0x2089)) {
        sink('0' + (c - 0x2080)); // subscript digits
        return;
    }
    if (in(c, 0xFB00, 0xFB06)) { // Latin ligatures
        static constexpr const char* const kLigatures[] = {"ff",  "fi", "fl", "ffi",
                                                           "ffl", "st", "st"};
        for (const char* s = kLigatures[c - 0xFB00]; *s; ++s)
            sink(static_cast<char32_t>(*s));
        return;
    }
    sink(lower_cp(c));
}

} // namespace

std::string to_lower(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();)
        utf8_append(lower_cp(utf8_next(text, pos)), out);
    return out;
}

void fold_append(std::string_view text, std::string& out) {
    for (size_t pos = 0; pos < text.size();) {
        // The common case, a run of ASCII, lower-cased into room made once for it (a
        // push_back per byte is a call into precompiled libc++ in WASM).
        size_t end = pos;
        while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80)
            ++end;
        if (end > pos) {
            const size_t at = out.size();
            out.resize(at + (end - pos));
            char* o = &out[at];
            for (size_t i = pos; i < end; ++i)
                *o++ = (text[i] >= 'A' && text[i] <= 'Z') ? static_cast<char>(text[i] + 32) : text[i];
            pos = end;
            continue;
        }
        fold_cp(utf8_next(text, pos), [&](char32_t f) { utf8_append(f, out); });
    }
}

std::string fold_for_search(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    fold_append(text, out);
    return out;
}

uint64_t token_hash(std::string_view folded_token) {
    // Length plus the first and last eight bytes: exact for tokens up to eight bytes,
    // and tokens are compared byte by byte after a hash hit anyway. Much cheaper than a
    // byte-at-a-time hash, which was the largest cost of matching.
    const size_t n = folded_token.size();
    uint64_t head = 0, tail = 0;
    if (n >= 8) {
        std::memcpy(&head, folded_token.data(), 8);
        std::memcpy(&tail, folded_token.data() + n - 8, 8);
    } else if (n >= 4) {
        // The n bytes as a little-endian number, from two overlapping loads (the bytes they
        // share land on the same places): the same value as a byte loop, without the loop.
        uint32_t first, last;
        std::memcpy(&first, folded_token.data(), 4);
        std::memcpy(&last, folded_token.data() + n - 4, 4);
        head = uint64_t(first) | uint64_t(last) << (8 * (n - 4));
    } else if (n >= 2) {
        uint16_t first, last;
        std::memcpy(&first, folded_token.data(), 2);
        std::memcpy(&last, folded_token.data() + n - 2, 2);
        head = uint64_t(first) | uint64_t(last) << (8 * (n - 2));
    } else if (n == 1) {
        head = static_cast<unsigned char>(folded_token[0]);
    }
    const uint64_t h = head * 0x9E3779B97F4A7C15ull ^ (tail + n) * 0xC2B2AE3D27D4EB4Full;
    return h ^ (h >> 29);
}

namespace {

// [SECTION] Character classes

enum class CharClass : uint8_t {
    Word, ///< part of a word
    Solo, ///< a token on its own (emoji, ideographs)
    Sep,  ///< splits words (spaces, punctuation, symbols)
};

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct Range {
    char32_t lo, hi;
};
bool in_ranges(const Range* first, const Range* last, char32_t c) {
    const Range* it =
        std::upper_bound(first, last, c, [](char32_t v, const Range& r) { return v < r.lo; });
    return it != first && c <= (it - 1)->hi;
}

bool is_regional_indicator(char32_t c) {
    return in(c, 0x1F1E6, 0x1F1FF);
}

// Emoji outside the 1F000 planes (Unicode's Emoji_Presentation and common text-style
// emoji): matched as tokens, as X does, instead of being treated as symbols.
constexpr Range kBmpEmoji[] = {
    {0x00A9, 0x00A9}, {0x00AE, 0x00AE}, {0x203C, 0x203C}, {0x2049, 0x2049}, {0x2122, 0x2122},
    {0x2139, 0x2139}, {0x2194, 0x2199}, {0x21A9, 0x21AA}, {0x231A, 0x231B}, {0x2328, 0x2328},
    {0x23CF, 0x23CF}, {0x23E9, 0x23F3}, {0x23F8, 0x23FA}, {0x24C2, 0x24C2}, {0x25AA, 0x25AB},
    {0x25B6, 0x25B6}, {0x25C0, 0x25C0}, {0x25FB, 0x25FE}, {0x2600, 0x27BF}, {0x2934, 0x2935},
    {0x2B05, 0x2B07}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x3030, 0x3030},
    {0x303D, 0x303D}, {0x3297, 0x3297}, {0x3299, 0x3299},
};
bool is_bmp_emoji(char32_t c) {
    return in_ranges(std::begin(kBmpEmoji), std::end(kBmpEmoji), c);
}

// Scripts written without spaces between words: each character is a token.
constexpr Range kUnspaced[] = {
    {0x0E00, 0x0EFF}, {0x1000, 0x109F}, {0x1780, 0x17D3}, {0x17DB, 0x17FF},
    {0x2E80, 0x2FDF}, {0x3005, 0x3007}, {0x3021, 0x3029}, {0x3031, 0x3035},
    {0x3040, 0x30FA}, {0x30FC, 0x30FF}, {0x31F0, 0x31FF}, {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0xFF66, 0xFF9F}, {0x20000, 0x3134F},
};
bool is_unspaced_script(char32_t c) {
    return in_ranges(std::begin(kUnspaced), std::end(kUnspaced), c);
}

// Punctuation, symbols and separators outside ASCII (approximating Unicode's P*, S*
// and Z* categories for the blocks where they are common).
constexpr Range kSeparators[] = {
    {0x0080, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x02B9, 0x02FF}, {0x0374, 0x0375},
    {0x037E, 0x037E}, {0x0387, 0x0387}, {0x055A, 0x055F}, {0x0589, 0x0589}, {0x058A, 0x058A},
    {0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05C6, 0x05C6}, {0x05F3, 0x05F3},
    {0x05F4, 0x05F4}, {0x060C, 0x060C}, {0x060D, 0x060D}, {0x061B, 0x061B}, {0x061E, 0x061E},
    {0x061F, 0x061F}, {0x066A, 0x066D}, {0x06D4, 0x06D4}, {0x0964, 0x0964}, {0x0965, 0x0965},
    {0x0970, 0x0970}, {0x0E4F, 0x0E4F}, {0x0E5A, 0x0E5A}, {0x0E5B, 0x0E5B}, {0x10FB, 0x10FB},
    {0x1360, 0x1368}, {0x166E, 0x166E}, {0x1680, 0x1680}, {0x169B, 0x169B}, {0x169C, 0x169C},
    {0x16EB, 0x16ED}, {0x17D4, 0x17DA}, {0x1800, 0x180A}, {0x2000, 0x206F}, {0x20A0, 0x20CF},
    {0x2100, 0x214F}, {0x2150, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3004}, {0x3008, 0x3020},
    {0x30FB, 0x30FB}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF00}, {0xFF5F, 0xFF65},
    {0xFFE0, 0xFFEE}, {0xFFF0, 0xFFFF},
};
bool is_separator(char32_t c) {
    return in_ranges(std::begin(kSeparators), std::end(kSeparators), c);
}

CharClass classify(char32_t c) {
    if (c < 0x80) {
        const bool word =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        return word ? CharClass::Word : CharClass::Sep;
    }
    if (in(c, 0x1F000, 0x1FAFF) || is_bmp_emoji(c))
        return CharClass::Solo;
    if (is_separator(c))
        return CharClass::Sep;
    return is_unspaced_script(c) ? CharClass::Solo : CharClass::Word;
}

} // namespace

bool is_word_char(char32_t cp) {
    if (cp == 0xFE0F || cp == 0xFE0E || in(cp, 0x1F3FB, 0x1F3FF))
        return false; // emoji parts
    if (is_ignorable(cp))
        return cp != 0xAD && cp != 0x2060 && cp != 0xFEFF;
    bool word = false;
    fold_cp(cp, [&](char32_t f) {
        word = classify(f) == CharClass::Word ||
               (classify(f) == CharClass::Solo && is_unspaced_script(f));
    });
    return word;
}

// [SECTION] Tokenization

void TokenList::clear() {
    m_used = 0;
    m_spans.clear();
}

char* TokenList::reserve_bytes(size_t n) {
    if (m_used + n > m_buffer.size())
        m_buffer.resize(std::max({m_used + n, 2 * m_buffer.size(), size_t(64)}));
    return &m_buffer[m_used];
}

void TokenList::put_code_point(char32_t cp) {
    char* out = reserve_bytes(4);
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        m_used += 1;
    } else if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        m_used += 2;
    } else if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        m_used += 3;
    } else {
        out[0] = static_cast<char>(0xF0 | (cp >> 18));
        out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[3] = static_cast<char>(0x80 | (cp & 0x3F));
        m_used += 4;
    }
}

void TokenList::assign(std::string_view text) {
    clear();
    append(text);
}

void TokenList::end_token(size_t start) {
    if (start >= m_used)
        return;
    const std::string_view token(m_buffer.data() + start, m_used - start);
    m_spans.push_back(
        Span{static_cast<uint32_t>(start), static_cast<uint32_t>(token.size()), token_hash(token)});
}

void TokenList::append(std::string_view text) {
    constexpr size_t kNone = static_cast<size_t>(-1);
    size_t start = kNone;   // where the word being built starts in m_buffer
    bool flag_open = false; // the last token is a lone regional indicator (half a flag)
    const auto close = [&] {
        if (start != kNone)
            end_token(start);
        start = kNone;
    };
    const auto on_char = [&](char32_t f) {
        switch (classify(f)) {
        case CharClass::Word:
            if (start == kNone)
                start = m_used;
            put_code_point(f);
            flag_open = false;
            break;
        case CharClass::Sep:
            close();
            flag_open = false;
            break;
        case CharClass::Solo:
            close();
            if (is_regional_indicator(f) && flag_open) {
                // Second half of a flag: extend the previous token.
                Span& last = m_spans.back();
                put_code_point(f);
                last.length = static_cast<uint32_t>(m_used - last.offset);
                last.hash = token_hash(std::string_view(m_buffer.data() + last.offset, last.length));
                flag_open = false;
            } else {
                const size_t at = m_used;
                put_code_point(f);
                end_token(at);
                flag_open = is_regional_indicator(f);
            }
            break;
        }
    };
    for (size_t pos = 0; pos < text.size();) {
        const unsigned char b = static_cast<unsigned char>(text[pos]);
        if (b < 0x80) { // ASCII, most of most posts: copy whole runs of letters and digits
            flag_open = false;
            size_t end = pos;
            while (end < text.size() && is_ascii_alnum(text[end]))
                ++end;
            if (end == pos) {
                close();
                ++pos;
                continue;
            }
            if (start == kNone)
                start = m_used;
            const size_t n = end - pos;
            char* out = reserve_bytes(n);
            const char* in = text.data() + pos;
            for (size_t i = 0; i < n; ++i)
                out[i] = (in[i] >= 'A' && in[i] <= 'Z') ? static_cast<char>(in[i] + 32) : in[i];
            m_used += n;
            pos = end;
            continue;
        }
        fold_cp(utf8_next(text, pos), on_char);
    }
    close();
}

bool TokenList::contains_sequence(const TokenList& needle) const {
    const size_t n = needle.size();
    if (n == 0 || n > size())
        return false;
    const uint64_t first = needle.hash(0);
    for (size_t i = 0; i + n <= size(); ++i) {
        if (m_spans[i].hash != first)
            continue;
        size_t k = 0;
        while (k < n && m_spans[i + k].hash == needle.hash(k) && (*this)[i + k] == needle[k])
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

std::vector<std::string> tokenize(std::string_view text) {
    TokenList tokens;
    tokens.assign(text);
    std::vector<std::string> out;
    out.reserve(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i)
        out.emplace_back(tokens[i]);
    return out;
}

std::string trim(std::string_view s) {
    const char* ws = " \t\r\n\f\v";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

} // namespace earshot::core
