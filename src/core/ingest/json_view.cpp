// The JsonDocument parser (one pass, no recursion, UTF-8 checked) and JsonView's
// accessors.
//
// [SECTION] Parser
// [SECTION] Views
// [SECTION] Strings
#include "core/ingest/json_view.hpp"

#include "core/text/text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace earshot::core {

// [SECTION] Parser

/// Deeper nesting than this is refused: no X or twarc document comes near it, and a
/// hostile one cannot make the node stack grow without bound.
constexpr size_t kMaxDepth = 1024;

class JsonParser {
  public:
    JsonParser(std::string_view text, JsonDocument& doc)
        : m_s(text.data()), m_n(text.size()), m_doc(doc) {}

    /// Empty string on success, else what is wrong and where.
    std::string run() {
        if (const char* e = document()) return std::string(e) + " at byte " + std::to_string(m_error_at);
        return {};
    }

  private:
    /// Parsing steps answer nullptr when fine, else a static message (no string is
    /// built on the hot path); m_error_at says where.
    const char* document() {
        // X pages are about one node per 12-13 bytes, twarc lines a little more; reserving
        // for one per 8 avoids regrowing (copying every node) in nearly all of them.
        m_doc.m_nodes.reserve(m_n / 8 + 4);
        skip_space();
        if (m_i == m_n) return at("the document is empty");
        if (const char* e = value()) return e;
        skip_space();
        if (m_i != m_n) return at("unexpected text after the end of the document");
        return nullptr;
    }

    using Type = JsonDocument::Type;
    using Node = JsonDocument::Node;

    const char* m_s;
    size_t m_n;
    size_t m_i = 0;
    size_t m_error_at = 0;
    JsonDocument& m_doc;

    const char* at(const char* what) {
        m_error_at = m_i;
        return what;
    }

    void skip_space() {
        while (m_i < m_n && (m_s[m_i] == ' ' || m_s[m_i] == '\n' || m_s[m_i] == '\r' || m_s[m_i] == '\t')) ++m_i;
    }

    uint32_t add(Type type, size_t begin, size_t end, bool escaped = false) {
        m_doc.m_nodes.push_back(Node{static_cast<uint32_t>(begin), static_cast<uint32_t>(end), 0, type, escaped});
        const auto idx = static_cast<uint32_t>(m_doc.m_nodes.size() - 1);
        m_doc.m_nodes[idx].next = idx + 1;
        return idx;
    }

    /// Parses any value; containers iteratively with an explicit stack.
    const char* value() {
        struct Open {
            uint32_t node;
            bool object;
        };
        std::vector<Open> stack;
        while (true) {
            skip_space();
            if (m_i == m_n) return at("the document ends in the middle of a value");
            const char c = m_s[m_i];
            bool opened = false;
            if (c == '{' || c == '[') {
                if (stack.size() >= kMaxDepth) return at("the document is nested too deeply");
                const bool object = c == '{';
                stack.push_back({add(object ? Type::Object : Type::Array, m_i, m_i), object});
                ++m_i;
                skip_space();
                const char close = object ? '}' : ']';
                if (m_i < m_n && m_s[m_i] == close) {
                    ++m_i;
                    m_doc.m_nodes[stack.back().node].end = static_cast<uint32_t>(m_i);
                    stack.pop_back(); // empty: next stays the node after it
                } else {
                    if (object)
                        if (const char* e = key()) return e;
                    opened = true;
                }
            } else if (const char* e = scalar()) {
                return e;
            }
            if (opened) continue; // read the container's first value
            // After a value: close finished containers, or move to the next element.
            while (true) {
                if (stack.empty()) return nullptr;
                skip_space();
                if (m_i == m_n) return at("the document ends inside an object or array");
                const Open top = stack.back();
                const char d = m_s[m_i];
                if (d == ',') {
                    ++m_i;
                    if (top.object)
                        if (const char* e = key()) return e;
                    break; // next element
                }
                if (d == (top.object ? '}' : ']')) {
                    ++m_i;
                    Node& n = m_doc.m_nodes[top.node];
                    n.end = static_cast<uint32_t>(m_i);
                    n.next = static_cast<uint32_t>(m_doc.m_nodes.size());
                    stack.pop_back();
                    continue;
                }
                return at(top.object ? "expected ',' or '}'" : "expected ',' or ']'");
            }
        }
    }

