// The proxy's access key (header X-Earshot-Key, issue 11): which key to send,
// what the proxy's 401 means, and the small file the key is remembered in.
#pragma once

#include "core/listen/http_response.hpp"
#include "core/model/result.hpp"
#include "core/store/persistent_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot::core {

inline constexpr const char* kAccessKeyHeader = "X-Earshot-Key";
/// Sent while no key is known: a proxy without EARSHOT_ACCESS_KEY accepts any
/// non-empty value (the header itself is what keeps other sites out).
inline constexpr const char* kNoAccessKey = "none";

/// True when `r` is the proxy's own access-key refusal (401 with its problem
/// type), not a 401 that X sent back through it (a bad bearer token).
bool is_access_key_refusal(const HttpResponse& r);

/// A key as typed or pasted, with surrounding blanks (a copied newline) cut,
/// or why it cannot be sent as a header.
Result<std::string> clean_access_key(std::string_view typed);

/// Which key goes out, and what to do with the answers. Requests the proxy
/// refused are held by the caller and sent again once the owner gives a key:
/// nothing is lost, and the engine never sees the refusal.
class AccessGate {
  public:
    enum class State {
        Unknown,  ///< nothing answered yet
        Accepted, ///< the key sent was accepted (or none is needed)
        Needed,   ///< no key was known and the proxy asks for one
        Refused,  ///< the key the owner gave (or the one remembered) was refused
        Trying,   ///< a key was just given; waiting for the proxy's answer
    };
    enum class Verdict {
        Deliver,   ///< an answer for the engine
        Hold,      ///< refused: keep the request until the owner gives a key
        SendAgain, ///< refused with a key that has since changed: send it again now
    };

    /// The key remembered from an earlier visit ("" for none).
    void remember(std::string key);
    /// The value of X-Earshot-Key for the next request.
    std::string header_value() const { return m_key.empty() ? kNoAccessKey : m_key; }
    /// Judges the answer to a request sent with X-Earshot-Key `sent`.
    Verdict on_answer(const HttpResponse& r, const std::string& sent);
    /// The owner's key: cleaned, then sent from now on (state Trying). The
    /// error says what is wrong with it; nothing changes then.
    Result<bool> try_key(std::string_view typed);
    /// A key the proxy has just accepted for the first time: to be kept. Once.
    std::optional<std::string> take_key_to_keep();

    State state() const { return m_state; }
    /// The owner must be asked (Needed or Refused).
    bool asking() const { return m_state == State::Needed || m_state == State::Refused; }
    /// What the prompt says, for the state ("" when nothing is asked).
    std::string message() const;
    /// Changes whenever the state does (for redrawing).
    uint64_t revision() const { return m_revision; }

  private:
    void set_state(State s);
    std::string m_key; ///< "" while none is known
    State m_state = State::Unknown;
    bool m_keep_pending = false;
    uint64_t m_revision = 0;
};

const char* to_string(AccessGate::State s);

/// "access-key" in the store's folder (IndexedDB in the browser, next to the
/// mentions, so it survives a reload), replaced atomically.
class AccessKeyFile {
  public:
    static constexpr const char* kFileName = "access-key";

    AccessKeyFile(FileSystem& fs, std::string dir);
    /// The remembered key, "" when none is stored (or it is unusable: asked again).
    std::string load();
    Result<bool> save(const std::string& key);
    /// Removes the remembered key (Settings, "Forget the key"); the next visit asks again.
    void forget();

  private:
    FileSystem& m_fs;
    std::string m_dir;
};

} // namespace earshot::core
