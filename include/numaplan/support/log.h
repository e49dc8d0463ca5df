// Diagnostics go to stderr through spdlog (DESIGN §3); results go to stdout.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "numaplan/support/diagnostic.h"

namespace numaplan {

// Sets up the stderr logger: "numaplan: <message>".
void init_logging(bool verbose);
void log(const Diagnostic& diagnostic);
void log(const Diagnostics& diagnostics);

// While it lives, what is logged also goes here (beside stderr): the errors
// and warnings counted and every message's text, one a line (numaplan --each
// keeps them per machine). spdlog stays inside src/support/log.cpp: its
// implementation, compiled from its headers, is built once.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::size_t errors() const;
  std::size_t warnings() const;
  std::string take_text();

 private:
  struct Sink;
  std::shared_ptr<Sink> sink_;
};

}  // namespace numaplan
