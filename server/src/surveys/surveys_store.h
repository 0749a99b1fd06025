// Storage of surveys, their questions, who answered, and the anonymous answer
// counters and free texts. Makes no access decisions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "surveys/surveys_types.h"

namespace tsunagu::surveys {

class SurveysStore {
 public:
  using Connection = storage::Connection;

  void Insert(Connection& c, const Survey& s) const;
  // The survey with its questions, or nullopt.
  std::optional<Survey> Find(Connection& c, const std::string& id) const;
  // Newest first; all regions when region_id is nullopt. Without questions.
  std::vector<Survey> List(Connection& c, const std::optional<std::string>& region_id,
                           const std::optional<std::string>& before_id, int limit) const;
  void UpdateText(Connection& c, const std::string& id, const std::string& title, const std::string& description,
                  TimestampMs now) const;
  // Replaces every question (and their zeroed counters). Only while nobody answered.
  void ReplaceQuestions(Connection& c, const std::string& survey_id, const std::vector<QuestionDraft>& questions,
                        TimestampMs now) const;
  // draft -> open; false when the survey was not a draft.
  bool Open(Connection& c, const std::string& id, const std::string& opens_on, const std::string& closes_on,
            TimestampMs now) const;
  // open -> closed; false when the survey was not open.
  bool Close(Connection& c, const std::string& id, const std::string& closes_on, TimestampMs now) const;

  // Counts one more response if the survey accepts answers on `today`, and
  // holds the survey's row until the transaction ends (answers, edits and
  // closing of one survey are serialised). False when it does not accept them.
  bool ClaimResponse(Connection& c, const std::string& id, const std::string& today) const;
  // Records that `user_id` answered; false when they already had.
  bool InsertParticipation(Connection& c, const std::string& survey_id, const std::string& user_id) const;
  bool HasAnswered(Connection& c, const std::string& survey_id, const std::string& user_id) const;
  void AddScaleAnswer(Connection& c, const std::string& survey_id, const std::string& question_id,
                      const std::string& profession, int value) const;
  void AddTextAnswer(Connection& c, const std::string& survey_id, const std::string& question_id,
                     const std::string& random_id, const std::string& body) const;

  ResultCounts Counts(Connection& c, const std::string& survey_id) const;
  // Surveys of the region accepting answers on `today`, with whether `user_id` answered.
  std::vector<AnswerableSurvey> ListAnswerable(Connection& c, const std::string& region_id, const std::string& user_id,
                                               const std::string& today) const;

  struct Satisfaction {
    int64_t satisfied = 0;
    int64_t answers = 0;
  };
  // The overall questions' counters summed over the region's (all regions'
  // when nullopt) finished
  // surveys (closed, or open with the period over before `today`) whose
  // period ends within [first_day, last_day] and that have at least
  // kMinGroupSize responses.
  Satisfaction OverallSatisfaction(Connection& c, const std::optional<std::string>& region_id,
                                   const std::string& first_day, const std::string& last_day,
                                   const std::string& today) const;
};

}  // namespace tsunagu::surveys