    /// An object key and its colon.
    const char* key() {
        skip_space();
        if (m_i == m_n || m_s[m_i] != '"') return at("expected a key in quotes");
        if (const char* e = string()) return e;
        skip_space();
        if (m_i == m_n || m_s[m_i] != ':') return at("expected ':' after a key");
        ++m_i;
        return nullptr;
    }

    const char* scalar() {
        const char c = m_s[m_i];
        if (c == '"') return string();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (literal("true")) return add(Type::True, m_i - 4, m_i), nullptr;
        if (literal("false")) return add(Type::False, m_i - 5, m_i), nullptr;
        if (literal("null")) return add(Type::Null, m_i - 4, m_i), nullptr;
        return at("unexpected character");
    }

    bool literal(const char* word) {
        const size_t len = std::strlen(word);
        if (m_n - m_i < len || std::memcmp(m_s + m_i, word, len) != 0) return false;
        m_i += len;
        return true;
    }

    bool digit() const { return m_i < m_n && m_s[m_i] >= '0' && m_s[m_i] <= '9'; }

    const char* number() {
        const size_t begin = m_i;
        bool integer = true;
        if (m_s[m_i] == '-') ++m_i;
        if (!digit()) return at("a number needs digits");
        if (m_s[m_i] == '0') {
            ++m_i;
        } else {
            while (digit()) ++m_i;
        }
        if (m_i < m_n && m_s[m_i] == '.') {
            integer = false;
            ++m_i;
            if (!digit()) return at("a number needs digits after '.'");
            while (digit()) ++m_i;
        }
        if (m_i < m_n && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
            integer = false;
            ++m_i;
            if (m_i < m_n && (m_s[m_i] == '+' || m_s[m_i] == '-')) ++m_i;
            if (!digit()) return at("a number needs digits in its exponent");
            while (digit()) ++m_i;
        }
        // Integers past 64 bits are read as doubles, so they too must fit one.
        if ((!integer || m_i - begin > 19) && !finite_double(begin, m_i))
            return at("a number too large for a double");
        add(integer ? Type::Integer : Type::Float, begin, m_i);
        return nullptr;
    }

