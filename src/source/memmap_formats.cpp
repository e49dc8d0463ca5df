#include "numaplan/source/memmap_formats.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <optional>
#include <string_view>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/source/text_file.h"
#include "numaplan/support/format.h"

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

struct KindName {
  std::string_view name;
  MemoryKind kind;
};

// e820_print_type(): the log's names, 5.10-6.x (RESERVED_KERN prints
// "usable" too) and 7.x, which renamed RAM and reserved and prints each name
// after one more space. Any other type prints as "type %u".
constexpr KindName kLogNames[] = {
    {"usable", MemoryKind::ram},
    {"System RAM", MemoryKind::ram},
    {"reserved", MemoryKind::reserved},
    {"device reserved", MemoryKind::reserved},
    {"soft reserved", MemoryKind::soft_reserved},
    {"ACPI data", MemoryKind::acpi_data},
    {"ACPI NVS", MemoryKind::acpi_nvs},
    {"unusable", MemoryKind::unusable},
    {"persistent (type 7)", MemoryKind::persistent},
    {"persistent (type 12)", MemoryKind::persistent},
    {"persistent RAM (type 7)", MemoryKind::persistent},
    {"persistent RAM (type 12)", MemoryKind::persistent},
};

// e820_type_to_string(): the names of /proc/iomem and /sys/firmware/memmap
// (the same in 5.10 and 7.3).
constexpr KindName kResourceNames[] = {
    {"System RAM", MemoryKind::ram},
    {"Reserved", MemoryKind::reserved},
    {"Soft Reserved", MemoryKind::soft_reserved},
    {"ACPI Tables", MemoryKind::acpi_data},
    {"ACPI Non-volatile Storage", MemoryKind::acpi_nvs},
    {"Unusable memory", MemoryKind::unusable},
    {"Persistent Memory (legacy)", MemoryKind::persistent},
    {"Persistent Memory", MemoryKind::persistent},
    {"Unknown E820 type", MemoryKind::unknown},
    // arm64's request_standard_resources() (5.10-7.3): a MEMBLOCK_NOMAP region.
    {"reserved", MemoryKind::nomap},
};

template <std::size_t N>
std::optional<MemoryKind> kind_named(const KindName (&names)[N], std::string_view name) {
  for (const KindName& entry : names) {
    if (entry.name == name) return entry.kind;
  }
  return std::nullopt;
}

// An entry of a type numaplan does not name, kept as not RAM: a new firmware
// type must not make the whole map unreadable.
MemoryEntry unknown_entry(kernel::MemRange range, std::string type, const std::string& origin, std::size_t line,
                          Diagnostics& notes) {
  notes.push_back(Diagnostic{Severity::note, "", line == 0 ? origin : origin + ":" + std::to_string(line), 0, "",
                             "memory type '" + type + "' is not one numaplan knows: kept as not RAM"});
  return MemoryEntry{range, MemoryKind::unknown, std::move(type), line};
}

// The printers of e820__print_table() whose map can be the one the kernel
// uses: e820__memory_setup() (the firmware's: "BIOS-e820", or "BIOS-e801" /
// "BIOS-88" when the boot loader passed no e820 table),
// e820__memory_setup_extended() ("extended": more entries than boot_params
// holds) and e820__finish_early_params() ("user": memmap=, mem=).
constexpr std::string_view kMapPrinters[] = {"BIOS-e820", "BIOS-e801", "BIOS-88", "extended", "user"};

