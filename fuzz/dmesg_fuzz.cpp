// Text -> kernel::first_boot (every log prefix: dmesg -r/-T, syslog,
// journald, printk times and caller ids) -> is_kernel_log and the release's
// version: the log's parsing. Every message must point into the input.
// --compare-dmesg over the same text is compare_fuzz's.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/profile.h"

namespace {

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  const std::string_view log(reinterpret_cast<const char*>(data), size);
  const kernel::BootLog boot = kernel::first_boot(log);
  if (!inside(boot.release, log)) __builtin_trap();
  for (const kernel::LogMessage& message : boot.messages) {
    if (!inside(message.text, log) || message.line == 0) __builtin_trap();
  }
  (void)kernel::is_kernel_log(boot);
  (void)kernel::parse_kernel_version(boot.release);
  return 0;
}
