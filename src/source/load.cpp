#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <iterator>

#include "numaplan/source/load.h"

#include "numaplan/acpi/describe.h"

namespace numaplan::source {

namespace {

namespace fs = std::filesystem;

// The bytes looked at to tell a raw table from acpidump text.
constexpr std::size_t kHeadLength = 4096;

Diagnostic input_error(const std::string& origin, std::string message) {
  return Diagnostic{Severity::error, "", origin, 0, "", std::move(message)};
}

// A path opened once: fstat tells a directory from a file and how much to
// read, so a file costs open, fstat, its reads and close (dump opens every
// table of a machine; the syscalls are most of its time).
class OpenPath {
 public:
  explicit OpenPath(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0 || ::fstat(fd_, &stat_) != 0) error_ = errno;
  }
  OpenPath(const OpenPath&) = delete;
  OpenPath& operator=(const OpenPath&) = delete;
  ~OpenPath() {
    if (fd_ >= 0) ::close(fd_);
  }

  int error() const { return error_; }
  bool is_directory() const { return S_ISDIR(stat_.st_mode); }
  // A first guess: /proc and some sysfs files report 0 (read to their end); a
  // size that is not 0 is trusted below the 4 KiB head, so that a small table
  // costs one read.
  std::size_t reported_size() const { return static_cast<std::size_t>(std::max<off_t>(stat_.st_size, 0)); }

