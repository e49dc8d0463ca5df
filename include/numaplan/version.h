// numaplan's version: project(numaplan VERSION ...) in CMakeLists.txt.
#pragma once

namespace numaplan {

// "numaplan --version" and the "numaplan_version" member of every JSON document.
extern const char* const kVersion;

}  // namespace numaplan
