// Expected<T>: a value or a Diagnostic, in the spirit of llvm::Expected.
// C++20 has no std::expected; this one is [[nodiscard]] so a caller cannot
// drop an error on the floor, and reading the value of an error aborts.
//
// The Diagnostic is held by pointer, allocated only for an error: held in
// place (four strings, 152 bytes) it made every Expected as large, on the
// stack of every call that returns or checks one, the JSON reader's and the
// encoder's several a value. Under ASan each such frame's redzones are
// poisoned and unpoisoned per call: roundtrip_fuzz ran 5-8 % more inputs a
// CPU second with the pointer; dump_json_fuzz's gain was within the noise
// (README, Fuzzing). Like llvm::Expected's, whose error is a pointer too.
#pragma once

#include <cstdlib>
#include <memory>
#include <utility>
#include <variant>

#include "numaplan/support/diagnostic.h"

namespace numaplan {

namespace detail {

// An error's Diagnostic, copied with its holder (Expected stays copyable).
class DiagnosticPtr {
 public:
  DiagnosticPtr() = default;
  explicit DiagnosticPtr(Diagnostic error) : ptr_(std::make_unique<Diagnostic>(std::move(error))) {}
  DiagnosticPtr(const DiagnosticPtr& other) : ptr_(other.ptr_ ? std::make_unique<Diagnostic>(*other.ptr_) : nullptr) {}
  DiagnosticPtr(DiagnosticPtr&&) noexcept = default;
  DiagnosticPtr& operator=(const DiagnosticPtr& other) { return *this = DiagnosticPtr(other); }
  DiagnosticPtr& operator=(DiagnosticPtr&&) noexcept = default;
  ~DiagnosticPtr() = default;

  explicit operator bool() const { return ptr_ != nullptr; }
  const Diagnostic& operator*() const { return *ptr_; }
  Diagnostic& operator*() { return *ptr_; }

 private:
  std::unique_ptr<Diagnostic> ptr_;
};

}  // namespace detail

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Expected(Diagnostic error)  // NOLINT(google-explicit-constructor)
      : state_(std::in_place_index<1>, std::move(error)) {}

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
  const Diagnostic& error() const& {
    if (ok()) std::abort();
    return *std::get<1>(state_);
  }
  // The error moved out, to pass it up (`return std::move(step).error();`),
  // as std::expected's: its strings are not copied.
  Diagnostic&& error() && {
    if (ok()) std::abort();
    return std::move(*std::get<1>(state_));
  }
  T value_or(T fallback) const { return ok() ? std::get<0>(state_) : std::move(fallback); }

 private:
  std::variant<T, detail::DiagnosticPtr> state_;
};

// Success or a Diagnostic, for a step that has no value to give: the same
// error style as Expected<T> (std::optional<Diagnostic> reads the other way
// round: engaged on failure).
template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Diagnostic error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  explicit operator bool() const { return !error_; }
  bool ok() const { return !error_; }
  const Diagnostic& error() const& {
    if (ok()) std::abort();
    return *error_;
  }
  Diagnostic&& error() && {
    if (ok()) std::abort();
    return std::move(*error_);
  }

 private:
  detail::DiagnosticPtr error_;
};

}  // namespace numaplan
