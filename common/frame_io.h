// Frames over a socket between two processes of this program: [u32 tag]
// [i64 length][payload], in the machine's byte order (both ends are the same
// build). The render worker and the fork host speak it.
//
// EINTR is retried unless the user interrupted this process
// (common/interrupt.h): then the call returns kInterrupted. Sends use
// MSG_NOSIGNAL, so a closed peer is kClosed, not SIGPIPE.
#pragma once

#include <cstdint>
#include <string>

namespace narrate {

struct Frame {
  std::uint32_t tag = 0;
  std::string payload;
};

enum class Io { kOk, kClosed, kInterrupted };

Io SendFrame(int fd, const Frame& frame);
// kClosed also for a header that is not this framing (a length over 1 TiB).
Io RecvFrame(int fd, Frame& frame);

}  // namespace narrate
