#include "numaplan/source/text_file.h"

#include <filesystem>
#include <fstream>
#include <iterator>

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

}  // namespace numaplan::source
