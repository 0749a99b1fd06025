#include "surveys/surveys_service.h"

#include <algorithm>
#include <set>

#include "access/access_policy.h"
#include "common/crypto.h"
#include "common/error.h"
#include "common/fiscal_year.h"
#include "common/time_format.h"

namespace tsunagu::surveys {
namespace {

constexpr int kMaxPeriodDays = 366;

int64_t DayNumber(const std::string& date) {
  return DaysFromCivil(std::stoll(date.substr(0, 4)), static_cast<unsigned>(std::stoul(date.substr(5, 2))),
                       static_cast<unsigned>(std::stoul(date.substr(8, 2))));
}

AppError NotFound() { return {ErrorCode::kNotFound, "アンケートが見つかりません"}; }

}  // namespace

std::string SurveysService::Today() const { return JapanDate(clock_.NowMs()); }

SurveyView SurveysService::AdminView(Survey s) const {
  SurveyView v;
  v.accepting_answers = s.AcceptingAnswers(Today());
  v.survey = std::move(s);
  v.admin = true;
  return v;
}

Survey SurveysService::RequireAdministered(storage::Connection& c, const access::Actor& actor, const std::string& id) {
  auto s = store_.Find(c, id);
  // Another region's surveys do not exist for its admins.
  if (!s || !actor.AdministersRegion(s->region_id)) throw NotFound();
  return *s;
}

SurveyView SurveysService::Create(const access::Actor& actor, std::optional<std::string> region_id,
                                  const SurveyDraft& draft) {
  access::RequireAnyAdmin(actor);
  if (!region_id) {
    if (!actor.region_id || !actor.region_admin) throw AppError::InvalidField("region_id", "地域を指定してください");
    region_id = actor.region_id;
  }
  access::RequireRegionAdmin(actor, region_id);
  RequireValidQuestions(draft.questions);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    if (!people_.FindRegion(c, *region_id)) throw AppError::InvalidField("region_id", "地域が見つかりません");
    Survey s;
    s.id = NewId(now);
    s.region_id = *region_id;
    s.title = draft.title;
    s.description = draft.description;
    s.status = "draft";
    s.created_by = *actor.user_id;
    s.created_at = now;
    store_.Insert(c, s);
    store_.ReplaceQuestions(c, s.id, draft.questions, now);
    audit_.Append(c, {actor.user_id, "survey.create", std::nullopt, "survey:" + s.id, actor.ip});
    return AdminView(*store_.Find(c, s.id));
  });
}

std::vector<Survey> SurveysService::List(const access::Actor& actor, const std::optional<std::string>& region_id,
                                         const std::optional<std::string>& before, int limit) {
  std::optional<std::string> scope = region_id;
  access::ScopeToAdministeredRegion(actor, scope);
  return db_.Read([&](storage::Connection& c) { return store_.List(c, scope, before, limit); });
}

SurveyView SurveysService::Get(const access::Actor& actor, const std::string& id) {
  access::RequireSignedIn(actor);
  return db_.Read([&](storage::Connection& c) {
    auto s = store_.Find(c, id);
    if (!s) throw NotFound();
    if (actor.AdministersRegion(s->region_id)) {
      SurveyView v = AdminView(*s);
      if (actor.professional() && actor.region_id == s->region_id)
        v.answered = store_.HasAnswered(c, id, *actor.user_id);
      return v;
    }
    if (!actor.professional() || actor.region_id != s->region_id || s->status != "open") throw NotFound();
    SurveyView v;
    v.accepting_answers = s->AcceptingAnswers(Today());
    v.answered = store_.HasAnswered(c, id, *actor.user_id);
    v.survey = std::move(*s);
    return v;
  });
}

SurveyView SurveysService::Update(const access::Actor& actor, const std::string& id, const SurveyPatch& patch) {
  access::RequireAnyAdmin(actor);
  if (patch.questions) RequireValidQuestions(*patch.questions);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    Survey s = RequireAdministered(c, actor, id);
    // Writing the row first holds it (PostgreSQL) until commit, so no answer
    // slips in between the check below and the new questions.
    store_.UpdateText(c, id, patch.title.value_or(s.title), patch.description.value_or(s.description), now);
    s = *store_.Find(c, id);
    if (s.status == "closed")
      throw AppError(ErrorCode::kConflict, "終了したアンケートは変更できません", "survey_closed");
    if (patch.questions) {
      if (s.responses > 0)
        throw AppError(ErrorCode::kConflict, "回答があるアンケートの質問は変更できません", "survey_has_answers");
      store_.ReplaceQuestions(c, id, *patch.questions, now);
    }
    audit_.Append(c, {actor.user_id, "survey.update", std::nullopt, "survey:" + id, actor.ip});
    return AdminView(*store_.Find(c, id));
  });
}

SurveyView SurveysService::Open(const access::Actor& actor, const std::string& id, const std::string& opens_on,
                                const std::string& closes_on) {
  access::RequireAnyAdmin(actor);
  std::map<std::string, std::string> bad;
  if (!IsValidDate(opens_on)) bad["opens_on"] = "開始日を YYYY-MM-DD で指定してください";
  if (!IsValidDate(closes_on)) bad["closes_on"] = "終了日を YYYY-MM-DD で指定してください";
  if (!bad.empty()) throw AppError(ErrorCode::kInvalidArgument, "期間が正しくありません", "invalid_argument", bad);
  const std::string today = Today();
  if (closes_on < opens_on) throw AppError::InvalidField("closes_on", "終了日は開始日以降にしてください");
  if (closes_on < today) throw AppError::InvalidField("closes_on", "終了日は今日以降にしてください");
  if (DayNumber(closes_on) - DayNumber(opens_on) >= kMaxPeriodDays)
    throw AppError::InvalidField("closes_on", "期間は1年以内にしてください");
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    RequireAdministered(c, actor, id);
    if (!store_.Open(c, id, opens_on, closes_on, now))
      throw AppError(ErrorCode::kConflict, "下書きのアンケートだけが開始できます", "survey_not_draft");
    audit_.Append(c, {actor.user_id, "survey.open", std::nullopt, "survey:" + id, actor.ip});
    return AdminView(*store_.Find(c, id));
  });
}

