// The benchmark harness: each bench/*.cpp registers named benchmarks that print
// one JSON line per figure. scripts/bench runs the native and the WASM build.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <string>
#include <vector>

namespace earshot::bench {

struct Args {
    std::string fixtures;  ///< ../shared/fixtures
    std::string test_data; ///< tests/data
    std::string only;      ///< run only benchmarks whose name contains this
    double scale = 1.0;    ///< multiply data sizes (for quick runs)
    int sample = 1; ///< also report three-class figures on every Nth row of each set (the rows
                    ///< bench/sentiment_peers.mjs --sample N scores: the slow peers' rows)
    int repeats = 5;       ///< runs of each side where a bench compares with a peer (medians reported)
};

using BenchFn = void (*)(const Args&);

struct Registrar {
    Registrar(const char* name, BenchFn fn);
};

/// Prints one JSON line, adding "target": "native" or "wasm".
void emit(nlohmann::json line);

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

#if EARSHOT_BENCH_NODE_CPU
extern "C" double earshot_bench_cpu_seconds(); // bench/node_cpu.js: Node's process.cpuUsage()
#endif

/// Seconds of processor time this process has used: unlike the wall clock it does not
/// count the time a busy shared machine gave to other programs. (Under Node, std::clock()
/// follows the wall clock, so the WASM build asks Node instead.)
inline double cpu_seconds() {
#if EARSHOT_BENCH_NODE_CPU
    return earshot_bench_cpu_seconds();
#else
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
#endif
}

/// The middle of the timings (the mean of the two middle ones for an even count): on a
/// shared machine one run can be slowed by a neighbour, and a median ignores it.
double median(std::vector<double> values);

} // namespace earshot::bench

#define EARSHOT_BENCH(name, fn) static ::earshot::bench::Registrar bench_registrar_##fn(name, fn)
