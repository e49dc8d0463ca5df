#include "numaplan/support/json_writer.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "numaplan/support/format.h"

namespace numaplan {

namespace {

constexpr std::size_t kFlushAt = std::size_t{1} << 16;
// A writer's room when it has a sink: 64 KiB and the value that crosses it,
// allocated once (grown by doubling, the buffer's smaller copies stayed
// resident in the heap, 0.1 MiB of a large dump's peak memory). 96 KiB, not
// 128: ASan serves a block of 128 KiB and its redzone with an mmap and a
// munmap (and page faults on every page), which a third of the fuzzed tables'
// dumps paid; 96 KiB comes from its heap, as from glibc's (below its mmap
// threshold).
constexpr std::size_t kRoom = kFlushAt + kFlushAt / 2;
// ",\n" and the spaces of 32 levels of indent, deeper than the dumps nest.
constexpr std::string_view kSeparatorLine = ",\n                                                                ";

// `text` at `at`, returns its end: a dump's key or short value into the key
// line. Copied 8 bytes at a time, the last 8 overlapping the one before: a
// copy of a fixed 8 bytes is a load and a store, which ASan checks inline
// (both ends of an unaligned one), where memcpy of n bytes was a call to
// __asan_memcpy and its two range checks, and std::copy ASan's byte loop
// (internal_memmove). Copies and their checks were a quarter of
// dump_json_fuzz's target code; copying the key line's pieces this way took
// 3 % off it (the line's append to the text is the rest). The empty view's
// null data is not read.
char* put_text(char* at, std::string_view text) {
  const char* from = text.data();
  const std::size_t n = text.size();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) std::memcpy(at + i, from + i, 8);
    std::memcpy(at + n - 8, from + n - 8, 8);
  } else {
    for (std::size_t i = 0; i < n; ++i) at[i] = from[i];
  }
  return at + n;
}

}  // namespace

std::size_t utf8_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(at + i) & 0x3Fu);
  }
  if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
      (length == 4 && (code < 0x10000 || code > 0x10FFFF))) {
    return 0;
  }
  return length;
}

namespace {

// The high bit of each byte of `word` that is not plain ASCII for JSON (a
// control byte, '"', '\\' or a byte >= 0x80), by the bit tricks of "Bit
// Twiddling Hacks" (hasless, haszero): a borrow can mark a byte above a
// marked one, so only the lowest mark is exact, the first such byte.
std::uint64_t escaped_bytes(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighBits = 0x8080808080808080;
  const auto zero_bytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighBits; };
  const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHighBits;
  return control | (word & kHighBits) | zero_bytes(word ^ (kOnes * '"')) | zero_bytes(word ^ (kOnes * '\\'));
}

// The `n` (1..8) bytes at `text` as a word, text[0] lowest; 'a's (plain)
// after them.
std::uint64_t word_at(const char* text, std::size_t n) {
  std::uint64_t word = 0x6161616161616161;
  std::memcpy(&word, text, n);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

}  // namespace

// 8 bytes a test: dumps are mostly plain ASCII, and a test per byte was four
// compares the fuzzers' comparison tracing recorded for every byte written.
// Whole words are loaded with a fixed-size copy (a load, where a copy of n
// bytes was a call that ASan checks) and one compare each beside the loop's.
std::size_t json_plain_run_end(std::string_view text, std::size_t at) {
  for (; text.size() - at >= 8; at += 8) {
    if (const std::uint64_t escaped = escaped_bytes(word_at(text.data() + at, 8)); escaped != 0) {
      return at + static_cast<std::size_t>(std::countr_zero(escaped)) / 8;
    }
  }
  if (at == text.size()) return at;
  const std::uint64_t escaped = escaped_bytes(word_at(text.data() + at, text.size() - at));
  return escaped != 0 ? at + static_cast<std::size_t>(std::countr_zero(escaped)) / 8 : text.size();
}

void append_json_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    // The common case, a run of plain ASCII, is appended at once.
    const std::size_t end = json_plain_run_end(text, i);
    out.append(text.substr(i, end - i));
    if (end == text.size()) return;
    i = end;
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          append_hex(out, c, 2, false);
        } else if (const std::size_t length = utf8_length(text, i); length != 0) {
          out.append(text.substr(i, length));
          i += length;
          continue;
        } else {
          out += "\xEF\xBF\xBD";
        }
    }
    ++i;
  }
}

