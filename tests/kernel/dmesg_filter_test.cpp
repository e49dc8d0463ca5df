#include "numaplan/kernel/dmesg_filter.h"

#include <gtest/gtest.h>

#include "numaplan/source/text_file.h"
#include "support/kernel_logs.h"

namespace numaplan::kernel {
namespace {

std::vector<std::string> texts(const std::vector<LogMessage>& messages) {
  std::vector<std::string> out;
  for (const LogMessage& m : messages) out.emplace_back(m.text);
  return out;
}

std::vector<std::size_t> lines(const std::vector<LogMessage>& messages) {
  std::vector<std::size_t> out;
  for (const LogMessage& m : messages) out.push_back(m.line);
  return out;
}

// The oracle's own cases live in ../shared (absent on a clean clone): empty then.
std::string oracle_log(const std::string& kernel_case, const std::string& release) {
  // The committed copy of ../shared/oracle/cases (tests/kernel/shared-cases).
  const auto text = source::read_text_file(std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/shared-cases/" +
                                           kernel_case + "/out/" + release + "/kernel.log");
  return text.value_or("");
}

// dmesg_fuzz and memmap_fuzz found it: a timestamp of more digits than 64
// bits hold threw std::out_of_range out of first_boot(); it now orders last.
TEST(DmesgFilter, TimestampBeyond64BitsOrdersLast) {
  const BootLog boot = first_boot(
      "[    0.000000] Linux version 6.1.0-56-amd64 (x)\n"
      "[99999999999999999999999.000000] NUMA: Node 0 [mem 0x00000000-0x0009ffff]\n"
      "[    0.000001] Linux version 6.1.0-56-amd64 (x)\n");
  EXPECT_EQ(boot.release, "6.1.0-56-amd64");
  EXPECT_EQ(boot.next_boot_line, 3u);
}

TEST(DmesgFilter, StripsEveryPrefix) {
  const BootLog boot = first_boot(
      "[    0.000000] Linux version 6.12\n"
      "<6>[    0.010000] ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\r\n"
      "Nov 24 12:00:00 host kernel: [    0.020000] NUMA: Node 0 [mem 0x1000-0x2fff]\n"
      "2024-11-24T12:00:00+01:00 host kernel: No NUMA configuration found\n"
      "[    0.030000][    T1]   node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
      "plain line\n");
  EXPECT_EQ(texts(boot.messages), (std::vector<std::string>{
                                      "Linux version 6.12",
                                      "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]",
                                      "NUMA: Node 0 [mem 0x1000-0x2fff]",
                                      "No NUMA configuration found",
                                      "  node   0: [mem 0x0000000000001000-0x000000000009efff]",
                                      "plain line",
                                  }));
  EXPECT_EQ(boot.next_boot_line, 0u);
}

// A prefix is removed only whole: a line that breaks off inside one keeps
// it as text. Each expectation is what the std::regex the reader replaced
// (dmesg_filter.cpp's grammar comment) removes from the same line.
TEST(DmesgFilter, PrefixesRemovedOnlyWhole) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<6>[    0.010000] ACPI: SRAT: x", "ACPI: SRAT: x"},
      {"<6 [    0.010000] x", "<6 [    0.010000] x"},
      {"<>x", "<>x"},
      {"[ 12.5] x", "x"},
      {"[12.5]x", "x"},
      {"[ 12.] x", "[ 12.] x"},
      {"[ 12.5 x", "[ 12.5 x"},
      {"Nov  4 12:00:00.123456 host kernel: x", "x"},
      {"Nov 24 12:00:00. host kernel: x", "Nov 24 12:00:00. host kernel: x"},
      {"Nov 24 12:00:00 host kern: x", "Nov 24 12:00:00 host kern: x"},
      {"Nov 24 12:00:00  host kernel: x", "Nov 24 12:00:00  host kernel: x"},
      {"NOV 24 12:00:00 host kernel: x", "NOV 24 12:00:00 host kernel: x"},
      {"2024-11-24T12:00:00+0100 host kernel: x", "x"},
      {"2024-11-24T12:00:00Z host kernel: x", "x"},
      {"2024-11-24T12:00:00.123+01: host kernel: x", "2024-11-24T12:00:00.123+01: host kernel: x"},
      {"2024-11-24T12:00:00+01 host kernel: x", "2024-11-24T12:00:00+01 host kernel: x"},
      {"2024-11-24T host kernel: x", "2024-11-24T host kernel: x"},
      {"2024-11-24T1 h\tkernel: x", "2024-11-24T1 h\tkernel: x"},
      {"[Sun Nov  4 12:00:00 2024]x", "x"},
      {"[Sun Nov 24 12:00:00 202] x", "[Sun Nov 24 12:00:00 202] x"},
      {"[    C12] x", "x"},
      {"[T] x", "[T] x"},
      {"[    0.030000] [    T1] x", "x"},
      {"<6>Nov 24 12:00:00 host kernel: [Sun Nov 24 12:00:00 2024] [C3] x", "x"},
  };
  for (const auto& [line, text] : cases) {
    const BootLog boot = first_boot(line);
    ASSERT_EQ(boot.messages.size(), 1u) << line;
    EXPECT_EQ(boot.messages[0].text, text) << line;
    EXPECT_EQ(boot.prefixed, line == text ? 0u : 1u) << line;
  }
  // The fraction's first six digits count, padded: 1.1234567 s is 1.123456 s,
  // before 1.5 s; going back to a message already seen ends the boot.
  const BootLog boot = first_boot("[1.1234567] a\n[1.5] b\n[1.123456] a\n");
  EXPECT_EQ(boot.next_boot_line, 3u);
}