// "[mem 0x<first>-0x<last>]" (open "[mem ") at the start of `s`: the two
// numbers as written and what follows the bracket. Read by hand: std::regex
// cost more than the rest of reading a log.
struct BracketedRange {
  std::string_view first, last, rest;
};
std::optional<BracketedRange> bracketed_range(std::string_view s, std::string_view open) {
  const auto hex = [&s]() -> std::optional<std::string_view> {  // 0x[0-9a-fA-F]+
    const auto is_hex = [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    std::size_t n = 2;
    while (n < s.size() && is_hex(s[n])) ++n;
    if (!s.starts_with("0x") || n == 2) return std::nullopt;
    const std::string_view number = s.substr(0, n);
    s.remove_prefix(n);
    return number;
  };
  if (!s.starts_with(open)) return std::nullopt;
  s.remove_prefix(open.size());
  const auto first = hex();
  if (!first || !s.starts_with('-')) return std::nullopt;
  s.remove_prefix(1);
  const auto last = hex();
  if (!last || !s.starts_with(']')) return std::nullopt;
  return BracketedRange{*first, *last, s.substr(1)};
}

// A kernel log's memory map: e820__print_table() lines "<who>: [mem
// 0x%016Lx-0x%016Lx] <type>", and in 7.x "<who>: [gap ...]" before an entry
// that does not start where the last one ended. The map the kernel used is
// the last one printed. Only the log's first boot is read.
std::optional<Expected<Memmap>> parse_e820_log(std::string_view text, const std::string& path) {
  Memmap map;
  std::string_view map_printer;
  for (const kernel::LogMessage& message : kernel::first_boot(text).messages) {
    const std::size_t colon = message.text.find(": ");
    if (colon == std::string_view::npos) continue;
    const std::string_view printer = message.text.substr(0, colon);
    const std::string_view rest = trim(message.text.substr(colon + 2));
    // Other "user: ..." or "extended: ..." text is not an e820 line; every
    // "BIOS-e820: " line is, so a shape numaplan does not know is an error.
    if (std::find(std::begin(kMapPrinters), std::end(kMapPrinters), printer) == std::end(kMapPrinters)) continue;
    if (printer != "BIOS-e820" && !rest.starts_with("[mem ") && !rest.starts_with("[gap ")) continue;

    // "[mem 0x<start>-0x<end>] +<type>" (the type begins with a non-space) or "[gap 0x<start>-0x<end>]".
    auto range_text = bracketed_range(rest, "[mem ");
    std::string_view type_text;
    if (range_text) {
      const std::string_view after = range_text->rest;
      type_text = after.substr(std::min(after.find_first_not_of(' '), after.size()));
      const bool typed = after.starts_with(' ') && !type_text.empty() &&
                         std::string_view(" \t\n\v\f\r").find(type_text.front()) == std::string_view::npos;
      if (!typed) range_text.reset();
    }
    const bool is_entry = range_text.has_value();
    if (!is_entry) {
      range_text = bracketed_range(rest, "[gap ");
      if (range_text && !range_text->rest.empty()) range_text.reset();
    }
    if (!range_text) {
      const std::string who(printer);
      return memmap_error(path, message.line,
                          "expected '" + who + ": [mem 0x<start>-0x<end>] <type>' or '" + who +
                              ": [gap 0x<start>-0x<end>]', got '" + std::string(message.text) + "'");
    }
    auto range = inclusive_range(range_text->first, range_text->last, path, message.line);
    if (!range) return std::move(range).error();
    if (printer != map_printer) map = Memmap{};  // a new map: the last one printed is the one used
    map_printer = printer;
    if (!is_entry) continue;  // gaps are where no entry is

    std::string type(type_text);
    if (const auto kind = kind_named(kLogNames, type)) {
      map.entries.push_back(MemoryEntry{*range, *kind, std::move(type), message.line});
    } else {
      map.entries.push_back(unknown_entry(*range, std::move(type), path, message.line, map.notes));
    }
  }
  if (map_printer.empty()) return std::nullopt;
  if (map.ram().empty()) {
    return memmap_error(path, 1, "no RAM ('usable' or 'System RAM') in the log's " + std::string(map_printer) + " map");
  }
  return map;
}

// An arm64 kernel log's memory: free_area_init()'s early node map, "Early
// memory node ranges" then one "  node %3d: [mem %#018Lx-%#018Lx]" line per
// memblock region (5.10-7.3; node -1 or 1024 for RAM without a node). Only
// the log's first boot is read; nullopt when it has no such list.
std::optional<Expected<Memmap>> parse_early_memory_node_ranges(std::string_view text, const std::string& path) {
  Memmap map;
  bool listed = false, in_list = false;
  for (const kernel::LogMessage& message : kernel::first_boot(text).messages) {
    if (message.text == "Early memory node ranges") {
      if (listed) break;  // a list right after the list: the first is memblock as free_area_init() saw it
      listed = in_list = true;
      continue;
    }
    if (!in_list) continue;
    std::string_view rest = message.text;
    if (!rest.starts_with("  node ")) break;
    rest.remove_prefix(7);
    const std::size_t colon = rest.find(": ");
    const auto range_text =
        colon == std::string_view::npos ? std::nullopt : bracketed_range(rest.substr(colon + 2), "[mem ");
    if (!range_text || !range_text->rest.empty()) {
      return memmap_error(path, message.line,
                          "expected '  node N: [mem 0x<start>-0x<end>]' after 'Early memory node ranges', got '" +
                              std::string(message.text) + "'");
    }
    auto range = inclusive_range(range_text->first, range_text->last, path, message.line);
    if (!range) return std::move(range).error();
    map.entries.push_back(MemoryEntry{*range, MemoryKind::ram, "node " + std::string(trim(rest.substr(0, colon))),
                                      message.line});
  }
  if (!listed) return std::nullopt;
  if (map.entries.empty()) {
    return memmap_error(path, 1, "no '  node N: [mem ...]' line after 'Early memory node ranges'");
  }
  return map;
}

// /proc/iomem: "00100000-7ffdffff : System RAM"; nested lines are indented.
// The top-level lines e820__reserve_resources() named are the memory map.
Expected<Memmap> parse_iomem(std::string_view text, const std::string& path) {
  Memmap map;
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
    if (auto byte = control_byte(line)) {
      return memmap_error(path, line_no, "not a memory map (binary data?): " + *byte);
    }
    if (colon == std::string_view::npos || dash == std::string_view::npos || dash > colon) {
      return memmap_error(path, line_no,
                          "expected /proc/iomem ('<start>-<end> : <name>') or a kernel log with BIOS-e820 or "
                          "'Early memory node ranges' lines, got '" + std::string(trim(line)) + "'");
    }
    auto range = inclusive_range(trim(line.substr(0, dash)), line.substr(dash + 1, colon - dash - 1), path, line_no);
    if (!range) return std::move(range).error();
    if (line.front() == ' ') continue;
    std::string name(trim(line.substr(colon + 3)));
    const auto kind = kind_named(kResourceNames, name);
    if (!kind) continue;  // a device window, not memory
    if (*kind == MemoryKind::unknown) {
      map.entries.push_back(unknown_entry(*range, std::move(name), path, line_no, map.notes));
      continue;
    }
    if (*kind == MemoryKind::ram) all_zero = all_zero && range->start == 0 && range->end == 1;
    map.entries.push_back(MemoryEntry{*range, *kind, std::move(name), line_no});
  }
  if (map.ram().empty()) return memmap_error(path, line_no, "no top-level 'System RAM' line");
  if (all_zero) {
    return memmap_error(path, 1, "every address reads as zero: the kernel hides /proc/iomem addresses from "
                                 "unprivileged readers; copy it as root");
  }
  return map;
}

