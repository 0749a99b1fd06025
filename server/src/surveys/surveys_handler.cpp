#include "surveys/surveys_handler.h"

#include "common/error.h"
#include "http/json_fields.h"
#include "http/json_values.h"
#include "http/paging.h"

namespace tsunagu::surveys {

using http::Json;
using http::Request;
using http::Response;

namespace {

constexpr size_t kMaxTitle = 100;
constexpr size_t kMaxDescription = 2000;
constexpr size_t kMaxLabel = 200;
constexpr size_t kMaxText = 1000;

Json QuestionToJson(const Question& q) {
  return {{"id", q.id}, {"kind", q.kind}, {"label", q.label}, {"overall", q.overall}};
}

Json SurveyToJson(const Survey& s, bool with_responses) {
  Json questions = Json::array();
  for (const auto& q : s.questions) questions.push_back(QuestionToJson(q));
  return {{"id", s.id},
          {"region_id", s.region_id},
          {"title", s.title},
          {"description", s.description},
          {"status", s.status},
          {"opens_on", http::OptionalText(s.opens_on)},
          {"closes_on", http::OptionalText(s.closes_on)},
          {"responses", with_responses ? Json(s.responses) : Json(nullptr)},
          {"questions", questions},
          {"created_at", FormatRfc3339Japan(s.created_at)},
          {"opened_at", http::OptionalTime(s.opened_at)},
          {"closed_at", http::OptionalTime(s.closed_at)}};
}

Json ViewToJson(const SurveyView& v) {
  Json j = SurveyToJson(v.survey, v.admin);
  j["accepting_answers"] = v.accepting_answers;
  j["answered"] = v.answered ? Json(*v.answered) : Json(nullptr);
  return j;
}

Json FiguresToJson(const ScaleFigures& f) {
  return {{"answers", f.answers},
          {"counts", Json(std::vector<int64_t>(f.counts.begin(), f.counts.end()))},
          {"mean", f.mean},
          {"satisfied_percent", f.satisfied_percent}};
}

std::vector<QuestionDraft> ParseQuestions(const Json& body) {
  const auto it = body.find("questions");
  if (it == body.end() || !it->is_array()) throw AppError::InvalidField("questions", "質問を配列で指定してください");
  if (it->size() > kMaxQuestions) throw AppError::InvalidField("questions", "質問は30個までです");
  std::vector<QuestionDraft> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    const std::string prefix = "questions[" + std::to_string(i) + "].";
    if (!item.is_object()) throw AppError::InvalidField("questions", "質問はオブジェクトで指定してください");
    http::JsonFields f(item, prefix);
    QuestionDraft q;
    q.kind = f.RequiredString("kind", 10);
    q.label = f.RequiredString("label", kMaxLabel);
    q.overall = f.OptionalBool("overall").value_or(false);
    f.Skip("id");  // a question echoed back from GET is welcome; ids are made anew
    f.Done();
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

void SurveysHandler::Register(http::Router& router) {
  using http::RouteAccess;
  router.Add("GET", "/api/v1/surveys", RouteAccess::kSignedIn, [this](Request& r) { return List(r); });
  router.Add("POST", "/api/v1/surveys", RouteAccess::kSignedIn, [this](Request& r) { return Create(r); });
  router.Add("GET", "/api/v1/surveys/{id}", RouteAccess::kSignedIn, [this](Request& r) { return Get(r); });
  router.Add("PATCH", "/api/v1/surveys/{id}", RouteAccess::kSignedIn, [this](Request& r) { return Patch(r); });
  router.Add("POST", "/api/v1/surveys/{id}/open", RouteAccess::kSignedIn, [this](Request& r) { return Open(r); });
  router.Add("POST", "/api/v1/surveys/{id}/close", RouteAccess::kSignedIn, [this](Request& r) { return Close(r); });
  router.Add("POST", "/api/v1/surveys/{id}/answers", RouteAccess::kSignedIn, [this](Request& r) { return Answer(r); });
  router.Add("GET", "/api/v1/surveys/{id}/results", RouteAccess::kSignedIn, [this](Request& r) { return Results(r); });
  router.Add("GET", "/api/v1/me/surveys", RouteAccess::kSignedIn, [this](Request& r) { return ListMine(r); });
}

Response SurveysHandler::List(Request& req) {
  auto page = http::ParsePage(req);
  auto surveys = service_.List(req.actor, req.QueryParam("region_id"), page.before, page.limit + 1);
  return Response::Ok(http::PageJson(
      surveys, page.limit, [](const Survey& s) { return SurveyToJson(s, true); },
      [](const Survey& s) { return s.id; }));
}

Response SurveysHandler::Create(Request& req) {
  Json body = req.JsonBody();
  http::JsonFields f(body);
  SurveyDraft draft;
  draft.title = f.RequiredString("title", kMaxTitle);
  draft.description = f.OptionalString("description", kMaxDescription, true).value_or("");
  auto region_id = f.OptionalString("region_id", 64);
  f.Skip("questions");
  f.Done();
  draft.questions = ParseQuestions(body);
  return Response::Created(ViewToJson(service_.Create(req.actor, region_id, draft)));
}

Response SurveysHandler::Get(Request& req) {
  return Response::Ok(ViewToJson(service_.Get(req.actor, req.PathParam("id"))));
}

Response SurveysHandler::Patch(Request& req) {
  Json body = req.JsonBody();
  http::JsonFields f(body);
  SurveyPatch patch;
  patch.title = f.OptionalString("title", kMaxTitle);
  if (patch.title && patch.title->empty()) throw AppError::InvalidField("title", "題名を入力してください");
  patch.description = f.OptionalString("description", kMaxDescription, true);
  f.Skip("questions");
  f.Done();
  if (body.contains("questions") && !body.at("questions").is_null()) patch.questions = ParseQuestions(body);
  return Response::Ok(ViewToJson(service_.Update(req.actor, req.PathParam("id"), patch)));
}

Response SurveysHandler::Open(Request& req) {
  http::JsonFields f(req.JsonBody());
  std::string opens_on = f.RequiredString("opens_on", 10);
  std::string closes_on = f.RequiredString("closes_on", 10);
  f.Done();
  return Response::Ok(ViewToJson(service_.Open(req.actor, req.PathParam("id"), opens_on, closes_on)));
}

Response SurveysHandler::Close(Request& req) {
  http::JsonFields f(req.JsonBody());
  f.Done();
  return Response::Ok(ViewToJson(service_.Close(req.actor, req.PathParam("id"))));
}

Response SurveysHandler::Answer(Request& req) {
  Json body = req.JsonBody();
  http::JsonFields f(body);
  f.Skip("answers");
  f.Done();
  const auto it = body.find("answers");
  if (it == body.end() || !it->is_array() || it->empty())
    throw AppError::InvalidField("answers", "回答を配列で指定してください");
  if (it->size() > kMaxQuestions) throw AppError::InvalidField("answers", "回答が多すぎます");
  std::vector<surveys::Answer> answers;
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    if (!item.is_object()) throw AppError::InvalidField("answers", "回答はオブジェクトで指定してください");
    http::JsonFields a(item, "answers[" + std::to_string(i) + "].");
    surveys::Answer answer;
    answer.question_id = a.RequiredString("question_id", 64);
    if (auto v = a.OptionalNumber("value", 1, 5, true)) answer.value = static_cast<int>(*v);
    answer.text = a.OptionalString("text", kMaxText, true);
    a.Done();
    answers.push_back(std::move(answer));
  }
  service_.Answer(req.actor, req.PathParam("id"), answers);
  return Response::Created({{"survey_id", req.PathParam("id")}, {"answered", true}});
}

Response SurveysHandler::Results(Request& req) {
  SurveyResults r = service_.Results(req.actor, req.PathParam("id"));
  Json questions = Json::array();
  for (const auto& q : r.questions) {
    Json j = QuestionToJson(q.question);
    if (q.question.kind == "scale") {
      j["figures"] = q.figures ? FiguresToJson(*q.figures) : Json(nullptr);
      Json groups = Json::array();
      for (const auto& g : q.by_profession)
        groups.push_back({{"profession", http::OptionalText(g.profession)}, {"figures", FiguresToJson(g.figures)}});
      j["by_profession"] = groups;
    } else {
      j["texts"] = r.figures_shown ? Json(q.texts) : Json(nullptr);
    }
    questions.push_back(std::move(j));
  }
  return Response::Ok({{"survey_id", r.survey_id},
                       {"responses", r.responses},
                       {"min_group_size", kMinGroupSize},
                       {"figures_shown", r.figures_shown},
                       {"withheld_reason", http::OptionalText(r.withheld_reason)},
                       {"questions", questions}});
}

Response SurveysHandler::ListMine(Request& req) {
  Json items = Json::array();
  for (const auto& a : service_.ListMine(req.actor)) {
    Json j = SurveyToJson(a.survey, false);
    j["accepting_answers"] = true;
    j["answered"] = a.answered;
    items.push_back(std::move(j));
  }
  return Response::Ok({{"items", items}, {"next", nullptr}});
}

}  // namespace tsunagu::surveys
