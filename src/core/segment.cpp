// Segment encoding: varints and length-prefixed strings; optional values carry a
// presence bit so "unknown" survives a round trip.
#include "core/segment.hpp"

#include "core/binary.hpp"
#include "core/ingest_x.hpp"
#include "core/mention_store.hpp"

#include <algorithm>
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

std::string standard_url(const Mention& m) { return "https://x.com/i/status/" + m.source_id; }

std::vector<std::string> derived_domains(const std::vector<std::string>& urls) {
    std::vector<std::string> out; // same order and de-duplication as ingest
    for (const std::string& u : urls) {
        std::string d = url_domain(u);
        if (!d.empty() && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(std::move(d));
    }
    return out;
}

uint8_t flags_of(const Mention& m, uint32_t version) {
    uint8_t f = (m.author.verified ? kFlagVerified : 0) | (m.has_media ? kFlagMedia : 0) |
                (m.place ? kFlagPlace : 0) | (m.sentiment ? kFlagSentiment : 0);
    if (version < 2) return f;
    if (m.source == Source::X && m.url == standard_url(m)) f |= kFlagStandardUrl;
    if (!m.conversation_id.empty() && m.conversation_id == m.source_id) f |= kFlagOwnConversation;
    if (m.domains == derived_domains(m.urls)) f |= kFlagDerivedDomains;
    return f;
}

void write_mention(ByteWriter& w, const Mention& m, uint64_t listeners, uint32_t version) {
    const uint8_t flags = flags_of(m, version);
    // The id is "source:source_id"; only source_id is stored.
    w.u8(static_cast<uint8_t>(m.source));
    if (version >= 2) w.u8(flags); // first, so the reader knows what was left out
    w.str(m.source_id);
    if (!(flags & kFlagStandardUrl)) w.str(m.url);
    w.str(m.text);
    w.svarint(m.created_at);
    w.str(m.lang);
    w.u8(static_cast<uint8_t>(m.kind));
    if (!(flags & kFlagOwnConversation)) w.str(m.conversation_id);
    w.str(m.in_reply_to);
    w.str(m.in_reply_to_handle);
    w.str(m.referenced_id);
    w.str(m.author.id);
    w.str(m.author.handle);
    w.str(m.author.name);
    w.str(m.author.location);
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
    if (m.sentiment) w.svarint(static_cast<int64_t>(*m.sentiment * 10000.0f));
    w.u8(m.intents);
    w.varint(listeners);
}

// Returns the listener bits stored with the mention.
uint64_t read_mention(ByteReader& r, Mention& m, uint32_t version) {
    uint8_t source = r.u8();
    m.source = static_cast<Source>(source < 4 ? source : 3);
    uint8_t flags = version >= 2 ? r.u8() : 0;
    r.str_into(m.source_id);
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
    else r.str_into(m.conversation_id);
    r.str_into(m.in_reply_to);
    r.str_into(m.in_reply_to_handle);
    r.str_into(m.referenced_id);
    r.str_into(m.author.id);
    r.str_into(m.author.handle);
    r.str_into(m.author.name);
    r.str_into(m.author.location);
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
    if (flags & kFlagSentiment) m.sentiment = static_cast<float>(r.svarint()) / 10000.0f;
    m.intents = r.u8();
    return r.varint();
}

} // namespace

std::string encode_segment(const std::vector<SegmentRecord>& records, uint32_t version) {
    ByteWriter w;
    w.out.append(kMagic, sizeof kMagic);
    w.fixed32(version);
    w.fixed32(static_cast<uint32_t>(records.size()));
    for (const SegmentRecord& rec : records) write_mention(w, rec.mention, rec.listeners, version);
    w.fixed64(checksum(w.out, version));
    return std::move(w.out);
}

namespace {

struct Checked {
    uint32_t version = 0;
    uint32_t count = 0;
    std::string_view records; ///< the bytes between the header and the checksum
};

// Header and checksum, before a single record is looked at.
Result<Checked> check_segment(std::string_view bytes) {
    if (bytes.size() < sizeof kMagic + 16 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return Error{"not an Earshot segment file (wrong header)"};
    ByteReader header(bytes.substr(sizeof kMagic, 8));
    Checked c;
    c.version = header.fixed32();
    c.count = header.fixed32();
    if (c.version == 0 || c.version > kSegmentVersion)
        return Error{"segment format version " + std::to_string(c.version) +
                     " was written by a newer Earshot; update the app to read it (the file is left untouched)"};
    std::string_view body = bytes.substr(0, bytes.size() - 8);
    ByteReader tail(bytes.substr(bytes.size() - 8));
    if (tail.fixed64() != checksum(body, c.version)) return Error{"segment file is damaged (checksum mismatch)"};
    c.records = body.substr(sizeof kMagic + 8);
    return c;
}

Error unreadable(uint32_t record) {
    return Error{"segment file is damaged (record " + std::to_string(record + 1) + " unreadable)"};
}

} // namespace

Result<std::vector<SegmentRecord>> decode_segment(std::string_view bytes) {
    Result<Checked> c = check_segment(bytes);
    if (!c) return Error{c.error()};
    ByteReader r(c->records);
    std::vector<SegmentRecord> out(c->count);
    for (uint32_t i = 0; i < c->count; ++i) {
        out[i].listeners = read_mention(r, out[i].mention, c->version);
        if (r.failed) return unreadable(i);
    }
    return out;
}

Result<uint32_t> segment_record_count(std::string_view bytes) {
    if (bytes.size() < sizeof kMagic + 16 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return Error{"not an Earshot segment file (wrong header)"};
    ByteReader header(bytes.substr(sizeof kMagic + 4, 4));
    return header.fixed32();
}

Result<uint32_t> decode_segment_to(std::string_view bytes, MentionStore& store, size_t first, uint64_t* listeners,
                                   size_t room) {
    Result<Checked> c = check_segment(bytes);
    if (!c) return Error{c.error()};
    if (c->count > room) return Error{"segment file is damaged (more records than its header said)"};
    ByteReader r(c->records);
    for (uint32_t i = 0; i < c->count; ++i) {
        listeners[i] = read_mention(r, store.blank(first + i), c->version);
        if (r.failed) return unreadable(i);
    }
    return c->count;
}

Result<size_t> decode_segment_into(std::string_view bytes, MentionStore& store) {
    Result<Checked> c = check_segment(bytes);
    if (!c) return Error{c.error()};
    ByteReader r(c->records);
    size_t added = 0;
    for (uint32_t i = 0; i < c->count; ++i) {
        const uint64_t listeners = read_mention(r, store.append_blank(), c->version);
        if (r.failed) {
            store.drop_appended();
            return unreadable(i);
        }
        added += store.keep_appended(listeners) ? 1 : 0;
    }
    return added;
}

} // namespace earshot::core
