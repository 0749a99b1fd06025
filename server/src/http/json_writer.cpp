#include "http/json_writer.h"

#include <algorithm>
#include <charconv>

#include "common/time_format.h"
#include "common/utf8.h"

namespace tsunagu::http {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) out_ += ',';
    has_items_.back() = true;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_ += '}';
  has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_ += ']';
  has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  Escaped(key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  Escaped(value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::OptionalString(const std::optional<std::string>& value) {
  return value ? String(*value) : Null();
}

JsonWriter& JsonWriter::Time(TimestampMs value) { return String(FormatRfc3339Japan(value)); }

JsonWriter& JsonWriter::OptionalTime(const std::optional<TimestampMs>& value) { return value ? Time(*value) : Null(); }

JsonWriter& JsonWriter::Strings(const std::vector<std::string>& values) {
  BeginArray();
  for (const auto& v : values) String(v);
  return EndArray();
}

std::string JsonWriter::Take() {
  std::string text = std::move(out_);
  out_.clear();
  has_items_.clear();
  after_key_ = false;
  return text;
}

void JsonWriter::Escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  // Keys, ids, times and categories are plain ASCII: one pass, one copy.
  if (std::all_of(s.begin(), s.end(), [](char c) {
        const auto ch = static_cast<unsigned char>(c);
        return ch >= 0x20 && ch < 0x80 && ch != '"' && ch != '\\';
      })) {
    out_.append(s);
    out_ += '"';
    return;
  }
  while (!s.empty()) {
    // The well-formed part up to the first bad sequence, then U+FFFD for its
    // first byte, then on.
    const size_t bad = ScanUtf8(s).invalid_at;
    const std::string_view good = s.substr(0, bad);
    size_t run = 0;  // bytes copied as they are
    for (size_t i = 0; i < good.size(); ++i) {
      const auto ch = static_cast<unsigned char>(good[i]);
      if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
      out_.append(good.data() + run, i - run);
      run = i + 1;
      switch (ch) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += "\\u00";
          out_ += kHex[ch >> 4];
          out_ += kHex[ch & 15];
      }
    }
    out_.append(good.data() + run, good.size() - run);
    if (bad == std::string_view::npos) break;
    out_ += "\xEF\xBF\xBD";
    s.remove_prefix(bad + 1);
  }
  out_ += '"';
}

}  // namespace tsunagu::http
