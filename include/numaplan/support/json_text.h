// A JSON value as a message quotes it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace numaplan {

// Compact, with bytes that are not UTF-8 as U+FFFD: a DOM built in C++ may
// hold such strings, on which nlohmann's plain dump() throws type_error 316.
inline std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace numaplan
