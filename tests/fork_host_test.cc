// The fork host: jobs run in children of a process forked while its owner had
// one thread, and report back; Cancel stops them.
#include "common/fork_host.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

namespace narrate {
namespace {

int g_counter = 0;  // written by the test after the host was made

// Every message of one run, and how its child ended.
struct RunResult {
  std::vector<std::string> messages;
  int wait_status = -1;
};

RunResult RunOnce(ForkHost& host) {
  RunResult result;
  EXPECT_TRUE(host.Run().ok());
  for (;;) {
    auto message = host.Next();
    EXPECT_TRUE(message.ok()) << message.status().message();
    if (!message.ok()) return result;
    if (message->ended) {
      result.wait_status = message->wait_status;
      return result;
    }
    result.messages.push_back(message->text);
  }
}

TEST(ForkHostTest, AJobsMessagesArriveInOrderThenHowItEnded) {
  auto host = ForkHost::Start([](const ForkHost::Send& send) {
    for (int i = 1; i <= 3; ++i) send("part " + std::to_string(i));
    send(std::string(1 << 20, 'x'));  // larger than a socket's buffer
  });
  ASSERT_TRUE(host.ok());
  for (int run = 0; run < 2; ++run) {  // the host serves one run after another
    const RunResult r = RunOnce(**host);
    ASSERT_EQ(r.messages.size(), 4u);
    EXPECT_EQ(r.messages[0], "part 1");
    EXPECT_EQ(r.messages[2], "part 3");
    EXPECT_EQ(r.messages[3].size(), std::size_t{1} << 20);
    ASSERT_TRUE(WIFEXITED(r.wait_status));
    EXPECT_EQ(WEXITSTATUS(r.wait_status), 0);
  }
}

TEST(ForkHostTest, TheJobSeesTheProgramAsItWasWhenTheHostWasMade) {
  g_counter = 1;
  auto host = ForkHost::Start([](const ForkHost::Send& send) {
    send(std::to_string(g_counter));
    ++g_counter;  // the child's copy only
  });
  ASSERT_TRUE(host.ok());
  g_counter = 42;
  EXPECT_EQ(RunOnce(**host).messages, (std::vector<std::string>{"1"}));
  EXPECT_EQ(RunOnce(**host).messages, (std::vector<std::string>{"1"}));
  EXPECT_EQ(g_counter, 42);
}

TEST(ForkHostTest, AJobThatThrowsEndsWithCodeTwo) {
  auto host = ForkHost::Start([](const ForkHost::Send&) { throw std::runtime_error("no"); });
  ASSERT_TRUE(host.ok());
  const RunResult r = RunOnce(**host);
  EXPECT_TRUE(r.messages.empty());
  ASSERT_TRUE(WIFEXITED(r.wait_status));
  EXPECT_EQ(WEXITSTATUS(r.wait_status), 2);
}

TEST(ForkHostTest, CancelStopsTheRunningChild) {
  auto host = ForkHost::Start([](const ForkHost::Send& send) {
    send("started");
    ::sleep(60);
    send("not reached");
  });
  ASSERT_TRUE(host.ok());
  ASSERT_TRUE((*host)->Run().ok());
  auto first = (*host)->Next();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->text, "started");
  (*host)->Cancel();
  auto end = (*host)->Next();
  ASSERT_TRUE(end.ok());
  ASSERT_TRUE(end->ended);
  ASSERT_TRUE(WIFSIGNALED(end->wait_status));
  EXPECT_EQ(WTERMSIG(end->wait_status), SIGTERM);
  // Cancelled before its child has started: the child is stopped as it starts.
  ASSERT_TRUE((*host)->Run().ok());
  (*host)->Cancel();
  for (;;) {
    auto m = (*host)->Next();
    ASSERT_TRUE(m.ok());
    if (m->ended) break;
  }
}

TEST(ForkHostTest, DestroyingTheHostStopsItsChild) {
  auto host = ForkHost::Start([](const ForkHost::Send& send) {
    send(std::to_string(::getpid()));
    ::sleep(60);
  });
  ASSERT_TRUE(host.ok());
  ASSERT_TRUE((*host)->Run().ok());
  auto pid = (*host)->Next();
  ASSERT_TRUE(pid.ok());
  const pid_t child = std::stoi(pid->text);
  EXPECT_EQ(::kill(child, 0), 0);
  host->reset();  // returns once the host and its child have ended
  EXPECT_NE(::kill(child, 0), 0);
}

// The reason for the host: children forked while another thread allocates.
// Under AddressSanitizer a plain fork here leaves the child waiting for ever
// on the allocator's lock that the other thread held (GCC 12's libasan takes
// no lock around fork); from the host every child starts and ends.
TEST(ForkHostTest, ChildrenOfAThreadedOwnerStartAndEnd) {
  auto host = ForkHost::Start([](const ForkHost::Send& send) {
    std::vector<std::string> strings;
    for (int i = 0; i < 2000; ++i) strings.emplace_back(100, 'y');
    send(std::to_string(strings.size()));
  });
  ASSERT_TRUE(host.ok());
  std::atomic<bool> stop{false};
  std::thread allocator([&] {
    std::vector<std::string> strings;
    while (!stop) {
      strings.emplace_back(100, 'x');
      if (strings.size() > 1000) strings.clear();
    }
  });
  int ended = 0;
  for (int run = 0; run < 100; ++run) {
    const RunResult r = RunOnce(**host);
    ended += r.messages == std::vector<std::string>{"2000"} && WIFEXITED(r.wait_status);
  }
  stop = true;
  allocator.join();
  EXPECT_EQ(ended, 100);
}

}  // namespace
}  // namespace narrate
