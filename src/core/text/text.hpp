// UTF-8 text helpers for search: lower-casing, accent folding and X-style tokenization.
// Pure functions over std::string_view; malformed UTF-8 never fails (bad bytes become U+FFFD).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// Decodes the code point starting at text[pos] and advances pos past it.
/// Malformed or truncated sequences yield U+FFFD and advance by one byte.
char32_t utf8_next(std::string_view text, size_t& pos);

/// Appends the UTF-8 encoding of cp to out.
void utf8_append(char32_t cp, std::string& out);

/// Number of code points in text (what a user counts as "characters").
size_t utf8_length(std::string_view text);

/// utf8_length of any prefix of one text, in O(log n) after one pass over it: a parser
/// that reports the column of every token would otherwise count from the start each
/// time (quadratic in a pasted query). Views the text; keep it alive.
class Utf8Prefixes {
  public:
    explicit Utf8Prefixes(std::string_view text);
    /// utf8_length(text.substr(0, offset)), a sequence cut by offset included.
    size_t length_before(size_t offset) const;

  private:
    std::string_view m_text;
    std::vector<size_t> m_starts; // byte offset of each code point, in order
};

/// Lower-cases ASCII, Latin-1, Latin Extended-A/B/Additional, Greek, Cyrillic and
/// Armenian; keeps accents and every other character as it is.
std::string to_lower(std::string_view text);

/// The form text is compared in: lower-cased and accent-folded (é→e, ß→ss, æ→ae,
/// ł→l, ё→е, ά→α, ς→σ), compatibility forms unified (ﬁ→fi, full-width Ａ→a, ²→2),
/// combining marks, variation selectors (U+FE0F), emoji skin-tone modifiers, soft
/// hyphens and zero-width joiners/non-joiners removed. Punctuation and spaces are kept,
/// so the result also suits substring search.
std::string fold_for_search(std::string_view text);

/// Appends fold_for_search(text) to out (no allocation once out has capacity).
void fold_append(std::string_view text, std::string& out);

/// True for characters that can be part of a word, hashtag or handle: letters, digits
/// and combining marks of any script (not spaces, punctuation, symbols or emoji).
bool is_word_char(char32_t cp);

/// A 64-bit fingerprint used to compare tokens quickly; equal tokens have equal
/// fingerprints. Not stable across platforms: never store it.
uint64_t token_hash(std::string_view folded_token);

/// The tokens of a text, folded, stored in one buffer so a list can be refilled for
/// every mention without allocating. Tokenization follows X's keyword matching:
/// words are split on punctuation, symbols and separators ("coca-cola" → coca, cola;
/// "#Café" → cafe; "@joes_pizza" → joes, pizza); each emoji is a token of its own
/// (a pair of regional indicators — a flag — is one token); each Han, kana, Thai,
/// Lao, Khmer or Myanmar character is a token of its own, since those scripts do not
/// separate words with spaces (a multi-character query then matches as a sequence).
class TokenList {
  public:
    /// Replaces the contents with the tokens of text.
    void assign(std::string_view text);
    /// Appends the tokens of text after the current ones.
    void append(std::string_view text);
    void clear();

    size_t size() const { return m_spans.size(); }
    bool empty() const { return m_spans.empty(); }
    std::string_view operator[](size_t i) const {
        return std::string_view(m_buffer.data() + m_spans[i].offset, m_spans[i].length);
    }
    uint64_t hash(size_t i) const { return m_spans[i].hash; }

    /// True when the tokens [first, first + needle.size()) equal needle, which must hold
    /// folded tokens with their hashes (as produced by another TokenList).
    bool contains_sequence(const TokenList& needle) const;

  private:
    struct Span {
        uint32_t offset;
        uint32_t length;
        uint64_t hash;
    };
    void end_token(size_t start);
    char* reserve_bytes(size_t n);
    void put_code_point(char32_t cp);
    // The folded tokens' bytes are m_buffer[0, m_used): the string only grows (zero-filled
    // once), so words are copied in by an inline loop instead of an out-of-line append per
    // word, which cost tokenizing about a quarter of its time in WASM.
    std::string m_buffer;
    size_t m_used = 0;
    std::vector<Span> m_spans;
};

/// `s` without leading and trailing ASCII white space.
std::string trim(std::string_view s);

/// Percent-encodes everything but RFC 3986's unreserved characters (query values, path segments).
std::string url_encode(const std::string& s);

/// The folded tokens of text as strings (convenient; TokenList avoids the allocations).
std::vector<std::string> tokenize(std::string_view text);

} // namespace earshot::core
