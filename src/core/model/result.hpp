// Result<T>: a value or a message for the user. Core functions that can fail on
// user data return this instead of throwing (see docs/style.md, "Errors").
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace earshot::core {

struct Error {
    std::string message; ///< what happened and, where possible, what to do
};

template <typename T> class Result {
  public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<0>(m_v); }
    T& value() & { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    const T* operator->() const { return &std::get<0>(m_v); }
    const T& operator*() const { return std::get<0>(m_v); }
    const std::string& error() const { return std::get<1>(m_v).message; }

  private:
    std::variant<T, Error> m_v;
};

} // namespace earshot::core
