// Bytes -> acpi::decode_table -> dump JSON -> acpi::encode_table: an answer
// for every table, the same bytes for each table decoded without errors
// (fuzz_checks.h round_trip). Seeded and run like decode_fuzz.
//
// Before decoding, the input is made what the encoder makes of lengths and
// sums: each record's Length reaches at least its header and at most the
// table's end, the table's Length is its size, the Checksum sums it to zero.
// A table with an error need not come back unchanged, and a mutated input
// almost never has those right: without this about one run in a hundred had
// its bytes compared. A wrong Length or Checksum is decode_fuzz's to try.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "numaplan/acpi/describe.h"
#include "numaplan/acpi/encode.h"
#include "numaplan/support/bytes.h"

namespace {

using namespace numaplan;

// A record Length below the record header's or past the table's end becomes
// the rest of the table, so the walk reaches the end.
void fit_record_lengths(std::vector<std::uint8_t>& bytes) {
  const acpi::TableDesc* desc = acpi::find_table_desc(std::string_view(reinterpret_cast<const char*>(bytes.data()), 4));
  if (desc == nullptr || desc->walk.length_width == 0 || desc->walk.start_field != nullptr) return;
  const acpi::SubtableWalk& walk = desc->walk;
  const std::size_t header = walk.header_size();
  for (std::size_t at = walk.start; at < bytes.size() && bytes.size() - at >= header;) {
    const std::size_t rest = bytes.size() - at;
    std::uint64_t length = read_le(bytes, at + walk.length_offset, walk.length_width).value();
    if (length < header || length > rest) {
      length = rest;
      if (walk.length_width < 8 && (length >> (8 * walk.length_width)) != 0) return;
      write_le(bytes, at + walk.length_offset, walk.length_width, length);
    }
    at += length;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
  if (bytes.size() >= 36 && bytes.size() <= 0xFFFFFFFFU) {
    fit_record_lengths(bytes);
    acpi::seal_table(bytes);
  }
  auto table = acpi::decode_table(acpi::RawTable{"fuzz", std::move(bytes)});
  if (table) fuzz::round_trip(*table);
  return 0;
}
