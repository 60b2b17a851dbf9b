// The long-lived render worker: results depend on the request alone (equal to
// a fresh process's render), words and phonemes are where they should be, and
// a dead child is an error, not a hang. The test process never opens eSpeak:
// the reference renders run in forked children, as builds do.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <thread>

#include "pipeline/caption_text.h"
#include "pipeline/pipeline.h"
#include "pipeline/render_worker.h"
#include "tts/synth/engine.h"

namespace narrate::pipeline {
namespace {

const char kParagraph[] =
    "It was 1987, and Captain Orrin paid $4.50 for seventeen apples; nobody knew why. "
    "The clockmaker's daughter laughed, and the whole market square fell silent.";

class Collect final : public synth::SpeechSink {
 public:
  Status OnAudio(std::span<const std::int16_t> s) override {
    pcm.insert(pcm.end(), s.begin(), s.end());
    return Status::Ok();
  }
  std::vector<std::int16_t> pcm;
};

// What a build's fresh worker makes of the utterance: a new process opens
// eSpeak (without phoneme events: builds ask for them, the audio is the
// same) and speaks it once.
std::vector<std::int16_t> FreshProcessPcm(const Utterance& utterance,
                                          const voices::VoiceSettings& voice) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    auto engine = synth::OpenEspeak(voice);
    Collect sink;
    if (!engine.ok() || !(*engine)->Speak(utterance, sink).ok()) ::_exit(1);
    const char* p = reinterpret_cast<const char*>(sink.pcm.data());
    for (std::size_t n = sink.pcm.size() * 2; n > 0;) {
      ssize_t k = ::write(fds[1], p, n);
      if (k <= 0) ::_exit(1);
      p += k;
      n -= static_cast<std::size_t>(k);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string bytes;
  char buf[65536];
  for (ssize_t k; (k = ::read(fds[0], buf, sizeof buf)) > 0;) {
    bytes.append(buf, static_cast<std::size_t>(k));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::vector<std::int16_t> pcm(bytes.size() / 2);
  std::memcpy(pcm.data(), bytes.data(), pcm.size() * 2);
  return pcm;
}

// Pieces it prepares carry `voice` (the voice below the seam).
TextPreparer Preparer(const voices::VoiceSettings& voice = {}) {
  auto preparer = TextPreparer::Create(SpeechOptions{voice, {}, {}}, "");
  EXPECT_TRUE(preparer.ok()) << preparer.status().message();
  return *preparer;
}

TEST(RenderWorker, SameTextGivesTheSamePcmWhateverCameBefore) {
  const TextPreparer preparer = Preparer();
  const voices::VoiceSettings en;
  const PreparedParagraph p = PrepareParagraph(preparer, kParagraph, 0);
  RenderWorker worker;
  ASSERT_TRUE(worker.Start(en).ok());
  auto first = worker.Render(p, en);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_GT(first->pcm.size(), 22050u);
  EXPECT_EQ(first->sample_rate_hz, 22050);
  // Other work in between: other text, phonemes, the voice list, the same text.
  ASSERT_TRUE(worker.Render(preparer, "Meanwhile, in a distant city, it rained.", en).ok());
  ASSERT_TRUE(worker.Phonemes(PlainUtterance("hello world"), en).ok());
  ASSERT_TRUE(worker.ListVoices().ok());
  ASSERT_TRUE(worker.Render(p, en).ok());
  auto again = worker.Render(p, en);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(first->pcm == again->pcm) << first->pcm.size() << " vs " << again->pcm.size();
  EXPECT_TRUE(first->pcm == FreshProcessPcm(p.utterance, en));
}

// A variant with breath noise (libc rand()) and another rate: switching
// voices restarts the child, and switching back gives the first result again.
TEST(RenderWorker, VoiceSwitchesMatchFreshProcesses) {
  const voices::VoiceSettings en, f2{"en-us+f2", 220, 60};
  const PreparedParagraph p = PrepareParagraph(Preparer(en), kParagraph, 0);
  const PreparedParagraph q = PrepareParagraph(Preparer(f2), kParagraph, 0);
  RenderWorker worker;
  auto a = worker.Render(p, en);  // starts the child itself
  ASSERT_TRUE(a.ok()) << a.status().message();
  auto b = worker.Render(q, f2);
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(worker.voice().name, "en-us+f2");
  EXPECT_FALSE(a->pcm == b->pcm);
  EXPECT_TRUE(b->pcm == FreshProcessPcm(q.utterance, f2));
  auto b2 = worker.Render(q, f2);
  ASSERT_TRUE(b2.ok());
  EXPECT_TRUE(b->pcm == b2->pcm);
  auto a2 = worker.Render(p, en);
  ASSERT_TRUE(a2.ok());
  EXPECT_TRUE(a->pcm == a2->pcm);
}

// Pieces keep their own voices across the socket: a fast piece in a worker
// opened at the default rate is spoken fast, as a build's worker speaks it.
TEST(RenderWorker, PiecesAreSpokenInTheirOwnVoices) {
  const voices::VoiceSettings en, fast{"en", 400, 50};
  PreparedParagraph p = PrepareParagraph(Preparer(en), kParagraph, 0);
  const PreparedParagraph plain = p;
  for (SpeechPiece& piece : p.utterance) piece.voice = fast;
  RenderWorker worker;
  auto quick = worker.Render(p, en);
  ASSERT_TRUE(quick.ok()) << quick.status().message();
  auto normal = worker.Render(plain, en);
  ASSERT_TRUE(normal.ok()) << normal.status().message();
  EXPECT_LT(quick->pcm.size() * 3, normal->pcm.size() * 2);
  EXPECT_TRUE(quick->pcm == FreshProcessPcm(p.utterance, en));
}

TEST(RenderWorker, WordsAreTimedAndCarryTheirPhonemes) {
  const TextPreparer preparer = Preparer();
  RenderWorker worker;
  auto r = worker.Render(preparer, "Hello world. It was 1987.", voices::VoiceSettings{});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_GE(r->words.size(), 5u);
  EXPECT_EQ(r->spoken, "Hello world. It was nineteen eighty seven.");
  EXPECT_EQ(r->engine_input, r->spoken);
  const RenderedWord& hello = r->words[0];
  const RenderedWord& world = r->words[1];
  EXPECT_EQ(hello.spoken, "Hello");
  EXPECT_EQ(hello.text_begin, 0u);
  EXPECT_EQ(hello.text_end, 5u);
  EXPECT_TRUE(hello.exact);
  EXPECT_EQ(world.spoken, "world");
  EXPECT_EQ(world.text_begin, 6u);
  EXPECT_EQ(hello.phonemes, (std::vector<std::string>{"h", "@", "l", "oU"}));
  EXPECT_EQ(world.phonemes, (std::vector<std::string>{"w", "3:", "l", "d"}));
  // "1987" is said as several words, all pointing at the written number.
  const RenderedWord& year = r->words[4];
  EXPECT_EQ(year.text_begin, 20u);
  EXPECT_EQ(year.text_end, 24u);
  EXPECT_FALSE(year.exact);
  std::int64_t previous = -1;
  for (const RenderedWord& w : r->words) {
    EXPECT_GT(w.start_sample, previous) << w.spoken;
    EXPECT_GT(w.end_sample, w.start_sample) << w.spoken;
    EXPECT_LE(w.end_sample, static_cast<std::int64_t>(r->pcm.size())) << w.spoken;
    EXPECT_FALSE(w.phonemes.empty()) << w.spoken;
    previous = w.start_sample;
  }
  // The sound of "Hello" starts inside it: not silence.
  EXPECT_NE(r->pcm[static_cast<std::size_t>(hello.start_sample)], 0);
}

TEST(RenderWorker, NothingToSayIsNoAudio) {
  RenderWorker worker;
  auto r = worker.Render(Preparer(), " ", voices::VoiceSettings{});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->sample_rate_hz, 22050);
  EXPECT_TRUE(r->words.empty());
  EXPECT_EQ(std::count_if(r->pcm.begin(), r->pcm.end(), [](std::int16_t v) { return v != 0; }), 0);
}

TEST(RenderWorker, PhonemesAndVoices) {
  RenderWorker worker;
  const voices::VoiceSettings en;
  auto phonemes = worker.Phonemes(PlainUtterance("hello world"), en);
  ASSERT_TRUE(phonemes.ok()) << phonemes.status().message();
  EXPECT_EQ(*phonemes, "h@l'oU w'3:ld");
  Utterance inline_phonemes{SpeechPiece{SpeechPiece::Kind::kPhonemes, "kr'oUn0s", 0, {}}};
  auto given = worker.Phonemes(inline_phonemes, en);
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(*given, "kr'oUn0s");
  auto ipa = worker.Phonemes(PlainUtterance("hello"), en, synth::PhonemeAlphabet::kIpa);
  ASSERT_TRUE(ipa.ok());
  EXPECT_EQ(*ipa, "həlˈəʊ");
  auto voices = worker.ListVoices();
  ASSERT_TRUE(voices.ok());
  auto has = [&](const std::string& name) {
    return std::any_of(voices->begin(), voices->end(),
                       [&](const synth::VoiceInfo& v) { return v.name == name; });
  };
  EXPECT_TRUE(has("en-us"));
  EXPECT_TRUE(has("+f2"));
}

TEST(RenderWorker, ADeadChildIsAnErrorThenARestart) {
  const TextPreparer preparer = Preparer();
  const voices::VoiceSettings en;
  RenderWorker worker;
  ASSERT_TRUE(worker.Start(en).ok());
  auto before = worker.Render(preparer, "Still here.", en);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(::kill(worker.child_pid(), SIGKILL), 0);
  auto failed = worker.Render(preparer, "Still here.", en);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kInternal);
  EXPECT_FALSE(worker.running());
  auto after = worker.Render(preparer, "Still here.", en);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_TRUE(before->pcm == after->pcm);
}

// The process serving one request (a grandchild of ours), once it exists;
// -1 if none appears (the polling bounds it, it times nothing).
pid_t ServingProcess(pid_t child) {
  const std::string path =
      "/proc/" + std::to_string(child) + "/task/" + std::to_string(child) + "/children";
  for (int polls = 0; polls < 100000; ++polls) {
    std::FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) return -1;
    int pid = -1;
    const int found = std::fscanf(f, "%d", &pid);
    std::fclose(f);
    if (found == 1) return pid;
    ::usleep(100);
  }
  return -1;
}

