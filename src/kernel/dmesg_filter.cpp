#include "numaplan/kernel/dmesg_filter.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace numaplan::kernel {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool hex_digit(char c) { return digit(c) || (c >= 'a' && c <= 'f'); }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }  // \s: space, \t \n \v \f \r

// text.starts_with(prefix) for a literal prefix, its first character compared
// before memcmp is called: most lines begin otherwise, and under the fuzzers
// each memcmp goes through ASan's and libFuzzer's hooks, twenty compares' time.
bool begins_with(std::string_view text, std::string_view prefix) {
  return !text.empty() && text.front() == prefix.front() && text.starts_with(prefix);
}

// The prefixes first_boot() removes (dmesg_filter.h lists them), read by
// hand: with std::regex, reading a log took 2.2 times as long
// (bench BM_ReadKernelLog).
// Each step consumes its part only if all of it is there; in regex terms:
//   (<\d+>)?
//   (([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(\.\d+)?|\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)?) \S+ kernel: )?
//   (\[ *(\d+)\.(\d+)\] ?|\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\] ?)?
//   (\[ *[TC]\d+\] ?)?
// No part can be given back for a later one to match (each ends in a
// character the next cannot start with), so reading greedily is exact.
class PrefixReader {
 public:
  explicit PrefixReader(std::string_view line) : line_(line) {}

  struct Prefix {
    std::size_t length = 0;
    std::optional<std::pair<std::string_view, std::string_view>> time;  // printk seconds and fraction digits
  };

  Prefix read() {
    Prefix prefix;
    std::size_t at = 0;
    at = level(at).value_or(at);
    at = syslog(at).value_or(at);
    if (const auto time = printk_time(at)) {
      prefix.time = std::pair{line_.substr(time->seconds, time->seconds_end - time->seconds),
                              line_.substr(time->fraction, time->end - 1 - time->fraction)};
      at = optional_char(time->end, ' ');
    } else {
      at = ctime_date(at).value_or(at);
    }
    at = caller_id(at).value_or(at);
    prefix.length = at;
    return prefix;
  }

 private:
  using Pos = std::optional<std::size_t>;

  bool is(std::size_t at, char c) const { return at < line_.size() && line_[at] == c; }
  Pos one(Pos at, bool (*what)(char)) const {
    return at && *at < line_.size() && what(line_[*at]) ? Pos(*at + 1) : std::nullopt;
  }
  Pos ch(Pos at, char c) const { return at && is(*at, c) ? Pos(*at + 1) : std::nullopt; }
  Pos text(Pos at, std::string_view word) const {
    return at && line_.substr(*at).starts_with(word) ? Pos(*at + word.size()) : std::nullopt;
  }
  Pos digits(Pos at, std::size_t n) const {  // \d{n}
    for (std::size_t i = 0; i < n && at; ++i) at = one(at, digit);
    return at;
  }
  Pos some(Pos at, bool (*what)(char)) const {  // what+
    if (!(at = one(at, what))) return at;
    while (*at < line_.size() && what(line_[*at])) ++*at;
    return at;
  }
  std::size_t optional_char(std::size_t at, char c) const { return is(at, c) ? at + 1 : at; }

  // "Nov" (a month or a weekday)
  Pos name(Pos at) const { return one(one(one(at, upper), lower), lower); }
  // "24 12:00:00" or " 4 12:00:00": [ \d]\d \d\d:\d\d:\d\d
  Pos day_time(Pos at) const {
    if (at && is(*at, ' ')) {
      at = *at + 1;
    } else {
      at = one(at, digit);
    }
    at = ch(one(at, digit), ' ');
    return digits(ch(digits(ch(digits(at, 2), ':'), 2), ':'), 2);
  }

  Pos level(std::size_t at) const { return ch(some(ch(at, '<'), digit), '>'); }

  Pos syslog(std::size_t at) const {
    Pos end;
    if (at < line_.size() && upper(line_[at])) {  // "Nov 24 12:00:00(.123456)"
      end = day_time(ch(name(at), ' '));
      if (end && is(*end, '.') && *end + 1 < line_.size() && digit(line_[*end + 1])) end = some(Pos(*end + 1), digit);
    } else {  // "2024-11-24T12:00:00(Z|+01:00|+0100)"
      end = ch(digits(ch(digits(ch(digits(at, 4), '-'), 2), '-'), 2), 'T');
      end = some(end, [](char c) { return digit(c) || c == ':' || c == '.'; });
      if (end && is(*end, 'Z')) {
        end = *end + 1;
      } else if (end && (is(*end, '+') || is(*end, '-'))) {
        Pos zone = digits(Pos(*end + 1), 2);
        if (zone && is(*zone, ':')) zone = *zone + 1;
        if ((zone = digits(zone, 2))) end = zone;
      }
    }
    end = some(ch(end, ' '), [](char c) { return !space(c); });  // the host
    return text(end, " kernel: ");
  }

