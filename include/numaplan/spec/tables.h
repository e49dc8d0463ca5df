// A topology spec turned into ACPI tables: each table is first written in the
// `numaplan.tables/1` JSON form that `dump --format json` prints, then
// encoded by the same structure descriptions that decode it, so no table
// layout is written twice.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "numaplan/spec/topology.h"
#include "numaplan/support/expected.h"

namespace numaplan::spec {

// The tables a topology needs, in dump JSON form: SRAT always; SLIT with
// distances; CEDT with CXL host bridges or windows; HMAT and MSCT when the
// spec has those sections. SRAT lists CPUs, then Generic Initiators, Generic
// Ports and memory, each in spec order (Linux numbers nodes in that order).
std::vector<nlohmann::json> table_json(const Topology& topology);

struct GeneratedTable {
  std::string signature;
  std::vector<std::uint8_t> bytes;
};

// table_json, encoded.
Expected<std::vector<GeneratedTable>> build_tables(const Topology& topology);

}  // namespace numaplan::spec
