// Inputs detected by content (DESIGN §2): raw tables, acpidump text and
// directories laid out as /sys/firmware/acpi/tables or as `acpixtract -a`
// writes them; what is skipped is noted; unreadable inputs exit 3.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/dump.h"
#include "numaplan/source/load.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan::source {
namespace {

using test::Bytes;

Bytes slit_2x2() { return test::slit(2, {10, 21, 21, 10}); }

Bytes srat_one_node() { return test::srat({test::srat_local_apic(0, 0), test::srat_memory(0, 0, 0x80000000)}); }

std::vector<std::string> origins(const Inputs& inputs) {
  std::vector<std::string> out;
  for (const acpi::RawTable& t : inputs.tables) out.push_back(t.origin);
  return out;
}

std::vector<std::string> formatted(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) out.push_back(d.format());
  return out;
}

TEST(Load, SysfsDirectory) {
  // /sys/firmware/acpi/tables: files named by signature, a second instance
  // numbered (SSDT1, SRAT2), "dynamic" and "data" subfolders, not read with
  // recurse = false (what map and plan do when no PATH is given).
  const test::TempDir dir;
  dir.write("SRAT", srat_one_node());
  dir.write("SLIT", slit_2x2());
  dir.write("FACP", test::acpi_table("FACP", 6, Bytes(20)));
  dir.write("SSDT1", test::acpi_table("SSDT", 2, Bytes(8)));
  dir.write("dynamic/SSDT2", test::acpi_table("SSDT", 2, Bytes(8)));
  dir.write("data/BERT", Bytes(4));
  const std::string root = dir.path().string();
  const std::vector<std::string> paths = {root};
  Inputs inputs = load(paths, LoadOptions{.recurse = false});
  EXPECT_FALSE(inputs.unreadable);
  EXPECT_TRUE(inputs.diagnostics.empty());
  EXPECT_EQ(origins(inputs), (std::vector<std::string>{root + "/FACP", root + "/SLIT", root + "/SRAT", root + "/SSDT1"}));
  const acpi::TableSet set = acpi::decode_all(std::move(inputs.tables), {});
  ASSERT_EQ(set.tables.size(), 2U);
  EXPECT_EQ(set.tables[0].signature, "SLIT");
  EXPECT_EQ(set.tables[1].signature, "SRAT");
  EXPECT_EQ(formatted(set.diagnostics),
            std::vector<std::string>{"note: skipped tables that are not NUMA tables: FACP, SSDT"});
  const test::CliResult cli = test::run_numaplan({"dump", "--no-recurse", root});
  EXPECT_EQ(cli.exit_code, 0);
  EXPECT_EQ(cli.err, "numaplan: note: skipped tables that are not NUMA tables: FACP, SSDT\n");
  EXPECT_EQ(cli.out.substr(0, cli.out.find('\n')), "SLIT from " + root + "/SLIT");

  // By default the subfolders are read too, and what is not a table there is named.
  const Inputs all = load(paths);
  EXPECT_FALSE(all.unreadable);
  EXPECT_EQ(origins(all), (std::vector<std::string>{root + "/FACP", root + "/SLIT", root + "/SRAT", root + "/SSDT1",
                                                    root + "/dynamic/SSDT2"}));
  EXPECT_EQ(formatted(all.diagnostics),
            std::vector<std::string>{"note: " + root +
                                     ": skipped files that are neither ACPI tables nor acpidump text: data/BERT"});
  const test::CliResult recursive = test::run_numaplan({"dump", root});
  EXPECT_EQ(recursive.exit_code, 0);
  EXPECT_EQ(recursive.err, "numaplan: note: " + root +
                               ": skipped files that are neither ACPI tables nor acpidump text: data/BERT\n"
                               "numaplan: note: skipped tables that are not NUMA tables: FACP, SSDT x2\n");
}

// A fleet kept one folder per machine: a directory PATH is read with its
// subdirectories, in path order.
TEST(Load, SubdirectoriesAreRead) {
  const test::TempDir dir;
  dir.write("rack1/node7/srat.dat", srat_one_node());
  dir.write("rack1/node7/sub/slit.dat", slit_2x2());
  const std::string root = dir.path().string();
  const test::CliResult cli = test::run_numaplan({"dump", root});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(cli.err, "");
  EXPECT_NE(cli.out.find("SRAT from " + root + "/rack1/node7/srat.dat\n"), std::string::npos);
  EXPECT_NE(cli.out.find("SLIT from " + root + "/rack1/node7/sub/slit.dat\n"), std::string::npos);
  const test::CliResult flat = test::run_numaplan({"dump", "--no-recurse", root});
  EXPECT_EQ(flat.exit_code, 3);
  EXPECT_EQ(flat.out, "");
  EXPECT_EQ(flat.err, "numaplan: error: " + root + ": the directory holds no ACPI table\n");
}

