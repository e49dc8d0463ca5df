// numaplan generate: tables from a topology spec, as binary files, acpidump
// text and the QEMU options that boot them.
#include "numaplan/emit/generate.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <set>

#include "numaplan/support/format.h"

namespace numaplan::emit {

namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMiB = 1ULL << 20;
constexpr std::uint64_t kGiB = 1ULL << 30;
constexpr std::uint64_t k4GiB = 4 * kGiB;

struct Span {
  std::uint64_t start;
  std::uint64_t end;  // exclusive
  bool operator==(const Span&) const = default;
};

// What the kernel finds in the e820 map as RAM: enabled ranges that are not
// hot-pluggable (absent at boot), non-volatile or specific-purpose (both
// reported as other e820 types by firmware), merged where they touch.
std::vector<Span> boot_ram(const spec::Topology& topology) {
  std::vector<Span> ram;
  for (const spec::MemoryRange& m : topology.memory) {
    if (m.enabled && !m.hotplug && !m.non_volatile && !m.specific_purpose) ram.push_back({m.base, m.base + m.length});
  }
  std::sort(ram.begin(), ram.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
  std::vector<Span> merged;
  for (const Span& s : ram) {
    if (!merged.empty() && merged.back().end == s.start) {
      merged.back().end = s.end;
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

// QEMU 7.2 pc_q35_init: with -m of 2.75 GiB or more, 2 GiB sit below 4 GiB and
// the rest from 4 GiB; with less, all of it sits below 4 GiB.
std::vector<Span> q35_ram(std::uint64_t size) {
  const std::uint64_t below = size >= 0xB0000000ULL ? 2 * kGiB : size;
  std::vector<Span> ram = {{0, below}};
  if (size > below) ram.push_back({k4GiB, k4GiB + size - below});
  return ram;
}

std::string size_option(std::uint64_t bytes) {
  return bytes % kGiB == 0 ? std::to_string(bytes / kGiB) + "G" : std::to_string(bytes / kMiB) + "M";
}

std::string spans_text(const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) out += (out.empty() ? "" : ", ") + ("0x" + hex(s.start) + "-0x" + hex(s.end - 1));
  return out.empty() ? "none" : out;
}

Diagnostic warning(std::string message) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.field = "qemu.args";
  d.message = std::move(message);
  return d;
}

std::string memory_option(const spec::Topology& topology, Diagnostics& notes) {
  const std::vector<Span> ram = boot_ram(topology);
  std::uint64_t total = 0;
  for (const Span& s : ram) total += s.end - s.start;
  if (total % kMiB != 0) notes.push_back(warning("boot RAM is not a whole number of MiB; -m rounds it down"));
  if (ram != q35_ram(total)) {
    notes.push_back(warning("QEMU q35 with -m " + size_option(total) + " places RAM at " + spans_text(q35_ram(total)) +
                            ", but the spec's boot RAM is " + spans_text(ram) +
                            "; Linux turns NUMA off when SRAT does not cover the e820 RAM"));
  }
  return "-m " + size_option(total);
}

std::string cpu_option(const spec::Topology& topology, Diagnostics& notes) {
  std::set<std::uint32_t> ids;
  for (const spec::Initiator& cpu : topology.initiators) {
    if (cpu.enabled) ids.insert(cpu.id);
  }
  const std::size_t count = std::max<std::size_t>(ids.size(), 1);
  if (ids.empty()) notes.push_back(warning("the spec has no enabled CPU; QEMU boots one (APIC id 0) without SRAT entry"));
  if (!ids.empty() && *ids.rbegin() != ids.size() - 1) {
    notes.push_back(warning("QEMU numbers the APIC ids of -smp " + std::to_string(count) + " from 0 to " +
                            std::to_string(count - 1) + ", but the spec's enabled CPUs have ids " +
                            std::to_string(*ids.begin()) + " to " + std::to_string(*ids.rbegin())));
  }
  return "-smp " + std::to_string(count);
}

Expected<fs::path> write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) {
    Diagnostic d;
    d.origin = path.string();
    d.message = "cannot write " + path.string();
    return d;
  }
  return path;
}

}  // namespace

std::string acpidump_text(std::string_view signature, std::span<const std::uint8_t> bytes) {
  std::string out = std::string(signature) + " @ 0x0000000000000000\n";
  char cell[24];
  for (std::size_t line = 0; line < bytes.size(); line += 16) {
    std::snprintf(cell, sizeof cell, "%8.4zX: ", line);
    out += cell;
    std::string ascii;
    for (std::size_t i = line; i < line + 16; ++i) {
      if (i < bytes.size()) {
        std::snprintf(cell, sizeof cell, "%02X ", bytes[i]);
        out += cell;
        ascii += bytes[i] >= 0x20 && bytes[i] < 0x7F ? static_cast<char>(bytes[i]) : '.';
      } else {
        out += "   ";
      }
    }
    out += " " + ascii + "\n";
  }
  return out + "\n";
}

std::string table_file_name(std::string_view signature) {
  std::string name(signature);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name + ".dat";
}

std::string qemu_args(const spec::Topology& topology, std::span<const spec::GeneratedTable> tables,
                      const std::string& dir, Diagnostics& notes) {
  const std::size_t first_note = notes.size();
  std::string options = "-M q35\n" + memory_option(topology, notes) + "\n";
  options += cpu_option(topology, notes) + "\n";  // after memory_option: the notes keep this order
  for (const spec::GeneratedTable& table : tables) {
    options += "-acpitable file=" + (fs::path(dir) / table_file_name(table.signature)).string() + "\n";
  }
  std::string out =
      "# numaplan generate: QEMU q35 options that boot this topology with exactly these tables.\n"
      "# No -numa options (QEMU then adds no SRAT or SLIT of its own) and no cxl=on (no CEDT of its own).\n"
      "# Use: qemu-system-x86_64 $(grep -v '^#' " +
      (fs::path(dir) / "qemu.args").string() + ") -kernel VMLINUZ -append 'console=ttyS0' ...\n";
  for (std::size_t i = first_note; i < notes.size(); ++i) out += "# warning: " + notes[i].message + "\n";
  return out + options;
}

Expected<Generated> generate(const spec::Topology& topology, const std::string& dir) {
  auto tables = spec::build_tables(topology);
  if (!tables.ok()) return std::move(tables).error();
  Generated out;
  out.tables = std::move(*tables);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    Diagnostic d;
    d.origin = dir;
    d.message = "cannot create " + dir + ": " + ec.message();
    return d;
  }
  std::string acpidump;
  std::vector<std::pair<std::string, std::string>> files;
  for (const spec::GeneratedTable& table : out.tables) {
    files.emplace_back(table_file_name(table.signature), std::string(table.bytes.begin(), table.bytes.end()));
    acpidump += acpidump_text(table.signature, table.bytes);
  }
  files.emplace_back("tables.acpidump", std::move(acpidump));
  files.emplace_back("qemu.args", qemu_args(topology, out.tables, dir, out.notes));
  for (const auto& [name, content] : files) {
    auto written = write_file(fs::path(dir) / name, content);
    if (!written.ok()) return std::move(written).error();
    out.files.push_back(*written);
  }
  return out;
}

}  // namespace numaplan::emit