// One real 7.3 boot as dmesg, dmesg -T, dmesg -r, journalctl -k (short and
// short-precise) and kern.log print it: the same messages, release and lines.
TEST(DmesgFilter, EveryLogFormat) {
  const std::vector<std::string> expected = {
      "Linux version 7.3.4+deb13-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) "
      "14.2.0, GNU ld (GNU Binutils for Debian) 2.44) #1 SMP PREEMPT_DYNAMIC Debian 7.3.4-1~bpo13+1 (2026-11-15)",
      "Command line: console=ttyS0,115200 panic=-1 earlyprintk=serial,ttyS0,115200 ",
      "BIOS-provided physical RAM map:",
      "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff]  System RAM",
      "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff]  device reserved",
      "BIOS-e820: [gap 0x00000000000a0000-0x00000000000effff]",
      "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff]  device reserved",
      "BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff]  System RAM",
      "ACPI: SRAT: Node 0 PXM 5 [mem 0x00000000-0x3fffffff]",
      "ACPI: SRAT: Node 1 PXM 2 [mem 0x40000000-0x7fffffff]",
      "  node   0: [mem 0x0000000000001000-0x000000000009efff]",
      "  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
      "  node   1: [mem 0x0000000040000000-0x000000007ffdffff]",
  };
  for (const char* format : test::kLogFormats) {
    const std::string log = source::read_text_file(test::log_in_format(format)).value();
    const BootLog boot = first_boot(log);
    EXPECT_EQ(texts(boot.messages), expected) << format;
    EXPECT_EQ(lines(boot.messages), (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})) << format;
    EXPECT_EQ(boot.release, "7.3.4+deb13-amd64") << format;
    EXPECT_EQ(boot.prefixed, 13u) << format;
    EXPECT_EQ(boot.next_boot_line, 0u) << format;
    EXPECT_EQ(lines(numa_init_messages(boot)), (std::vector<std::size_t>{9, 10, 11, 12, 13})) << format;
    EXPECT_TRUE(is_kernel_log(boot)) << format;
  }
}

// A kernel log has a Linux version line, a log prefix or a NUMA set-up line;
// /proc/iomem, an acpidump or an empty file has none.
TEST(DmesgFilter, WhatIsAKernelLog) {
  EXPECT_FALSE(is_kernel_log(first_boot("")));
  EXPECT_FALSE(is_kernel_log(first_boot("00100000-7ffdffff : System RAM\n  01000000-01ffffff : Kernel code\n")));
  EXPECT_FALSE(is_kernel_log(first_boot("SRAT @ 0x0000000000000000\n    0000: 53 52 41 54 A0 00 00 00\n")));
  EXPECT_TRUE(is_kernel_log(first_boot("Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)\n")));
  EXPECT_TRUE(is_kernel_log(first_boot("ACPI: SRAT: Node 0 PXM 5 [mem 0x00000000-0x3fffffff]\n")));
  EXPECT_TRUE(is_kernel_log(first_boot("[    0.000000] Command line: quiet\n")));
}

