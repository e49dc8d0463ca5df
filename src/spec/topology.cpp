// The topology spec parser. Every value is checked where it is read, and
// the first problem is returned with the JSON pointer of the value at fault.
#include "numaplan/spec/topology.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>

#include "numaplan/acpi/tables.h"
#include "numaplan/support/format.h"
#include "numaplan/support/json_text.h"

namespace numaplan::spec {

namespace {

using json = nlohmann::json;
using Error = Expected<void>;  // a step with no value: success or why not

constexpr std::uint64_t kU64Max = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kU32Max = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kCxlAlignment = 256ULL << 20;  // cxl_acpi: CFMWS base and size
constexpr std::uint64_t kPageSize = 4096;              // SRAT memory ranges are whole pages

Diagnostic at(const std::string& path, std::string message) {
  Diagnostic d;
  d.field = path;
  d.message = std::move(message);
  return d;
}

template <typename Names>
std::string join(const Names& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// The most bytes a range starting at `base` can hold without passing 2^64.
std::uint64_t room_after(std::uint64_t base) { return base == 0 ? kU64Max : kU64Max - base + 1; }

std::string range_text(std::uint64_t min, std::uint64_t max) {
  return "expected an integer " + std::to_string(min) + ".." + std::to_string(max);
}

std::string address_range(std::uint64_t base, std::uint64_t length) {
  return "0x" + hex(base) + "-0x" + hex(base + length - 1);
}

// The CFMWS encoding that the decoder turns into `value` (the inverse of
// cedt::interleave_ways or interleave_granularity), if there is one.
std::optional<std::uint8_t> encoding_of(std::optional<std::uint64_t> (*decode)(std::uint64_t), std::uint64_t value) {
  for (std::uint8_t raw = 0; raw < 16; ++raw) {
    if (decode(raw) == value) return raw;
  }
  return std::nullopt;
}

// An integer: a JSON number, "0x..." hex, or decimal with an optional binary
// suffix K, M, G or T ("4G").
std::optional<std::uint64_t> integer_of(const json& value) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer()) {
    const std::int64_t v = value.get<std::int64_t>();
    return v < 0 ? std::nullopt : std::optional<std::uint64_t>(static_cast<std::uint64_t>(v));
  }
  if (!value.is_string()) return std::nullopt;
  std::string text = value.get<std::string>();
  int base = 10;
  unsigned shift = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text = text.substr(2);
    base = 16;
  } else if (!text.empty()) {
    const std::string_view suffixes = "KMGT";
    if (const auto s = suffixes.find(text.back()); s != std::string_view::npos) {
      shift = 10 * static_cast<unsigned>(s + 1);
      text.pop_back();
    }
  }
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); })) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (error != std::errc() || end != text.data() + text.size() || (shift != 0 && (v >> (64 - shift)) != 0)) {
    return std::nullopt;
  }
  return v << shift;
}

// One JSON object of the spec: its keys are checked against the ones its
// section knows, and each read names the key's JSON pointer.
class Object {
 public:
  Object(const json& value, std::string path) : value_(value), path_(std::move(path)) {}

