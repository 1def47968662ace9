// The in-memory set of mentions, idempotent by id: the same post from two
// listeners or two polls is kept once and linked to both listeners.
#pragma once

#include "core/model/mention.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace earshot::core {

/// The mentions of a MentionStore in fixed chunks of 4,096: growing never moves a
/// mention (a vector of a million 900-byte mentions moved them all, and touched a
/// gigabyte in one thread), and a bulk load can have several threads construct chunks.
class MentionChunks {
  public:
    static constexpr size_t kShift = 12, kChunk = size_t{1} << kShift;

    size_t size() const { return m_size; }
    Mention& operator[](size_t i) { return m_chunks[i >> kShift][i & (kChunk - 1)]; }
    const Mention& operator[](size_t i) const { return m_chunks[i >> kShift][i & (kChunk - 1)]; }
    Mention& emplace_back() {
        ensure_chunks(m_size + 1, [](auto&& work) { work(); });
        return (*this)[m_size++];
    }
    void push_back(Mention&& m) { emplace_back() = std::move(m); }
    /// Grows to n blank mentions (or shrinks, emptying what is dropped). `run` runs a
    /// job on however many threads it likes (each call of the job takes chunks until
    /// none are left), so a large growth constructs chunks in parallel.
    template <typename Run> void resize(size_t n, Run&& run) {
        if (n > m_size) ensure_chunks(n, run);
        for (size_t i = n; i < m_size; ++i) (*this)[i] = Mention{};
        m_size = n;
    }
    void clear() {
        m_chunks.clear();
        m_size = 0;
    }

  private:
    template <typename Run> void ensure_chunks(size_t n, Run&& run) {
        const size_t have = m_chunks.size(), need = (n + kChunk - 1) >> kShift;
        if (need <= have) return;
        m_chunks.resize(need);
        std::atomic<size_t> next{have};
        run([&] {
            for (size_t k; (k = next.fetch_add(1)) < need;) m_chunks[k] = std::make_unique<Mention[]>(kChunk);
        });
    }
    std::vector<std::unique_ptr<Mention[]>> m_chunks;
    size_t m_size = 0;
};

class MentionStore {
  public:
    /// Adds `m` or, when its id is known, refreshes its metrics and adds the
    /// listener link. Returns true when the mention is new.
    bool upsert(Mention m, uint64_t listener_mask = 0);

    size_t size() const { return m_mentions.size(); }
    const Mention& at(size_t i) const { return m_mentions[i]; }
    uint64_t listeners_of(size_t i) const { return m_listeners[i]; }
    /// Index of the mention with this id, or -1.
    long index_of(const std::string& id) const;
    /// Mentions linked to a listener (bit index).
    size_t count_for_listener(int listener_bit) const;
    /// Indices ordered newest first (ties by id), recomputed on demand.
    const std::vector<uint32_t>& newest_first() const;

    /// A fingerprint of the ids in position order: two stores with the same size() and
    /// fingerprint() hold the same ids at the same positions. An index snapshot is
    /// checked against it (positions are what the index stores).
    uint64_t fingerprint() const { return m_fingerprint; }

    void clear();
    /// Keeps only the first n mentions (a load that failed part-way is taken back).
    void truncate(size_t n);
    /// Room for `n` mentions (before a bulk load).
    void reserve(size_t n);

    /// Bulk loading without a temporary: fill the returned blank mention in place, then
    /// call keep_appended(), which keeps it as upsert() would (or folds it into the
    /// known mention with the same id). Nothing else may touch the store in between.
    Mention& append_blank();
    bool keep_appended(uint64_t listener_mask = 0);
    /// Forgets the blank instead (its record turned out unreadable).
    void drop_appended() { m_mentions.resize(m_mentions.size() - 1, [](auto&& work) { work(); }); }

    /// Bulk loading from several threads: grows the storage by `n` blank mentions and
    /// returns the position of the first. Each blank is filled by one thread through
    /// blank(); then keep_blank() is called for each, in position order, doing
    /// upsert()'s bookkeeping (a repeated id is folded into the mention first seen and
    /// later blanks move up), and end_blanks() drops what is left over. size() and
    /// at() are only meaningful again after end_blanks().
    template <typename Run> size_t add_blanks(size_t n, Run&& run) {
        grow_table(m_listeners.size() + n);
        const size_t first = m_mentions.size();
        m_mentions.resize(first + n, run);
        return first;
    }
    Mention& blank(size_t pos) { return m_mentions[pos]; }
    bool keep_blank(size_t pos, uint64_t listener_mask);
    void end_blanks() { m_mentions.resize(m_listeners.size(), [](auto&& work) { work(); }); }
    /// Forgets the blanks from `first` on, none kept (their records were unreadable).
    void drop_blanks(size_t first) { m_mentions.resize(first, [](auto&& work) { work(); }); }

  private:
    /// Position of the mention with this id, or -1; `slot` gets where it is or would go.
    long find(const std::string& id, uint64_t hash, size_t* slot) const;
    bool merge_into_known(size_t pos, Mention&& m, uint64_t listener_mask);
    void grow_table(size_t for_count);

    MentionChunks m_mentions;
    std::vector<uint64_t> m_listeners;
    /// Open addressing over positions: each slot is (hash tag << 32) | (position + 1),
    /// 0 when empty. No key copies: an id lives once, in its mention (a million ids
    /// in a node-based map cost a third of a cold load).
    std::vector<uint64_t> m_slots;
    uint64_t m_fingerprint = 0;
    mutable std::vector<uint32_t> m_order;
    mutable bool m_order_dirty = true;
};

} // namespace earshot::core