// A time step back within a boot (another CPU's clock) is not a new copy;
// one back onto a message already seen is.
TEST(DmesgFilter, FirstCopyOfABoot) {
  const BootLog boot = first_boot(
      "[    0.100000] SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
      "[    1.000000] smp: Bringing up secondary CPUs\n"
      "[    0.020000] sched: CPU #1's llc-sibling CPU #0 is not on the same node!\n"
      "[    2.000000] Run /init as init process\n"
      "===DMESG-BEGIN===\n"
      "[    0.100000] SRAT: PXM 0 -> APIC 0x00 -> Node 0\n");
  EXPECT_EQ(lines(boot.messages), (std::vector<std::size_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(boot.next_boot_line, 6u);
}

TEST(DmesgFilter, SecondLinuxVersionStartsTheNextBoot) {
  const BootLog boot = first_boot(
      "Linux version 6.1.0\nNo NUMA configuration found\nLinux version 6.1.0\nNo NUMA configuration found\n");
  EXPECT_EQ(lines(boot.messages), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(boot.next_boot_line, 3u);
}

TEST(DmesgFilter, Family) {
  for (const char* in : {
           "ACPI: SRAT: Node 1 PXM 7 [mem 0x180000000-0x1bfffffff] hotplug",
           "SRAT: PXM 0 -> APIC 0x00 -> Node 0",
           "ACPI: SRAT: SRAT not used.",
           "ACPI: [SRAT:0x01] Invalid zero length",
           "ACPI: SLIT table looks invalid. Not used.",
           "ACPI: ACPI NUMA: Too many proximity domains while processing CFMWS.",
           "Warning: invalid memblk node 4 [mem 0x00000000-0x0009ffff]",
           "Warning: invalid memblk range for node 2 [mem 0xffffffff00000000-0xffffffff]",  // 7.3
           "Warning: invalid memblk node id 1024 [mem 0x00000000-0x0009ffff]",               // 7.3
           "ACPI: CFMWS: [BIOS BUG] base/size alignment violates spec",                        // 6.16+
           "NUMA: Warning: node 0 [mem 0x00000000-0x0009ffff] overlaps with itself [mem 0x00000000-0x0009ffff]",
           "node 0 [mem 0x00000000-0x5fffffff] overlaps with node 1 [mem 0x40000000-0x7ffdffff]",
           "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00001000-0x3fffffff]",
           "NUMA: nodes only cover 2047MB of your 4095MB e820 RAM. Not used.",
           "NUMA: no nodes coverage for 2048MB of 4095MB RAM",
           "Node alignment 64MB < min 128MB, rejecting NUMA config",
           "No NUMA configuration found",
           "NUMA turned off",
           "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]",
       }) {
    EXPECT_TRUE(is_numa_init_message(in)) << in;
  }
  for (const char* out : {
           "ACPI: SRAT 0x000000007FFE2510 0000F0 (v01 BOCHS  BXPC     00000001 BXPC 00000001)",
           "ACPI: Reserving SRAT table memory at [mem 0x7ffe2510-0x7ffe25ff]",
           "NODE_DATA(0) allocated [mem 0x3ffd5680-0x3fffffff]",
           "On node 0 totalpages: 262046",
           "  Node 0: 0x0000000100000000",
           "Built 2 zonelists, mobility grouping on.  Total pages: 515808",
           "pci_bus 0000:00: Unknown NUMA node; performance will be reduced",
           "No NUMA configuration found, really",
       }) {
    EXPECT_FALSE(is_numa_init_message(out)) << out;
  }
}

// The families after NUMA init, each in the formats of 5.10 to 7.3.
TEST(DmesgFilter, FamiliesAfterNumaInit) {
  const std::pair<const char*, DmesgFamily> lines[] = {
      {"NUMA: Initialized distance table, cnt=2", DmesgFamily::distance_table},
      {"Early memory node ranges", DmesgFamily::node_memory},
      {"  node   0: [mem 0x0000000000001000-0x000000000009efff]", DmesgFamily::node_ranges},
      {"  node  -1: [mem 0x0000000000001000-0x000000000009efff]", DmesgFamily::node_ranges},
      {"  node 1024: [mem 0x0000000000001000-0x000000000009efff]", DmesgFamily::node_ranges},
      {"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]", DmesgFamily::node_memory},
      {"Initmem setup node 2 as memoryless", DmesgFamily::node_memory},
      {"Initializing node 2 as memoryless", DmesgFamily::node_memory},
      {"setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:4", DmesgFamily::percpu},
      {"Fallback order for Node 2: 0 1 ", DmesgFamily::fallback_order},
      {"ACPI: SRAT: SRAT not used.", DmesgFamily::numa_init},
      {"Built 2 zonelists, mobility grouping on.  Total pages: 515808", DmesgFamily::none},
  };
  for (const auto& [text, family] : lines) EXPECT_EQ(dmesg_family(text), family) << text;
}

// The oracle's kernel.log: the serial console, then the same boot's dmesg
// (with KERN_DEBUG lines) after ===DMESG-BEGIN===; only the first counts.
TEST(DmesgFilter, OracleKernelLog612) {
  const std::string log = oracle_log("c3-cxl-with-numa", "6.12.117+deb12-amd64");
  ASSERT_FALSE(log.empty());
  const BootLog boot = first_boot(log);
  const auto numa = numa_init_messages(boot);
  EXPECT_EQ(texts(numa), (std::vector<std::string>{
                             "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]",
                             "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]",
                             "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]",
                             "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> "
                             "[mem 0x00001000-0x3fffffff]",
                             "Early memory node ranges",
                             "  node   0: [mem 0x0000000000001000-0x000000000009efff]",
                             "  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
                             "  node   1: [mem 0x0000000040000000-0x000000007ffdffff]",
                             "Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]",
                             "Initmem setup node 1 [mem 0x0000000040000000-0x000000007ffdffff]",
                             "Initmem setup node 2 as memoryless",
                             "Initmem setup node 3 as memoryless",
                             "CPU topo: Allowing 2 present CPUs plus 0 hotplug CPUs",
                             "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:4",
                             "Fallback order for Node 0: 0 1 ",
                             "Fallback order for Node 1: 1 0 ",
                             "Fallback order for Node 2: 0 1 ",
                             "Fallback order for Node 3: 1 0 ",
                         }));
  EXPECT_EQ(lines(numa),
            (std::vector<std::size_t>{52, 53, 54, 55, 64, 65, 66, 67, 68, 69, 70, 71, 91, 97, 100, 101, 102, 103}));
  EXPECT_EQ(boot.next_boot_line, 445u);
}

TEST(DmesgFilter, OracleKernelLog61) {
  const std::string log = oracle_log("c3-cxl-with-numa", "6.1.0-56-amd64");
  ASSERT_FALSE(log.empty());
  const BootLog boot = first_boot(log);
  EXPECT_EQ(texts(numa_init_messages(boot)),
            (std::vector<std::string>{
                "SRAT: PXM 0 -> APIC 0x00 -> Node 0",
                "SRAT: PXM 1 -> APIC 0x01 -> Node 1",
                "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]",
                "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]",
                "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]",
                "NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]",
                "Early memory node ranges",
                "  node   0: [mem 0x0000000000001000-0x000000000009efff]",
                "  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
                "  node   1: [mem 0x0000000040000000-0x000000007ffdffff]",
                "Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]",
                "Initmem setup node 1 [mem 0x0000000040000000-0x000000007ffdffff]",
                "Initializing node 2 as memoryless",
                "Initmem setup node 2 as memoryless",
                "Initializing node 3 as memoryless",
                "Initmem setup node 3 as memoryless",
                "smpboot: Allowing 2 CPUs, 0 hotplug CPUs",
                "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:4",
                "Fallback order for Node 0: 0 1 ",
                "Fallback order for Node 1: 1 0 ",
                "Fallback order for Node 2: 2 0 1 ",  // 6.1 lists a memoryless node first in its own list
                "Fallback order for Node 3: 3 1 0 ",
            }));
}

}  // namespace
}  // namespace numaplan::kernel