  // `keys` are the ones this object may hold; "comment" is always allowed.
  [[nodiscard]] Error check(std::initializer_list<std::string_view> keys) const {
    if (!value_.is_object()) return at(path_or_root(), "expected an object");
    for (const auto& [key, unused] : value_.items()) {
      if (key == "comment" || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      return at(path(key), "unknown key, expected one of " + join(keys));
    }
    return {};
  }

  const json* find(std::string_view key) const {
    const auto it = value_.find(std::string(key));
    return it == value_.end() ? nullptr : &*it;
  }
  bool has(std::string_view key) const { return find(key) != nullptr; }
  std::string path(std::string_view key) const { return path_ + "/" + std::string(key); }
  const std::string& path() const { return path_; }

  // An integer in min..max; `fallback` is used when the key is absent,
  // and an absent key without one is an error.
  template <typename T>
  [[nodiscard]] Error uint(std::string_view key, T& out, std::optional<std::uint64_t> fallback = std::nullopt,
                           std::uint64_t min = 0, std::uint64_t max = std::numeric_limits<T>::max()) const {
    const json* value = find(key);
    if (value == nullptr) {
      if (!fallback) return at(path(key), "missing, " + range_text(min, max));
      out = static_cast<T>(*fallback);
      return {};
    }
    const auto v = integer_of(*value);
    if (!v || *v < min || *v > max) return at(path(key), range_text(min, max) + ", got " + json_text(*value));
    out = static_cast<T>(*v);
    return {};
  }

  [[nodiscard]] Error boolean(std::string_view key, bool& out) const {
    const json* value = find(key);
    if (value == nullptr) return {};
    if (!value->is_boolean()) return at(path(key), "expected true or false, got " + json_text(*value));
    out = value->get<bool>();
    return {};
  }

  // One of `names` (a string); `out` is its index.
  template <typename T>
  [[nodiscard]] Error choice(std::string_view key, std::span<const std::string_view> names, T& out) const {
    const json* value = find(key);
    if (value == nullptr) return {};
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (value->is_string() && value->get<std::string>() == names[i]) {
        out = static_cast<T>(i);
        return {};
      }
    }
    return at(path(key), "expected one of " + join(names) + ", got " + json_text(*value));
  }

  // A list: `each(element, path)` for every element. An absent key is an
  // empty list unless `required`.
  [[nodiscard]] Error list(std::string_view key, const std::function<Error(const json&, const std::string&)>& each,
                           bool required = false) const {
    const json* value = find(key);
    if (value == nullptr) return required ? Error(at(path(key), "missing, expected a list")) : Error();
    if (!value->is_array()) return at(path(key), "expected a list, got " + json_text(*value));
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (Error e = each((*value)[i], path(key) + "/" + std::to_string(i)); !e) return e;
    }
    return {};
  }

  [[nodiscard]] Error text(std::string_view key, std::string& out, std::size_t max_length) const {
    const json* value = find(key);
    if (value == nullptr) return {};
    if (!value->is_string() || value->get<std::string>().size() > max_length ||
        !std::all_of(value->get_ref<const std::string&>().begin(), value->get_ref<const std::string&>().end(),
                     [](char c) { return c >= 0x20 && c < 0x7F; })) {
      return at(path(key), "expected printable ASCII of at most " + std::to_string(max_length) + " characters, got " +
                               json_text(*value));
    }
    out = value->get<std::string>();
    return {};
  }

 private:
  std::string path_or_root() const { return path_.empty() ? "/" : path_; }

  const json& value_;
  std::string path_;
};

// Where a PXM was first given, for the cross-reference messages.
struct PxmUse {
  bool initiator = false;  // an enabled CPU or Generic Initiator
  bool memory = false;     // an enabled memory range
  bool port = false;       // an enabled Generic Port
};

class Parser {
 public:
  Expected<Topology> run(const json& spec) {
    const Object root(spec, "");
    Error e = root.check({"$schema", "description", "oem", "initiators", "memory", "generic_initiators",
                          "generic_ports", "cxl", "distances", "hmat", "msct"});
    if (e) e = oem(root);
    if (e) e = root.list("initiators", [&](const json& v, const std::string& p) { return initiator(v, p); });
    if (e) e = root.list("memory", [&](const json& v, const std::string& p) { return memory(v, p); }, true);
    if (e) e = memory_present(root);
    if (e) {
      e = root.list("generic_initiators", [&](const json& v, const std::string& p) {
        return generic(v, p, t_.generic_initiators, true);
      });
    }
    if (e) {
      e = root.list("generic_ports", [&](const json& v, const std::string& p) {
        return generic(v, p, t_.generic_ports, false);
      });
    }
    if (e && root.has("cxl")) e = cxl(Object(*root.find("cxl"), root.path("cxl")));
    if (e && root.has("distances")) e = distances(Object(*root.find("distances"), root.path("distances")));
    if (e && root.has("hmat")) e = hmat(Object(*root.find("hmat"), root.path("hmat")));
    if (e && root.has("msct")) e = msct(Object(*root.find("msct"), root.path("msct")));
    if (!e) return std::move(e).error();
    return std::move(t_);
  }

