// WAV and FLAC through libsndfile.
#include <sndfile.h>

#include "output/encode/encoder.h"

namespace narrate::encode {
namespace {

class SndfileEncoder final : public AudioEncoder {
 public:
  SndfileEncoder(SNDFILE* file, std::string path, std::string kind)
      : file_(file), path_(std::move(path)), kind_(std::move(kind)) {}
  ~SndfileEncoder() override {
    if (file_ != nullptr) sf_close(file_);
  }

  Status Write(std::span<const std::int16_t> samples) override {
    sf_count_t n = static_cast<sf_count_t>(samples.size());
    if (sf_write_short(file_, samples.data(), n) != n) return Status::Error(path_ + ": " + sf_strerror(file_));
    samples_written_ += n;
    return Status::Ok();
  }

  // Normalised floats (libsndfile's default): 1.0 is full scale.
  Status WriteFloat(std::span<const float> samples) override {
    sf_count_t n = static_cast<sf_count_t>(samples.size());
    if (sf_write_float(file_, samples.data(), n) != n) return Status::Error(path_ + ": " + sf_strerror(file_));
    samples_written_ += n;
    return Status::Ok();
  }

  Status Flush() override {
    SNDFILE* f = std::exchange(file_, nullptr);
    if (sf_close(f) != 0) return Status::Error(path_ + ": cannot finish the " + kind_ + " file");
    return Status::Ok();
  }

  std::int64_t samples_written() const override { return samples_written_; }

 private:
  SNDFILE* file_;
  std::string path_;
  std::string kind_;
  std::int64_t samples_written_ = 0;
};

Result<std::unique_ptr<AudioEncoder>> Open(const std::string& path, int rate_hz, int format,
                                           const std::string& kind) {
  SF_INFO info{};
  info.samplerate = rate_hz;
  info.channels = 1;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return Status::Error(path + ": " + sf_strerror(nullptr));
  // Without this, floats beyond [-1, 1] wrap around instead of clipping.
  sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  return std::unique_ptr<AudioEncoder>(std::make_unique<SndfileEncoder>(file, path, kind));
}

}  // namespace

Result<std::unique_ptr<AudioEncoder>> OpenWav(const std::string& path, int rate_hz) {
  return Open(path, rate_hz, SF_FORMAT_WAV | SF_FORMAT_PCM_16, "WAV");
}

Result<std::unique_ptr<AudioEncoder>> OpenFlac(const std::string& path, int rate_hz) {
  return Open(path, rate_hz, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "FLAC");
}

}  // namespace narrate::encode

namespace narrate::encode {

// Parts of WAV/FLAC join without any gap: decode and append.
Result<JoinedMp3> JoinSoundFiles(const std::vector<std::string>& part_paths, const std::string& output_path) {
  JoinedMp3 joined;
  SF_INFO first{};
  SNDFILE* out = nullptr;
  std::vector<short> buffer(1 << 15);
  auto fail = [&](SNDFILE* in, const std::string& message) -> Status {
    if (in != nullptr) sf_close(in);
    if (out != nullptr) sf_close(out);
    return Status::Error(message);
  };
  for (const std::string& path : part_paths) {
    SF_INFO info{};
    SNDFILE* in = sf_open(path.c_str(), SFM_READ, &info);
    if (in == nullptr) return fail(nullptr, path + ": " + sf_strerror(nullptr));
    if (out == nullptr) {
      first = info;
      out = sf_open(output_path.c_str(), SFM_WRITE, &first);
      if (out == nullptr) return fail(in, output_path + ": " + sf_strerror(nullptr));
    }
    if (info.samplerate != first.samplerate || info.channels != 1 || info.format != first.format) {
      return fail(in, path + ": was encoded with other settings than " + part_paths.front());
    }
    joined.part_start_samples.push_back(joined.samples);
    for (sf_count_t n; (n = sf_read_short(in, buffer.data(), static_cast<sf_count_t>(buffer.size()))) > 0;) {
      if (sf_write_short(out, buffer.data(), n) != n) return fail(in, output_path + ": " + sf_strerror(out));
      joined.samples += n;
    }
    if (sf_error(in) != SF_ERR_NO_ERROR) return fail(in, path + ": " + sf_strerror(in));
    sf_close(in);
  }
  if (out == nullptr) return Status::Error(output_path + ": nothing to join");
  if (sf_close(out) != 0) return Status::Error(output_path + ": cannot finish the file");
  return joined;
}

}  // namespace narrate::encode
