// Segment encoding: varints and length-prefixed strings; optional values carry a
// presence bit so "unknown" survives a round trip.
#include "core/segment.hpp"

#include "core/ingest_x.hpp"

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

class Writer {
  public:
    std::string out;
    void u8(uint8_t v) { out.push_back(static_cast<char>(v)); }
    void fixed32(uint32_t v) {
        for (int i = 0; i < 4; ++i) u8(static_cast<uint8_t>(v >> (8 * i)));
    }
    void fixed64(uint64_t v) {
        for (int i = 0; i < 8; ++i) u8(static_cast<uint8_t>(v >> (8 * i)));
    }
    void varint(uint64_t v) {
        while (v >= 0x80) {
            u8(static_cast<uint8_t>(v | 0x80));
            v >>= 7;
        }
        u8(static_cast<uint8_t>(v));
    }
    void svarint(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    void str(const std::string& s) {
        varint(s.size());
        out.append(s);
    }
    void strs(const std::vector<std::string>& v) {
        varint(v.size());
        for (const auto& s : v) str(s);
    }
    void opt(const std::optional<int64_t>& v) {
        u8(v ? 1 : 0);
        if (v) svarint(*v);
    }
    void optd(const std::optional<double>& v) {
        u8(v ? 1 : 0);
        if (v) {
            uint64_t bits;
            std::memcpy(&bits, &*v, 8);
            fixed64(bits);
        }
    }
};

class Reader {
  public:
    explicit Reader(std::string_view in) : m_in(in) {}
    bool failed = false;
    uint8_t u8() {
        if (m_pos >= m_in.size()) return fail();
        return static_cast<uint8_t>(m_in[m_pos++]);
    }
    uint32_t fixed32() {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(u8()) << (8 * i);
        return v;
    }
    uint64_t fixed64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(u8()) << (8 * i);
        return v;
    }
    uint64_t varint() {
        // Most varints (lengths, small counts) are one byte.
        if (m_pos < m_in.size() && static_cast<uint8_t>(m_in[m_pos]) < 0x80)
            return static_cast<uint8_t>(m_in[m_pos++]);
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            uint8_t b = u8();
            v |= static_cast<uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80) || failed) return v;
        }
        return fail();
    }
    int64_t svarint() {
        uint64_t v = varint();
        return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
    }
    /// Reads a string straight into its destination: one allocation, no temporary.
    void str_into(std::string& out) {
        uint64_t n = varint();
        if (failed || n > m_in.size() - m_pos) return fail(), out.clear();
        out.assign(m_in.data() + m_pos, n);
        m_pos += n;
    }
    void strs_into(std::vector<std::string>& v) {
        uint64_t n = varint();
        // Each string takes at least its length byte, so a damaged count cannot reserve much.
        v.reserve(static_cast<size_t>(std::min<uint64_t>(n, m_in.size() - m_pos)));
        for (uint64_t i = 0; i < n && !failed; ++i) str_into(v.emplace_back());
    }
    std::optional<int64_t> opt() {
        if (!u8()) return std::nullopt;
        return svarint();
    }
    std::optional<double> optd() {
        if (!u8()) return std::nullopt;
        uint64_t bits = fixed64();
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
    }

  private:
    uint8_t fail() {
        failed = true;
        m_pos = m_in.size();
        return 0;
    }
    std::string_view m_in;
    size_t m_pos = 0;
};

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

void write_mention(Writer& w, const Mention& m, uint64_t listeners, uint32_t version) {
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

void read_mention(Reader& r, SegmentRecord& rec, uint32_t version) {
    Mention& m = rec.mention;
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
    rec.listeners = r.varint();
}

} // namespace

std::string encode_segment(const std::vector<SegmentRecord>& records, uint32_t version) {
    Writer w;
    w.out.append(kMagic, sizeof kMagic);
    w.fixed32(version);
    w.fixed32(static_cast<uint32_t>(records.size()));
    for (const SegmentRecord& rec : records) write_mention(w, rec.mention, rec.listeners, version);
    w.fixed64(fnv1a(w.out));
    return std::move(w.out);
}

Result<std::vector<SegmentRecord>> decode_segment(std::string_view bytes) {
    if (bytes.size() < sizeof kMagic + 16 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return Error{"not an Earshot segment file (wrong header)"};
    Reader header(bytes.substr(sizeof kMagic, 8));
    uint32_t version = header.fixed32();
    uint32_t count = header.fixed32();
    if (version == 0 || version > kSegmentVersion)
        return Error{"segment format version " + std::to_string(version) +
                     " was written by a newer Earshot; update the app to read it (the file is left untouched)"};
    std::string_view body = bytes.substr(0, bytes.size() - 8);
    Reader tail(bytes.substr(bytes.size() - 8));
    if (tail.fixed64() != fnv1a(body)) return Error{"segment file is damaged (checksum mismatch)"};
    Reader r(body.substr(sizeof kMagic + 8));
    std::vector<SegmentRecord> out(count);
    for (uint32_t i = 0; i < count && !r.failed; ++i) read_mention(r, out[i], version);
    if (r.failed) return Error{"segment file is damaged (record " + std::to_string(count) + " unreadable)"};
    return out;
}

} // namespace earshot::core
