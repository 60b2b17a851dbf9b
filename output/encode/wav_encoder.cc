#include <sndfile.h>

#include "output/encode/encoder.h"

namespace narrate::encode {
namespace {

class WavEncoder final : public AudioEncoder {
 public:
  WavEncoder(SNDFILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  ~WavEncoder() override {
    if (file_ != nullptr) sf_close(file_);
  }

  Status Write(std::span<const std::int16_t> samples) override {
    sf_count_t n = static_cast<sf_count_t>(samples.size());
    if (sf_write_short(file_, samples.data(), n) != n) {
      return Status::Error(path_ + ": " + sf_strerror(file_));
    }
    samples_written_ += n;
    return Status::Ok();
  }

  Status Flush() override {
    SNDFILE* f = std::exchange(file_, nullptr);
    if (sf_close(f) != 0) return Status::Error(path_ + ": cannot finish the WAV file");
    return Status::Ok();
  }

  std::int64_t samples_written() const override { return samples_written_; }

 private:
  SNDFILE* file_;
  std::string path_;
  std::int64_t samples_written_ = 0;
};

}  // namespace

Result<std::unique_ptr<AudioEncoder>> OpenWav(const std::string& path, int rate_hz) {
  SF_INFO info{};
  info.samplerate = rate_hz;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return Status::Error(path + ": " + sf_strerror(nullptr));
  return std::unique_ptr<AudioEncoder>(std::make_unique<WavEncoder>(file, path));
}

}  // namespace narrate::encode