  struct Time {
    std::size_t seconds, seconds_end, fraction, end;
  };
  // "[    0.000345]"
  std::optional<Time> printk_time(std::size_t at) const {
    Pos p = ch(at, '[');
    while (p && is(*p, ' ')) ++*p;
    const Pos seconds = p;
    const Pos seconds_end = some(p, digit);
    const Pos fraction = ch(seconds_end, '.');
    const Pos end = ch(some(fraction, digit), ']');
    if (!end) return std::nullopt;
    return Time{*seconds, *seconds_end, *fraction, *end};
  }

  // "[Sun Nov 24 12:00:00 2024]" (dmesg -T)
  Pos ctime_date(std::size_t at) const {
    const Pos end = ch(digits(ch(day_time(ch(name(ch(name(ch(at, '[')), ' ')), ' ')), ' '), 4), ']');
    return end ? Pos(optional_char(*end, ' ')) : end;
  }

  // "[    T1]" or "[    C0]"
  Pos caller_id(std::size_t at) const {
    Pos p = ch(at, '[');
    while (p && is(*p, ' ')) ++*p;
    if (!(p && (is(*p, 'T') || is(*p, 'C')))) return std::nullopt;
    const Pos end = ch(some(Pos(*p + 1), digit), ']');
    return end ? Pos(optional_char(*end, ' ')) : end;
  }

  std::string_view line_;
};

// Whether `text` begins as `pattern` does (is it all, with a final '$'). In a
// pattern '#' stands for \d+, '%' for [0-9a-f]+, '?' for one [0-9a-f] and '@'
// for \S+\] (a range up to its closing bracket); the rest is literal. Every
// '#', '%' and '@' is followed by a character it cannot hold, so reading each
// as far as it goes is what the regex would match.
bool starts_like(std::string_view text, std::string_view pattern) {
  // Most lines are tried against patterns whose first character they do not
  // begin with: a letter or '[' (the placeholders are all below 'A') told
  // apart in three compares, not the eight of reading the pattern.
  if (!pattern.empty() && pattern.front() >= 'A' && (text.empty() || text.front() != pattern.front())) return false;
  std::size_t at = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char p = pattern[i];
    const std::size_t from = at;
    if (p == '$' && i + 1 == pattern.size()) return at == text.size();
    if (p == '#' || p == '%') {
      while (at < text.size() && (p == '#' ? digit(text[at]) : hex_digit(text[at]))) ++at;
      if (at == from) return false;
    } else if (p == '@') {
      while (at < text.size() && !space(text[at])) ++at;
      if (at - from < 2 || text[at - 1] != ']') return false;
    } else if (at < text.size() && (p == '?' ? hex_digit(text[at]) : text[at] == p)) {
      ++at;
    } else {
      return false;
    }
  }
  return true;
}

// Every pattern of a list begins with a literal character: a pattern is read
// only for a text that begins with it, one compare where starts_like()'s own
// test of the first character was four (each traced under the fuzzers).
template <std::size_t N>
bool starts_like_any(std::string_view text, const std::string_view (&patterns)[N]) {
  if (text.empty()) return false;
  for (const std::string_view pattern : patterns) {
    if (pattern.front() == text.front() && starts_like(text, pattern)) return true;
  }
  return false;
}

