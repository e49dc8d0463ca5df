// JsonDocument: what it reads, the errors it gives (line, column, what),
// and agreement with nlohmann::json::parse on what is JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "numaplan/support/json_reader.h"

namespace numaplan {
namespace {

JsonDocument read(std::string_view text) {
  auto document = JsonDocument::parse(text);
  if (!document) ADD_FAILURE() << document.error().format();
  return document ? std::move(*document) : *JsonDocument::parse("null");
}

std::string read_error(std::string_view text) {
  auto document = JsonDocument::parse(text);
  if (document) return "accepted";
  EXPECT_EQ(document.error().kind, ErrorKind::input);
  return document.error().message;
}

TEST(JsonReader, ReadsADumpLikeDocument) {
  const JsonDocument document = read(R"({
  "signature": "SRAT",
  "subtables": [
    {"type": 1, "fields": {"base_address": "0x100000000", "flags": {"enabled": true, "value": 1}}},
    {"type": 0, "raw": "00 10"}
  ],
  "checksum": null
})");
  const JsonValue root = document.root();
  ASSERT_TRUE(root.is_object());
  EXPECT_EQ(root.size(), 3U);
  EXPECT_EQ(root.find("signature")->string(), "SRAT");
  EXPECT_TRUE(root.find("checksum")->is_null());
  EXPECT_FALSE(root.find("revision").has_value());
  const JsonValue subtables = *root.find("subtables");
  ASSERT_TRUE(subtables.is_array());
  ASSERT_EQ(subtables.size(), 2U);
  std::vector<std::uint64_t> types;
  for (const JsonValue sub : subtables) types.push_back(*sub.find("type")->unsigned_integer());
  EXPECT_EQ(types, (std::vector<std::uint64_t>{1, 0}));
  const JsonValue flags = *(*subtables.begin()).find("fields")->find("flags");
  std::vector<std::string> keys;
  for (auto it = flags.begin(); it != flags.end(); ++it) keys.emplace_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"enabled", "value"}));
  EXPECT_TRUE(flags.find("enabled")->boolean());
  EXPECT_EQ(flags.find("value")->unsigned_integer(), 1U);
  EXPECT_EQ(root.text(),
            R"({"signature":"SRAT","subtables":[{"type":1,"fields":{"base_address":"0x100000000","flags":)"
            R"({"enabled":true,"value":1}}},{"type":0,"raw":"00 10"}],"checksum":null})");
}

TEST(JsonReader, NumbersKeepTheirTextAndOnlyPlainIntegersAreUnsigned) {
  const JsonDocument document = read("[0, 18446744073709551615, 18446744073709551616, -1, 1.5, 2e3, -0]");
  std::vector<std::string> texts;
  std::vector<bool> unsigned_ones;
  for (const JsonValue number : document.root()) {
    texts.emplace_back(number.string());
    unsigned_ones.push_back(number.unsigned_integer().has_value());
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"0", "18446744073709551615", "18446744073709551616", "-1", "1.5",
                                             "2e3", "-0"}));
  EXPECT_EQ(unsigned_ones, (std::vector<bool>{true, true, false, false, false, false, false}));
  EXPECT_EQ(*(*document.root().begin()).unsigned_integer(), 0U);
}

