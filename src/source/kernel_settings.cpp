#include "numaplan/source/kernel_settings.h"

#include <charconv>

#include "numaplan/kernel/limits.h"
#include "numaplan/source/text_file.h"
#include "numaplan/support/format.h"

namespace numaplan::source {

namespace {

// `origin:line`, as the memory-map and log readers name a line.
Diagnostic settings_error(std::string_view origin, std::size_t line, std::string message) {
  Diagnostic d;
  // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false
  // positive) on the temporary that `":" + std::to_string(line)` inlines.
  d.origin = origin;
  if (line != 0) d.origin.append(":").append(std::to_string(line));
  d.message = std::move(message);
  return d;
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool is_symbol(std::string_view name) {
  if (!name.starts_with("CONFIG_") || name.size() == 7) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

// One symbol's value into the config; `value` is empty for "is not set".
std::optional<std::string> apply(KernelConfig& config, std::string_view name, std::string_view value) {
  const auto integer = [&](std::optional<int>& slot, int low, int high) -> std::optional<std::string> {
    if (value.empty()) {
      slot.reset();
      return std::nullopt;
    }
    const auto parsed = parse_int(value);
    if (!parsed || *parsed < low || *parsed > high) {
      return std::string(name) + "=" + std::string(value) + ": expected an integer " + std::to_string(low) + ".." +
             std::to_string(high);
    }
    slot = *parsed;
    return std::nullopt;
  };
  const auto tristate = [&](std::optional<bool>& slot) -> std::optional<std::string> {
    if (value.empty() || value == "n") {
      slot = false;
    } else if (value == "y" || value == "m") {
      slot = true;
    } else {
      return std::string(name) + "=" + std::string(value) + ": expected y, m or n";
    }
    return std::nullopt;
  };
  if (name == "CONFIG_NODES_SHIFT") return integer(config.nodes_shift, 1, kernel::kMaxNodesShift);
  if (name == "CONFIG_ACPI_NUMA_STANDBY_NODES") return integer(config.standby_per_cpu_node, 0, 16);
  if (name == "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES") return integer(config.standby_per_cfmws, 0, 4);
  if (name == "CONFIG_MEMORY_HOTPLUG") return tristate(config.memory_hotplug);
  if (name == "CONFIG_CXL_ACPI") return tristate(config.cxl_acpi);
  return std::nullopt;  // a symbol the planner does not read
}

}  // namespace

Expected<KernelConfig> parse_kconfig(std::string_view text, std::string_view origin) {
  // scripts/kconfig/confdata.c's first line of every .config it writes.
  constexpr std::string_view kGenerated = "# Automatically generated file; DO NOT EDIT.";
  KernelConfig config;
  bool whole_config = false;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    if (line.empty()) continue;
    if (auto byte = control_byte(line)) {
      return settings_error(origin, line_number, "not a .config (binary data?): " + *byte);
    }
    whole_config = whole_config || line == kGenerated;
    std::optional<std::string> problem;
    if (line.front() == '#') {
      // "# CONFIG_X is not set" unsets X; any other comment is a comment.
      constexpr std::string_view kNotSet = " is not set";
      const std::string_view body = trim(line.substr(1));
      if (body.ends_with(kNotSet) && is_symbol(body.substr(0, body.size() - kNotSet.size()))) {
        problem = apply(config, body.substr(0, body.size() - kNotSet.size()), "");
      }
    } else {
      const std::size_t equals = line.find('=');
      if (equals == std::string_view::npos || !is_symbol(line.substr(0, equals)) || equals + 1 == line.size()) {
        return settings_error(origin, line_number,
                              "expected CONFIG_NAME=value or \"# CONFIG_NAME is not set\", got \"" +
                                  std::string(line) + "\"");
      }
      problem = apply(config, line.substr(0, equals), line.substr(equals + 1));
    }
    if (problem) return settings_error(origin, line_number, *problem);
  }
  if (whole_config) {
    config.memory_hotplug = config.memory_hotplug.value_or(false);
    config.cxl_acpi = config.cxl_acpi.value_or(false);
  }
  return config;
}

int nodes_shift_of(const KernelConfig& kconfig, std::optional<int> nodes_shift) {
  return nodes_shift.value_or(kconfig.nodes_shift.value_or(kernel::kDefaultNodesShift));
}

void apply_kconfig(const KernelConfig& kconfig, std::optional<int> nodes_shift, kernel::Config& config) {
  config.nodes_shift = nodes_shift_of(kconfig, nodes_shift);
  config.memory_hotplug = kconfig.memory_hotplug.value_or(config.memory_hotplug);
  config.cxl_acpi = kconfig.cxl_acpi.value_or(config.cxl_acpi);
}

Expected<CommandLine> parse_cmdline(std::string_view text) {
  CommandLine cmdline;
  while (!text.empty()) {
    const std::size_t start = text.find_first_not_of(" \t\n");
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    const std::size_t end = text.find_first_of(" \t\n");
    const std::string_view word = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    if (!word.starts_with("numa=")) continue;
    const std::string_view value = word.substr(5);
    if (value.starts_with("standby=")) {
      cmdline.standby.emplace_back(value.substr(8));
    } else if (value.starts_with("off")) {
      cmdline.numa_off = true;
    } else if (value.starts_with("noacpi")) {
      cmdline.numa_noacpi = true;
    } else {
      cmdline.ignored.emplace_back(word);
    }
  }
  return cmdline;
}

}  // namespace numaplan::source
