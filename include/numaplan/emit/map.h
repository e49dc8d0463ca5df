// `numaplan map`: the kernel's NUMA layout as a readable table, as JSON
// `numaplan.map/1` (DESIGN §6), as the kernel's own log lines, and as
// `numactl --hardware` would print it once the machine is up.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"

namespace numaplan::emit {

// Node table (node, PXM, origin, memory, CPUs), distance matrix, notes.
std::string map_text(const kernel::Layout& layout);

nlohmann::json map_json(const kernel::Layout& layout);

// Layout::log, one line each.
std::string map_dmesg(const kernel::Layout& layout);

// The two layouts `numactl --hardware` has printed: "% 3d" columns up to
// 2.0.18, "% 4d" since 2.0.19.
enum class NumactlFormat { v2_0_16, v2_0_19 };

// `numactl --hardware`: online nodes only (possible-only nodes have no sysfs
// directory). `cpu_numbers[i]` is the CPU Linux numbers i; node CPUs not in
// it are not printed. "size" is the node's memory in MB; "free" is
// "<not available>", what numactl prints when it cannot read it.
std::string map_numactl(const kernel::Layout& layout, NumactlFormat format, std::span<const kernel::Cpu> cpu_numbers);

// Linux numbers CPUs in MADT order, which is not an input: this is the
// stand-in, the enabled processor entries of the SRAT Linux uses, in table
// order.
std::vector<kernel::Cpu> srat_cpu_order(const acpi::TableSet& tables);

// The model's log against a real one (`--compare-dmesg`): the real log's
// NUMA set-up lines (kernel::numa_init_messages) and Layout::log as ordered
// lists; every line only the model has ("- ") or only the log has ("+ ").
struct DmesgComparison {
  std::vector<std::string> differences;  // "- line" / "+ line", in log order
  std::size_t next_boot_line = 0;        // where the log's first boot ended (0: it did not)
};
DmesgComparison compare_dmesg(const kernel::Layout& layout, std::string_view log);

}  // namespace numaplan::emit
