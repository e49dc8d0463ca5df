// The command-line conventions a user brings from other tools: --version,
// `help [COMMAND]`, global options after the command, the "numaplan:" prefix
// on every message, input problems on stderr naming the file, and no raw
// control bytes from an input on the terminal.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "numaplan/version.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan {
namespace {

using test::run_numaplan;

const std::string kExamples = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/";
const std::string kTables = kExamples + "qemu-2node-cxl.acpidump.txt";

TEST(CliConventions, Version) {
  const std::string expected = std::string("numaplan ") + kVersion + "\n";
  for (const auto& args : {std::vector<std::string>{"--version"}, std::vector<std::string>{"dump", "--version"}}) {
    const test::CliResult run = run_numaplan(args);
    EXPECT_EQ(run.exit_code, 0) << args.size();
    EXPECT_EQ(run.out, expected);
    EXPECT_EQ(run.err, "");
  }
}

// Every JSON document names the numaplan that wrote it.
TEST(CliConventions, VersionInJsonDocuments) {
  for (const auto& args : {std::vector<std::string>{"dump", "--format", "json", kTables},
                           std::vector<std::string>{"validate", "--format", "json", kTables},
                           std::vector<std::string>{"map", "--format", "json", kTables},
                           std::vector<std::string>{"plan", "--format", "json", kTables}}) {
    const test::CliResult run = run_numaplan(args);
    ASSERT_LE(run.exit_code, 1) << args[0] << run.err;
    EXPECT_EQ(nlohmann::json::parse(run.out)["numaplan_version"], kVersion) << args[0];
  }
}

TEST(CliConventions, HelpCommandIsHelpOption) {
  const test::CliResult help = run_numaplan({"help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.out, run_numaplan({"--help"}).out);
  EXPECT_NE(help.out.find("  map                         Which NUMA nodes Linux builds from the tables\n"),
            std::string::npos)
      << help.out;
  for (const char* command : {"dump", "validate", "map", "generate", "plan"}) {
    const test::CliResult run = run_numaplan({"help", command});
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_EQ(run.out, run_numaplan({command, "--help"}).out) << command;
    EXPECT_EQ(run.out.find("Usage: numaplan " + std::string(command) + " [OPTIONS]"), run.out.find('\n') + 1)
        << run.out;
  }
  const test::CliResult unknown = run_numaplan({"help", "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "");
  EXPECT_EQ(unknown.err,
            "numaplan: error: COMMAND: no command \"frobnicate\"; 'numaplan help' lists the commands\n"
            "numaplan: 'numaplan help help' lists the options\n");
}

// -v is numaplan's, not the command's: it may come before or after it.
TEST(CliConventions, GlobalOptionAfterTheCommand) {
  const test::CliResult before = run_numaplan({"-v", "dump", kTables});
  const test::CliResult after = run_numaplan({"dump", kTables, "-v"});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(before.out, after.out);
  EXPECT_EQ(before.err, after.err);
}

TEST(CliConventions, UsageErrorsArePrefixed) {
  const test::CliResult none = run_numaplan({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "numaplan: error: A subcommand is required\nnumaplan: 'numaplan help' lists the options\n");
  const test::CliResult no_path = run_numaplan({"dump"});
  EXPECT_EQ(no_path.exit_code, 2);
  EXPECT_EQ(no_path.err, "numaplan: error: PATH is required\nnumaplan: 'numaplan help dump' lists the options\n");
  const test::CliResult bad_option = run_numaplan({"map", "--bogus", kTables});
  EXPECT_EQ(bad_option.exit_code, 2);
  EXPECT_EQ(bad_option.err, "numaplan: error: The following argument was not expected: --bogus\n"
                            "numaplan: 'numaplan help map' lists the options\n");
  const test::CliResult validate = run_numaplan({"validate"});
  EXPECT_EQ(validate.exit_code, 2);
  EXPECT_EQ(validate.err, "numaplan: error: validate: give the tables to check (PATH...), or --list-rules\n");
}

// The README's promise: "numaplan: error: FILE: ..." on stderr, nothing on stdout.
TEST(CliConventions, MissingInputOnStderrWithItsName) {
  for (const char* command : {"dump", "validate", "map", "plan"}) {
    const test::CliResult run = run_numaplan({command, "/nonexistent"});
    EXPECT_EQ(run.exit_code, 3) << command;
    EXPECT_EQ(run.out, "") << command;
    EXPECT_EQ(run.err, "numaplan: error: /nonexistent: no such file or directory\n") << command;
  }
}

// A binary file where text is expected is named by its first control byte;
// a file name with control bytes is shown escaped.
TEST(CliConventions, BinaryInputIsNotEchoed) {
  test::TempDir dir;
  const std::string elf = dir.write("a.out", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)).string();
  const test::CliResult memmap = run_numaplan({"map", "--memmap", elf, kTables});
  EXPECT_EQ(memmap.exit_code, 3);
  EXPECT_EQ(memmap.out, "");
  EXPECT_EQ(memmap.err, "numaplan: error: " + elf + ":1: not a memory map (binary data?): byte 0x7F at column 1\n");
  const test::CliResult kconfig = run_numaplan({"validate", "--kconfig", elf, kTables});
  EXPECT_EQ(kconfig.exit_code, 2);
  EXPECT_EQ(kconfig.err, "numaplan: error: " + elf + ":1: not a .config (binary data?): byte 0x7F at column 1\n");
  const test::CliResult dmesg = run_numaplan({"map", "--compare-dmesg", elf, kTables});
  EXPECT_EQ(dmesg.exit_code, 3);
  EXPECT_EQ(dmesg.out, "");
  EXPECT_EQ(dmesg.err, "numaplan: error: " + elf +
                           ": not a kernel log: no 'Linux version' line, no dmesg, journalctl or syslog line prefix "
                           "and no NUMA set-up line; give `dmesg` or `journalctl -k` output\n");

  const std::string odd = (dir.path() / "red\x1b[31mname\x07").string();
  const test::CliResult named = run_numaplan({"dump", odd});
  EXPECT_EQ(named.exit_code, 3);
  EXPECT_EQ(named.err, "numaplan: error: " + dir.path().string() + "/red\\x1B[31mname\\x07: no such file or directory\n");
  const test::CliResult argument = run_numaplan({"dump", "--format", "x\x1b"});
  EXPECT_EQ(argument.exit_code, 2);
  EXPECT_EQ(argument.err.find('\x1b'), std::string::npos) << argument.err;
  EXPECT_NE(argument.err.find("x\\x1B"), std::string::npos) << argument.err;
}

}  // namespace
}  // namespace numaplan
