// numaplan generate: tables, acpidump text and QEMU options from a topology spec.
#include <iostream>
#include <memory>

#include "numaplan/emit/generate.h"
#include "numaplan/support/log.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

struct GenerateOptions {
  std::string spec;
  std::string out;
};

int run_generate(const GenerateOptions& options) {
  auto document = spec::read_spec_file(options.spec);
  if (!document.ok()) {
    log(document.error());
    return kExitUnreadable;
  }
  auto topology = spec::parse_topology(*document);
  if (!topology.ok()) {
    Diagnostic error = topology.error();
    error.origin = options.spec;
    log(error);
    return kExitFindings;
  }
  auto generated = emit::generate(*topology, options.out);
  if (!generated.ok()) {
    log(generated.error());
    return kExitUnreadable;
  }
  log(generated->notes);
  for (const auto& file : generated->files) std::cout << file.string() << "\n";
  return kExitOk;
}

}  // namespace

Command add_generate_command(CLI::App& app) {
  auto options = std::make_shared<GenerateOptions>();
  CLI::App* cmd = app.add_subcommand("generate", "Write ACPI tables and QEMU options for a topology spec");
  cmd->add_option("--spec", options->spec, "Topology spec (JSON, schemas/topology.schema.json)")->required();
  cmd->add_option("--out", options->out, "Folder for the tables, tables.acpidump and qemu.args")->required();
  return {cmd, [options] { return run_generate(*options); }};
}

}  // namespace numaplan::cli
