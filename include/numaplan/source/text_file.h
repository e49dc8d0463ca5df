// Text inputs (memory maps, kernel logs), read whole.
#pragma once

#include <string>

#include "numaplan/support/expected.h"

namespace numaplan::source {

// The file's bytes, or an error naming the file.
Expected<std::string> read_text_file(const std::string& path);

}  // namespace numaplan::source
