// Internals of MentionIndex shared by index.cpp (building, dictionary, lookups) and
// index_search.cpp (the query planner). Not part of the core's public API.
#pragma once

#include "core/index/mention_index.hpp"
#include "core/text/text.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

// [SECTION] Postings

/// Ascending mention positions as LEB128 varints of the gaps (the first gap is the first
/// position). Most terms are rare (names, numbers, URL parts), so lists of a few entries
/// live inline without an allocation; longer ones grow a malloc'd buffer by half.
class Postings {
  public:
    Postings() = default;
    ~Postings() {
        if (on_heap())
            std::free(m_heap);
    }
    Postings(Postings&& o) noexcept { steal(o); }
    Postings& operator=(Postings&& o) noexcept {
        if (this != &o) {
            if (on_heap())
                std::free(m_heap);
            steal(o);
        }
        return *this;
    }
    Postings(const Postings&) = delete;
    Postings& operator=(const Postings&) = delete;

    /// Appends idx, which must not be smaller than the last one; a repeat (the same
    /// mention holding a term twice) is ignored.
    void add(uint32_t idx) {
        if (m_count > 0) {
            if (idx == m_last)
                return;
            assert(idx > m_last);
        }
        uint32_t gap = m_count > 0 ? idx - m_last : idx;
        if (m_size + 5 > m_cap)
            grow();
        uint8_t* out = on_heap() ? m_heap : m_inline;
        while (gap >= 0x80) {
            out[m_size++] = static_cast<uint8_t>(gap | 0x80);
            gap >>= 7;
        }
        out[m_size++] = static_cast<uint8_t>(gap);
        m_last = idx;
        ++m_count;
    }

    uint32_t count() const { return m_count; }
    uint32_t last() const { return m_last; }
    /// The encoded gaps: with count() and last(), what a snapshot keeps.
    std::string_view encoded() const {
        return {reinterpret_cast<const char*>(on_heap() ? m_heap : m_inline), m_size};
    }
    /// Whether for_each() can walk `bytes` without reading past them: the last byte must
    /// end a varint (a truncated one would run on into the next allocation).
    static bool walkable(std::string_view bytes) {
        return bytes.empty() || static_cast<uint8_t>(bytes.back()) < 0x80;
    }
    /// The list that encoded(), count() and last() described; `bytes` must be walkable().
    static Postings decoded(std::string_view bytes, uint32_t count, uint32_t last) {
        Postings p;
        p.m_count = count;
        p.m_last = last;
        p.m_size = static_cast<uint32_t>(bytes.size());
        if (bytes.size() > kInline) {
            p.m_cap = std::max<uint32_t>(p.m_size, kInline + 1);
            p.m_heap = static_cast<uint8_t*>(std::malloc(p.m_cap));
            if (!p.m_heap)
                std::abort(); // out of memory: nothing sensible is left to do
            std::memcpy(p.m_heap, bytes.data(), bytes.size());
        } else {
            std::memcpy(p.m_inline, bytes.data(), bytes.size());
        }
        return p;
    }

    /// Where the next add() writes, for prefetching.
    const void* tail() const { return (on_heap() ? m_heap : m_inline) + m_size; }

    /// Calls f(position) in ascending order for every position below limit.
    template <typename F> void for_each(uint32_t limit, F&& f) const {
        const uint8_t* p = on_heap() ? m_heap : m_inline;
        const uint8_t* end = p + m_size;
        uint32_t value = 0;
        while (p < end) {
            uint32_t gap = *p++;
            if (gap >= 0x80) {
                gap &= 0x7F;
                for (int shift = 7;; shift += 7) {
                    // A gap has at most 5 bytes; more is a damaged list (see decoded()).
                    if (shift > 28)
                        return;
                    const uint32_t b = *p++;
                    gap |= (b & 0x7F) << shift;
                    if (b < 0x80)
                        break;
                }
            }
            value += gap;
            if (value >= limit)
                return;
            f(value);
        }
    }

    size_t heap_bytes() const { return on_heap() ? m_cap : 0; }