 private:
  Error oem(const Object& root) {
    if (!root.has("oem")) return {};
    const Object o(*root.find("oem"), root.path("oem"));
    Error e = o.check({"id", "table_id", "revision", "creator_id", "creator_revision"});
    if (e) e = o.text("id", t_.oem.id, 6);
    if (e) e = o.text("table_id", t_.oem.table_id, 8);
    if (e) e = o.uint("revision", t_.oem.revision, t_.oem.revision);
    if (e) e = o.text("creator_id", t_.oem.creator_id, 4);
    if (e) e = o.uint("creator_revision", t_.oem.creator_revision, t_.oem.creator_revision);
    return e;
  }

  Error initiator(const json& value, const std::string& path) {
    const Object o(value, path);
    Initiator cpu;
    Error e = o.check({"apic", "x2apic", "pxm", "enabled"});
    if (e && o.has("apic") == o.has("x2apic")) e = at(path, "expected exactly one of \"apic\" and \"x2apic\"");
    if (e && o.has("apic")) e = o.uint("apic", cpu.id, std::nullopt, 0, 254);
    if (e && o.has("x2apic")) {
      cpu.kind = Initiator::Kind::x2apic;
      e = o.uint("x2apic", cpu.id, std::nullopt, 0, kU32Max - 1);
    }
    if (e) e = o.uint("pxm", cpu.pxm);
    if (e) e = o.boolean("enabled", cpu.enabled);
    if (!e) return e;
    const std::string id_path = o.path(cpu.kind == Initiator::Kind::apic ? "apic" : "x2apic");
    if (const auto [it, fresh] = apic_ids_.emplace(cpu.id, id_path); !fresh) {
      return at(id_path, "APIC id " + std::to_string(cpu.id) + " is already used by " + it->second);
    }
    if (cpu.enabled) pxms_[cpu.pxm].initiator = true;
    t_.initiators.push_back(cpu);
    return {};
  }

  Error memory(const json& value, const std::string& path) {
    const Object o(value, path);
    MemoryRange m;
    Error e = o.check({"pxm", "base", "length", "enabled", "hotplug", "non_volatile", "specific_purpose"});
    if (e) e = o.uint("pxm", m.pxm);
    if (e) e = o.uint("base", m.base);
    if (e) e = o.uint("length", m.length, std::nullopt, 1, room_after(m.base));
    if (e) e = o.boolean("enabled", m.enabled);
    if (e) e = o.boolean("hotplug", m.hotplug);
    if (e) e = o.boolean("non_volatile", m.non_volatile);
    if (e) e = o.boolean("specific_purpose", m.specific_purpose);
    if (e) e = page_aligned(o, "base", m.base);
    if (e) e = page_aligned(o, "length", m.length);
    if (!e) return e;
    for (std::size_t i = 0; i < t_.memory.size(); ++i) {
      const MemoryRange& other = t_.memory[i];
      if (other.enabled && m.enabled && m.base < other.base + other.length && other.base < m.base + m.length) {
        return at(o.path("base"), address_range(m.base, m.length) + " overlaps /memory/" + std::to_string(i) + " (" +
                                      address_range(other.base, other.length) +
                                      "); Linux rejects NUMA when ranges overlap");
      }
    }
    if (m.enabled) pxms_[m.pxm].memory = true;
    t_.memory.push_back(m);
    return {};
  }

  static Error page_aligned(const Object& o, std::string_view key, std::uint64_t value) {
    if (value % kPageSize == 0) return {};
    return at(o.path(key), "0x" + hex(value) + " is not a multiple of 4096 (memory ranges are whole 4 KiB pages)");
  }

  Error memory_present(const Object& root) const {
    if (std::any_of(t_.memory.begin(), t_.memory.end(), [](const MemoryRange& m) { return m.enabled; })) {
      return {};
    }
    return at(root.path("memory"), "expected at least one enabled range: Linux ignores a SRAT without memory");
  }

