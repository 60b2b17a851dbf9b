#include "pipeline/spoken_memo.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/atomic_file.h"
#include "common/byte_codec.h"
#include "common/hash.h"
#include "common/user_cache.h"

namespace narrate::pipeline {
namespace {

constexpr std::uint64_t kMagic = 0x314f4d454d4e;  // "NMEMO1"
// At most this many entries are kept, the least recently used dropped first.
constexpr std::size_t kMaxEntries = 50000;
constexpr std::size_t kMemoFiles = 32;

struct Entry {
  std::string spoken;
  std::uint64_t last_run = 0;
};

// Text's key: a 64-bit hash and its length.
using Key = std::pair<std::uint64_t, std::uint64_t>;
struct KeyHash {
  std::size_t operator()(const Key& k) const { return k.first ^ (k.second * 0x9e3779b97f4a7c15); }
};

Key KeyOf(std::string_view text) { return {std::hash<std::string_view>{}(text), text.size()}; }

}  // namespace

struct SpokenMemo::State {
  std::string path;
  pid_t owner = ::getpid();
  std::uint64_t run = 1;
  std::unordered_map<Key, Entry, KeyHash> entries;
  bool learned = false;
  bool in_user_cache = false;  // ForBook's: its folder holds other books' memos
  std::mutex mutex;
};

SpokenMemo::SpokenMemo(std::string path) : state_(std::make_unique<State>()) {
  state_->path = std::move(path);
}

std::shared_ptr<SpokenMemo> SpokenMemo::Open(std::string path) {
  std::shared_ptr<SpokenMemo> memo(new SpokenMemo(path));
  auto bytes = path.empty() ? Result<std::string>(std::string()) : ReadWholeFile(path);
  if (!bytes.ok() || bytes->empty()) return memo;
  ByteReader r(*bytes);
  if (r.U64() != kMagic) return memo;
  memo->state_->run = r.U64() + 1;
  for (std::uint64_t n = r.U64(); n > 0 && r.ok(); --n) {
    const Key key{r.U64(), r.U64()};
    const std::uint64_t last_run = r.U64();
    memo->state_->entries[key] = Entry{r.Str(), last_run};
  }
  if (!r.done()) memo->state_->entries.clear();  // cut short: start again
  return memo;
}

std::shared_ptr<SpokenMemo> SpokenMemo::ForBook(const std::string& book_path,
                                                const std::string& locale) {
  if (book_path.empty()) return nullptr;
  const std::string dir = UserCacheDir("spoken");
  if (dir.empty()) return nullptr;
  std::error_code ec;
  const std::string absolute = std::filesystem::absolute(book_path, ec).string();
  auto memo = Open(dir + "/" + Hasher().Add(ProgramIdentity()).Add(absolute).Add(locale).Hex());
  memo->state_->in_user_cache = true;
  return memo;
}

SpokenMemo::~SpokenMemo() {
  if (::getpid() == state_->owner) Save();
}

std::string SpokenMemo::Get(std::string_view text, const Make& make) {
  const Key key = KeyOf(text);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->entries.find(key);
    if (it != state_->entries.end()) {
      it->second.last_run = state_->run;
      return it->second.spoken;
    }
  }
  std::string spoken = make(text);
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->entries[key] = Entry{spoken, state_->run};
  state_->learned = true;
  return spoken;
}

void SpokenMemo::Save() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (!state_->learned || state_->path.empty()) return;
  std::vector<std::pair<Key, const Entry*>> kept;
  for (const auto& [key, entry] : state_->entries) kept.emplace_back(key, &entry);
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.second->last_run != b.second->last_run ? a.second->last_run > b.second->last_run
                                                    : a.first < b.first;
  });
  kept.resize(std::min(kept.size(), kMaxEntries));
  ByteWriter w;
  w.U64(kMagic).U64(state_->run).U64(kept.size());
  for (const auto& [key, entry] : kept)
    w.U64(key.first).U64(key.second).U64(entry->last_run).Str(entry->spoken);
  if (!WriteFileAtomically(state_->path, w.bytes()).ok()) return;
  state_->learned = false;
  if (state_->in_user_cache)
    PruneCacheDir(std::filesystem::path(state_->path).parent_path().string(), kMemoFiles);
}

}  // namespace narrate::pipeline