    /// Fractions and exponents are rare in API pages (coordinates), so checking
    /// each with strtod costs little.
    bool finite_double(size_t begin, size_t end) const {
        char buf[64];
        std::string long_number;
        const char* digits = buf;
        if (end - begin < sizeof buf) {
            std::memcpy(buf, m_s + begin, end - begin);
            buf[end - begin] = '\0';
        } else {
            long_number.assign(m_s + begin, end - begin);
            digits = long_number.c_str();
        }
        return std::isfinite(std::strtod(digits, nullptr));
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /// Four hex digits after "\u"; -1 when malformed.
    int32_t code_unit(size_t p) const {
        if (m_n - p < 4) return -1;
        int32_t v = 0;
        for (size_t k = 0; k < 4; ++k) {
            const int h = hex(m_s[p + k]);
            if (h < 0) return -1;
            v = v << 4 | h;
        }
        return v;
    }

    static bool plain_ascii(const char* p) {
        constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        uint64_t w;
        std::memcpy(&w, p, 8);
        const auto has_zero = [&](uint64_t v) { return (v - ones) & ~v & highs; };
        const uint64_t special = has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\')) |
                                 ((w - ones * 0x20) & ~w & highs) | (w & highs);
        return special == 0;
    }

    /// Checks one UTF-8 sequence starting at m_i (a byte >= 0x80) and steps over it.
    bool utf8_sequence() {
        const auto b = [&](size_t k) { return static_cast<unsigned char>(m_s[m_i + k]); };
        const unsigned char c = b(0);
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F; // no UTF-16 surrogates
        else if (c >= 0xEE && c <= 0xEF) len = 3;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F; // nothing above U+10FFFF
        else return false;
        if (m_n - m_i < len || b(1) < lo || b(1) > hi) return false;
        for (size_t k = 2; k < len; ++k)
            if ((b(k) & 0xC0) != 0x80) return false;
        m_i += len;
        return true;
    }

    const char* string() {
        ++m_i; // opening quote
        const size_t begin = m_i;
        bool escaped = false;
        while (true) {
            // Fast path: eight bytes at a time while none is a quote, a backslash,
            // a control character or non-ASCII.
            while (m_n - m_i >= 8 && plain_ascii(m_s + m_i)) m_i += 8;
            while (m_i < m_n) {
                const auto c = static_cast<unsigned char>(m_s[m_i]);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++m_i;
            }
            if (m_i == m_n) return at("a string is not closed");
            const auto c = static_cast<unsigned char>(m_s[m_i]);
            if (c == '"') break;
            if (c < 0x20) return at("a control character inside a string");
            if (c >= 0x80) {
                if (!utf8_sequence()) return at("invalid UTF-8 inside a string");
                continue;
            }
            escaped = true; // a backslash
            if (m_n - m_i < 2) return at("a string is not closed");
            const char e = m_s[m_i + 1];
            if (e == 'u') {
                const int32_t u = code_unit(m_i + 2);
                if (u < 0) return at("a \\u escape needs four hex digits");
                m_i += 6;
                if (u >= 0xDC00 && u <= 0xDFFF) return at("a lone UTF-16 surrogate in a \\u escape");
                if (u >= 0xD800 && u <= 0xDBFF) {
                    const int32_t low = m_n - m_i >= 2 && m_s[m_i] == '\\' && m_s[m_i + 1] == 'u' ? code_unit(m_i + 2) : -1;
                    if (low < 0xDC00 || low > 0xDFFF) return at("a lone UTF-16 surrogate in a \\u escape");
                    m_i += 6;
                }
                continue;
            }
            if (!std::strchr("\"\\/bfnrt", e) || e == '\0') return at("an unknown escape in a string");
            m_i += 2;
        }
        add(Type::String, begin, m_i, escaped);
        ++m_i; // closing quote
        return nullptr;
    }
};

Result<JsonDocument> JsonDocument::parse(std::string_view text) {
    if (text.size() >= UINT32_MAX) return Error{"the document is larger than 4 GB"};
    JsonDocument doc;
    doc.m_text = text;
    JsonParser parser(text, doc);
    if (std::string e = parser.run(); !e.empty()) return Error{"not valid JSON: " + e};
    return doc;
}

// [SECTION] Views

namespace {
using Type = JsonDocument::Type;
}

bool JsonView::is_object() const { return m_doc && m_doc->node(m_i).type == Type::Object; }
bool JsonView::is_array() const { return m_doc && m_doc->node(m_i).type == Type::Array; }
bool JsonView::is_string() const { return m_doc && m_doc->node(m_i).type == Type::String; }
bool JsonView::is_number() const {
    return m_doc && (m_doc->node(m_i).type == Type::Integer || m_doc->node(m_i).type == Type::Float);
}
bool JsonView::is_integer() const { return m_doc && m_doc->node(m_i).type == Type::Integer; }
bool JsonView::is_bool() const {
    return m_doc && (m_doc->node(m_i).type == Type::True || m_doc->node(m_i).type == Type::False);
}
bool JsonView::is_null() const { return m_doc && m_doc->node(m_i).type == Type::Null; }
bool JsonView::boolean() const { return m_doc && m_doc->node(m_i).type == Type::True; }
bool JsonView::escaped() const { return m_doc && m_doc->node(m_i).escaped; }

std::string_view JsonView::raw() const {
    if (!m_doc) return {};
    const JsonDocument::Node& n = m_doc->node(m_i);
    return m_doc->text().substr(n.begin, n.end - n.begin);
}

JsonView JsonView::operator[](std::string_view key) const {
    if (!is_object()) return {};
    JsonView found;
    for (Iterator it = begin(); it != end(); ++it) {
        const JsonDocument::Node& k = m_doc->node(it.m_i - 1);
        const std::string_view raw_key = m_doc->text().substr(k.begin, k.end - k.begin);
        if (k.escaped ? json_unescape(raw_key) == key : json_key_equals(raw_key, key)) found = *it;
    }
    return found;
}

JsonView JsonView::at(size_t i) const {
    if (!is_array()) return {};
    for (Iterator it = begin(); it != end(); ++it)
        if (i-- == 0) return *it;
    return {};
}

size_t JsonView::size() const {
    size_t n = 0;
    if (is_array() || is_object())
        for (Iterator it = begin(); it != end(); ++it) ++n;
    return n;
}

JsonView::Iterator JsonView::begin() const {
    if (!is_array() && !is_object()) return Iterator(nullptr, 0, false);
    // Children follow their container; an object's first value follows its first key.
    // An empty container's begin is its end (next + 1 for objects, as end() says).
    return Iterator(m_doc, m_i + 1 + (is_object() ? 1 : 0), is_object());
}

JsonView::Iterator JsonView::end() const {
    if (!is_array() && !is_object()) return Iterator(nullptr, 0, false);
    return Iterator(m_doc, m_doc->node(m_i).next + (is_object() ? 1 : 0), is_object());
}

JsonView JsonView::Iterator::operator*() const { return JsonView(m_doc, m_i); }

JsonView::Iterator& JsonView::Iterator::operator++() {
    // Skip this value's subtree, then (in an object) the next key.
    m_i = m_doc->node(m_i).next + (m_object ? 1 : 0);
    return *this;
}

std::string_view JsonView::Iterator::key_raw() const {
    const JsonDocument::Node& k = m_doc->node(m_i - 1);
    return m_doc->text().substr(k.begin, k.end - k.begin);
}

bool JsonView::Iterator::key_escaped() const { return m_doc->node(m_i - 1).escaped; }

std::optional<int64_t> JsonView::int64() const {
    if (!is_integer()) return std::nullopt;
    const std::string_view r = raw();
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
    if (ec != std::errc() || end != r.data() + r.size()) return std::nullopt; // out of range
    return v;
}

std::optional<double> JsonView::number() const {
    if (!is_number()) return std::nullopt;
    // strtod needs a terminated string; numbers are short, so copy.
    const std::string digits(raw());
    return std::strtod(digits.c_str(), nullptr);
}

std::string JsonView::string() const {
    if (!is_string()) return {};
    return escaped() ? json_unescape(raw()) : std::string(raw());
}

// [SECTION] Strings

namespace {
uint32_t hex4(std::string_view s, size_t p) {
    uint32_t v = 0;
    for (size_t k = 0; k < 4 && p + k < s.size(); ++k) {
        const char c = s[p + k];
        v = v << 4 | static_cast<uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}
} // namespace

std::string json_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            // The bytes up to the next escape at once: a push_back per byte is a call
            // into precompiled libc++ in WASM.
            const size_t run = i;
            while (i + 1 < s.size() && s[i + 1] != '\\')
                ++i;
            out.append(s.data() + run, i + 1 - run);
            continue;
        }
        const char e = s[++i];
        switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            uint32_t cp = hex4(s, i + 1);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
                const uint32_t low = hex4(s, i + 3);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            utf8_append(static_cast<char32_t>(cp), out);
            break;
        }
        default: out += e; // " \ /
        }
    }
    return out;
}

} // namespace earshot::core
