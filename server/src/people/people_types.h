// Regions (municipalities), organisations (事業所) and users (professionals
// and administrators).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace tsunagu::people {

struct Region {
  std::string id;
  std::string name;
  bool require_totp = false;
};

struct Organization {
  std::string id;
  std::string region_id;
  std::string name;
  std::string type;
  bool active = true;  // false once closed
  std::optional<TimestampMs> closed_at{};
  std::optional<std::string> close_reason{};
  int64_t active_member_count = 0;  // active users who belong to it
};

struct OrganizationQuery {
  std::optional<std::string> region_id;
  bool include_closed = false;  // the public list offers open organisations only
  std::optional<std::string> before_id;
  int limit = 50;
};

// What an organisation edit changes; absent fields stay as they are.
struct OrganizationChange {
  std::optional<std::string> name;
  std::optional<std::string> type;
};

struct User {
  std::string id;
  std::string login;
  std::string name;
  std::string name_kana;
  std::string email;
  std::string profession;
  std::optional<std::string> organization_id;
  std::optional<std::string> region_id;
  bool system_admin = false;
  bool region_admin = false;
  bool must_change_password = false;
  bool totp_enabled = false;
  bool active = true;
  TimestampMs created_at = 0;
};

// A user with the secrets that sign-in needs. Never leaves the services.
struct UserCredentials {
  User user;
  std::string password_hash;
  std::optional<std::string> totp_secret;          // base32, once enrolled
  std::optional<std::string> totp_pending_secret;  // base32, during enrolment
  int64_t totp_last_counter = -1;                  // last accepted time step
};

struct NewUser {
  std::string login;
  std::string name;
  std::string name_kana;
  std::string email;
  std::string profession;
  std::optional<std::string> organization_id;
  std::optional<std::string> region_id;
  bool system_admin = false;
  bool region_admin = false;
  std::string password_hash;
};

struct UserQuery {
  std::optional<std::string> region_id;
  std::optional<std::string> text;  // matches name, kana or login
  std::optional<std::string> organization_id;
  std::optional<std::string> profession;
  std::optional<bool> active;
  std::optional<std::string> before_id;
  int limit = 50;
};

// One user as administrators see them (GET /api/v1/users/{id}).
struct UserDetail {
  User user;
  std::optional<std::string> organization_name{};
  bool organization_closed = false;
  std::optional<std::string> region_name{};
  std::optional<TimestampMs> deactivated_at{};
  std::optional<std::string> deactivation_reason{};
};

// Where a professional moves to; an absent region means "the same region".
struct UserMove {
  std::optional<std::string> organization_id;
  std::optional<std::string> region_id;
};

// A professional created by an administrator (the CSV import), as opposed to
// one who applied. The region is the organisation's.
struct NewProfessional {
  std::string login;
  std::string name;
  std::string name_kana;
  std::string email;
  std::string profession;
  std::string organization_id;
  std::string password_hash;
  bool must_change_password = true;
};

// A professional as others see them when building a care team.
struct Professional {
  std::string id;
  std::string name;
  std::string name_kana;
  std::string profession;
  std::string organization_id;
  std::string organization_name;
  std::string region_id;
  std::string region_name;
};

struct ProfessionalQuery {
  std::optional<std::string> text;  // name, kana or organisation name
  std::optional<std::string> profession;
  std::optional<std::string> region_id;
  std::optional<std::string> organization_id;
  std::optional<std::string> after_id;  // paging in kana order
  int limit = 50;
};

// The profession codes of API.md.
const std::vector<std::string_view>& Professions();
bool IsProfession(std::string_view code);

// Organisation (事業所) types.
const std::vector<std::string_view>& OrganizationTypes();
bool IsOrganizationType(std::string_view code);

// An organisation's name: 1 to kMaxOrganizationNameChars characters (code
// points), already trimmed. The rule of the API, the admin screens and the CSV import.
inline constexpr size_t kMaxOrganizationNameChars = 100;
bool IsValidOrganizationName(std::string_view name);

}  // namespace tsunagu::people
