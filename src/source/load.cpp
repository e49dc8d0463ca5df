#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "numaplan/source/load.h"

#include "numaplan/acpi/describe.h"

namespace numaplan::source {

namespace {

namespace fs = std::filesystem;

Diagnostic input_error(const std::string& origin, std::string message) {
  return Diagnostic{Severity::error, "", origin, 0, "", std::move(message)};
}

// Reads up to `limit` more bytes of `in` onto the end of `bytes`.
void read_more(std::istream& in, std::vector<std::uint8_t>& bytes, std::size_t limit) {
  const std::size_t used = bytes.size();
  bytes.resize(used + limit);
  in.read(reinterpret_cast<char*>(bytes.data() + used), static_cast<std::streamsize>(limit));
  bytes.resize(used + static_cast<std::size_t>(in.gcount()));
}

// sysfs reports table files with a size of 0 or 4096, so the size is only
// the first guess and the file is read to its end. Buffers sized by the
// guess, not by a fixed block: zeroing 64 KiB per small table was a fifth of
// `dump`'s run time over the corpus.
void read_rest(std::istream& in, const fs::path& path, std::vector<std::uint8_t>& bytes) {
  std::error_code error;
  const std::uintmax_t reported = fs::file_size(path, error);
  std::size_t block = !error && reported >= bytes.size() ? static_cast<std::size_t>(reported) - bytes.size() + 1 : 4096;
  while (in) {
    read_more(in, bytes, block);
    block = std::max<std::size_t>(block, 1 << 16);
  }
}

// A raw table that numaplan does not decode (DSDT, FACP...) is only named in
// a note, so its body is not read: a machine's AML is most of its tables' bytes.
bool table_numaplan_skips(std::span<const std::uint8_t> head) {
  if (!acpi::plausible_signature(head) || looks_like_acpidump(head)) return false;
  return acpi::find_table_desc(std::string_view(reinterpret_cast<const char*>(head.data()), 4)) == nullptr;
}

// One file's tables. In a directory, a file that is no table is only noted.
void load_file(const fs::path& path, bool inside_directory, Inputs& inputs) {
  const std::string origin = path.string();
  std::ifstream in(path, std::ios::binary);
  const bool opened = static_cast<bool>(in);
  std::vector<std::uint8_t> bytes;
  if (opened) read_more(in, bytes, 4096);
  if (in && !table_numaplan_skips(bytes)) read_rest(in, path, bytes);
  if (!opened || in.bad()) {
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
