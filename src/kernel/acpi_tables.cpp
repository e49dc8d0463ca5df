// Mirrors drivers/acpi/tables.c: the subtable walker acpi_numa_init() uses.
#include <algorithm>

#include "kernel.h"
#include "numaplan/support/bytes.h"
#include "numaplan/support/format.h"

namespace numaplan::kernel::detail {

namespace {

// acpi_get_subtable_header_length(): SRAT's 2-byte header, CEDT's 4-byte one.
std::uint32_t subtable_header_length(const acpi::TableDesc& desc) {
  return desc.walk.header_size();
}

// The table end the kernel uses (the header's Length), within the bytes we have.
std::uint32_t table_end(Kernel& k, const acpi::Table& table) {
  const auto have = static_cast<std::uint32_t>(table.bytes.size());
  if (table.declared_length > have) {
    k.note(table.signature + ": the header's Length is " + std::to_string(table.declared_length) + " but only " +
           std::to_string(have) + " bytes were given; the kernel would walk past them, the model stops there");
    return have;
  }
  return table.declared_length;
}

// The structure the kernel reads an entry as: the first layout of its type.
const acpi::StructDesc* entry_desc(const acpi::Table& table, const SubtableEntry& entry) {
  const acpi::SubtableKind* kind = table.desc->kind(entry.type);
  return kind == nullptr || kind->layouts.empty() ? nullptr : kind->layouts.front();
}

Event& record_at(Kernel& k, const acpi::Table& table, const SubtableEntry& entry, Event::Outcome outcome,
                 const acpi::FieldDesc* field) {
  Event event;
  event.table = table.signature;
  event.entry = entry.offset;
  event.type = entry.type;
  event.outcome = outcome;
  event.field = field;
  k.events.push_back(std::move(event));
  return k.events.back();
}

}  // namespace

Event& record(Kernel& k, const acpi::Table& table, const SubtableEntry& entry, Event::Outcome outcome) {
  return record_at(k, table, entry, outcome, nullptr);
}

Event& record(Kernel& k, const acpi::Table& table, const SubtableEntry& entry, Event::Outcome outcome,
              acpi::Field field) {
  const acpi::StructDesc* desc = entry_desc(table, entry);
  return record_at(k, table, entry, outcome, desc != nullptr && field.of(*desc) ? &*field : nullptr);
}

Event& record_length(Kernel& k, const acpi::Table& table, const SubtableEntry& entry, Event::Outcome outcome) {
  const acpi::StructDesc* desc = entry_desc(table, entry);
  return record_at(k, table, entry, outcome, desc == nullptr ? nullptr : table.desc->length_field(*desc));
}

std::optional<std::uint64_t> entry_field(const acpi::Table& table, const SubtableEntry& entry, acpi::Field field) {
  const acpi::StructDesc* layout = entry_desc(table, entry);
  if (layout == nullptr) return std::nullopt;
  const acpi::StructDesc& desc = *layout;
  const std::uint64_t room = table.bytes.size() - entry.offset;
  const auto span = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::max<std::uint64_t>(entry.length, desc.size), room));
  const Expected<std::uint64_t> value = acpi::StructView(table.bytes, desc, entry.offset, span).get(field);
  if (!value.ok()) return std::nullopt;
  return value.value();
}

// acpi_parse_entries_array() (drivers/acpi/tables.c up to 6.7,
// lib/fw_table.c since 6.8; same logic): handlers stop being
// called after the first one fails, the walk itself goes on counting; a zero
// Length ends the walk with "[SIG:0xNN] Invalid zero length", NN being the
// first handler's id. The table is the first instance (acpi_get_table(id, 0)).
int acpi_table_parse_entries_array(Kernel& k, const char* id, std::span<SubtableProc> procs) {
  const acpi::Table* table = k.tables.first(id);
  if (table == nullptr || table->desc == nullptr) return -ENODEV;
  const acpi::TableDesc& desc = *table->desc;
  const std::uint32_t end = table_end(k, *table);
  const std::uint32_t header_length = subtable_header_length(desc);
  int errs = 0;
  int count = 0;
  const std::span<const std::uint8_t> bytes = table->bytes;
  for (std::uint64_t at = desc.walk.start; at + header_length < end;) {
    const SubtableEntry entry{read_le(bytes, at + desc.walk.type_offset, desc.walk.type_width).value(),
                              static_cast<std::uint32_t>(at),
                              read_le(bytes, at + desc.walk.length_offset, desc.walk.length_width).value()};
    k.walk_table = table;
    k.walk_entry = &entry;
    for (SubtableProc& proc : procs) {
      if (entry.type != proc.id) continue;
      if (errs != 0 && proc.handler != nullptr) record(k, *table, entry, Event::Outcome::walk_stopped);
      if (proc.handler == nullptr || (errs == 0 && proc.handler(k, *table, entry, proc.arg) != 0)) {
        ++errs;
        continue;
      }
      ++proc.count;
      break;
    }
    k.walk_table = nullptr;
    k.walk_entry = nullptr;
    if (entry.length == 0) {
      k.printk(std::string(k.profile.table_walker_prefix) + "[" + std::string(id) + ":0x" + lower_hex(procs.front().id, 2) + "] Invalid zero length");
      return -EINVAL;
    }
    at += entry.length;
    ++count;
  }
  return errs != 0 ? -EINVAL : count;
}

}  // namespace numaplan::kernel::detail
