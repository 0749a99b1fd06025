// Storage of patients and their consents. Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "patients/patients_types.h"
#include "storage/database.h"

namespace tsunagu::patients {

class PatientsStore {
 public:
  using Connection = storage::Connection;

  void Insert(Connection& c, const std::string& id, const PatientDetails& d, const std::string& created_by,
              TimestampMs now) const;
  void InsertConsent(Connection& c, const std::string& id, const std::string& patient_id, const Consent& consent,
                     const std::string& recorded_by, TimestampMs now) const;
  // The patient with its active (or, once withdrawn, its last) consent, seen by `viewer_id`.
  std::optional<Patient> Find(Connection& c, const std::string& id, const std::string& viewer_id) const;
  // The viewer's active patients, most recent activity first.
  std::vector<Patient> ListForMember(Connection& c, const std::string& user_id,
                                     const std::optional<PatientListCursor>& before, int limit) const;
  void Update(Connection& c, const std::string& id, const PatientDetails& d, TimestampMs now) const;
  // Ends the active consent and the sharing. False when it was already withdrawn.
  bool WithdrawConsent(Connection& c, const std::string& patient_id, const std::string& by, const std::string& reason,
                       TimestampMs now) const;
  // Sums of the member's counters over active patients: {unread, urgent unread}.
  std::pair<int64_t, int64_t> UnreadTotals(Connection& c, const std::string& user_id) const;
};

}  // namespace tsunagu::patients
