// JSON text read into one flat array of values: the encoder's input.
// nlohmann::json's DOM keeps every object in a std::map and every key and
// string in an allocation of its own; read back from dump's JSON, that was
// most of the round trip's time and allocations (see README, Fuzzing). Here
// a document views the text and is one or two allocations, values are found
// by index, and a member is looked up by a scan of its object (dump's
// objects hold a few dozen keys).
// The text is RFC 8259 JSON as nlohmann::json::parse accepts it (UTF-8
// checked, \u escapes with surrogate pairs), with three refusals more: a key
// given twice in one object (nlohmann keeps the last, and an edited table
// would lose the other silently), nesting deeper than kMaxJsonDepth, and a
// NUL byte after the value (nlohmann's lexer takes it for the end of the text).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/support/expected.h"

namespace numaplan {

inline constexpr std::size_t kMaxJsonDepth = 256;

class JsonDocument;

// One value of a JsonDocument, which must outlive it.
class JsonValue {
 public:
  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };

  Kind kind() const;
  bool is_null() const { return kind() == Kind::null; }
  bool is_boolean() const { return kind() == Kind::boolean; }
  bool is_number() const { return kind() == Kind::number; }
  bool is_string() const { return kind() == Kind::string; }
  bool is_array() const { return kind() == Kind::array; }
  bool is_object() const { return kind() == Kind::object; }

  // A boolean's value; false for any other kind.
  bool boolean() const;
  // A string's characters, unescaped (UTF-8); a number's text as written;
  // empty for any other kind.
  std::string_view string() const;
  // A number written as a non-negative integer that fits 64 bits (no sign,
  // fraction or exponent); nullopt for any other value.
  std::optional<std::uint64_t> unsigned_integer() const;

  // An array's elements or an object's members; 0 for any other kind.
  std::size_t size() const;
  // The value of `key` in an object; nullopt when absent or not an object.
  std::optional<JsonValue> find(std::string_view key) const;

  // Children in document order: an array's elements, or an object's members
  // (key() is the member's name, value() its value).
  class Iterator {
   public:
    // An array's element (on an object, the member's key).
    JsonValue operator*() const { return {*document_, index_}; }
    Iterator& operator++();
    bool operator==(const Iterator& other) const { return index_ == other.index_; }
    // An object member's name and value (the iterator stands on the key).
    std::string_view key() const { return JsonValue(*document_, index_).string(); }
    JsonValue value() const;

   private:
    friend class JsonValue;
    Iterator(const JsonDocument& document, std::uint32_t index, bool members)
        : document_(&document), index_(index), members_(members) {}
    const JsonDocument* document_;
    std::uint32_t index_;
    bool members_;  // an object's: each step passes a key and its value
  };
  Iterator begin() const;
  Iterator end() const;

  // Compact JSON (no spaces), as nlohmann's dump() writes it, members in
  // document order and numbers as written: for messages.
  std::string text() const;

 private:
  friend class JsonDocument;
  friend class JsonParser;
  JsonValue(const JsonDocument& document, std::uint32_t index) : document_(&document), index_(index) {}
  void append_text(std::string& out) const;
  const JsonDocument* document_;
  std::uint32_t index_;
};

class JsonDocument {
 public:
  // The document views `text` (its strings without escapes, its numbers),
  // which must outlive it. Errors (kind input) say "line L, column C: " and
  // what was expected there.
  static Expected<JsonDocument> parse(std::string_view text);

  JsonValue root() const { return {*this, 0}; }

 private:
  friend class JsonValue;
  friend class JsonParser;
  // A value: `end` is the index after its subtree (the next sibling);
  // strings and numbers are `length` chars at `offset` in the text, or in
  // chars_ when `unescaped`; arrays and objects have `length` elements or
  // members (an object's children are its keys and values in turn); a
  // boolean's `length` is its value.
  struct Node {
    JsonValue::Kind kind;
    bool unescaped;
    std::uint32_t end;
    std::uint32_t offset;
    std::uint32_t length;
  };
  std::string_view text_;
  std::vector<Node> nodes_;
  std::string chars_;  // the strings that had escapes, unescaped
};

}  // namespace numaplan
