// People cared for at home (支援対象者) and the consent that lets their team
// share what it knows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace tsunagu::patients {

struct Consent {
  std::string obtained_at;  // YYYY-MM-DD
  std::string obtained_by;  // user id
  std::string scope;        // team | team_and_family
  std::string method;       // written | verbal | electronic
  std::optional<std::string> document_attachment_id;
};

struct PatientDetails {
  std::string name;
  std::string name_kana;
  std::string birth_date;  // YYYY-MM-DD
  std::string sex;         // male | female | other | unknown
  std::string address;
  std::string region_id;
  std::string care_level;  // support_1 … care_5 | not_certified | applying
};

struct Patient {
  std::string id;
  PatientDetails details;
  Consent consent;
  std::string status;  // active | withdrawn
  TimestampMs created_at = 0;
  std::optional<TimestampMs> last_post_at;
  // The caller's view:
  std::optional<std::string> my_role;  // lead | member; nullopt for an administrator
  int64_t unread_count = 0;
  int64_t urgent_unread_count = 0;
};

// Optional changes to a patient's details (PATCH).
struct PatientChanges {
  std::optional<std::string> name;
  std::optional<std::string> name_kana;
  std::optional<std::string> birth_date;
  std::optional<std::string> sex;
  std::optional<std::string> address;
  std::optional<std::string> care_level;
};

struct PatientListCursor {
  TimestampMs activity = 0;  // last post, or registration when no post yet
  std::string id;
};

bool IsSex(std::string_view v);
bool IsCareLevel(std::string_view v);
bool IsConsentScope(std::string_view v);
bool IsConsentMethod(std::string_view v);

}  // namespace tsunagu::patients
