// MentionStore: upsert by id, listener links, newest-first ordering.
#include "core/mention_store.hpp"

#include <algorithm>

namespace earshot::core {

void MentionStore::reserve(size_t n) {
    m_mentions.reserve(n);
    m_listeners.reserve(n);
    m_by_id.reserve(n);
}

bool MentionStore::upsert(Mention m, uint64_t listener_mask) {
    auto [it, inserted] = m_by_id.try_emplace(m.id, static_cast<uint32_t>(m_mentions.size()));
    if (!inserted) {
        Mention& old = m_mentions[it->second];
        // A re-fetch brings fresher counters; keep everything else as first seen.
        if (m.metrics.likes) old.metrics = m.metrics;
        if (m.author.followers) old.author.followers = m.author.followers;
        m_listeners[it->second] |= listener_mask;
        return false;
    }
    m_mentions.push_back(std::move(m));
    m_listeners.push_back(listener_mask);
    m_order_dirty = true;
    return true;
}

long MentionStore::index_of(const std::string& id) const {
    auto it = m_by_id.find(id);
    return it == m_by_id.end() ? -1 : static_cast<long>(it->second);
}

size_t MentionStore::count_for_listener(int bit) const {
    const uint64_t mask = uint64_t{1} << bit;
    return static_cast<size_t>(std::count_if(m_listeners.begin(), m_listeners.end(),
                                             [mask](uint64_t v) { return (v & mask) != 0; }));
}

const std::vector<uint32_t>& MentionStore::newest_first() const {
    if (!m_order_dirty) return m_order;
    m_order.resize(m_mentions.size());
    for (uint32_t i = 0; i < m_order.size(); ++i) m_order[i] = i;
    std::sort(m_order.begin(), m_order.end(), [this](uint32_t a, uint32_t b) {
        const Mention &x = m_mentions[a], &y = m_mentions[b];
        if (x.created_at != y.created_at) return x.created_at > y.created_at;
        return x.id > y.id;
    });
    m_order_dirty = false;
    return m_order;
}

void MentionStore::clear() {
    m_mentions.clear();
    m_listeners.clear();
    m_by_id.clear();
    m_order.clear();
    m_order_dirty = true;
}

} // namespace earshot::core
