// MentionIndex: the term dictionary, adding mentions, time buckets and lookups.
// The query planner is in index_search.cpp.
#include "core/index/internal/postings.hpp"

#include "core/store/mention_store.hpp"
#include "core/query/ast.hpp"

#include <algorithm>
#include <cstring>

namespace earshot::core {

// [SECTION] Index
// [SECTION] Helpers
// [SECTION] Dictionary
// [SECTION] Adding mentions
// [SECTION] Lookups and housekeeping

// [SECTION] Helpers

void ascii_lower_into(std::string_view s, std::string& out) {
    out.clear();
    for (char c : s)
        out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
}

namespace {

// token_hash is built for comparing tokens; the table also needs the field mixed in
// and well-spread bits for its slot index and tag.
uint64_t term_hash(IndexField field, uint64_t value_hash) {
    uint64_t h = value_hash ^ (static_cast<uint64_t>(field) + 1) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return h;
}

// The is:/has: values a mention has, as the evaluator's flag_matches() decides them
// (query_eval.cpp); the index test checks every flag against the evaluator on every
// combination of the fields involved. Computed here rather than by evaluating 13 nodes:
// in WASM that was a fifth of the build.
uint32_t flag_bits(const Mention& m) {
    const auto bit = [](Flag f) { return uint32_t{1} << static_cast<unsigned>(f); };
    uint32_t bits = 0;
    if (m.kind == Kind::Repost)
        bits |= bit(Flag::Retweet);
    if (m.kind == Kind::Reply)
        bits |= bit(Flag::Reply);
    if (m.kind == Kind::Quote)
        bits |= bit(Flag::Quote);
    if (m.author.verified)
        bits |= bit(Flag::Verified);
    // Flag::Nullcast never holds: ads-only posts never reach search results.
    if (!m.urls.empty() || m.has_media)
        bits |= bit(Flag::Links);
    if (m.has_media)
        bits |= bit(Flag::Media) | bit(Flag::Images) | bit(Flag::VideoLink);
    if (!m.mentions.empty())
        bits |= bit(Flag::Mentions);
    if (!m.hashtags.empty())
        bits |= bit(Flag::Hashtags);
    if (!m.cashtags.empty())
        bits |= bit(Flag::Cashtags);
    if (m.place && m.kind != Kind::Repost) // a repost's place is the original post's
        bits |= bit(Flag::Geo);
    return bits;
}

} // namespace

// [SECTION] Dictionary

const Postings* MentionIndex::Impl::find(IndexField field, std::string_view value) const {
    if (field == IndexField::Flag)
        return value.size() == 1 && static_cast<uint8_t>(value[0]) < kFlagCount &&
                       flags[static_cast<uint8_t>(value[0])].count() > 0
                   ? &flags[static_cast<uint8_t>(value[0])]
                   : nullptr;
    if (slots.empty())
        return nullptr;
    const uint64_t h = term_hash(field, token_hash(value));
    const size_t mask = slots.size() - 1;
    const uint64_t tag = h >> 32;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const uint64_t slot = slots[i];
        if (slot == 0)
            return nullptr;
        if ((slot >> 32) != tag)
            continue;
        const Term& t = terms[(slot & 0xFFFFFFFFu) - 1];
        if (t.is(static_cast<char>(field), value, keys))
            return &t.postings;
    }
}

const Postings* MentionIndex::Impl::find_raw(IndexField field, std::string_view raw) const {
    std::string value;
    switch (field) {
    case IndexField::Word: {
        TokenList list;
        list.assign(raw);
        if (list.size() != 1)
            return nullptr;
        value.assign(list[0]);
        break;
    }
    case IndexField::Hashtag:
    case IndexField::Place:
        fold_append(raw, value);
        break;
    case IndexField::Mention:
    case IndexField::Cashtag:
    case IndexField::Author:
    case IndexField::ReplyTo:
    case IndexField::Lang:
    case IndexField::PlaceId:
    case IndexField::Country:
        ascii_lower_into(raw, value);
        break;
    case IndexField::AuthorId:
    case IndexField::Domain:
    case IndexField::Flag:
        value.assign(raw);
        break;
    }
    return find(field, value);
}

