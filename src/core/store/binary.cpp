// fast_checksum(): see binary.hpp.
#include "core/store/internal/binary.hpp"

namespace earshot::core {

namespace {

uint64_t load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v; // the files are little-endian, as are x86, ARM and WASM
}

uint64_t rotl(uint64_t v, int r) { return (v << r) | (v >> (64 - r)); }

} // namespace

uint64_t fast_checksum(std::string_view s) {
    constexpr uint64_t kP1 = 0x9E3779B185EBCA87ull, kP2 = 0xC2B2AE3D27D4EB4Full;
    uint64_t lane[4] = {kP1, kP2, ~kP1, ~kP2};
    const char* p = s.data();
    size_t n = s.size(), i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; ++k) lane[k] = rotl(lane[k] ^ load64(p + i + 8 * k) * kP2, 31) * kP1;
    uint64_t h = n * kP1;
    for (int k = 0; k < 4; ++k) h = rotl(h ^ lane[k] * kP2, 27) * kP1 + kP2;
    for (; i + 8 <= n; i += 8) h = rotl(h ^ load64(p + i) * kP2, 27) * kP1 + kP2;
    for (; i < n; ++i) h = rotl(h ^ static_cast<unsigned char>(p[i]) * kP1, 11) * kP2;
    h ^= h >> 33;
    h *= kP2;
    return h ^ (h >> 29);
}

} // namespace earshot::core
