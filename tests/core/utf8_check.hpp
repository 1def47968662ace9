// Shared by tests and fuzz targets: is a string valid UTF-8 (what readers promise
// about every text they produce)?
#pragma once

#include "core/text/text.hpp"

#include <string_view>

namespace earshot::test {

/// True when every byte of `s` belongs to a well-formed UTF-8 character (a real
/// U+FFFD is fine; a byte that decodes to the replacement is not).
inline bool is_valid_utf8(std::string_view s) {
    for (size_t pos = 0; pos < s.size();) {
        const size_t start = pos;
        if (core::utf8_next(s, pos) == 0xFFFD && s.substr(start, pos - start) != "\xEF\xBF\xBD") return false;
    }
    return true;
}

} // namespace earshot::test
