// Text -> source::parse_cmdline, as --cmdline reads the kernel command line.
// Every numa=standby= value it keeps is a word of the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "numaplan/source/kernel_settings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto cmdline = source::parse_cmdline(text);
  if (!cmdline) return 0;
  for (const std::string& value : cmdline->standby) {
    if (text.find("numa=standby=" + value) == std::string_view::npos) __builtin_trap();
  }
  return 0;
}
