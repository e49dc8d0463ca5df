// Mirrors the standby-node RFC of June 2026 (Gregory Price), applied to the
// model when Config::standby_rfc1 is set; not in any released kernel (7.3
// included). Each function names the patch it comes from:
//   [1/3] "mm/numa: add exclusive node pool and numa=standby boot parameter"
//         20260610014517.253609-2-gourry@gourry.net (mm/numa_memblks.c, mm/numa.c)
//   [2/3] CONFIG_ACPI_NUMA_STANDBY_NODES (drivers/acpi/numa/srat.c)
//   [3/3] "acpi/numa: add CONFIG_ACPI_NUMA_ADD_CFMWS_NODES"
//         20260610014517.253609-4-gourry@gourry.net (drivers/acpi/numa/srat.c)
// The patch is against mm/numa_memblks.c (6.12+); on the 6.1 line the model
// applies it at the same places of x86 numa_init(), which has the same steps.
#include <algorithm>
#include <climits>
#include <string_view>

#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

int tolower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }
bool isxdigit_ascii(int c) { return (c >= '0' && c <= '9') || (tolower_ascii(c) >= 'a' && tolower_ascii(c) <= 'f'); }

// _parse_integer_fixup_radix() (lib/kstrtox.c, all versions), base 0: "0x"
// followed by a hex digit is hex, another leading 0 octal, else decimal.
std::size_t parse_integer_fixup_radix(std::string_view s, unsigned& base) {
  const auto at = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; };
  if (base == 0) {
    if (at(0) == '0') {
      base = tolower_ascii(at(1)) == 'x' && isxdigit_ascii(at(2)) ? 16 : 8;
    } else {
      base = 10;
    }
  }
  return base == 16 && at(0) == '0' && tolower_ascii(at(1)) == 'x' ? 2 : 0;
}

// _kstrtoull() (lib/kstrtox.c): digits of `base`, an optional '\n', nothing after.
int kstrtoull_digits(std::string_view s, unsigned base, unsigned long long& res) {
  s.remove_prefix(parse_integer_fixup_radix(s, base));
  unsigned long long value = 0;
  bool overflow = false;
  std::size_t rv = 0;
  for (; rv < s.size(); ++rv) {
    const int c = static_cast<unsigned char>(s[rv]);
    unsigned digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (tolower_ascii(c) >= 'a' && tolower_ascii(c) <= 'f') {
      digit = static_cast<unsigned>(tolower_ascii(c) - 'a' + 10);
    } else {
      break;
    }
    if (digit >= base) break;
    if (__builtin_mul_overflow(value, base, &value) || __builtin_add_overflow(value, digit, &value)) {
      value = ULLONG_MAX;
      overflow = true;
    }
  }
  if (overflow) return -ERANGE;
  if (rv == 0) return -EINVAL;
  s.remove_prefix(rv);
  if (!s.empty() && s.front() == '\n') s.remove_prefix(1);
  if (!s.empty()) return -EINVAL;
  res = value;
  return 0;
}

}  // namespace

// kstrtoint(s, 0, res) (lib/kstrtox.c, all versions): kstrtoll(), then the
// int range; `res` is written only on success.
int kstrtoint(std::string_view s, int& res) {
  unsigned long long tmp = 0;
  long long value = 0;
  if (!s.empty() && s.front() == '-') {
    if (const int rv = kstrtoull_digits(s.substr(1), 0, tmp); rv < 0) return rv;
    if (static_cast<long long>(0ULL - tmp) > 0) return -ERANGE;
    value = static_cast<long long>(0ULL - tmp);
  } else {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);  // kstrtoull()
    if (const int rv = kstrtoull_digits(s, 0, tmp); rv < 0) return rv;
    if (static_cast<long long>(tmp) < 0) return -ERANGE;
    value = static_cast<long long>(tmp);
  }
  if (value != static_cast<int>(value)) return -ERANGE;
  res = static_cast<int>(value);
  return 0;
}

// numa_standby_cmdline() [1/3]: kstrtoint() straight into the counter, so a
// negative N stays in it although the option is refused; a malformed N
// leaves the counter as it was; at most 16.
int numa_standby_cmdline(Kernel& k, std::string_view str) {
  const int ret = kstrtoint(str, k.numa_standby_nodes);
  if (ret != 0 || k.numa_standby_nodes < 0) return -EINVAL;
  k.numa_standby_nodes = std::min(k.numa_standby_nodes, 16);
  return 0;
}

