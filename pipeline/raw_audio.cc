#include "pipeline/raw_audio.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/c_file.h"

namespace narrate::pipeline {
namespace {

constexpr std::size_t kChunkSamples = 1 << 15;

Status IoError(const std::string& path) { return Status::Io(path + ": " + std::strerror(errno)); }

class RawWriter final : public encode::AudioEncoder {
 public:
  RawWriter(CFile file, std::string path, master::LevelMeter* meter)
      : file_(std::move(file)), path_(std::move(path)), meter_(meter) {}
  Status Write(std::span<const std::int16_t> samples) override {
    if (meter_ != nullptr) meter_->Add(samples);
    if (std::fwrite(samples.data(), sizeof(std::int16_t), samples.size(), file_.get()) !=
        samples.size())
      return IoError(path_);
    written_ += static_cast<std::int64_t>(samples.size());
    return Status::Ok();
  }
  Status Flush() override {
    return std::fclose(file_.release()) == 0 ? Status::Ok() : IoError(path_);
  }
  std::int64_t samples_written() const override { return written_; }

 private:
  CFile file_;
  std::string path_;
  master::LevelMeter* meter_;
  std::int64_t written_ = 0;
};

}  // namespace

Result<std::unique_ptr<encode::AudioEncoder>> OpenRawWriter(const std::string& path,
                                                            master::LevelMeter* meter) {
  CFile file(std::fopen(path.c_str(), "wb"));
  if (!file) return IoError(path);
  return std::unique_ptr<encode::AudioEncoder>(new RawWriter(std::move(file), path, meter));
}

Status ReadRaw(const std::string& path, std::int64_t limit, const RawChunkUse& use) {
  CFile file(std::fopen(path.c_str(), "rb"));
  if (!file) return IoError(path);
  std::vector<std::int16_t> chunk(kChunkSamples);
  while (limit > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::int64_t>(limit, kChunkSamples));
    const std::size_t n = std::fread(chunk.data(), sizeof(std::int16_t), want, file.get());
    if (n == 0) break;
    NARRATE_RETURN_IF_ERROR(use(std::span<const std::int16_t>(chunk.data(), n)));
    limit -= static_cast<std::int64_t>(n);
  }
  return std::ferror(file.get()) ? IoError(path) : Status::Ok();
}

}  // namespace narrate::pipeline
