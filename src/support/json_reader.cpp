// A recursive-descent reader of RFC 8259 text into JsonDocument's flat
// array, accepting what nlohmann::json::parse accepts (tests/support/
// json_reader_test.cpp and fuzz/json_reader_fuzz.cpp hold it to that) but
// duplicate keys, nesting deeper than kMaxJsonDepth and a NUL byte.
#include "numaplan/support/json_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "numaplan/support/format.h"
#include "numaplan/support/json_writer.h"

namespace numaplan {

using Kind = JsonValue::Kind;
using Error = Expected<void>;

class JsonParser {
 public:
  JsonParser(std::string_view text, JsonDocument& document) : text_(text), document_(document) {}

  [[nodiscard]] Error parse_document() {
    if (text_.size() > std::numeric_limits<std::uint32_t>::max()) return error_at(0, "the text is over 4 GiB");
    document_.text_ = text_;
    document_.nodes_.reserve(text_.size() / 16 + 16);  // a dump has a key or value per 16-22 bytes
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // a UTF-8 byte order mark, which nlohmann skips too
    skip_whitespace();
    if (Error e = parse_value(1); !e) return e;
    skip_whitespace();
    if (pos_ != text_.size()) return error("expected the end of the text after the value");
    return {};
  }

 private:
  [[nodiscard]] Error parse_value(std::size_t depth) {
    if (pos_ == text_.size()) return error("expected a value, found the end of the text");
    switch (text_[pos_]) {
      case '{': return parse_object(depth);
      case '[': return parse_array(depth);
      case '"': return parse_string();
      case 't': return parse_literal("true", Kind::boolean, 1);
      case 'f': return parse_literal("false", Kind::boolean, 0);
      case 'n': return parse_literal("null", Kind::null, 0);
      default: return parse_number();
    }
  }

  // A container: opened here, its `end` set once its children are read.
  std::uint32_t open_node(Kind kind) {
    document_.nodes_.push_back({kind, false, 0, 0, 0});
    return static_cast<std::uint32_t>(document_.nodes_.size() - 1);
  }
  void close_node(std::uint32_t index, std::uint32_t length) {
    document_.nodes_[index].end = static_cast<std::uint32_t>(document_.nodes_.size());
    document_.nodes_[index].length = length;
  }
  // A value without children; its chars are `length` at `offset` in the text,
  // or in chars_ when `unescaped`.
  void leaf(Kind kind, std::uint32_t offset, std::uint32_t length, bool unescaped = false) {
    const auto index = static_cast<std::uint32_t>(document_.nodes_.size());
    document_.nodes_.push_back({kind, unescaped, index + 1, offset, length});
  }

  [[nodiscard]] Error parse_array(std::size_t depth) {
    if (depth > kMaxJsonDepth) return error("nesting deeper than " + std::to_string(kMaxJsonDepth));
    std::uint32_t index = 0;
    return parse_container(Kind::array, ']', "expected ',' or ']' after an array element", index,
                           [&](std::uint32_t) { return parse_value(depth + 1); });
  }

  [[nodiscard]] Error parse_object(std::size_t depth) {
    if (depth > kMaxJsonDepth) return error("nesting deeper than " + std::to_string(kMaxJsonDepth));
    const std::size_t object_pos = pos_;
    std::uint32_t index = 0;
    std::uint64_t seen = 0;  // unique_key's summary of the keys read
    const auto member = [&](std::uint32_t count) -> Error {
      if (pos_ == text_.size() || text_[pos_] != '"') return error("expected a string key");
      const std::size_t key_pos = pos_;
      if (Error e = parse_string(); !e) return e;
      if (Error e = unique_key(index, count, key_pos, seen); !e) return e;
      skip_whitespace();
      if (!consume(':')) return error("expected ':' after an object key");
      skip_whitespace();
      return parse_value(depth + 1);
    };
    if (Error e = parse_container(Kind::object, '}', "expected ',' or '}' after an object member", index, member);
        !e) {
      return e;
    }
    return unique_keys_sorted(index, object_pos);
  }