// The separator (`comma`) and the line break and indent before a value, in
// one append: as three (the comma, '\n', the spaces), they were a call to
// the string and a range check of ASan each, per value written.
void JsonWriter::newline_indent(std::size_t depth, bool comma) {
  const std::size_t indent = 2 * depth;
  if (indent + 2 <= kSeparatorLine.size()) {
    out_.append(kSeparatorLine.substr(comma ? 0 : 1, (comma ? 2 : 1) + indent));
    return;
  }
  out_ += comma ? ",\n" : "\n";
  out_.append(indent, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;  // the document's value
  const bool comma = empty_.back() == 0;
  empty_.back() = 0;
  newline_indent(empty_.size(), comma);
}

bool json_plain(std::string_view text) { return json_plain_run_end(text, 0) == text.size(); }

void JsonWriter::key(std::string_view name) {
  if (json_plain(name)) return key_plain(name);
  before_value();
  out_ += '"';
  append_json_escaped(out_, name);
  out_ += "\": ";
  after_key_ = true;
}

// The key's line (",\n", the indent, "\"name\": ") built in line_ and
// appended once: dump writes a key per field, and appending its pieces (or
// growing the string and filling it) was a fifth of writing the JSON. line_
// is the writer's, not a local: ASan poisoned and unpoisoned a local buffer's
// redzones on every call, two fifths of key_plain()'s own time under
// dump_json_fuzz (perf annotate). It keeps ",\n" and the indent of the last
// key's depth, rewritten only when the depth changes (most keys follow one at
// their depth): ASan's memset and memmove of them, and its byte loop of a
// memmove (put_text), were half of this function under dump_json_fuzz.
char* JsonWriter::key_line(std::string_view name, std::size_t room) {
  const std::size_t indent = 2 * empty_.size();
  if (after_key_ || empty_.empty() || 2 + indent > kSeparatorLine.size() ||
      2 + indent + 1 + name.size() + 3 + room > line_.size()) {
    return nullptr;
  }
  if (line_indent_ != indent) {
    std::memcpy(line_.data(), kSeparatorLine.data(), 2 + indent);
    line_indent_ = indent;
  }
  line_start_ = line_.data() + (empty_.back() == 0 ? 0 : 1);  // the comma or not
  empty_.back() = 0;
  char* at = line_.data() + 2 + indent;
  *at++ = '"';
  return put_text(put_text(at, name), "\": ");
}

// By length: append(first, last) is a replace() at the end, its aliasing test
// and memmove included.
void JsonWriter::append_line(const char* end) { out_.append(line_start_, static_cast<std::size_t>(end - line_start_)); }

void JsonWriter::key_plain(std::string_view name) {
  if (char* const end = key_line(name, 0)) {
    append_line(end);
    after_key_ = true;
    return;
  }
  before_value();
  out_ += '"';
  out_ += name;
  out_ += "\": ";
  after_key_ = true;
}

void JsonWriter::member(std::string_view name, std::uint64_t number) {
  if (char* const end = key_line(name, 20)) return append_line(put_decimal(end, number));
  key_plain(name);
  value(number);
}

void JsonWriter::member(std::string_view name, std::string_view text) {
  if (json_plain(text)) {
    if (char* at = key_line(name, text.size() + 2)) {
      *at++ = '"';
      at = put_text(at, text);
      *at++ = '"';
      return append_line(at);
    }
  }
  key_plain(name);
  value(text);
}

void JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  empty_.push_back(1);
}

void JsonWriter::close(char bracket) {
  const bool was_empty = empty_.back() != 0;
  empty_.pop_back();
  if (!was_empty) newline_indent(empty_.size(), false);
  out_ += bracket;
  maybe_flush();
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  append_decimal(out_, number);
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  if (number < 0) out_ += '-';
  append_decimal(out_, number < 0 ? 0 - static_cast<std::uint64_t>(number) : static_cast<std::uint64_t>(number));
}

void JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
}

void JsonWriter::value(std::string_view text) {
  before_value();
  out_ += '"';
  append_json_escaped(out_, text);
  out_ += '"';
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

JsonWriter::JsonWriter(std::ostream* sink) : sink_(sink) {
  // A table's dump is a few KiB: grown to it by doubling from 15 bytes, the
  // text was eight allocations, each one filled and copied under ASan (a
  // tenth of dump_json_fuzz's CPU over its corpus). With a sink, all of
  // kRoom at once: reserved when the document passed 4 KiB (half of the
  // fuzzed tables' dumps do), the first 4 KiB were a second allocation, its
  // fill and a copy (dump_json_fuzz's target code ran 8 % faster without).
  out_.reserve(sink_ != nullptr ? kRoom : kFlushAt / 16);
}

void JsonWriter::maybe_flush() {
  if (sink_ == nullptr || out_.size() < kFlushAt) return;
  sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
  out_.clear();
}

void JsonWriter::finish() {
  if (sink_ == nullptr) return;
  sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
  out_.clear();
}

}  // namespace numaplan
