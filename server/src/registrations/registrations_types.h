// Applications to join (self-registration) and their decisions.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"

namespace tsunagu::registrations {

struct Application {
  std::string name;
  std::string name_kana;
  std::string profession;
  std::string organization_id;
  std::string region_id;
  std::string email;
  std::string login;
  std::string password;
};

struct Registration {
  std::string id;
  std::string login;
  std::string name;
  std::string name_kana;
  std::string email;
  std::string profession;
  std::string organization_id;
  std::string region_id;
  std::string status;  // pending, approved, rejected
  TimestampMs created_at = 0;
  std::optional<TimestampMs> decided_at;
  std::optional<std::string> decided_by;
  std::optional<std::string> reason;
  std::optional<std::string> user_id;
};

struct RegistrationQuery {
  std::optional<std::string> status;
  std::optional<std::string> region_id;  // nullopt: all regions
  std::optional<std::string> before_id;
  int limit = 50;
};

}  // namespace tsunagu::registrations