  // An array or object from its opening bracket to `close`: its node
  // (`index`), then its elements or members, each read by `element(count
  // before it)`, separated by commas.
  template <typename Element>
  [[nodiscard]] Error parse_container(Kind kind, char close, std::string_view after_element, std::uint32_t& index,
                                      Element element) {
    index = open_node(kind);
    ++pos_;  // '[' or '{'
    skip_whitespace();
    std::uint32_t count = 0;
    while (!consume(close)) {
      if (count != 0) {
        if (!consume(',')) return error(after_element);
        skip_whitespace();
      }
      if (Error e = element(count); !e) return e;
      ++count;
      skip_whitespace();
    }
    close_node(index, count);
    return {};
  }

  // The key just read (the last node) against the keys before it in the
  // object at `object`. `seen` has a bit for each (length, first and last
  // byte) read so far: only a key whose bit is set can be a repeat, and only
  // such a key is compared with the others (dump's objects hold a few dozen
  // keys). Past kScannedKeys an object's keys are sorted once it closes
  // (unique_keys_sorted), so a hostile object of n keys is not n*n/2 compares.
  static constexpr std::uint32_t kScannedKeys = 64;

  [[nodiscard]] Error unique_key(std::uint32_t object, std::uint32_t count, std::size_t key_pos,
                                 std::uint64_t& seen) const {
    if (count >= kScannedKeys) return {};
    const auto& nodes = document_.nodes_;
    const std::string_view name = JsonValue(document_, static_cast<std::uint32_t>(nodes.size() - 1)).string();
    const std::size_t summary = name.empty() ? 0 : name.size() * 31 + static_cast<unsigned char>(name[0]) * 7 +
                                                       static_cast<unsigned char>(name.back());
    const std::uint64_t bit = std::uint64_t{1} << (summary % 64);
    const bool maybe_repeated = (seen & bit) != 0;
    seen |= bit;
    if (!maybe_repeated) return {};
    for (std::uint32_t child = object + 1; child + 1 < nodes.size(); child = nodes[child + 1].end) {
      if (JsonValue(document_, child).string() == name) return twice(key_pos, name);
    }
    return {};
  }

  [[nodiscard]] Error unique_keys_sorted(std::uint32_t object, std::size_t object_pos) const {
    const JsonValue value(document_, object);
    if (value.size() <= kScannedKeys) return {};
    std::vector<std::string_view> keys;
    keys.reserve(value.size());
    for (JsonValue::Iterator it = value.begin(); it != value.end(); ++it) keys.push_back(it.key());
    std::sort(keys.begin(), keys.end());
    const auto repeated = std::adjacent_find(keys.begin(), keys.end());
    return repeated == keys.end() ? Error{} : twice(object_pos, *repeated);
  }

  Diagnostic twice(std::size_t pos, std::string_view key) const {
    return error_at(pos, "the key \"" + printable_ascii(key) + "\" is given twice in one object");
  }