// Message formats, as printk prints them (pr_fmt included), from the 5.10,
// 6.1, 6.12 and 7.3 sources; read by hand: with std::regex, --compare-dmesg
// took 3.4 times as long (bench BM_CompareDmesg).
bool is_numa_init_line(std::string_view text) {
  // After an optional "ACPI: " (pr_fmt of drivers/acpi/numa/srat.c and tables.c).
  static constexpr std::string_view kAcpi[] = {
      // drivers/acpi/numa/srat.c and arch/x86/mm/srat.c: the SRAT handlers,
      // bad_srat(); not "ACPI: SRAT 0x..." (the table list).
      "SRAT: ",
      // drivers/acpi/tables.c: the subtable walker, for the tables acpi_numa_init walks.
      "[SRAT:0x??] ", "[CEDT:0x??] ",
      // acpi_parse_slit()
      "SLIT table looks invalid",
      // acpi_parse_cfmws(), standby nodes.
      "ACPI NUMA: ", "CFMWS: ",
      // arm64's arch_acpi_numa_init(): "NUMA: " (5.11+) or "ACPI: NUMA: " (5.10)
      "NUMA: Failed to initialise from firmware$",
  };
  // After an optional "NUMA: " (pr_fmt of mm/numa_memblks.c, arch/x86/mm/numa.c, arm64's numa.c).
  static constexpr std::string_view kNuma[] = {
      // numa_add_memblk() ("invalid memblk range for node" since 7.3),
      // numa_cleanup_meminfo(), numa_set_distance().
      "Warning: invalid memblk node", "Warning: invalid memblk range for node",
      "Warning: node # [mem @ overlaps with itself", "Warning: node ids are out of bound",
      "Warning: invalid distance parameter", "too many memblk ranges", "node # [mem @ overlaps with node ",
      // dummy_numa_init(), and arm64's numa_init()
      "No NUMA configuration found$", "NUMA turned off$", "NUMA disabled$", "Faking a node at [mem ",
  };
  static constexpr std::string_view kPlain[] = {
      // arm64's arch/arm64/kernel/acpi_numa.c has pr_fmt "ACPI: NUMA: ".
      "ACPI: NUMA: SRAT: ",
      // numa_cleanup_meminfo(): merged blocks.
      "NUMA: Node # [mem @ + [mem ",
      // Coverage of RAM: numa_meminfo_cover_memory() (6.1), memblock_validate_numa_coverage() (6.12).
      "NUMA: nodes only cover ", "NUMA: no nodes coverage for ",
      // numa_register_meminfo()
      "Node alignment #MB < min #MB, rejecting NUMA config",
  };
  // Every format, and "ACPI: " and "NUMA: ", begins with one of these: most
  // lines of a log are told apart by their first character.
  if (text.empty() || std::string_view("ACFNSWnt[").find(text.front()) == std::string_view::npos) return false;
  const auto after = [&](std::string_view prefix) {
    return begins_with(text, prefix) ? text.substr(prefix.size()) : std::string_view();
  };
  return starts_like_any(text, kAcpi) || starts_like_any(after("ACPI: "), kAcpi) || starts_like_any(text, kNuma) ||
         starts_like_any(after("NUMA: "), kNuma) || starts_like_any(text, kPlain);
}

// "12.000345" as microseconds, for ordering only. The prefix's digits are
// unbounded: a time past what 64 bits hold (garbage, never a kernel's) orders last.
std::uint64_t microseconds(std::string_view seconds, std::string_view fraction) {
  constexpr std::uint64_t kLast = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t whole = 0;
  const auto [end, error] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), whole);
  if (error != std::errc{} || whole > (kLast - 999999) / 1000000) return kLast;
  std::uint64_t micro = 0;  // the first six digits of the fraction, padded with zeros
  for (std::size_t i = 0; i < 6; ++i) micro = micro * 10 + (i < fraction.size() ? static_cast<std::uint64_t>(fraction[i] - '0') : 0);
  return whole * 1000000 + micro;
}

}  // namespace

BootLog first_boot(std::string_view log) {
  BootLog boot;
  // The (time, text) of each message so far, looked up only when time steps
  // back (the next boot's log, or garbage): a set is made at the first step
  // back, a node per line being most of reading a one-boot log.
  std::vector<std::pair<std::uint64_t, std::string_view>> timed;
  std::set<std::pair<std::uint64_t, std::string_view>> seen;
  std::optional<std::uint64_t> last_time;
  bool booted = false;
  std::size_t line_no = 0;
  // Room for a line per 32 bytes (a boot log's lines are 40 to 100): grown
  // by doubling from none, the two lists were most of dmesg_fuzz's allocations.
  const std::size_t lines = log.size() / 32 + 8;
  boot.messages.reserve(lines);
  timed.reserve(lines);
  for (std::size_t pos = 0; pos < log.size();) {
    const std::size_t eol = std::min(log.find('\n', pos), log.size());
    std::string_view line = log.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    line = line.substr(0, line.find('\r'));

    const PrefixReader::Prefix prefix = PrefixReader(line).read();
    const std::string_view text = line.substr(prefix.length);
    if (prefix.length > 0) ++boot.prefixed;
    if (begins_with(text, "Linux version ")) {
      if (booted) {
        boot.next_boot_line = line_no;
        break;
      }
      booted = true;
      const std::string_view version = text.substr(14);
      boot.release = version.substr(0, version.find(' '));
    }
    if (prefix.time) {
      const std::uint64_t time = microseconds(prefix.time->first, prefix.time->second);
      if (last_time && time < *last_time) {
        if (seen.empty()) seen.insert(timed.begin(), timed.end());
        if (seen.contains({time, text})) {
          boot.next_boot_line = line_no;
          break;
        }
      }
      if (seen.empty()) {
        timed.emplace_back(time, text);
      } else {
        seen.emplace(time, text);
      }
      last_time = time;
    }
    boot.messages.push_back(LogMessage{line_no, text});
  }
  return boot;
}

