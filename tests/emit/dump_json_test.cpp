// `dump --format json` is written as a stream (JsonWriter), not built as an
// nlohmann DOM. The stream must be the document the DOM gave: parsed and
// laid out again by nlohmann (which sorts keys), every byte is the same, for
// every fixture and corpus table and for input that is not UTF-8.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/dump.h"
#include "numaplan/emit/map.h"
#include "numaplan/kernel/model.h"
#include "numaplan/source/load.h"
#include "support/table_bytes.h"
#include "numaplan/support/json_writer.h"

namespace numaplan::emit {
namespace {

namespace fs = std::filesystem;

// One document per file, as `numaplan dump --format json FILE` writes it.
void expect_nlohmann_layout(const std::vector<std::string>& paths) {
  ASSERT_FALSE(paths.empty());
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    const std::vector<std::string> one = {path};
    source::Inputs inputs = source::load(one);
    const acpi::TableSet set = acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
    std::ostringstream out;
    write_dump_json(set.tables, set.diagnostics, out);
    const std::string streamed = out.str();
    EXPECT_EQ(nlohmann::json::parse(streamed).dump(2), streamed);
  }
}

TEST(DumpJson, StreamIsNlohmannLayoutForEveryFixture) {
  auto paths = test::table_files_under(NUMAPLAN_FIXTURE_DIR);
  for (auto& p : test::table_files_under(fs::path(NUMAPLAN_SOURCE_DIR) / "tables")) paths.push_back(std::move(p));
  expect_nlohmann_layout(paths);
}

TEST(DumpJson, StreamIsNlohmannLayoutForEveryCorpusFile) {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  if (shared == nullptr || !fs::exists(fs::path(shared) / "corpus")) GTEST_SKIP() << "no ../shared/corpus here";
  expect_nlohmann_layout(test::table_files_under(fs::path(shared) / "corpus"));
}

// The same for `map --format json` of every fixture set (tables/examples).
TEST(MapJson, StreamIsNlohmannLayout) {
  for (const std::string& path : test::table_files_under(fs::path(NUMAPLAN_SOURCE_DIR) / "tables" / "examples")) {
    SCOPED_TRACE(path);
    const std::vector<std::string> one = {path};
    source::Inputs inputs = source::load(one);
    const acpi::TableSet set = acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
    std::ostringstream out;
    write_map_json(*kernel::map_numa(set, kernel::Config{}), out);
    const std::string streamed = out.str();
    EXPECT_EQ(nlohmann::json::parse(streamed).dump(2), streamed);
  }
}

TEST(JsonWriter, EscapesAsNlohmannAndReplacesBytesThatAreNotUtf8) {
  const std::string text = std::string("a\"b\\c\b\f\n\r\t\x01\x1f\x7f \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") + '\0';
  JsonWriter w;
  w.value(text);
  EXPECT_EQ(w.text(), nlohmann::json(text).dump());
  JsonWriter bad;
  bad.value(std::string_view("x\xFF\xC3(\xED\xA0\x80y"));  // a stray byte, a cut sequence, a surrogate
  EXPECT_EQ(bad.text(), "\"x\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy\"");
}

// Plain runs are scanned 8 bytes at a time: a byte to escape at every
// position of a 24-byte text, across three words and the tail.
TEST(JsonWriter, EscapesAtEveryPositionOfAWord) {
  for (const std::string_view special : {"\"", "\\", "\n", "\x01", "\x1f", "\xC3\xA9", " ", "\x7f"}) {
    for (std::size_t at = 0; at <= 24; ++at) {
      const std::string text = std::string(at, 'a') + std::string(special) + std::string(24 - at, 'b');
      JsonWriter w;
      w.value(text);
      EXPECT_EQ(w.text(), nlohmann::json(text).dump()) << at;
    }
  }
  JsonWriter bad;
  bad.value(std::string_view("0123456789\xFF" "0123456789"));
  EXPECT_EQ(bad.text(), "\"0123456789\xEF\xBF\xBD" "0123456789\"");
}

// key_plain() writes the line key() writes for a name that needs no escaping;
// json_plain() says which names those are.
TEST(JsonWriter, PlainKeysLayOutAsEscapedOnes) {
  JsonWriter w;
  w.begin_object();
  w.key_plain("a_b");
  w.begin_object();
  w.key_plain("c");
  w.value(std::uint64_t{1});
  w.key("d\"e");
  w.value(std::uint64_t{2});
  w.end_object();
  w.key_plain("f");
  w.null();
  w.end_object();
  const nlohmann::json expected = {{"a_b", {{"c", 1}, {"d\"e", 2}}}, {"f", nullptr}};
  EXPECT_EQ(w.text(), expected.dump(2));
  EXPECT_TRUE(json_plain(""));
  EXPECT_TRUE(json_plain("proximity_domain_lo"));
  EXPECT_FALSE(json_plain("0123456789\n"));
  EXPECT_FALSE(json_plain("a\\b"));
  EXPECT_FALSE(json_plain("\xC3\xA9"));
}

TEST(JsonWriter, LaysOutAsDumpTwo) {
  JsonWriter w;
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.value(std::uint64_t{1});
  w.value(std::int64_t{-5});
  w.begin_object();
  w.end_object();
  w.begin_array();
  w.end_array();
  w.null();
  w.value(true);
  w.end_array();
  w.key("b");
  w.begin_object();
  w.key("c");
  w.value("d");
  w.end_object();
  w.end_object();
  const nlohmann::json expected = {{"a", {1, -5, nlohmann::json::object(), nlohmann::json::array(), nullptr, true}},
                                   {"b", {{"c", "d"}}}};
  EXPECT_EQ(w.text(), expected.dump(2));
}

// A value's separator and a key's line are appended at once up to 32 levels
// and 256 characters; deeper and longer ones piece by piece, laid out alike.
TEST(JsonWriter, DeepAndLongLinesLayOutAsDumpTwo) {
  const std::string long_key(300, 'k');
  constexpr int kDepth = 40;
  JsonWriter w;
  w.begin_object();
  w.key_plain("a");
  for (int i = 0; i < kDepth; ++i) {
    w.begin_object();
    w.key_plain("a");
  }
  w.begin_object();
  w.key_plain("b");
  w.begin_array();
  w.value(std::uint64_t{1});
  w.value(std::uint64_t{2});
  w.end_array();
  w.key_plain(long_key);
  w.value_plain([](std::string& text) { text += "0A 1B"; });
  w.end_object();
  for (int i = 0; i < kDepth; ++i) w.end_object();
  w.key_plain(long_key);
  w.value("c");
  w.end_object();
  nlohmann::json expected = {{"b", {1, 2}}, {long_key, "0A 1B"}};
  for (int i = 0; i < kDepth; ++i) expected = nlohmann::json{{"a", expected}};
  expected = {{"a", expected}, {long_key, "c"}};
  EXPECT_EQ(w.text(), expected.dump(2));
}

// member(): a key and its number or plain string in one append where the
// line fits; a string to escape, a line too long and a depth past 32 levels
// take key_plain() and value(). Every path lays out as dump(2).
TEST(JsonWriter, MembersLayOutAsDumpTwo) {
  const std::string long_text(300, 't');
  constexpr int kDepth = 34;
  JsonWriter w;
  w.begin_object();
  w.key_plain("deep");
  for (int i = 0; i < kDepth; ++i) {
    w.begin_object();
    w.member("i", std::uint64_t(i));
    w.key_plain("next");
  }
  w.begin_object();
  w.member("last", "x");
  w.end_object();
  for (int i = 0; i < kDepth; ++i) w.end_object();
  w.member("long", long_text);
  w.member("n", std::uint64_t{18446744073709551615ULL});
  w.member("plain", "BOCHS ");
  w.member("quoted", "say \"hi\"\n");
  w.member("z", std::uint64_t{0});
  w.end_object();
  nlohmann::json deep = {{"last", "x"}};
  for (int i = kDepth - 1; i >= 0; --i) deep = {{"i", i}, {"next", deep}};
  const nlohmann::json expected = {{"n", 18446744073709551615ULL}, {"plain", "BOCHS "}, {"quoted", "say \"hi\"\n"},
                                   {"long", long_text},            {"deep", deep},       {"z", 0}};
  // nlohmann sorts keys; the writer writes them as given, so they are given sorted.
  EXPECT_EQ(w.text(), expected.dump(2));
}

// The key line copies keys and short values 8 bytes at a time, the last 8
// overlapping (put_text): every length from empty to past three words, in
// keys and in values, each byte where it belongs.
TEST(JsonWriter, MembersOfEveryShortLengthLayOutAsDumpTwo) {
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz";
  JsonWriter w;
  nlohmann::json expected = nlohmann::json::object();
  w.begin_object();
  for (std::size_t n = 1; n <= 26; ++n) {
    const std::string key = alphabet.substr(0, n);
    const std::string text = alphabet.substr(26 - n + 1) + "0123456789ABCDEFGHIJKLMNOP";
    const std::string value = text.substr(0, n - 1);  // 0 to 25 characters
    w.member(key, value);
    expected[key] = value;
  }
  w.end_object();
  EXPECT_EQ(w.text(), expected.dump(2));
}

// With a sink the text goes out each time 64 KiB have gathered, into a
// buffer of 96 KiB: a document of many lines passes that point several
// times, and a value longer than the buffer grows it.
TEST(JsonWriter, SinkTakesADocumentLargerThanItsBuffer) {
  const std::string long_value(200'000, 'v');
  std::ostringstream out;
  JsonWriter w(&out);
  nlohmann::json expected = nlohmann::json::array();
  w.begin_array();
  for (std::uint64_t i = 0; i < 20'000; ++i) {
    w.begin_object();
    w.member("i", i);
    w.member("s", "0123456789");
    w.end_object();
    expected.push_back({{"i", i}, {"s", "0123456789"}});
  }
  w.value(long_value);
  expected.push_back(long_value);
  w.end_array();
  w.finish();
  EXPECT_EQ(out.str(), expected.dump(2));
  EXPECT_GT(out.str().size(), 3U * 65536);
}

}  // namespace
}  // namespace numaplan::emit
