// The `narrate` program as a new user meets it: builds: progress, interrupts, credits.
#include "tests/support/program.h"

namespace narrate::testing {
namespace {

}  // namespace
}  // namespace narrate::testing
