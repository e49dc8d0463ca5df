#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "numaplan/source/load.h"

namespace numaplan::source {

namespace {

namespace fs = std::filesystem;

Diagnostic input_error(const std::string& origin, std::string message) {
  return Diagnostic{Severity::error, "", origin, 0, "", std::move(message)};
}

// sysfs reports table files with a size of 0 or 4096, so read to the end,
// in blocks (a character at a time was a third of `dump`'s run time).
bool read_file(const fs::path& path, std::vector<std::uint8_t>& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  constexpr std::size_t kBlock = 1 << 16;
  bytes.clear();
  while (in) {
    const std::size_t used = bytes.size();
    bytes.resize(used + kBlock);
    in.read(reinterpret_cast<char*>(bytes.data() + used), kBlock);
    bytes.resize(used + static_cast<std::size_t>(in.gcount()));
  }
  return !in.bad();
}

// One file's tables. In a directory, a file that is no table is only noted.
void load_file(const fs::path& path, bool inside_directory, Inputs& inputs) {
  const std::string origin = path.string();
  std::vector<std::uint8_t> bytes;
  if (!read_file(path, bytes)) {
    inputs.diagnostics.push_back(input_error(origin, "cannot read the file"));
    inputs.unreadable = true;
    return;
  }
  if (looks_like_acpidump(bytes)) {
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto tables = parse_acpidump(text, origin, inputs.diagnostics);
    if (tables.empty()) {
      inputs.diagnostics.push_back(input_error(origin, "acpidump text with no table in it"));
      inputs.unreadable = true;
    }
    std::move(tables.begin(), tables.end(), std::back_inserter(inputs.tables));
    return;
  }
  if (bytes.size() >= 4 && acpi::plausible_signature(bytes)) {
    inputs.tables.push_back(acpi::RawTable{origin, std::move(bytes)});
    return;
  }
  if (inside_directory) {
    inputs.diagnostics.push_back(
        Diagnostic{Severity::note, "", origin, 0, "", "skipped: neither an ACPI table nor acpidump text"});
    return;
  }
  inputs.diagnostics.push_back(input_error(
      origin, bytes.empty() ? "the file is empty, expected an ACPI table or acpidump text"
                            : "neither an ACPI table (no signature at offset 0) nor acpidump text"));
  inputs.unreadable = true;
}

void load_directory(const fs::path& dir, Inputs& inputs) {
  std::error_code error;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(it->path());
  }
  if (error) {
    inputs.diagnostics.push_back(input_error(dir.string(), "cannot list the directory: " + error.message()));
    inputs.unreadable = true;
    return;
  }
  std::sort(files.begin(), files.end());
  const std::size_t before = inputs.tables.size();
  for (const fs::path& file : files) load_file(file, true, inputs);
  if (inputs.tables.size() == before) {
    inputs.diagnostics.push_back(input_error(dir.string(), "the directory holds no ACPI table"));
    inputs.unreadable = true;
  }
}

}  // namespace

Inputs load(std::span<const std::string> paths) {
  Inputs inputs;
  for (const std::string& path : paths) {
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) {
      inputs.diagnostics.push_back(input_error(path, "no such file or directory"));
      inputs.unreadable = true;
    } else if (fs::is_directory(status)) {
      load_directory(path, inputs);
    } else {
      load_file(path, false, inputs);
    }
  }
  return inputs;
}

}  // namespace numaplan::source
