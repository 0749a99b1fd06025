// Registering patients with consent, reading and changing their profile,
// and withdrawing consent: the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/patient_access.h"
#include "attachments/attachments_store.h"
#include "common/clock.h"
#include "live/live_events.h"
#include "patients/patients_store.h"
#include "people/people_store.h"
#include "storage/database.h"
#include "teams/teams_store.h"

namespace tsunagu::patients {

class PatientsService {
 public:
  PatientsService(storage::Database& db, const PatientsStore& store, const teams::TeamsStore& teams,
                  const people::PeopleStore& people, const attachments::AttachmentsStore& attachments,
                  const access::PatientAccess& access, const live::LivePublisher& live, const Clock& clock);

  // A professional registers a patient; the caller becomes the team's lead.
  // kInvalidArgument naming each bad field (consent included). The consent's
  // optional document (the scan of the signed form) is one of the caller's
  // uploads not attached anywhere yet; it becomes the patient's, seen by the
  // team as any attachment is.
  Patient Register(const access::Actor& actor, const PatientDetails& details, const Consent& consent);
  std::vector<Patient> ListMine(const access::Actor& actor, const std::optional<PatientListCursor>& before, int limit);
  Patient Get(const access::Actor& actor, const std::string& id);
  Patient Update(const access::Actor& actor, const std::string& id, const PatientChanges& changes);
  // The lead ends sharing at once; the data stays, readable to administrators.
  Patient WithdrawConsent(const access::Actor& actor, const std::string& id, const std::string& reason);
  std::pair<int64_t, int64_t> UnreadTotals(const access::Actor& actor);

 private:
  storage::Database& db_;
  const PatientsStore& store_;
  const teams::TeamsStore& teams_;
  const people::PeopleStore& people_;
  const attachments::AttachmentsStore& attachments_;
  const access::PatientAccess& access_;
  const live::LivePublisher& live_;
  const Clock& clock_;
};

}  // namespace tsunagu::patients
