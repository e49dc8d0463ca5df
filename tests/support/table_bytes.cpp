#include "support/table_bytes.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <numeric>
#include <stdexcept>

#include "numaplan/support/bytes.h"

namespace numaplan::test {

namespace {

void put_text(Bytes& bytes, std::size_t offset, std::string_view text) {
  std::copy(text.begin(), text.end(), bytes.begin() + static_cast<std::ptrdiff_t>(offset));
}

}  // namespace

Bytes acpi_table(std::string_view signature, std::uint8_t revision, const Bytes& body) {
  Bytes t(36);
  put_text(t, 0, signature.substr(0, 4));
  write_le(t, 8, 1, revision);
  put_text(t, 10, "NUMAPL");
  put_text(t, 16, "TESTTBL ");
  write_le(t, 24, 4, 1);
  put_text(t, 28, "NPLN");
  write_le(t, 32, 4, 0x20260101);
  t.insert(t.end(), body.begin(), body.end());
  write_le(t, 4, 4, t.size());
  set_checksum(t);
  return t;
}

void set_checksum(Bytes& table) {
  table[9] = 0;
  const unsigned sum = std::accumulate(table.begin(), table.end(), 0U);
  table[9] = static_cast<std::uint8_t>(0x100 - (sum & 0xFF));
}

Bytes srat(std::initializer_list<Bytes> subtables) {
  Bytes body(12);
  write_le(body, 0, 4, 1);  // Table Revision
  for (const Bytes& sub : subtables) body.insert(body.end(), sub.begin(), sub.end());
  return acpi_table("SRAT", 3, body);
}

Bytes madt(std::initializer_list<Bytes> structures, std::uint8_t revision) {
  Bytes body(8);
  write_le(body, 0, 4, 0xFEE00000);
  write_le(body, 4, 4, 1);
  for (const Bytes& s : structures) body.insert(body.end(), s.begin(), s.end());
  return acpi_table("APIC", revision, body);
}

Bytes dmar(std::uint8_t flags, std::initializer_list<Bytes> structures) {
  Bytes body(12);
  body[0] = 0x2F;
  body[1] = flags;
  for (const Bytes& s : structures) body.insert(body.end(), s.begin(), s.end());
  return acpi_table("DMAR", 1, body);
}

Bytes madt_lapic(std::uint8_t apic_id, std::uint32_t flags) {
  Bytes s(8);
  s[0] = 0;
  s[1] = 8;
  s[2] = apic_id;
  s[3] = apic_id;
  write_le(s, 4, 4, flags);
  return s;
}

Bytes madt_x2apic(std::uint32_t x2apic_id, std::uint32_t flags) {
  Bytes s(16);
  s[0] = 9;
  s[1] = 16;
  write_le(s, 4, 4, x2apic_id);
  write_le(s, 8, 4, flags);
  write_le(s, 12, 4, x2apic_id);
  return s;
}

Bytes srat_local_apic(std::uint8_t pxm, std::uint8_t apic_id, std::uint32_t flags) {
  Bytes s(16);
  s[0] = 0;
  s[1] = 16;
  s[2] = pxm;
  s[3] = apic_id;
  write_le(s, 4, 4, flags);
  return s;
}

Bytes srat_memory(std::uint32_t pxm, std::uint64_t base, std::uint64_t length, std::uint32_t flags) {
  Bytes s(40);
  s[0] = 1;
  s[1] = 40;
  write_le(s, 2, 4, pxm);
  write_le(s, 8, 8, base);
  write_le(s, 16, 8, length);
  write_le(s, 28, 4, flags);
  return s;
}

Bytes srat_x2apic(std::uint32_t pxm, std::uint32_t x2apic_id, std::uint32_t flags) {
  Bytes s(24);
  s[0] = 2;
  s[1] = 24;
  write_le(s, 4, 4, pxm);
  write_le(s, 8, 4, x2apic_id);
  write_le(s, 12, 4, flags);
  return s;
}

Bytes slit(std::uint64_t localities, const Bytes& entries) {
  Bytes body(8);
  write_le(body, 0, 8, localities);
  body.insert(body.end(), entries.begin(), entries.end());
  return acpi_table("SLIT", 1, body);
}

Bytes cedt_cfmws(std::initializer_list<std::pair<std::uint64_t, std::uint64_t>> windows) {
  Bytes body;
  for (const auto& [base, size] : windows) {
    Bytes s(40);
    s[0] = 1;
    write_le(s, 2, 2, 40);
    write_le(s, 8, 8, base);
    write_le(s, 16, 8, size);
    body.insert(body.end(), s.begin(), s.end());
  }
  return acpi_table("CEDT", 1, body);
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/numaplan-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern + " failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::filesystem::path& name, std::span<const std::uint8_t> bytes) const {
  const std::filesystem::path file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + file.string());
  return file;
}

std::filesystem::path TempDir::write(const std::filesystem::path& name, std::string_view text) const {
  return write(name, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Bytes read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> table_files_under(const std::filesystem::path& root) {
  std::vector<std::string> paths;
  if (!std::filesystem::exists(root)) return paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && ext != ".dsl" && ext != ".log" && ext != ".md" && ext != ".py" && ext != ".json") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

acpi::TableSet decode_tables(std::initializer_list<Bytes> raw) {
  std::vector<acpi::RawTable> in;
  for (const Bytes& bytes : raw) in.push_back({"test", bytes});
  return acpi::decode_all(std::move(in), {});
}

}  // namespace numaplan::test
