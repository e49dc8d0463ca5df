// Reading a real kernel log next to the model's: one definition, shared by
// `numaplan map --compare-dmesg`, the memory-map reader (BIOS-e820 lines) and
// the kernel model's tests.
//
// The model's log (Layout::log) must hold only lines for which
// is_numa_init_message() is true: --compare-dmesg keeps exactly those lines
// of the real log, so a model line outside the family always shows as missing.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace numaplan::kernel {

// One kernel message of a log, without the prefixes printk, dmesg, syslog
// or journald put in front of it.
struct LogMessage {
  std::size_t line = 0;   // 1-based line in the log
  std::string_view text;  // as the kernel formatted it (leading spaces kept); points into the log
};

// The messages of the first boot in a log, in order. Accepted line prefixes,
// in this order, each optional:
//   "<6>"                                      dmesg -r, /dev/kmsg level
//   "Nov 24 12:00:00 host kernel: "            syslog (kern.log), journalctl -k (-o short)
//   "Nov 24 12:00:00.123456 host kernel: "     journalctl -o short-precise
//   "2024-11-24T12:00:00+01:00 host kernel: "  journalctl -o short-iso, rsyslog
//   "[    0.000000] "                          printk time
//   or "[Sun Nov 24 12:00:00 2024] "           dmesg -T (the time as a date)
//   "[    T1] " or "[    C0] "                  printk caller id
// Lines are cut at '\r'. The first boot ends where a second one starts: a
// second "Linux version" message, or a timestamped message that goes back in
// time to a message already seen (a dmesg dump appended to a console log,
// as the oracle's kernel.log holds).
struct BootLog {
  std::vector<LogMessage> messages;
  std::size_t next_boot_line = 0;  // 1-based line where the next copy or boot starts; 0 if none
  std::string_view release;        // from "Linux version 6.12.117+deb12-amd64 (...)"; empty if absent
  std::size_t prefixed = 0;        // messages that had one of the prefixes
};
BootLog first_boot(std::string_view log);

// Whether a file's first boot reads as a kernel log: it has a "Linux
// version" line, a line with a log prefix, or a NUMA set-up line (a log
// printed without times and cut short). --compare-dmesg refuses anything
// else rather than report every predicted line missing.
bool is_kernel_log(const BootLog& boot);

// The families of lines the model reproduces. Left out: the table list and
// "Reserving ... table memory" lines (firmware addresses), NODE_DATA, zone and
// page counts (allocator state), KERN_DEBUG lines other than the distance table's.
enum class DmesgFamily : unsigned char {
  none,
  // acpi_numa_init (SRAT, SLIT, CEDT CFMWS), the x86 SRAT handlers,
  // numa_memblks (meminfo clean-up, coverage, distances), the dummy fall-back.
  numa_init,
  // "NUMA: Initialized distance table, cnt=N": KERN_DEBUG (up to 6.16), so in
  // dmesg but not on a console at the default log level.
  distance_table,
  // free_area_init(): "  node   N: [mem ...]", each memblock range.
  node_ranges,
  // free_area_init(): "Early memory node ranges", "Initmem setup node N ...",
  // "Initializing node N as memoryless"; arm64's arch_numa: "NUMA: Initmem
  // setup node N [<memory-less node>]".
  node_memory,
  // The MADT walk and the possible CPUs: "ACPI: x2apic entry ignored",
  // "smpboot: Allowing N CPUs, M hotplug CPUs" (up to 6.8), "CPU topo:
  // Allowing N present CPUs plus M hotplug CPUs" (6.9+).
  cpus,
  // setup_per_cpu_areas(): "setup_percpu: NR_CPUS:... nr_node_ids:N".
  percpu,
  // build_zonelists(): "Fallback order for Node N: ...".
  fallback_order,
};
DmesgFamily dmesg_family(std::string_view text);

// True for a line of any family but none: what Layout::log holds.
bool is_numa_init_message(std::string_view text);

// The boot's messages for which is_numa_init_message() holds: what
// `--compare-dmesg` compares Layout::log with (a family the log lacks
// altogether is left out of the comparison: a console log has no
// distance-table line, a grep of NUMA lines no memory lines).
std::vector<LogMessage> numa_init_messages(const BootLog& boot);

}  // namespace numaplan::kernel
