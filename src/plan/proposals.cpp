// The proposals' rule tables. The standby-rfc1 rules are modelled in
// src/kernel/standby_rfc1.cpp (the patch applied to the kernel model); the
// spm-rfc2 and prototype rules in src/plan/plan.cpp.
#include "numaplan/plan/proposal.h"

#include <algorithm>
#include <array>

namespace numaplan::plan {

namespace {

constexpr std::string_view kRfc1Patch1 = "20260610014517.253609-2-gourry@gourry.net";
constexpr std::string_view kRfc1Patch2 = "20260610014517.253609-3-gourry@gourry.net";
constexpr std::string_view kRfc1Patch3 = "20260610014517.253609-4-gourry@gourry.net";
// The v5 series text was not found in the searchable corpora (only a digest
// entry naming it); v4 was.
constexpr std::string_view kPrivateV5 = "20260720193431.3841992-1-gourry@gourry.net (text not found)";
constexpr std::string_view kSpmV2 = "20251112192936.2574429-1-gourry@gourry.net";
constexpr std::string_view kPrototypeTree = "gourryinverse/linux@06c4834f";

constexpr std::array kStandbyRfc1Rules{
    Rule{"numa_standby_cmdline", kRfc1Patch1,
         "numa=standby=N: kstrtoint(N, 0) straight into the counter (a negative N stays in it, a malformed N "
         "leaves it as it was), -EINVAL for either (\"Malformed early option 'numa'\"), else at most 16"},
    Rule{"numa_request_standby_count", kRfc1Patch1,
         "init code adds to the ACPI count, which each numa_memblks_init() attempt resets to 0"},
    Rule{"CONFIG_ACPI_NUMA_STANDBY_NODES", kRfc1Patch2,
         "int, range 0..16: requested at the end of acpi_numa_init(), only when it succeeds"},
    Rule{"CONFIG_ACPI_NUMA_ADD_CFMWS_NODES", kRfc1Patch3,
         "int, range 0..4: added per CFMWS acpi_parse_cfmws() handles, a window SRAT covers included; none when "
         "the kernel reads no CFMWS (CONFIG_CXL_ACPI off on 7.1+) or for a window that fails with \"Too many "
         "proximity domains\" (and the windows after it)"},
    Rule{"numa_init_standby_nodes", kRfc1Patch1,
         "after numa_emulation(): numa=standby=N plus the ACPI count, each on the lowest node id not in "
         "numa_nodes_parsed, with no PXM; \"NUMA: standby node N reserved\" each, \"NUMA: error registering "
         "standby nodes\" when fewer ids were free (or the total is negative)"},
    Rule{"numa_init_standby_nodes", kRfc1Patch1,
         "a parsed node beyond the distance table: the table is rebuilt for the highest parsed node, old entries "
         "kept, new ones 20 (10 to themselves); \"NUMA: standby nodes will use default distances\" when the copy "
         "cannot be allocated; no table (no SLIT): nothing to rebuild"},
    Rule{"x86 numa_init", kRfc1Patch1,
         "the dummy fall-back runs numa_memblks_init() again: the command-line count survives (nodes 1..N), the "
         "Kconfig and CFMWS counts do not"},
    Rule{"numa_commit_standby_nodes", kRfc1Patch1,
         "once node_possible_map is final, the pool is the staged standby nodes that are possible"},
    Rule{"numa_request_exclusive_node", kRfc1Patch1, "a driver claims the lowest node of the pool"},
    Rule{"N_MEMORY_PRIVATE", kPrivateV5,
         "memory a driver adds to a claimed node is private: the node is N_MEMORY_PRIVATE, never N_MEMORY",
         true},
    Rule{"ZONELIST_PRIVATE", kPrivateV5,
         "private nodes are in no FALLBACK or NOFALLBACK zonelist, only in ZONELIST_PRIVATE: no default, "
         "interleave, interrupt or __GFP_THISNODE allocation lands on them",
         true},
    Rule{"NODE_PRIVATE_CAP_USER_NUMA", kPrivateV5,
         "mbind()/set_mempolicy() may name a private node only when its driver set this capability "
         "(MPOL_F_PRIVATE then selects ZONELIST_PRIVATE); cpuset.mems does not partition private nodes",
         true},
};

constexpr std::array kSpmRfc2Rules{
    Rule{"count", kPrototypeTree,
         "numa=standby=N (else CONFIG_ACPI_NUMA_STANDBY_NODES) per CPU node, plus "
         "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES per CFMWS window; --standby N and --from-msct (MSCT spare domains) "
         "state the whole count (numaplan's)"},
    Rule{"reserve", kPrototypeTree, "each node takes the next node id and the next fake PXM after SRAT and CFMWS"},
    Rule{"mt_sysram_nodes", kSpmV2, "SPM nodes are not system RAM: default, interleave and interrupt allocations skip them"},
    Rule{"GFP_SPM_NODE", kSpmV2, "an SPM node needs an explicit nodemask and GFP_SPM_NODE"},
    Rule{"cpuset.mems.sysram", kSpmV2, "a cpuset's mems restrict SPM nodes; its sysram part holds default allocations"},
};

constexpr std::array kPrototypeRules{
    Rule{"acpi_numa_init", kPrototypeTree,
         "nr_cpu_nodes * CONFIG_ACPI_NUMA_STANDBY_NODES (numa=standby=N overriding it) standby nodes, CPU nodes "
         "being the nodes found with CPUs and no generic initiator: \"ACPI NUMA: reserved %d standby nodes (%d CPU "
         "nodes * %d per node)\""},
    Rule{"acpi_map_pxm_to_node", kPrototypeTree, "each standby node takes the next fake PXM and the lowest free node id"},
    Rule{"numa_register_exclusive_node", kPrototypeTree, "each standby node joins the exclusive pool"},
    Rule{"GFP_SPM_NODE", kSpmV2, "guardrails as SPM nodes v2 (the prototype has none of its own)"},
};

constexpr std::array kProposals{
    Proposal{ProposalId::standby_rfc1, "standby-rfc1",
             "[RFC PATCH 1/3] mm/numa: add exclusive node pool and numa=standby boot parameter (3 patches); "
             "Private Memory NUMA Nodes v5 for the guardrails",
             "2026-06-09", Mechanism::standby_pool, kStandbyRfc1Rules},
    Proposal{ProposalId::spm_rfc2, "spm-rfc2", "Specific Purpose Memory NUMA Nodes, RFC v2 (11 patches)", "2025-11-12",
             Mechanism::gfp_spm_node, kSpmRfc2Rules},
    Proposal{ProposalId::prototype, "prototype", "the early standby-node tree (K-gourry)", "2025",
             Mechanism::gfp_spm_node, kPrototypeRules},
};

}  // namespace

const Proposal* find_proposal(std::string_view name) {
  const auto* it = std::find_if(kProposals.begin(), kProposals.end(), [&](const Proposal& p) { return p.name == name; });
  return it == kProposals.end() ? nullptr : &*it;
}

std::span<const Proposal> proposals() { return kProposals; }

const Proposal& proposal(ProposalId id) {
  return *std::find_if(kProposals.begin(), kProposals.end(), [&](const Proposal& p) { return p.id == id; });
}

}  // namespace numaplan::plan
