#include "numaplan/source/memmap_formats.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <optional>
#include <regex>
#include <string_view>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/source/text_file.h"

namespace numaplan::source {

namespace {

namespace fs = std::filesystem;

Diagnostic memmap_error(const std::string& path, std::size_t line, std::string message) {
  return Diagnostic{Severity::error, "", path + ":" + std::to_string(line), 0, "", std::move(message)};
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// All of `s` as hex digits, an optional "0x" in front.
std::optional<std::uint64_t> parse_hex(std::string_view s) {
  if (s.starts_with("0x") || s.starts_with("0X")) s.remove_prefix(2);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, 16);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// An inclusive [first, last] range as an exclusive one.
Expected<kernel::MemRange> inclusive_range(std::string_view first, std::string_view last, const std::string& path,
                                           std::size_t line) {
  const auto start = parse_hex(first);
  const auto end = parse_hex(last);
  if (!start || !end) {
    return memmap_error(path, line, "expected hex addresses, got '" + std::string(first) + "-" + std::string(last) + "'");
  }
  if (*end < *start || *end == std::numeric_limits<std::uint64_t>::max()) {
    return memmap_error(path, line, "range " + std::string(first) + "-" + std::string(last) + " is empty or unbounded");
  }
  return kernel::MemRange{*start, *end + 1};
}

// A kernel log's memory map: e820__print_table() lines "BIOS-e820: [mem
// 0x%016Lx-0x%016Lx] usable" (the firmware's map) or, when memmap= / mem=
// changed it, "user: [mem ...]" (the map the kernel used). RAM is the
// "usable" type: what e820__memblock_setup() adds to memblock.memory.
// Only the log's first boot is read.
std::optional<Expected<std::vector<kernel::MemRange>>> parse_e820_log(std::string_view text, const std::string& path) {
  static const std::regex entry(R"(^\[mem (0x[0-9a-fA-F]+)-(0x[0-9a-fA-F]+)\] (.+)$)");
  std::vector<kernel::MemRange> firmware;
  std::vector<kernel::MemRange> user;
  bool seen = false;
  for (const kernel::LogMessage& message : kernel::first_boot(text).messages) {
    const bool is_user = message.text.starts_with("user: [mem ");
    if (!message.text.starts_with("BIOS-e820: ") && !is_user) continue;
    seen = true;
    const std::string_view rest = message.text.substr(message.text.find(' ') + 1);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(rest.begin(), rest.end(), m, entry)) {
      return memmap_error(path, message.line,
                          "expected '" + std::string(message.text.substr(0, message.text.find(' '))) +
                              " [mem 0x<start>-0x<end>] <type>', got '" + std::string(message.text) + "'");
    }
    auto range = inclusive_range(m[1].str(), m[2].str(), path, message.line);
    if (!range) return range.error();
    if (m[3].str() == "usable") (is_user ? user : firmware).push_back(*range);
  }
  if (!seen) return std::nullopt;
  if (firmware.empty() && user.empty()) return memmap_error(path, 1, "no 'usable' BIOS-e820 range in the log");
  return user.empty() ? firmware : user;
}

// /proc/iomem: "00100000-7ffdffff : System RAM"; nested lines are indented.
Expected<std::vector<kernel::MemRange>> parse_iomem(std::string_view text, const std::string& path) {
  std::vector<kernel::MemRange> ram;
  std::size_t line_no = 0;
  bool all_zero = true;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (trim(line).empty()) continue;
    const std::size_t colon = line.find(" : ");
    const std::size_t dash = line.find('-');
    if (colon == std::string_view::npos || dash == std::string_view::npos || dash > colon) {
      return memmap_error(path, line_no, "expected /proc/iomem ('<start>-<end> : <name>') or a kernel log with BIOS-e820 lines, got '" +
                                             std::string(trim(line)) + "'");
    }
    auto range = inclusive_range(trim(line.substr(0, dash)), line.substr(dash + 1, colon - dash - 1), path, line_no);
    if (!range) return range.error();
    if (line.front() == ' ' || trim(line.substr(colon + 3)) != "System RAM") continue;
    all_zero = all_zero && range->start == 0 && range->end == 1;
    ram.push_back(*range);
  }
  if (ram.empty()) return memmap_error(path, line_no, "no top-level 'System RAM' line");
  if (all_zero) {
    return memmap_error(path, 1, "every address reads as zero: the kernel hides /proc/iomem addresses from "
                                 "unprivileged readers; copy it as root");
  }
  return ram;
}

// /sys/firmware/memmap/N/{start,end,type}.
Expected<std::vector<kernel::MemRange>> parse_sysfs_memmap(const std::string& dir) {
  std::vector<std::pair<unsigned long, fs::path>> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    unsigned long index = 0;
    const auto [stop, err] = std::from_chars(name.data(), name.data() + name.size(), index);
    if (err != std::errc() || stop != name.data() + name.size() || !it->is_directory(ec)) {
      return memmap_error(it->path().string(), 1, "not a /sys/firmware/memmap entry (a numbered directory)");
    }
    entries.emplace_back(index, it->path());
  }
  if (ec) return memmap_error(dir, 1, "cannot list the directory: " + ec.message());
  if (entries.empty()) return memmap_error(dir, 1, "an empty directory, expected /sys/firmware/memmap entries");
  std::sort(entries.begin(), entries.end());

  std::vector<kernel::MemRange> ram;
  for (const auto& [index, entry] : entries) {
    std::string fields[3];
    const char* names[3] = {"start", "end", "type"};
    for (int i = 0; i < 3; ++i) {
      auto text = read_text_file((entry / names[i]).string());
      if (!text) return text.error();
      fields[i] = std::string(trim(*text));
    }
    auto range = inclusive_range(fields[0], fields[1], (entry / "start").string(), 1);
    if (!range) return range.error();
    if (fields[2] == "System RAM") ram.push_back(*range);
  }
  if (ram.empty()) return memmap_error(dir, 1, "no entry of type 'System RAM'");
  return ram;
}

}  // namespace

Expected<std::vector<kernel::MemRange>> load_memmap(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return parse_sysfs_memmap(path);
  auto text = read_text_file(path);
  if (!text) return text.error();
  if (auto e820 = parse_e820_log(*text, path)) return std::move(*e820);
  return parse_iomem(*text, path);
}

}  // namespace numaplan::source
