#include "numaplan/source/text_file.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "numaplan/support/format.h"

namespace numaplan::source {

Expected<std::string> read_text_file(const std::string& path) {
  auto error = [&](std::string message) { return Diagnostic{Severity::error, "", path, 0, "", std::move(message)}; };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return error("a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return error("cannot read the file");
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) return error("cannot read the file");
  return text;
}

std::optional<std::string> control_byte(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7f) {
      return "byte 0x" + hex(byte, 2) + " at column " + std::to_string(i + 1);
    }
  }
  return std::nullopt;
}

}  // namespace numaplan::source
