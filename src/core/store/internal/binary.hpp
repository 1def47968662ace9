// Little-endian binary encoding shared by the stored files (segments, the index
// snapshot): varints, length-prefixed strings, optional values with a presence byte,
// and a fast checksum. Internal to the core.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// A 64-bit checksum of `s` that detects damage, not tampering: four independent
/// multiply-rotate lanes the CPU overlaps, about ten times faster than FNV-1a's byte at
/// a time (which was an eighth of a cold load of a million mentions).
uint64_t fast_checksum(std::string_view s);

/// fast_checksum() of a buffer that grows by appends, worked out as it grows: a large
/// file built over many slices (the index snapshot) is not read again in one go at the end.
class GrowingChecksum {
  public:
    /// Takes in the whole 32-byte blocks of `all` not taken yet (`all` only ever grows).
    void advance(std::string_view all);
    /// fast_checksum(all).
    uint64_t finish(std::string_view all);

  private:
    uint64_t m_lane[4] = {0x9E3779B185EBCA87ull, 0xC2B2AE3D27D4EB4Full, ~0x9E3779B185EBCA87ull,
                          ~0xC2B2AE3D27D4EB4Full};
    size_t m_done = 0;
};

class ByteWriter {
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

class ByteReader {
  public:
    explicit ByteReader(std::string_view in) : m_in(in) {}
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

    /// The next n bytes as they are (empty and failed when fewer are left).
    std::string_view bytes(uint64_t n) {
        if (failed || n > m_in.size() - m_pos) return fail(), std::string_view();
        std::string_view v = m_in.substr(m_pos, static_cast<size_t>(n));
        m_pos += static_cast<size_t>(n);
        return v;
    }
    bool at_end() const { return m_pos == m_in.size(); }

  private:
    uint8_t fail() {
        failed = true;
        m_pos = m_in.size();
        return 0;
    }
    std::string_view m_in;
    size_t m_pos = 0;
};

} // namespace earshot::core