    void shrink_to_fit() {
        const uint32_t cap = std::max(m_size, kInline + 1); // still tells heap from inline
        if (!on_heap() || m_cap == cap)
            return;
        if (void* p = std::realloc(m_heap, cap)) {
            m_heap = static_cast<uint8_t*>(p);
            m_cap = cap;
        }
    }

  private:
    static constexpr uint32_t kInline = 16;
    bool on_heap() const { return m_cap > kInline; }
    void steal(Postings& o) {
        m_count = o.m_count;
        m_last = o.m_last;
        m_size = o.m_size;
        m_cap = o.m_cap;
        if (o.on_heap())
            m_heap = o.m_heap;
        else
            std::copy(o.m_inline, o.m_inline + kInline, m_inline);
        o.m_cap = kInline;
        o.m_size = o.m_count = 0;
    }
    void grow() {
        // Never shrink below kInline + 1, so a heap buffer is told apart by its capacity.
        const uint32_t cap =
            std::max<uint32_t>(m_size + 5, std::max<uint32_t>(48, m_cap + m_cap / 2));
        uint8_t* p;
        if (on_heap()) {
            p = static_cast<uint8_t*>(std::realloc(m_heap, cap));
        } else {
            p = static_cast<uint8_t*>(std::malloc(cap));
            if (p)
                std::copy(m_inline, m_inline + m_size, p);
        }
        if (!p)
            std::abort(); // out of memory: nothing sensible is left to do
        m_heap = p;
        m_cap = cap;
    }

    uint32_t m_count = 0;
    uint32_t m_last = 0;
    uint32_t m_size = 0;      ///< bytes used
    uint32_t m_cap = kInline; ///< bytes available; above kInline the bytes are on the heap
    union {
        uint8_t m_inline[kInline];
        uint8_t* m_heap;
    };
};

// [SECTION] Bitmap

/// A set of positions [0, n) as bits: the planner's working form. At a million mentions
/// one set is 125 KB and a whole-set operation ~16,000 word operations.
class Bitmap {
  public:
    Bitmap() = default;
    explicit Bitmap(uint32_t n, bool all = false)
        : m_words((n + 63) / 64, all ? ~uint64_t{0} : 0), m_n(n) {
        if (all && (n & 63))
            m_words.back() = (uint64_t{1} << (n & 63)) - 1;
    }
    uint32_t size() const { return m_n; }
    void set(uint32_t i) { m_words[i >> 6] |= uint64_t{1} << (i & 63); }
    void reset(uint32_t i) { m_words[i >> 6] &= ~(uint64_t{1} << (i & 63)); }
    bool test(uint32_t i) const { return (m_words[i >> 6] >> (i & 63)) & 1; }
    void and_with(const Bitmap& o) {
        for (size_t w = 0; w < m_words.size(); ++w)
            m_words[w] &= o.m_words[w];
    }
    void and_not(const Bitmap& o) {
        for (size_t w = 0; w < m_words.size(); ++w)
            m_words[w] &= ~o.m_words[w];
    }
    void or_with(const Bitmap& o) {
        for (size_t w = 0; w < m_words.size(); ++w)
            m_words[w] |= o.m_words[w];
    }
    size_t count() const {
        size_t n = 0;
        for (uint64_t w : m_words)
            n += static_cast<size_t>(__builtin_popcountll(w));
        return n;
    }
    /// Calls f(position) for every member, ascending.
    template <typename F> void for_each(F&& f) const {
        for (size_t w = 0; w < m_words.size(); ++w)
            for (uint64_t bits = m_words[w]; bits; bits &= bits - 1)
                f(static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
    }

  private:
    std::vector<uint64_t> m_words;
    uint32_t m_n = 0;
};

// [SECTION] The index's state

/// A vector in fixed chunks: growing never moves (or briefly doubles) a large array,
/// which matters with a million terms in a WASM heap that never shrinks.
template <typename T> class ChunkedVector {
  public:
    static constexpr size_t kChunk = 4096;
    size_t size() const { return m_size; }
    size_t capacity() const { return m_chunks.size() * kChunk; }
    T& operator[](size_t i) { return m_chunks[i / kChunk][i % kChunk]; }
    const T& operator[](size_t i) const { return m_chunks[i / kChunk][i % kChunk]; }
    T& push_back(T&& v) {
        if (m_size == capacity())
            m_chunks.push_back(std::make_unique<T[]>(kChunk));
        T& slot = (*this)[m_size++];
        slot = std::move(v);
        return slot;
    }
    const T* address(size_t i) const { return &m_chunks[i / kChunk][i % kChunk]; }

  private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    size_t m_size = 0;
};

constexpr size_t kFlagCount = 16; ///< room for every Flag value

struct MentionIndex::Impl {
    /// A term: its postings and its key (the field byte, then the normalised value). Keys
    /// up to 15 bytes live here (key[0] = length), so finding a term touches one cache
    /// line; longer ones are in `keys` (key[0] = 0xFF, then offset and length).
    struct Term {
        Postings postings;
        uint8_t key[16] = {};

