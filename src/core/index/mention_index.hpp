// The local inverted index over the cached mentions: answers a listener query, a time
// filter or a facet lookup over up to a million mentions without scanning them all.
#pragma once

#include "core/model/mention.hpp"
#include "core/model/result.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

class MentionStore;
class Query;

/// A half-open interval [from, to) of created_at times, in Unix seconds. The default
/// covers all time.
struct TimeRange {
    int64_t from = std::numeric_limits<int64_t>::min();
    int64_t to = std::numeric_limits<int64_t>::max();

    bool is_all() const {
        return from == std::numeric_limits<int64_t>::min() &&
               to == std::numeric_limits<int64_t>::max();
    }
    bool contains(int64_t t) const { return t >= from && t < to; }
};

/// The values the index keeps postings for. Each is normalised the way the query
/// evaluator compares it, so a posting list is exactly the set of mentions the
/// matching operator accepts.
enum class IndexField : uint8_t {
    Word,     ///< a folded token of the text or of an expanded URL (keywords, phrases, url:)
    Hashtag,  ///< fold_for_search(tag) (#tag)
    Mention,  ///< a mentioned handle, ASCII lower-case (@handle)
    Cashtag,  ///< a cashtag, ASCII lower-case ($TAG)
    Author,   ///< the author's handle, ASCII lower-case (from:)
    AuthorId, ///< the author's id as given (from:)
    ReplyTo,  ///< the handle replied to, ASCII lower-case (to:)
    Lang,     ///< the language code, ASCII lower-case (lang:)
    Domain,   ///< a linked domain as stored (lower-case, no "www.")
    Place,    ///< fold_for_search of the place's name and full name, not for reposts (place:)
    PlaceId,  ///< the place id, ASCII lower-case (place:)
    Country,  ///< the place's country code, ASCII lower-case (place_country:)
    Flag,     ///< internal: one list per is:/has: value
};

/// What one search did; for benchmarks and tuning.
struct SearchStats {
    size_t indexed = 0;   ///< mentions answered through the index
    size_t scanned = 0;   ///< mentions added since the last update(), checked one by one
    size_t postings = 0;  ///< posting entries decoded
    size_t evaluated = 0; ///< candidates checked against a query node (phrases, geo, ids…)
    size_t results = 0;
};

/// An in-memory inverted index over the mentions of one MentionStore, addressed by
/// their positions in it. Built incrementally: call update() after every batch of
/// upserts (or after Store::load); an upsert of a known id changes nothing indexed.
///
/// Postings are sorted position lists, delta + varint encoded, keyed by interned
/// terms (field + normalised value). Words come from the same TokenList the evaluator
/// uses (folded, accent- and case-insensitive, one token per emoji, URLs tokenized on
/// their own), so the index agrees with Query::matches by construction.
///
/// search() plans over the query tree: AND intersects (smallest first, negations
/// subtract), OR unites, NOT complements. Operators the index answers exactly (single
/// words, #, @, $, from:, to:, lang:, is:, has:, place:, place_country:) need no
/// further check; phrases, multi-token keywords and url: are narrowed by their words
/// and then confirmed on the mention (on its raw bytes when they are ASCII around the
/// match, else by the evaluator); geo operators are narrowed by has:geo; conversation
/// and reply ids are checked over whatever the rest of the query left. The result is
/// exactly what a scan with Query::matches returns. bench/query.cpp measures it.
class MentionIndex {
  public:
    MentionIndex();
    ~MentionIndex();
    MentionIndex(MentionIndex&&) noexcept;
    MentionIndex& operator=(MentionIndex&&) noexcept;
    MentionIndex(const MentionIndex&) = delete;
    MentionIndex& operator=(const MentionIndex&) = delete;

    /// Indexes `m`, the mention at position `idx` of the store. Mentions are added in
    /// store order without gaps: `idx` must equal size().
    void add(uint32_t idx, const Mention& m);

    /// Indexes the store's mentions from size() on, at most `limit` of them, and returns
    /// how many are still left. Cheap when nothing is new. After a load, a small limit
    /// per frame spreads the build over frames: search() stays exact meanwhile, checking
    /// the mentions not yet indexed one by one.
    size_t update(const MentionStore& store, size_t limit = SIZE_MAX);

    /// Forgets everything (call with MentionStore::clear()).
    void clear();

    /// Number of mentions indexed: the store positions [0, size()).
    uint32_t size() const;

    /// Store positions, ascending (newest first is MentionStore::newest_first()'s order),
    /// of the mentions `q` matches and created in `range`:
    /// exactly { i : range.contains(store.at(i).created_at) && q.matches(store.at(i)) }.
    /// Mentions the index has not seen yet (store.size() > size()) are checked one by one,
    /// so a missed update() costs time, never results.
    std::vector<uint32_t> search(const Query& q, const MentionStore& store, TimeRange range = {},
                                 SearchStats* stats = nullptr) const;

    /// A superset of search()'s result from postings alone (no mention is looked at
    /// except for the edges of `range`): what to confirm with Query::matches when only
    /// a cheap narrowing is wanted. Operators without postings do not narrow.
    std::vector<uint32_t> candidates(const Query& q, const MentionStore& store,
                                     TimeRange range = {}) const;

    /// Store positions, ascending, of the mentions created in `range`.
    std::vector<uint32_t> in_range(const MentionStore& store, TimeRange range) const;

    /// Store positions, ascending, of the indexed mentions with `value` in `field`; the
    /// value is normalised as the field is (folded or lower-cased). A Word value must be
    /// a single token ("café" yes, "flat white" no: use search() for phrases).
    std::vector<uint32_t> lookup(IndexField field, std::string_view value) const;

    /// Number of indexed mentions with `value` in `field` (the planner's estimate).
    size_t count(IndexField field, std::string_view value) const;

    /// Distinct terms (field + value) held.
    size_t term_count() const;

    /// Heap bytes held by the index (dictionary, keys, postings, time buckets).
    size_t memory_bytes() const;

    /// Returns the slack of growing buffers to the allocator (after a bulk load).
    void shrink_to_fit();

    /// The whole index as bytes (snapshot.cpp), so a cold start can restore it
    /// instead of re-tokenizing every mention. The bytes carry a fingerprint of the
    /// tokenizer's rules, so a snapshot taken by an Earshot that tokenized differently
    /// is refused rather than silently used.
    std::string snapshot() const;

    /// Where a snapshot built a slice at a time has got to (snapshot_more()).
    struct SnapshotCursor {
        size_t next_term = 0;
        bool started = false, done = false;
    };
    /// Appends to `out` the next terms of snapshot()'s bytes, stopping once about
    /// `max_bytes` more are there; returns true when the snapshot is complete. The
    /// index must not change between the first and the last call.
    bool snapshot_more(SnapshotCursor& cursor, std::string& out, size_t max_bytes) const;

    /// Replaces this index with a snapshot()'s. On an Error (damaged, other rules or
    /// version) the index is left as it was; the caller rebuilds with update().
    Result<bool> restore(std::string_view bytes);

    struct Impl; ///< the state, defined in index/internal/postings.hpp for the planner's file

  private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace earshot::core