  // Reads into `out` until it is full, the file ends or, when `enough` is not
  // 0, `enough` bytes came (a file's reported size: no read spent finding the
  // end of a table that is only named); the count read, or -1 on an error.
  std::ptrdiff_t read_into(std::span<std::uint8_t> out, std::size_t enough) const {
    std::size_t got = 0;
    while (got < out.size() && (enough == 0 || got < enough)) {
      const ssize_t n = ::read(fd_, out.data() + got, out.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return -1;
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    return static_cast<std::ptrdiff_t>(got);
  }

 private:
  int fd_;
  struct stat stat_ {};
  int error_ = 0;
};

// The rest of a file after its head, to its end.
bool read_rest(const OpenPath& file, std::vector<std::uint8_t>& bytes) {
  std::size_t block = file.reported_size() >= bytes.size() ? file.reported_size() - bytes.size() + 1 : kHeadLength;
  for (;;) {
    const std::size_t used = bytes.size();
    bytes.resize(used + block);
    const std::ptrdiff_t got = file.read_into(std::span(bytes).subspan(used), 0);
    if (got < 0) return false;
    bytes.resize(used + static_cast<std::size_t>(got));
    if (static_cast<std::size_t>(got) < block) return true;
    block = std::max<std::size_t>(block, 1 << 16);
  }
}

void report_unreadable(const std::string& origin, Inputs& inputs) {
  inputs.diagnostics.push_back(input_error(origin, "cannot read the file"));
  inputs.unreadable = true;
}

// One file's tables. In a directory, a file that is no table is left for the
// directory's note: the return is false then.
bool load_file(const OpenPath& file, const std::string& origin, bool inside_directory, Inputs& inputs) {
  std::array<std::uint8_t, kHeadLength> head_buffer;
  const std::ptrdiff_t head_read = file.read_into(head_buffer, file.reported_size());
  if (head_read < 0) {
    report_unreadable(origin, inputs);
    return true;
  }
  const auto head = std::span(head_buffer).first(static_cast<std::size_t>(head_read));
  // Both tests look at the first 4 KiB only, so the head decides.
  const bool is_text = looks_like_acpidump(head);
  const bool skipped = !is_text && acpi::numaplan_skips(head);
  const std::size_t kept = skipped ? std::min<std::size_t>(head.size(), acpi::common_header.size) : head.size();
  std::vector<std::uint8_t> bytes(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(kept));
  if (!skipped && head.size() == kHeadLength && !read_rest(file, bytes)) {
    report_unreadable(origin, inputs);
    return true;
  }
  if (is_text) {
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto tables = parse_acpidump(text, origin, inputs.diagnostics);
    if (tables.empty()) {
      inputs.diagnostics.push_back(input_error(origin, "acpidump text with no table in it"));
      inputs.unreadable = true;
    }
    std::move(tables.begin(), tables.end(), std::back_inserter(inputs.tables));
    return true;
  }
  // A "newc" cpio archive (plan --emit-tables' acpi-upgrade.cpio, an initrd
  // for the kernel's table upgrade) starts with the digits "070701", which
  // would pass for a signature.
  const bool cpio = bytes.size() >= 6 && std::string_view(reinterpret_cast<const char*>(bytes.data()), 6) == "070701";
  if (bytes.size() >= 4 && acpi::plausible_signature(bytes) && !cpio) {
    inputs.tables.push_back(acpi::RawTable{origin, std::move(bytes)});
    return true;
  }
  if (inside_directory) return false;
  inputs.diagnostics.push_back(input_error(
      origin, bytes.empty() ? "the file is empty, expected an ACPI table or acpidump text"
                            : "neither an ACPI table (no signature at offset 0) nor acpidump text"));
  inputs.unreadable = true;
  return true;
}

// The regular files below `dir`, with those of its subdirectories when
// `recurse` (symbolic links to directories are not followed).
template <typename Iterator>
std::vector<fs::path> regular_files(const fs::path& dir, std::error_code& error) {
  std::vector<fs::path> files;
  for (Iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Drops the tables from `first` on whose bytes an earlier one of them has: a
// folder numaplan wrote holds each table twice, as srat.dat and inside
// tables.acpidump, and the copy is no "second SRAT". Tables numaplan skips
// keep only their header, so they are left alone.
void drop_copies(std::vector<acpi::RawTable>& tables, std::size_t first) {
  for (std::size_t i = first; i < tables.size();) {
    const auto same = [&](const acpi::RawTable& t) { return t.bytes == tables[i].bytes; };
    const auto begin = tables.begin() + static_cast<std::ptrdiff_t>(first);
    const bool copy = !acpi::numaplan_skips(tables[i].bytes) && std::any_of(begin, begin + static_cast<std::ptrdiff_t>(i - first), same);
    if (copy) {
      tables.erase(tables.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

void load_directory(const fs::path& dir, const LoadOptions& options, Inputs& inputs) {
  std::error_code error;
  const std::vector<fs::path> files = options.recurse ? regular_files<fs::recursive_directory_iterator>(dir, error)
                                                      : regular_files<fs::directory_iterator>(dir, error);
  if (error) {
    inputs.diagnostics.push_back(input_error(dir.string(), "cannot list the directory: " + error.message()));
    inputs.unreadable = true;
    return;
  }
  const std::size_t before = inputs.tables.size();
  std::string not_tables;
  for (const fs::path& path : files) {
    const std::string origin = path.string();
    const OpenPath file(origin);
    if (file.error() != 0) {
      report_unreadable(origin, inputs);
    } else if (!load_file(file, origin, true, inputs)) {
      not_tables += (not_tables.empty() ? "" : ", ") + path.lexically_relative(dir).string();
    }
  }
  drop_copies(inputs.tables, before);
  if (!not_tables.empty()) {
    inputs.diagnostics.push_back(Diagnostic{Severity::note, "", dir.string(), 0, "",
                                            "skipped files that are neither ACPI tables nor acpidump text: " + not_tables});
  }
  if (inputs.tables.size() == before) {
    inputs.diagnostics.push_back(input_error(dir.string(), "the directory holds no ACPI table"));
    inputs.unreadable = true;
  }
}

}  // namespace

Inputs load(std::span<const std::string> paths, const LoadOptions& options) {
  Inputs inputs;
  for (const std::string& path : paths) {
    const OpenPath file(path);
    if (file.error() != 0) {
      inputs.diagnostics.push_back(
          input_error(path, file.error() == ENOENT || file.error() == ENOTDIR ? "no such file or directory"
                                                                            : "cannot read the file"));
      inputs.unreadable = true;
    } else if (file.is_directory()) {
      load_directory(path, options, inputs);
    } else {
      load_file(file, path, false, inputs);
    }
  }
  return inputs;
}

}  // namespace numaplan::source
