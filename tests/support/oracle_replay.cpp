#include "support/oracle_replay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/source/load.h"
#include "numaplan/source/memmap_formats.h"
#include "numaplan/source/text_file.h"

namespace numaplan::test {

namespace {

namespace fs = std::filesystem;
using kernel::Layout;
using kernel::NodeMask;

std::string read(const fs::path& path) {
  const auto text = source::read_text_file(path.string());
  return text.ok() ? *text : std::string();
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

// Logical CPUs first..last-1 in the kernel's list syntax.
std::string cpu_range(int first, int last) {
  NodeMask cpus;
  for (int cpu = first; cpu < last; ++cpu) cpus.set(cpu);
  return cpus.to_list();
}

std::string distance_row(const Layout& layout, int from) {
  const auto row = std::find(layout.distance_nodes.begin(), layout.distance_nodes.end(), from);
  if (row == layout.distance_nodes.end()) return "<node " + std::to_string(from) + " not possible>";
  std::string out;
  for (int to : layout.online.nodes()) out += (out.empty() ? "" : " ") + std::to_string(layout.distance(from, to));
  return out;
}

std::string mask_value(const std::map<std::string, std::string>& keys, const std::string& key) {
  const auto it = keys.find(key);
  return it == keys.end() || it->second == "<absent>" ? "" : it->second;
}

}  // namespace

std::vector<fs::path> oracle_case_dirs(const fs::path& root) {
  std::vector<fs::path> out;
  if (!fs::is_directory(root)) return out;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> oracle_out_dirs(const fs::path& case_dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(case_dir / "out")) return out;
  for (const auto& entry : fs::directory_iterator(case_dir / "out")) {
    if (fs::exists(entry.path() / "layout.txt")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string oracle_profile(const fs::path& out_dir) {
  const auto version = kernel::parse_kernel_version(out_dir.filename().string());
  if (!version) return "";
  const auto resolved = kernel::resolve_profile(kernel::to_string(*version));
  return resolved.ok() ? resolved->profile.name : "";
}

void PrintTo(const OracleRun& run, std::ostream* out) { *out << run.out_dir.string(); }

std::vector<OracleRun> oracle_runs(const fs::path& root) {
  std::vector<OracleRun> out;
  for (const fs::path& dir : oracle_case_dirs(root)) {
    for (const fs::path& out_dir : oracle_out_dirs(dir)) {
      std::string name = dir.filename().string() + "_" + out_dir.filename().string();
      std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
      out.push_back({name, dir, out_dir, oracle_profile(out_dir)});
    }
  }
  return out;
}

std::map<fs::path, std::vector<std::string>> oracle_lines_booted(const fs::path& root) {
  std::map<fs::path, std::vector<std::string>> out;
  for (const fs::path& dir : oracle_case_dirs(root)) {
    std::vector<std::string>& lines = out[dir];
    for (const fs::path& out_dir : oracle_out_dirs(dir)) lines.push_back(oracle_profile(out_dir));
    std::sort(lines.begin(), lines.end());
  }
  return out;
}

std::map<std::string, std::string> read_verdict(const fs::path& layout_txt) {
  std::map<std::string, std::string> keys;
  std::istringstream in(read(layout_txt));
  std::string line;
  while (std::getline(in, line) && line != "--- dmesg ---") {
    if (const auto colon = line.find(": "); colon != std::string::npos) {
      keys[line.substr(0, colon)] = line.substr(colon + 2);
    } else if (!line.empty() && line.back() == ':') {
      keys[line.substr(0, line.size() - 1)] = "";
    }
  }
  return keys;
}

// Every kernel of a case boots the same QEMU with the same tables; the hex
// dump on the console can come out garbled (case 49 on 6.12: a wrong
// checksum, CEDT lost), so a table whose checksum fails, or that only
// another kernel's run holds, comes from another run.
std::vector<std::string> guest_table_files(const fs::path& out_dir) {
  std::map<std::string, fs::path> chosen;
  std::vector<fs::path> runs{out_dir};
  for (const fs::path& run : oracle_out_dirs(out_dir.parent_path().parent_path())) {
    if (run != out_dir) runs.push_back(run);
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
  return paths;
}

acpi::TableSet guest_tables(const fs::path& out_dir) {
  source::Inputs inputs = source::load(guest_table_files(out_dir));
  return acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
}

Expected<kernel::Config> oracle_config(const fs::path& case_dir, const fs::path& out_dir, const std::string& profile) {
  kernel::Config config;
  config.profile = *kernel::find_profile(profile);
  const auto ram = source::load_memmap((out_dir / "kernel.log").string());
  if (!ram.ok()) return ram.error();
  config.ram = ram->ram();
  config.cpus = qemu_cpus(case_dir);
  // QEMU 7.2's TCG CPUs have no x2APIC: every oracle guest ran in xAPIC mode,
  // whatever its MADT lists (case 58's x2APIC ids above 0xFE).
  config.x2apic_mode = false;
  // The booted kernel's build options the model reads, copied from its /boot/config (case 52).
  if (fs::exists(case_dir / "kconfig")) {
    const auto kconfig = source::parse_kconfig(read(case_dir / "kconfig"), (case_dir / "kconfig").string());
    if (!kconfig.ok()) return kconfig.error();
    config.nodes_shift = kconfig->nodes_shift.value_or(config.nodes_shift);
    config.memory_hotplug = kconfig->memory_hotplug.value_or(config.memory_hotplug);
    config.cxl_acpi = kconfig->cxl_acpi.value_or(config.cxl_acpi);
  }
  if (fs::exists(case_dir / "cmdline")) {
    const auto cmdline = source::parse_cmdline(read(case_dir / "cmdline"));
    if (!cmdline.ok()) return cmdline.error();
    config.numa_off = cmdline->numa_off;
    config.numa_noacpi = cmdline->numa_noacpi;
  }
  return config;
}

Expected<kernel::Layout> replay_guest(const fs::path& case_dir, const fs::path& out_dir, const std::string& profile) {
  auto config = oracle_config(case_dir, out_dir, profile);
  if (!config.ok()) return config.error();
  const acpi::TableSet tables = guest_tables(out_dir);
  if (tables.first("APIC") != nullptr) config->cpus.reset();
  return *kernel::map_numa(tables, *config);
}

void expect_arch_run_matches_kernel(const OracleRun& run, kernel::Arch arch, int nodes_shift,
                                    std::span<const kernel::DmesgFamily> families) {
  ASSERT_FALSE(run.profile.empty()) << run.out_dir << " names no kernel release";
  ASSERT_NE(read(run.out_dir / "meta.txt").find("complete: yes"), std::string::npos) << run.out_dir;
  kernel::Config config;
  config.profile = *kernel::find_profile(run.profile);
  config.arch = arch;
  config.nodes_shift = nodes_shift;
  const auto memmap = source::load_memmap((run.out_dir / "kernel.log").string());
  ASSERT_TRUE(memmap.ok()) << memmap.error().format();
  config.ram = memmap->ram();
  ASSERT_FALSE(config.ram->empty()) << "no \"Early memory node ranges\" in " << run.out_dir / "kernel.log";
  if (fs::exists(run.case_dir / "cmdline")) {
    const auto cmdline = source::parse_cmdline(read(run.case_dir / "cmdline"));
    ASSERT_TRUE(cmdline.ok()) << cmdline.error().format();
    config.numa_off = cmdline->numa_off;
  }
  const acpi::TableSet tables = guest_tables(run.out_dir);
  ASSERT_NE(tables.first("APIC"), nullptr) << "the guest dumped no MADT";
  const auto layout = kernel::map_numa(tables, config);
  ASSERT_TRUE(layout.ok()) << layout.error().format();
  expect_layout_matches_kernel(*layout, run.out_dir, families);
}

bool oracle_crashed(const fs::path& out_dir) {
  return read(out_dir / "meta.txt").find("complete: no") != std::string::npos;
}

void expect_layout_matches_kernel(const Layout& layout, const fs::path& out_dir,
                                  std::span<const kernel::DmesgFamily> families) {
  const auto compared = [&](std::string_view line) {
    return families.empty() || std::find(families.begin(), families.end(), kernel::dmesg_family(line)) != families.end();
  };
  EXPECT_EQ(layout.crash, "");
  const std::map<std::string, std::string> kernel = read_verdict(out_dir / "layout.txt");
  EXPECT_EQ(layout.possible.to_list(), mask_value(kernel, "possible"));
  EXPECT_EQ(layout.online.to_list(), mask_value(kernel, "online"));
  EXPECT_EQ(layout.memory.to_list(), mask_value(kernel, "has_memory"));
  EXPECT_EQ(layout.cpu.to_list(), mask_value(kernel, "has_cpu"));
  EXPECT_EQ(layout.generic_initiator.to_list(), mask_value(kernel, "has_generic_initiator"));
  for (int node : layout.online.nodes()) {
    const std::string prefix = "node" + std::to_string(node) + ".";
    EXPECT_EQ(distance_row(layout, node), mask_value(kernel, prefix + "distance")) << prefix << "distance";
    EXPECT_EQ(kernel::cpus_on(layout, node).to_list(), mask_value(kernel, prefix + "cpulist")) << prefix << "cpulist";
  }
  // cpu.* masks: in boots since issue 13 only.
  if (kernel.contains("cpu.possible")) {
    EXPECT_EQ(cpu_range(0, static_cast<int>(layout.cpu_to_node.size())), mask_value(kernel, "cpu.possible"));
    EXPECT_EQ(cpu_range(0, layout.present_cpus + layout.present_offline_cpus), mask_value(kernel, "cpu.present"));
    EXPECT_EQ(cpu_range(0, layout.present_cpus), mask_value(kernel, "cpu.online"));
  }

  // kernel.log (the console, first boot), not layout.txt's dmesg part: the
  // oracle greps that for keywords, which drops e.g. "too many memblk ranges".
  // The console has every family but the KERN_DEBUG distance-table line,
  // which only layout.txt's dmesg part holds.
  const auto is_distance_line = [](std::string_view line) {
    return kernel::dmesg_family(line) == kernel::DmesgFamily::distance_table;
  };
  std::vector<std::string> model, expected, model_debug, expected_debug;
  for (const std::string& line : layout.log) {
    if (compared(line)) (is_distance_line(line) ? model_debug : model).push_back(line);
  }
  const std::string console = read(out_dir / "kernel.log");
  for (const kernel::LogMessage& message : kernel::numa_init_messages(kernel::first_boot(console))) {
    if (compared(message.text)) expected.emplace_back(message.text);
  }
  EXPECT_EQ(model.size(), expected.size());
  const auto [model_line, kernel_line] = std::mismatch(model.begin(), model.end(), expected.begin(), expected.end());
  if (model_line != model.end() || kernel_line != expected.end()) {
    ADD_FAILURE() << "first difference at line " << (model_line - model.begin()) + 1 << ":\n  model:  "
                  << (model_line != model.end() ? *model_line : "<end>") << "\n  kernel: "
                  << (kernel_line != expected.end() ? *kernel_line : "<end>");
  }
  const std::string verdict = read(out_dir / "layout.txt");
  const std::size_t dmesg = verdict.find("--- dmesg ---\n");
  ASSERT_NE(dmesg, std::string::npos) << out_dir << ": layout.txt has no dmesg part";
  for (const kernel::LogMessage& message : kernel::first_boot(std::string_view(verdict).substr(dmesg)).messages) {
    if (is_distance_line(message.text) && compared(message.text)) expected_debug.emplace_back(message.text);
  }
  EXPECT_EQ(model_debug, expected_debug) << "the distance-table line of dmesg";
  for (const std::string& line : layout.log) {
    EXPECT_TRUE(kernel::is_numa_init_message(line)) << "outside the family: " << line;
  }
}

std::vector<std::vector<int>> distance_matrix(const kernel::Layout& layout) {
  std::vector<std::vector<int>> rows;
  for (int from : layout.distance_nodes) {
    rows.emplace_back();
    for (int to : layout.distance_nodes) rows.back().push_back(layout.distance(from, to));
  }
  return rows;
}

}  // namespace numaplan::test