  Error generic(const json& value, const std::string& path, std::vector<GenericAffinity>& out, bool initiator) {
    const Object o(value, path);
    GenericAffinity g;
    Error e = o.check({"pxm", "acpi", "pci", "enabled", "architectural_transactions"});
    if (e && o.has("acpi") == o.has("pci")) e = at(path, "expected exactly one of \"acpi\" and \"pci\"");
    if (e) e = o.uint("pxm", g.pxm);
    if (e) e = o.boolean("enabled", g.enabled);
    if (e) e = o.boolean("architectural_transactions", g.architectural_transactions);
    if (e) e = o.has("acpi") ? acpi_handle(Object(*o.find("acpi"), o.path("acpi")), g.device)
                              : pci_handle(Object(*o.find("pci"), o.path("pci")), g.device);
    if (!e) return e;
    if (g.enabled) (initiator ? pxms_[g.pxm].initiator : pxms_[g.pxm].port) = true;
    out.push_back(g);
    return {};
  }

  static Error acpi_handle(const Object& o, DeviceHandle& handle) {
    handle.kind = DeviceHandle::Kind::acpi;
    Error e = o.check({"hid", "uid"});
    const json* hid = o.find("hid");
    const auto id_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (e && (hid == nullptr || !hid->is_string() || hid->get<std::string>().size() != 8 ||
               !std::all_of(hid->get_ref<const std::string&>().begin(), hid->get_ref<const std::string&>().end(),
                            id_char))) {
      e = at(o.path("hid"), "expected an 8-character ACPI _HID such as \"ACPI0016\", got " +
                                (hid ? json_text(*hid) : std::string("nothing")));
    }
    if (e) handle.hid = hid->get<std::string>();
    if (e) e = o.uint("uid", handle.uid);
    return e;
  }

  static Error pci_handle(const Object& o, DeviceHandle& handle) {
    handle.kind = DeviceHandle::Kind::pci;
    std::uint16_t bus = 0, device = 0, function = 0;
    Error e = o.check({"segment", "bus", "device", "function"});
    if (e) e = o.uint("segment", handle.segment, 0);
    if (e) e = o.uint("bus", bus, std::nullopt, 0, 255);
    if (e) e = o.uint("device", device, std::nullopt, 0, 31);
    if (e) e = o.uint("function", function, 0, 0, 7);
    handle.bdf = static_cast<std::uint16_t>(bus << 8 | device << 3 | function);
    return e;
  }

  Error cxl(const Object& o) {
    Error e = o.check({"host_bridges", "windows"});
    if (e) e = o.list("host_bridges", [&](const json& v, const std::string& p) { return host_bridge(Object(v, p)); });
    if (e) e = o.list("windows", [&](const json& v, const std::string& p) { return window(Object(v, p)); });
    return e;
  }

  Error host_bridge(const Object& o) {
    HostBridge hb;
    Error e = o.check({"uid", "version", "base", "length"});
    if (e) e = o.uint("uid", hb.uid);
    if (e) e = o.uint("version", hb.cxl_version, 1, 0, 1);
    if (e) e = o.uint("base", hb.base);
    // fwts CEDTBadCHBSLength: the register block of a CXL 1.1 host bridge is
    // 8 KiB, of a CXL 2.0 one 64 KiB.
    const std::uint64_t size = hb.cxl_version == 0 ? 0x2000 : 0x10000;
    if (e) e = o.uint("length", hb.length, size);
    if (e && hb.length != size) {
      e = at(o.path("length"), "expected 0x" + hex(size) + " (the register block of a CXL " +
                                   (hb.cxl_version == 0 ? "1.1" : "2.0") + " host bridge), got 0x" + hex(hb.length));
    }
    if (!e) return e;
    if (const auto [it, fresh] = bridge_uids_.emplace(hb.uid, o.path("uid")); !fresh) {
      return at(o.path("uid"), "host-bridge UID " + std::to_string(hb.uid) + " is already used by " + it->second);
    }
    t_.host_bridges.push_back(hb);
    return {};
  }

