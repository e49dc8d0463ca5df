// Byte builders for the rule tests: one clean machine (SRAT, SLIT, MSCT, HMAT,
// CEDT that give no finding but the CFMWS node note) and the records to bend.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/check/findings.h"
#include "numaplan/support/bytes.h"
#include "support/table_bytes.h"

namespace numaplan::check::test {

using numaplan::test::Bytes;

inline constexpr std::uint64_t kGiB = 1ULL << 30;

struct Put {
  std::size_t offset;
  std::size_t width;
  std::uint64_t value;
};

// `size` zero bytes with the given fields written.
inline Bytes record(std::size_t size, std::initializer_list<Put> puts) {
  Bytes out(size);
  for (const Put& p : puts) write_le(out, p.offset, p.width, p.value);
  return out;
}

inline Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// --- MADT ("APIC"): Local APIC Address and Flags, then the structures from 44.
using numaplan::test::madt;
using numaplan::test::madt_lapic;
// Two enabled CPUs, APIC ids 0 and 1 (those of good_srat()): at 44 and 52.
inline Bytes good_madt() { return madt({madt_lapic(0), madt_lapic(1)}); }

// --- SRAT: subtables start at 48.
inline Bytes srat_rev(std::uint8_t revision, std::initializer_list<Bytes> subtables, std::uint32_t table_revision = 1) {
  return numaplan::test::acpi_table("SRAT", revision, join({record(12, {{0, 4, table_revision}}), join(subtables)}));
}
inline Bytes srat(std::initializer_list<Bytes> subtables) { return srat_rev(3, subtables); }
inline Bytes lapic(std::uint8_t pxm, std::uint8_t apic, std::uint32_t flags = 1) {
  return numaplan::test::srat_local_apic(pxm, apic, flags);
}
inline Bytes memory(std::uint32_t pxm, std::uint64_t base, std::uint64_t length, std::uint32_t flags = 1) {
  return numaplan::test::srat_memory(pxm, base, length, flags);
}
inline Bytes x2apic(std::uint32_t pxm, std::uint32_t id, std::uint32_t flags = 1) {
  return numaplan::test::srat_x2apic(pxm, id, flags);
}
inline Bytes initiator(std::uint32_t pxm, std::uint32_t flags, std::uint8_t handle_type = 1) {
  return record(32, {{0, 1, 5}, {1, 1, 32}, {3, 1, handle_type}, {4, 4, pxm}, {24, 4, flags}});
}
// arm64's and riscv's CPU entries (x86 kernels do not parse them).
inline Bytes gicc(std::uint32_t pxm, std::uint32_t uid, std::uint32_t flags = 1) {
  return record(18, {{0, 1, 3}, {1, 1, 18}, {2, 4, pxm}, {6, 4, uid}, {10, 4, flags}});
}
inline Bytes rintc(std::uint32_t pxm, std::uint32_t uid, std::uint32_t flags = 1) {
  return record(20, {{0, 1, 7}, {1, 1, 20}, {4, 4, pxm}, {8, 4, uid}, {12, 4, flags}});
}
// Two nodes: CPUs at 48 and 64, memory at 80 (PXM 0, 0-2G) and 120 (PXM 1, 4G-6G).
inline Bytes good_srat() {
  return srat({lapic(0, 0), lapic(1, 1), memory(0, 0, 2 * kGiB), memory(1, 4 * kGiB, 2 * kGiB)});
}

// --- SLIT: N at 36, entries at 44.
inline Bytes slit(std::uint64_t n, std::initializer_list<std::uint8_t> entries) {
  Bytes body = record(8, {{0, 8, n}});
  body.insert(body.end(), entries.begin(), entries.end());
  return numaplan::test::acpi_table("SLIT", 1, body);
}
inline Bytes good_slit() { return slit(2, {10, 21, 21, 10}); }

// --- MSCT: structures at 56, 22 bytes each.
inline Bytes msct_domain(std::uint32_t start, std::uint32_t end) {
  return record(22, {{0, 1, 1}, {1, 1, 22}, {2, 4, start}, {6, 4, end}, {10, 4, 1}, {14, 8, 2 * kGiB}});
}
inline Bytes msct(std::uint32_t max_pd, std::uint64_t max_address, std::initializer_list<Bytes> domains,
                  std::uint32_t offset = 0x38) {
  return numaplan::test::acpi_table(
      "MSCT", 1, join({record(20, {{0, 4, offset}, {4, 4, max_pd}, {8, 4, 1}, {12, 8, max_address}}), join(domains)}));
}
inline Bytes good_msct() { return msct(1, 16 * kGiB - 1, {msct_domain(0, 1)}); }

// --- HMAT: structures at 40.
inline Bytes hmat_domain(std::uint32_t initiator, std::uint32_t memory_pd, std::uint16_t flags = 1,
                         std::uint32_t length = 40) {
  Bytes out = record(40, {{0, 2, 0}, {4, 4, length}, {8, 2, flags}, {12, 4, initiator}, {16, 4, memory_pd}});
  out.resize(length);
  return out;
}
// One initiator (PXM 0), two targets (PXMs 0, 1).
inline Bytes hmat_locality(std::uint8_t data_type = 0, std::uint64_t base_unit = 100, std::uint32_t length = 48) {
  Bytes out = record(48, {{0, 2, 1}, {4, 4, length}, {9, 1, data_type}, {12, 4, 1}, {16, 4, 2}, {24, 8, base_unit},
                          {32, 4, 0}, {36, 4, 0}, {40, 4, 1}, {44, 2, 10}, {46, 2, 20}});
  out.resize(length);
  return out;
}
inline Bytes hmat_cache(std::uint32_t attributes = 0x00401111, std::uint16_t handles = 0, std::uint32_t length = 32) {
  return record(length, {{0, 2, 2}, {4, 4, length}, {8, 4, 0}, {16, 8, 64ULL << 20}, {24, 4, attributes},
                         {30, 2, handles}});
}
inline Bytes hmat(std::initializer_list<Bytes> structures) {
  return numaplan::test::acpi_table("HMAT", 2, join({record(4, {}), join(structures)}));
}
inline Bytes good_hmat() { return hmat({hmat_domain(0, 0), hmat_domain(1, 1), hmat_locality(), hmat_cache()}); }

// --- CEDT: subtables at 36.
inline Bytes chbs(std::uint32_t uid, std::uint32_t version = 1, std::uint64_t length = 0x10000) {
  return record(32, {{0, 1, 0}, {2, 2, 32}, {4, 4, uid}, {8, 4, version}, {16, 8, 0xFE000000}, {24, 8, length}});
}
struct Cfmws {
  std::uint64_t base = 8 * kGiB;
  std::uint64_t size = kGiB;
  std::uint8_t eniw = 0;
  std::uint8_t arithmetic = 0;
  std::uint32_t hbig = 0;
  std::vector<std::uint32_t> targets = {7};
  int length = -1;  // -1: 36 + 4 x targets
};
inline Bytes cfmws(const Cfmws& w) {
  const std::uint64_t length = w.length < 0 ? 36 + 4 * w.targets.size() : static_cast<std::uint64_t>(w.length);
  Bytes out = record(36 + 4 * w.targets.size(),
                     {{0, 1, 1}, {2, 2, length}, {8, 8, w.base}, {16, 8, w.size}, {24, 1, w.eniw},
                      {25, 1, w.arithmetic}, {28, 4, w.hbig}, {32, 2, 0x6}});
  for (std::size_t i = 0; i < w.targets.size(); ++i) write_le(out, 36 + 4 * i, 4, w.targets[i]);
  out.resize(length < 36 ? 36 : length);
  return out;
}
inline Bytes cxims(std::uint8_t hbig) { return record(16, {{0, 1, 2}, {2, 2, 16}, {6, 1, hbig}, {7, 1, 1}, {8, 8, 0x100}}); }
inline Bytes rdpas(std::uint8_t protocol, std::uint16_t length = 17) {
  return record(length, {{0, 1, 3}, {2, 2, length}, {length == 17 ? 8U : 16U, 1, protocol}});
}
inline Bytes cedt(std::initializer_list<Bytes> subtables) { return numaplan::test::acpi_table("CEDT", 1, join(subtables)); }
// CHBS at 36, CFMWS at 68 (8G + 1G, one way to host bridge 7).
inline Bytes good_cedt() { return cedt({chbs(7), cfmws({})}); }

// `table` with one byte changed and the checksum made right again.
inline Bytes with_byte(Bytes table, std::size_t offset, std::uint8_t value) {
  table[offset] = value;
  numaplan::test::set_checksum(table);
  return table;
}
inline Bytes with_checksum_off() {
  Bytes t = good_srat();
  ++t[9];
  return t;
}

inline acpi::TableSet decode(const std::vector<Bytes>& tables) {
  std::vector<acpi::RawTable> raw;
  for (std::size_t i = 0; i < tables.size(); ++i) raw.push_back({"t" + std::to_string(i), tables[i]});
  return acpi::decode_all(std::move(raw), {});
}

inline Findings validate_bytes(const std::vector<Bytes>& tables, const Options& options = {}) {
  return *validate(decode(tables), options);
}

}  // namespace numaplan::check::test
