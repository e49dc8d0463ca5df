// JSON written as it is made, for documents too large to build as an
// nlohmann DOM first (a 40 MB SRAT's dump was 3.5 GB of nodes). The layout
// is nlohmann's dump(2), byte for byte: two-space indent, "key": value, empty
// containers as {} and [], control characters as \u00xx. Keys are written
// in the order given; nlohmann's objects hold theirs sorted, so callers give
// them sorted to produce the same document.
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace numaplan {

class JsonWriter {
 public:
  // Text goes to `sink` whenever 64 KiB have gathered, and on finish();
  // without a sink it stays in text().
  explicit JsonWriter(std::ostream* sink = nullptr);

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The key of the next value (inside an object).
  void key(std::string_view name);
  // key() for a name that needs no escaping (snake_case: the descriptions'
  // keys and the dumps' own), written without scanning it: a dump writes a
  // key per field, and the scan was a quarter of key()'s time under the
  // fuzzers' comparison tracing.
  void key_plain(std::string_view name);
  // key_plain(name) and its value, appended at once where they fit a line
  // (the text plain, see json_plain()): a dump's fields and diagnostics are
  // mostly a key and a number or a short string, and each append was a call
  // to the string and a range check of ASan.
  void member(std::string_view name, std::uint64_t number);
  void member(std::string_view name, std::string_view text);

  void value(std::uint64_t number);
  void value(std::int64_t number);
  void value(bool flag);
  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  // A string value that `append(std::string&)` writes into the document
  // itself, not escaped: its text must be plain (json_plain(), e.g. hex
  // digits and spaces). Without the temporary string value() takes.
  template <typename Append>
  void value_plain(Append&& append) {
    before_value();
    out_ += '"';
    append(out_);
    out_ += '"';
  }
  void null();

  // Writes what is left to the sink.
  void finish();
  const std::string& text() const { return out_; }
  // The text, moved out (a writer without a sink): the writer is done.
  std::string take_text() && { return std::move(out_); }

 private:
  void before_value();
  void open(char bracket);
  void close(char bracket);
  char* key_line(std::string_view name, std::size_t room);
  void append_line(const char* end);
  void newline_indent(std::size_t depth, bool comma);
  void maybe_flush();

  std::ostream* sink_;
  std::string out_;
  // Per open container: nothing written in it yet (1) or something (0). Bytes,
  // not vector<bool>: its back() was a call per value under the fuzzers; a
  // string, not a vector: its 15 bytes in place hold the dumps' nesting (at
  // most 8), where the vector was an allocation per writer (per fuzz run).
  std::string empty_;
  bool after_key_ = false;
  // key_line()'s: the dumps' keys at their depths and most of their values (a
  // longer line takes the general path), after ",\n" and line_indent_ spaces;
  // the line to append begins at line_start_ (the comma or the line break).
  std::array<char, 256> line_;
  std::size_t line_indent_ = SIZE_MAX;
  const char* line_start_ = nullptr;
};

// `text` as a JSON string body (no quotes), escaped as nlohmann escapes it;
// bytes that are not UTF-8 become U+FFFD (nlohmann would throw).
void append_json_escaped(std::string& out, std::string_view text);

// True when `text` is written as it is inside a JSON string (no byte to escape).
bool json_plain(std::string_view text);

// Where the run of bytes from `at` that a JSON string holds as they are (not
// '"', '\\', a control byte or a byte >= 0x80) ends: the writer's escape scan
// and the reader's (JsonDocument), 8 bytes a test.
std::size_t json_plain_run_end(std::string_view text, std::size_t at);

// Length of the UTF-8 sequence at `at` (1..4), or 0 when it is not one
// (bad lead byte, missing continuation, overlong form, surrogate, > U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t at);

}  // namespace numaplan
