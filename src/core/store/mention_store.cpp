// MentionStore: upsert by id, listener links, newest-first ordering.
#include "core/store/mention_store.hpp"

#include "core/text/text.hpp"

#include <algorithm>

namespace earshot::core {

namespace {

uint64_t id_hash(const std::string& id) {
    // Ids share their prefix ("x:18600000…") and differ at the end, which token_hash's
    // last eight bytes cover; the finaliser spreads those bits over the slot index.
    uint64_t h = token_hash(id);
    h ^= h >> 31;
    h *= 0xD6E8FEB86659FD93ull;
    return h ^ (h >> 32);
}

// Order matters: the same ids in another order must give another fingerprint.
uint64_t next_fingerprint(uint64_t fingerprint, uint64_t id_hash) {
    return (((fingerprint << 7) | (fingerprint >> 57)) ^ id_hash) * 0x9E3779B97F4A7C15ull;
}

constexpr uint64_t slot_of(uint64_t hash, size_t pos) { return ((hash >> 32) << 32) | (pos + 1); }

} // namespace

void MentionStore::reserve(size_t n) {
    m_listeners.reserve(n);
    grow_table(n);
}

void MentionStore::grow_table(size_t for_count) {
    size_t n = m_slots.empty() ? 1024 : m_slots.size();
    while (for_count * 10 > n * 7) n *= 2; // load factor below 0.7
    if (n == m_slots.size()) return;
    std::vector<uint64_t> fresh(n, 0);
    const size_t mask = n - 1;
    // Only kept mentions are in the table (a blank from append_blank() is not yet).
    for (size_t pos = 0; pos < m_listeners.size(); ++pos) {
        const uint64_t h = id_hash(m_mentions[pos].id);
        size_t i = h & mask;
        while (fresh[i] != 0) i = (i + 1) & mask;
        fresh[i] = slot_of(h, pos);
    }
    m_slots.swap(fresh);
}

long MentionStore::find(const std::string& id, uint64_t hash, size_t* slot) const {
    if (m_slots.empty()) return -1;
    const size_t mask = m_slots.size() - 1;
    const uint64_t tag = hash >> 32;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint64_t s = m_slots[i];
        if (s == 0) {
            if (slot) *slot = i;
            return -1;
        }
        const size_t pos = static_cast<size_t>(s & 0xFFFFFFFFu) - 1;
        if ((s >> 32) == tag && m_mentions[pos].id == id) {
            if (slot) *slot = i;
            return static_cast<long>(pos);
        }
    }
}

bool MentionStore::merge_into_known(size_t pos, Mention&& m, uint64_t listener_mask) {
    Mention& old = m_mentions[pos];
    // A re-fetch brings fresher counters; keep everything else as first seen.
    if (m.metrics.likes) old.metrics = m.metrics;
    if (m.author.followers) old.author.followers = m.author.followers;
    m_listeners[pos] |= listener_mask;
    return false;
}

// Every way in (upsert, the bulk loads) ends here, so the table, the links and the
// fingerprint are kept by one piece of code.
bool MentionStore::keep_blank(size_t pos, uint64_t listener_mask) {
    const size_t kept = m_listeners.size(); // blanks before pos were kept or folded
    grow_table(kept + 1);
    const uint64_t h = id_hash(m_mentions[pos].id);
    size_t slot = 0;
    if (long known = find(m_mentions[pos].id, h, &slot); known >= 0)
        return merge_into_known(static_cast<size_t>(known), std::move(m_mentions[pos]), listener_mask);
    if (kept != pos) m_mentions[kept] = std::move(m_mentions[pos]);
    m_slots[slot] = slot_of(h, kept);
    m_listeners.push_back(listener_mask);
    m_fingerprint = next_fingerprint(m_fingerprint, h);
    m_order_dirty = true;
    return true;
}

Mention& MentionStore::append_blank() { return m_mentions.emplace_back(); }

bool MentionStore::keep_appended(uint64_t listener_mask) {
    if (keep_blank(m_mentions.size() - 1, listener_mask)) return true;
    drop_appended(); // folded into the known mention: the blank is left moved-from
    return false;
}

bool MentionStore::upsert(Mention m, uint64_t listener_mask) {
    m_mentions.push_back(std::move(m));
    return keep_appended(listener_mask);
}

long MentionStore::index_of(const std::string& id) const { return find(id, id_hash(id), nullptr); }

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

void MentionStore::truncate(size_t n) {
    if (n >= m_listeners.size()) return;
    m_mentions.resize(n, [](auto&& work) { work(); });
    m_listeners.resize(n);
    m_slots.clear();
    grow_table(n);
    m_fingerprint = 0;
    for (size_t pos = 0; pos < n; ++pos) {
        const uint64_t h = id_hash(m_mentions[pos].id);
        m_fingerprint = next_fingerprint(m_fingerprint, h);
    }
    m_order_dirty = true;
}

void MentionStore::clear() {
    m_mentions.clear();
    m_listeners.clear();
    m_slots.clear();
    m_fingerprint = 0;
    m_order.clear();
    m_order_dirty = true;
}

} // namespace earshot::core