  Error window(const Object& o) {
    Window w;
    std::uint32_t ways = 0;
    Error e = o.check({"base", "size", "ways", "granularity", "arithmetic", "restrictions", "qtg_id", "targets"});
    if (e) e = o.uint("base", w.base);
    if (e) e = o.uint("size", w.size, std::nullopt, 1, room_after(w.base));
    if (e) e = aligned(o, "base", w.base);
    if (e) e = aligned(o, "size", w.size);
    if (e) e = o.list("targets", [&](const json& v, const std::string& p) { return target(v, p, w); }, true);
    if (e && w.targets.empty()) e = at(o.path("targets"), "expected at least one host-bridge UID");
    if (e) e = o.uint("ways", ways, w.targets.size());
    const auto eniw = encoding_of(acpi::cedt::interleave_ways, w.targets.size());
    if (e && !eniw) {
      e = at(o.path("targets"), std::to_string(w.targets.size()) +
                                    " targets: a CFMWS interleaves 1, 2, 3, 4, 6, 8, 12 or 16 ways");
    }
    if (e && ways != w.targets.size()) {
      e = at(o.path("ways"), "is " + std::to_string(ways) + " but " + std::to_string(w.targets.size()) +
                                 " targets are listed");
    }
    if (e) e = o.uint("granularity", w.granularity, w.granularity);
    const auto hbig = encoding_of(acpi::cedt::interleave_granularity, w.granularity);
    if (e && !hbig) {
      e = at(o.path("granularity"), "expected 256, 512, 1024, 2048, 4096, 8192 or 16384 bytes, got " +
                                        std::to_string(w.granularity));
    }
    static constexpr std::string_view kArithmetic[] = {"modulo", "xor"};
    if (e) e = o.choice("arithmetic", kArithmetic, w.xor_arithmetic);
    if (e) e = restrictions(o, w.restrictions);
    if (e) e = o.uint("qtg_id", w.qtg_id, 0);
    if (!e) return e;
    w.eniw = *eniw;
    w.hbig = *hbig;
    for (std::size_t i = 0; i < t_.windows.size(); ++i) {
      const Window& other = t_.windows[i];
      if (w.base < other.base + other.size && other.base < w.base + w.size) {
        return at(o.path("base"), address_range(w.base, w.size) + " overlaps /cxl/windows/" + std::to_string(i) +
                                      " (" + address_range(other.base, other.size) + ")");
      }
    }
    t_.windows.push_back(w);
    return {};
  }

  static Error aligned(const Object& o, std::string_view key, std::uint64_t value) {
    if (value % kCxlAlignment == 0) return {};
    return at(o.path(key), "0x" + hex(value) + " is not a multiple of 256 MiB, which the CXL driver requires");
  }

  Error target(const json& value, const std::string& path, Window& w) const {
    const auto uid = integer_of(value);
    if (!uid || *uid > kU32Max) return at(path, range_text(0, kU32Max) + ", got " + json_text(value));
    if (!bridge_uids_.contains(static_cast<std::uint32_t>(*uid))) {
      return at(path, "no host bridge in /cxl/host_bridges has UID " + std::to_string(*uid));
    }
    w.targets.push_back(static_cast<std::uint32_t>(*uid));
    return {};
  }

  // Names are the CFMWS Window Restrictions bits of the CEDT description;
  // the default is QEMU's (Type 2, Type 3, volatile, persistent).
  static Error restrictions(const Object& o, std::uint16_t& out) {
    const auto& bits = acpi::cedt::cfmws_fields::restrictions->bits;
    if (!o.has("restrictions")) {
      out = 0x0F;
      return {};
    }
    out = 0;
    return o.list("restrictions", [&](const json& v, const std::string& p) -> Error {
      for (const acpi::BitDesc& bit : bits) {
        if (v.is_string() && v.get<std::string>() == bit.key) {
          out = static_cast<std::uint16_t>(out | 1U << bit.shift);
          return {};
        }
      }
      std::vector<std::string_view> keys;
      for (const acpi::BitDesc& bit : bits) keys.push_back(bit.key);
      return at(p, "expected one of " + join(keys) + ", got " + json_text(v));
    });
  }

  // The SLIT is indexed by PXM, so it spans PXM 0 to the highest one SRAT uses.
  std::uint32_t slit_size() const { return pxms_.empty() ? 0 : pxms_.rbegin()->first + 1; }

