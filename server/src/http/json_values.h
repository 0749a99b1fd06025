// JSON values for optional fields: null when absent.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/time_format.h"

namespace tsunagu::http {

inline nlohmann::json OptionalText(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// RFC 3339 in Japan time, or null.
inline nlohmann::json OptionalTime(const std::optional<TimestampMs>& t) {
  return t ? nlohmann::json(FormatRfc3339Japan(*t)) : nlohmann::json(nullptr);
}

}  // namespace tsunagu::http
