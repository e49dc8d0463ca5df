// Text -> source::parse_kconfig, as --kconfig reads a .config. What it
// accepts is in range (NODES_SHIFT 1..10, the standby counts 0..16 and 0..4);
// an error names origin:line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "numaplan/kernel/limits.h"
#include "numaplan/source/kernel_settings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto kconfig = source::parse_kconfig(text, "fuzz.config");
  if (!kconfig) {
    if (!kconfig.error().origin.starts_with("fuzz.config:")) __builtin_trap();
    return 0;
  }
  if (kconfig->nodes_shift && (*kconfig->nodes_shift < 1 || *kconfig->nodes_shift > kernel::kMaxNodesShift)) {
    __builtin_trap();
  }
  if (kconfig->standby_per_cpu_node && (*kconfig->standby_per_cpu_node < 0 || *kconfig->standby_per_cpu_node > 16)) {
    __builtin_trap();
  }
  if (kconfig->standby_per_cfmws && (*kconfig->standby_per_cfmws < 0 || *kconfig->standby_per_cfmws > 4)) {
    __builtin_trap();
  }
  return 0;
}
