// The rule registry and the validate() driver.
#include "numaplan/check/findings.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "numaplan/kernel/limits.h"
#include "numaplan/support/format.h"
#include "rules.h"

namespace numaplan::check {

namespace {

constexpr std::array kGroups = {&acpi_rules, &srat_rules, &slit_rules, &msct_rules,
                                &hmat_rules, &cedt_rules, &madt_rules, &kernel_rules, &ram_rules};

std::vector<const Rule*> collect_rules() {
  std::vector<const Rule*> rules;
  for (const RuleGroup* group : kGroups) rules.insert(rules.end(), group->rules.begin(), group->rules.end());
  // Grouped by table in the order of kGroups' tables; kernel rules join their table.
  std::stable_sort(rules.begin(), rules.end(), [](const Rule* a, const Rule* b) {
    static constexpr std::string_view kOrder[] = {"ACPI", "SRAT", "SLIT", "MSCT", "HMAT", "CEDT", "MADT"};
    auto rank = [](const Rule* r) {
      const std::string_view table = r->id.substr(0, r->id.find('.'));
      return std::find(std::begin(kOrder), std::end(kOrder), table) - std::begin(kOrder);
    };
    return rank(a) < rank(b);
  });
  return rules;
}

std::string fill_signature(std::string_view label, std::string_view signature) {
  std::string out(label);
  if (const auto at = out.find("<SIG>"); at != std::string::npos) out.replace(at, 5, signature);
  return out;
}

// Position of a table in the input, so findings keep the input order.
std::size_t table_rank(const acpi::TableSet& set, const Finding& f) {
  for (std::size_t i = 0; i < set.tables.size(); ++i) {
    if (set.tables[i].origin == f.origin && set.tables[i].signature == f.table) return i;
  }
  return f.table.empty() ? 0 : set.tables.size();
}

// A decoder diagnostic that a rule reports at the same spot says less than the rule.
void drop_covered_decode(Findings& findings) {
  auto is_decode = [](const Finding& f) { return f.rule->id == "ACPI.Decode"; };
  auto covered = [&](const Finding& d) {
    return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return !f.rule->id.starts_with("ACPI.") && f.table == d.table && f.origin == d.origin && f.offset == d.offset;
    });
  };
  Findings kept;
  for (const Finding& f : findings) {
    if (!is_decode(f) || !covered(f)) kept.push_back(f);
  }
  findings = std::move(kept);
}

}  // namespace

const char* severity_name(Severity severity) { return severity == Severity::note ? "info" : to_string(severity); }

std::string show(std::uint64_t value) { return value < 10 ? std::to_string(value) : "0x" + hex(value); }

std::span<const Rule* const> all_rules() {
  static const std::vector<const Rule*> rules = collect_rules();
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule* rule : all_rules()) {
    if (rule->id == id) return rule;
  }
  return nullptr;
}

Context::Context(const acpi::TableSet& tables, const Options& opts, kernel::Layout model_layout)
    : set(tables),
      options(opts),
      max_numnodes(kernel::max_numnodes(opts.nodes_shift)),
      max_pxm_domains(kernel::max_pxm_domains(max_numnodes)),
      srat(tables.first("SRAT")),
      slit(tables.first("SLIT")),
      msct(tables.first("MSCT")),
      hmat(tables.first("HMAT")),
      cedt(tables.first("CEDT")),
      layout(std::move(model_layout)) {
  if (srat != nullptr) srat_entries = read_srat_entries(*srat);
}

kernel::Config model_config(const Options& options) {
  kernel::Config config;
  config.profile = options.profile;
  config.arch = options.arch;
  source::apply_kconfig(options.kconfig, options.nodes_shift, config);
  config.ram = options.ram;
  config.soft_reserved = options.soft_reserved;
  config.x2apic_mode = options.x2apic_mode;
  return config;
}

void Reporter::add(const Rule& rule, const acpi::Table& table, std::uint64_t offset, std::string field,
                   std::string value, std::string message, std::optional<Severity> severity) {
  findings.push_back(Finding{&rule, severity.value_or(rule.severity), fill_signature(rule.fwts, table.signature),
                             table.signature, table.origin, offset, std::move(field), std::move(value),
                             std::move(message)});
}

namespace {

void add_at(Reporter& out, const Rule& rule, const acpi::Table& table, const acpi::StructView& view,
            const acpi::FieldDesc& field, std::string message, std::optional<Severity> severity) {
  out.add(rule, table, view.offset() + field.offset, std::string(field.name), show(view.read(field).value_or(0)),
          std::move(message), severity);
}

}  // namespace

void Reporter::add_field(const Rule& rule, const acpi::Table& table, const acpi::StructView& view, acpi::Field field,
                         std::string message, std::optional<Severity> severity) {
  if (!field.of(view.desc())) std::abort();
  add_at(*this, rule, table, view, *field, std::move(message), severity);
}

void Reporter::add_length(const Rule& rule, const acpi::Table& table, const acpi::StructView& view,
                          std::string message, std::optional<Severity> severity) {
  const acpi::FieldDesc* length = table.desc->length_field(view.desc());
  if (length == nullptr) std::abort();  // the table has no records with a Length: a bug in the rule
  add_at(*this, rule, table, view, *length, std::move(message), severity);
}

Expected<Findings> validate(const acpi::TableSet& tables, const Options& options) {
  auto layout = kernel::map_numa(tables, model_config(options));
  if (!layout) return std::move(layout).error();
  const Context context(tables, options, std::move(*layout));
  Reporter out;
  for (const RuleGroup* group : kGroups) group->check(context, out);
  Findings findings = std::move(out.findings);
  drop_covered_decode(findings);
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    const std::size_t ra = table_rank(tables, a), rb = table_rank(tables, b);
    return ra != rb ? ra < rb : a.offset < b.offset;
  });
  if (options.werror) {
    for (Finding& f : findings) {
      if (f.severity == Severity::warning) f.severity = Severity::error;
    }
  }
  return findings;
}

bool has_errors(const Findings& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; });
}

}  // namespace numaplan::check
