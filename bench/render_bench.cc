// Times rendering one paragraph to memory through the long-lived render
// worker (pipeline/render_worker.h). Prints one line per figure, for
// bench/render_paragraph.sh: "start MS", "call N MS SAMPLES", "tiny N MS".
//
//   render_bench PARAGRAPH_FILE [CALLS] [VOICE]
//
// CALLS "-" reads commands from stdin instead, one a line: "render" or
// "tiny", answering each with its line, so a driver can interleave other
// runs (load on a shared machine then weighs on both sides alike).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "common/atomic_file.h"
#include "pipeline/pipeline.h"
#include "pipeline/render_worker.h"

namespace {

using narrate::pipeline::RenderWorker;

double MsSince(std::chrono::steady_clock::time_point start) {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

int Fail(const narrate::Status& status) {
  std::fprintf(stderr, "render_bench: %s\n", status.message().c_str());
  return 1;
}

narrate::Status Render(RenderWorker& worker, const narrate::pipeline::TextPreparer& preparer,
                       const std::string& text, int n) {
  auto t0 = std::chrono::steady_clock::now();
  auto rendered = worker.Render(preparer, text, worker.voice());
  if (!rendered.ok()) return rendered.status();
  std::printf("call %d %.3f %zu\n", n, MsSince(t0), rendered->pcm.size());
  return narrate::Status::Ok();
}

// A request that synthesises nothing: what the per-request fork (which
// restores eSpeak's state) and the round trip cost.
narrate::Status Tiny(RenderWorker& worker, int n) {
  auto t0 = std::chrono::steady_clock::now();
  auto phonemes = worker.Phonemes(narrate::PlainUtterance("a"), worker.voice());
  if (!phonemes.ok()) return phonemes.status();
  std::printf("tiny %d %.3f\n", n, MsSince(t0));
  return narrate::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: render_bench PARAGRAPH_FILE [CALLS] [VOICE]\n");
    return 2;
  }
  const bool interactive = argc > 2 && std::string(argv[2]) == "-";
  const int calls = argc > 2 && !interactive ? std::atoi(argv[2]) : 21;
  narrate::pipeline::SpeechOptions speech;
  if (argc > 3) speech.voice.name = argv[3];
  auto text = narrate::ReadWholeFile(argv[1]);
  if (!text.ok()) return Fail(text.status());
  auto preparer = narrate::pipeline::TextPreparer::Create(speech, "");
  if (!preparer.ok()) return Fail(preparer.status());
  RenderWorker worker;
  auto t0 = std::chrono::steady_clock::now();
  if (auto started = worker.Start(speech.voice); !started.ok()) return Fail(started);
  std::printf("start %.3f\n", MsSince(t0));
  std::fflush(stdout);
  if (interactive) {
    int n = 0;
    for (std::string line; std::getline(std::cin, line);) {
      narrate::Status done =
          line == "tiny" ? Tiny(worker, ++n) : Render(worker, *preparer, *text, ++n);
      if (!done.ok()) return Fail(done);
      std::fflush(stdout);
    }
    return 0;
  }
  for (int i = 1; i <= calls; ++i) {
    if (auto done = Render(worker, *preparer, *text, i); !done.ok()) return Fail(done);
  }
  for (int i = 1; i <= calls; ++i) {
    if (auto done = Tiny(worker, i); !done.ok()) return Fail(done);
  }
  return 0;
}
