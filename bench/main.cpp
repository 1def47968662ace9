// earshot-bench entry point: runs every registered benchmark (or those named by --only).
#include "bench.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace earshot::bench {

namespace {
std::vector<std::pair<const char*, BenchFn>>& registry() {
    static std::vector<std::pair<const char*, BenchFn>> r;
    return r;
}
} // namespace

Registrar::Registrar(const char* name, BenchFn fn) { registry().emplace_back(name, fn); }

void emit(nlohmann::json line) {
    line["target"] = EARSHOT_TARGET;
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace earshot::bench

int main(int argc, char** argv) {
    earshot::bench::Args args{EARSHOT_FIXTURES, EARSHOT_TEST_DATA, "", 1.0, 5};
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--only") && i + 1 < argc) args.only = argv[++i];
        else if (!std::strcmp(argv[i], "--scale") && i + 1 < argc) args.scale = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--sample") && i + 1 < argc) args.sample = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) args.repeats = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--fixtures") && i + 1 < argc) args.fixtures = argv[++i];
    }
    for (auto& [name, fn] : earshot::bench::registry())
        if (args.only.empty() || std::strstr(name, args.only.c_str())) fn(args);
    return 0;
}
