// Segment encoding: varints and length-prefixed strings; optional values carry a
// presence bit so "unknown" survives a round trip.
#include "core/store/segment.hpp"

#include "core/store/internal/binary.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/store/mention_store.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace earshot::core {

namespace {

constexpr char kMagic[8] = {'E', 'S', 'H', 'S', 'E', 'G', '1', '\n'};

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

uint64_t checksum(std::string_view s, uint32_t version) { return version >= 3 ? fast_checksum(s) : fnv1a(s); }

// Version 2 leaves out what can be derived again on decode (the x.com URL of an
// X post, a conversation id equal to the post's own id, domains of the URLs):
// about a sixth of a typical record. Version 1 is still read (migration path).
constexpr uint8_t kFlagVerified = 1, kFlagMedia = 2, kFlagPlace = 4, kFlagSentiment = 8;
constexpr uint8_t kFlagStandardUrl = 16, kFlagOwnConversation = 32, kFlagDerivedDomains = 64;

// Version 4 stores decimal ids (X's are 19 digits) as varints, and each segment's
// distinct authors once, in a table at its start, each record naming its author by
// position: together a quarter of a record.
constexpr uint64_t kIdEmpty = 0, kIdNumber = 1, kIdText = 2; // varint tag; text: tag + length

bool canonical_number(const std::string& s, uint64_t& value) {
    if (s.empty() || s.size() > 19 || s[0] < '1' || s[0] > '9') return false; // "0…" would not round-trip
    value = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
}

void write_id(ByteWriter& w, const std::string& s, uint32_t version) {
    if (version < 4) return w.str(s);
    uint64_t value = 0;
    if (s.empty()) {
        w.varint(kIdEmpty);
    } else if (canonical_number(s, value)) {
        w.varint(kIdNumber);
        w.varint(value);
    } else {
        w.varint(kIdText + s.size());
        w.bytes(s);
    }
}

void read_id_into(ByteReader& r, std::string& out, uint32_t version) {
    if (version < 4) return r.str_into(out);
    const uint64_t tag = r.varint();
    if (tag == kIdEmpty) {
        out.clear();
    } else if (tag == kIdNumber) {
        char digits[20];
        char* end = digits + sizeof digits;
        char* p = end;
        for (uint64_t v = r.varint(); v > 0 || p == end; v /= 10) *--p = static_cast<char>('0' + v % 10);
        out.assign(p, static_cast<size_t>(end - p));
    } else {
        out.assign(r.bytes(tag - kIdText));
    }
}

/// An author as a version 4 segment's table holds it (followers and the verified
/// flag stay per record: they change over time).
struct AuthorEntry {
    std::string id, handle, name, location;
};

/// What a record needs from the rest of its segment.
struct SegmentContext {
    uint32_t version = kSegmentVersion;
    std::vector<AuthorEntry> authors; ///< version 4, reading: the table, in order
};

/// The author table as it is written: each distinct author once, in order of first
/// appearance, pointing at the records' own strings (a page's authors were copied four
/// strings at a time into an ordered map, a sixth of encoding).
class AuthorTable {
  public:
    uint32_t index_of(const Author& a) {
        if ((m_authors.size() + 1) * 2 > m_slots.size()) grow();
        const size_t mask = m_slots.size() - 1;
        size_t i = hash(a) & mask;
        for (; m_slots[i] != 0; i = (i + 1) & mask)
            if (same(*m_authors[m_slots[i] - 1], a)) return m_slots[i] - 1;
        m_authors.push_back(&a);
        m_slots[i] = static_cast<uint32_t>(m_authors.size());
        return m_slots[i] - 1;
    }
    void write(ByteWriter& w, uint32_t version) const {
        w.varint(m_authors.size());
        for (const Author* a : m_authors) {
            write_id(w, a->id, version);
            w.str(a->handle);
            w.str(a->name);
            w.str(a->location);
        }
    }

