// Internal to the core: reading fields of stored JSON without exceptions.
// A missing field or one of the wrong type gives the fallback (json::value throws).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace earshot::core::json_read {

inline const nlohmann::json* field(const nlohmann::json& j, const char* key) {
    if (!j.is_object())
        return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

inline std::string str(const nlohmann::json& j, const char* key, std::string fallback = {}) {
    const nlohmann::json* f = field(j, key);
    return f && f->is_string() ? f->get<std::string>() : fallback;
}

inline int64_t i64(const nlohmann::json& j, const char* key, int64_t fallback = 0) {
    const nlohmann::json* f = field(j, key);
    if (!f)
        return fallback;
    if (f->is_number_unsigned()) {
        const uint64_t v = f->get<uint64_t>();
        return v > static_cast<uint64_t>(INT64_MAX) ? fallback : static_cast<int64_t>(v);
    }
    return f->is_number_integer() ? f->get<int64_t>() : fallback;
}

inline uint64_t u64(const nlohmann::json& j, const char* key, uint64_t fallback = 0) {
    const nlohmann::json* f = field(j, key);
    if (f && f->is_number_unsigned())
        return f->get<uint64_t>();
    if (f && f->is_number_integer() && f->get<int64_t>() >= 0)
        return static_cast<uint64_t>(f->get<int64_t>());
    return fallback;
}

inline bool boolean(const nlohmann::json& j, const char* key, bool fallback = false) {
    const nlohmann::json* f = field(j, key);
    return f && f->is_boolean() ? f->get<bool>() : fallback;
}

} // namespace earshot::core::json_read
