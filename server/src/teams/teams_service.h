// Care teams: who may see a patient. Any approved professional of any region
// can be added (広域連携). The lead, and the members the lead allows, add and
// remove members; only the lead hands over the lead and allows members.
#pragma once

#include <string>
#include <vector>

#include "access/actor.h"
#include "access/patient_access.h"
#include "common/clock.h"
#include "live/live_events.h"
#include "people/people_store.h"
#include "storage/database.h"
#include "teams/teams_store.h"

namespace tsunagu::teams {

class TeamsService {
 public:
  TeamsService(storage::Database& db, const TeamsStore& store, const people::PeopleStore& people,
               const access::PatientAccess& access, const live::LivePublisher& live, const Clock& clock);

  std::vector<TeamMember> List(const access::Actor& actor, const std::string& patient_id);
  // role "member": adds an approved, active professional (kConflict
  // "already_member" when on the team). role "lead" (the lead only): hands the
  // lead to an existing member; the caller becomes a member (who manages the
  // team only if the new lead allows it).
  TeamMember Add(const access::Actor& actor, const std::string& patient_id, const std::string& user_id,
                 const std::string& role);
  // The lead allows a member to add and remove members, or takes it back.
  TeamMember SetManagesTeam(const access::Actor& actor, const std::string& patient_id, const std::string& user_id,
                            bool manages);
  // A team manager removes a member other than the lead (kPermissionDenied
  // "cannot_remove_lead"), or a member leaves. The lead cannot leave without
  // handing over (kConflict "lead_must_hand_over").
  void Remove(const access::Actor& actor, const std::string& patient_id, const std::string& user_id);

 private:
  storage::Database& db_;
  const TeamsStore& store_;
  const people::PeopleStore& people_;
  const access::PatientAccess& access_;
  const live::LivePublisher& live_;
  const Clock& clock_;
};

}  // namespace tsunagu::teams
