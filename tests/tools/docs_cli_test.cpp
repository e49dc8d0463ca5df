// The man page and the completion scripts, written by `numaplan docs` from
// the option definitions that parse the command line: each option a command
// takes is in them, and bash completes with the values the option accepts.
#include <gtest/gtest.h>

#include <cstdlib>

#include "numaplan/version.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan {
namespace {

using test::run_numaplan;

// What bash's completion offers for the words typed (the last one being completed).
std::string bash_completes(const std::string& script, const std::vector<std::string>& words) {
  const test::TempDir dir;
  const std::string path = dir.write("numaplan.bash", script).string();
  std::string array;
  for (const std::string& word : words) array += " '" + word + "'";
  const std::string program = "source '" + path + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" +
                              std::to_string(words.size() - 1) + "; _numaplan; echo \"${COMPREPLY[*]}\"";
  const std::string command = "bash -c '" + [&] {
    std::string quoted;
    for (char c : program) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted;
  }() + "' > '" + (dir.path() / "out").string() + "'";
  if (std::system(command.c_str()) != 0) return "(bash failed)";
  return test::read_text(dir.path() / "out");
}

// What zsh's completion system offers for LINE typed at a prompt in DIR and
// TAB, with the _numaplan in DIR on fpath (tests/tools/zsh_completes.zsh): the
// matches sorted, one a line.
std::string zsh_completes(const test::TempDir& dir, const std::string& line) {
  const std::string command = "timeout 60 zsh -f '" NUMAPLAN_SOURCE_DIR "/tests/tools/zsh_completes.zsh' '" +
                              dir.path().string() + "' '" + line + "' > '" + (dir.path() / "out").string() + "'";
  if (std::system(command.c_str()) != 0) return "(zsh failed)";
  return test::read_text(dir.path() / "out");
}

TEST(Docs, ManPageHasEveryCommandAndOption) {
  const test::CliResult man = run_numaplan({"docs", "man"});
  ASSERT_EQ(man.exit_code, 0) << man.err;
  EXPECT_EQ(man.out.substr(0, man.out.find('\n') + 1),
            std::string(".TH NUMAPLAN 1 \"\" \"numaplan ") + kVersion + "\" \"User Commands\"\n");
  for (const char* section : {".SH NAME\nnumaplan \\- which NUMA nodes Linux builds from ACPI tables, before anything boots\n",
                              ".SS \"numaplan dump [OPTIONS] PATH...\"\nDecode tables: every field, with offsets.\n",
                              ".SS \"numaplan map [OPTIONS] [PATH...]\"\n", ".SS \"numaplan help [OPTIONS] [COMMAND]\"\n",
                              ".TP\n\\fB\\-\\-each\\fR\nEvery PATH (file or directory) is its own machine",
                              ".TP\n\\fB\\-\\-format\\fR \\fIFORMAT\\fR\ntext, json or junit",
                              ".TP\n\\fB\\-v\\fR, \\fB\\-\\-verbose\\fR\nAlso print debug messages\n",
                              ".SH \"EXIT STATUS\"\n.TP\n0\n"}) {
    EXPECT_NE(man.out.find(section), std::string::npos) << section;
  }
  // Every option `numaplan help map` lists is in the man page.
  const std::string help = run_numaplan({"help", "map"}).out;
  for (std::size_t at = help.find("\n  --"); at != std::string::npos; at = help.find("\n  --", at + 1)) {
    const std::string name = help.substr(at + 5, help.find_first_of(" \n", at + 5) - at - 5);
    std::string roff;
    for (char c : name) roff += c == '-' ? std::string("\\-") : std::string(1, c);
    EXPECT_NE(man.out.find("\\fB\\-\\-" + roff + "\\fR"), std::string::npos) << name;
  }
  EXPECT_EQ(man.out.find(".SS \"numaplan docs"), std::string::npos) << "docs is for the build, not listed";
}

TEST(Docs, BashCompletion) {
  const test::CliResult bash = run_numaplan({"docs", "bash"});
  ASSERT_EQ(bash.exit_code, 0) << bash.err;
  EXPECT_EQ(bash_completes(bash.out, {"numaplan", "va"}), "validate\n");
  EXPECT_EQ(bash_completes(bash.out, {"numaplan", "map", "--format", ""}), "text json dmesg numactl junit\n");
  EXPECT_EQ(bash_completes(bash.out, {"numaplan", "-v", "plan", "--proposal", "s"}), "standby-rfc1 spm-rfc2\n");
  EXPECT_EQ(bash_completes(bash.out, {"numaplan", "dump", "--e"}), "--each\n");
  EXPECT_EQ(bash_completes(bash.out, {"numaplan", "validate", "--verb"}), "--verbose\n");
  EXPECT_EQ(bash_completes(bash.out, {"numaplan", "help", "pl"}), "plan\n");
  // A file-name option: nothing from the script, bash's default (file names) then.
  EXPECT_EQ(bash_completes(bash.out, {"numaplan", "map", "--memmap", ""}), "\n");
}

TEST(Docs, ZshCompletion) {
  const test::CliResult zsh = run_numaplan({"docs", "zsh"});
  ASSERT_EQ(zsh.exit_code, 0) << zsh.err;
  EXPECT_EQ(zsh.out.substr(0, zsh.out.find('\n') + 1), "#compdef numaplan\n");
  for (const char* spec : {"    'map:Which NUMA nodes Linux builds from the tables'\n",
                           "'--format[text, json or junit (a JUnit report: one test case a machine)]:FORMAT:(text json junit)'",
                           "'--memmap[", "'(-v --verbose)'{-v,--verbose}'[Also print debug messages]'"}) {
    EXPECT_NE(zsh.out.find(spec), std::string::npos) << spec;
  }
  if (std::system("command -v zsh > /dev/null") != 0) {
    GTEST_SKIP() << "zsh is not installed (apt-get install zsh): the script is not loaded and nothing is completed";
  }
  const test::TempDir dir;
  const std::string path = dir.write("_numaplan", zsh.out).string();
  EXPECT_EQ(std::system(("zsh -n '" + path + "'").c_str()), 0);
  // Loaded by compinit from fpath, as installed, and asked at a prompt.
  EXPECT_EQ(zsh_completes(dir, "numaplan "), "dump\ngenerate\nhelp\nmap\nplan\nvalidate\n");
  EXPECT_EQ(zsh_completes(dir, "numaplan va"), "validate\n");
  EXPECT_EQ(zsh_completes(dir, "numaplan map --format "), "dmesg\njson\njunit\nnumactl\ntext\n");
  EXPECT_EQ(zsh_completes(dir, "numaplan -v plan --proposal s"), "spm-rfc2\nstandby-rfc1\n");
  EXPECT_EQ(zsh_completes(dir, "numaplan dump --e"), "--each\n");
  EXPECT_EQ(zsh_completes(dir, "numaplan validate --verb"), "--verbose\n");
  EXPECT_EQ(zsh_completes(dir, "numaplan help pl"), "plan\n");
  // A file-name option completes file names.
  dir.write("machine.e820.log", "");
  EXPECT_EQ(zsh_completes(dir, "numaplan map --memmap machine.e"), "machine.e820.log\n");
}

}  // namespace
}  // namespace numaplan
