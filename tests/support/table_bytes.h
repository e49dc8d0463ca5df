// Test inputs: ACPI tables built byte by byte, acpidump text, temporary folders.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/generate.h"

namespace numaplan::test {

using Bytes = std::vector<std::uint8_t>;

// The 36-byte common header (OEM "NUMAPL"/"TESTTBL", creator "NPLN") then
// `body`, with Length and Checksum set.
Bytes acpi_table(std::string_view signature, std::uint8_t revision, const Bytes& body);
// Sets byte 9 so that the bytes sum to 0 mod 256.
void set_checksum(Bytes& table);

// SRAT revision 3, Table Revision 1, the subtables in order.
Bytes srat(std::initializer_list<Bytes> subtables);
// MADT ("APIC"): Local APIC Address 0xFEE00000, Flags PCAT_COMPAT, then the structures (from offset 44).
Bytes madt(std::initializer_list<Bytes> structures, std::uint8_t revision = 1);
// Processor Local APIC (type 0), ACPI processor UID = APIC id.
Bytes madt_lapic(std::uint8_t apic_id, std::uint32_t flags = 1);
// Processor Local x2APIC (type 9), ACPI processor UID = x2APIC id.
Bytes madt_x2apic(std::uint32_t x2apic_id, std::uint32_t flags = 1);
// DMAR revision 1: Host Address Width 0x2F (48 bits), `flags` (bit 0
// INTR_REMAP, 1 X2APIC_OPT_OUT, 2 DMA_CTRL_PLATFORM_OPT_IN), then the
// remapping structures (from offset 48).
Bytes dmar(std::uint8_t flags, std::initializer_list<Bytes> structures = {});
Bytes srat_local_apic(std::uint8_t pxm, std::uint8_t apic_id, std::uint32_t flags = 1);
Bytes srat_memory(std::uint32_t pxm, std::uint64_t base, std::uint64_t length, std::uint32_t flags = 1);
Bytes srat_x2apic(std::uint32_t pxm, std::uint32_t x2apic_id, std::uint32_t flags = 1);

// SLIT revision 1: `localities` then the entries, row by row.
Bytes slit(std::uint64_t localities, const Bytes& entries);

// CEDT revision 1 with one CFMWS (40 bytes, no interleave target) per
// window, each {base, size}.
Bytes cedt_cfmws(std::initializer_list<std::pair<std::uint64_t, std::uint64_t>> windows);

// `bytes` as acpidump prints a table: the library's own writer.
using emit::acpidump_text;

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes a file below the folder (creating subfolders) and returns its path.
  std::filesystem::path write(const std::filesystem::path& name, std::span<const std::uint8_t> bytes) const;
  std::filesystem::path write(const std::filesystem::path& name, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

// Decodes test tables as the loader would hand them over (origin "test").
acpi::TableSet decode_tables(std::initializer_list<Bytes> raw);

Bytes read_bytes(const std::filesystem::path& path);
// A text file's contents; "" when it cannot be read (the caller's expectation then fails on it).
std::string read_text(const std::filesystem::path& path);
// The table files below `root` (recursively, sorted): every regular file but
// iasl sources, logs, notes, scripts and JSON; none when `root` is missing.
std::vector<std::string> table_files_under(const std::filesystem::path& root);

}  // namespace numaplan::test
