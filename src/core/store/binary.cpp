// fast_checksum() and GrowingChecksum: see binary.hpp.
#include "core/store/internal/binary.hpp"

namespace earshot::core {

namespace {

uint64_t load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v; // the files are little-endian, as are x86, ARM and WASM
}

uint64_t rotl(uint64_t v, int r) { return (v << r) | (v >> (64 - r)); }

constexpr uint64_t kP1 = 0x9E3779B185EBCA87ull, kP2 = 0xC2B2AE3D27D4EB4Full;

} // namespace

void GrowingChecksum::advance(std::string_view all) {
    const char* p = all.data();
    for (; m_done + 32 <= all.size(); m_done += 32)
        for (int k = 0; k < 4; ++k) m_lane[k] = rotl(m_lane[k] ^ load64(p + m_done + 8 * k) * kP2, 31) * kP1;
}

uint64_t GrowingChecksum::finish(std::string_view all) {
    advance(all);
    const char* p = all.data();
    const size_t n = all.size();
    size_t i = m_done;
    uint64_t h = n * kP1;
    for (int k = 0; k < 4; ++k) h = rotl(h ^ m_lane[k] * kP2, 27) * kP1 + kP2;
    for (; i + 8 <= n; i += 8) h = rotl(h ^ load64(p + i) * kP2, 27) * kP1 + kP2;
    for (; i < n; ++i) h = rotl(h ^ static_cast<unsigned char>(p[i]) * kP1, 11) * kP2;
    h ^= h >> 33;
    h *= kP2;
    return h ^ (h >> 29);
}

uint64_t fast_checksum(std::string_view s) { return GrowingChecksum().finish(s); }

} // namespace earshot::core
