// A read-only JSON document for the hot path of ingest (X pages, twarc2 lines):
// parsed in one pass into a flat array of nodes that point into the input bytes,
// so reading a page costs a few allocations instead of one per value. It accepts
// exactly RFC 8259 JSON (what nlohmann::json::parse accepts, UTF-8 checked, numbers
// that overflow a double refused; stricter only in that a NUL byte does not end the
// input); strings are decoded only when asked for.
#pragma once

#include "core/model/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

class JsonDocument;

/// One value of a JsonDocument, or nothing (a missing key, a wrong index). Reading
/// a nothing, or a value of another type, gives the empty answer, never throws.
class JsonView {
  public:
    JsonView() = default;

    explicit operator bool() const { return m_doc != nullptr; }
    bool is_object() const;
    bool is_array() const;
    bool is_string() const;
    bool is_number() const;
    /// A number written without fraction or exponent ("42", "-7").
    bool is_integer() const;
    bool is_bool() const;
    bool is_null() const;

    /// The value under `key` (the last one when a key repeats, as nlohmann does);
    /// nothing when this is not an object or has no such key.
    JsonView operator[](std::string_view key) const;
    /// The i-th element of an array; nothing when out of range or not an array.
    JsonView at(size_t i) const;
    /// Elements of an array or values of an object (0 for anything else).
    size_t size() const;

    /// Decoded string ("" for anything but a string).
    std::string string() const;
    /// The value's own bytes in the input: a string without its quotes and still
    /// escaped, a number's digits, an object's braces and all.
    std::string_view raw() const;
    /// True when the string holds backslash escapes (raw() is then not the text).
    bool escaped() const;
    /// An integer that fits in int64_t; nothing for fractions, exponents and overflow.
    std::optional<int64_t> int64() const;
    /// Any number as a double (the parser refuses numbers that overflow one, as
    /// nlohmann does, so this is always finite).
    std::optional<double> number() const;
    bool boolean() const;

    /// Iterates an array's elements, or an object's values (key() names each).
    class Iterator {
      public:
        JsonView operator*() const;
        Iterator& operator++();
        bool operator!=(const Iterator& o) const { return m_i != o.m_i; }
        /// The key of the current value when iterating an object.
        std::string_view key_raw() const;
        /// True when that key holds backslash escapes (key_raw() is then not the name).
        bool key_escaped() const;

      private:
        friend class JsonView;
        Iterator(const JsonDocument* doc, uint32_t i, bool object) : m_doc(doc), m_i(i), m_object(object) {}
        const JsonDocument* m_doc;
        uint32_t m_i;
        bool m_object;
    };
    Iterator begin() const;
    Iterator end() const;

  private:
    friend class JsonDocument;
    JsonView(const JsonDocument* doc, uint32_t i) : m_doc(doc), m_i(i) {}
    const JsonDocument* m_doc = nullptr;
    uint32_t m_i = 0;
};

class JsonDocument {
  public:
    /// Parses `text`, which must outlive the document (nodes point into it).
    /// The error names what is wrong and at which byte.
    static Result<JsonDocument> parse(std::string_view text);

    JsonView root() const { return m_nodes.empty() ? JsonView() : JsonView(this, 0); }

    enum class Type : uint8_t { Null, False, True, Integer, Float, String, Array, Object };
    struct Node {
        uint32_t begin, end; ///< bytes of the value (a string's without quotes)
        uint32_t next;       ///< the node after this value's subtree
        Type type;
        bool escaped;        ///< a string with backslash escapes
    };
    const Node& node(uint32_t i) const { return m_nodes[i]; }
    std::string_view text() const { return m_text; }

  private:
    std::string_view m_text;
    std::vector<Node> m_nodes;
    friend class JsonParser;
};

/// a == b for short strings such as keys, compared inline: in WASM, string_view's ==
/// is a call into libc's memcmp, made for every key tried.
inline bool json_key_equals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

/// Decodes the inside of a JSON string (escapes → UTF-8). The input was checked by
/// the parser, so it is well formed.
std::string json_unescape(std::string_view escaped);

} // namespace earshot::core
