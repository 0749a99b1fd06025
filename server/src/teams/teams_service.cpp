#include "teams/teams_service.h"

#include <algorithm>

#include "common/error.h"

namespace tsunagu::teams {
namespace {

TeamMember FindIn(const std::vector<TeamMember>& members, const std::string& user_id) {
  auto it = std::find_if(members.begin(), members.end(), [&](const TeamMember& m) { return m.user_id == user_id; });
  return *it;
}

}  // namespace

TeamsService::TeamsService(storage::Database& db, const TeamsStore& store, const people::PeopleStore& people,
                           const access::PatientAccess& access, const live::LivePublisher& live, const Clock& clock)
    : db_(db), store_(store), people_(people), access_(access), live_(live), clock_(clock) {}

std::vector<TeamMember> TeamsService::List(const access::Actor& actor, const std::string& patient_id) {
  return access_.Read(actor, patient_id, "team.list", "patient:" + patient_id,
                      [&](storage::Connection& c, const auto& /*grant*/) { return store_.List(c, patient_id); });
}

TeamMember TeamsService::Add(const access::Actor& actor, const std::string& patient_id, const std::string& user_id,
                             const std::string& role) {
  if (role != "member" && role != "lead") throw AppError::InvalidField("role", "lead か member を指定してください");
  const TimestampMs now = clock_.NowMs();
  auto added = db_.Transaction([&](storage::Connection& c) {
    const bool hand_over = role == "lead";
    access_.Require(c, actor, patient_id, hand_over ? access::PatientNeed::kLead : access::PatientNeed::kManageTeam,
                    hand_over ? "team.hand_over_lead" : "team.add", "user:" + user_id);
    if (hand_over) {
      if (user_id == *actor.user_id) throw AppError(ErrorCode::kConflict, "すでに主担当者です", "already_lead");
      if (!store_.FindRole(c, patient_id, user_id))
        throw AppError::InvalidField("user_id", "主担当はチームのメンバーにだけ引き継げます");
      store_.SetRole(c, patient_id, *actor.user_id, "member");
      store_.SetManagesTeam(c, patient_id, *actor.user_id, false);
      store_.SetRole(c, patient_id, user_id, "lead");
    } else {
      auto user = people_.FindUser(c, user_id);
      if (!user || !user->active || !user->organization_id)
        throw AppError::InvalidField("user_id", "追加できる専門職が見つかりません");
      if (!store_.Add(c, patient_id, user_id, "member", *actor.user_id, now))
        throw AppError(ErrorCode::kConflict, "すでにチームのメンバーです", "already_member");
    }
    return FindIn(store_.List(c, patient_id), user_id);
  });
  live_.Publish({"team.changed", patient_id, std::nullopt, {}});
  return added;
}

TeamMember TeamsService::SetManagesTeam(const access::Actor& actor, const std::string& patient_id,
                                        const std::string& user_id, bool manages) {
  auto member = db_.Transaction([&](storage::Connection& c) {
    access_.Require(c, actor, patient_id, access::PatientNeed::kLead,
                    manages ? "team.allow_managing" : "team.disallow_managing", "user:" + user_id);
    auto role = store_.FindRole(c, patient_id, user_id);
    if (!role) throw AppError(ErrorCode::kNotFound, "チームのメンバーではありません");
    if (role == "lead") throw AppError(ErrorCode::kConflict, "主担当者はいつでもチームを管理できます", "already_lead");
    store_.SetManagesTeam(c, patient_id, user_id, manages);
    return FindIn(store_.List(c, patient_id), user_id);
  });
  live_.Publish({"team.changed", patient_id, std::nullopt, {}});
  return member;
}

void TeamsService::Remove(const access::Actor& actor, const std::string& patient_id, const std::string& user_id) {
  db_.Transaction([&](storage::Connection& c) {
    const bool self = actor.user_id == user_id;
    auto grant =
        access_.Require(c, actor, patient_id, self ? access::PatientNeed::kWrite : access::PatientNeed::kManageTeam,
                        self ? "team.leave" : "team.remove", "user:" + user_id);
    if (self && grant.lead())
      throw AppError(ErrorCode::kConflict, "主担当を引き継いでからチームを離れてください", "lead_must_hand_over");
    if (!self && store_.FindRole(c, patient_id, user_id) == "lead")
      throw AppError(ErrorCode::kPermissionDenied, "主担当者をチームから外すことはできません", "cannot_remove_lead");
    if (!store_.Remove(c, patient_id, user_id)) throw AppError(ErrorCode::kNotFound, "チームのメンバーではありません");
  });
  // The removed member is told too: the patient leaves their list.
  live_.Publish({"team.changed", patient_id, std::nullopt, {user_id}});
}

}  // namespace tsunagu::teams
