#include "numaplan/support/log.h"

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

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

struct LogCapture::Sink : spdlog::sinks::base_sink<spdlog::details::null_mutex> {
  std::string text;
  std::size_t errors = 0;
  std::size_t warnings = 0;

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    if (message.level == spdlog::level::err) ++errors;
    if (message.level == spdlog::level::warn) ++warnings;
    text.append(message.payload.data(), message.payload.size());
    text += '\n';
  }
  void flush_() override {}
};

LogCapture::LogCapture() : sink_(std::make_shared<Sink>()) { spdlog::default_logger()->sinks().push_back(sink_); }

LogCapture::~LogCapture() {
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
}

std::size_t LogCapture::errors() const { return sink_->errors; }
std::size_t LogCapture::warnings() const { return sink_->warnings; }
std::string LogCapture::take_text() { return std::move(sink_->text); }

}  // namespace numaplan
