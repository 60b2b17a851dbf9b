#include "tests/support/probe.h"

#include <nlohmann/json.hpp>

#include <mpg123.h>
#include <sndfile.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace narrate::testing {

std::int64_t Mp3DecodedSamples(const std::string& path, int* rate_hz) {
  return Mp3Decode(path, nullptr, rate_hz);
}

std::int64_t Mp3Decode(const std::string& path, std::vector<std::int16_t>* pcm, int* rate_hz) {
  mpg123_init();
  int err = 0;
  mpg123_handle* h = mpg123_new(nullptr, &err);
  if (h == nullptr) return -1;
  mpg123_param(h, MPG123_FLAGS, MPG123_GAPLESS | MPG123_QUIET, 0);
  mpg123_format_none(h);
  for (long rate : {22050L, 44100L, 24000L, 48000L, 32000L, 16000L}) mpg123_format(h, rate, MPG123_MONO, MPG123_ENC_SIGNED_16);
  std::int64_t total = -1;
  if (mpg123_open(h, path.c_str()) == MPG123_OK) {
    long rate = 0;
    int channels = 0, encoding = 0;
    mpg123_getformat(h, &rate, &channels, &encoding);
    if (rate_hz != nullptr) *rate_hz = static_cast<int>(rate);
    std::array<unsigned char, 65536> buf;
    std::size_t done = 0;
    total = 0;
    int rc;
    auto take = [&] {
      total += static_cast<std::int64_t>(done / 2);
      if (pcm != nullptr) {
        const auto* s = reinterpret_cast<const std::int16_t*>(buf.data());
        pcm->insert(pcm->end(), s, s + done / 2);
      }
    };
    while ((rc = mpg123_read(h, buf.data(), buf.size(), &done)) == MPG123_OK || rc == MPG123_NEW_FORMAT) take();
    take();
    if (rc != MPG123_DONE) total = -1;
    mpg123_close(h);
  }
  mpg123_delete(h);
  return total;
}

std::int64_t WavFrames(const std::string& path, int* rate_hz) {
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (f == nullptr) return -1;
  sf_close(f);
  if (rate_hz != nullptr) *rate_hz = info.samplerate;
  return info.frames;
}

CommandResult RunCommand(const std::string& command_line) {
  std::string dir = MakeTempDir();
  std::string out = dir + "/out", err = dir + "/err";
  int status = std::system((command_line + " >" + Quote(out) + " 2>" + Quote(err) + " </dev/null").c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  std::filesystem::remove_all(dir);
  return r;
}

std::vector<ProbedChapter> FfprobeChapters(const std::string& path) {
  CommandResult r = RunCommand("ffprobe -v error -show_chapters -of json " + Quote(path));
  std::vector<ProbedChapter> out;
  auto json = nlohmann::json::parse(r.out, nullptr, false);
  if (json.is_discarded() || !json.contains("chapters")) return out;
  for (const auto& c : json["chapters"]) {
    const std::string title = c.contains("tags") ? c["tags"].value("title", "") : "";
    out.push_back(
        {title, std::stod(c.value("start_time", "0")), std::stod(c.value("end_time", "0"))});
  }
  return out;
}

std::map<std::string, std::string> Ffprobe(const std::string& path) {
  CommandResult r = RunCommand("ffprobe -v error -show_entries format=duration:format_tags "
                               "-of default=noprint_wrappers=1 " + Quote(path));
  std::map<std::string, std::string> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    if (key.rfind("TAG:", 0) == 0) key = key.substr(4);
    out[key] = line.substr(eq + 1);
  }
  return out;
}

namespace {
std::map<std::string, std::string> ParseKeyValues(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::size_t eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}
}  // namespace

std::map<std::string, std::string> FfprobeStream(const std::string& path) {
  CommandResult r = RunCommand("ffprobe -v error -select_streams a:0 -show_entries stream "
                               "-of default=noprint_wrappers=1 " + Quote(path));
  return ParseKeyValues(r.out);
}

std::vector<float> Mp3DecodeFloat(const std::string& path, int* rate_hz) {
  mpg123_init();
  int err = 0;
  mpg123_handle* h = mpg123_new(nullptr, &err);
  if (h == nullptr) return {};
  mpg123_param(h, MPG123_FLAGS, MPG123_GAPLESS | MPG123_QUIET | MPG123_FORCE_FLOAT | MPG123_MONO_LEFT, 0);
  std::vector<float> out;
  if (mpg123_open(h, path.c_str()) == MPG123_OK) {
    long rate = 0;
    int channels = 0, encoding = 0;
    mpg123_getformat(h, &rate, &channels, &encoding);
    if (rate_hz != nullptr) *rate_hz = static_cast<int>(rate);
    std::vector<float> buf(16384);
    std::size_t done = 0;
    int rc;
    do {
      rc = mpg123_read(h, reinterpret_cast<unsigned char*>(buf.data()), buf.size() * sizeof(float), &done);
      out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(done / sizeof(float)));
    } while (rc == MPG123_OK || rc == MPG123_NEW_FORMAT);
    if (rc != MPG123_DONE) out.clear();
    mpg123_close(h);
  }
  mpg123_delete(h);
  return out;
}

std::vector<float> SndfileDecodeFloat(const std::string& path, int* rate_hz) {
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (f == nullptr) return {};
  if (rate_hz != nullptr) *rate_hz = info.samplerate;
  std::vector<float> frames(static_cast<std::size_t>(info.frames * info.channels));
  sf_count_t got = sf_readf_float(f, frames.data(), info.frames);
  sf_close(f);
  std::vector<float> out(static_cast<std::size_t>(got));
  for (sf_count_t i = 0; i < got; ++i) out[i] = frames[static_cast<std::size_t>(i * info.channels)];
  return out;
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "narrate-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  return made ? std::string(made) : std::string();
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace narrate::testing
