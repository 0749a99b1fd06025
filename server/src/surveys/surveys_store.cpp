#include "surveys/surveys_store.h"

#include "common/crypto.h"
#include "people/people_types.h"

namespace tsunagu::surveys {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO surveys (id, region_id, title, description, status, created_by, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, 'draft', $5, $6, $6)";
constexpr std::string_view kFind =
    "SELECT s.id, s.region_id, s.title, s.description, s.status, s.opens_on, s.closes_on, s.responses, s.created_by, "
    "s.created_at, s.opened_at, s.closed_at FROM surveys s WHERE s.id = $1";
constexpr std::string_view kList =
    "SELECT s.id, s.region_id, s.title, s.description, s.status, s.opens_on, s.closes_on, s.responses, s.created_by, "
    "s.created_at, s.opened_at, s.closed_at FROM surveys s "
    "WHERE (CAST($1 AS TEXT) IS NULL OR s.region_id = $1) AND (CAST($2 AS TEXT) IS NULL OR s.id < $2) "
    "ORDER BY s.id DESC LIMIT $3";
constexpr std::string_view kQuestions =
    "SELECT id, position, kind, label, overall FROM survey_questions WHERE survey_id = $1 ORDER BY position";
constexpr std::string_view kUpdateText =
    "UPDATE surveys SET title = $2, description = $3, updated_at = $4 WHERE id = $1";
constexpr std::string_view kDeleteCounts = "DELETE FROM survey_scale_counts WHERE survey_id = $1";
constexpr std::string_view kDeleteQuestions = "DELETE FROM survey_questions WHERE survey_id = $1";
constexpr std::string_view kInsertQuestion =
    "INSERT INTO survey_questions (id, survey_id, position, kind, label, overall) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kInsertZeroCount =
    "INSERT INTO survey_scale_counts (survey_id, question_id, profession, value, count) VALUES ($1, $2, $3, $4, 0)";
constexpr std::string_view kOpen =
    "UPDATE surveys SET status = 'open', opens_on = $2, closes_on = $3, opened_at = $4, updated_at = $4 "
    "WHERE id = $1 AND status = 'draft'";
constexpr std::string_view kClose =
    "UPDATE surveys SET status = 'closed', closes_on = $2, closed_at = $3, updated_at = $3 "
    "WHERE id = $1 AND status = 'open'";
constexpr std::string_view kClaimResponse =
    "UPDATE surveys SET responses = responses + 1 "
    "WHERE id = $1 AND status = 'open' AND opens_on <= $2 AND closes_on >= $2";
constexpr std::string_view kInsertParticipation =
    "INSERT INTO survey_participations (survey_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id";
constexpr std::string_view kHasAnswered = "SELECT 1 FROM survey_participations WHERE survey_id = $1 AND user_id = $2";
constexpr std::string_view kAddScale =
    "INSERT INTO survey_scale_counts (survey_id, question_id, profession, value, count) VALUES ($1, $2, $3, $4, 1) "
    "ON CONFLICT (survey_id, question_id, profession, value) DO UPDATE SET count = survey_scale_counts.count + 1";
constexpr std::string_view kAddText =
    "INSERT INTO survey_text_answers (survey_id, question_id, id, body) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kCounts =
    "SELECT question_id, profession, value, count FROM survey_scale_counts WHERE survey_id = $1 AND count > 0";
constexpr std::string_view kTexts = "SELECT question_id, body FROM survey_text_answers WHERE survey_id = $1";
constexpr std::string_view kListAnswerable =
    "SELECT s.id, s.region_id, s.title, s.description, s.status, s.opens_on, s.closes_on, s.responses, s.created_by, "
    "s.created_at, s.opened_at, s.closed_at, "
    "CASE WHEN p.user_id IS NULL THEN 0 ELSE 1 END FROM surveys s "
    "LEFT JOIN survey_participations p ON p.survey_id = s.id AND p.user_id = $2 "
    "WHERE s.region_id = $1 AND s.status = 'open' AND s.opens_on <= $3 AND s.closes_on >= $3 "
    "ORDER BY s.closes_on, s.id";
constexpr std::string_view kOverallSatisfaction =
    "SELECT COALESCE(SUM(CASE WHEN c.value >= 4 THEN c.count ELSE 0 END), 0), COALESCE(SUM(c.count), 0) "
    "FROM surveys s JOIN survey_questions q ON q.survey_id = s.id AND q.overall = 1 "
    "JOIN survey_scale_counts c ON c.survey_id = s.id AND c.question_id = q.id "
    "WHERE (CAST($1 AS TEXT) IS NULL OR s.region_id = $1) AND s.closes_on >= $2 AND s.closes_on <= $3 AND s.responses "
    ">= $4 "
    "AND (s.status = 'closed' OR (s.status = 'open' AND s.closes_on < $5))";

Survey SurveyFromRow(const storage::Row& r) {
  Survey s;
  s.id = r.Text(0);
  s.region_id = r.Text(1);
  s.title = r.Text(2);
  s.description = r.Text(3);
  s.status = r.Text(4);
  s.opens_on = r.OptText(5);
  s.closes_on = r.OptText(6);
  s.responses = r.Int(7);
  s.created_by = r.Text(8);
  s.created_at = r.Int(9);
  s.opened_at = r.OptInt(10);
  s.closed_at = r.OptInt(11);
  return s;
}

}  // namespace

