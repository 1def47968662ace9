// Building blocks of the Insights accumulator: a hash, a string interner over one arena, an
// exact top-K for growing scores, never-moving segmented storage and the term tokenizer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core::insights_detail {

// [SECTION] Index
// [SECTION] Hashing
// [SECTION] Interner
// [SECTION] TopK
// [SECTION] Tokenizer
// [SECTION] Segmented storage

// [SECTION] Hashing

/// 64-bit hash of a byte string, 8 bytes a step (the last step zero-padded). Every step
/// is a bijection of the 64-bit state, so for strings of up to 8 bytes and a given length
/// the hash is one-to-one with the bytes: equal hash and length then mean equal strings
/// (Interner relies on it).
/// `p` must be followed by at least 8 readable zero bytes after `n` when n % 8 != 0 —
/// hash_bytes() provides that for any string; the tokenizer pads its buffer itself.
inline uint64_t hash_padded(const char* p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(n) * 0xFF51AFD7ED558CCDull);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        std::memcpy(&v, p + i, 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    if (i < n) {
        uint64_t v;
        std::memcpy(&v, p + i, 8);
        h = (h ^ v) * 0x94D049BB133111EBull;
    }
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 29;
    return h;
}

inline uint64_t hash_bytes(const char* p, size_t n) {
    const size_t whole = n & ~size_t{7};
    char tail[16] = {};
    std::memcpy(tail, p + whole, n - whole);
    if (whole == 0)
        return hash_padded(tail, n);
    // Hash the whole words in place and the zero-padded tail from the copy: same value
    // as hash_padded over a padded buffer.
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(n) * 0xFF51AFD7ED558CCDull);
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t v;
        std::memcpy(&v, p + i, 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    if (whole < n) {
        uint64_t v;
        std::memcpy(&v, tail, 8);
        h = (h ^ v) * 0x94D049BB133111EBull;
    }
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 29;
    return h;
}
inline uint64_t hash_bytes(std::string_view s) {
    return hash_bytes(s.data(), s.size());
}

// [SECTION] Interner

/// Maps strings to dense ids 0, 1, 2… in first-seen order. Strings live in one arena, so
/// interning a known string allocates nothing. Open addressing, linear probing, ≤ 50 % load.
/// A slot holds the hash and the length, so short keys (≤ 8 bytes, most words) are matched
/// without touching the arena (see hash_bytes); longer ones are compared byte by byte.
class Interner {
  public:
    /// The id of s, adding it when new. `hash` must be hash_bytes(s).
    uint32_t intern(std::string_view s, uint64_t hash) {
        if ((m_offsets.size() + 1) * 2 > m_slots.size())
            grow();
        const size_t mask = m_slots.size() - 1;
        const auto len = static_cast<uint32_t>(s.size());
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            Slot& slot = m_slots[i];
            if (slot.id == kEmpty) {
                slot.hash = hash;
                slot.len = len;
                slot.id = static_cast<uint32_t>(m_offsets.size());
                m_offsets.push_back(static_cast<uint32_t>(m_arena.size()));
                m_arena.append(s.data(), s.size());
                return slot.id;
            }
            if (slot.hash == hash && slot.len == len &&
                (len <= 8 || std::memcmp(m_arena.data() + m_offsets[slot.id], s.data(), len) == 0))
                return slot.id;
        }
    }
    uint32_t intern(std::string_view s) { return intern(s, hash_bytes(s)); }

    /// The id of s, or -1.
    int64_t find(std::string_view s) const {
        if (m_slots.empty())
            return -1;
        const uint64_t hash = hash_bytes(s);
        const size_t mask = m_slots.size() - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot& slot = m_slots[i];
            if (slot.id == kEmpty)
                return -1;
            if (slot.hash == hash && str(slot.id) == s)
                return slot.id;
        }
    }

    /// Valid until the next intern() (the arena may move).
    std::string_view str(uint32_t id) const {
        const uint32_t end =
            id + 1 < m_offsets.size() ? m_offsets[id + 1] : static_cast<uint32_t>(m_arena.size());
        return std::string_view(m_arena.data() + m_offsets[id], end - m_offsets[id]);
    }
    size_t size() const { return m_offsets.size(); }
    size_t memory_bytes() const {
        return m_slots.capacity() * sizeof(Slot) + m_arena.capacity() + m_offsets.capacity() * 4;
    }
    void clear() {
        m_slots.clear();
        m_arena.clear();
        m_offsets.clear();
    }

  private:
    static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        uint64_t hash = 0;
        uint32_t id = kEmpty;
        uint32_t len = 0;
    };
    void grow() {
        std::vector<Slot> old;
        old.swap(m_slots);
        m_slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        const size_t mask = m_slots.size() - 1;
        for (const Slot& s : old) {
            if (s.id == kEmpty)
                continue;
            size_t i = s.hash & mask;
            while (m_slots[i].id != kEmpty)
                i = (i + 1) & mask;
            m_slots[i] = s;
        }
    }
    std::vector<Slot> m_slots;
    std::string m_arena;
    std::vector<uint32_t> m_offsets; ///< where each id's bytes start; the next one's start ends it
};

