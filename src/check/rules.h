// What the rule files share: the context a check reads, the reporter it
// writes to, and the group each file registers (findings.h has the registry).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "numaplan/check/findings.h"
#include "numaplan/kernel/model.h"
#include "srat_facts.h"

namespace numaplan::check {

struct Context {
  Context(const acpi::TableSet& set, const Options& options, kernel::Layout model_layout);

  const acpi::TableSet& set;
  const Options& options;
  int max_numnodes;
  int max_pxm_domains;
  // The instances Linux uses (the first of each signature), or nullptr.
  const acpi::Table* srat;
  const acpi::Table* slit;
  const acpi::Table* msct;
  const acpi::Table* hmat;
  const acpi::Table* cedt;
  std::vector<SratEntry> srat_entries;  // empty without an SRAT
  // What the kernel model makes of the tables for the chosen profile, nodes
  // shift and RAM (--memmap, else SRAT's own ranges): every kernel finding
  // reads its events.
  kernel::Layout layout;
};

// The model's configuration for `options`.
kernel::Config model_config(const Options& options);

class Reporter {
 public:
  // A finding about `table` at `offset`; `severity` defaults to the rule's.
  void add(const Rule& rule, const acpi::Table& table, std::uint64_t offset, std::string field, std::string value,
           std::string message, std::optional<Severity> severity = std::nullopt);
  // A finding at a field of a record: offset and field name come from the
  // description. `field` must be one of the view's structure's: another's is
  // a bug in the rule, and aborts rather than report the wrong bytes.
  void add_field(const Rule& rule, const acpi::Table& table, const acpi::StructView& view, acpi::Field field,
                 std::string message, std::optional<Severity> severity = std::nullopt);
  // The same at the record's Length (TableDesc::length_field), which every
  // structure of a table has.
  void add_length(const Rule& rule, const acpi::Table& table, const acpi::StructView& view, std::string message,
                  std::optional<Severity> severity = std::nullopt);

  Findings findings;
};

struct RuleGroup {
  std::span<const Rule* const> rules;
  void (*check)(const Context& context, Reporter& out);
};

extern const RuleGroup acpi_rules;
extern const RuleGroup srat_rules;
extern const RuleGroup slit_rules;
extern const RuleGroup msct_rules;
extern const RuleGroup hmat_rules;
extern const RuleGroup cedt_rules;
extern const RuleGroup madt_rules;
extern const RuleGroup kernel_rules;
extern const RuleGroup ram_rules;

// "0x1F" for values from 10 up, plain decimal below.
std::string show(std::uint64_t value);

}  // namespace numaplan::check
