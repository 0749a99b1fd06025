#include "http/json_fields.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "common/error.h"
#include "common/utf8.h"

namespace tsunagu::http {
namespace {

std::string Trim(const std::string& s) {
  // Trims ASCII whitespace and the ideographic space (U+3000, E3 80 80).
  size_t b = 0;
  size_t e = s.size();
  for (;;) {
    if (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) {
      ++b;
    } else if (e - b >= 3 && s.compare(b, 3, "\xE3\x80\x80") == 0) {
      b += 3;
    } else {
      break;
    }
  }
  for (;;) {
    if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) {
      --e;
    } else if (e - b >= 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0) {
      e -= 3;
    } else {
      break;
    }
  }
  return s.substr(b, e - b);
}

bool HasForbiddenControl(const std::string& s, bool multiline) {
  return std::ranges::any_of(s, [multiline](unsigned char ch) {
    return ch == 0x7F || (ch < 0x20 && !(multiline && (ch == '\n' || ch == '\r' || ch == '\t')));
  });
}

// 100, 9.1, 1000000000: no exponent, no trailing zeros.
std::string FormatNumber(double d) {
  std::ostringstream out;
  out << std::setprecision(12) << std::noshowpoint << d;
  return out.str();
}

}  // namespace

const nlohmann::json* JsonFields::Take(const std::string& key) {
  seen_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> JsonFields::OptionalString(const std::string& key, size_t max_chars, bool multiline) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Bad(key, "文字列で指定してください");
    return std::nullopt;
  }
  std::string s = Trim(v->get<std::string>());
  if (HasForbiddenControl(s, multiline)) {
    Bad(key, "使えない制御文字が含まれています");
    return std::nullopt;
  }
  if (CountCodePoints(s) > max_chars) {
    Bad(key, std::to_string(max_chars) + "文字以内にしてください");
    return std::nullopt;
  }
  return s;
}

std::string JsonFields::RequiredString(const std::string& key, size_t max_chars, bool multiline) {
  const bool present = object_.contains(key) && !object_.at(key).is_null();
  auto s = OptionalString(key, max_chars, multiline);
  if (!present) Bad(key, "入力してください");
  if (s && s->empty()) Bad(key, "入力してください");
  return s.value_or("");
}

std::optional<std::string> JsonFields::OptionalRaw(const std::string& key, size_t max_bytes) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Bad(key, "文字列で指定してください");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    Bad(key, "長すぎます");
    return std::nullopt;
  }
  return s;
}

std::string JsonFields::RequiredRaw(const std::string& key, size_t max_bytes) {
  const bool present = object_.contains(key) && !object_.at(key).is_null();
  auto s = OptionalRaw(key, max_bytes);
  if (!present || (s && s->empty())) Bad(key, "入力してください");
  return s.value_or("");
}

std::optional<bool> JsonFields::OptionalBool(const std::string& key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Bad(key, "true か false で指定してください");
    return std::nullopt;
  }
  return v->get<bool>();
}

bool JsonFields::RequiredBool(const std::string& key) {
  const bool present = object_.contains(key) && !object_.at(key).is_null();
  auto b = OptionalBool(key);
  if (!present) Bad(key, "指定してください");
  return b.value_or(false);
}

std::optional<double> JsonFields::OptionalNumber(const std::string& key, double min, double max, bool whole) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  const std::string range = FormatNumber(min) + "〜" + FormatNumber(max);
  if (!v->is_number()) {
    Bad(key, range + "の数値で指定してください");
    return std::nullopt;
  }
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    Bad(key, range + "の範囲で指定してください");
    return std::nullopt;
  }
  if (whole && d != std::floor(d)) {
    Bad(key, "整数で指定してください");
    return std::nullopt;
  }
  return d;
}

double JsonFields::RequiredNumber(const std::string& key, double min, double max, bool whole) {
  const bool present = object_.contains(key) && !object_.at(key).is_null();
  auto d = OptionalNumber(key, min, max, whole);
  if (!present) Bad(key, "指定してください");
  return d.value_or(0);
}

std::vector<std::string> JsonFields::StringList(const std::string& key, size_t max_items, size_t max_bytes) {
  const auto* v = Take(key);
  std::vector<std::string> out;
  if (!v) return out;
  if (!v->is_array() || v->size() > max_items) {
    Bad(key, std::to_string(max_items) + "個以内の文字列の配列で指定してください");
    return out;
  }
  for (const auto& item : *v) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        item.get_ref<const std::string&>().size() > max_bytes) {
      Bad(key, "文字列の配列で指定してください");
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

void JsonFields::Done() {
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) Bad(key, "この項目は受け付けていません");
  }
  if (!errors_.empty())
    throw AppError(ErrorCode::kInvalidArgument, "入力内容に誤りがあります", "invalid_argument", errors_);
}

}  // namespace tsunagu::http