  private:
    static bool same(const Author& x, const Author& y) {
        return x.id == y.id && x.handle == y.handle && x.name == y.name && x.location == y.location;
    }
    static uint64_t hash(const Author& a) {
        uint64_t h = 0;
        for (const std::string* s : {&a.id, &a.handle, &a.name, &a.location})
            h = (h ^ fast_checksum(*s)) * 0x9E3779B97F4A7C15ull;
        return h ^ (h >> 29);
    }
    void grow() {
        m_slots.assign(std::max<size_t>(64, m_slots.size() * 2), 0);
        const size_t mask = m_slots.size() - 1;
        for (uint32_t k = 0; k < m_authors.size(); ++k) {
            size_t i = hash(*m_authors[k]) & mask;
            while (m_slots[i] != 0) i = (i + 1) & mask;
            m_slots[i] = k + 1;
        }
    }
    std::vector<const Author*> m_authors;
    std::vector<uint32_t> m_slots; ///< author index + 1, 0 when empty
};

void read_author_table(ByteReader& r, SegmentContext& ctx) {
    const uint64_t n = r.varint();
    for (uint64_t i = 0; i < n && !r.failed; ++i) {
        AuthorEntry& a = ctx.authors.emplace_back();
        read_id_into(r, a.id, ctx.version);
        r.str_into(a.handle);
        r.str_into(a.name);
        r.str_into(a.location);
    }
}

constexpr std::string_view kStatusUrl = "https://x.com/i/status/";

std::string standard_url(const Mention& m) { return std::string(kStatusUrl) + m.source_id; }

/// m.url == standard_url(m), without building it.
bool has_standard_url(const Mention& m) {
    const std::string_view url = m.url;
    return url.size() == kStatusUrl.size() + m.source_id.size() && url.substr(0, kStatusUrl.size()) == kStatusUrl &&
           url.substr(kStatusUrl.size()) == m.source_id;
}

std::vector<std::string> derived_domains(const std::vector<std::string>& urls) {
    std::vector<std::string> out; // same order and de-duplication as ingest
    for (const std::string& u : urls) {
        std::string d = url_domain(u);
        if (!d.empty() && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(std::move(d));
    }
    return out;
}

/// derived_domains(m.urls) == m.domains, without building the list: each URL's
/// domain is either one seen before or the next one in m.domains.
bool domains_derived_from_urls(const Mention& m) {
    std::string d;
    size_t next = 0;
    for (const std::string& u : m.urls) {
        url_domain_into(u, d);
        if (d.empty() || std::find(m.domains.begin(), m.domains.begin() + static_cast<long>(next), d) !=
                             m.domains.begin() + static_cast<long>(next))
            continue;
        if (next == m.domains.size() || m.domains[next] != d) return false;
        ++next;
    }
    return next == m.domains.size();
}

uint8_t flags_of(const Mention& m, uint32_t version) {
    uint8_t f = (m.author.verified ? kFlagVerified : 0) | (m.has_media ? kFlagMedia : 0) |
                (m.place ? kFlagPlace : 0) | (m.sentiment ? kFlagSentiment : 0);
    if (version < 2) return f;
    if (m.source == Source::X && has_standard_url(m)) f |= kFlagStandardUrl;
    if (!m.conversation_id.empty() && m.conversation_id == m.source_id) f |= kFlagOwnConversation;
    if (domains_derived_from_urls(m)) f |= kFlagDerivedDomains;
    return f;
}

// A score is kept in ten-thousandths. It is clamped to [-1, 1] here too, since a float
// cast of NaN or 1e30 to an integer is undefined behaviour (importers clamp already).
int64_t sentiment_units(float score) {
    if (std::isnan(score)) return 0; // neutral rather than invented
    return static_cast<int64_t>(std::clamp(score, -1.0f, 1.0f) * 10000.0f);
}

void write_mention(ByteWriter& w, const Mention& m, uint64_t listeners, uint32_t version, AuthorTable& authors) {
    const uint8_t flags = flags_of(m, version);
    // The id is "source:source_id"; only source_id is stored.
    w.u8(static_cast<uint8_t>(m.source));
    if (version >= 2) w.u8(flags); // first, so the reader knows what was left out
    write_id(w, m.source_id, version);
    if (!(flags & kFlagStandardUrl)) w.str(m.url);
    w.str(m.text);
    w.svarint(m.created_at);
    w.str(m.lang);
    w.u8(static_cast<uint8_t>(m.kind));
    if (!(flags & kFlagOwnConversation)) write_id(w, m.conversation_id, version);
    write_id(w, m.in_reply_to, version);
    w.str(m.in_reply_to_handle);
    write_id(w, m.referenced_id, version);
    if (version >= 4) {
        w.varint(authors.index_of(m.author));
    } else {
        w.str(m.author.id);
        w.str(m.author.handle);
        w.str(m.author.name);
        w.str(m.author.location);
    }
    w.opt(m.author.followers);
    if (version < 2) w.u8(flags);
    w.opt(m.metrics.likes);
    w.opt(m.metrics.reposts);
    w.opt(m.metrics.replies);
    w.opt(m.metrics.quotes);
    w.opt(m.metrics.impressions);
    w.strs(m.hashtags);
    w.strs(m.mentions);
    w.strs(m.cashtags);
    w.strs(m.urls);
    if (!(flags & kFlagDerivedDomains)) w.strs(m.domains);
    if (m.place) {
        w.str(m.place->id);
        w.str(m.place->name);
        w.str(m.place->full_name);
        w.str(m.place->country_code);
        w.optd(m.place->lat);
        w.optd(m.place->lon);
        w.u8(m.place->bbox ? 1 : 0);
        if (m.place->bbox)
            for (double d : *m.place->bbox) w.optd(d);
    }
    if (m.sentiment) w.svarint(sentiment_units(*m.sentiment));
    w.u8(m.intents);
    w.varint(listeners);
}

// Returns the listener bits stored with the mention.
uint64_t read_mention(ByteReader& r, Mention& m, const SegmentContext& ctx) {
    const uint32_t version = ctx.version;
    uint8_t source = r.u8();
    m.source = static_cast<Source>(source < 4 ? source : 3);
    uint8_t flags = version >= 2 ? r.u8() : 0;
    read_id_into(r, m.source_id, version);
    const char* prefix = to_string(m.source);
    m.id.reserve(std::strlen(prefix) + 1 + m.source_id.size());
    m.id.append(prefix).append(1, ':').append(m.source_id);
    if (flags & kFlagStandardUrl) m.url = standard_url(m);
    else r.str_into(m.url);
    r.str_into(m.text);
    m.created_at = r.svarint();
    r.str_into(m.lang);
    uint8_t kind = r.u8();
    m.kind = static_cast<Kind>(kind < 4 ? kind : 0);
    if (flags & kFlagOwnConversation) m.conversation_id = m.source_id;
    else read_id_into(r, m.conversation_id, version);
    read_id_into(r, m.in_reply_to, version);
    r.str_into(m.in_reply_to_handle);
    read_id_into(r, m.referenced_id, version);
    if (version >= 4) {
        const uint64_t a = r.varint();
        if (a >= ctx.authors.size()) {
            r.bytes(UINT64_MAX); // fails the reader: the record names no author of the table
        } else {
            const AuthorEntry& e = ctx.authors[a];
            m.author.id = e.id;
            m.author.handle = e.handle;
            m.author.name = e.name;
            m.author.location = e.location;
        }
    } else {
        r.str_into(m.author.id);
        r.str_into(m.author.handle);
        r.str_into(m.author.name);
        r.str_into(m.author.location);
    }
    m.author.followers = r.opt();
    if (version < 2) flags = r.u8();
    m.author.verified = flags & kFlagVerified;
    m.has_media = flags & kFlagMedia;
    m.metrics.likes = r.opt();
    m.metrics.reposts = r.opt();
    m.metrics.replies = r.opt();
    m.metrics.quotes = r.opt();
    m.metrics.impressions = r.opt();
    r.strs_into(m.hashtags);
    r.strs_into(m.mentions);
    r.strs_into(m.cashtags);
    r.strs_into(m.urls);
    if (flags & kFlagDerivedDomains) m.domains = derived_domains(m.urls);
    else r.strs_into(m.domains);
    if (flags & kFlagPlace) {
        Place p;
        r.str_into(p.id);
        r.str_into(p.name);
        r.str_into(p.full_name);
        r.str_into(p.country_code);
        p.lat = r.optd();
        p.lon = r.optd();
        if (r.u8()) {
            std::vector<double> bbox;
            bbox.reserve(4);
            for (int i = 0; i < 4; ++i) bbox.push_back(r.optd().value_or(0));
            p.bbox = std::move(bbox);
        }
        m.place = std::move(p);
    }
    if (flags & kFlagSentiment) m.sentiment = static_cast<float>(std::clamp<int64_t>(r.svarint(), -10000, 10000)) / 10000.0f;
    m.intents = r.u8();
    return r.varint();
}

} // namespace

std::string encode_segment(const std::vector<SegmentRecord>& records, uint32_t version) {
    std::vector<SegmentRef> refs;
    refs.reserve(records.size());
    for (const SegmentRecord& rec : records) refs.push_back({&rec.mention, rec.listeners});
    return encode_segment_refs(refs, version);
}

std::string encode_segment_refs(const std::vector<SegmentRef>& refs, uint32_t version) {
    ByteWriter w;
    w.bytes(kMagic, sizeof kMagic);
    w.fixed32(version);
    w.fixed32(static_cast<uint32_t>(refs.size()));
    AuthorTable authors;
    ByteWriter body; // the author table goes first, and is complete only after the records
    for (const SegmentRef& ref : refs) write_mention(body, *ref.mention, ref.listeners, version, authors);
    if (version >= 4) authors.write(w, version);
    w.reserve(body.written().size() + 8);
    w.bytes(body.written());
    w.fixed64(checksum(w.written(), version));
    return w.take();
}

namespace {

struct Checked {
    uint32_t version = 0;
    uint32_t count = 0;
    std::string_view records; ///< the bytes between the header and the checksum
};

constexpr size_t kHeaderBytes = sizeof kMagic + 8, kChecksumBytes = 8;

bool has_magic(std::string_view bytes) {
    return bytes.size() >= kHeaderBytes + kChecksumBytes && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

// The count is read before the checksum is checked, and the file is someone else's
// bytes: it is believed only when the records could fit.
Result<uint32_t> plausible_count(std::string_view bytes) {
    if (!has_magic(bytes)) return Error{"not an Earshot segment file (wrong header)"};
    const uint32_t count = ByteReader(bytes.substr(sizeof kMagic + 4, 4)).fixed32();
    const size_t room = (bytes.size() - kHeaderBytes - kChecksumBytes) / kMinSegmentRecordBytes;
    if (count > room)
        return Error{"segment file is damaged (its header announces " + std::to_string(count) +
                     " records; its " + std::to_string(bytes.size()) + " bytes hold at most " +
                     std::to_string(room) + ")"};
    return count;
}

// Header and checksum, before a single record is looked at.
Result<Checked> check_segment(std::string_view bytes) {
    if (!has_magic(bytes)) return Error{"not an Earshot segment file (wrong header)"};
    Checked c;
    c.version = ByteReader(bytes.substr(sizeof kMagic, 4)).fixed32();
    if (c.version == 0 || c.version > kSegmentVersion)
        return Error{"segment format version " + std::to_string(c.version) +
                     " was written by a newer Earshot; update the app to read it (the file is left untouched)"};
    Result<uint32_t> count = plausible_count(bytes);
    if (!count) return Error{count.error()};
    c.count = count.value();
    std::string_view body = bytes.substr(0, bytes.size() - kChecksumBytes);
    ByteReader tail(bytes.substr(bytes.size() - kChecksumBytes));
    if (tail.fixed64() != checksum(body, c.version)) return Error{"segment file is damaged (checksum mismatch)"};
    c.records = body.substr(kHeaderBytes);
    return c;
}

Error unreadable(uint32_t record) {
    return Error{"segment file is damaged (record " + std::to_string(record + 1) + " unreadable)"};
}

// What comes before the records (the author table from version 4 on).
Result<SegmentContext> read_context(ByteReader& r, uint32_t version) {
    SegmentContext ctx;
    ctx.version = version;
    if (version >= 4) read_author_table(r, ctx);
    if (r.failed) return Error{"segment file is damaged (author table unreadable)"};
    return ctx;
}

} // namespace

Result<std::vector<SegmentRecord>> decode_segment(std::string_view bytes) {
    Result<Checked> c = check_segment(bytes);
    if (!c) return Error{c.error()};
    ByteReader r(c->records);
    Result<SegmentContext> ctx = read_context(r, c->version);
    if (!ctx) return Error{ctx.error()};
    std::vector<SegmentRecord> out(c->count);
    for (uint32_t i = 0; i < c->count; ++i) {
        out[i].listeners = read_mention(r, out[i].mention, ctx.value());
        if (r.failed) return unreadable(i);
    }
    return out;
}

Result<uint32_t> segment_record_count(std::string_view bytes) { return plausible_count(bytes); }

Result<uint32_t> decode_segment_to(std::string_view bytes, MentionStore& store, size_t first, uint64_t* listeners,
                                   size_t room) {
    Result<Checked> c = check_segment(bytes);
    if (!c) return Error{c.error()};
    if (c->count > room) return Error{"segment file is damaged (more records than its header said)"};
    ByteReader r(c->records);
    Result<SegmentContext> ctx = read_context(r, c->version);
    if (!ctx) return Error{ctx.error()};
    for (uint32_t i = 0; i < c->count; ++i) {
        listeners[i] = read_mention(r, store.blank(first + i), ctx.value());
        if (r.failed) return unreadable(i);
    }
    return c->count;
}

Result<size_t> decode_segment_into(std::string_view bytes, MentionStore& store) {
    Result<Checked> c = check_segment(bytes);
    if (!c) return Error{c.error()};
    ByteReader r(c->records);
    Result<SegmentContext> ctx = read_context(r, c->version);
    if (!ctx) return Error{ctx.error()};
    size_t added = 0;
    for (uint32_t i = 0; i < c->count; ++i) {
        const uint64_t listeners = read_mention(r, store.append_blank(), ctx.value());
        if (r.failed) {
            store.drop_appended();
            return unreadable(i);
        }
        added += store.keep_appended(listeners) ? 1 : 0;
    }
    return added;
}

} // namespace earshot::core
