// SLIT rules: fwts (src/acpi/slit/slit.c) and what acpi_parse_slit() /
// slit_valid() do with the matrix (reference §1.7).
#include <algorithm>
#include <set>

#include "numaplan/acpi/tables.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/kernel/limits.h"
#include "rules.h"

namespace numaplan::check {

namespace {

constexpr Rule kTooManyLocalities{"SLIT.TooManyLocalities", "SLITTooManySystemLocalities", Severity::error,
                                  "Number of System Localities above 0xFFFF or its N x N matrix past the table end"};
constexpr Rule kCornerEntry{"SLIT.CornerEntry", "SLITBadCornerEntry", Severity::error,
                            "entry [0][0] or [N-1][N-1] is not 10"};
constexpr Rule kEntryReserved{"SLIT.EntryReserved", "SLITEntryReserved", Severity::error,
                              "an entry below 10 (0-9 are reserved); the first 16 are reported"};
constexpr Rule kInvalid{"SLIT.Invalid", "", Severity::error,
                        "Linux slit_valid() fails (diagonal not all 10, or an off-diagonal entry <= 10): "
                        "the kernel ignores the SLIT and uses 10/20"};
constexpr Rule kNotCovering{"SLIT.NotCoveringPxm", "", Severity::warning,
                            "a PXM that gets a node is >= the number of localities: its distances default to 20"};
constexpr Rule kAsymmetric{"SLIT.Asymmetric", "", Severity::warning,
                           "entry [i][j] differs from [j][i]; Linux keeps it as is (fwts dropped this check)"};

constexpr Rule kTrailingBytes{"SLIT.TrailingBytes", "", Severity::note,
                              "bytes after the N x N matrix that Length covers; Linux and fwts ignore them"};

constexpr const Rule* kRules[] = {&kTooManyLocalities, &kCornerEntry, &kEntryReserved, &kInvalid,
                                  &kNotCovering,       &kAsymmetric,  &kTrailingBytes};

constexpr std::uint64_t kMatrixOffset = 44;
constexpr int kEntriesReported = 16;  // as fwts

struct Matrix {
  std::uint64_t n = 0;
  std::vector<std::uint8_t> entries;  // n * n, row-major by PXM
  std::uint8_t at(std::uint64_t i, std::uint64_t j) const { return entries[i * n + j]; }
  std::uint64_t offset(std::uint64_t i, std::uint64_t j) const { return kMatrixOffset + i * n + j; }
};

std::string cell(std::uint64_t i, std::uint64_t j) {
  return "Entry[" + std::to_string(i) + "][" + std::to_string(j) + "]";
}

// The whole matrix, or nullopt when it does not fit (TooManyLocalities says so).
std::optional<Matrix> read_matrix(const acpi::Table& slit, Reporter& out) {
  if (slit.header.desc == nullptr || slit.bytes.size() < kMatrixOffset) return std::nullopt;  // ACPI.TableLength
  const acpi::StructView header = slit.header_view();
  Matrix m{header.get_or(acpi::slit::header_fields::locality_count, 0), {}};
  const std::uint64_t room = slit.bytes.size() - kMatrixOffset;
  if (m.n > 0xFFFF || m.n * m.n > room) {
    out.add(kTooManyLocalities, slit, 36, "Localities", show(m.n),
            std::to_string(m.n) + " localities need " + (m.n > 0xFFFF ? "more than 2^32" : std::to_string(m.n * m.n)) +
                " matrix bytes but the table holds " + std::to_string(room) +
                " after the header; fix Number of System Localities or the table Length");
    return std::nullopt;
  }
  m.entries.assign(slit.bytes.begin() + kMatrixOffset, slit.bytes.begin() + static_cast<std::ptrdiff_t>(kMatrixOffset + m.n * m.n));
  return m;
}

// Real firmware pads (a 108-byte SLIT holding a 1 x 1 matrix): harmless, worth knowing.
void check_trailing(const acpi::Table& slit, const Matrix& m, Reporter& out) {
  const std::uint64_t end = kMatrixOffset + m.n * m.n;
  if (slit.bytes.size() <= end) return;
  out.add(kTrailingBytes, slit, end, "Table Length", show(slit.bytes.size()),
          "Length " + std::to_string(slit.bytes.size()) + " leaves " + std::to_string(slit.bytes.size() - end) +
              " bytes after the " + std::to_string(m.n) + " x " + std::to_string(m.n) +
              " matrix; Linux ignores them, set Length to " + std::to_string(end) + " to drop them");
}

void check_fwts(const acpi::Table& slit, const Matrix& m, Reporter& out) {
  if (m.n == 0) return;
  for (std::uint64_t corner : std::set<std::uint64_t>{0, m.n - 1}) {
    if (m.at(corner, corner) == kernel::kLocalDistance) continue;
    out.add(kCornerEntry, slit, m.offset(corner, corner), cell(corner, corner), std::to_string(m.at(corner, corner)),
            "a locality's distance to itself must be 10; set " + cell(corner, corner) + " to 10");
  }
  int reported = 0;
  for (std::uint64_t i = 0; i < m.n * m.n && reported < kEntriesReported; ++i) {
    if (m.entries[i] >= kernel::kLocalDistance) continue;
    ++reported;
    out.add(kEntryReserved, slit, kMatrixOffset + i, cell(i / m.n, i % m.n), std::to_string(m.entries[i]),
            "distances 0-9 are reserved; use 10 for local, 11-254 for remote, 255 for unreachable");
  }
}

// slit_valid(): the first entry that fails it, as the kernel scans.
void check_slit_valid(const acpi::Table& slit, const Matrix& m, Reporter& out) {
  for (std::uint64_t i = 0; i < m.n; ++i) {
    for (std::uint64_t j = 0; j < m.n; ++j) {
      const unsigned v = m.at(i, j);
      const bool ok = i == j ? v == kernel::kLocalDistance : v > kernel::kLocalDistance;
      if (ok) continue;
      out.add(kInvalid, slit, m.offset(i, j), cell(i, j), std::to_string(v),
              std::string(i == j ? "a diagonal entry is not 10" : "an off-diagonal entry is not above 10") +
                  ": Linux prints \"SLIT table looks invalid. Not used.\" and every distance becomes 10/20; "
                  "set the diagonal to 10 and every other entry to 11-255");
      return;
    }
  }
}

void check_symmetry(const acpi::Table& slit, const Matrix& m, Reporter& out) {
  for (std::uint64_t i = 0; i < m.n; ++i) {
    for (std::uint64_t j = i + 1; j < m.n; ++j) {
      if (m.at(i, j) == m.at(j, i)) continue;
      out.add(kAsymmetric, slit, m.offset(j, i), cell(j, i), std::to_string(m.at(j, i)),
              cell(i, j) + " is " + std::to_string(m.at(i, j)) + " but " + cell(j, i) + " is " +
                  std::to_string(m.at(j, i)) + "; Linux keeps both directions, make them equal unless the "
                  "asymmetry is real");
    }
  }
}

void check_coverage(const Context& context, const acpi::Table& slit, const Matrix& m, Reporter& out) {
  kernel::NodeMask missing;  // PXMs, in the kernel's list syntax
  std::uint64_t highest = 0;
  for (const std::uint32_t pxm : kernel::srat_pxms(context.layout)) {
    if (pxm < m.n) continue;
    missing.set(static_cast<int>(pxm));
    highest = std::max<std::uint64_t>(highest, pxm);
  }
  if (missing.empty()) return;
  out.add(kNotCovering, slit, 36, "Localities", show(m.n),
          "SRAT uses PXM " + missing.to_list() + " but the SLIT has " + std::to_string(m.n) +
              " localities: Linux gives those nodes distance 20 to every other node; list every PXM up to " +
              std::to_string(highest) + " in the SLIT");
}

void check(const Context& context, Reporter& out) {
  if (context.slit == nullptr) return;
  const acpi::Table& slit = *context.slit;
  const std::optional<Matrix> m = read_matrix(slit, out);
  if (!m) return;
  check_fwts(slit, *m, out);
  check_slit_valid(slit, *m, out);
  check_symmetry(slit, *m, out);
  check_coverage(context, slit, *m, out);
  check_trailing(slit, *m, out);
}

}  // namespace

const RuleGroup slit_rules{kRules, check};

}  // namespace numaplan::check