// do_early_param() (init/main.c, all versions) for each numa=standby=N word,
// as x86 numa_setup() hands "standby=..." to numa_standby_cmdline() [1/3].
void parse_standby_options(Kernel& k) {
  for (const std::string& value : k.config.standby_rfc1->cmdline) {
    if (numa_standby_cmdline(k, value) != 0) k.printk("Malformed early option 'numa'");
  }
}

// numa_request_standby_count() [1/3]: init code adds to the ACPI count.
void numa_request_standby_count(Kernel& k, int n) { k.numa_acpi_standby_nodes += n; }

// numa_add_standby_node() [1/3] (mm/numa.c): stage a pool candidate.
void numa_add_standby_node(Kernel& k, int node) { k.standby_candidates.set(node); }

namespace {

// numa_reset_distance() (all versions): the next numa_set_distance() allocates anew.
void numa_reset_distance(Kernel& k) {
  k.numa_distance.clear();
  k.numa_distance_cnt = 0;
}

}  // namespace

// numa_init_standby_nodes() [1/3], after numa_emulation(): the lowest ids
// not in numa_nodes_parsed, then the distance table rebuilt when a parsed
// node lies beyond it (old entries kept, numa_alloc_distance() gives the
// new ones 20 and 10 to themselves).
void numa_init_standby_nodes(Kernel& k) {
  const int total = k.numa_standby_nodes + k.numa_acpi_standby_nodes;
  int registered = 0;
  if (total != 0) {
    std::vector<bool> available(k.numa_nodes_parsed.size());
    for (std::size_t n = 0; n < available.size(); ++n) available[n] = !k.numa_nodes_parsed[n];
    for (int i = 0; i < total; ++i) {
      int node = 0;
      while (node < k.max_numnodes && !available[static_cast<std::size_t>(node)]) ++node;  // first_node()
      if (node >= k.max_numnodes) break;
      available[static_cast<std::size_t>(node)] = false;
      k.numa_nodes_parsed[static_cast<std::size_t>(node)] = true;
      numa_add_standby_node(k, node);
      k.printk("NUMA: standby node " + std::to_string(node) + " reserved");
      ++registered;
    }
  }
  if (registered != total) k.printk("NUMA: error registering standby nodes");

  const int old_cnt = k.numa_distance_cnt;
  if (old_cnt == 0) return;
  int max_node = 0;
  for (int n = 0; n < k.max_numnodes; ++n) {
    if (k.numa_nodes_parsed[static_cast<std::size_t>(n)]) max_node = n;
  }
  if (max_node < old_cnt) return;
  if (k.config.standby_rfc1->saved_distance_alloc_fails) {
    k.printk("NUMA: standby nodes will use default distances");
    return;
  }
  const std::vector<std::uint8_t> saved_dist = k.numa_distance;  // node_distance(i, j) for i, j < old_cnt
  numa_reset_distance(k);
  for (int i = 0; i < old_cnt; ++i) {
    for (int j = 0; j < old_cnt; ++j) {
      numa_set_distance(k, i, j, saved_dist[static_cast<std::size_t>(i * old_cnt + j)]);
    }
  }
}

// numa_commit_standby_nodes() [1/3], once node_possible_map is final: the
// pool is the staged candidates that are possible.
void numa_commit_standby_nodes(Kernel& k) {
  k.exclusive_nodes = NodeMask();
  for (int node : k.standby_candidates.nodes()) {
    if (k.node_possible_map[static_cast<std::size_t>(node)]) k.exclusive_nodes.set(node);
  }
}

}  // namespace numaplan::kernel::detail

namespace numaplan::kernel {

// numa_request_exclusive_node() [1/3] (mm/numa.c): first_node() of the pool.
int numa_request_exclusive_node(NodeMask& pool) {
  if (pool.empty()) return detail::NUMA_NO_NODE;
  const int node = pool.nodes().front();
  pool.clear(node);
  return node;
}

}  // namespace numaplan::kernel
