// Small helpers for X's wire format (see wire_util.hpp).
#include "demo/wire_util.hpp"

#include <cstdio>

namespace earshot::demo {

char32_t utf8_next(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    if (extra && i + extra >= s.size())
        extra = 0; // truncated sequence: one byte
    char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return cp;
}

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
        utf8_next(s, i);
        ++n;
    }
    return n;
}

std::string utf8_prefix(std::string_view s, size_t code_points) {
    size_t i = 0;
    for (size_t n = 0; n < code_points && i < s.size(); ++n)
        utf8_next(s, i);
    return std::string(s.substr(0, i));
}

std::string x_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (char c : s) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

std::string x_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            if (s.compare(i, 5, "&amp;") == 0) {
                out += '&';
                i += 4;
                continue;
            }
            if (s.compare(i, 4, "&lt;") == 0) {
                out += '<';
                i += 3;
                continue;
            }
            if (s.compare(i, 4, "&gt;") == 0) {
                out += '>';
                i += 3;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

namespace {

// Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian calendar.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (m <= 2));
}

struct Civil {
    int y;
    unsigned mo, d;
    int64_t h, mi, s, ms;
};

Civil split(int64_t unix_ms) {
    int64_t days = unix_ms >= 0 ? unix_ms / 86400000 : -((-unix_ms + 86399999) / 86400000);
    int64_t rem = unix_ms - days * 86400000;
    Civil c{};
    civil_from_days(days, c.y, c.mo, c.d);
    c.h = rem / 3600000;
    c.mi = rem / 60000 % 60;
    c.s = rem / 1000 % 60;
    c.ms = rem % 1000;
    return c;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size())
        return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

} // namespace

std::string iso8601_ms(int64_t unix_ms) {
    const Civil c = split(unix_ms);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", c.y, c.mo, c.d,
                  static_cast<long long>(c.h), static_cast<long long>(c.mi),
                  static_cast<long long>(c.s), static_cast<long long>(c.ms));
    return buf;
}

std::string iso8601_minute(int64_t unix_ms) {
    const Civil c = split(unix_ms);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lldZ", c.y, c.mo, c.d,
                  static_cast<long long>(c.h), static_cast<long long>(c.mi));
    return buf;
}

std::optional<int64_t> parse_iso8601_ms(std::string_view s) {
    int y, mo, d, h, mi, sec = 0, ms = 0;
    if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi))
        return std::nullopt;
    size_t p = 16;
    if (p < s.size() && s[p] == ':') {
        if (!digits(s, p + 1, 2, sec))
            return std::nullopt;
        p += 3;
        if (p < s.size() && s[p] == '.') {
            size_t q = p + 1;
            int scale = 100;
            while (q < s.size() && s[q] >= '0' && s[q] <= '9') {
                ms += (s[q] - '0') * scale;
                scale /= 10;
                ++q;
            }
            if (q == p + 1)
                return std::nullopt;
            p = q;
        }
    }
    int64_t offset_min = 0;
    if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
        ++p;
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
        int oh, om;
        if (!digits(s, p + 1, 2, oh) || p + 3 >= s.size() || s[p + 3] != ':' ||
            !digits(s, p + 4, 2, om))
            return std::nullopt;
        offset_min = (oh * 60 + om) * (s[p] == '+' ? 1 : -1);
        p += 6;
    } else {
        return std::nullopt;
    }
    if (p != s.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    const int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    return ((days * 86400 + h * 3600 + mi * 60 + sec) - offset_min * 60) * 1000 + ms;
}

uint64_t snowflake(int64_t unix_ms, uint64_t low22) {
    return (static_cast<uint64_t>(unix_ms - kTwitterEpochMs) << 22) | (low22 & 0x3FFFFF);
}

int64_t snowflake_ms(uint64_t id) {
    return static_cast<int64_t>(id >> 22) + kTwitterEpochMs;
}

std::optional<uint64_t> parse_id(std::string_view s) {
    if (s.empty() || s.size() > 19)
        return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
}

namespace {
const char kBase32Hex[] = "0123456789abcdefghijklmnopqrstuv";
}

std::string base32hex_encode(const std::string& bytes) {
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out += kBase32Hex[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += kBase32Hex[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<std::string> base32hex_decode(std::string_view text) {
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'v')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'V')
            v = c - 'A' + 10;
        else
            return std::nullopt;
        buffer = (buffer << 5) | static_cast<uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

uint64_t fnv1a(std::string_view s, uint64_t seed) {
    uint64_t h = seed;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace earshot::demo
