// A small seeded random source for the demo corpus. Our own (splitmix64) rather
// than <random>'s distributions, whose output differs between standard libraries.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace earshot::demo {

class Rng {
  public:
    explicit Rng(uint64_t seed) : m_state(seed ^ 0x9e3779b97f4a7c15ull) {}

    uint64_t next() {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform integer in [lo, hi] (inclusive).
    int64_t range(int64_t lo, int64_t hi) {
        if (hi <= lo)
            return lo;
        return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
    }
    size_t index(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
    bool chance(double p) { return uniform() < p; }

    /// Standard normal (Box-Muller; one value per call keeps the stream simple).
    double normal() {
        double u1 = uniform(), u2 = uniform();
        if (u1 < 1e-300)
            u1 = 1e-300;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    /// Log-normal with the given median and shape: heavy-tailed counts.
    double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
    double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }

    /// Index drawn with probability proportional to weights[i].
    size_t weighted(const std::vector<double>& weights) {
        double total = 0;
        for (double w : weights)
            total += w;
        double x = uniform() * total;
        for (size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i])
                return i;
            x -= weights[i];
        }
        return weights.empty() ? 0 : weights.size() - 1;
    }

    template <typename T> const T& pick(const std::vector<T>& v) { return v[index(v.size())]; }
    template <typename T, size_t N> const T& pick(const T (&a)[N]) { return a[index(N)]; }

  private:
    uint64_t m_state;
};

} // namespace earshot::demo
