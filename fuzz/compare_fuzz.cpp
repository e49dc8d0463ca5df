// Text -> emit::compare_dmesg, as `numaplan map --compare-dmesg` reads a log:
// its first boot, each message's family, the longest common subsequence with
// the model's log of a one-node layout (the dummy node, without tables). A
// line of the log keeps its line number and text; a missing line is the
// model's. The log's own parsing is dmesg_fuzz's; this costs twice that.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/map.h"
#include "numaplan/kernel/model.h"
#include "numaplan/kernel/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  static const acpi::TableSet no_tables;
  static const kernel::Layout layout = *kernel::map_numa(no_tables, kernel::Config{});
  const std::string_view log(reinterpret_cast<const char*>(data), size);
  const emit::DmesgComparison comparison = emit::compare_dmesg(layout, log);
  for (const emit::DmesgLine& line : comparison.lines) {
    if (line.kind == emit::DmesgLine::Kind::missing) {
      if (std::find(layout.log.begin(), layout.log.end(), line.text) == layout.log.end()) __builtin_trap();
    } else if (line.log_line == 0 || log.find(line.text) == std::string_view::npos) {
      __builtin_trap();
    }
  }
  (void)emit::comparison_summary(comparison);
  return 0;
}
