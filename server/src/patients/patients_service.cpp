#include "patients/patients_service.h"

#include <map>

#include "access/access_policy.h"
#include "common/crypto.h"
#include "common/error.h"
#include "common/time_format.h"
#include "registrations/registrations_service.h"

namespace tsunagu::patients {
namespace {

using FieldErrors = std::map<std::string, std::string>;

void CheckDetails(const PatientDetails& d, FieldErrors& bad, TimestampMs now) {
  try {
    registrations::CheckKana("name_kana", d.name_kana);
  } catch (const AppError& e) {
    bad.insert(e.fields().begin(), e.fields().end());
  }
  if (!IsValidDate(d.birth_date) || d.birth_date < "1890-01-01" || *ParseRfc3339(d.birth_date) > now)
    bad["birth_date"] = "生年月日を正しく入力してください（YYYY-MM-DD）";
  if (!IsSex(d.sex)) bad["sex"] = "性別を選んでください";
  if (!IsCareLevel(d.care_level)) bad["care_level"] = "要介護度を選んでください";
}

[[noreturn]] void ThrowIfAny(const FieldErrors& bad) {
  throw AppError(ErrorCode::kInvalidArgument, "入力内容に誤りがあります", "invalid_argument", bad);
}

}  // namespace

PatientsService::PatientsService(storage::Database& db, const PatientsStore& store, const teams::TeamsStore& teams,
                                 const people::PeopleStore& people, const attachments::AttachmentsStore& attachments,
                                 const access::PatientAccess& access, const live::LivePublisher& live,
                                 const Clock& clock)
    : db_(db),
      store_(store),
      teams_(teams),
      people_(people),
      attachments_(attachments),
      access_(access),
      live_(live),
      clock_(clock) {}

Patient PatientsService::Register(const access::Actor& actor, const PatientDetails& details, const Consent& consent) {
  access::RequireSignedIn(actor);
  if (!actor.professional())
    throw AppError(ErrorCode::kPermissionDenied, "利用者の登録は事業所に所属する専門職が行います");
  const TimestampMs now = clock_.NowMs();
  FieldErrors bad;
  CheckDetails(details, bad, now);
  if (!IsValidDate(consent.obtained_at) || *ParseRfc3339(consent.obtained_at) > now)
    bad["consent.obtained_at"] = "同意を得た日を正しく入力してください（今日以前）";
  if (!IsConsentScope(consent.scope)) bad["consent.scope"] = "同意の範囲を選んでください";
  if (!IsConsentMethod(consent.method)) bad["consent.method"] = "同意の方法を選んでください";
  const std::string id = NewId(now);
  return db_.Transaction([&](storage::Connection& c) {
    if (!people_.FindRegion(c, details.region_id)) bad["region_id"] = "地域を選んでください";
    auto obtainer = people_.FindUser(c, consent.obtained_by);
    if (!obtainer || !obtainer->active || !obtainer->organization_id)
      bad["consent.obtained_by"] = "同意を得た専門職が見つかりません";
    if (!bad.empty()) ThrowIfAny(bad);
    store_.Insert(c, id, details, *actor.user_id, now);
    // Refused unless it is the caller's own upload, not attached anywhere yet
    // (the transaction, the patient with it, rolls back).
    if (consent.document_attachment_id &&
        !attachments_.Link(c, *consent.document_attachment_id, *actor.user_id, std::nullopt, id, 0)) {
      bad["consent.document_attachment_id"] = "同意書のファイルが見つかりません。もう一度添付してください";
      ThrowIfAny(bad);
    }
    store_.InsertConsent(c, NewId(now), id, consent, *actor.user_id, now);
    teams_.Add(c, id, *actor.user_id, "lead", *actor.user_id, now);
    access_.Record(c, actor, "patient.create", "patient:" + id, id);
    return *store_.Find(c, id, *actor.user_id);
  });
}

std::vector<Patient> PatientsService::ListMine(const access::Actor& actor,
                                               const std::optional<PatientListCursor>& before, int limit) {
  access::RequireSignedIn(actor);
  auto patients =
      db_.Read([&](storage::Connection& c) { return store_.ListForMember(c, *actor.user_id, before, limit); });
  access_.RecordRead(actor, "patient.list", "patients:" + std::to_string(patients.size()));
  return patients;
}

Patient PatientsService::Get(const access::Actor& actor, const std::string& id) {
  return access_.Read(actor, id, "patient.read", "patient:" + id, [&](storage::Connection& c, const auto& /*grant*/) {
    return *store_.Find(c, id, *actor.user_id);
  });
}

Patient PatientsService::Update(const access::Actor& actor, const std::string& id, const PatientChanges& ch) {
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    access_.Require(c, actor, id, access::PatientNeed::kWrite, "patient.update", "patient:" + id);
    Patient p = *store_.Find(c, id, *actor.user_id);
    PatientDetails d = p.details;
    if (ch.name) d.name = *ch.name;
    if (ch.name_kana) d.name_kana = *ch.name_kana;
    if (ch.birth_date) d.birth_date = *ch.birth_date;
    if (ch.sex) d.sex = *ch.sex;
    if (ch.address) d.address = *ch.address;
    if (ch.care_level) d.care_level = *ch.care_level;
    FieldErrors bad;
    CheckDetails(d, bad, now);
    if (!bad.empty()) ThrowIfAny(bad);
    store_.Update(c, id, d, now);
    return *store_.Find(c, id, *actor.user_id);
  });
}

Patient PatientsService::WithdrawConsent(const access::Actor& actor, const std::string& id, const std::string& reason) {
  const TimestampMs now = clock_.NowMs();
  auto withdrawn = db_.Transaction([&](storage::Connection& c) {
    access_.Require(c, actor, id, access::PatientNeed::kLead, "consent.withdraw", "patient:" + id);
    if (!store_.WithdrawConsent(c, id, *actor.user_id, reason, now))
      throw AppError(ErrorCode::kConflict, "同意はすでに撤回されています", "already_withdrawn");
    return *store_.Find(c, id, *actor.user_id);
  });
  live_.Publish({"patient.withdrawn", id, std::nullopt, {}});
  return withdrawn;
}

std::pair<int64_t, int64_t> PatientsService::UnreadTotals(const access::Actor& actor) {
  access::RequireSignedIn(actor);
  return db_.Read([&](storage::Connection& c) { return store_.UnreadTotals(c, *actor.user_id); });
}

}  // namespace tsunagu::patients