// /sys/firmware/memmap/N/{start,end,type}.
Expected<Memmap> parse_sysfs_memmap(const std::string& dir) {
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

  Memmap map;
  for (const auto& [index, entry] : entries) {
    std::string fields[3];
    const char* names[3] = {"start", "end", "type"};
    for (int i = 0; i < 3; ++i) {
      auto text = read_text_file((entry / names[i]).string());
      if (!text) return std::move(text).error();
      fields[i] = std::string(trim(*text));
    }
    auto range = inclusive_range(fields[0], fields[1], (entry / "start").string(), 1);
    if (!range) return std::move(range).error();
    if (const auto kind = kind_named(kResourceNames, fields[2]); kind && *kind != MemoryKind::unknown) {
      map.entries.push_back(MemoryEntry{*range, *kind, std::move(fields[2]), 0});
    } else {
      map.entries.push_back(unknown_entry(*range, std::move(fields[2]), (entry / "type").string(), 0, map.notes));
    }
  }
  if (map.ram().empty()) return memmap_error(dir, 1, "no entry of type 'System RAM'");
  return map;
}

}  // namespace

std::vector<kernel::MemRange> Memmap::ram() const {
  std::vector<kernel::MemRange> ranges;
  for (const MemoryEntry& entry : entries) {
    if (entry.kind == MemoryKind::ram || entry.kind == MemoryKind::nomap) ranges.push_back(entry.range);
  }
  return ranges;
}

std::vector<kernel::MemRange> Memmap::soft_reserved() const {
  std::vector<kernel::MemRange> ranges;
  for (const MemoryEntry& entry : entries) {
    if (entry.kind == MemoryKind::soft_reserved) ranges.push_back(entry.range);
  }
  return ranges;
}

Expected<Memmap> parse_memmap_text(std::string_view text, const std::string& origin) {
  if (auto e820 = parse_e820_log(text, origin)) return std::move(*e820);
  if (auto arm64 = parse_early_memory_node_ranges(text, origin)) return std::move(*arm64);
  return parse_iomem(text, origin);
}

Expected<Memmap> load_memmap(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return parse_sysfs_memmap(path);
  auto text = read_text_file(path);
  if (!text) return std::move(text).error();
  return parse_memmap_text(*text, path);
}

}  // namespace numaplan::source
