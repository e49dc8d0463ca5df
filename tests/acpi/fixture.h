// The decoder tests' inputs: tables/fixtures/*.dsl as iasl compiled them at
// build time (NAME.aml), or acpidump text written by tools/mkfixture.py.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "numaplan/acpi/table.h"
#include "numaplan/source/load.h"

namespace numaplan::acpi::test {

// The one table in fixture `name` ("slit-4x4.aml", "cedt-all-types.txt").
inline RawTable fixture_raw(const std::string& name) {
  const bool compiled = name.ends_with(".aml");
  const std::vector<std::string> paths = {
      compiled ? std::string(NUMAPLAN_FIXTURE_DIR) + "/fixtures/" + name
               : std::string(NUMAPLAN_SOURCE_DIR) + "/tables/fixtures/" + name};
  source::Inputs inputs = source::load(paths);
  EXPECT_EQ(inputs.tables.size(), 1U) << name;
  return inputs.tables.empty() ? RawTable{} : std::move(inputs.tables.front());
}

inline Table decode_raw(RawTable raw) {
  auto table = decode_table(std::move(raw));
  EXPECT_TRUE(table.ok());
  return table.ok() ? std::move(*table) : Table{};
}

inline Table decode_fixture(const std::string& name) { return decode_raw(fixture_raw(name)); }

// "severity field @offset: message" for each diagnostic, to compare whole lists.
inline std::vector<std::string> diagnostic_lines(const Table& table) {
  std::vector<std::string> out;
  for (const Diagnostic& d : table.diagnostics) {
    out.push_back(std::string(to_string(d.severity)) + " " + d.field + " @" + std::to_string(d.offset) + ": " +
                  d.message);
  }
  return out;
}

// Every element of array `index` of a record.
inline std::vector<std::uint64_t> elements(const StructView& view, std::size_t index) {
  const ArrayViews arrays = view.arrays();
  std::vector<std::uint64_t> out;
  if (index >= arrays.size()) {
    ADD_FAILURE() << view.desc().name << " has no array " << index;
    return out;
  }
  for (std::uint64_t i = 0; i < arrays[index].count; ++i) out.push_back(view.element(arrays[index], i).value());
  return out;
}

}  // namespace numaplan::acpi::test
