#include "common/frame_io.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "common/interrupt.h"

namespace narrate {
namespace {

constexpr std::size_t kHeaderBytes = sizeof(std::uint32_t) + sizeof(std::int64_t);

// Moves n bytes with step (send or recv), which returns what it moved.
template <typename Step>
Io MoveAll(std::size_t n, const Step& step) {
  for (std::size_t done = 0; done < n;) {
    ssize_t k = step(done);
    if (k < 0 && errno == EINTR && !Interrupted()) continue;
    if (k < 0 && errno == EINTR) return Io::kInterrupted;
    if (k <= 0) return Io::kClosed;
    done += static_cast<std::size_t>(k);
  }
  return Io::kOk;
}

Io SendAll(int fd, const char* p, std::size_t n) {
  return MoveAll(n, [&](std::size_t done) { return ::send(fd, p + done, n - done, MSG_NOSIGNAL); });
}

Io RecvAll(int fd, char* p, std::size_t n) {
  return MoveAll(n, [&](std::size_t done) { return ::recv(fd, p + done, n - done, 0); });
}

}  // namespace

Io SendFrame(int fd, const Frame& frame) {
  char header[kHeaderBytes];
  const auto size = static_cast<std::int64_t>(frame.payload.size());
  std::memcpy(header, &frame.tag, sizeof frame.tag);
  std::memcpy(header + sizeof frame.tag, &size, sizeof size);
  Io io = SendAll(fd, header, sizeof header);
  return io == Io::kOk ? SendAll(fd, frame.payload.data(), frame.payload.size()) : io;
}

Io RecvFrame(int fd, Frame& frame) {
  char header[kHeaderBytes];
  Io io = RecvAll(fd, header, sizeof header);
  if (io != Io::kOk) return io;
  std::int64_t size = 0;
  std::memcpy(&frame.tag, header, sizeof frame.tag);
  std::memcpy(&size, header + sizeof frame.tag, sizeof size);
  if (size < 0 || size > (std::int64_t{1} << 40)) return Io::kClosed;  // not our framing
  frame.payload.resize(static_cast<std::size_t>(size));
  return RecvAll(fd, frame.payload.data(), frame.payload.size());
}

}  // namespace narrate
