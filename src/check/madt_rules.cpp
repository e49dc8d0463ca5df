// MADT against SRAT: the CPUs the kernel brings up come from the MADT, their
// nodes from SRAT (the kernel model numbers and places them: Context::layout). A CPU one
// table has and the other lacks is a firmware bug the kernel does not
// report.
#include <map>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

constexpr Rule kDuplicateApicId{"MADT.DuplicateApicId", "", Severity::warning,
                                "two MADT processor structures with one APIC id"};
constexpr Rule kCpuWithoutAffinity{"MADT.CpuWithoutAffinity", "", Severity::warning,
                                   "an enabled MADT CPU has no SRAT affinity while SRAT gives other CPUs theirs"};
constexpr Rule kSratCpuNotInMadt{"SRAT.CpuNotInMadt", "", Severity::warning,
                                 "an SRAT CPU affinity entry for an APIC id the MADT does not list"};

constexpr const Rule* kRules[] = {&kSratCpuNotInMadt, &kDuplicateApicId, &kCpuWithoutAffinity};

// A MADT processor structure with a valid APIC id: its record, the id and whether it is enabled.
struct MadtCpu {
  const acpi::Record* record;
  std::string_view key;  // "apic_id" or "x2apic_id"
  std::uint32_t id;
  bool enabled;
};

std::vector<MadtCpu> madt_cpus(const acpi::Table& madt) {
  std::vector<MadtCpu> out;
  for (const acpi::Record& record : madt.subtables) {
    if (record.desc != &acpi::madt::local_apic && record.desc != &acpi::madt::x2apic) continue;
    if (record.length < record.desc->size) continue;
    const acpi::StructView view = madt.view(record);
    const bool x2apic = record.desc == &acpi::madt::x2apic;
    const std::string_view key = x2apic ? "x2apic_id" : "apic_id";
    const auto id = static_cast<std::uint32_t>(view.get_or(key, 0));
    // The invalid ids (placeholders firmware pads with): the kernel skips them.
    if (x2apic ? id == 0xFFFFFFFFU : id == 0xFF) continue;
    out.push_back({&record, key, id, (view.get_or("flags", 0) & 1) != 0});
  }
  return out;
}

// The APIC id of an SRAT CPU entry (Local APIC or x2APIC affinity); nullopt for other kinds.
std::optional<std::uint32_t> srat_apic_id(const acpi::Table& srat, const SratEntry& entry) {
  if (entry.kind != SratEntry::Kind::cpu) return std::nullopt;
  const acpi::StructView view = srat.view(*entry.record);
  if (entry.record->desc == &acpi::srat::local_apic) return static_cast<std::uint32_t>(view.get_or("apic_id", 0));
  if (entry.record->desc == &acpi::srat::x2apic) return static_cast<std::uint32_t>(view.get_or("x2apic_id", 0));
  return std::nullopt;  // GICC, RINTC: other architectures' processors
}

std::string apic(std::uint32_t id) { return "APIC id " + show(id); }

void check(const Context& c, Reporter& out) {
  const acpi::Table* madt = c.set.first("APIC");
  if (madt == nullptr || madt->desc == nullptr) return;
  const std::vector<MadtCpu> cpus = madt_cpus(*madt);

  std::map<std::uint32_t, const MadtCpu*> first;
  for (const MadtCpu& cpu : cpus) {
    const auto [it, added] = first.emplace(cpu.id, &cpu);
    if (added) continue;
    // Up to 6.8 generic_processor_info() counts an enabled repeat in num_processors (oracle case 58).
    const bool counted_again = cpu.enabled && it->second->enabled && !c.options.profile.topology_cpus;
    out.add_field(kDuplicateApicId, *madt, madt->view(*cpu.record), cpu.key,
                  apic(cpu.id) + " is listed again (first at offset " + show(it->second->record->offset) +
                      "): the kernel gives both structures one logical CPU, so one CPU fewer comes up than the "
                      "MADT lists" +
                      (counted_again ? std::string("; the kernel (profile ") + std::string(c.options.profile.name) +
                                           ") still counts it: one more possible CPU that never comes up"
                                     : std::string()));
  }

  if (c.srat == nullptr || c.srat->desc == nullptr) return;
  std::map<std::uint32_t, bool> srat_has;  // APIC ids SRAT gives an affinity (enabled entries)
  for (const SratEntry& entry : c.srat_entries) {
    const auto id = srat_apic_id(*c.srat, entry);
    if (!id || !entry.enabled) continue;
    srat_has[*id] = true;
    if (first.contains(*id)) continue;
    out.add_field(kSratCpuNotInMadt, *c.srat, c.srat->view(*entry.record),
                  entry.record->desc == &acpi::srat::x2apic ? "x2apic_id" : "apic_id",
                  apic(*id) + " has PXM " + std::to_string(entry.pxm) +
                      " here but the MADT lists no such processor: no CPU comes up for it, and its node has none "
                      "unless another entry gives it one");
  }
  if (srat_has.empty()) return;

  // Where the kernel puts each CPU: the model's numbering and placement.
  const kernel::Layout& layout = c.layout;
  for (const MadtCpu& cpu : cpus) {
    if (!cpu.enabled || srat_has.contains(cpu.id) || first.at(cpu.id) != &cpu) continue;
    std::string where = "the kernel does not bring it up";
    for (std::size_t n = 0; n < layout.cpu_ids.size() && n < static_cast<std::size_t>(layout.present_cpus); ++n) {
      if (layout.cpu_ids[n].id != cpu.id) continue;
      where = "the kernel (profile " + std::string(c.options.profile.name) + ") brings it up as CPU " + std::to_string(n) +
              " on node " + std::to_string(layout.cpu_to_node[n]);
    }
    out.add_field(kCpuWithoutAffinity, *madt, madt->view(*cpu.record), cpu.key,
                  apic(cpu.id) + " has no SRAT Processor Affinity entry though SRAT has them for other CPUs: " +
                      where + ", which is rarely where the firmware meant it; add an entry for it");
  }
}

}  // namespace

const RuleGroup madt_rules{kRules, check};

}  // namespace numaplan::check
