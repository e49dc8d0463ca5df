// `numaplan generate`: a topology spec turned into files a simulator boots:
// one binary file per table (srat.dat ...), all of them as acpidump text
// (tables.acpidump), and the QEMU options that boot them (qemu.args).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/spec/tables.h"
#include "numaplan/spec/topology.h"
#include "numaplan/support/diagnostic.h"

namespace numaplan::emit {

// `bytes` as `acpidump` prints a table (ACPICA apdump.c): "SIG @ 0x<16 hex>",
// then 16 bytes a line with the offset, hex and ASCII columns, then a blank line.
std::string acpidump_text(std::string_view signature, std::span<const std::uint8_t> bytes);

// QEMU q35 options that boot `topology` with exactly `tables`: -M q35, -m and
// -smp from the spec's RAM and CPUs, one `-acpitable file=DIR/<name>` per
// table, and no -numa (so QEMU adds no SRAT or SLIT of its own) and no
// cxl=on (so it adds no CEDT). Where QEMU cannot boot the spec as written
// (RAM not laid out as q35 lays out -m, CPU APIC ids not 0..n-1) a warning
// is added to `notes` and to the file as a comment.
std::string qemu_args(const spec::Topology& topology, std::span<const spec::GeneratedTable> tables,
                      const std::string& dir, Diagnostics& notes);

// The file a table is written to: "srat.dat".
std::string table_file_name(std::string_view signature);

struct Generated {
  std::vector<spec::GeneratedTable> tables;
  std::vector<std::filesystem::path> files;  // every file written, in order
  Diagnostics notes;                          // warnings about booting it in QEMU
};

// Builds the tables and writes them, tables.acpidump and qemu.args into
// `dir` (created if needed). `dir` is written into qemu.args as given.
Expected<Generated> generate(const spec::Topology& topology, const std::string& dir);

}  // namespace numaplan::emit
