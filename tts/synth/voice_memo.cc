#include "tts/synth/voice_memo.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>

#include "common/atomic_file.h"
#include "common/hash.h"
#include "common/user_cache.h"

namespace narrate::synth {
namespace {

struct Memo {
  bool loaded = false;
  std::string engine;
  std::string path;  // "": nothing kept across runs
  std::map<std::string, std::string> files;
};

// Memos kept (one per narrate build and eSpeak installation), newest first.
constexpr std::size_t kMemoFiles = 8;

std::mutex g_mutex;

// A name or a voice file as eSpeak's own files are named: "en", "gmw/en-GB-scotland".
// Nothing that could leave the data folder ("../x", "/x") or start a variant ("!v/f2").
bool Storable(const std::string& s) {
  if (s.empty() || s.size() >= 40 || s.front() == '/' || s.back() == '/') return false;
  if (s.find("..") != std::string::npos || s.find("//") != std::string::npos) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '/';
    if (!ok) return false;
  }
  return true;
}

// "en\tgmw/en\n" lines; a malformed line is skipped.
std::map<std::string, std::string> ParseMemo(const std::string& text) {
  std::map<std::string, std::string> files;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string name = line.substr(0, tab), file = line.substr(tab + 1);
    if (Storable(name) && Storable(file)) files[name] = file;
  }
  return files;
}

// The memo of engine, read on first use (a new engine replaces the old one).
Memo& MemoFor(const std::string& engine) {
  static Memo memo;
  if (memo.loaded && memo.engine == engine) return memo;
  memo = Memo{true, engine, "", {}};
  const std::string dir = UserCacheDir("voices");
  if (dir.empty()) return memo;
  memo.path = dir + "/" + Hasher().Add(ProgramIdentity()).Add(engine).Hex();
  if (auto text = ReadWholeFile(memo.path); text.ok()) memo.files = ParseMemo(*text);
  return memo;
}

}  // namespace

bool KeepsVoiceFiles(const std::string& engine) {
  std::lock_guard<std::mutex> lock(g_mutex);
  return !MemoFor(engine).path.empty();
}

std::string RememberedVoiceFile(const std::string& engine, const std::string& name) {
  std::lock_guard<std::mutex> lock(g_mutex);
  const Memo& memo = MemoFor(engine);
  auto it = memo.files.find(name);
  return it == memo.files.end() ? "" : it->second;
}

void RememberVoiceFile(const std::string& engine, const std::string& name,
                       const std::string& file) {
  if (!Storable(name) || !Storable(file)) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  Memo& memo = MemoFor(engine);
  if (memo.files[name] == file) return;
  memo.files[name] = file;
  if (memo.path.empty()) return;
  std::string text;
  for (const auto& [n, f] : memo.files) text += n + "\t" + f + "\n";
  if (!WriteFileAtomically(memo.path, text).ok()) return;  // a cache: costs a search later
  PruneCacheDir(std::filesystem::path(memo.path).parent_path().string(), kMemoFiles);
}

}  // namespace narrate::synth
