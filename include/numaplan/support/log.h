// Diagnostics go to stderr through spdlog (DESIGN §3); results go to stdout.
#pragma once

#include "numaplan/support/diagnostic.h"

namespace numaplan {

// Sets up the stderr logger: "numaplan: <message>".
void init_logging(bool verbose);
void log(const Diagnostic& diagnostic);
void log(const Diagnostics& diagnostics);

}  // namespace numaplan