// [SECTION] TopK

/// The K best ids by a score that only ever grows (counts, sums, maxima). Because an
/// update changes one id's score upwards, the set stays exactly the top K: the updated id
/// either was in it, or enters by replacing the current minimum. A min-heap with a
/// position index, so an update is O(1) for ids that stay out and O(log K) otherwise.
/// Ties rank the smaller id (the one interned first) higher.
template <typename Score> class TopK {
  public:
    struct Entry {
        Score score;
        uint32_t id;
    };

    void reset(size_t k) {
        m_k = k;
        m_heap.clear();
        std::fill(m_pos.begin(), m_pos.end(), -1);
    }
    size_t capacity() const { return m_k; }

    void update(uint32_t id, Score score) {
        // Fast path for the long tail: an id scoring below the worst of a full set is not
        // in it (members never score below the worst) and cannot enter.
        if (m_heap.size() == m_k && m_k > 0 && score < m_heap[0].score)
            return;
        if (id >= m_pos.size())
            m_pos.resize(static_cast<size_t>(id) + 1 + m_pos.size() / 2, -1);
        int32_t p = m_pos[id];
        if (p >= 0) {
            m_heap[static_cast<size_t>(p)].score = score;
            sift_down(static_cast<size_t>(p));
        } else if (m_heap.size() < m_k) {
            m_heap.push_back({score, id});
            m_pos[id] = static_cast<int32_t>(m_heap.size() - 1);
            sift_up(m_heap.size() - 1);
        } else if (m_k > 0 && better({score, id}, m_heap[0])) {
            m_pos[m_heap[0].id] = -1;
            m_heap[0] = {score, id};
            m_pos[id] = 0;
            sift_down(0);
        }
    }
    bool contains(uint32_t id) const { return id < m_pos.size() && m_pos[id] >= 0; }
    /// The K best, best first.
    std::vector<Entry> sorted() const {
        std::vector<Entry> v(m_heap);
        std::sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return better(a, b); });
        return v;
    }
    const std::vector<Entry>& entries() const { return m_heap; }

    static bool better(const Entry& a, const Entry& b) {
        return a.score > b.score || (a.score == b.score && a.id < b.id);
    }

  private:
    void swap_at(size_t a, size_t b) {
        std::swap(m_heap[a], m_heap[b]);
        m_pos[m_heap[a].id] = static_cast<int32_t>(a);
        m_pos[m_heap[b].id] = static_cast<int32_t>(b);
    }
    // Min-heap on "better": the root is the worst of the K.
    void sift_up(size_t i) {
        while (i > 0) {
            size_t parent = (i - 1) / 2;
            if (!better(m_heap[parent], m_heap[i]))
                break;
            swap_at(i, parent);
            i = parent;
        }
    }
    void sift_down(size_t i) {
        const size_t n = m_heap.size();
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, worst = i;
            if (l < n && better(m_heap[worst], m_heap[l]))
                worst = l;
            if (r < n && better(m_heap[worst], m_heap[r]))
                worst = r;
            if (worst == i)
                return;
            swap_at(i, worst);
            i = worst;
        }
    }
    size_t m_k = 0;
    std::vector<Entry> m_heap;
    std::vector<int32_t> m_pos;
};

