// The one error type for expected failures. Handlers never build HTTP errors
// themselves: they throw AppError and http/ maps it to a status once.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace tsunagu {

enum class ErrorCode {
  kInvalidArgument,   // 400
  kUnauthenticated,   // 401
  kPermissionDenied,  // 403
  kNotFound,          // 404
  kConflict,          // 409
  kTooLarge,          // 413
  kUnsupportedType,   // 415
  kRateLimited,       // 429
};

// An expected failure with a machine-readable code and a Japanese message for
// the user. `fields` names each bad input field (for kInvalidArgument).
class AppError : public std::runtime_error {
 public:
  AppError(ErrorCode code, const std::string& message, std::string api_code = "",
           std::map<std::string, std::string> fields = {});

  // Convenience for one bad field.
  static AppError InvalidField(const std::string& field, const std::string& message);

  ErrorCode code() const { return code_; }
  // The snake_case code clients see, e.g. "invalid_argument" or "totp_required".
  const std::string& api_code() const { return api_code_; }
  const std::map<std::string, std::string>& fields() const { return fields_; }

 private:
  ErrorCode code_;
  std::string api_code_;
  std::map<std::string, std::string> fields_;
};

// The default snake_case code of each ErrorCode.
const char* DefaultApiCode(ErrorCode code);
int HttpStatusOf(ErrorCode code);

}  // namespace tsunagu
