// Expected<T>: a value or a Diagnostic, in the spirit of llvm::Expected.
// C++20 has no std::expected; this one is [[nodiscard]] so a caller cannot
// drop an error on the floor, and reading the value of an error aborts.
#pragma once

#include <cstdlib>
#include <optional>
#include <utility>
#include <variant>

#include "numaplan/support/diagnostic.h"

namespace numaplan {

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Expected(Diagnostic error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  explicit operator bool() const { return state_.index() == 0; }
  bool ok() const { return state_.index() == 0; }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(value()); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const T& value() const {
    if (!ok()) std::abort();
    return std::get<0>(state_);
  }
  T& value() {
    if (!ok()) std::abort();
    return std::get<0>(state_);
  }
  const Diagnostic& error() const {
    if (ok()) std::abort();
    return std::get<1>(state_);
  }
  T value_or(T fallback) const { return ok() ? std::get<0>(state_) : std::move(fallback); }

 private:
  std::variant<T, Diagnostic> state_;
};

// Success or a Diagnostic, for a step that has no value to give: the same
// error style as Expected<T> (std::optional<Diagnostic> reads the other way
// round: engaged on failure).
template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Diagnostic error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  explicit operator bool() const { return !error_.has_value(); }
  bool ok() const { return !error_.has_value(); }
  const Diagnostic& error() const {
    if (ok()) std::abort();
    return *error_;
  }

 private:
  std::optional<Diagnostic> error_;
};

}  // namespace numaplan
