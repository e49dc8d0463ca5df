// The kernel proposals `plan` follows, each by name: one table of rules with
// the posted patch (message id) each rule comes from, as kernel profiles are
// one table of switches per kernel (numaplan/kernel/profile.h).
#pragma once

#include <span>
#include <string_view>

namespace numaplan::plan {

enum class ProposalId { standby_rfc1, spm_rfc2, prototype };

// How a proposal keeps the reserved nodes out of default allocations.
enum class Mechanism {
  standby_pool,  // empty standby nodes in an exclusive pool; memory added to a claimed node is private
                 // (Private Memory NUMA Nodes v5: N_MEMORY_PRIVATE, ZONELIST_PRIVATE, capability bits)
  gfp_spm_node,  // SPM nodes v2: explicit nodemask plus GFP_SPM_NODE, cpuset.mems.sysram
};

struct Rule {
  std::string_view function;  // the patch's function (or Kconfig symbol) the rule mirrors
  std::string_view source;    // message id or tree of the text read
  std::string_view rule;      // what it does, in one sentence
  bool from_summary = false;  // the patch text was not found: modelled from the summary
};

struct Proposal {
  ProposalId id;
  std::string_view name;   // --proposal NAME
  std::string_view title;
  std::string_view posted;  // date
  Mechanism mechanism;
  std::span<const Rule> rules;
};

// nullptr for a name that is not a proposal.
const Proposal* find_proposal(std::string_view name);
// Every proposal, the default (standby-rfc1) first.
std::span<const Proposal> proposals();
const Proposal& proposal(ProposalId id);

}  // namespace numaplan::plan
