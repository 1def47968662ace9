// Shared by the demo source's tests: one corpus, generated once, at a fixed "now".
#pragma once

#include "demo/api.hpp"
#include "demo/corpus.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace earshot::demo::test {

constexpr int64_t kNow = 1780000000000; // 2026-05-28T20:26:40Z
constexpr int64_t kMinute = 60'000;
constexpr int64_t kWeek = 7 * 86'400'000LL;

inline const Corpus& corpus() {
    static const Corpus c = [] {
        CorpusOptions o;
        o.now_ms = kNow;
        return generate_corpus(o);
    }();
    return c;
}

/// A search request through the whole router, with a token, as a client sends it.
inline Response get(const std::string& path, const Params& params, ServerState& state,
                    int64_t now = kNow, const ServerOptions& options = {},
                    const std::map<std::string, std::string>& headers = {
                        {"authorization", "Bearer demo"}}) {
    Request r;
    r.path = path;
    r.params = params;
    r.headers = headers;
    return handle_request(corpus(), options, state, r, now);
}

inline nlohmann::json body(const Response& r) {
    return nlohmann::json::parse(r.body, nullptr, false);
}

inline std::string header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name)
            return v;
    return "";
}

} // namespace earshot::demo::test