// [SECTION] Tokenizer

/// Byte classes of the term tokenizer.
enum : uint8_t { kSep, kWord, kSkipEntity, kHigh };
struct TokenizerTables {
    uint8_t cls[256];
    uint8_t lower[256];
    constexpr TokenizerTables() : cls(), lower() {
        for (int c = 0; c < 256; ++c) {
            lower[c] = static_cast<uint8_t>(c);
            cls[c] = c >= 0x80 ? kHigh : kSep;
        }
        for (int c = '0'; c <= '9'; ++c)
            cls[c] = kWord;
        for (int c = 'a'; c <= 'z'; ++c)
            cls[c] = kWord;
        for (int c = 'A'; c <= 'Z'; ++c) {
            cls[c] = kWord;
            lower[c] = static_cast<uint8_t>(c - 'A' + 'a');
        }
        cls[static_cast<unsigned char>('#')] = cls[static_cast<unsigned char>('@')] = kSkipEntity;
    }
};
inline constexpr TokenizerTables kTables{};

/// Splits post text into candidate terms, byte by byte: ASCII letters and digits are
/// lower-cased, Latin-1 capitals (À…Þ) too; other UTF-8 letters pass through unchanged.
/// Separators: ASCII punctuation and spaces, apostrophes, Latin-1 punctuation, General
/// Punctuation and symbol blocks (U+2000–U+2BFF), CJK punctuation, variation selectors
/// and emoji. Skipped: URLs, @handles, #hashtags (they have panels of their own), tokens
/// of digits only, one-letter tokens and tokens longer than 40 bytes. Scripts written
/// without spaces (CJK, Thai) come out as runs, not words.
/// `emit(std::string_view token, uint64_t hash)` is called per token, with
/// hash == hash_bytes(token); the view points into a buffer reused for the next token.
class TermTokenizer {
  public:
    template <typename Emit> void run(std::string_view text, Emit&& emit) {
        const auto* s = reinterpret_cast<const unsigned char*>(text.data());
        const size_t n = text.size();
        const uint8_t* cls = kTables.cls;
        size_t i = 0;
        while (i < n) {
            unsigned char b = s[i];
            uint8_t c = cls[b];
            if (c == kSep) {
                ++i;
                continue;
            }
            if (c == kSkipEntity) { // '#' or '@' starts a hashtag / handle: skip it
                ++i;
                while (i < n && (cls[s[i]] == kWord || s[i] == '_' || s[i] >= 0x80))
                    ++i;
                continue;
            }
            if (c == kWord) {
                if ((b | 0x20) == 'h' && starts_url(s + i, n - i)) {
                    while (i < n && s[i] > ' ')
                        ++i;
                    continue;
                }
            } else if (!letter(s, i, n).word) { // non-ASCII, not a letter
                i += letter(s, i, n).size;
                continue;
            }
            // A token starts at i. The tight loop copies ASCII word bytes; anything
            // else either extends the token (a UTF-8 letter) or ends it.
            size_t len = 0;
            bool alpha = false;
            while (i < n) {
                b = s[i];
                c = cls[b];
                if (c == kWord) {
                    if (len < kMaxToken)
                        m_buf[len] = static_cast<char>(kTables.lower[b]);
                    ++len;
                    alpha |= b > '9';
                    ++i;
                    continue;
                }
                if (c != kHigh)
                    break;
                const Letter l = letter(s, i, n);
                if (!l.word)
                    break;
                if (len + l.size <= kMaxToken) {
                    m_buf[len] = static_cast<char>(b);
                    // Latin-1 capitals À..Þ (C3 80..9E) lower-case by +0x20 on the second byte.
                    if (b == 0xC3 && s[i + 1] <= 0x9E)
                        m_buf[len + 1] = static_cast<char>(s[i + 1] + 0x20);
                    else
                        for (size_t k = 1; k < l.size; ++k)
                            m_buf[len + k] = static_cast<char>(s[i + k]);
                }
                len += l.size;
                alpha = true;
                i += l.size;
            }
            if (len >= 2 && len <= kMaxToken && alpha) {
                std::memset(m_buf + len, 0, 8); // hash_padded reads the zero-padded last word
                emit(std::string_view(m_buf, len), hash_padded(m_buf, len));
            }
        }
    }

