// Replays every kernel-oracle case (tables the guest saw, its e820 map and
// command line) through the model and compares with what the kernel decided:
// node masks, distances of online nodes, per-node CPU lists and the NUMA
// set-up lines of dmesg. Cases: ../shared/oracle/cases (when present) and
// tests/kernel/cases (committed golden data).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/source/load.h"
#include "numaplan/source/memmap_formats.h"
#include "numaplan/source/text_file.h"

namespace numaplan::kernel {
namespace {

namespace fs = std::filesystem;

struct Release {
  const char* uname;
  const char* profile;
};
constexpr Release kReleases[] = {{"6.1.0-56-amd64", "6.1"}, {"6.12.117+deb12-amd64", "6.12"}};

struct OracleRun {
  std::string name;  // gtest-safe: source, case, profile
  fs::path case_dir;
  fs::path out_dir;
  std::string profile;
};

void PrintTo(const OracleRun& run, std::ostream* out) { *out << run.out_dir.string(); }

fs::path shared_cases() { return fs::path(NUMAPLAN_SOURCE_DIR) / ".." / "shared" / "oracle" / "cases"; }
fs::path project_cases() { return fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "cases"; }

std::string test_name(const std::string& source, const std::string& case_name, const std::string& profile) {
  std::string out = source + "_" + case_name + "_" + profile;
  std::replace_if(out.begin(), out.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return out;
}

std::vector<OracleRun> runs() {
  std::vector<OracleRun> out;
  for (const auto& [source, root] : {std::pair{"shared", shared_cases()}, std::pair{"project", project_cases()}}) {
    if (!fs::is_directory(root)) continue;
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(root)) {
      if (entry.is_directory()) cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    for (const fs::path& dir : cases) {
      for (const Release& release : kReleases) {
        const fs::path out_dir = dir / "out" / release.uname;
        if (!fs::exists(out_dir / "layout.txt")) continue;
        out.push_back({test_name(source, dir.filename().string(), release.profile), dir, out_dir, release.profile});
      }
    }
  }
  return out;
}

std::string read(const fs::path& path) {
  const auto text = source::read_text_file(path.string());
  return text.ok() ? *text : std::string();
}

// layout.txt: "key: value" lines (the dmesg part after them is not read).
struct Verdict {
  std::map<std::string, std::string> keys;
};

Verdict read_verdict(const fs::path& path) {
  Verdict verdict;
  std::istringstream in(read(path));
  std::string line;
  while (std::getline(in, line) && line != "--- dmesg ---") {
    if (const auto colon = line.find(": "); colon != std::string::npos) {
      verdict.keys[line.substr(0, colon)] = line.substr(colon + 2);
    } else if (!line.empty() && line.back() == ':') {
      verdict.keys[line.substr(0, line.size() - 1)] = "";
    }
  }
  return verdict;
}

// QEMU's "-smp N": APIC ids 0..N-1 (the oracle's topologies are all contiguous).
std::vector<std::uint32_t> qemu_cpus(const fs::path& case_dir) {
  std::string args = read(case_dir / "qemu-args");
  std::smatch match;
  int count = 1;
  if (std::regex_search(args, match, std::regex(R"((?:^|\n)[^#\n]*-smp (?:cpus=)?(\d+))"))) count = std::stoi(match[1]);
  std::vector<std::uint32_t> ids;
  for (int i = 0; i < count; ++i) ids.push_back(static_cast<std::uint32_t>(i));
  return ids;
}

bool checksum_valid(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 36) return false;
  std::uint32_t length = 0;
  for (int i = 3; i >= 0; --i) length = length << 8 | static_cast<std::uint8_t>(bytes[static_cast<std::size_t>(4 + i)]);
  if (length > bytes.size()) return false;
  unsigned sum = 0;
  for (std::size_t i = 0; i < length; ++i) sum += static_cast<std::uint8_t>(bytes[i]);
  return (sum & 0xFF) == 0;
}

// The tables the guest saw. Both kernels of a case boot the same QEMU with
// the same tables; the hex dump on the console can come out garbled (case 49
// on 6.12: a wrong checksum, CEDT lost), so a table whose checksum fails, or
// that only the other kernel's run holds, comes from the other run.
acpi::TableSet guest_tables(const fs::path& out_dir) {
  std::map<std::string, fs::path> chosen;
  std::vector<fs::path> runs{out_dir};
  for (const Release& release : kReleases) {
    if (out_dir.parent_path() / release.uname != out_dir) runs.push_back(out_dir.parent_path() / release.uname);
  }
  for (const fs::path& run : runs) {
    if (!fs::is_directory(run)) continue;
    for (const auto& entry : fs::directory_iterator(run)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with("guest-") || !name.ends_with(".dat") || chosen.contains(name)) continue;
      if (checksum_valid(entry.path()) || run == out_dir) chosen[name] = entry.path();
    }
    for (auto& [name, path] : chosen) {
      if (!checksum_valid(path) && checksum_valid(run / name)) path = run / name;
    }
  }
  std::vector<std::string> paths;
  for (const auto& [name, path] : chosen) paths.push_back(path.string());
  source::Inputs inputs = source::load(paths);
  return acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
}

std::string cpulist(const Layout& layout, int node) {
  NodeMask cpus;
  for (std::size_t cpu = 0; cpu < layout.cpu_to_node.size(); ++cpu) {
    if (layout.cpu_to_node[cpu] == node) cpus.set(static_cast<int>(cpu));
  }
  return cpus.to_list();
}

std::string distance_row(const Layout& layout, int from) {
  const auto row = std::find(layout.distance_nodes.begin(), layout.distance_nodes.end(), from);
  if (row == layout.distance_nodes.end()) return "<node " + std::to_string(from) + " not possible>";
  std::string out;
  for (int to : layout.online.nodes()) {
    const auto column = std::find(layout.distance_nodes.begin(), layout.distance_nodes.end(), to);
    out += (out.empty() ? "" : " ") + std::to_string(layout.distance[static_cast<std::size_t>(row - layout.distance_nodes.begin())]
                                                                    [static_cast<std::size_t>(column - layout.distance_nodes.begin())]);
  }
  return out;
}

std::string mask_value(const std::map<std::string, std::string>& keys, const std::string& key) {
  const auto it = keys.find(key);
  return it == keys.end() || it->second == "<absent>" ? "" : it->second;
}

class Oracle : public ::testing::TestWithParam<OracleRun> {};

TEST_P(Oracle, ModelMatchesTheKernel) {
  const OracleRun& run = GetParam();
  Config config;
  config.profile = *find_profile(run.profile);
  const auto ram = source::load_memmap((run.out_dir / "kernel.log").string());
  ASSERT_TRUE(ram.ok()) << ram.error().format();
  config.ram = *ram;
  config.cpus = qemu_cpus(run.case_dir);
  if (fs::exists(run.case_dir / "cmdline")) {
    const auto cmdline = source::parse_cmdline(read(run.case_dir / "cmdline"));
    ASSERT_TRUE(cmdline.ok()) << cmdline.error().format();
    config.numa_off = cmdline->numa_off;
    config.numa_noacpi = cmdline->numa_noacpi;
  }
  const bool crashed = read(run.out_dir / "meta.txt").find("complete: no") != std::string::npos;
  if (crashed && !fs::exists(run.out_dir / "guest-SRAT.dat")) {
    GTEST_SKIP() << "the guest crashed before dumping its tables (golden data has none); the crash is "
                    "reproduced from synthetic tables in model_test.cpp";
  }
  const Layout layout = map_numa(guest_tables(run.out_dir), config);
  if (crashed) {
    EXPECT_NE(layout.crash, "") << "the kernel did not finish booting, the model predicts no crash";
    return;
  }
  EXPECT_EQ(layout.crash, "");
  const Verdict kernel = read_verdict(run.out_dir / "layout.txt");

  EXPECT_EQ(layout.possible.to_list(), mask_value(kernel.keys, "possible"));
  EXPECT_EQ(layout.online.to_list(), mask_value(kernel.keys, "online"));
  EXPECT_EQ(layout.memory.to_list(), mask_value(kernel.keys, "has_memory"));
  EXPECT_EQ(layout.cpu.to_list(), mask_value(kernel.keys, "has_cpu"));
  EXPECT_EQ(layout.generic_initiator.to_list(), mask_value(kernel.keys, "has_generic_initiator"));
  for (int node : layout.online.nodes()) {
    const std::string prefix = "node" + std::to_string(node) + ".";
    EXPECT_EQ(distance_row(layout, node), mask_value(kernel.keys, prefix + "distance")) << prefix << "distance";
    EXPECT_EQ(cpulist(layout, node), mask_value(kernel.keys, prefix + "cpulist")) << prefix << "cpulist";
  }

  std::vector<std::string> expected;
  // kernel.log (the console, first boot), not layout.txt's dmesg part: the
  // oracle greps that for keywords, which drops e.g. "too many memblk ranges".
  const std::string console = read(run.out_dir / "kernel.log");
  for (const LogMessage& message : numa_init_messages(first_boot(console))) expected.emplace_back(message.text);
  EXPECT_EQ(layout.log.size(), expected.size());
  const auto [model_line, kernel_line] = std::mismatch(layout.log.begin(), layout.log.end(), expected.begin(), expected.end());
  if (model_line != layout.log.end() || kernel_line != expected.end()) {
    ADD_FAILURE() << "first difference at line " << (model_line - layout.log.begin()) + 1 << ":\n  model:  "
                  << (model_line != layout.log.end() ? *model_line : "<end>") << "\n  kernel: "
                  << (kernel_line != expected.end() ? *kernel_line : "<end>");
  }
  for (const std::string& line : layout.log) EXPECT_TRUE(is_numa_init_message(line)) << "outside the family: " << line;
}

INSTANTIATE_TEST_SUITE_P(Cases, Oracle, ::testing::ValuesIn(runs()),
                         [](const ::testing::TestParamInfo<OracleRun>& param) { return param.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Oracle);

TEST(OracleCases, SharedCasesPresent) {
  if (!fs::is_directory(shared_cases())) GTEST_SKIP() << "no " << shared_cases() << ": the shared oracle cases are not replayed";
  const std::vector<OracleRun> all = runs();
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const OracleRun& r) { return r.name.starts_with("shared_"); }));
}

}  // namespace
}  // namespace numaplan::kernel
