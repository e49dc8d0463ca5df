// `numaplan plan`: the plan as text, as JSON `numaplan.plan/2` (the map
// document plus "spm", DESIGN §6), and as firmware tables an unmodified
// Linux boots into exactly the planned possible nodes and distances.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/model.h"
#include "numaplan/plan/plan.h"
#include "numaplan/support/expected.h"

namespace numaplan::emit {

// map_text of the planned layout (its fallback column: the planned layout's
// boot fallback order), then the reservations, masks, distance origins,
// whether a reserved node is in a system-RAM node's fallback order, the
// guardrail table and log lines.
std::string plan_text(const plan::Plan& plan);

// The numaplan.plan/2 document: the map document of the planned layout
// plus "proposal" and "spm", written to `sink` as it is made (laid out as
// nlohmann's dump(2), no newline after it).
void write_plan_json(const plan::Plan& plan, std::ostream& sink);
// The kernel's lines (--format dmesg) for a kernel booting the plan.
// Under standby-rfc1 the kernel carrying the RFC reads the machine's own
// tables: plan.layout's log, which holds the RFC's lines in place. Under
// spm-rfc2 and prototype an unmodified kernel boots the tables
// planned_tables() writes (the planned SRAT, SLIT, MSCT, the machine's CEDT
// and HMAT, the machine's other tables as they are): the model's lines for
// those tables (the reserved nodes' SRAT, "Initmem setup" and "Fallback
// order" lines included), then the proposal's own lines (where those trees
// print them among the others is not modelled). `config` is the kernel the
// plan was made for.
Expected<std::string> plan_dmesg(const plan::Plan& plan, const acpi::TableSet& tables, const kernel::Config& config);

struct PlannedFile {
  std::string name;  // "srat.dat", ..., "hmat.dat", "cmdline", "config-fragment", "acpi-upgrade.cpio", "qemu-args", "qemu.args"
  std::vector<std::uint8_t> bytes;
};

struct PlannedTables {
  std::vector<PlannedFile> files;     // in the order they are written
  std::vector<std::string> warnings;  // QEMU cannot boot the plan as written (also in qemu.args)
};

// `--emit-tables DIR`, built with acpi::encode_table from dump-form JSON:
// - srat.dat: the machine's SRAT (every flag kept, Specific-Purpose too),
//   then one Enabled + Hot Pluggable memory range per CFMWS node (its
//   window, with its fake PXM) and per reserved node (Reserved::start/end).
//   Describing the windows in SRAT makes numa_fill_memblks() absorb them, so
//   the kernel numbers SRAT, CFMWS and reserved PXMs in the planned order
//   (left to CEDT, the kernel's fake PXMs for CFMWS would come after the
//   reserved ones);
// - slit.dat: PXMs 0..highest with the planned distances; PXMs without a
//   node keep the machine's SLIT entry, else 10/20;
// - msct.dat: the machine's MSCT with Maximum Proximity Domains raised to
//   cover every PXM and one structure per planned PXM its ranges miss;
//   without one, a new MSCT with a structure per node;
// - cedt.dat, hmat.dat: the machine's CEDT and HMAT bytes, unchanged (when there are);
// - qemu-args: the oracle's form: q35 with the boot RAM (SRAT memory that is
//   neither hot-pluggable nor specific-purpose) and CPU count, no -numa
//   (QEMU then adds no SRAT or SLIT) and no cxl=on (no CEDT of its own);
// - acpi-upgrade.cpio: the planned SRAT under QEMU's OEM IDs with a higher
//   OEM Revision, for the kernel's table upgrade from the initrd
//   (CONFIG_ACPI_TABLE_UPGRADE): it replaces the SRAT QEMU builds for -numa;
// - qemu.args: `numaplan generate`'s form, for hot-plugging the reserved
//   ranges: -m SIZE,slots=N,maxmem=M, a -numa node per PXM (a DIMM's node=
//   must name one and becomes its _PXM), one -acpitable per table in `dir`
//   but srat.dat (which comes as acpi-upgrade.cpio), and per reserved range
//   the -object/-device (boot) and object_add/device_add (monitor) that put a
//   DIMM on its node, as comments.
// The directory is then an oracle case (../shared/oracle/run-case.sh).
Expected<PlannedTables> planned_tables(const plan::Plan& plan, const acpi::TableSet& tables, const std::string& dir);

}  // namespace numaplan::emit
