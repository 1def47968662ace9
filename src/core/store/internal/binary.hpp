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
    void u8(uint8_t v) { *room(1) = static_cast<char>(v), ++m_used; }
    void fixed32(uint32_t v) {
        char* p = room(4);
        for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
        m_used += 4;
    }
    void fixed64(uint64_t v) {
        char* p = room(8);
        for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(v >> (8 * i));
        m_used += 8;
    }
    void varint(uint64_t v) {
        char* p = room(10);
        size_t n = 0;
        while (v >= 0x80) {
            p[n++] = static_cast<char>(v | 0x80);
            v >>= 7;
        }
        p[n++] = static_cast<char>(v);
        m_used += n;
    }
    void svarint(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    /// Raw bytes, without a length.
    void bytes(const char* data, size_t n) {
        if (n == 0) return;
        std::memcpy(room(n), data, n);
        m_used += n;
    }
    void bytes(std::string_view s) { bytes(s.data(), s.size()); }
    void str(const std::string& s) {
        varint(s.size());
        bytes(s);
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
    void reserve(size_t n) { room(n); }
    /// What was written so far.
    std::string_view written() const { return std::string_view(m_buffer.data(), m_used); }
    /// The bytes written; the writer is left empty.
    std::string take() {
        m_buffer.resize(m_used);
        m_used = 0;
        return std::move(m_buffer);
    }

  private:
    /// At least n writable bytes at the end of what was written. The buffer only grows
    /// (zero-filled once) and bytes are stored inline: a push_back per byte is a call
    /// into precompiled libc++ in WASM, and a segment is written on every commit.
    char* room(size_t n) {
        if (m_used + n > m_buffer.size()) m_buffer.resize(std::max({m_used + n, 2 * m_buffer.size(), size_t(256)}));
        return &m_buffer[m_used];
    }
    std::string m_buffer;
    size_t m_used = 0;
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
