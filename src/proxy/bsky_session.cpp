// Logging in to Bluesky and keeping the session (see bsky_session.hpp).
#include "proxy/bsky_session.hpp"

#include <nlohmann/json.hpp>

namespace earshot::proxy {

namespace {
// After a refused login, wait before the next try: createSession is rate-limited
// per account, and a wrong password does not get better by repetition.
constexpr std::chrono::seconds kAfterRefusedLogin{300};
constexpr std::chrono::seconds kBetweenLogins{20};
} // namespace

std::string xrpc_error(const std::string& body) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return {};
    auto e = j.find("error");
    return e != j.end() && e->is_string() ? e->get<std::string>() : std::string();
}

BskySession::BskySession(Upstream& pds, std::string identifier, std::string app_password)
    : m_pds(pds), m_identifier(std::move(identifier)), m_password(std::move(app_password)) {}

std::string BskySession::login_problem() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_problem;
}

bool BskySession::take_tokens(const UpstreamAnswer& a) {
    nlohmann::json j = nlohmann::json::parse(a.body, nullptr, false);
    if (!j.is_object() || !j.contains("accessJwt") || !j["accessJwt"].is_string() || !j.contains("refreshJwt") ||
        !j["refreshJwt"].is_string())
        return false;
    m_access = j["accessJwt"].get<std::string>();
    m_refresh = j["refreshJwt"].get<std::string>();
    return !m_access.empty();
}

bool BskySession::create(std::unique_lock<std::mutex>&) {
    auto now = std::chrono::steady_clock::now();
    if (now < m_next_create_allowed) return false; // m_problem still says why
    m_next_create_allowed = now + kBetweenLogins;
    nlohmann::json body = {{"identifier", m_identifier}, {"password", m_password}};
    UpstreamAnswer a = m_pds.post_json("/xrpc/com.atproto.server.createSession", body.dump(), {});
    if (a.failure != UpstreamAnswer::Failure::none) {
        m_problem = "Bluesky could not be reached to log in (" + a.detail + "). Earshot tries again shortly.";
        return false;
    }
    if (a.status == 200 && take_tokens(a)) {
        m_problem.clear();
        return true;
    }
    std::string error = xrpc_error(a.body);
    if (a.status == 401 || error == "AuthenticationRequired" || error == "AuthFactorTokenRequired") {
        m_next_create_allowed = now + kAfterRefusedLogin;
        m_problem = error == "AuthFactorTokenRequired"
                        ? "Bluesky asks for a sign-in code: use an app password (Settings > Privacy and security > "
                          "App passwords) in BSKY_APP_PASSWORD, not the account password."
                        : "Bluesky refused the handle or app password. Check BSKY_HANDLE and BSKY_APP_PASSWORD on "
                          "the server (an app password looks like xxxx-xxxx-xxxx-xxxx), then restart the proxy.";
    } else if (a.status == 429) {
        m_next_create_allowed = now + kAfterRefusedLogin;
        m_problem = "Bluesky limits logins per account and this one is at its limit; Earshot tries again in 5 minutes.";
    } else {
        m_problem = "Bluesky refused the login (HTTP " + std::to_string(a.status) + (error.empty() ? "" : ", " + error) +
                    "). Earshot tries again shortly.";
    }
    m_access.clear();
    m_refresh.clear();
    return false;
}

bool BskySession::refresh(std::unique_lock<std::mutex>& lock) {
    if (m_refresh.empty()) return create(lock);
    UpstreamAnswer a =
        m_pds.post_json("/xrpc/com.atproto.server.refreshSession", "", {{"Authorization", "Bearer " + m_refresh}});
    if (a.failure == UpstreamAnswer::Failure::none && a.status == 200 && take_tokens(a)) return true;
    m_access.clear();
    m_refresh.clear();
    return create(lock);
}

bool BskySession::ensure_session(std::unique_lock<std::mutex>& lock) {
    return !m_access.empty() || create(lock);
}

UpstreamAnswer BskySession::get(const std::string& target) {
    std::string access;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        if (!ensure_session(lock)) return UpstreamAnswer{};
        access = m_access;
    }
    UpstreamAnswer a = m_pds.get(target, {{"Authorization", "Bearer " + access}});
    if (a.failure != UpstreamAnswer::Failure::none || (a.status != 400 && a.status != 401)) return a;
    std::string error = xrpc_error(a.body);
    if (error != "ExpiredToken" && error != "InvalidToken") return a;
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        // Another request may have refreshed already while this one waited.
        if (m_access == access && !refresh(lock)) return UpstreamAnswer{};
        access = m_access;
    }
    return m_pds.get(target, {{"Authorization", "Bearer " + access}});
}

} // namespace earshot::proxy