  Error distances(const Object& o) {
    Error e = o.has("matrix") ? o.check({"matrix"}) : o.check({"local", "remote", "overrides"});
    if (!e) return e;
    Distances d;
    const std::uint32_t n = slit_size();
    if (o.has("matrix")) {
      e = o.list("matrix", [&](const json& row, const std::string& p) { return matrix_row(row, p, d); }, true);
      if (e && d.matrix.size() < n) {
        e = at(o.path("matrix"), "has " + std::to_string(d.matrix.size()) + " rows, expected at least " +
                                     std::to_string(n) + " (PXM 0 to " + std::to_string(n - 1) + ", the highest PXM)");
      }
      if (e) e = square(o.path("matrix"), d);
    } else {
      std::uint8_t local = 10, remote = 0;
      e = o.uint("local", local, 10, 10, 10);
      if (e) e = o.uint("remote", remote, std::nullopt, 11, 255);
      d.matrix.assign(n, std::vector<std::uint8_t>(n, remote));
      for (std::uint32_t i = 0; i < n; ++i) d.matrix[i][i] = local;
      if (e) e = o.list("overrides", [&](const json& v, const std::string& p) { return override_(Object(v, p), d); });
    }
    if (!e) return e;
    t_.distances = std::move(d);
    return {};
  }

  static Error matrix_row(const json& row, const std::string& path, Distances& d) {
    if (!row.is_array()) return at(path, "expected a list of distances");
    std::vector<std::uint8_t> out;
    for (std::size_t j = 0; j < row.size(); ++j) {
      const std::string p = path + "/" + std::to_string(j);
      const auto v = integer_of(row[j]);
      const bool diagonal = j == d.matrix.size();
      if (!v || (diagonal && *v != 10) || (!diagonal && (*v < 11 || *v > 255))) {
        // Linux slit_valid(): 10 on the diagonal, more than 10 elsewhere.
        return at(p, (diagonal ? "expected 10 (a PXM's distance to itself)" : range_text(11, 255)) + ", got " +
                         json_text(row[j]));
      }
      out.push_back(static_cast<std::uint8_t>(*v));
    }
    d.matrix.push_back(std::move(out));
    return {};
  }

  static Error square(const std::string& path, const Distances& d) {
    for (std::size_t i = 0; i < d.matrix.size(); ++i) {
      if (d.matrix[i].size() != d.matrix.size()) {
        return at(path + "/" + std::to_string(i), "has " + std::to_string(d.matrix[i].size()) + " entries, expected " +
                                                      std::to_string(d.matrix.size()));
      }
    }
    return {};
  }

  static Error override_(const Object& o, Distances& d) {
    const std::uint64_t last = d.matrix.size() - 1;
    std::uint32_t from = 0, to = 0;
    std::uint8_t distance = 0;
    Error e = o.check({"from", "to", "distance"});
    if (e) e = o.uint("from", from, std::nullopt, 0, last);
    if (e) e = o.uint("to", to, std::nullopt, 0, last);
    if (e && from == to) e = at(o.path("to"), "equals \"from\": a PXM's distance to itself is always 10");
    if (e) e = o.uint("distance", distance, std::nullopt, 11, 255);
    if (!e) return e;
    d.matrix[from][to] = distance;
    d.matrix[to][from] = distance;
    return {};
  }

  Error hmat(const Object& o) {
    Hmat h;
    Error e = o.check({"attributes", "locality", "caches"});
    if (e) {
      e = o.list("attributes", [&](const json& v, const std::string& p) { return attributes(Object(v, p), h); });
    }
    if (e) e = o.list("locality", [&](const json& v, const std::string& p) { return locality(Object(v, p), h); });
    if (e) e = o.list("caches", [&](const json& v, const std::string& p) { return cache(Object(v, p), h); });
    if (!e) return e;
    t_.hmat = std::move(h);
    return {};
  }

  // A PXM that must hold an enabled initiator (or memory range; with
  // `port_ok`, a Generic Port too).
  Error known_pxm(const std::string& path, std::uint64_t pxm, bool initiator, bool port_ok = false) const {
    const auto it = pxms_.find(static_cast<std::uint32_t>(pxm));
    if (it != pxms_.end() &&
        (initiator ? it->second.initiator : it->second.memory || (port_ok && it->second.port))) {
      return {};
    }
    // Linux (hmat.c) rejects the whole HMAT when a memory PXM has no SRAT memory.
    return at(path, "PXM " + std::to_string(pxm) +
                        (initiator ? " has no enabled initiator (CPU or Generic Initiator)"
                         : port_ok ? " has no enabled memory range or Generic Port"
                                   : " has no enabled memory range"));
  }

