// Every distance origin, in its order of preference, with exact values.
#include "numaplan/plan/distance.h"

#include <gtest/gtest.h>

#include "numaplan/plan/plan.h"
#include "plan/plan_fixture.h"

namespace numaplan::plan {
namespace {

using namespace test;

// Nodes 0-3 as cxl_layout(), node 4 a reserved node of its own (PXM 4),
// node 5 a reserved node tied to window 0 (PXM 5).
kernel::Layout layout_with_reserved() {
  kernel::Layout layout = cxl_layout();
  layout.nodes.push_back(node(4, 4, "standby"));
  layout.nodes.push_back(node(5, 5, "standby"));
  layout.possible.set(4);
  layout.possible.set(5);
  return layout;
}
const std::map<int, int> kWindowOf = {{2, 0}, {3, 1}, {5, 0}};

struct Cell {
  int value;
  DistanceOrigin origin;
  bool operator==(const Distance& d) const { return value == d.value && origin == d.origin; }
};
void expect_cell(const DistanceTable& table, int from, int to, Cell want) {
  const Distance& got = table.matrix[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
  EXPECT_TRUE(want == got) << from << "->" << to << ": got " << got.value << " " << origin_name(got.origin)
                           << ", want " << want.value << " " << origin_name(want.origin);
}

TEST(PlanDistance, GenericPortRowThenSlitThenDefault) {
  const auto tables = table_set({cxl_srat(), telling_slit(7), cxl_cedt()});
  const auto table = plan_distances(layout_with_reserved(), tables, {}, kWindowOf);
  ASSERT_TRUE(table.ok()) << table.error().format();
  EXPECT_EQ(table->nodes, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  using enum DistanceOrigin;
  expect_cell(*table, 0, 0, {10, local});
  expect_cell(*table, 0, 1, {21, slit});  // the kernel's own SLIT distance between SRAT nodes
  expect_cell(*table, 1, 0, {22, slit});
  // Window 0 (node 2) sits behind host bridge 12, whose Generic Port is PXM 6: SLIT row and column 6.
  expect_cell(*table, 2, 0, {20 + 2 * 6 + 0, generic_port});
  expect_cell(*table, 0, 2, {20 + 0 + 6, generic_port});
  expect_cell(*table, 2, 1, {20 + 12 + 1, generic_port});
  expect_cell(*table, 2, 3, {20 + 12 + 3, generic_port});  // node 3's own PXM 3 on the other side
  expect_cell(*table, 3, 2, {20 + 6 + 6, generic_port});
  // Window 1's bridge 13 has no Generic Port: the SLIT covers its fake PXM 3.
  expect_cell(*table, 3, 0, {20 + 6 + 0, slit});
  expect_cell(*table, 0, 3, {20 + 0 + 3, slit});
  expect_cell(*table, 4, 0, {20 + 8 + 0, slit});
  // Node 5 is tied to window 0: the Generic Port row again.
  expect_cell(*table, 5, 0, {32, generic_port});
  expect_cell(*table, 1, 5, {20 + 2 + 6, generic_port});
  // Nodes 2 and 5 share the port; SLIT[6][6] is 10, so their own PXMs' entries count.
  expect_cell(*table, 2, 5, {20 + 4 + 5, slit});
  expect_cell(*table, 5, 2, {20 + 10 + 2, slit});
}

TEST(PlanDistance, WithoutSlitEverythingNewIsTwenty) {
  const auto tables = table_set({cxl_srat(), cxl_cedt()});
  kernel::Layout layout = layout_with_reserved();
  layout.distance = *kernel::NodeDistances::from_rows({{10, 20, 20, 20}, {20, 10, 20, 20}, {20, 20, 10, 20}, {20, 20, 20, 10}});
  const auto table = plan_distances(layout, tables, {}, kWindowOf);
  ASSERT_TRUE(table.ok());
  using enum DistanceOrigin;
  expect_cell(*table, 0, 1, {20, kernel_default});
  expect_cell(*table, 0, 2, {20, kernel_default});
  expect_cell(*table, 4, 5, {20, kernel_default});
  expect_cell(*table, 5, 5, {10, local});
}

TEST(PlanDistance, HmatRelativeToLocalMemory) {
  // The SLIT covers PXMs 0-1 only; HMAT gives latencies to the port PXM 6.
  const auto tables = table_set({cxl_srat(), telling_slit(2), cxl_cedt(),
                                 hmat_latency({0, 1}, {0, 1, 6}, {100, 200, 300, 200, 100, 450})});
  const auto table = plan_distances(layout_with_reserved(), tables, {}, kWindowOf);
  ASSERT_TRUE(table.ok());
  using enum DistanceOrigin;
  expect_cell(*table, 0, 2, {30, hmat});  // 10 * 300 / 100
  expect_cell(*table, 2, 0, {30, hmat});  // the same latency both ways
  expect_cell(*table, 1, 2, {45, hmat});  // 10 * 450 / 100
  expect_cell(*table, 1, 5, {45, hmat});  // node 5 is behind the same bridge
  expect_cell(*table, 0, 3, {20, kernel_default});  // no port, no HMAT target, no SLIT entry
  expect_cell(*table, 2, 5, {20, kernel_default});  // neither is an initiator
  expect_cell(*table, 0, 1, {21, slit});  // SRAT pairs keep the kernel's distance, not HMAT's
}

TEST(PlanDistance, HmatReadLatencyWhenNoAccessLatency) {
  const auto tables = table_set({cxl_srat(), cxl_cedt(), hmat_latency({0}, {0, 6}, {80, 200}, 1)});
  const auto table = plan_distances(layout_with_reserved(), tables, {}, kWindowOf);
  ASSERT_TRUE(table.ok());
  expect_cell(*table, 0, 2, {25, DistanceOrigin::hmat});  // 10 * 200 / 80 = 25
  expect_cell(*table, 1, 2, {20, DistanceOrigin::kernel_default});
}

TEST(PlanDistance, ExplicitSpecWinsOverEverything) {
  const auto tables = table_set({cxl_srat(), telling_slit(7), cxl_cedt()});
  const auto both = parse_distance_spec("0:2=17");
  const auto one = parse_distance_spec("4>1=40");
  const auto firmware_pair = parse_distance_spec("1:0=31");
  ASSERT_TRUE(both.ok() && one.ok() && firmware_pair.ok());
  const auto table = plan_distances(layout_with_reserved(), tables, {*both, *one, *firmware_pair}, kWindowOf);
  ASSERT_TRUE(table.ok());
  using enum DistanceOrigin;
  expect_cell(*table, 0, 2, {17, spec});
  expect_cell(*table, 2, 0, {17, spec});
  expect_cell(*table, 4, 1, {40, spec});
  expect_cell(*table, 1, 4, {20 + 2 + 4, slit});
  expect_cell(*table, 0, 1, {31, spec});
}

// Ranges: every pair of a node of the first and a distinct node of the second.
TEST(PlanDistance, SpecRanges) {
  const auto tables = table_set({cxl_srat(), telling_slit(7), cxl_cedt()});
  const auto spec = parse_distance_spec("4-5:0-1=30");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->from, 4);
  EXPECT_EQ(spec->from_last, 5);
  EXPECT_EQ(spec->to, 0);
  EXPECT_EQ(spec->to_last, 1);
  const auto table = plan_distances(layout_with_reserved(), tables, {*spec}, kWindowOf);
  ASSERT_TRUE(table.ok());
  for (int from : {4, 5}) {
    for (int to : {0, 1}) {
      expect_cell(*table, from, to, {30, DistanceOrigin::spec});
      expect_cell(*table, to, from, {30, DistanceOrigin::spec});
    }
  }
  const auto overlapping = parse_distance_spec("0-1>0-1=40");  // 0>1 and 1>0; the diagonal stays 10
  ASSERT_TRUE(overlapping.ok());
  const auto both = plan_distances(layout_with_reserved(), tables, {*overlapping}, kWindowOf);
  ASSERT_TRUE(both.ok());
  expect_cell(*both, 0, 1, {40, DistanceOrigin::spec});
  expect_cell(*both, 1, 0, {40, DistanceOrigin::spec});
  expect_cell(*both, 0, 0, {10, DistanceOrigin::local});
  EXPECT_EQ(parse_distance_spec("5-4:0=30").error().message,
            "\"5-4:0=30\": expected A:B=V (both directions) or A>B=V (A to B only), A and B a node or a range N-M");
  const auto missing = plan_distances(layout_with_reserved(), tables, {*parse_distance_spec("0:8-12=30")}, kWindowOf);
  ASSERT_FALSE(missing.ok());
}

TEST(PlanDistance, SpecSyntaxAndLimits) {
  auto spec = parse_distance_spec("3:12=255");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->from, 3);
  EXPECT_EQ(spec->to, 12);
  EXPECT_EQ(spec->value, 255);
  EXPECT_TRUE(spec->both_directions);
  spec = parse_distance_spec("1>0=11");
  ASSERT_TRUE(spec.ok());
  EXPECT_FALSE(spec->both_directions);

  spec = parse_distance_spec("1:2=10");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().format(), "error: distance: \"1:2=10\": distance 10 is outside 11..255 (the kernel's slit_valid rejects it)");
  EXPECT_EQ(spec.error().kind, ErrorKind::usage);
  spec = parse_distance_spec("1-2=30");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().message, "\"1-2=30\": expected A:B=V (both directions) or A>B=V (A to B only), A and B a node or a range N-M");
  spec = parse_distance_spec("2:2=20");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().message, "\"2:2=20\": a node's distance to itself is always 10");
}

TEST(PlanDistance, SpecNamingAMissingNode) {
  const auto tables = table_set({cxl_srat(), cxl_cedt()});
  const auto table = plan_distances(layout_with_reserved(), tables, {DistanceSpec{0, 9, 30, true, -1, -1}}, kWindowOf);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().message, "node 9 is not in the plan (possible nodes: 0-5)");
}

TEST(PlanDistance, InvalidSlitIsNotASource) {
  // Diagonal 11: slit_valid() fails, so neither the port row nor the SLIT counts.
  auto slit = telling_slit(7);
  slit["header"]["entries"][3][3] = 11;
  const auto tables = table_set({cxl_srat(), slit, cxl_cedt()});
  const auto table = plan_distances(layout_with_reserved(), tables, {}, kWindowOf);
  ASSERT_TRUE(table.ok());
  expect_cell(*table, 2, 0, {20, DistanceOrigin::kernel_default});
  expect_cell(*table, 0, 1, {21, DistanceOrigin::kernel_default});  // the layout's value, not from a SLIT
}

}  // namespace
}  // namespace numaplan::plan
