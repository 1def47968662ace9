// AccessGate and AccessKeyFile: see access_key.hpp.
#include "core/listen/access_key.hpp"

#include <nlohmann/json.hpp>

namespace earshot::core {

namespace {

constexpr const char* kAccessKeyProblem = "https://earshot.local/problems/access-key";
constexpr size_t kMaxKeyBytes = 512; ///< the proxy's whole request head is 16 KB

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

} // namespace

bool is_access_key_refusal(const HttpResponse& r) {
    if (r.status != 401) return false;
    const nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
    return !doc.is_discarded() && doc.is_object() && doc.contains("type") && doc["type"].is_string() &&
           doc["type"].get<std::string>() == kAccessKeyProblem;
}

Result<std::string> clean_access_key(std::string_view typed) {
    while (!typed.empty() && is_blank(typed.front())) typed.remove_prefix(1);
    while (!typed.empty() && is_blank(typed.back())) typed.remove_suffix(1);
    if (typed.empty()) return Error{"Type the access key first."};
    if (typed.size() > kMaxKeyBytes)
        return Error{"That is longer than any access key (" + std::to_string(typed.size()) +
                     " characters); check what was pasted."};
    // A header value travels as Latin-1 bytes; browsers refuse anything else.
    for (char c : typed)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
            return Error{"An access key is plain letters, digits and punctuation (no accents, emoji or line "
                         "breaks); check what was pasted."};
    return std::string(typed);
}

// [SECTION] AccessGate

void AccessGate::set_state(State s) {
    if (s != m_state) ++m_revision;
    m_state = s;
}

void AccessGate::remember(std::string key) {
    m_key = std::move(key);
    m_keep_pending = false;
    set_state(State::Unknown);
}

AccessGate::Verdict AccessGate::on_answer(const HttpResponse& r, const std::string& sent) {
    const bool current = sent == header_value();
    if (!is_access_key_refusal(r)) {
        // Any other answer (even a transport failure) says nothing about a key
        // sent earlier; one sent with the current key was let through.
        if (current && r.status != 0 && r.status != 401) {
            if (m_state == State::Trying) m_keep_pending = true;
            set_state(State::Accepted);
        }
        return Verdict::Deliver;
    }
    if (!current) return Verdict::SendAgain; // the owner gave a key while this was on its way
    set_state(m_key.empty() ? State::Needed : State::Refused);
    return Verdict::Hold;
}

Result<bool> AccessGate::try_key(std::string_view typed) {
    Result<std::string> key = clean_access_key(typed);
    if (!key) return Error{key.error()};
    m_key = std::move(key).value();
    m_keep_pending = false;
    set_state(State::Trying);
    ++m_revision; // the same state again (a second try) is news too
    return true;
}

std::optional<std::string> AccessGate::take_key_to_keep() {
    if (!m_keep_pending) return std::nullopt;
    m_keep_pending = false;
    return m_key;
}

std::string AccessGate::message() const {
    switch (m_state) {
    case State::Needed:
        return "This Earshot server asks for its access key before it reads anything from X. Type the key set "
               "as EARSHOT_ACCESS_KEY on the server; this browser remembers it.";
    case State::Refused: return "The proxy refused this key — check EARSHOT_ACCESS_KEY on the server.";
    case State::Trying: return "Checking the key with the proxy…";
    default: return {};
    }
}

const char* to_string(AccessGate::State s) {
    switch (s) {
    case AccessGate::State::Unknown: return "unknown";
    case AccessGate::State::Accepted: return "accepted";
    case AccessGate::State::Needed: return "needed";
    case AccessGate::State::Refused: return "refused";
    case AccessGate::State::Trying: return "trying";
    }
    return "unknown";
}

// [SECTION] AccessKeyFile

AccessKeyFile::AccessKeyFile(FileSystem& fs, std::string dir) : m_fs(fs), m_dir(std::move(dir)) {}

std::string AccessKeyFile::load() {
    std::optional<std::string> text = m_fs.read(m_dir + "/" + kFileName);
    if (!text) return {};
    Result<std::string> key = clean_access_key(*text);
    return key ? key.value() : std::string(); // a damaged file: the owner is asked again
}

Result<bool> AccessKeyFile::save(const std::string& key) {
    if (Result<bool> ok = replace_file(m_fs, m_dir, kFileName, key + "\n"); !ok)
        return Error{"the access key could not be remembered: " + ok.error()};
    return true;
}

void AccessKeyFile::forget() { m_fs.remove(m_dir + "/" + kFileName); }

} // namespace earshot::core
