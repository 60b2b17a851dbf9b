// The `narrate` program as a new user meets it: voices and output files.
#include "tests/support/program.h"

namespace narrate::testing {
namespace {

}  // namespace
}  // namespace narrate::testing
