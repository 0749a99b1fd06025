// Reads the fields of a JSON object body with checks, collecting every bad
// field, and refusing fields nobody asked for. Call Done() after the last read:
// it throws kInvalidArgument with "fields" naming each problem.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::http {

class JsonFields {
 public:
  // `prefix` is put before every field name in errors ("consent." for a nested object).
  explicit JsonFields(nlohmann::json object, std::string prefix = "")
      : object_(std::move(object)), prefix_(std::move(prefix)) {}

  // Text of 1..max_chars characters (after trimming surrounding spaces);
  // control characters other than line breaks and tabs are refused.
  std::string RequiredString(const std::string& key, size_t max_chars, bool multiline = false);
  std::optional<std::string> OptionalString(const std::string& key, size_t max_chars, bool multiline = false);
  // Text kept exactly as sent (passwords, codes): length in bytes.
  std::string RequiredRaw(const std::string& key, size_t max_bytes);
  std::optional<std::string> OptionalRaw(const std::string& key, size_t max_bytes);
  bool RequiredBool(const std::string& key);
  std::optional<bool> OptionalBool(const std::string& key);
  // A JSON number in [min, max] (finite); `whole` also refuses fractions.
  std::optional<double> OptionalNumber(const std::string& key, double min, double max, bool whole = false);
  double RequiredNumber(const std::string& key, double min, double max, bool whole = false);
  // A list of at most `max_items` strings of at most `max_bytes` each; absent is empty.
  std::vector<std::string> StringList(const std::string& key, size_t max_items, size_t max_bytes);
  // Marks a field as read elsewhere (a nested object).
  void Skip(const std::string& key) { seen_.insert(key); }

  void Done();

 private:
  const nlohmann::json* Take(const std::string& key);
  void Bad(const std::string& key, const std::string& message) { errors_.emplace(prefix_ + key, message); }

  nlohmann::json object_;
  std::string prefix_;
  std::set<std::string> seen_;
  std::map<std::string, std::string> errors_;
};

}  // namespace tsunagu::http
