// A C stdio file that closes itself: CFile f(std::fopen(path, "rb")).
#pragma once

#include <cstdio>
#include <memory>

namespace narrate {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using CFile = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace narrate