  [[nodiscard]] Error parse_literal(std::string_view word, Kind kind, std::uint32_t length) {
    if (text_.substr(pos_, word.size()) != word) return error("expected a value");
    pos_ += word.size();
    leaf(kind, 0, length);
    return {};
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, kept as written. One that
  // is not a 64-bit integer must be a finite double, as nlohmann requires.
  [[nodiscard]] Error parse_number() {
    const std::size_t start = pos_;
    consume('-');
    if (consume('0')) {
    } else if (!digits()) {
      return error_at(start, "expected a value");
    }
    bool integer = true;
    if (consume('.')) {
      integer = false;
      if (!digits()) return error("expected a digit after '.'");
    }
    if (consume('e') || consume('E')) {
      integer = false;
      if (!consume('+')) consume('-');
      if (!digits()) return error("expected a digit in the exponent");
    }
    const std::string_view number = text_.substr(start, pos_ - start);
    // An integer beyond 64 bits is a double to nlohmann, and one of over 308
    // digits does not fit that either.
    const bool fits_64_bits = integer && number.size() <= 20;
    if (!fits_64_bits && !std::isfinite(std::strtod(std::string(number).c_str(), nullptr))) {
      return error_at(start, "the number " + std::string(number) + " does not fit a double");
    }
    leaf(Kind::number, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(number.size()));
    return {};
  }

  bool digits() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  // A string without escapes (nearly every one in a dump) is viewed in the
  // text; one with escapes is unescaped into chars_.
  [[nodiscard]] Error parse_string() {
    const std::size_t start = ++pos_;  // after '"'
    pos_ = json_plain_run_end(text_, pos_);
    if (pos_ < text_.size() && text_[pos_] == '"') {
      leaf(Kind::string, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_ - start));
      ++pos_;
      return {};
    }
    std::string& chars = document_.chars_;
    const auto offset = static_cast<std::uint32_t>(chars.size());
    chars.append(text_.data() + start, pos_ - start);
    while (true) {
      const std::size_t run = pos_;
      pos_ = json_plain_run_end(text_, pos_);
      chars.append(text_.data() + run, pos_ - run);
      if (pos_ == text_.size()) return error("expected '\"' to end the string, found the end of the text");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') break;
      if (c == '\\') {
        if (Error e = escape(chars); !e) return e;
      } else if (c < 0x20) {
        return error("control character " + hex_byte(c) + " in a string (escape it)");
      } else if (Error e = utf8_sequence(chars); !e) {
        return e;
      }
    }
    ++pos_;  // '"'
    leaf(Kind::string, offset, static_cast<std::uint32_t>(chars.size() - offset), true);
    return {};
  }

  // JSON's whitespace: one load a byte.
  static constexpr auto kWhitespace = [] {
    std::array<bool, 256> space{};
    space[' '] = space['\n'] = space['\r'] = space['\t'] = true;
    return space;
  }();

  static std::string hex_byte(unsigned char c) { return "0x" + hex(c, 2); }

  // One UTF-8 sequence of two to four bytes (RFC 3629: no overlong form,
  // no surrogate, at most U+10FFFF), copied.
  [[nodiscard]] Error utf8_sequence(std::string& chars) {
    const std::size_t length = utf8_length(text_, pos_);
    if (length == 0) return error("bytes that are not UTF-8, from " + hex_byte(static_cast<unsigned char>(text_[pos_])));
    chars.append(text_.data() + pos_, length);
    pos_ += length;
    return {};
  }

  [[nodiscard]] Error escape(std::string& chars) {
    const std::size_t start = pos_;
    if (pos_ + 1 >= text_.size()) return error("expected an escaped character, found the end of the text");
    const char c = text_[pos_ + 1];
    pos_ += 2;
    switch (c) {
      case '"': chars += '"'; return {};
      case '\\': chars += '\\'; return {};
      case '/': chars += '/'; return {};
      case 'b': chars += '\b'; return {};
      case 'f': chars += '\f'; return {};
      case 'n': chars += '\n'; return {};
      case 'r': chars += '\r'; return {};
      case 't': chars += '\t'; return {};
      case 'u': break;
      default: return error_at(start, "unknown escape '\\" + printable_ascii(std::string_view(&c, 1)) + "'");
    }
    const auto unit = hex4();
    if (!unit) return error_at(start, "expected four hex digits after \\u");
    std::uint32_t code = *unit;
    if (code >= 0xDC00 && code <= 0xDFFF) return error_at(start, "a low surrogate \\u" + hex(code, 4) + " without a high one");
    if (code >= 0xD800 && code <= 0xDBFF) {
      const auto low = text_.substr(pos_, 2) == "\\u" ? (pos_ += 2, hex4()) : std::nullopt;
      if (!low || *low < 0xDC00 || *low > 0xDFFF) {
        return error_at(start, "a high surrogate \\u" + hex(code, 4) + " must be followed by a low one");
      }
      code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
    }
    append_utf8(chars, code);
    return {};
  }