TEST(JsonReader, StringsAreUnescaped) {
  const JsonDocument document = read(R"(["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "\u0000x", "é"])");
  std::vector<std::string> strings;
  for (const JsonValue s : document.root()) strings.emplace_back(s.string());
  EXPECT_EQ(strings, (std::vector<std::string>{"a\"b\\c/d\b\f\n\r\t", "\xC3\xA9\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                               std::string("\0x", 2), "\xC3\xA9"}));
  // Written back as nlohmann writes them.
  EXPECT_EQ(document.root().text(), nlohmann::json::parse(R"(["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00",
                                                              "\u0000x", "é"])").dump());
}

TEST(JsonReader, ErrorsSayLineColumnAndWhat) {
  EXPECT_EQ(read_error(""), "line 1, column 1: expected a value, found the end of the text");
  EXPECT_EQ(read_error("{\"a\": 1,}"), "line 1, column 9: expected a string key");
  EXPECT_EQ(read_error("{\n  \"a\": 1\n  \"b\": 2\n}"), "line 3, column 3: expected ',' or '}' after an object member");
  EXPECT_EQ(read_error("[1 2]"), "line 1, column 4: expected ',' or ']' after an array element");
  EXPECT_EQ(read_error("{\"a\" 1}"), "line 1, column 6: expected ':' after an object key");
  EXPECT_EQ(read_error("[1] x"), "line 1, column 5: expected the end of the text after the value");
  // nlohmann stops at a NUL byte and accepts this; it is not JSON.
  EXPECT_EQ(read_error(std::string_view("2e7\0\x01", 5)), "line 1, column 4: expected the end of the text after the value");
  EXPECT_EQ(read_error("[tru]"), "line 1, column 2: expected a value");
  EXPECT_EQ(read_error("[01]"), "line 1, column 3: expected ',' or ']' after an array element");
  EXPECT_EQ(read_error("[1.]"), "line 1, column 4: expected a digit after '.'");
  EXPECT_EQ(read_error("[1e+]"), "line 1, column 5: expected a digit in the exponent");
  EXPECT_EQ(read_error("[-]"), "line 1, column 2: expected a value");
  EXPECT_EQ(read_error("[1e400]"), "line 1, column 2: the number 1e400 does not fit a double");
  EXPECT_EQ(read_error("[" + std::string(310, '9') + "]"),
            "line 1, column 2: the number " + std::string(310, '9') + " does not fit a double");
  EXPECT_EQ(read_error("\"abc"), "line 1, column 5: expected '\"' to end the string, found the end of the text");
  EXPECT_EQ(read_error("\"a\tb\""), "line 1, column 3: control character 0x09 in a string (escape it)");
  EXPECT_EQ(read_error(R"("\x")"), "line 1, column 2: unknown escape '\\x'");
  EXPECT_EQ(read_error(R"("\u12G4")"), "line 1, column 2: expected four hex digits after \\u");
  EXPECT_EQ(read_error(R"("\u+123")"), "line 1, column 2: expected four hex digits after \\u");
  EXPECT_EQ(read_error(R"("\udc00")"), "line 1, column 2: a low surrogate \\uDC00 without a high one");
  EXPECT_EQ(read_error(R"("\ud800x")"), "line 1, column 2: a high surrogate \\uD800 must be followed by a low one");
  EXPECT_EQ(read_error(R"("\ud800\u0041")"), "line 1, column 2: a high surrogate \\uD800 must be followed by a low one");
  EXPECT_EQ(read_error("\"\xC3\""), "line 1, column 2: bytes that are not UTF-8, from 0xC3");
  EXPECT_EQ(read_error("\"\xC0\xAF\""), "line 1, column 2: bytes that are not UTF-8, from 0xC0");
  EXPECT_EQ(read_error("\"ab\xED\xA0\x80\""), "line 1, column 4: bytes that are not UTF-8, from 0xED");
  EXPECT_EQ(read_error("\"\xF4\x90\x80\x80\""), "line 1, column 2: bytes that are not UTF-8, from 0xF4");
  EXPECT_EQ(read_error("{\"a\": 1, \"b\": 2, \"a\": 3}"), "line 1, column 18: the key \"a\" is given twice in one object");
}

TEST(JsonReader, ManyKeysAreCheckedForRepeatsToo) {
  std::string text = "{";
  for (int i = 0; i < 100; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  EXPECT_TRUE(JsonDocument::parse(text + "\"k\": 0}").ok());
  EXPECT_EQ(read_error(text + "\"k7\": 0}"), "line 1, column 1: the key \"k7\" is given twice in one object");
  // Fewer than 64 keys before the repeat: found where it is.
  EXPECT_EQ(read_error(text.substr(0, 1) + "\"x\": 1, \"x\": 2" + text.substr(1) + "\"k\": 0}"),
            "line 1, column 10: the key \"x\" is given twice in one object");
}

TEST(JsonReader, NestingIsBounded) {
  const std::string deep(kMaxJsonDepth, '[');
  EXPECT_TRUE(JsonDocument::parse(deep + std::string(kMaxJsonDepth, ']')).ok());
  EXPECT_EQ(read_error("[" + deep + std::string(kMaxJsonDepth + 1, ']')),
            "line 1, column 257: nesting deeper than 256");
}

// What nlohmann::json::parse accepts, JsonDocument reads to the same values
// (without repeated keys: it refuses those); what it refuses, so does this.
TEST(JsonReader, AgreesWithNlohmann) {
  const std::vector<std::string> texts = {
      "null", "true", "false", "0", "-0", "12", "-12", "1.25", "1E5", "1e-400", "\"\"", "[]", "{}", " [ 1 , [ ] ] ",
      R"({"b": 1, "a": [true, null, "x"]})", R"("\uD834\uDD1E")", "\"\xF0\x9F\x98\x80\"", "\"\xE0\xA0\x80\"",
      "\"\xEF\xBF\xBF\"", "\"\xF4\x8F\xBF\xBF\"", "\xEF\xBB\xBF{}",
      // refused by both
      "", " ", "nul", "[", "]", "{", "{\"a\"}", "{\"a\":}", "[1,]", "{,}", "01", "+1", ".5", "1.", "0x10", "1e",
      "\"\\u00\"", "\"\\uD800\"", "\"\\uDC00\"", "\"\x80\"", "\"\xE0\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\x01\"",
      "[1] [2]", "\"a\" x", "1e400", "-1e400", "tRue", "[\"a\":1]", "{1:2}", " \xEF\xBB\xBF{}"};
  for (const std::string& text : texts) {
    const auto document = JsonDocument::parse(text);
    const bool nlohmann_accepts = nlohmann::json::accept(text);
    EXPECT_EQ(document.ok(), nlohmann_accepts) << text;
    if (document.ok() && nlohmann_accepts) {
      EXPECT_EQ(nlohmann::json::parse(document->root().text()), nlohmann::json::parse(text)) << text;
    }
  }
}

}  // namespace
}  // namespace numaplan