// Most of a mention's keys are rare terms whose slot and term are not in any cache:
// looked up one after the other, each costs two memory round trips. So all the keys of a
// mention are hashed first and their slots prefetched, then their terms, and only then
// posted, letting the memory system fetch them in parallel (a no-op in WASM).
void MentionIndex::Impl::post_batch(uint32_t idx) {
    if ((terms.size() + batch.size()) * 10 > slots.size() * 7) {
        size_t n = slots.empty() ? 1024 : slots.size();
        while ((terms.size() + batch.size()) * 10 > n * 7)
            n *= 2;
        rehash(n);
    }
    const size_t mask = slots.size() - 1;
    for (Pending& k : batch) {
        if (!k.data)
            k.data = arena.data() + k.arena_offset;
        k.hash = term_hash(k.field, k.hash);
        __builtin_prefetch(&slots[k.hash & mask]);
        std::memset(k.key, 0, sizeof k.key);
        if (k.length + 1 < sizeof k.key) {
            k.key[0] = static_cast<uint8_t>(k.length + 1);
            k.key[1] = static_cast<uint8_t>(k.field);
            std::memcpy(k.key + 2, k.data, k.length);
        }
    }
    for (Pending& k : batch) {
        const uint64_t slot = slots[k.hash & mask];
        k.arena_offset = slot != 0 && (slot >> 32) == (k.hash >> 32) ? (slot & 0xFFFFFFFFu) : 0;
        if (k.arena_offset) { // a 48-byte term may straddle two cache lines
            const char* term = reinterpret_cast<const char*>(terms.address(k.arena_offset - 1));
            __builtin_prefetch(term);
            __builtin_prefetch(term + sizeof(Term) - 1);
        }
    }
    for (const Pending& k : batch) // the likely term's postings, where the position goes
        if (k.arena_offset)
            __builtin_prefetch(terms[k.arena_offset - 1].postings.tail(), 1);
    for (const Pending& k : batch)
        post(k, idx);
}

void MentionIndex::Impl::post(const Pending& k, uint32_t idx) {
    const std::string_view value(k.data, k.length);
    const bool short_key = k.key[0] != 0;
    const size_t mask = slots.size() - 1;
    const uint64_t tag = k.hash >> 32;
    size_t i = k.hash & mask;
    for (;; i = (i + 1) & mask) {
        const uint64_t slot = slots[i];
        if (slot == 0)
            break;
        if ((slot >> 32) != tag)
            continue;
        Term& t = terms[(slot & 0xFFFFFFFFu) - 1];
        if (short_key ? t.is_inline(k.key) : t.is(static_cast<char>(k.field), value, keys)) {
            t.postings.add(idx);
            return;
        }
    }
    // A new term (post_batch made room for it in the table).
    Term t;
    if (short_key) {
        std::memcpy(t.key, k.key, sizeof t.key);
    } else {
        const uint32_t offset = static_cast<uint32_t>(keys.size());
        const uint32_t size = static_cast<uint32_t>(k.length + 1);
        t.key[0] = 0xFF;
        std::memcpy(t.key + 1, &offset, 4);
        std::memcpy(t.key + 5, &size, 4);
        keys.push_back(static_cast<char>(k.field));
        keys.append(value);
    }
    t.postings.add(idx);
    terms.push_back(std::move(t));
    slots[i] = (tag << 32) | terms.size();
}

void MentionIndex::Impl::rehash_for_terms() {
    size_t n = 1024;
    while (terms.size() * 10 > n * 7)
        n *= 2;
    rehash(n);
}

void MentionIndex::Impl::rehash(size_t slot_count) {
    std::vector<uint64_t> fresh(slot_count, 0);
    const size_t mask = slot_count - 1;
    for (size_t id = 0; id < terms.size(); ++id) {
        const std::string_view key = terms[id].key_view(keys);
        const uint64_t h = term_hash(static_cast<IndexField>(key[0]), token_hash(key.substr(1)));
        size_t i = h & mask;
        while (fresh[i] != 0)
            i = (i + 1) & mask;
        fresh[i] = ((h >> 32) << 32) | (id + 1);
    }
    slots.swap(fresh);
}

// [SECTION] Adding mentions

MentionIndex::MentionIndex() : m_impl(std::make_unique<Impl>()) {}
MentionIndex::~MentionIndex() = default;
MentionIndex::MentionIndex(MentionIndex&&) noexcept = default;
MentionIndex& MentionIndex::operator=(MentionIndex&&) noexcept = default;

