// The benchmark harness: each bench/*.cpp registers named benchmarks that print
// one JSON line per figure. scripts/bench runs the native and the WASM build.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace earshot::bench {

struct Args {
    std::string fixtures;  ///< ../shared/fixtures
    std::string test_data; ///< tests/data
    std::string only;      ///< run only benchmarks whose name contains this
    double scale = 1.0;    ///< multiply data sizes (for quick runs)
    int sample = 1; ///< also report three-class figures on every Nth row of each set (the rows
                    ///< bench/sentiment_peers.mjs --sample N scores: the slow peers' rows)
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

} // namespace earshot::bench

#define EARSHOT_BENCH(name, fn) static ::earshot::bench::Registrar bench_registrar_##fn(name, fn)
