// Small helpers for X's wire format: UTF-8 code-point counting (entity offsets are
// in code points), HTML escaping of post text, ISO 8601 times, snowflake ids, base32hex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot::demo {

/// Number of Unicode code points in UTF-8 text (invalid bytes count as one each).
size_t utf8_length(std::string_view s);
/// The first `code_points` code points of s.
std::string utf8_prefix(std::string_view s, size_t code_points);
/// Decodes the code point at s[i] and advances i past it.
char32_t utf8_next(std::string_view s, size_t& i);

/// X sends post text HTML-escaped: & < > become &amp; &lt; &gt;.
std::string x_escape(std::string_view s);
/// The inverse of x_escape.
std::string x_unescape(std::string_view s);

/// "2026-11-20T09:15:00.000Z" (X's created_at form; milliseconds kept).
std::string iso8601_ms(int64_t unix_ms);
/// "2026-11-20T09:15Z" — the minute form X uses inside its error messages.
std::string iso8601_minute(int64_t unix_ms);
/// Accepts YYYY-MM-DDTHH:mm[:ss[.fff]] followed by Z or ±HH:MM; unix ms or nullopt.
std::optional<int64_t> parse_iso8601_ms(std::string_view s);

/// X ids are snowflakes: milliseconds since 2010-11-04 in the top 42 bits.
constexpr int64_t kTwitterEpochMs = 1288834974657;
uint64_t snowflake(int64_t unix_ms, uint64_t low22);
int64_t snowflake_ms(uint64_t id);
/// Parses a decimal id of 1–19 digits (X's pattern); nullopt otherwise.
std::optional<uint64_t> parse_id(std::string_view s);

/// Lower-case base32hex (RFC 4648 alphabet 0-9a-v), no padding.
std::string base32hex_encode(const std::string& bytes);
std::optional<std::string> base32hex_decode(std::string_view text);

/// FNV-1a, for stable fingerprints (pagination tokens, place ids).
uint64_t fnv1a(std::string_view s, uint64_t seed = 0xcbf29ce484222325ull);

std::string to_lower_ascii(std::string_view s);

} // namespace earshot::demo
