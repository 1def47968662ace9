// Internal to the core: reading fields of stored JSON without exceptions.
// A missing field or one of the wrong type gives the fallback (json::value throws).
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
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

// [SECTION] Numbers without undefined behaviour
// nlohmann's get<int64_t>() on 1e300 or get<float>() on 1e300 is a C++ conversion out of
// range: undefined behaviour, not an error. These take any JSON value and say "none"
// when it does not fit.

/// `v` as int64_t: an integer in range, or a finite float (its fraction dropped) in range.
/// An unsigned above INT64_MAX, 1e300, a string or null give nullopt.
inline std::optional<int64_t> to_i64(const nlohmann::json& v) {
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        return u > static_cast<uint64_t>(INT64_MAX) ? std::nullopt : std::optional<int64_t>(static_cast<int64_t>(u));
    }
    if (v.is_number_integer())
        return v.get<int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        // 2^63 is exact as a double; every double below it (and at or above -2^63) fits.
        if (std::isfinite(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
            return static_cast<int64_t>(d);
    }
    return std::nullopt;
}

/// `v` as a finite double (any JSON number), else nullopt.
inline std::optional<double> finite(const nlohmann::json& v) {
    if (!v.is_number())
        return std::nullopt;
    const double d = v.get<double>();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

/// A latitude: a number in [-90, 90], else nullopt (no position rather than a wrong one).
inline std::optional<double> latitude(const nlohmann::json& v) {
    const std::optional<double> d = finite(v);
    return d && std::fabs(*d) <= 90 ? d : std::nullopt;
}

/// A longitude: a number in [-180, 180], else nullopt.
inline std::optional<double> longitude(const nlohmann::json& v) {
    const std::optional<double> d = finite(v);
    return d && std::fabs(*d) <= 180 ? d : std::nullopt;
}

/// An id as text: a string as it is, or the digits of a whole number (an unsigned one
/// above INT64_MAX too: converting it to int64_t first would make it negative). Anything
/// else gives "".
inline std::string id_text(const nlohmann::json& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_unsigned())
        return std::to_string(v.get<uint64_t>());
    if (v.is_number_integer())
        return std::to_string(v.get<int64_t>());
    return {};
}

/// A sentiment score as Earshot keeps it: any finite number, clamped to [-1, 1] (a
/// score outside would skew every average it enters); anything else gives nullopt.
inline std::optional<float> sentiment(const nlohmann::json& v) {
    const std::optional<double> d = finite(v);
    if (!d)
        return std::nullopt;
    return static_cast<float>(std::fmin(1.0, std::fmax(-1.0, *d)));
}

} // namespace earshot::core::json_read