void SurveysStore::Insert(Connection& c, const Survey& s) const {
  c.Execute(kInsert, {s.id, s.region_id, s.title, s.description, s.created_by, s.created_at});
}

std::optional<Survey> SurveysStore::Find(Connection& c, const std::string& id) const {
  auto row = c.QueryOne(kFind, {id});
  if (!row) return std::nullopt;
  Survey s = SurveyFromRow(*row);
  for (const auto& q : c.Query(kQuestions, {id}))
    s.questions.push_back({q.Text(0), static_cast<int>(q.Int(1)), q.Text(2), q.Text(3), q.Bool(4)});
  return s;
}

std::vector<Survey> SurveysStore::List(Connection& c, const std::optional<std::string>& region_id,
                                       const std::optional<std::string>& before_id, int limit) const {
  std::vector<Survey> out;
  for (const auto& r : c.Query(kList, {region_id, before_id, limit})) out.push_back(SurveyFromRow(r));
  return out;
}

void SurveysStore::UpdateText(Connection& c, const std::string& id, const std::string& title,
                              const std::string& description, TimestampMs now) const {
  c.Execute(kUpdateText, {id, title, description, now});
}

void SurveysStore::ReplaceQuestions(Connection& c, const std::string& survey_id,
                                    const std::vector<QuestionDraft>& questions, TimestampMs now) const {
  c.Execute(kDeleteCounts, {survey_id});
  c.Execute(kDeleteQuestions, {survey_id});
  int position = 0;
  for (const auto& q : questions) {
    const std::string id = NewId(now);
    c.Execute(kInsertQuestion, {id, survey_id, ++position, q.kind, q.label, q.overall});
    if (q.kind != "scale") continue;
    // Every counter exists from the start: the first answer of a profession
    // then changes a count instead of creating a row that would mark it.
    for (auto profession : people::Professions())
      for (int value = 1; value <= 5; ++value) c.Execute(kInsertZeroCount, {survey_id, id, profession, value});
  }
}

bool SurveysStore::Open(Connection& c, const std::string& id, const std::string& opens_on, const std::string& closes_on,
                        TimestampMs now) const {
  return c.Execute(kOpen, {id, opens_on, closes_on, now}) == 1;
}

bool SurveysStore::Close(Connection& c, const std::string& id, const std::string& closes_on, TimestampMs now) const {
  return c.Execute(kClose, {id, closes_on, now}) == 1;
}

bool SurveysStore::ClaimResponse(Connection& c, const std::string& id, const std::string& today) const {
  return c.Execute(kClaimResponse, {id, today}) == 1;
}

bool SurveysStore::InsertParticipation(Connection& c, const std::string& survey_id, const std::string& user_id) const {
  return c.QueryOne(kInsertParticipation, {survey_id, user_id}).has_value();
}

bool SurveysStore::HasAnswered(Connection& c, const std::string& survey_id, const std::string& user_id) const {
  return c.QueryOne(kHasAnswered, {survey_id, user_id}).has_value();
}

void SurveysStore::AddScaleAnswer(Connection& c, const std::string& survey_id, const std::string& question_id,
                                  const std::string& profession, int value) const {
  c.Execute(kAddScale, {survey_id, question_id, profession, value});
}

void SurveysStore::AddTextAnswer(Connection& c, const std::string& survey_id, const std::string& question_id,
                                 const std::string& random_id, const std::string& body) const {
  c.Execute(kAddText, {survey_id, question_id, random_id, body});
}

ResultCounts SurveysStore::Counts(Connection& c, const std::string& survey_id) const {
  ResultCounts out;
  for (const auto& r : c.Query(kCounts, {survey_id})) {
    const int64_t value = r.Int(2);
    if (value < 1 || value > 5) continue;
    out.scale[r.Text(0)][r.Text(1)][static_cast<size_t>(value - 1)] += r.Int(3);
  }
  for (const auto& r : c.Query(kTexts, {survey_id})) out.texts[r.Text(0)].push_back(r.Text(1));
  return out;
}

std::vector<AnswerableSurvey> SurveysStore::ListAnswerable(Connection& c, const std::string& region_id,
                                                           const std::string& user_id, const std::string& today) const {
  std::vector<AnswerableSurvey> out;
  for (const auto& r : c.Query(kListAnswerable, {region_id, user_id, today})) {
    AnswerableSurvey a{SurveyFromRow(r), r.Int(12) == 1};
    out.push_back(std::move(a));
  }
  return out;
}

SurveysStore::Satisfaction SurveysStore::OverallSatisfaction(Connection& c, const std::optional<std::string>& region_id,
                                                             const std::string& first_day, const std::string& last_day,
                                                             const std::string& today) const {
  auto r = c.QueryOne(kOverallSatisfaction, {region_id, first_day, last_day, kMinGroupSize, today});
  return {r->Int(0), r->Int(1)};
}

}  // namespace tsunagu::surveys
