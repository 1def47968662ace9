// Small helpers shared by the search-run and engine tests: a listener made
// from an id and a query, and one parameter of a request path.
#pragma once

#include "core/listen/listener.hpp"

#include <string>

namespace earshot::test {

inline core::Listener member(const std::string& id, const std::string& query, const std::string& newest = "") {
    core::Listener l{id, id, query, newest, 0, 0, false};
    l.daily_cap_posts = 0;
    return l;
}

inline std::string param_of(const std::string& path, const std::string& name) {
    size_t at = path.find("&" + name + "=");
    if (at == std::string::npos) at = path.find("?" + name + "=");
    if (at == std::string::npos) return "";
    const size_t from = at + name.size() + 2;
    return path.substr(from, path.find('&', from) - from);
}

} // namespace earshot::test
