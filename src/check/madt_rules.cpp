// MADT against SRAT: the CPUs the kernel brings up come from the MADT, their
// nodes from SRAT (the kernel model numbers and places them: Context::layout).
// A CPU one table has and the other lacks is a firmware bug the kernel does
// not report. x86 matches the two by APIC id, arm64 and riscv64 by ACPI
// processor UID (GICC, RINTC).
#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

constexpr Rule kDuplicateApicId{"MADT.DuplicateApicId", "", Severity::warning,
                                "two MADT processor structures with one APIC id"};
constexpr Rule kCpuWithoutAffinity{"MADT.CpuWithoutAffinity", "", Severity::warning,
                                   "an enabled MADT CPU has no SRAT affinity while SRAT gives other CPUs theirs"};
constexpr Rule kSratCpuNotInMadt{"SRAT.CpuNotInMadt", "", Severity::warning,
                                 "an SRAT CPU affinity entry for an APIC id (arm64: a GICC UID) the MADT does not list"};

constexpr Rule kItsNotInMadt{"SRAT.ItsNotInMadt", "", Severity::warning,
                             "arm64: a GIC ITS Affinity entry for an ITS ID no MADT GIC ITS structure has"};

constexpr const Rule* kRules[] = {&kSratCpuNotInMadt, &kDuplicateApicId, &kCpuWithoutAffinity, &kItsNotInMadt};

// A MADT processor structure of the architecture's kind with a valid id:
// x86's Local APIC and x2APIC structures by APIC id, arm64's GICCs and
// riscv64's RINTCs by ACPI processor UID (what SRAT's GICC / RINTC Affinity names).
struct MadtCpu {
  const acpi::Record* record;
  acpi::Field id_field;  // APIC id, x2APIC id or UID
  std::uint32_t id;
  bool enabled;
};

bool is_arm64(const Context& c) { return c.options.arch == kernel::Arch::arm64; }
bool is_riscv64(const Context& c) { return c.options.arch == kernel::Arch::riscv64; }
// arm64 and riscv64 place CPUs by ACPI processor UID (GICC, RINTC); x86 by APIC id.
bool by_uid(const Context& c) { return is_arm64(c) || is_riscv64(c); }

// The id and Flags fields of a MADT structure that names one of the
// architecture's CPUs; nullopt for other structures.
std::optional<std::pair<acpi::Field, acpi::Field>> madt_cpu_fields(const Context& c, const acpi::StructDesc* desc) {
  using namespace acpi::madt;
  if (is_arm64(c)) return desc == &gicc ? std::optional(std::pair(gicc_fields::uid, gicc_fields::flags)) : std::nullopt;
  if (is_riscv64(c)) return desc == &rintc ? std::optional(std::pair(rintc_fields::uid, rintc_fields::flags)) : std::nullopt;
  if (desc == &local_apic) return std::pair(local_apic_fields::apic_id, local_apic_fields::flags);
  if (desc == &x2apic) return std::pair(x2apic_fields::x2apic_id, x2apic_fields::flags);
  return std::nullopt;
}

std::vector<MadtCpu> madt_cpus(const Context& c, const acpi::Table& madt) {
  std::vector<MadtCpu> out;
  for (const acpi::Record& record : madt.subtables) {
    if (record.desc == nullptr || record.length < record.desc->size) continue;
    const std::optional<std::pair<acpi::Field, acpi::Field>> fields = madt_cpu_fields(c, record.desc);  // id, flags
    if (!fields) continue;
    const acpi::StructView view = madt.view(record);
    const auto id = static_cast<std::uint32_t>(view.get_or(fields->first, 0));
    // The invalid APIC ids (placeholders firmware pads with): the kernel skips them.
    if (record.desc == &acpi::madt::x2apic ? id == 0xFFFFFFFFU : record.desc == &acpi::madt::local_apic && id == 0xFF) {
      continue;
    }
    out.push_back({&record, fields->first, id, (view.get_or(fields->second, 0) & 1) != 0});
  }
  return out;
}

// The processor an SRAT CPU entry of the architecture names, with the key of
// its field; nullopt for other kinds (another architecture's processors).
std::optional<std::pair<acpi::Field, std::uint32_t>> srat_cpu_id(const Context& c, const SratEntry& entry) {
  if (entry.kind != SratEntry::Kind::cpu) return std::nullopt;
  const acpi::StructView view = c.srat->view(*entry.record);
  const acpi::StructDesc* desc = entry.record->desc;
  std::optional<acpi::Field> field;
  if (is_arm64(c) && desc == &acpi::srat::gicc) field = acpi::srat::gicc_fields::acpi_processor_uid;
  if (is_riscv64(c) && desc == &acpi::srat::rintc) field = acpi::srat::rintc_fields::acpi_processor_uid;
  if (!by_uid(c) && desc == &acpi::srat::local_apic) field = acpi::srat::local_apic_fields::apic_id;
  if (!by_uid(c) && desc == &acpi::srat::x2apic) field = acpi::srat::x2apic_fields::x2apic_id;
  if (!field) return std::nullopt;
  return std::make_pair(*field, static_cast<std::uint32_t>(view.get_or(*field, 0)));
}

