// The proxy's Bluesky login: one session made from BSKY_HANDLE and an app
// password, kept and refreshed (access tokens expire; createSession is limited
// to 30 per 5 minutes and 300 a day per account), so the app never holds a
// token and a wrong password is said once in words, not retried in a loop.
#pragma once

#include "proxy/upstream.hpp"

#include <chrono>
#include <mutex>
#include <string>

namespace earshot::proxy {

class BskySession {
public:
    BskySession(Upstream& pds, std::string identifier, std::string app_password);

    /// GETs an XRPC target with the session, logging in or refreshing as needed.
    /// A login that fails comes back as status 0 with `login_problem()` set.
    UpstreamAnswer get(const std::string& target);

    /// Why the last login failed, in words for the owner ("" when it did not).
    std::string login_problem();

private:
    bool ensure_session(std::unique_lock<std::mutex>& lock);
    bool refresh(std::unique_lock<std::mutex>& lock);
    bool create(std::unique_lock<std::mutex>& lock);
    bool take_tokens(const UpstreamAnswer& a);

    Upstream& m_pds;
    std::string m_identifier, m_password;
    std::mutex m_mutex;
    std::string m_access, m_refresh;
    std::string m_problem;
    std::chrono::steady_clock::time_point m_next_create_allowed{};
};

/// The XRPC error name of an answer ("ExpiredToken"), or "".
std::string xrpc_error(const std::string& body);

} // namespace earshot::proxy
