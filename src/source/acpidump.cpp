// acpidump text, parsed by acpixtract's rules (ACPICA source/tools/acpixtract/
// axutils.c): a header line has no leading space, contains " @ " and is 6..48
// characters; a data line starts with a space and contains ": ", and holds up
// to 16 hex bytes in the 48 columns after the colon (the ASCII column after
// that is never read).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>

#include "numaplan/acpi/describe.h"
#include "numaplan/source/load.h"
#include "numaplan/support/format.h"

namespace numaplan::source {

namespace {

constexpr std::size_t kHexColumns = 48;  // 16 x "XX "

bool is_header_line(std::string_view line) {
  return !line.empty() && line.front() != ' ' && line.size() >= 6 && line.size() < 49 &&
         line.find(" @ ") != std::string_view::npos;
}

bool is_data_line(std::string_view line) {
  return !line.empty() && line.front() == ' ' && line.find(": ") != std::string_view::npos;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string signature_of(std::string_view header_line) {
  if (header_line.starts_with("RSD PTR")) return "RSDP";
  return printable_ascii(header_line.substr(0, std::min<std::size_t>(4, header_line.find(' '))));
}

class Parser {
 public:
  Parser(std::string_view origin, Diagnostics& diagnostics) : origin_(origin), diagnostics_(diagnostics) {}

  std::vector<acpi::RawTable> run(std::string_view text) {
    std::size_t line_number = 0;
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (is_header_line(line)) {
        start_table(signature_of(line));
      } else if (is_data_line(line) && current_ != nullptr) {
        data_line(line, line_number);
      }
    }
    return std::move(tables_);
  }

 private:
  void start_table(const std::string& signature) {
    const int instance = ++instances_[signature];
    std::string origin = std::string(origin_) + ": " + signature;
    if (instance > 1) origin += " #" + std::to_string(instance);
    tables_.push_back(acpi::RawTable{std::move(origin), {}});
    current_ = &tables_.back();
    current_signature_ = signature;
    broken_ = false;
    read_ = 0;
    kept_ = acpi::find_table_desc(signature) == nullptr ? acpi::common_header.size : SIZE_MAX;
    // Room for 16 lines at once (a skipped table's header): pushed byte by
    // byte from none, a table's bytes were allocated, filled and copied at 1,
    // 2, 4, ... 128 bytes under ASan (reserved, acpidump_fuzz ran 9 % faster).
    current_->bytes.reserve(std::min<std::size_t>(kept_, 256));
  }

  void report(std::size_t line_number, std::uint64_t offset, std::string message) {
    diagnostics_.push_back(Diagnostic{Severity::error, current_signature_, current_->origin, offset,
                                      "line " + std::to_string(line_number), std::move(message)});
  }

  void data_line(std::string_view line, std::size_t line_number) {
    if (broken_) return;
    const std::size_t colon = line.find(": ");
    std::string_view offset_text = line.substr(0, colon);
    while (!offset_text.empty() && offset_text.front() == ' ') offset_text.remove_prefix(1);
    std::uint64_t offset = 0;
    for (char c : offset_text) {
      const int digit = hex_digit(c);
      if (digit < 0 || offset > (std::uint64_t{1} << 40)) {
        report(line_number, read_,
               "bad offset \"" + printable_ascii(offset_text) + "\", expected hex digits before \": \"");
        broken_ = true;
        return;
      }
      offset = offset * 16 + static_cast<unsigned>(digit);
    }
    if (offset != read_) {
      report(line_number, read_,
             "line says offset 0x" + hex(offset, 4) + " but 0x" + hex(read_, 4) +
                 " bytes were read so far (missing or repeated bytes); the rest of this table is dropped");
      broken_ = true;
      return;
    }
    const std::string_view cells = line.substr(colon + 2, kHexColumns);
    for (std::size_t i = 0; i < cells.size(); i += 3) {
      if (cells[i] == ' ') break;  // a short last line pads with spaces
      const int hi = hex_digit(cells[i]);
      const int lo = i + 1 < cells.size() ? hex_digit(cells[i + 1]) : -1;
      const bool separated = i + 2 >= cells.size() || cells[i + 2] == ' ';
      if (hi < 0 || lo < 0 || !separated) {
        report(line_number, read_,
               "bad hex byte \"" + printable_ascii(cells.substr(i, 2)) + "\" at column " +
                   std::to_string(colon + 3 + i) + ", expected two hex digits; the rest of this table is dropped");
        broken_ = true;
        return;
      }
      if (read_++ < kept_) current_->bytes.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
  }

  std::string_view origin_;
  Diagnostics& diagnostics_;
  std::vector<acpi::RawTable> tables_;
  acpi::RawTable* current_ = nullptr;
  std::string current_signature_;
  std::map<std::string, int> instances_;
  bool broken_ = false;
  std::size_t read_ = 0;         // bytes of the current table read so far
  std::size_t kept_ = SIZE_MAX;  // of which stored: the common header of a table numaplan skips
                                 // (acpi::numaplan_skips), its lines checked all the same
};

}  // namespace

std::vector<acpi::RawTable> parse_acpidump(std::string_view text, std::string_view origin,
                                           Diagnostics& diagnostics) {
  return Parser(origin, diagnostics).run(text);
}

bool looks_like_acpidump(std::span<const std::uint8_t> bytes) {
  const auto head = bytes.first(std::min<std::size_t>(bytes.size(), 4096));
  const bool text = std::all_of(head.begin(), head.end(), [](std::uint8_t c) {
    return c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F);
  });
  if (!text) return false;
  const std::string_view view(reinterpret_cast<const char*>(head.data()), head.size());
  std::size_t start = 0;
  while (start < view.size()) {
    std::size_t end = view.find('\n', start);
    if (end == std::string_view::npos) end = view.size();
    std::string_view line = view.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (is_header_line(line)) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace numaplan::source
