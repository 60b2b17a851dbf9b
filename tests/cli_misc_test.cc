// The `narrate` program as a new user meets it: usage errors, messages, reading in.
#include "tests/support/program.h"

namespace narrate::testing {
namespace {

TEST_F(Program, UsageErrorsHaveNarratesPrefixAndHint) {
  auto r = Narrate("say --rate 500 hi");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "narrate: --rate: Value 500 not in range 80 to 449\n"
                   "Run 'narrate say --help' for usage.\n");
}

}  // namespace
}  // namespace narrate::testing
