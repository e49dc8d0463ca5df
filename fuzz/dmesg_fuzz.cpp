// Text -> kernel::first_boot (every log prefix: dmesg -r/-T, syslog,
// journald, printk times and caller ids) -> is_kernel_log,
// numa_init_messages, the release's version, and --compare-dmesg of a
// one-node layout against it. Every message must point into the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/map.h"
#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "numaplan/kernel/profile.h"

namespace {

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  // Without tables the model falls back to its dummy node: a small layout
  // whose log the comparison reads the input against.
  static const acpi::TableSet no_tables;
  static const kernel::Layout layout = *kernel::map_numa(no_tables, kernel::Config{});
  const std::string_view log(reinterpret_cast<const char*>(data), size);
  const kernel::BootLog boot = kernel::first_boot(log);
  if (!inside(boot.release, log)) __builtin_trap();
  for (const kernel::LogMessage& message : boot.messages) {
    if (!inside(message.text, log) || message.line == 0) __builtin_trap();
  }
  (void)kernel::is_kernel_log(boot);
  for (const kernel::LogMessage& message : kernel::numa_init_messages(boot)) {
    if (!kernel::is_numa_init_message(message.text)) __builtin_trap();
  }
  (void)kernel::parse_kernel_version(boot.release);
  const emit::DmesgComparison comparison = emit::compare_dmesg(layout, log);
  (void)emit::comparison_summary(comparison);
  return 0;
}