// A request whose process dies fails, and the worker stays up for the next.
TEST(RenderWorker, ARequestThatDiesIsAnErrorAndTheWorkerGoesOn) {
  const TextPreparer preparer = Preparer();
  const voices::VoiceSettings en;
  RenderWorker worker;
  ASSERT_TRUE(worker.Start(en).ok());
  const pid_t child = worker.child_pid();
  std::string long_text;
  for (int i = 0; i < 12; ++i) long_text += std::string(kParagraph) + " ";
  std::thread killer([child] {
    const pid_t serving = ServingProcess(child);
    if (serving > 0) ::kill(serving, SIGKILL);
  });
  auto killed = worker.Render(preparer, long_text, en);
  killer.join();
  ASSERT_FALSE(killed.ok());
  EXPECT_EQ(killed.status().code(), StatusCode::kInternal);
  EXPECT_NE(killed.status().message().find("signal 9"), std::string::npos)
      << killed.status().message();
  EXPECT_TRUE(worker.running());
  auto after = worker.Render(preparer, "Still here.", en);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(worker.child_pid(), child);
}

TEST(RenderWorker, AnUnknownVoiceFailsToStart) {
  RenderWorker worker;
  Status started = worker.Start(voices::VoiceSettings{"xx-nowhere", 175, 50});
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.message().find("xx-nowhere"), std::string::npos) << started.message();
  EXPECT_FALSE(worker.running());
  auto rendered = worker.Render(PrepareParagraph(Preparer(), "Hi.", 0),
                                voices::VoiceSettings{"xx-nowhere", 175, 50});
  EXPECT_FALSE(rendered.ok());
  EXPECT_FALSE(worker.Start(voices::VoiceSettings{"en", 9999, 50}).ok());
}

}  // namespace
}  // namespace narrate::pipeline
