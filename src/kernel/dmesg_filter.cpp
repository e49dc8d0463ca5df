#include "numaplan/kernel/dmesg_filter.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>

namespace numaplan::kernel {

namespace {

// The prefixes first_boot() removes (dmesg_filter.h lists them); group 1 and
// 2 hold the printk time.
const std::regex& line_prefix() {
  static const std::regex re(
      R"(^(?:<\d+>)?)"
      R"((?:(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?) \S+ kernel: )?)"
      R"((?:\[ *(\d+)\.(\d+)\] ?|\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\] ?)?)"
      R"((?:\[ *[TC]\d+\] ?)?)");
  return re;
}

// Message formats, as printk prints them (pr_fmt included), from the 5.10,
// 6.1, 6.12 and 7.3 sources; one alternative per family.
const std::regex& numa_init_family() {
  static const std::regex re(
      "^(?:"
      // drivers/acpi/numa/srat.c (pr_fmt "ACPI: ") and arch/x86/mm/srat.c: the
      // SRAT handlers, bad_srat(); not "ACPI: SRAT 0x..." (the table list).
      // arm64's arch/arm64/kernel/acpi_numa.c has pr_fmt "ACPI: NUMA: ".
      R"((?:ACPI: (?:NUMA: )?)?SRAT: )"
      // drivers/acpi/tables.c: the subtable walker, for the tables acpi_numa_init walks.
      R"(|(?:ACPI: )?\[(?:SRAT|CEDT):0x[0-9a-f]{2}\] )"
      // acpi_parse_slit()
      R"(|(?:ACPI: )?SLIT table looks invalid)"
      // acpi_parse_cfmws(), standby nodes.
      R"(|(?:ACPI: )?(?:ACPI NUMA|CFMWS): )"
      // numa_add_memblk() ("invalid memblk node id" and "invalid memblk range
      // for node" since 7.3), numa_cleanup_meminfo(), numa_set_distance().
      R"(|(?:NUMA: )?Warning: (?:invalid memblk (?:node|range for node)|node \d+ \[mem \S+\] overlaps with itself|node ids are out of bound|invalid distance parameter))"
      R"(|(?:NUMA: )?too many memblk ranges)"
      R"(|(?:NUMA: )?node \d+ \[mem \S+\] overlaps with node )"
      R"(|NUMA: Node \d+ \[mem \S+\] \+ \[mem )"
      // Coverage of RAM: numa_meminfo_cover_memory() (6.1), memblock_validate_numa_coverage() (6.12).
      R"(|NUMA: nodes only cover |NUMA: no nodes coverage for )"
      // numa_register_meminfo()
      R"(|Node alignment \d+MB < min \d+MB, rejecting NUMA config)"
      // dummy_numa_init(), and arm64's numa_init() (pr_fmt "NUMA: ")
      R"(|(?:NUMA: )?(?:No NUMA configuration found$|NUMA turned off$|NUMA disabled$|Faking a node at \[mem ))"
      // arm64's arch_acpi_numa_init(): "NUMA: " (5.11+) or "ACPI: NUMA: " (5.10)
      R"(|(?:ACPI: )?NUMA: Failed to initialise from firmware$)"
      ")");
  return re;
}

// The families the model added with the memory set-up (5.10 to 7.3 formats).
const std::regex& distance_table_family() {
  static const std::regex re(R"(^NUMA: Initialized distance table, cnt=\d+$)");
  return re;
}
const std::regex& node_ranges_family() {
  static const std::regex re(R"(^  node +-?\d+: \[mem )");
  return re;
}
const std::regex& node_memory_family() {
  static const std::regex re(
      R"(^(?:Early memory node ranges$|Initmem setup node \d+ |Initializing node \d+ as memoryless$))");
  return re;
}
const std::regex& percpu_family() {
  static const std::regex re(R"(^setup_percpu: NR_CPUS:\d+ nr_cpumask_bits:\d+ nr_cpu_ids:\d+ nr_node_ids:\d+$)");
  return re;
}
// The MADT walk (arch/x86/kernel/acpi/boot.c, pr_fmt "ACPI: ") and the
// possible CPUs: prefill_possible_map() (smpboot.c, up to 6.8) or
// topology_register_apic() / topology_init_possible_cpus() (cpu/topology.c,
// pr_fmt "CPU topo: ", 6.9+).
const std::regex& cpus_family() {
  static const std::regex re(
      R"(^(?:ACPI: x2apic entry ignored$|ACPI: skipped apicid that is too big$)"
      R"(|smpboot: Allowing \d+ CPUs, \d+ hotplug CPUs$|CPU topo: Allowing \d+ present CPUs plus \d+ hotplug CPUs$)"
      R"(|CPU topo: APIC ID [0-9a-f]+ exceeds kernel limit of: [0-9a-f]+$|CPU topo: Rejected CPUs \d+$))");
  return re;
}

const std::regex& fallback_order_family() {
  static const std::regex re(R"(^Fallback order for Node \d+: )");
  return re;
}

// "12.000345" as microseconds, for ordering only. The prefix's digits are
// unbounded: a time past what 64 bits hold (garbage, never a kernel's) orders last.
std::uint64_t microseconds(const std::string& seconds, std::string fraction) {
  fraction.resize(6, '0');
  constexpr std::uint64_t kLast = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t whole = 0;
  std::uint64_t micro = 0;
  const auto [end, error] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), whole);
  if (error != std::errc{} || whole > (kLast - 999999) / 1000000) return kLast;
  std::from_chars(fraction.data(), fraction.data() + 6, micro);
  return whole * 1000000 + micro;
}

}  // namespace