  std::optional<std::uint32_t> hex4() {
    std::uint32_t value = 0;
    if (pos_ + 4 > text_.size()) return std::nullopt;
    const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, value, 16);
    if (ec != std::errc() || end != text_.data() + pos_ + 4 || text_[pos_] == '-' || text_[pos_] == '+') {
      return std::nullopt;
    }
    pos_ += 4;
    return value;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  void skip_whitespace() {
    // A dump's lines are indented by up to a dozen spaces: 8 a test where they are.
    constexpr std::uint64_t kEightSpaces = 0x2020202020202020;
    while (pos_ < text_.size() && kWhitespace[static_cast<unsigned char>(text_[pos_])]) {
      std::uint64_t word = 0;
      if (text_.size() - pos_ >= 8) std::memcpy(&word, text_.data() + pos_, 8);
      pos_ += word == kEightSpaces ? 8 : 1;
    }
  }

  bool consume(char c) {
    if (pos_ == text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  Diagnostic error(std::string_view what) const { return error_at(pos_, what); }

  // "line L, column C: what", both from 1, the column in bytes.
  Diagnostic error_at(std::size_t pos, std::string_view what) const {
    const std::string_view before = text_.substr(0, pos);
    const std::size_t line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    const std::size_t line_start = before.rfind('\n');
    const std::size_t column = pos - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    return make_error(ErrorKind::input, "",
                      "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + std::string(what));
  }

  std::string_view text_;
  JsonDocument& document_;
  std::size_t pos_ = 0;
};

Expected<JsonDocument> JsonDocument::parse(std::string_view text) {
  JsonDocument document;
  JsonParser parser(text, document);
  if (Error e = parser.parse_document(); !e) return std::move(e).error();
  return document;
}

Kind JsonValue::kind() const { return document_->nodes_[index_].kind; }

bool JsonValue::boolean() const { return is_boolean() && document_->nodes_[index_].length != 0; }

std::string_view JsonValue::string() const {
  const JsonDocument::Node& node = document_->nodes_[index_];
  if (node.kind != Kind::string && node.kind != Kind::number) return {};
  // Within the text or chars_: the parser took them from there.
  return {(node.unescaped ? document_->chars_.data() : document_->text_.data()) + node.offset, node.length};
}

std::optional<std::uint64_t> JsonValue::unsigned_integer() const {
  if (!is_number()) return std::nullopt;
  const std::string_view text = string();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::size_t JsonValue::size() const {
  return is_array() || is_object() ? document_->nodes_[index_].length : 0;
}

std::optional<JsonValue> JsonValue::find(std::string_view key) const {
  if (!is_object()) return std::nullopt;
  for (Iterator it = begin(); it != end(); ++it) {
    const std::string_view name = it.key();
    // Length and first byte before memcmp, a call through ASan's and
    // libFuzzer's hooks: the encoder looks up every field of every record.
    if (name.size() == key.size() && (key.empty() || (name[0] == key[0] && name == key))) return it.value();
  }
  return std::nullopt;
}

JsonValue::Iterator& JsonValue::Iterator::operator++() {
  index_ = document_->nodes_[members_ ? index_ + 1 : index_].end;
  return *this;
}

JsonValue JsonValue::Iterator::value() const { return {*document_, index_ + 1}; }

JsonValue::Iterator JsonValue::begin() const {
  if (!is_array() && !is_object()) return end();
  return {*document_, index_ + 1, is_object()};
}

JsonValue::Iterator JsonValue::end() const {
  const JsonDocument::Node& node = document_->nodes_[index_];
  return {*document_, node.end, is_object()};
}

std::string JsonValue::text() const {
  std::string out;
  append_text(out);
  return out;
}

void JsonValue::append_text(std::string& out) const {
  switch (kind()) {
    case Kind::null: out += "null"; return;
    case Kind::boolean: out += boolean() ? "true" : "false"; return;
    case Kind::number: out += string(); return;
    case Kind::string:
      out += '"';
      append_json_escaped(out, string());
      out += '"';
      return;
    case Kind::array:
    case Kind::object: break;
  }
  out += is_array() ? '[' : '{';
  for (Iterator it = begin(); it != end(); ++it) {
    if (it != begin()) out += ',';
    if (is_object()) {
      out += '"';
      append_json_escaped(out, it.key());
      out += "\":";
      it.value().append_text(out);
    } else {
      (*it).append_text(out);
    }
  }
  out += is_array() ? ']' : '}';
}

}  // namespace numaplan
