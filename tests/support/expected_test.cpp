// Expected<T> and Expected<void>: a value or an error, the error's Diagnostic
// held by pointer (expected.h) and copied with its holder.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "numaplan/support/expected.h"

namespace numaplan {
namespace {

Diagnostic bad_length() { return make_error(ErrorKind::input, "Length", "subtable length 0"); }

TEST(Expected, HoldsAValue) {
  Expected<std::string> e(std::string("SRAT"));
  ASSERT_TRUE(e);
  EXPECT_TRUE(e.ok());
  EXPECT_EQ(*e, "SRAT");
  EXPECT_EQ(e->size(), 4U);
  EXPECT_EQ(e.value_or("none"), "SRAT");
  EXPECT_EQ(std::move(e).value(), "SRAT");
}

TEST(Expected, HoldsAnError) {
  const Expected<std::uint64_t> e(bad_length());
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::input);
  EXPECT_EQ(e.error().field, "Length");
  EXPECT_EQ(e.error().message, "subtable length 0");
  EXPECT_EQ(e.value_or(7), 7U);
}

TEST(Expected, CopiesTheErrorWithIt) {
  Expected<std::uint64_t> original(bad_length());
  const Expected<std::uint64_t> copy = original;
  original = Expected<std::uint64_t>(42);
  ASSERT_FALSE(copy);
  EXPECT_EQ(copy.error().message, "subtable length 0");
  ASSERT_TRUE(original);
  EXPECT_EQ(*original, 42U);

  Expected<void> failed(bad_length());
  Expected<void> assigned;
  assigned = failed;
  failed = Expected<void>();
  EXPECT_TRUE(failed);
  ASSERT_FALSE(assigned);
  EXPECT_EQ(assigned.error().field, "Length");
}

TEST(Expected, MovesTheError) {
  Expected<void> failed(bad_length());
  const Expected<void> moved = std::move(failed);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().message, "subtable length 0");
  EXPECT_TRUE(Expected<void>());
}

// Passing an error up: moved out of its Expected (the strings' buffers go
// with it), a copy out of a const one.
TEST(Expected, PassesTheErrorUpByMovingIt) {
  Expected<std::uint64_t> step(make_error(ErrorKind::input, "Length", std::string(64, 'x')));
  const char* const buffer = step.error().message.data();
  const Expected<std::string> passed = std::move(step).error();
  ASSERT_FALSE(passed);
  EXPECT_EQ(passed.error().message, std::string(64, 'x'));
  EXPECT_EQ(passed.error().message.data(), buffer);

  Expected<void> check(bad_length());
  const Expected<std::string> from_void = std::move(check).error();
  EXPECT_EQ(from_void.error().field, "Length");

  const Expected<void> kept(bad_length());
  const Expected<std::string> copied = std::move(kept).error();  // const: a copy
  EXPECT_EQ(kept.error().message, "subtable length 0");
  EXPECT_EQ(copied.error().message, "subtable length 0");
}

// The point of the pointer: an Expected is a word and a value, not a
// Diagnostic's four strings, on every frame that returns or checks one.
static_assert(sizeof(Expected<void>) == sizeof(void*));
static_assert(sizeof(Expected<std::uint64_t>) <= 2 * sizeof(void*));
static_assert(std::is_nothrow_move_constructible_v<Expected<void>>);

}  // namespace
}  // namespace numaplan
