// Text -> emit::compare_dmesg, as `numaplan map --compare-dmesg` reads a log:
// its first boot, each message's family, the longest common subsequence with
// the model's log of a one-node layout (the dummy node, without tables). A
// line of the log keeps its line number and text (found in that line of the
// log); a missing line is the model's. The log's own parsing is dmesg_fuzz's.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

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
  // The log's lines as first_boot numbers them (from 1, split at '\n'): a
  // line's text is looked for in its own line, not in the whole log (a
  // search of the log per line was a third of the run, in memcmp's hooks).
  std::vector<std::string_view> lines;
  lines.reserve(size / 32 + 8);  // as first_boot() reserves its messages
  for (std::size_t pos = 0; pos < log.size();) {
    const std::size_t eol = std::min(log.find('\n', pos), log.size());
    lines.push_back(log.substr(pos, eol - pos));
    pos = eol + 1;
  }
  for (const emit::DmesgLine& line : comparison.lines) {
    if (line.kind == emit::DmesgLine::Kind::missing) {
      if (std::find(layout.log.begin(), layout.log.end(), line.text) == layout.log.end()) __builtin_trap();
    } else if (line.log_line == 0 || line.log_line > lines.size() ||
               lines[line.log_line - 1].find(line.text) == std::string_view::npos) {
      __builtin_trap();
    }
  }
  (void)emit::comparison_summary(comparison);
  return 0;
}