DmesgFamily dmesg_family(std::string_view text) {
  // The families after NUMA init begin with words no NUMA init line begins
  // with: one family per line, the one its first words select.
  static constexpr std::string_view kNodeMemory[] = {
      "Early memory node ranges$", "Initmem setup node # ", "Initializing node # as memoryless$",
      // arch_numa's setup_node_data() (arm64, pr_fmt "NUMA: "), before free_area_init().
      "NUMA: Initmem setup node # [<memory-less node>]$"};
  // The MADT walk (arch/x86/kernel/acpi/boot.c, pr_fmt "ACPI: ") and the
  // possible CPUs: prefill_possible_map() (smpboot.c, up to 6.8) or
  // topology_register_apic() / topology_init_possible_cpus() (cpu/topology.c,
  // pr_fmt "CPU topo: ", 6.9+).
  static constexpr std::string_view kCpus[] = {
      "ACPI: x2apic entry ignored$",
      "ACPI: skipped apicid that is too big$",
      "smpboot: Allowing # CPUs, # hotplug CPUs$",
      "CPU topo: Allowing # present CPUs plus # hotplug CPUs$",
      "CPU topo: APIC ID % exceeds kernel limit of: %$",
      "CPU topo: Rejected CPUs #$",
  };
  const auto family_if = [](bool is, DmesgFamily family) { return is ? family : DmesgFamily::none; };
  if (begins_with(text, "  node ")) {  // "  node +-?\d+: \[mem "
    std::string_view rest = text.substr(7);
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    if (rest.starts_with('-')) rest.remove_prefix(1);
    return family_if(starts_like(rest, "#: [mem "), DmesgFamily::node_ranges);
  }
  if (begins_with(text, "Early memory ") || begins_with(text, "Initmem setup ") ||
      begins_with(text, "Initializing node ") || begins_with(text, "NUMA: Initmem setup ")) {
    return family_if(starts_like_any(text, kNodeMemory), DmesgFamily::node_memory);
  }
  if (begins_with(text, "smpboot: Allowing ") || begins_with(text, "CPU topo: ") ||
      begins_with(text, "ACPI: x2apic entry ") || begins_with(text, "ACPI: skipped apicid ")) {
    return family_if(starts_like_any(text, kCpus), DmesgFamily::cpus);
  }
  if (begins_with(text, "setup_percpu: ")) {
    return family_if(starts_like(text, "setup_percpu: NR_CPUS:# nr_cpumask_bits:# nr_cpu_ids:# nr_node_ids:#$"),
                     DmesgFamily::percpu);
  }
  if (begins_with(text, "Fallback order ")) {
    return family_if(starts_like(text, "Fallback order for Node #: "), DmesgFamily::fallback_order);
  }
  if (begins_with(text, "NUMA: Initialized ")) {
    return family_if(starts_like(text, "NUMA: Initialized distance table, cnt=#$"), DmesgFamily::distance_table);
  }
  return family_if(is_numa_init_line(text), DmesgFamily::numa_init);
}

bool is_numa_init_message(std::string_view text) { return dmesg_family(text) != DmesgFamily::none; }

std::vector<LogMessage> numa_init_messages(const BootLog& boot) {
  std::vector<LogMessage> out;
  for (const LogMessage& message : boot.messages) {
    if (is_numa_init_message(message.text)) out.push_back(message);
  }
  return out;
}

bool is_kernel_log(const BootLog& boot) {
  return !boot.release.empty() || boot.prefixed > 0 ||
         std::any_of(boot.messages.begin(), boot.messages.end(),
                     [](const LogMessage& message) { return is_numa_init_message(message.text); });
}

}  // namespace numaplan::kernel