// What `numaplan generate` and `plan --emit-tables` write reads back with no
// warning: each table once (srat.dat and its copy in tables.acpidump are the
// same bytes), the files that are not tables named in one note.
TEST(Load, EmittedDirectoriesReadBack) {
  const test::TempDir dir;
  const std::string root = dir.path().string();
  const std::string spec = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/2socket-cxl.json";
  const test::CliResult generated = test::run_numaplan({"generate", "--spec", spec, "--out", root + "/gen"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  const test::CliResult gen = test::run_numaplan({"validate", root + "/gen"});
  EXPECT_EQ(gen.exit_code, 0) << gen.out;
  EXPECT_EQ(gen.err, "");
  const test::CliResult dumped = test::run_numaplan({"dump", root + "/gen"});
  EXPECT_EQ(dumped.exit_code, 0);
  EXPECT_EQ(dumped.err, "numaplan: note: " + root + "/gen: skipped files that are neither ACPI tables nor acpidump text: qemu.args\n");

  const test::CliResult planned =
      test::run_numaplan({"plan", "--standby", "1", "--emit-tables", root + "/plan", root + "/gen"});
  ASSERT_EQ(planned.exit_code, 0) << planned.err;
  const test::CliResult again = test::run_numaplan({"map", root + "/plan"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.err, "numaplan: note: " + root +
                           "/plan: skipped files that are neither ACPI tables nor acpidump text: acpi-upgrade.cpio, cmdline, "
                           "config-fragment, qemu-args, qemu.args\n");
}

TEST(Load, AcpixtractDirectoryWithOtherFiles) {
  // `acpixtract -a` writes srat.dat, slit.dat, ssdt1.dat...; a note or a log
  // beside them is not a table and is only noted.
  const test::TempDir dir;
  dir.write("srat.dat", srat_one_node());
  dir.write("slit.dat", slit_2x2());
  dir.write("dsdt.dat", test::acpi_table("DSDT", 2, Bytes(8)));
  dir.write("README", std::string("tables of machine 7\n"));
  const std::vector<std::string> paths = {dir.path().string()};
  const Inputs inputs = load(paths);
  EXPECT_FALSE(inputs.unreadable);
  EXPECT_EQ(origins(inputs), (std::vector<std::string>{dir.path().string() + "/dsdt.dat",
                                                       dir.path().string() + "/slit.dat",
                                                       dir.path().string() + "/srat.dat"}));
  EXPECT_EQ(formatted(inputs.diagnostics),
            std::vector<std::string>{"note: " + dir.path().string() +
                                     ": skipped files that are neither ACPI tables nor acpidump text: README"});
}

TEST(Load, MixOfPathsKeepsTheirOrder) {
  const test::TempDir dir;
  const auto text = dir.write("machine.txt", test::acpidump_text("SRAT", srat_one_node()));
  const auto raw = dir.write("slit.dat", slit_2x2());
  const std::vector<std::string> paths = {raw.string(), text.string()};
  const Inputs inputs = load(paths);
  EXPECT_EQ(origins(inputs), (std::vector<std::string>{raw.string(), text.string() + ": SRAT"}));
  EXPECT_EQ(inputs.tables[1].bytes, srat_one_node());
}

TEST(Load, DirectoryWithoutTablesIsUnreadable) {
  const test::TempDir dir;
  dir.write("notes.txt", std::string("nothing here\n"));
  const std::vector<std::string> paths = {dir.path().string()};
  const Inputs inputs = load(paths);
  EXPECT_TRUE(inputs.unreadable);
  EXPECT_EQ(formatted(inputs.diagnostics),
            (std::vector<std::string>{
                "note: " + dir.path().string() + ": skipped files that are neither ACPI tables nor acpidump text: notes.txt",
                "error: " + dir.path().string() + ": the directory holds no ACPI table"}));
  EXPECT_EQ(test::run_numaplan({"dump", dir.path().string()}).exit_code, 3);
}

TEST(Load, MissingAndEmptyFilesAreUnreadable) {
  const test::TempDir dir;
  const auto empty = dir.write("empty.dat", Bytes{});
  const std::string missing = (dir.path() / "missing.dat").string();
  const std::vector<std::string> paths = {missing, empty.string()};
  const Inputs inputs = load(paths);
  EXPECT_TRUE(inputs.unreadable);
  EXPECT_EQ(formatted(inputs.diagnostics),
            (std::vector<std::string>{
                "error: " + missing + ": no such file or directory",
                "error: " + empty.string() + ": the file is empty, expected an ACPI table or acpidump text"}));
  const test::CliResult cli = test::run_numaplan({"dump", missing});
  EXPECT_EQ(cli.exit_code, 3);
  EXPECT_EQ(cli.err, "numaplan: error: " + missing + ": no such file or directory\n");
}

TEST(Load, OnlyNonNumaTablesExitsUnreadable) {
  const test::TempDir dir;
  const auto facp = dir.write("facp.dat", test::acpi_table("FACP", 6, Bytes(20)));
  const test::CliResult cli = test::run_numaplan({"dump", facp.string()});
  EXPECT_EQ(cli.exit_code, 3);
  EXPECT_EQ(cli.err,
            "numaplan: note: skipped tables that are not NUMA tables: FACP\n"
            "numaplan: error: no NUMA table in the input: numaplan reads SRAT, SLIT, MSCT, HMAT, CEDT, APIC and DMAR\n");
}

// Only the head of a raw table numaplan does not decode is read and only its
// 36-byte header kept: its length and checksum are not checked (a DSDT whose
// Length runs past the file is named in the note, not reported), while a
// NUMA table is read whole.
TEST(Load, ReadsOnlyTheHeadOfTablesItDoesNotDecode) {
  const test::TempDir dir;
  Bytes dsdt = test::acpi_table("DSDT", 2, Bytes(20000, 0xA5));
  dsdt[4] = 0xFF;  // Length 0x...FF: past the end of the file
  const auto dsdt_path = dir.write("dsdt.dat", dsdt);
  const auto srat_path = dir.write("srat.dat", srat_one_node());
  const std::vector<std::string> paths = {dsdt_path.string(), srat_path.string()};
  Inputs inputs = load(paths);
  ASSERT_EQ(inputs.tables.size(), 2U);
  EXPECT_EQ(inputs.tables[0].bytes, Bytes(dsdt.begin(), dsdt.begin() + 36));
  EXPECT_EQ(inputs.tables[1].bytes, srat_one_node());
  const acpi::TableSet set = acpi::decode_all(std::move(inputs.tables), {});
  EXPECT_EQ(formatted(set.diagnostics),
            std::vector<std::string>{"note: skipped tables that are not NUMA tables: DSDT"});
  ASSERT_EQ(set.tables.size(), 1U);
  EXPECT_TRUE(set.tables[0].diagnostics.empty());
}

// 300 memory entries: 12,048 bytes, past the 4 KiB head.
Bytes srat_300_ranges() {
  Bytes entries;
  for (std::uint32_t i = 0; i < 300; ++i) {
    const Bytes entry = test::srat_memory(i % 4, std::uint64_t{i} << 30, 1U << 30);
    entries.insert(entries.end(), entry.begin(), entry.end());
  }
  return test::srat({entries});
}

TEST(Load, ReadsANumaTableLongerThanTheHeadWhole) {
  const test::TempDir dir;
  const Bytes srat = srat_300_ranges();
  ASSERT_EQ(srat.size(), 12048U);
  const std::vector<std::string> paths = {dir.write("srat.dat", srat).string()};
  const Inputs inputs = load(paths);
  ASSERT_EQ(inputs.tables.size(), 1U);
  EXPECT_EQ(inputs.tables[0].bytes, srat);
}

// A pipe reports no size and its reads come short: read to its end
// (`numaplan dump <(acpidump -b -n SRAT -o /dev/stdout)`).
TEST(Load, ReadsAPipeToItsEnd) {
  const test::TempDir dir;
  const std::string fifo = (dir.path() / "srat.fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Bytes srat = srat_300_ranges();
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    if (fd < 0) return;
    for (std::size_t at = 0; at < srat.size(); at += 1000) {
      const std::size_t n = std::min<std::size_t>(1000, srat.size() - at);
      if (::write(fd, srat.data() + at, n) != static_cast<ssize_t>(n)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(fd);
  });
  const std::vector<std::string> paths = {fifo};
  const Inputs inputs = load(paths);
  writer.join();
  EXPECT_TRUE(inputs.diagnostics.empty());
  ASSERT_EQ(inputs.tables.size(), 1U);
  EXPECT_EQ(inputs.tables[0].bytes, srat);
}

// The CLI writes the tables' blocks in input order, one blank line apart,
// through a buffer flushed every 64 KiB: the SRAT's block alone is longer.
TEST(Load, DumpTextIsEachTablesBlockInOrder) {
  const test::TempDir dir;
  const std::string srat = dir.write("a-srat.dat", srat_300_ranges()).string();
  const std::string slit = dir.write("b-slit.dat", slit_2x2()).string();
  const auto text_of = [](const std::string& origin, const Bytes& bytes) {
    auto table = acpi::decode_table(acpi::RawTable{origin, bytes});
    return table.ok() ? emit::dump_text(*table) : table.error().format();
  };
  const std::string srat_text = text_of(srat, srat_300_ranges());
  ASSERT_GT(srat_text.size(), 1U << 16);
  const test::CliResult cli = test::run_numaplan({"dump", srat, slit});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(cli.out, srat_text + "\n" + text_of(slit, slit_2x2()));
}

TEST(Load, UnreadablePathsSayWhy) {
  const test::TempDir dir;
  const auto table = dir.write("srat.dat", srat_one_node());
  const std::string below_a_file = table.string() + "/srat.dat";
  const std::vector<std::string> paths = {below_a_file};
  const Inputs inputs = load(paths);
  EXPECT_TRUE(inputs.unreadable);
  EXPECT_EQ(formatted(inputs.diagnostics),
            std::vector<std::string>{"error: " + below_a_file + ": no such file or directory"});
}

TEST(Load, UsageErrorsExit2) {
  EXPECT_EQ(test::run_numaplan({"dump"}).exit_code, 2);
  EXPECT_EQ(test::run_numaplan({"dump", "--format", "yaml", "x"}).exit_code, 2);
}

}  // namespace
}  // namespace numaplan::source
