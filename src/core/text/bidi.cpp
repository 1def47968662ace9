// Arabic shaping and visual order of right-to-left lines (see bidi.hpp).
// Index: [SECTION] Bidi classes, [SECTION] Arabic shaping, [SECTION] Visual order.
#include "core/text/bidi.hpp"

#include "core/text/grapheme.hpp"
#include "core/text/text.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

namespace earshot::core {

namespace {

// [SECTION] Bidi classes (UAX #9 table 4, the classes a line of a post needs)

enum class Bidi : uint8_t { L, R, AL, EN, AN, ES, ET, CS, WS, ON };

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

bool is_arabic_mark(char32_t c) {
    return in(c, 0x0610, 0x061A) || in(c, 0x064B, 0x065F) || c == 0x0670 || in(c, 0x06D6, 0x06DC) ||
           in(c, 0x06DF, 0x06E4) || in(c, 0x06E7, 0x06E8) || in(c, 0x06EA, 0x06ED) || in(c, 0x08D3, 0x08FF);
}

bool is_hebrew_mark(char32_t c) {
    return in(c, 0x0591, 0x05BD) || c == 0x05BF || in(c, 0x05C1, 0x05C2) || in(c, 0x05C4, 0x05C5) || c == 0x05C7;
}

Bidi bidi_class(char32_t c) {
    if (c < 0x80) {
        if (in(c, '0', '9')) return Bidi::EN;
        if (c == '+' || c == '-') return Bidi::ES;
        if (in(c, '#', '%')) return Bidi::ET;
        if (c == ',' || c == '.' || c == '/' || c == ':') return Bidi::CS;
        if (c == ' ' || c == '\t' || c == '\f') return Bidi::WS;
        if (in(c, 'A', 'Z') || in(c, 'a', 'z')) return Bidi::L;
        return Bidi::ON;
    }
    if (c == 0x200E) return Bidi::L;  // LRM
    if (c == 0x200F) return Bidi::R;  // RLM
    if (c == 0x061C) return Bidi::AL; // ALM
    if (in(c, 0x0590, 0x05FF)) return is_hebrew_mark(c) ? Bidi::ON : Bidi::R;
    if (in(c, 0x0600, 0x08FF)) {
        if (in(c, 0x0600, 0x0605) || in(c, 0x0660, 0x0669) || in(c, 0x066B, 0x066C) || c == 0x08E2) return Bidi::AN;
        if (in(c, 0x06F0, 0x06F9)) return Bidi::EN; // Persian digits
        if (in(c, 0x0609, 0x060A) || c == 0x066A) return Bidi::ET;
        if (c == 0x060C) return Bidi::CS;
        if (is_arabic_mark(c)) return Bidi::ON;
        return in(c, 0x07C0, 0x085F) ? Bidi::R : Bidi::AL; // NKo, Samaritan, Mandaic are R
    }
    if (in(c, 0xFB1D, 0xFB4F)) return Bidi::R; // Hebrew presentation forms
    if (in(c, 0xFB50, 0xFDFF) || in(c, 0xFE70, 0xFEFE)) return Bidi::AL;
    if (in(c, 0x10800, 0x10FFF) || in(c, 0x1E800, 0x1EFFF)) return Bidi::R;
    if (in(c, 0x00B2, 0x00B3) || c == 0x00B9 || in(c, 0x2070, 0x2079) || in(c, 0x2080, 0x2089) ||
        in(c, 0xFF10, 0xFF19) || in(c, 0x1D7CE, 0x1D7FF))
        return Bidi::EN;
    if (in(c, 0x00A2, 0x00A5) || in(c, 0x00B0, 0x00B1) || in(c, 0x2030, 0x2034) || in(c, 0x20A0, 0x20CF) ||
        c == 0xFF03 || c == 0xFF04 || c == 0xFF05)
        return Bidi::ET;
    if (c == 0x00A0 || c == 0x202F || c == 0x2044 || c == 0xFE50 || c == 0xFE52 || c == 0xFE55 || c == 0xFF0C ||
        in(c, 0xFF0E, 0xFF0F) || c == 0xFF1A)
        return Bidi::CS;
    if (c == 0x207A || c == 0x207B || c == 0xFF0B || c == 0xFF0D) return Bidi::ES;
    if (in(c, 0x2000, 0x200A) || c == 0x2028 || c == 0x205F || c == 0x3000) return Bidi::WS;
    // Letters and digits of every other script read left to right; the rest (symbols,
    // emoji, punctuation, marks on their own) takes its direction from its neighbours.
    return is_word_char(c) ? Bidi::L : Bidi::ON;
}

bool is_rtl_class(Bidi b) { return b == Bidi::R || b == Bidi::AL; }

// [SECTION] Arabic shaping

enum class Joining : uint8_t { None, Right, Dual, Causing, Transparent };

struct ArabicForms {
    char32_t letter, isolated, final, initial, medial; // 0: the font has no such form
};

// Unicode's <isolated>/<final>/<initial>/<medial> decompositions of U+FB50–FDFF and
// U+FE70–FEFF (UnicodeData.txt), sorted by letter.
constexpr ArabicForms kForms[] = {
    {0x0621, 0xFE80, 0, 0, 0},           {0x0622, 0xFE81, 0xFE82, 0, 0},     {0x0623, 0xFE83, 0xFE84, 0, 0},
    {0x0624, 0xFE85, 0xFE86, 0, 0},      {0x0625, 0xFE87, 0xFE88, 0, 0},     {0x0626, 0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
    {0x0627, 0xFE8D, 0xFE8E, 0, 0},      {0x0628, 0xFE8F, 0xFE90, 0xFE91, 0xFE92}, {0x0629, 0xFE93, 0xFE94, 0, 0},
    {0x062A, 0xFE95, 0xFE96, 0xFE97, 0xFE98}, {0x062B, 0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
    {0x062C, 0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0}, {0x062D, 0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
    {0x062E, 0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8}, {0x062F, 0xFEA9, 0xFEAA, 0, 0},
    {0x0630, 0xFEAB, 0xFEAC, 0, 0},      {0x0631, 0xFEAD, 0xFEAE, 0, 0},     {0x0632, 0xFEAF, 0xFEB0, 0, 0},
    {0x0633, 0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4}, {0x0634, 0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
    {0x0635, 0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC}, {0x0636, 0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
    {0x0637, 0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4}, {0x0638, 0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
    {0x0639, 0xFEC9, 0xFECA, 0xFECB, 0xFECC}, {0x063A, 0xFECD, 0xFECE, 0xFECF, 0xFED0},
    {0x0641, 0xFED1, 0xFED2, 0xFED3, 0xFED4}, {0x0642, 0xFED5, 0xFED6, 0xFED7, 0xFED8},
    {0x0643, 0xFED9, 0xFEDA, 0xFEDB, 0xFEDC}, {0x0644, 0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
    {0x0645, 0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4}, {0x0646, 0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
    {0x0647, 0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC}, {0x0648, 0xFEED, 0xFEEE, 0, 0},
    {0x0649, 0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9}, {0x064A, 0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
    {0x0671, 0xFB50, 0xFB51, 0, 0},      {0x0679, 0xFB66, 0xFB67, 0xFB68, 0xFB69},
    {0x067A, 0xFB5E, 0xFB5F, 0xFB60, 0xFB61}, {0x067B, 0xFB52, 0xFB53, 0xFB54, 0xFB55},
    {0x067E, 0xFB56, 0xFB57, 0xFB58, 0xFB59}, {0x067F, 0xFB62, 0xFB63, 0xFB64, 0xFB65},
    {0x0680, 0xFB5A, 0xFB5B, 0xFB5C, 0xFB5D}, {0x0683, 0xFB76, 0xFB77, 0xFB78, 0xFB79},
    {0x0684, 0xFB72, 0xFB73, 0xFB74, 0xFB75}, {0x0686, 0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D},
    {0x0687, 0xFB7E, 0xFB7F, 0xFB80, 0xFB81}, {0x0688, 0xFB88, 0xFB89, 0, 0},
    {0x068C, 0xFB84, 0xFB85, 0, 0},      {0x068D, 0xFB82, 0xFB83, 0, 0},     {0x068E, 0xFB86, 0xFB87, 0, 0},
    {0x0691, 0xFB8C, 0xFB8D, 0, 0},      {0x0698, 0xFB8A, 0xFB8B, 0, 0},
    {0x06A4, 0xFB6A, 0xFB6B, 0xFB6C, 0xFB6D}, {0x06A6, 0xFB6E, 0xFB6F, 0xFB70, 0xFB71},
    {0x06A9, 0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, {0x06AD, 0xFBD3, 0xFBD4, 0xFBD5, 0xFBD6},
    {0x06AF, 0xFB92, 0xFB93, 0xFB94, 0xFB95}, {0x06B1, 0xFB9A, 0xFB9B, 0xFB9C, 0xFB9D},
    {0x06B3, 0xFB96, 0xFB97, 0xFB98, 0xFB99}, {0x06BA, 0xFB9E, 0xFB9F, 0, 0},
    {0x06BB, 0xFBA0, 0xFBA1, 0xFBA2, 0xFBA3}, {0x06BE, 0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD},
    {0x06C0, 0xFBA4, 0xFBA5, 0, 0},      {0x06C1, 0xFBA6, 0xFBA7, 0xFBA8, 0xFBA9},
    {0x06C5, 0xFBE0, 0xFBE1, 0, 0},      {0x06C6, 0xFBD9, 0xFBDA, 0, 0},     {0x06C7, 0xFBD7, 0xFBD8, 0, 0},
    {0x06C8, 0xFBDB, 0xFBDC, 0, 0},      {0x06C9, 0xFBE2, 0xFBE3, 0, 0},     {0x06CB, 0xFBDE, 0xFBDF, 0, 0},
    {0x06CC, 0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF}, {0x06D0, 0xFBE4, 0xFBE5, 0xFBE6, 0xFBE7},
    {0x06D2, 0xFBAE, 0xFBAF, 0, 0},      {0x06D3, 0xFBB0, 0xFBB1, 0, 0},
};

const ArabicForms* forms_of(char32_t c) {
    if (c < kForms[0].letter || c > std::prev(std::end(kForms))->letter) return nullptr; // most text
    auto it = std::lower_bound(std::begin(kForms), std::end(kForms), c,
                               [](const ArabicForms& f, char32_t x) { return f.letter < x; });
    return it != std::end(kForms) && it->letter == c ? &*it : nullptr;
}

constexpr char32_t kTatweel = 0x0640, kLam = 0x0644;

Joining joining_of(char32_t c) {
    if (c == kTatweel || c == 0x200D) return Joining::Causing;
    if (is_arabic_mark(c)) return Joining::Transparent;
    const ArabicForms* f = forms_of(c);
    if (!f) return Joining::None;
    if (f->initial) return Joining::Dual;
    return f->final ? Joining::Right : Joining::None;
}

/// Lam-alef ligature for `alef` after lam: {isolated, final}, or {0, 0}.
std::pair<char32_t, char32_t> lam_alef(char32_t alef) {
    switch (alef) {
    case 0x0622: return {0xFEF5, 0xFEF6};
    case 0x0623: return {0xFEF7, 0xFEF8};
    case 0x0625: return {0xFEF9, 0xFEFA};
    case 0x0627: return {0xFEFB, 0xFEFC};
    default: return {0, 0};
    }
}

/// Whether a letter of joining type `j` connects to the letter after it.
bool joins_forward(Joining j) { return j == Joining::Dual || j == Joining::Causing; }
/// Whether a letter of joining type `j` connects to the letter before it.
bool joins_backward(Joining j) { return j == Joining::Dual || j == Joining::Right || j == Joining::Causing; }

std::u32string decode(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) out.push_back(utf8_next(text, pos));
    return out;
}

/// Index of the nearest non-transparent code point before/after `i`, or npos.
size_t neighbour(const std::u32string& cps, size_t i, int step) {
    for (size_t k = i + step; k < cps.size(); k += step)
        if (joining_of(cps[k]) != Joining::Transparent) return k;
    return std::u32string::npos; // k wrapped below zero or ran off the end
}

// [SECTION] Visual order

struct Unit {       // one grapheme cluster of the line
    size_t begin, end; // bytes in the (decoded and re-encoded) line
    Bidi type;
    uint8_t level = 0;
};

char32_t mirrored(char32_t c) {
    static const char32_t pairs[][2] = {
        {'(', ')'}, {'[', ']'}, {'{', '}'}, {'<', '>'}, {0x00AB, 0x00BB}, {0x2039, 0x203A},
        {0x2045, 0x2046}, {0x207D, 0x207E}, {0x208D, 0x208E}, {0x3008, 0x3009}, {0x300A, 0x300B},
        {0x300C, 0x300D}, {0x300E, 0x300F}, {0x3010, 0x3011}, {0xFF08, 0xFF09}, {0xFF3B, 0xFF3D},
        {0xFF5B, 0xFF5D}, {0xFE59, 0xFE5A}, {0xFE5B, 0xFE5C}, {0xFE5D, 0xFE5E}, {0x2264, 0x2265},
    };
    for (const auto& p : pairs) {
        if (c == p[0]) return p[1];
        if (c == p[1]) return p[0];
    }
    return c;
}

std::vector<Unit> split_units(const std::string& line) {
    std::vector<Unit> units;
    size_t pos = 0;
    while (pos < line.size()) {
        const size_t end = std::max(next_grapheme_boundary(line, pos), pos + 1);
        size_t at = pos;
        units.push_back({pos, end, bidi_class(utf8_next(line, at))});
        pos = end;
    }
    return units;
}

/// European digits take a type from the last strong letter before them (W2, W7):
/// one forward pass, so a post of digits stays linear.
void retype_digits_after(std::vector<Unit>& u, Bidi sos, Bidi strong, Bidi becomes) {
    Bidi last = sos;
    for (Unit& x : u) {
        if (x.type == Bidi::L || x.type == Bidi::R || x.type == Bidi::AL) last = x.type;
        else if (x.type == Bidi::EN && last == strong) x.type = becomes;
    }
}

/// UAX #9 W1–W7 on one paragraph level run (the whole line here).
void resolve_weak(std::vector<Unit>& u, Bidi sos) {
    retype_digits_after(u, sos, Bidi::AL, Bidi::AN); // W2: digits after Arabic letters are Arabic numbers
    for (Unit& x : u) // W3
        if (x.type == Bidi::AL) x.type = Bidi::R;
    for (size_t i = 1; i + 1 < u.size(); ++i) { // W4: 1,000  3.5  10-12
        const Bidi before = u[i - 1].type, after = u[i + 1].type;
        if (u[i].type == Bidi::ES && before == Bidi::EN && after == Bidi::EN) u[i].type = Bidi::EN;
        if (u[i].type == Bidi::CS && before == after && (before == Bidi::EN || before == Bidi::AN)) u[i].type = before;
    }
    for (size_t i = 0; i < u.size(); ++i) { // W5: $5  50%
        if (u[i].type != Bidi::ET) continue;
        size_t end = i;
        while (end < u.size() && u[end].type == Bidi::ET) ++end;
        const bool next_to_number = (i > 0 && u[i - 1].type == Bidi::EN) || (end < u.size() && u[end].type == Bidi::EN);
        if (next_to_number)
            for (size_t k = i; k < end; ++k) u[k].type = Bidi::EN;
        i = end - 1;
    }
    for (Unit& x : u) // W6
        if (x.type == Bidi::ES || x.type == Bidi::ET || x.type == Bidi::CS) x.type = Bidi::ON;
    retype_digits_after(u, sos, Bidi::L, Bidi::L); // W7: digits among left-to-right words are left to right
}

/// The direction a resolved type counts as for neutrals (N1): numbers count as R.
Bidi strength(Bidi b) { return b == Bidi::L ? Bidi::L : Bidi::R; }

/// UAX #9 N1–N2: runs of spaces and symbols take the direction of their
/// neighbours when both agree, else the paragraph's.
void resolve_neutrals(std::vector<Unit>& u, Bidi paragraph) {
    for (size_t i = 0; i < u.size(); ++i) {
        if (u[i].type != Bidi::ON && u[i].type != Bidi::WS) continue;
        size_t end = i;
        while (end < u.size() && (u[end].type == Bidi::ON || u[end].type == Bidi::WS)) ++end;
        const Bidi before = i > 0 ? strength(u[i - 1].type) : paragraph;
        const Bidi after = end < u.size() ? strength(u[end].type) : paragraph;
        const Bidi resolved = before == after ? before : paragraph;
        for (size_t k = i; k < end; ++k) u[k].type = resolved == Bidi::L ? Bidi::L : Bidi::R;
        i = end - 1;
    }
}

/// I1–I2 and L1: embedding levels from the resolved types.
void assign_levels(std::vector<Unit>& u, uint8_t base) {
    for (Unit& x : u) {
        if (base == 0) x.level = x.type == Bidi::L ? 0 : x.type == Bidi::R ? 1 : 2;
        else x.level = x.type == Bidi::R ? 1 : 2;
    }
}

void reset_trailing_spaces(std::vector<Unit>& u, const std::vector<Bidi>& original, uint8_t base) {
    for (size_t i = u.size(); i-- > 0 && original[i] == Bidi::WS;) u[i].level = base;
}

/// L2: from the highest level down to the lowest odd one, reverse every run at
/// that level or above.
std::vector<size_t> visual_indices(const std::vector<Unit>& u) {
    std::vector<size_t> order(u.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    uint8_t highest = 0, lowest_odd = 255;
    for (const Unit& x : u) {
        highest = std::max(highest, x.level);
        if (x.level % 2) lowest_odd = std::min(lowest_odd, x.level);
    }
    for (int level = highest; level >= lowest_odd && level > 0; --level) {
        for (size_t i = 0; i < order.size();) {
            if (u[order[i]].level < level) {
                ++i;
                continue;
            }
            size_t end = i;
            while (end < order.size() && u[order[end]].level >= level) ++end;
            std::reverse(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(end));
            i = end;
        }
    }
    return order;
}

std::string reencode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) utf8_append(utf8_next(text, pos), out);
    return out;
}

} // namespace

bool has_rtl(std::string_view text) {
    for (size_t pos = 0; pos < text.size();) {
        const unsigned char lead = static_cast<unsigned char>(text[pos]);
        if (lead < 0x80) { // no right-to-left letter is ASCII
            ++pos;
            continue;
        }
        if (is_rtl_class(bidi_class(utf8_next(text, pos)))) return true;
    }
    return false;
}

TextDirection paragraph_direction(std::string_view text) {
    for (size_t pos = 0; pos < text.size();) {
        const Bidi b = bidi_class(utf8_next(text, pos));
        if (b == Bidi::L) return TextDirection::LeftToRight;
        if (is_rtl_class(b)) return TextDirection::RightToLeft;
    }
    return TextDirection::LeftToRight;
}

std::string shape_arabic(std::string_view text) {
    const std::u32string cps = decode(text);
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    for (size_t i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        const ArabicForms* f = forms_of(c);
        if (!f) {
            utf8_append(c, out);
            continue;
        }
        const size_t prev = neighbour(cps, i, -1);
        const bool joined_before = prev != std::u32string::npos && joins_forward(joining_of(cps[prev])) &&
                                   joins_backward(joining_of(c));
        // Lam then alef (directly, as fonts ligate them) is one glyph that ends the joining.
        if (c == kLam && i + 1 < cps.size() && lam_alef(cps[i + 1]).first) {
            const auto ligature = lam_alef(cps[i + 1]);
            utf8_append(joined_before ? ligature.second : ligature.first, out);
            ++i;
            continue;
        }
        const size_t next = neighbour(cps, i, +1);
        const bool joined_after = next != std::u32string::npos && joins_forward(joining_of(c)) &&
                                  joins_backward(joining_of(cps[next]));
        char32_t form = f->isolated;
        if (joined_before && joined_after && f->medial) form = f->medial;
        else if (joined_before && f->final) form = f->final;
        else if (joined_after && f->initial) form = f->initial;
        utf8_append(form ? form : c, out);
    }
    return out;
}

std::string visual_order(std::string_view line, TextDirection direction) {
    if (direction == TextDirection::Auto) direction = paragraph_direction(line);
    if (direction == TextDirection::LeftToRight && !has_rtl(line)) return reencode(line);
    const std::string text = reencode(line); // unit offsets index well-formed UTF-8
    std::vector<Unit> units = split_units(text);
    std::vector<Bidi> original;
    original.reserve(units.size());
    for (const Unit& x : units) original.push_back(x.type);
    const uint8_t base = direction == TextDirection::RightToLeft ? 1 : 0;
    const Bidi sos = base ? Bidi::R : Bidi::L;
    resolve_weak(units, sos);
    resolve_neutrals(units, sos);
    assign_levels(units, base);
    reset_trailing_spaces(units, original, base);
    std::string out;
    out.reserve(text.size());
    for (size_t i : visual_indices(units)) {
        const Unit& x = units[i];
        const std::string_view cluster = std::string_view(text).substr(x.begin, x.end - x.begin);
        size_t at = 0;
        const char32_t first = utf8_next(cluster, at);
        if (x.level % 2 && mirrored(first) != first) {
            utf8_append(mirrored(first), out);
            out.append(cluster.substr(at));
        } else {
            out.append(cluster);
        }
    }
    return out;
}

std::string for_ltr_renderer(std::string_view text) {
    if (!has_rtl(text)) return reencode(text);
    const std::string shaped = shape_arabic(text);
    std::string out;
    out.reserve(shaped.size());
    size_t start = 0;
    while (true) {
        const size_t nl = shaped.find('\n', start);
        out += visual_order(std::string_view(shaped).substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        if (nl == std::string::npos) break;
        out += '\n';
        start = nl + 1;
    }
    return out;
}

} // namespace earshot::core
