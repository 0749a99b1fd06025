// Who is acting: the signed-in user behind a request, or nobody.
#pragma once

#include <optional>
#include <string>

namespace tsunagu::access {

struct Actor {
  std::optional<std::string> user_id;  // nullopt when signed out
  std::optional<std::string> region_id;
  std::optional<std::string> organization_id;
  bool system_admin = false;
  bool region_admin = false;
  std::string session_id;
  std::string csrf_token;
  // The session may only finish set-up (TOTP enrolment, password change).
  bool totp_enrolment_required = false;
  bool password_change_required = false;
  std::string ip;

  bool signed_in() const { return user_id.has_value(); }
  // A professional: belongs to an organisation (system administrators may not).
  bool professional() const { return organization_id.has_value(); }
  // Administers `region_id`: its region admin, or any system admin.
  bool AdministersRegion(const std::optional<std::string>& region) const {
    return system_admin || (region_admin && region && region_id == region);
  }
};

}  // namespace tsunagu::access
