#include "http/request.h"

#include "common/error.h"

namespace tsunagu::http {

std::optional<std::string> Request::QueryParam(const std::string& name) const {
  auto [begin, end] = query.equal_range(name);
  if (begin == end) return std::nullopt;
  if (std::next(begin) != end) throw AppError::InvalidField(name, "同じ項目が複数指定されています");
  return begin->second;
}

std::optional<bool> Request::BoolQueryParam(const std::string& name) const {
  auto v = QueryParam(name);
  if (!v) return std::nullopt;
  if (*v != "true" && *v != "false") throw AppError::InvalidField(name, "true か false を指定してください");
  return *v == "true";
}

std::optional<std::string> Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

Json Request::JsonBody() const {
  auto type = Header("content-type").value_or("");
  auto semi = type.find(';');
  std::string mime = type.substr(0, semi);
  while (!mime.empty() && mime.back() == ' ') mime.pop_back();
  for (auto& ch : mime) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (body.empty() && mime.empty()) return Json::object();
  if (mime != "application/json")
    throw AppError(ErrorCode::kUnsupportedType, "JSON（application/json）で送信してください");
  Json parsed;
  try {
    parsed = Json::parse(body);
  } catch (const Json::parse_error&) {
    throw AppError(ErrorCode::kInvalidArgument, "JSONとして読み取れません（形式または文字コードが正しくありません）",
                   "invalid_json");
  }
  if (!parsed.is_object())
    throw AppError(ErrorCode::kInvalidArgument, "JSONオブジェクトを送信してください", "invalid_json");
  return parsed;
}

}  // namespace tsunagu::http
