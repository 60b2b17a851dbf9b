// The spoken form of text the normaliser made before, kept between runs for
// one book (common/user_cache.h): a rebuild after editing one chapter
// normalises that chapter only. Thread-safe. The file is written when the
// memo is destroyed in the process that opened it and learned something new;
// a memo that cannot be read or written is an empty one.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace narrate::pipeline {

class SpokenMemo {
 public:
  using Make = std::function<std::string(std::string_view)>;
  // Loads path ("" or unreadable: starts empty, and "" is never saved).
  static std::shared_ptr<SpokenMemo> Open(std::string path);
  // The memo of book_path's text in locale, in the user's cache; null when
  // there is no cache folder or no book.
  static std::shared_ptr<SpokenMemo> ForBook(const std::string& book_path,
                                             const std::string& locale);
  ~SpokenMemo();
  SpokenMemo(const SpokenMemo&) = delete;
  SpokenMemo& operator=(const SpokenMemo&) = delete;

  // make(text), remembered: "Dr. Smith paid $5." → "Doctor Smith paid five dollars."
  std::string Get(std::string_view text, const Make& make);
  // Writes the file now if anything new was learned.
  void Save();

 private:
  struct State;
  explicit SpokenMemo(std::string path);
  std::unique_ptr<State> state_;
};

}  // namespace narrate::pipeline