BootLog first_boot(std::string_view log) {
  BootLog boot;
  std::set<std::pair<std::uint64_t, std::string_view>> seen;
  std::optional<std::uint64_t> last_time;
  bool booted = false;
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < log.size();) {
    const std::size_t eol = std::min(log.find('\n', pos), log.size());
    std::string_view line = log.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    line = line.substr(0, line.find('\r'));

    std::match_results<std::string_view::const_iterator> prefix;
    std::regex_search(line.begin(), line.end(), prefix, line_prefix());
    const std::string_view text = line.substr(static_cast<std::size_t>(prefix.length(0)));
    if (prefix.length(0) > 0) ++boot.prefixed;
    if (text.starts_with("Linux version ")) {
      if (booted) {
        boot.next_boot_line = line_no;
        break;
      }
      booted = true;
      const std::string_view version = text.substr(14);
      boot.release = version.substr(0, version.find(' '));
    }
    if (prefix[1].matched) {
      const std::uint64_t time = microseconds(prefix[1].str(), prefix[2].str());
      if (last_time && time < *last_time && seen.contains({time, text})) {
        boot.next_boot_line = line_no;
        break;
      }
      seen.insert({time, text});
      last_time = time;
    }
    boot.messages.push_back(LogMessage{line_no, text});
  }
  return boot;
}

DmesgFamily dmesg_family(std::string_view text) {
  // Every family is anchored at the start: match_continuous keeps
  // regex_search from trying each later position of a long line (a
  // "Fallback order" line of 1,024 nodes).
  const auto matches = [&](const std::regex& re) {
    return std::regex_search(text.begin(), text.end(), re, std::regex_constants::match_continuous);
  };
  // The families after NUMA init begin with words no NUMA init line begins
  // with: one regex per line, the one its first words select.
  if (text.starts_with("  node ")) return matches(node_ranges_family()) ? DmesgFamily::node_ranges : DmesgFamily::none;
  if (text.starts_with("Early memory ") || text.starts_with("Initmem setup ") || text.starts_with("Initializing node ")) {
    return matches(node_memory_family()) ? DmesgFamily::node_memory : DmesgFamily::none;
  }
  if (text.starts_with("smpboot: Allowing ") || text.starts_with("CPU topo: ") ||
      text.starts_with("ACPI: x2apic entry ") || text.starts_with("ACPI: skipped apicid ")) {
    return matches(cpus_family()) ? DmesgFamily::cpus : DmesgFamily::none;
  }
  if (text.starts_with("setup_percpu: ")) return matches(percpu_family()) ? DmesgFamily::percpu : DmesgFamily::none;
  if (text.starts_with("Fallback order ")) {
    return matches(fallback_order_family()) ? DmesgFamily::fallback_order : DmesgFamily::none;
  }
  if (text.starts_with("NUMA: Initialized ")) {
    return matches(distance_table_family()) ? DmesgFamily::distance_table : DmesgFamily::none;
  }
  return matches(numa_init_family()) ? DmesgFamily::numa_init : DmesgFamily::none;
}

bool is_numa_init_message(std::string_view text) { return dmesg_family(text) != DmesgFamily::none; }

std::vector<LogMessage> numa_init_messages(const BootLog& boot) {
  std::vector<LogMessage> out;
  for (const LogMessage& message : boot.messages) {
    if (is_numa_init_message(message.text)) out.push_back(message);
  }
  return out;
}

bool is_kernel_log(const BootLog& boot) {
  return !boot.release.empty() || boot.prefixed > 0 ||
         std::any_of(boot.messages.begin(), boot.messages.end(),
                     [](const LogMessage& message) { return is_numa_init_message(message.text); });
}

}  // namespace numaplan::kernel
