// Fuzz target: right-to-left display text (core/text/bidi), run on every post the
// feed and the detail pane draw. The first byte picks the paragraph direction.
// Invariants: visual order only moves code points (brackets may mirror), keeps
// every line break, and shaping only replaces letters by their forms (lam-alef
// merging two) — no code point lost, no invalid UTF-8 drawn.
#include "fuzz.hpp"

#include "core/text/bidi.hpp"
#include "core/text/text.hpp"

#include <algorithm>

using namespace earshot;

namespace {

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (size_t pos = 0; pos < s.size();) out.push_back(core::utf8_next(s, pos));
    return out;
}

char32_t unmirror(char32_t c) {
    static const std::u32string opening = U"([{<\u00AB\u2039\u2045\u207D\u208D\u3008\u300A\u300C\u300E\u3010\uFF08\uFF3B\uFF5B\uFE59\uFE5B\uFE5D\u2264";
    static const std::u32string closing = U")]}>\u00BB\u203A\u2046\u207E\u208E\u3009\u300B\u300D\u300F\u3011\uFF09\uFF3D\uFF5D\uFE5A\uFE5C\uFE5E\u2265";
    const size_t at = closing.find(c);
    return at == std::u32string::npos ? c : opening[at];
}

std::u32string sorted_unmirrored(std::string_view s) {
    std::u32string cps = code_points(s);
    for (char32_t& c : cps) c = unmirror(c);
    std::sort(cps.begin(), cps.end());
    return cps;
}

bool valid_utf8(std::string_view s) {
    for (size_t pos = 0; pos < s.size();) {
        const size_t at = pos;
        const char32_t c = core::utf8_next(s, pos);
        if (c == 0xFFFD && s.compare(at, 3, "\xEF\xBF\xBD") != 0) return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const core::TextDirection directions[] = {core::TextDirection::Auto, core::TextDirection::LeftToRight,
                                              core::TextDirection::RightToLeft};
    const core::TextDirection direction = directions[data[0] % 3];
    const std::string_view text = fuzz::as_text(data + 1, size - 1);

    std::string line(text);
    std::replace(line.begin(), line.end(), '\n', ' ');
    const std::string shown = core::visual_order(line, direction);
    FUZZ_CHECK(valid_utf8(shown), "visual order wrote invalid UTF-8");
    FUZZ_CHECK(sorted_unmirrored(shown) == sorted_unmirrored(line), "visual order lost, added or changed a code point");
    FUZZ_CHECK(core::visual_order(shown, direction).size() == shown.size(), "visual order changed the length");

    const std::string shaped = core::shape_arabic(text);
    const size_t before = code_points(text).size(), after = code_points(shaped).size();
    FUZZ_CHECK(after <= before && after * 2 >= before, "shaping lost code points or added some");
    FUZZ_CHECK(std::count(shaped.begin(), shaped.end(), '\n') == std::count(text.begin(), text.end(), '\n'),
               "shaping moved a line break");

    const std::string display = core::for_ltr_renderer(text);
    FUZZ_CHECK(valid_utf8(display), "display text is invalid UTF-8");
    FUZZ_CHECK(code_points(display).size() == after, "display text differs in length from the shaped text");
    FUZZ_CHECK(std::count(display.begin(), display.end(), '\n') == std::count(text.begin(), text.end(), '\n'),
               "display text lost a line break");
    return 0;
}
