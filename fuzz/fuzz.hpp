// Shared by the libFuzzer targets in fuzz/: how a target states an invariant, and the
// checks several targets make on the mentions a reader produced.
#pragma once

#include "core/model/mention_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

// A broken invariant is a finding like a crash: abort() so libFuzzer saves the input.
#define FUZZ_CHECK(condition, what)                                                              \
    do {                                                                                         \
        if (!(condition)) {                                                                      \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            std::abort();                                                                        \
        }                                                                                        \
    } while (0)

namespace earshot::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// The normalised JSONL line of `m` reads back as the same line: what `earshot-cli
/// ingest` writes, every importer can read again, losing nothing.
inline void check_jsonl_round_trip(const core::Mention& m) {
    const std::string line = core::to_jsonl(m);
    const nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
    FUZZ_CHECK(!doc.is_discarded(), "to_jsonl wrote invalid JSON");
    FUZZ_CHECK(core::is_normalised_mention(doc), "to_jsonl's line is not taken for a normalised mention");
    core::Result<core::Mention> back = core::mention_from_json(doc);
    if (!back) std::fprintf(stderr, "%s\n%s\n", line.c_str(), back.error().c_str());
    FUZZ_CHECK(back.ok(), "a written mention does not read back");
    if (core::to_jsonl(back.value()) != line)
        std::fprintf(stderr, "wrote:   %s\nre-read: %s\n", line.c_str(), core::to_jsonl(back.value()).c_str());
    FUZZ_CHECK(core::to_jsonl(back.value()) == line, "a written mention reads back different");
}

/// What every reader promises about a mention it produced.
inline void check_mention(const core::Mention& m) {
    FUZZ_CHECK(!m.id.empty(), "a mention without an id");
    FUZZ_CHECK(m.id.find(':') != std::string::npos, "an id without its source prefix");
}

} // namespace earshot::fuzz

namespace earshot::fuzz {

/// The input cut into lines: a target that needs several strings reads them this way.
inline std::vector<std::string_view> lines_of(std::string_view text, size_t at_most) {
    std::vector<std::string_view> out;
    while (out.size() + 1 < at_most) {
        const size_t nl = text.find('\n');
        if (nl == std::string_view::npos) break;
        out.push_back(text.substr(0, nl));
        text.remove_prefix(nl + 1);
    }
    out.push_back(text);
    return out;
}

} // namespace earshot::fuzz
