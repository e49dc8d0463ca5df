#include "numaplan/support/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace numaplan {

void init_logging(bool verbose) {
  auto logger = spdlog::stderr_logger_st("numaplan");
  logger->set_pattern("numaplan: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void log(const Diagnostic& diagnostic) {
  switch (diagnostic.severity) {
    case Severity::error: spdlog::error(diagnostic.format()); break;
    case Severity::warning: spdlog::warn(diagnostic.format()); break;
    case Severity::note: spdlog::info(diagnostic.format()); break;
  }
}

void log(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics) log(d);
}

}  // namespace numaplan
