// Fuzz target: JsonDocument (the ingest path's JSON reader) against nlohmann::json on
// the same bytes. Both must accept or refuse alike, and agree on every value; the one
// intended difference is that a NUL byte does not end the input for JsonDocument.
#include "fuzz.hpp"

#include "core/ingest/json_view.hpp"

#include <cerrno>
#include <cstring>

using namespace earshot;
using nlohmann::json;

namespace {

json to_nlohmann(core::JsonView v) {
    if (v.is_object()) {
        json o = json::object();
        for (auto it = v.begin(); it != v.end(); ++it) o[core::json_unescape(it.key_raw())] = to_nlohmann(*it);
        return o;
    }
    if (v.is_array()) {
        json a = json::array();
        for (core::JsonView e : v) a.push_back(to_nlohmann(e));
        return a;
    }
    if (v.is_string()) return v.string();
    if (v.is_bool()) return v.boolean();
    if (v.is_null()) return nullptr;
    if (v.is_integer()) {
        if (auto i = v.int64()) return *i;
        const std::string digits(v.raw());
        errno = 0;
        const unsigned long long u = std::strtoull(digits.c_str(), nullptr, 10);
        if (digits[0] != '-' && errno == 0) return u; // nlohmann keeps unsigned 64-bit
    }
    return *v.number();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    if (std::memchr(text.data(), '\0', text.size())) return 0; // nlohmann stops reading at a NUL
    const json expected = json::parse(text.begin(), text.end(), nullptr, false);
    const core::Result<core::JsonDocument> doc = core::JsonDocument::parse(text);
    FUZZ_CHECK(expected.is_discarded() == !doc.ok(), "JsonDocument and nlohmann disagree on whether this is JSON");
    if (!doc) {
        FUZZ_CHECK(!doc.error().empty(), "refused without a message");
        return 0;
    }
    const json got = to_nlohmann(doc.value().root());
    // NaN never parses, so == is exact here.
    FUZZ_CHECK(got == expected, "JsonDocument reads other values than nlohmann");
    return 0;
}