  private:
    static constexpr size_t kMaxToken = 40;
    struct Letter {
        bool word;
        uint8_t size;
    };

    /// The UTF-8 character at s[i] (a byte ≥ 0x80): its size and whether it is a letter.
    static Letter letter(const unsigned char* s, size_t i, size_t n) {
        const unsigned char b = s[i];
        if (b >= 0xC2 && b <= 0xDF && i + 1 < n) {
            const unsigned char c = s[i + 1];
            if (b == 0xC2)
                return {c == 0xAA || c == 0xB5 || c == 0xBA, 2}; // ª µ º; the rest is punctuation
            if (b == 0xC3)
                return {c != 0x97 && c != 0xB7, 2}; // not × ÷
            return {true, 2};
        }
        if (b >= 0xE0 && b <= 0xEF && i + 2 < n) {
            const unsigned char c = s[i + 1];
            if (b == 0xE2)
                return {c >= 0xB0, 3}; // U+2C00+ letters; below: punctuation, symbols
            if (b == 0xE3)
                return {c != 0x80, 3}; // U+3000–303F CJK punctuation
            if (b == 0xEF)             // variation selectors, BOM, full-width punctuation
                return {!(c == 0xB8 || (c == 0xBB && s[i + 2] == 0xBF) ||
                          (c == 0xBC && s[i + 2] <= 0x8F)),
                        3};
            return {true, 3};
        }
        if (b >= 0xF0 && b <= 0xF4 && i + 3 < n) // emoji and tag characters are not letters
            return {!(b == 0xF0 && s[i + 1] == 0x9F) && !(b == 0xF3 && s[i + 1] == 0xA0), 4};
        return {false, 1}; // stray continuation byte, invalid lead, truncated sequence
    }

    static bool starts_url(const unsigned char* p, size_t n) {
        const auto lower = [&](size_t k) { return static_cast<char>(p[k] | 0x20); };
        if (n >= 7 && lower(1) == 't' && lower(2) == 't' && lower(3) == 'p') {
            if (p[4] == ':' && p[5] == '/' && p[6] == '/')
                return true;
            if (n >= 8 && lower(4) == 's' && p[5] == ':' && p[6] == '/' && p[7] == '/')
                return true;
        }
        return false;
    }

    char m_buf[kMaxToken + 16];
};

// [SECTION] Segmented storage

/// A growable array in fixed blocks of 2^kBits elements: elements never move, so growing
/// never copies what is stored (a std::vector of 80 MB would copy it all on one push).
template <typename T, unsigned kBits> class Segmented {
  public:
    static constexpr size_t kBlock = size_t{1} << kBits;
    T& operator[](size_t i) { return m_blocks[i >> kBits][i & (kBlock - 1)]; }
    const T& operator[](size_t i) const { return m_blocks[i >> kBits][i & (kBlock - 1)]; }
    /// Pointer to element i; elements [i, i + n) are contiguous when they were reserved
    /// with contiguous().
    const T* data(size_t i) const { return &(*this)[i]; }
    size_t size() const { return m_size; }
    void push_back(const T& v) {
        if ((m_size >> kBits) == m_blocks.size())
            m_blocks.emplace_back(new T[kBlock]);
        (*this)[m_size++] = v;
    }
    /// Makes the next n pushes land in one block (skipping the rest of this one if needed).
    void contiguous(size_t n) {
        const size_t used = m_size & (kBlock - 1);
        if (used != 0 && used + n > kBlock)
            m_size += kBlock - used;
    }
    /// Forgets the elements, keeps the blocks for reuse.
    void clear() { m_size = 0; }
    size_t memory_bytes() const { return m_blocks.size() * kBlock * sizeof(T); }

  private:
    std::vector<std::unique_ptr<T[]>> m_blocks;
    size_t m_size = 0;
};

} // namespace earshot::core::insights_detail