        std::string_view key_view(const std::string& keys) const {
            if (key[0] != 0xFF)
                return {reinterpret_cast<const char*>(key + 1), key[0]};
            uint32_t offset, length;
            std::memcpy(&offset, key + 1, 4);
            std::memcpy(&length, key + 5, 4);
            return {keys.data() + offset, length};
        }
        /// Compares with a key built by make_inline_key(); false when this key is long.
        bool is_inline(const uint8_t (&other)[16]) const {
            uint64_t a[2], b[2];
            std::memcpy(a, key, 16);
            std::memcpy(b, other, 16);
            return a[0] == b[0] && a[1] == b[1];
        }
        bool is(char field, std::string_view value, const std::string& keys) const {
            const std::string_view k = key_view(keys);
            return k.size() == value.size() + 1 && k[0] == field &&
                   std::memcmp(k.data() + 1, value.data(), value.size()) == 0;
        }
    };

    /// A key of the mention being added, before it is looked up.
    struct Pending {
        IndexField field;
        uint32_t length;
        uint64_t hash;    ///< token_hash of the value, then the table hash
        const char* data; ///< the value, or null while it is at `arena_offset`
        size_t arena_offset;
        uint8_t key[16]; ///< as a Term holds it when short enough, for a two-word compare
    };

    ChunkedVector<Term> terms;
    /// Open addressing, linear probing: 0 = empty, else (hash >> 32) << 32 | (term id + 1).
    std::vector<uint64_t> slots;
    std::string keys; ///< keys longer than a Term holds
    /// is:/has: values are few and dense: one list each, outside the dictionary.
    Postings flags[kFlagCount];
    /// Mentions by the hour they were created in (Unix seconds / 3600, rounded down).
    std::map<int64_t, Postings> hours;
    uint32_t count = 0;

    // Scratch buffers of add(), kept to avoid allocating per mention.
    TokenList tokens;
    std::string arena;
    std::vector<Pending> batch;
    Postings* last_hour = nullptr;
    int64_t last_hour_key = 0;

    /// The postings of a normalised value, or null when no mention has it.
    const Postings* find(IndexField field, std::string_view value) const;
    /// The same for a value normalised as `field` requires (lower-casing, folding…).
    const Postings* find_raw(IndexField field, std::string_view raw) const;
    /// Adds idx to the postings of every key in `batch`.
    void post_batch(uint32_t idx);
    /// Rebuilds the slot table for the terms held (after a snapshot is restored).
    void rehash_for_terms();

  private:
    void post(const Pending& key, uint32_t idx);
    void rehash(size_t slot_count);
};

/// The hour bucket of a time (floor division, so times before 1970 work too).
inline int64_t hour_of(int64_t t) {
    return t / 3600 - (t % 3600 < 0 ? 1 : 0);
}

/// ASCII lower-casing into out, as the evaluator's case-insensitive comparisons fold.
void ascii_lower_into(std::string_view s, std::string& out);

} // namespace earshot::core