std::string cpu_name(const Context& c, std::uint32_t id) {
  if (by_uid(c)) return std::string(is_arm64(c) ? "GICC" : "RINTC") + " UID " + std::to_string(id);
  return "APIC id " + show(id);
}

// acpi_get_its_numa_node() is asked only for the MADT's ITSes (by
// Translation ID): an affinity entry the kernel took (the model's events)
// for another ID places nothing.
void check_its_ids(const Context& c, const acpi::Table& madt, Reporter& out) {
  std::vector<std::uint64_t> translation_ids;
  for (const acpi::Record& record : madt.subtables) {
    if (record.desc == &acpi::madt::gic_its) translation_ids.push_back(madt.view(record).get_or(acpi::madt::gic_its_fields::translation_id, 0));
  }
  for (const kernel::Event& e : c.layout.events) {
    if (e.table != "SRAT" || e.outcome != kernel::Event::Outcome::its_mapped) continue;
    const auto record = std::find_if(c.srat->subtables.begin(), c.srat->subtables.end(),
                                     [&](const acpi::Record& r) { return r.offset == e.entry; });
    if (record == c.srat->subtables.end() || record->desc != &acpi::srat::gic_its) continue;
    const acpi::StructView view = c.srat->view(*record);
    const std::uint64_t id = view.get_or(acpi::srat::gic_its_fields::its_id, 0);
    if (std::find(translation_ids.begin(), translation_ids.end(), id) != translation_ids.end()) continue;
    out.add_field(kItsNotInMadt, *c.srat, view, acpi::srat::gic_its_fields::its_id,
                  "ITS " + std::to_string(id) + " (PXM " + std::to_string(e.pxm) + ", node " + std::to_string(e.node) +
                      ") is no MADT GIC ITS's Translation ID: the kernel prints \"" + e.line +
                      "\" but no ITS looks the entry up");
  }
}

void check(const Context& c, Reporter& out) {
  const acpi::Table* madt = c.set.first("APIC");
  if (madt == nullptr || madt->desc == nullptr) return;
  if (is_arm64(c) && c.srat != nullptr && c.srat->desc != nullptr) check_its_ids(c, *madt, out);
  const std::vector<MadtCpu> cpus = madt_cpus(c, *madt);

  std::map<std::uint32_t, const MadtCpu*> first;
  for (const MadtCpu& cpu : cpus) {
    const auto [it, added] = first.emplace(cpu.id, &cpu);
    if (added) continue;
    // Up to 6.8 generic_processor_info() counts an enabled repeat in num_processors (oracle case 58).
    const bool counted_again = cpu.enabled && it->second->enabled && !c.options.profile.topology_cpus;
    if (by_uid(c)) continue;  // arm64 and riscv64 tell CPUs apart by MPIDR / hart id, not by this id
    out.add_field(kDuplicateApicId, *madt, madt->view(*cpu.record), cpu.id_field,
                  cpu_name(c, cpu.id) + " is listed again (first at offset " + show(it->second->record->offset) +
                      "): the kernel gives both structures one logical CPU, so one CPU fewer comes up than the "
                      "MADT lists" +
                      (counted_again ? std::string("; the kernel (profile ") + std::string(c.options.profile.name) +
                                           ") still counts it: one more possible CPU that never comes up"
                                     : std::string()));
  }

  if (c.srat == nullptr || c.srat->desc == nullptr) return;
  std::map<std::uint32_t, bool> srat_has;  // processors SRAT gives an affinity (enabled entries)
  for (const SratEntry& entry : c.srat_entries) {
    const auto id = srat_cpu_id(c, entry);
    if (!id || !entry.enabled) continue;
    srat_has[id->second] = true;
    if (first.contains(id->second)) continue;
    out.add_field(kSratCpuNotInMadt, *c.srat, c.srat->view(*entry.record), id->first,
                  cpu_name(c, id->second) + " has PXM " + std::to_string(entry.pxm) +
                      " here but the MADT lists no such processor: no CPU comes up for it, and its node has none "
                      "unless another entry gives it one" +
                      (by_uid(c) ? std::string(" (get_cpu_for_acpi_id() finds no CPU; the entry is skipped "
                                                 "silently)")
                                   : std::string()));
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
    out.add_field(kCpuWithoutAffinity, *madt, madt->view(*cpu.record), cpu.id_field,
                  cpu_name(c, cpu.id) + " has no SRAT " + (is_arm64(c) ? "GICC" : is_riscv64(c) ? "RINTC" : "Processor") + " Affinity entry though SRAT has them for other CPUs: " +
                      where + ", which is rarely where the firmware meant it; add an entry for it");
  }
}

}  // namespace

const RuleGroup madt_rules{kRules, check};

}  // namespace numaplan::check
