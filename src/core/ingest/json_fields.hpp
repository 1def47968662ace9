// Shared by the Bluesky and Mastodon readers: defensive field access over JsonView
// (a missing member, a null and a value of the wrong type all read as absent) and
// adding entities to a mention without repeats.
#pragma once

#include "core/ingest/json_view.hpp"
#include "core/ingest/x_v2.hpp"
#include "core/model/mention.hpp"

#include <algorithm>
#include <vector>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot::core::json_fields {

/// The value under `key`, or nothing when absent or null.
inline JsonView field(JsonView j, std::string_view key) {
    JsonView v = j[key];
    return v && !v.is_null() ? v : JsonView();
}

/// A string member's text ("" when absent or not a string).
inline std::string str(JsonView j, std::string_view key) { return field(j, key).string(); }

/// An integer member that fits in int64_t, or nothing.
inline std::optional<int64_t> integer(JsonView j, std::string_view key) {
    JsonView v = field(j, key);
    return v.is_integer() ? v.int64() : std::nullopt;
}

/// The object under `key`, or nothing.
inline JsonView object(JsonView j, std::string_view key) {
    JsonView v = field(j, key);
    return v.is_object() ? v : JsonView();
}

/// The array under `key`; iterating a missing or non-array value yields nothing.
inline JsonView array(JsonView j, std::string_view key) {
    JsonView v = field(j, key);
    return v.is_array() ? v : JsonView();
}

/// Appends `value` unless empty or already there.
inline void add_unique(std::vector<std::string>& list, std::string value) {
    if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
    list.push_back(std::move(value));
}

/// Adds a shared link and its domain, once each.
inline void add_url(Mention& m, std::string url) {
    if (url.empty() || std::find(m.urls.begin(), m.urls.end(), url) != m.urls.end()) return;
    add_unique(m.domains, url_domain(url));
    m.urls.push_back(std::move(url));
}

} // namespace earshot::core::json_fields
