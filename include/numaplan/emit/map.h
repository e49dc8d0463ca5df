// `numaplan map`: the kernel's NUMA layout as a readable table, as JSON
// `numaplan.map/2` (DESIGN §6), as the kernel's own log lines, and as
// `numactl --hardware` would print it once the machine is up.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/support/json_writer.h"

namespace numaplan::emit {

// Node table (node, PXM, origin, memory, CPUs), distance matrix, notes.
std::string map_text(const kernel::Layout& layout);

// The numaplan.map/2 document, written to `sink` as it is made (laid out
// as nlohmann's dump(2), no newline after it), and the same as a DOM.
void write_map_json(const kernel::Layout& layout, std::ostream& sink);
nlohmann::json map_json(const kernel::Layout& layout);
// The members of that document, written into the object open in `w`, with
// `schema` as its "schema"; for a document that extends it (plan's),
// `extra` is called before each member with its key and at the end with ""
// so that the caller writes its own members among them in sorted order.
void write_map_members(JsonWriter& w, const kernel::Layout& layout, std::string_view schema,
                       const std::function<void(std::string_view next_key)>& extra);

// Layout::log, one line each.
std::string map_dmesg(const kernel::Layout& layout);

// The two layouts `numactl --hardware` has printed: "% 3d" columns up to
// 2.0.18, "% 4d" since 2.0.19.
enum class NumactlFormat { v2_0_16, v2_0_19 };

// `numactl --hardware`: online nodes only (possible-only nodes have no sysfs
// directory), each node's online CPUs by logical number (kernel::cpus_on()).
// "size" is the node's memory in MB; "free" is "<not available>", what
// numactl prints when it cannot read it.
std::string map_numactl(const kernel::Layout& layout, NumactlFormat format);

// The model's log against a real one (`--compare-dmesg`): the real log's
// first boot, its NUMA set-up lines only (kernel::numa_init_messages), and
// Layout::log, compared as ordered lists of lines (a shortest edit script).
// A line views the log (same, extra) or the layout's log (missing), which
// must outlive the comparison: a copy per line was most of compare_fuzz's
// allocations.
struct DmesgLine {
  enum class Kind : std::uint8_t { same, missing, extra };  // in both; predicted only; in the log only
  Kind kind = Kind::same;
  std::string_view text;
  std::size_t log_line = 0;  // 1-based line in the log file; 0 for `missing`
};
struct DmesgComparison {
  std::vector<DmesgLine> lines;    // every predicted and in-scope log line, in order
  std::size_t next_boot_line = 0;  // where the log's first boot ended (0: it did not)
  std::string kernel_release;      // the log's "Linux version" ("6.12.117+deb12-amd64"); empty if absent
  std::size_t differences() const;  // lines that are missing or extra
};
DmesgComparison compare_dmesg(const kernel::Layout& layout, std::string_view log);

// "5 NUMA set-up lines in the log, 6 predicted: 4 equal, 2 missing, 1 extra"
// (or "all 5 ... match the prediction"), with a hint when the log holds no
// such line at all.
std::string comparison_summary(const DmesgComparison& comparison);

// Whether a kernel release ("6.1.0-56-amd64") is the version a profile
// ("6.1") models; "mainline" matches any release.
bool release_matches_profile(std::string_view release, std::string_view profile);

// The differences as `diff -u` prints them between `--format dmesg` and the
// log's in-scope lines: "--- predicted_name", "+++ log_name", then hunks
// "@@ -a,b +c,d @@ LOG:N" (a, c count predicted and in-scope log lines from
// 1; N is the file line of the hunk's first log line) holding up to `context`
// equal lines around each change, " " equal, "-" missing, "+" extra.
// "" when nothing differs.
std::string dmesg_diff(const DmesgComparison& comparison, std::string_view predicted_name, std::string_view log_name,
                       std::size_t context = 3);

}  // namespace numaplan::emit
