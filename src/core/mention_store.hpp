// The in-memory set of mentions, idempotent by id: the same post from two
// listeners or two polls is kept once and linked to both listeners.
#pragma once

#include "core/model.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace earshot::core {

class MentionStore {
  public:
    /// Adds `m` or, when its id is known, refreshes its metrics and adds the
    /// listener link. Returns true when the mention is new.
    bool upsert(Mention m, uint64_t listener_mask = 0);

    size_t size() const { return m_mentions.size(); }
    const Mention& at(size_t i) const { return m_mentions[i]; }
    uint64_t listeners_of(size_t i) const { return m_listeners[i]; }
    const std::vector<Mention>& all() const { return m_mentions; }
    /// Index of the mention with this id, or -1.
    long index_of(const std::string& id) const;
    /// Mentions linked to a listener (bit index).
    size_t count_for_listener(int listener_bit) const;
    /// Indices ordered newest first (ties by id), recomputed on demand.
    const std::vector<uint32_t>& newest_first() const;

    void clear();
    /// Room for `n` mentions (before a bulk load).
    void reserve(size_t n);

  private:
    std::vector<Mention> m_mentions;
    std::vector<uint64_t> m_listeners;
    std::unordered_map<std::string, uint32_t> m_by_id;
    mutable std::vector<uint32_t> m_order;
    mutable bool m_order_dirty = true;
};

} // namespace earshot::core
