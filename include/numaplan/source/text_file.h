// Text inputs (memory maps, kernel logs), read whole.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "numaplan/support/expected.h"

namespace numaplan::source {

// The file's bytes, or an error naming the file.
Expected<std::string> read_text_file(const std::string& path);

// The first byte of `line` that no text file holds (a control byte other than
// tab, or DEL) as "byte 0xNN at column C", so that binary data given where text
// is expected is named, not echoed; nullopt for a line of text.
std::optional<std::string> control_byte(std::string_view line);

}  // namespace numaplan::source
