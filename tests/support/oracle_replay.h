// Replaying an oracle run (../shared/oracle/run-case.sh output: CASE/qemu-args,
// CASE/cmdline, CASE/out/<uname>/{kernel.log,layout.txt,guest-*.dat}) through
// the kernel model, and comparing a model layout with what the kernel decided.
// Used by tests/kernel/oracle_test.cpp (the tables the guest saw) and
// tests/generate (the tables numaplan generates for the same case).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <ostream>
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

// One boot of a case: what a parameterised oracle test replays.
struct OracleRun {
  std::string name;  // gtest-safe: "<case>_<uname -r>", every other character than a letter or digit '_'
  std::filesystem::path case_dir;
  std::filesystem::path out_dir;
  std::string profile;  // oracle_profile(out_dir)
};
void PrintTo(const OracleRun& run, std::ostream* out);

// gtest's name of an OracleRun parameter (INSTANTIATE_TEST_SUITE_P's last argument).
struct OracleRunName {
  template <class ParamInfo>
  std::string operator()(const ParamInfo& info) const { return info.param.name; }
};

// Every run (oracle_out_dirs) of every case (oracle_case_dirs) below root.
std::vector<OracleRun> oracle_runs(const std::filesystem::path& root);

// The release lines (oracle_profile) each case below root was booted on, sorted.
std::map<std::filesystem::path, std::vector<std::string>> oracle_lines_booted(const std::filesystem::path& root);

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

// An arm64 or riscv64 run (tests/kernel/<arch>/run-case.sh, Debian's kernels
// built with CONFIG_NODES_SHIFT=nodes_shift) replayed with --arch arch: the
// guest's tables (it must have dumped its MADT), memblock.memory region by
// region from kernel.log's "Early memory node ranges" as `--memmap
// kernel.log` reads it (UEFI's memory map has no console form without
// efi=debug), the case's numa= words; then expect_layout_matches_kernel() on
// the lines of `families`. The run must be complete.
void expect_arch_run_matches_kernel(const OracleRun& run, kernel::Arch arch, int nodes_shift,
                                    std::span<const kernel::DmesgFamily> families);

// Adds a gtest failure for every difference between `layout` and the kernel's
// verdict in out_dir: node masks, distance rows and CPU lists of online nodes,
// and the NUMA set-up lines of the console log, in order; with `families`,
// only the lines of those families (dmesg_family()) on both sides.
void expect_layout_matches_kernel(const kernel::Layout& layout, const std::filesystem::path& out_dir,
                                  std::span<const kernel::DmesgFamily> families = {});

}  // namespace numaplan::test
