// JSON text written straight into a string, for the answers that carry many
// objects (a timeline page, the patient list). Building an nlohmann::json
// value first (a std::map per object, a string per key) and then dumping it
// cost about a third of the CPU of a 50-post timeline page (bench/README.md);
// elsewhere nlohmann::json stays the one JSON model. Each type written this
// way has exactly one writer function (posts::WritePost, ...), used for its
// single answers as well as its lists.
//
// Strings are escaped as nlohmann::json does (and invalid UTF-8 replaced by
// U+FFFD, like the server's dump with error_handler_t::replace); callers
// write well-formed sequences: a key before each value inside an object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace tsunagu::http {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // null when absent
  JsonWriter& OptionalString(const std::optional<std::string>& value);
  // RFC 3339 in Japan time (FormatRfc3339Japan)
  JsonWriter& Time(TimestampMs value);
  JsonWriter& OptionalTime(const std::optional<TimestampMs>& value);
  JsonWriter& Strings(const std::vector<std::string>& values);

  // The text written so far; the writer is empty afterwards.
  std::string Take();

 private:
  void BeforeValue();
  void Escaped(std::string_view s);

  std::string out_;
  std::vector<bool> has_items_;  // per open object or array: a member was written
  bool after_key_ = false;
};

}  // namespace tsunagu::http