void MentionIndex::add(uint32_t idx, const Mention& m) {
    Impl& d = *m_impl;
    assert(idx == d.count && "mentions are indexed in store order, without gaps");
    d.batch.clear();
    d.arena.clear();
    // Words: the evaluator matches keywords against the text's tokens and against each
    // expanded URL tokenized on its own. append() ends a token at the end of each input,
    // so one list holds exactly the union of those token sets.
    d.tokens.assign(m.text);
    for (const std::string& url : m.urls)
        d.tokens.append(url);
    for (size_t i = 0; i < d.tokens.size(); ++i) {
        const std::string_view t = d.tokens[i];
        d.batch.push_back(
            {IndexField::Word, static_cast<uint32_t>(t.size()), d.tokens.hash(i), t.data(), 0, {}});
    }
    // Other keys are normalised into the arena; their pointers are set once it stops growing.
    const auto pend = [&](IndexField field, size_t offset) {
        const std::string_view v = std::string_view(d.arena).substr(offset);
        d.batch.push_back(
            {field, static_cast<uint32_t>(v.size()), token_hash(v), nullptr, offset, {}});
    };
    const auto lower = [&](IndexField field, const std::string& value) {
        // Empty values are never asked for: the parser refuses empty handles and codes.
        if (value.empty())
            return;
        const size_t at = d.arena.size();
        d.arena.resize(at + value.size());
        char* out = &d.arena[at]; // not push_back: an out-of-line call per byte in WASM
        for (size_t i = 0; i < value.size(); ++i) {
            const char c = value[i];
            out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        pend(field, at);
    };
    const auto folded = [&](IndexField field, const std::string& value) {
        const size_t at = d.arena.size();
        fold_append(value, d.arena);
        pend(field, at);
    };
    const auto exact = [&](IndexField field, const std::string& value) {
        const size_t at = d.arena.size();
        d.arena.append(value);
        pend(field, at);
    };
    for (const std::string& tag : m.hashtags)
        folded(IndexField::Hashtag, tag); // even when it folds to nothing: "#" + a lone mark parses
    for (const std::string& handle : m.mentions)
        lower(IndexField::Mention, handle);
    for (const std::string& tag : m.cashtags)
        lower(IndexField::Cashtag, tag);
    lower(IndexField::Author, m.author.handle);
    if (!m.author.id.empty())
        exact(IndexField::AuthorId, m.author.id);
    lower(IndexField::ReplyTo, m.in_reply_to_handle);
    lower(IndexField::Lang, m.lang);
    for (const std::string& domain : m.domains)
        exact(IndexField::Domain, domain);
    // A repost's place belongs to the original post: the evaluator ignores it.
    if (m.place && m.kind != Kind::Repost) {
        if (!m.place->name.empty())
            folded(IndexField::Place, m.place->name);
        if (!m.place->full_name.empty())
            folded(IndexField::Place, m.place->full_name);
        lower(IndexField::PlaceId, m.place->id);
        lower(IndexField::Country, m.place->country_code);
    }
    d.post_batch(idx);

    for (uint32_t bits = flag_bits(m); bits; bits &= bits - 1)
        d.flags[static_cast<size_t>(__builtin_ctz(bits))].add(idx);
    const int64_t hour = hour_of(m.created_at);
    if (!d.last_hour || hour != d.last_hour_key) {
        d.last_hour = &d.hours[hour]; // map nodes never move
        d.last_hour_key = hour;
    }
    d.last_hour->add(idx);
    d.count = idx + 1;
}

size_t MentionIndex::update(const MentionStore& store, size_t limit) {
    const size_t end =
        m_impl->count +
        std::min(limit, store.size() - std::min<size_t>(store.size(), m_impl->count));
    for (size_t i = m_impl->count; i < end; ++i)
        add(static_cast<uint32_t>(i), store.at(i));
    return store.size() - std::min<size_t>(store.size(), m_impl->count);
}

void MentionIndex::clear() {
    m_impl = std::make_unique<Impl>();
}

uint32_t MentionIndex::size() const {
    return m_impl->count;
}

// [SECTION] Lookups and housekeeping

std::vector<uint32_t> MentionIndex::lookup(IndexField field, std::string_view value) const {
    std::vector<uint32_t> out;
    if (const Postings* p = m_impl->find_raw(field, value)) {
        out.reserve(p->count());
        p->for_each(m_impl->count, [&](uint32_t i) { out.push_back(i); });
    }
    return out;
}

size_t MentionIndex::count(IndexField field, std::string_view value) const {
    const Postings* p = m_impl->find_raw(field, value);
    return p ? p->count() : 0;
}

size_t MentionIndex::term_count() const {
    return m_impl->terms.size();
}

size_t MentionIndex::memory_bytes() const {
    const Impl& d = *m_impl;
    size_t bytes = sizeof(Impl) + d.terms.capacity() * sizeof(Impl::Term) +
                   d.slots.capacity() * sizeof(uint64_t) + d.keys.capacity();
    for (size_t i = 0; i < d.terms.size(); ++i)
        bytes += d.terms[i].postings.heap_bytes();
    for (const Postings& p : d.flags)
        bytes += p.heap_bytes();
    // A std::map node: the value plus three pointers and a colour, rounded up.
    for (const auto& hour : d.hours)
        bytes += sizeof(hour) + 4 * sizeof(void*) + hour.second.heap_bytes();
    return bytes;
}

void MentionIndex::shrink_to_fit() {
    Impl& d = *m_impl;
    for (size_t i = 0; i < d.terms.size(); ++i)
        d.terms[i].postings.shrink_to_fit();
    for (Postings& p : d.flags)
        p.shrink_to_fit();
    for (auto& hour : d.hours)
        hour.second.shrink_to_fit();
    d.keys.shrink_to_fit();
}

} // namespace earshot::core
