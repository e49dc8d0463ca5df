// `--memmap FILE`: the machine's RAM, from any of the places Linux shows it.
#pragma once

#include <string>
#include <vector>

#include "numaplan/kernel/layout.h"
#include "numaplan/support/expected.h"

namespace numaplan::source {

// RAM ranges (end exclusive), in the order the input lists them. Detected by
// content:
// - a directory: /sys/firmware/memmap (entries N/{start,end,type}, end
//   inclusive; type "System RAM");
// - a kernel log with "BIOS-e820:" lines (its "usable" ranges; the "user:"
//   map instead when memmap= or mem= changed it), first boot only;
// - /proc/iomem: the top-level "System RAM" lines (hex, end inclusive).
// Anything else, or a malformed line, is an error naming the file and line.
Expected<std::vector<kernel::MemRange>> load_memmap(const std::string& path);

}  // namespace numaplan::source
