#include "numaplan/version.h"

namespace numaplan {

// NUMAPLAN_VERSION is defined for this file alone (CMakeLists.txt), so a new
// version recompiles one file.
const char* const kVersion = NUMAPLAN_VERSION;

}  // namespace numaplan
