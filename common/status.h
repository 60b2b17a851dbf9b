// Errors as values. A Status is ok, or carries a code saying what kind of
// failure it is and a one-line message meant for the user ("book.txt:12:
// invalid UTF-8 byte 0xff"), optionally with the file and line at fault kept
// apart so callers can point at them without parsing the message. Result<T>
// is a value or a Status. Neither throws; accessing the value of a failed
// Result aborts.
//
// Front ends map codes to what they return: the CLI's exit codes (kUsage → 2,
// kInterrupted → 130, every other failure → 1), the studio's HTTP statuses.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace narrate {

enum class StatusCode {
  kOk,
  kInvalidInput,   // the book, lexicon, cast or other input is malformed
  kUsage,          // options that cannot be combined, or a value out of range
  kNotFound,       // a file, chapter, paragraph or voice that does not exist
  kIo,             // reading or writing failed (unwritable output, full disk)
  kInterrupted,    // Ctrl-C, SIGTERM, or a cancelled request
  kAlreadyExists,  // what is asked to start is already running (a studio build)
  kInternal,       // a bug, or an engine or worker that failed unexpectedly
};

// "invalid input", "usage", "not found", "I/O", "interrupted", "already exists", "internal".
const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return InvalidInput(std::move(message)); }
  static Status InvalidInput(std::string m) {
    return Status(StatusCode::kInvalidInput, std::move(m));
  }
  static Status Usage(std::string m) { return Status(StatusCode::kUsage, std::move(m)); }
  static Status NotFound(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
  static Status Io(std::string m) { return Status(StatusCode::kIo, std::move(m)); }
  static Status Interrupted() { return Status(StatusCode::kInterrupted, "interrupted"); }
  // Interrupted, saying what was kept ("interrupted; kept 2 finished chapter(s)").
  static Status Interrupted(std::string m) {
    return Status(StatusCode::kInterrupted, std::move(m));
  }
  static Status AlreadyExists(std::string m) {
    return Status(StatusCode::kAlreadyExists, std::move(m));
  }
  static Status Internal(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }
  // An error about `file` (and, when line > 0, that line of it): the message
  // reads "file:line: detail".
  static Status InFile(StatusCode code, std::string file, int line, std::string detail) {
    Status s(code, std::move(detail));
    s.file_ = std::move(file);
    s.line_ = line;
    return s;
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The whole line for the user: "file:line: detail" when a file is set.
  std::string message() const;
  // The message without the file and line.
  const std::string& detail() const { return detail_; }
  const std::string& file() const { return file_; }  // empty when none
  int line() const { return line_; }                 // 0 when none
  // A copy whose message is "prefix: message" (for adding context); same code.
  Status WithPrefix(const std::string& prefix) const {
    return ok() ? *this : Status(code_, prefix + ": " + message());
  }

 private:
  Status(StatusCode code, std::string detail) : code_(code), detail_(std::move(detail)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string detail_;
  std::string file_;
  int line_ = 0;
};

inline std::string Status::message() const {
  if (file_.empty()) return detail_;
  return file_ + (line_ > 0 ? ":" + std::to_string(line_) : std::string()) + ": " + detail_;
}

inline const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      return "invalid input";
    case StatusCode::kUsage:
      return "usage";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kIo:
      return "I/O";
    case StatusCode::kInterrupted:
      return "interrupted";
    case StatusCode::kAlreadyExists:
      return "already exists";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) std::abort();  // a Result made from a Status must be an error
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    Check();
    return *value_;
  }
  const T& value() const& {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void Check() const {
    if (!value_) std::abort();
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace narrate

#define NARRATE_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::narrate::Status narrate_status_ = (expr);        \
    if (!narrate_status_.ok()) return narrate_status_; \
  } while (0)
