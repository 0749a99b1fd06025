// Satisfaction surveys: the rules. A region admin (or a system admin) writes
// a survey for a region and opens it for a period; every active professional
// of that region answers it once; results are shown only in aggregate (see
// surveys_types.h for what is shown when).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/actor.h"
#include "access/audit_trail.h"
#include "common/clock.h"
#include "people/people_store.h"
#include "storage/database.h"
#include "surveys/surveys_store.h"
#include "surveys/surveys_types.h"

namespace tsunagu::surveys {

// A survey as the caller may see it.
struct SurveyView {
  Survey survey;
  bool admin = false;              // the caller administers its region: responses are shown
  std::optional<bool> answered;    // for a professional of its region
  bool accepting_answers = false;  // today, Japan time
};

class SurveysService {
 public:
  SurveysService(storage::Database& db, const SurveysStore& store, const people::PeopleStore& people,
                 const access::AuditTrail& audit, const Clock& clock)
      : db_(db), store_(store), people_(people), audit_(audit), clock_(clock) {}

  // Region admin (their region, the default) or system admin (region_id
  // required). 400 for invalid questions. Audited "survey.create".
  SurveyView Create(const access::Actor& actor, std::optional<std::string> region_id, const SurveyDraft& draft);
  // Admins: the surveys of their region (system admins: of region_id, or all), newest first.
  std::vector<Survey> List(const access::Actor& actor, const std::optional<std::string>& region_id,
                           const std::optional<std::string>& before, int limit);
  // Admins of its region see any survey; professionals of its region see an
  // open one. 404 for everyone else.
  SurveyView Get(const access::Actor& actor, const std::string& id);
  // Admins of its region; not once closed (409 survey_closed); questions only
  // while nobody answered (409 survey_has_answers). Audited "survey.update".
  SurveyView Update(const access::Actor& actor, const std::string& id, const SurveyPatch& patch);
  // draft -> open for [opens_on, closes_on] (Japan dates, inclusive): the
  // period ends today or later and lasts at most a year. Audited "survey.open".
  SurveyView Open(const access::Actor& actor, const std::string& id, const std::string& opens_on,
                  const std::string& closes_on);
  // open -> closed; a period still running ends today. Audited "survey.close".
  SurveyView Close(const access::Actor& actor, const std::string& id);
  // An active professional of the survey's region answers once (409
  // already_answered, also under concurrency), while it accepts answers (409
  // survey_not_open). Every scale question needs a value 1..5; text answers
  // are optional. Audited "survey.answer" (who and which survey, never what).
  void Answer(const access::Actor& actor, const std::string& id, const std::vector<Answer>& answers);
  // Admins of its region.
  SurveyResults Results(const access::Actor& actor, const std::string& id);
  // A professional's surveys that accept answers today, with whether answered.
  std::vector<AnswerableSurvey> ListMine(const access::Actor& actor);

  std::string Today() const;

 private:
  Survey RequireAdministered(storage::Connection& c, const access::Actor& actor, const std::string& id);
  SurveyView AdminView(Survey s) const;

  storage::Database& db_;
  const SurveysStore& store_;
  const people::PeopleStore& people_;
  const access::AuditTrail& audit_;
  const Clock& clock_;
};

// The professional-satisfaction KPI of a region (every region when nullopt)
// for a fiscal year: the percent of 4 and 5 answers to the overall question
// of the finished surveys whose period ends in that year and that have at
// least kMinGroupSize responses; nullopt with fewer than kMinGroupSize such
// answers. `today` is YYYY-MM-DD, Japan time.
std::optional<double> ProfessionalSatisfaction(storage::Connection& c, const std::optional<std::string>& region_id,
                                               int fiscal_year, const std::string& today);

}  // namespace tsunagu::surveys