  Error attributes(const Object& o, Hmat& h) const {
    MemoryAttributes a;
    Error e = o.check({"memory_pxm", "initiator_pxm"});
    if (e) e = o.uint("memory_pxm", a.memory_pxm);
    if (e) e = known_pxm(o.path("memory_pxm"), a.memory_pxm, false);
    if (e && o.has("initiator_pxm")) {
      std::uint32_t initiator = 0;
      e = o.uint("initiator_pxm", initiator);
      if (e) e = known_pxm(o.path("initiator_pxm"), initiator, true);
      a.initiator_pxm = initiator;
    }
    if (!e) return e;
    h.attributes.push_back(a);
    return {};
  }

  // A PXM list of a locality structure; each must hold an initiator, or be
  // a target: memory, or a Generic Port (the host side of a CXL link: 6.8+
  // hmat.c makes a Generic Port PXM a target, alloc_genport_target(), and
  // reads its latency for CXL; older kernels skip a target they do not know,
  // find_mem_target() in hmat_update_target(), without rejecting the HMAT).
  Error pxm_list(const Object& o, std::string_view key, std::vector<std::uint32_t>& out, bool initiators) const {
    return o.list(
        key,
        [&](const json& v, const std::string& p) -> Error {
          const auto pxm = integer_of(v);
          if (!pxm || *pxm > kU32Max) return at(p, range_text(0, kU32Max) + ", got " + json_text(v));
          if (Error e = known_pxm(p, *pxm, initiators, !initiators); !e) return e;
          out.push_back(static_cast<std::uint32_t>(*pxm));
          return {};
        },
        true);
  }

