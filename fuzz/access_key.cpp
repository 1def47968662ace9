// Fuzz target: what the app reads about the access key from outside — a proxy's
// 401 body (is_access_key_refusal), a typed or pasted key (clean_access_key), the
// stored access-key file (AccessKeyFile::load) — and the gate fed that answer.
// Invariants: a cleaned key is 1–512 printable ASCII characters with no blank at
// either end and cleans to itself; a loaded key saves and loads back unchanged;
// the gate asks the owner only after a refusal and never keeps an unproven key.
#include "fuzz.hpp"

#include "core/listen/access_key.hpp"
#include "flaky_fs.hpp"

using namespace earshot;

namespace {

void check_clean(std::string_view typed) {
    core::Result<std::string> key = core::clean_access_key(typed);
    if (!key) {
        FUZZ_CHECK(!key.error().empty(), "a refused key has no reason");
        return;
    }
    const std::string& k = key.value();
    FUZZ_CHECK(!k.empty() && k.size() <= 512, "a cleaned key is empty or too long");
    FUZZ_CHECK(k.front() != ' ' && k.back() != ' ', "a cleaned key keeps a blank at an end");
    for (char c : k) FUZZ_CHECK(c >= 0x20 && c <= 0x7e, "a cleaned key holds a byte no header carries");
    core::Result<std::string> again = core::clean_access_key(k);
    FUZZ_CHECK(again && again.value() == k, "a cleaned key does not clean to itself");
}

void check_file(std::string_view stored) {
    test::FlakyFileSystem fs;
    fs.files["/earshot/access-key"] = std::string(stored);
    core::AccessKeyFile file(fs, "/earshot");
    const std::string key = file.load();
    if (key.empty()) return;
    FUZZ_CHECK(file.save(key).ok(), "a loaded key cannot be saved");
    FUZZ_CHECK(file.load() == key, "a saved key loads back different");
}

void check_gate(std::string_view body) {
    core::HttpResponse r;
    r.status = 401;
    r.body = std::string(body);
    const bool refusal = core::is_access_key_refusal(r);
    core::AccessGate gate;
    gate.remember("");
    const core::AccessGate::Verdict v = gate.on_answer(r, gate.header_value());
    FUZZ_CHECK((v == core::AccessGate::Verdict::Hold) == refusal, "held without a refusal, or a refusal delivered");
    FUZZ_CHECK(gate.asking() == refusal, "asked without a refusal");
    FUZZ_CHECK(!gate.take_key_to_keep(), "a key kept that was never accepted");
    r.status = 200;
    FUZZ_CHECK(!core::is_access_key_refusal(r), "a 200 taken for a refusal");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    check_clean(text);
    check_file(text);
    check_gate(text);
    return 0;
}
