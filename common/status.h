// Errors as values. A Status is ok or carries a one-line message meant for the
// user ("book.txt:12: invalid UTF-8 byte 0xff"). Result<T> is a value or a
// Status. Neither throws; accessing the value of a failed Result aborts.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace narrate {

class Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !message_.has_value(); }
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }
  // Returns a copy whose message is "prefix: message" (for adding a file name).
  Status WithPrefix(const std::string& prefix) const {
    return ok() ? *this : Error(prefix + ": " + *message_);
  }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {     // NOLINT: implicit by design
    if (status_.ok()) std::abort();  // a Result made from a Status must be an error
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { Check(); return *value_; }
  const T& value() const& { Check(); return *value_; }
  T&& value() && { Check(); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void Check() const { if (!value_) std::abort(); }
  std::optional<T> value_;
  Status status_;
};

}  // namespace narrate

#define NARRATE_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::narrate::Status narrate_status_ = (expr); \
    if (!narrate_status_.ok()) return narrate_status_; \
  } while (0)