  Error locality(const Object& o, Hmat& h) const {
    Locality l;
    // The data-type names are the HMAT description's, in snake_case.
    std::vector<std::string> type_names;
    for (const acpi::EnumValue& v : acpi::hmat::locality_fields::data_type->values) {
      std::string name(v.name);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](char c) { return c == ' ' ? '_' : static_cast<char>(std::tolower(c)); });
      type_names.push_back(std::move(name));
    }
    const std::vector<std::string_view> types(type_names.begin(), type_names.end());
    static constexpr std::string_view kHierarchy[] = {"memory", "cache1", "cache2", "cache3"};
    Error e = o.check({"data_type", "hierarchy", "base_unit", "initiators", "targets", "entries"});
    if (e && !o.has("data_type")) e = at(o.path("data_type"), "missing, expected one of " + join(types));
    if (e) e = o.choice("data_type", std::span<const std::string_view>(types), l.data_type);
    if (e) e = o.choice("hierarchy", kHierarchy, l.hierarchy);
    if (e) e = o.uint("base_unit", l.base_unit, 1, 1);
    if (e) e = pxm_list(o, "initiators", l.initiators, true);
    if (e) e = pxm_list(o, "targets", l.targets, false);
    if (e) {
      e = o.list(
          "entries", [&](const json& row, const std::string& p) { return entry_row(row, p, l); }, true);
    }
    if (e && l.entries.size() != l.initiators.size()) {
      e = at(o.path("entries"), "has " + std::to_string(l.entries.size()) + " rows, expected one per initiator (" +
                                    std::to_string(l.initiators.size()) + ")");
    }
    if (!e) return e;
    h.localities.push_back(std::move(l));
    return {};
  }

  static Error entry_row(const json& row, const std::string& path, Locality& l) {
    if (!row.is_array() || row.size() != l.targets.size()) {
      return at(path, "expected a list of " + std::to_string(l.targets.size()) + " values, one per target");
    }
    std::vector<std::uint16_t> out;
    for (std::size_t j = 0; j < row.size(); ++j) {
      const auto v = integer_of(row[j]);
      if (!v || *v > 0xFFFF) return at(path + "/" + std::to_string(j), range_text(0, 0xFFFF) + ", got " + json_text(row[j]));
      out.push_back(static_cast<std::uint16_t>(*v));
    }
    l.entries.push_back(std::move(out));
    return {};
  }

  Error cache(const Object& o, Hmat& h) const {
    MemorySideCache c;
    static constexpr std::string_view kAssociativity[] = {"none", "direct", "complex"};
    static constexpr std::string_view kWritePolicy[] = {"none", "write_back", "write_through"};
    Error e = o.check({"pxm", "size", "total_levels", "level", "associativity", "write_policy", "line_size"});
    if (e) e = o.uint("pxm", c.pxm);
    if (e) e = known_pxm(o.path("pxm"), c.pxm, false);
    if (e) e = o.uint("size", c.size, std::nullopt, 1);
    if (e) e = o.uint("total_levels", c.total_levels, 1, 1, 3);
    if (e) e = o.uint("level", c.level, 1, 1, c.total_levels);
    if (e) e = o.choice("associativity", kAssociativity, c.associativity);
    if (e) e = o.choice("write_policy", kWritePolicy, c.write_policy);
    if (e) e = o.uint("line_size", c.line_size, 64);
    if (!e) return e;
    h.caches.push_back(c);
    return {};
  }

  Error msct(const Object& o) {
    Msct m;
    std::uint64_t highest = 0;
    for (const MemoryRange& r : t_.memory) highest = std::max(highest, r.base + r.length - 1);
    for (const Window& w : t_.windows) highest = std::max(highest, w.base + w.size - 1);
    // Counts, named as dump names the count it decodes from the table's
    // count - 1 (whose own key, max_proximity_domains, is the raw field).
    Error e = o.check({"max_proximity_domains_count", "max_clock_domains_count", "max_address", "domains"});
    const std::uint32_t needed = std::max(slit_size(), 1U);
    if (e) e = o.uint("max_proximity_domains_count", m.max_proximity_domains, needed, needed);
    if (e) e = o.uint("max_clock_domains_count", m.max_clock_domains, 1, 1);
    if (e) e = o.uint("max_address", m.max_address, highest, highest);
    if (e) {
      e = o.list("domains", [&](const json& v, const std::string& p) { return domain(Object(v, p), m); });
    }
    if (e && m.domains.size() > m.max_proximity_domains) {
      e = at(o.path("domains"), std::to_string(m.domains.size()) + " ranges, more than the " +
                                    std::to_string(m.max_proximity_domains) + " proximity domains of max_proximity_domains_count");
    }
    if (!e) return e;
    t_.msct = std::move(m);
    return {};
  }

  static Error domain(const Object& o, Msct& m) {
    DomainRange r;
    Error e = o.check({"first", "last", "processor_capacity", "memory_capacity"});
    if (e) e = o.uint("first", r.first, std::nullopt, 0, m.max_proximity_domains - 1);
    if (e) e = o.uint("last", r.last, std::nullopt, r.first, m.max_proximity_domains - 1);
    if (e) e = o.uint("processor_capacity", r.processor_capacity, 0);
    if (e) e = o.uint("memory_capacity", r.memory_capacity, 0);
    if (!e) return e;
    m.domains.push_back(r);
    return {};
  }

  Topology t_;
  std::map<std::uint32_t, PxmUse> pxms_;
  std::map<std::uint32_t, std::string> apic_ids_;     // id -> JSON path
  std::map<std::uint32_t, std::string> bridge_uids_;  // uid -> JSON path
};

}  // namespace

Expected<Topology> parse_topology(const nlohmann::json& spec) { return Parser().run(spec); }

Expected<nlohmann::json> read_spec_file(const std::string& path) {
  std::ifstream in(path);
  Diagnostic error;
  error.origin = path;
  if (!in) {
    error.message = "cannot read the spec file";
    return error;
  }
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    error.message = std::string("not JSON: ") + e.what();
    return error;
  }
}

std::vector<std::uint32_t> used_pxms(const Topology& topology) {
  std::set<std::uint32_t> pxms;
  for (const Initiator& cpu : topology.initiators) {
    if (cpu.enabled) pxms.insert(cpu.pxm);
  }
  for (const MemoryRange& range : topology.memory) {
    if (range.enabled) pxms.insert(range.pxm);
  }
  for (const auto* list : {&topology.generic_initiators, &topology.generic_ports}) {
    for (const GenericAffinity& g : *list) {
      if (g.enabled) pxms.insert(g.pxm);
    }
  }
  return {pxms.begin(), pxms.end()};
}

}  // namespace numaplan::spec
