// MentionIndex::snapshot() and restore(): the index as bytes, so a cold start reads
// the postings back instead of re-tokenizing a million texts (the largest part of a
// cold load). Derived data: Store keeps it beside the segments, and anything wrong
// with it only means a rebuild.
//
// Layout (little-endian, varints unless said): u32 format | u64 rules fingerprint |
// mention count | term count | per term: 16 key bytes (as Term holds them), postings |
// long-key bytes | the flag lists | hour count, per hour: svarint hour, postings.
// Postings: count | last position | byte length | the gap bytes. The whole is
// checksummed by the Store's file around it.
#include "core/store/internal/binary.hpp"
#include "core/index/internal/postings.hpp"

namespace earshot::core {

namespace {

// Bump when the layout changes. Tokenizer changes need no bump: the rules fingerprint
// below catches them.
constexpr uint32_t kSnapshotFormat = 1;

// The tokens and folds of a sample that exercises the tokenizer's and folder's rules
// (case, accents, ligatures, emoji, flags, URLs, CJK, apostrophes, numbers). If a later
// Earshot tokenizes or folds any of it differently, its postings would disagree with
// Query::matches, so the fingerprint changes and old snapshots are rebuilt.
uint64_t rules_fingerprint() {
    static const uint64_t value = [] {
        const std::string_view sample =
            "Crème BRÛLÉE naïve Œuvre straße İstanbul café's don't #FlatWhite @Harbour_Bean $SBUX "
            "https://www.HarbourBean.co.uk/menu?x=1 ☕☕ 👍🏽 👨‍👩‍👧 🇬🇧 東京のカフェ 서울 مقهى 10/10 3.50€ e-mail";
        TokenList tokens;
        tokens.assign(sample);
        std::string folded;
        fold_append(sample, folded);
        uint64_t h = fast_checksum(folded) ^ tokens.size();
        for (size_t i = 0; i < tokens.size(); ++i) h = (h ^ tokens.hash(i)) * 0x9E3779B97F4A7C15ull;
        return h;
    }();
    return value;
}

void write_postings(ByteWriter& w, const Postings& p) {
    w.varint(p.count());
    w.varint(p.last());
    const std::string_view bytes = p.encoded();
    w.varint(bytes.size());
    w.bytes(bytes);
}

// Checks what can be checked cheaply; a list whose gaps do not add up to `last` is
// caught by the checksum around the snapshot, not here.
bool read_postings(ByteReader& r, uint32_t mentions, Postings& out) {
    const uint64_t count = r.varint(), last = r.varint(), size = r.varint();
    const std::string_view bytes = r.bytes(size);
    if (r.failed || count > mentions || (count > 0 && last >= mentions) || size < count ||
        size > 5 * count || !Postings::walkable(bytes))
        return false;
    out = Postings::decoded(bytes, static_cast<uint32_t>(count), static_cast<uint32_t>(last));
    return true;
}

} // namespace

std::string MentionIndex::snapshot() const {
    std::string out;
    SnapshotCursor cursor;
    while (!snapshot_more(cursor, out, SIZE_MAX)) {
    }
    return out;
}

bool MentionIndex::snapshot_more(SnapshotCursor& cursor, std::string& out, size_t max_bytes) const {
    if (cursor.done) return true;
    const Impl& d = *m_impl;
    ByteWriter w; // this slice's bytes, appended to `out` at the end (which may hold a header)
    if (!cursor.started) {
        cursor.started = true;
        w.fixed32(kSnapshotFormat);
        w.fixed64(rules_fingerprint());
        w.varint(d.count);
        w.varint(d.terms.size());
    }
    for (; cursor.next_term < d.terms.size() && w.written().size() < max_bytes; ++cursor.next_term) {
        const Impl::Term& t = d.terms[cursor.next_term];
        w.bytes(reinterpret_cast<const char*>(t.key), sizeof t.key);
        write_postings(w, t.postings);
    }
    if (cursor.next_term == d.terms.size()) {
        w.str(d.keys);
        for (const Postings& p : d.flags) write_postings(w, p);
        w.varint(d.hours.size());
        for (const auto& [hour, postings] : d.hours) {
            w.svarint(hour);
            write_postings(w, postings);
        }
        cursor.done = true;
    }
    out.append(w.written());
    return cursor.done;
}

Result<bool> MentionIndex::restore(std::string_view bytes) {
    ByteReader r(bytes);
    const uint32_t format = r.fixed32();
    if (r.failed || format != kSnapshotFormat)
        return Error{"index snapshot format " + std::to_string(format) + " is not " +
                     std::to_string(kSnapshotFormat)};
    if (r.fixed64() != rules_fingerprint())
        return Error{"index snapshot was made with other tokenizing rules"};
    auto fresh = std::make_unique<Impl>();
    Impl& d = *fresh;
    const uint64_t count = r.varint(), terms = r.varint();
    if (r.failed || count > UINT32_MAX || terms > bytes.size())
        return Error{"index snapshot is damaged (header)"};
    d.count = static_cast<uint32_t>(count);
    for (uint64_t i = 0; i < terms; ++i) {
        Impl::Term t;
        const std::string_view key = r.bytes(sizeof t.key);
        if (r.failed) break;
        std::memcpy(t.key, key.data(), sizeof t.key);
        if (!read_postings(r, d.count, t.postings)) return Error{"index snapshot is damaged (term " + std::to_string(i) + ")"};
        d.terms.push_back(std::move(t));
    }
    r.str_into(d.keys);
    for (Postings& p : d.flags)
        if (!read_postings(r, d.count, p)) return Error{"index snapshot is damaged (flags)"};
    const uint64_t hours = r.varint();
    for (uint64_t i = 0; i < hours && !r.failed; ++i) {
        const int64_t hour = r.svarint();
        if (!read_postings(r, d.count, d.hours[hour])) return Error{"index snapshot is damaged (hours)"};
    }
    if (r.failed || !r.at_end()) return Error{"index snapshot is damaged (length)"};
    // A long key points into `keys`: every one must lie inside it.
    for (size_t i = 0; i < d.terms.size(); ++i) {
        const Impl::Term& t = d.terms[i];
        if (t.key[0] != 0xFF) {
            if (t.key[0] == 0 || t.key[0] >= sizeof t.key) return Error{"index snapshot is damaged (keys)"};
            continue;
        }
        uint32_t offset, length;
        std::memcpy(&offset, t.key + 1, 4);
        std::memcpy(&length, t.key + 5, 4);
        if (length == 0 || uint64_t{offset} + length > d.keys.size()) return Error{"index snapshot is damaged (keys)"};
    }
    d.rehash_for_terms();
    m_impl = std::move(fresh);
    return true;
}

} // namespace earshot::core