SurveyView SurveysService::Close(const access::Actor& actor, const std::string& id) {
  access::RequireAnyAdmin(actor);
  const TimestampMs now = clock_.NowMs();
  const std::string today = Today();
  return db_.Transaction([&](storage::Connection& c) {
    Survey s = RequireAdministered(c, actor, id);
    if (s.status != "open")
      throw AppError(ErrorCode::kConflict, "受付中のアンケートだけが終了できます", "survey_not_open");
    // The period ends when it is closed (so the KPI counts it in that year),
    // unless it had not begun yet.
    std::string closes_on = *s.closes_on;
    if (*s.opens_on <= today && today < closes_on) closes_on = today;
    if (!store_.Close(c, id, closes_on, now))
      throw AppError(ErrorCode::kConflict, "受付中のアンケートだけが終了できます", "survey_not_open");
    audit_.Append(c, {actor.user_id, "survey.close", std::nullopt, "survey:" + id, actor.ip});
    return AdminView(*store_.Find(c, id));
  });
}

void SurveysService::Answer(const access::Actor& actor, const std::string& id,
                            const std::vector<surveys::Answer>& answers) {
  access::RequireSignedIn(actor);
  const std::string today = Today();
  db_.Transaction([&](storage::Connection& c) {
    auto found = store_.Find(c, id);
    const bool own_region = found && actor.professional() && actor.region_id == found->region_id;
    if (!found || (!own_region && !actor.AdministersRegion(found->region_id))) throw NotFound();
    // Drafts and closed surveys are not visible to professionals (as in Get).
    if (found->status != "open" && !actor.AdministersRegion(found->region_id)) throw NotFound();
    if (!own_region)
      throw AppError(ErrorCode::kPermissionDenied, "この地域の専門職だけが回答できます", "not_a_professional");
    if (!store_.ClaimResponse(c, id, today))
      throw AppError(ErrorCode::kConflict, "このアンケートは回答を受け付けていません", "survey_not_open");
    // Read again under the claim: the questions cannot change any more now.
    const Survey s = *store_.Find(c, id);
    std::map<std::string, const Question*> by_id;
    for (const auto& q : s.questions) by_id[q.id] = &q;
    std::map<std::string, std::string> bad;
    std::set<std::string> seen;
    for (size_t i = 0; i < answers.size(); ++i) {
      const auto& a = answers[i];
      const std::string field = "answers[" + std::to_string(i) + "]";
      auto it = by_id.find(a.question_id);
      if (it == by_id.end()) {
        bad[field + ".question_id"] = "この質問はアンケートにありません";
      } else if (!seen.insert(a.question_id).second) {
        bad[field + ".question_id"] = "同じ質問に2回答えています";
      } else if (it->second->kind == "scale" && (!a.value || a.text)) {
        bad[field + ".value"] = "1〜5で答えてください";
      } else if (it->second->kind == "text" && (a.value || !a.text)) {
        bad[field + ".text"] = "文章で答えてください";
      }
    }
    for (const auto& q : s.questions)
      if (q.kind == "scale" && !seen.contains(q.id) && bad.empty())
        bad["answers"] = "「" + q.label + "」に答えてください";
    if (!bad.empty()) throw AppError(ErrorCode::kInvalidArgument, "回答が正しくありません", "invalid_argument", bad);
    if (!store_.InsertParticipation(c, id, *actor.user_id))
      throw AppError(ErrorCode::kConflict, "このアンケートにはすでに回答しています", "already_answered");
    auto user = people_.FindUser(c, *actor.user_id);
    if (!user || !user->active) throw AppError(ErrorCode::kPermissionDenied, "利用停止中です");
    for (const auto& a : answers) {
      if (a.value) {
        store_.AddScaleAnswer(c, id, a.question_id, user->profession, *a.value);
      } else if (a.text && !a.text->empty()) {
        store_.AddTextAnswer(c, id, a.question_id, RandomToken(12), *a.text);
      }
    }
    audit_.Append(c, {actor.user_id, "survey.answer", std::nullopt, "survey:" + id, actor.ip});
  });
}

SurveyResults SurveysService::Results(const access::Actor& actor, const std::string& id) {
  access::RequireAnyAdmin(actor);
  return db_.Read([&](storage::Connection& c) {
    Survey s = RequireAdministered(c, actor, id);
    ResultCounts counts;
    if (s.Finished(Today()) && s.responses >= kMinGroupSize) counts = store_.Counts(c, id);
    return Summarize(s, counts, Today());
  });
}

std::vector<AnswerableSurvey> SurveysService::ListMine(const access::Actor& actor) {
  access::RequireSignedIn(actor);
  if (!actor.professional() || !actor.region_id) return {};
  return db_.Read(
      [&](storage::Connection& c) { return store_.ListAnswerable(c, *actor.region_id, *actor.user_id, Today()); });
}

std::optional<double> ProfessionalSatisfaction(storage::Connection& c, const std::optional<std::string>& region_id,
                                               int fiscal_year, const std::string& today) {
  const FiscalYearDates days = FiscalYearDays(fiscal_year);
  const auto totals = SurveysStore().OverallSatisfaction(c, region_id, days.first_day, days.last_day, today);
  return SatisfiedPercent(totals.satisfied, totals.answers);
}

}  // namespace tsunagu::surveys
