// Replaying an oracle run (../shared/oracle/run-case.sh output: CASE/qemu-args,
// CASE/cmdline, CASE/out/<uname>/{kernel.log,layout.txt,guest-*.dat}) through
// the kernel model, and comparing a model layout with what the kernel decided.
// Used by tests/kernel/oracle_test.cpp (the tables the guest saw) and
// tests/generate (the tables numaplan generates for the same case).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "numaplan/support/expected.h"

namespace numaplan::test {

// The cases of a cases folder: its subfolders, by name; none when it is missing.
std::vector<std::filesystem::path> oracle_case_dirs(const std::filesystem::path& root);

// A case's runs: every out/<uname -r>/ holding a layout.txt, by name.
std::vector<std::filesystem::path> oracle_out_dirs(const std::filesystem::path& case_dir);

// The model profile of a run: its out/<uname -r> name's X.Y through
// kernel::resolve_profile() ("6.1" for 6.1.0-57-amd64); "" for a name that is
// no kernel release.
std::string oracle_profile(const std::filesystem::path& out_dir);

// layout.txt: "key: value" lines (the dmesg part after them is not read).
std::map<std::string, std::string> read_verdict(const std::filesystem::path& layout_txt);

// The tables the guest saw (out_dir/guest-*.dat, in name order; a table
// whose hex dump came out garbled on one kernel's console, or that only
// another kernel's run holds, is taken from that run), and their files.
acpi::TableSet guest_tables(const std::filesystem::path& out_dir);
std::vector<std::string> guest_table_files(const std::filesystem::path& out_dir);

// The machine of the run: the profile, the e820 RAM of out_dir/kernel.log,
// the CPUs of case_dir/qemu-args, xAPIC mode (TCG has no x2APIC), the NUMA
// words of case_dir/cmdline and the build options of case_dir/kconfig.
// The CPUs are for tables without a MADT (generated ones): a caller replaying
// tables that hold one resets Config::cpus, and the model numbers the MADT's.
Expected<kernel::Config> oracle_config(const std::filesystem::path& case_dir, const std::filesystem::path& out_dir,
                                       const std::string& profile);

// The model on the tables the guest saw (guest_tables()) with the machine of
// the run (oracle_config()); the CPUs are the guest's MADT's when the run
// dumped one (boots since issue 13), qemu-args' otherwise.
Expected<kernel::Layout> replay_guest(const std::filesystem::path& case_dir, const std::filesystem::path& out_dir,
                                      const std::string& profile);


// True when the guest did not finish booting (meta.txt "complete: no").
bool oracle_crashed(const std::filesystem::path& out_dir);

// The distances between the layout's possible nodes (distance_nodes), row by row.
std::vector<std::vector<int>> distance_matrix(const kernel::Layout& layout);

// Adds a gtest failure for every difference between `layout` and the kernel's
// verdict in out_dir: node masks, distance rows and CPU lists of online nodes,
// and the NUMA set-up lines of the console log, in order; with `families`,
// only the lines of those families (dmesg_family()) on both sides.
void expect_layout_matches_kernel(const kernel::Layout& layout, const std::filesystem::path& out_dir,
                                  std::span<const kernel::DmesgFamily> families = {});

}  // namespace numaplan::test
