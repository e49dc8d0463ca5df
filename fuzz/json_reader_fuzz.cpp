// Text -> JsonDocument::parse, against nlohmann::json: the reader the encoder
// reads dump's JSON with accepts what nlohmann::json::accept accepts (but a
// key given twice in one object, nesting deeper than kMaxJsonDepth and a NUL
// byte, which it refuses), and what it reads, written back
// (JsonValue::text()), is the value nlohmann reads from the input.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "numaplan/support/json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto document = JsonDocument::parse(text);
  // A NUL byte is not JSON anywhere (in a string it is a control character,
  // outside one not whitespace), but nlohmann's lexer takes it for the end of
  // the input, as in a C string, and accepts "1\0x": only the reader is asked.
  if (text.find('\0') != std::string_view::npos) {
    if (document) __builtin_trap();
    return 0;
  }
  const bool nlohmann_accepts = nlohmann::json::accept(text);
  if (!document) {
    const std::string& message = document.error().message;
    const bool refused_on_purpose = message.find("is given twice in one object") != std::string::npos ||
                                    message.find("nesting deeper than") != std::string::npos;
    if (nlohmann_accepts && !refused_on_purpose) __builtin_trap();
    return 0;
  }
  if (!nlohmann_accepts) __builtin_trap();
  if (nlohmann::json::parse(document->root().text()) != nlohmann::json::parse(text)) __builtin_trap();
  return 0;
}
