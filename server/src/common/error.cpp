#include "common/error.h"

#include <utility>

namespace tsunagu {

AppError::AppError(ErrorCode code, const std::string& message, std::string api_code,
                   std::map<std::string, std::string> fields)
    : std::runtime_error(message),
      code_(code),
      api_code_(api_code.empty() ? DefaultApiCode(code) : std::move(api_code)),
      fields_(std::move(fields)) {}

AppError AppError::InvalidField(const std::string& field, const std::string& message) {
  return AppError(ErrorCode::kInvalidArgument, "入力内容に誤りがあります", "invalid_argument", {{field, message}});
}

const char* DefaultApiCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kUnsupportedType:
      return "unsupported_media_type";
    case ErrorCode::kRateLimited:
      return "rate_limited";
  }
  return "error";
}

int HttpStatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnsupportedType:
      return 415;
    case ErrorCode::kRateLimited:
      return 429;
  }
  return 500;
}

}  // namespace tsunagu
