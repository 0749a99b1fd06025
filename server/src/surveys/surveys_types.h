// Satisfaction surveys: a region's questionnaire, and the rules that turn its
// answer counters into figures that can be shown without exposing anyone.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace tsunagu::surveys {

// No figure is shown for fewer answers than this: not a survey's results, not
// a profession group, not a contribution to the KPI.
inline constexpr int64_t kMinGroupSize = 5;
inline constexpr size_t kMaxQuestions = 30;

// kind: "scale" (1 to 5, 4 and 5 count as satisfied) or "text" (free text).
// Exactly one scale question of a survey is `overall`: the question whose
// satisfied share feeds the professional-satisfaction KPI.
struct QuestionDraft {
  std::string kind;
  std::string label;
  bool overall = false;
};

struct Question {
  std::string id;
  int position = 0;
  std::string kind;
  std::string label;
  bool overall = false;
};

struct Survey {
  std::string id;
  std::string region_id;
  std::string title;
  std::string description;
  std::string status;                    // draft, open, closed
  std::optional<std::string> opens_on;   // YYYY-MM-DD, Japan time, inclusive
  std::optional<std::string> closes_on;  // YYYY-MM-DD, Japan time, inclusive
  int64_t responses = 0;                 // how many people answered
  std::string created_by;
  TimestampMs created_at = 0;
  std::optional<TimestampMs> opened_at;
  std::optional<TimestampMs> closed_at;
  std::vector<Question> questions;

  // Open and `today` (YYYY-MM-DD, Japan time) inside the period.
  bool AcceptingAnswers(const std::string& today) const;
  // No more answers can arrive: closed, or open with its period over.
  bool Finished(const std::string& today) const;
};

struct SurveyDraft {
  std::string title;
  std::string description;
  std::vector<QuestionDraft> questions;
};

struct SurveyPatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::vector<QuestionDraft>> questions;
};

// One answer of a response: `value` for a scale question, `text` for a text one.
struct Answer {
  std::string question_id;
  std::optional<int> value;
  std::optional<std::string> text;
};

// A survey as a professional sees it in their list.
struct AnswerableSurvey {
  Survey survey;
  bool answered = false;
};

// Counts per value 1..5 (index 0 is value 1).
using ValueCounts = std::array<int64_t, 5>;

struct ScaleFigures {
  int64_t answers = 0;
  ValueCounts counts{};
  double mean = 0;               // 1..5
  double satisfied_percent = 0;  // share of 4 and 5, percent
};

// A profession's figures; profession nullopt pools the professions whose own
// groups are too small to show.
struct ProfessionGroup {
  std::optional<std::string> profession;
  ScaleFigures figures;
};

struct QuestionResult {
  Question question;
  std::optional<ScaleFigures> figures;         // scale questions, when shown
  std::vector<ProfessionGroup> by_profession;  // empty when no breakdown can be shown
  std::vector<std::string> texts;              // text questions, when shown; sorted
};

struct SurveyResults {
  std::string survey_id;
  int64_t responses = 0;
  // Figures are shown only once no answer can arrive any more (so that no one
  // can tell an answer by comparing results before and after it) and only
  // with at least kMinGroupSize answers.
  bool figures_shown = false;
  std::optional<std::string> withheld_reason;  // "still_open", "too_few_responses"
  std::vector<QuestionResult> questions;
};

// Raw material of the results, as the store reads it: counters per scale
// question and profession, free texts per text question.
struct ResultCounts {
  std::map<std::string, std::map<std::string, ValueCounts>> scale;  // question id -> profession -> counts
  std::map<std::string, std::vector<std::string>> texts;            // question id -> texts
};

// Throws kInvalidArgument ("questions") unless 1..kMaxQuestions questions,
// each a known kind with a label, and exactly one overall scale question.
void RequireValidQuestions(const std::vector<QuestionDraft>& questions);

ScaleFigures FiguresOf(const ValueCounts& counts);

// The profession breakdown that can be shown: groups of at least
// kMinGroupSize, the smaller ones pooled into one group (profession nullopt).
// When the pool would hold fewer than kMinGroupSize (so that subtracting the
// shown groups from the total would reveal it), the smallest shown groups
// join the pool until it is large enough. Empty when the breakdown would show
// nothing more than the total (a single group).
std::vector<ProfessionGroup> BreakDown(const std::map<std::string, ValueCounts>& by_profession);

// Applies the rules above to a survey's counters.
SurveyResults Summarize(const Survey& survey, const ResultCounts& counts, const std::string& today);

// Fiscal-year KPI from the overall question's counters: percent of 4 and 5,
// nullopt when fewer than kMinGroupSize answers.
std::optional<double> SatisfiedPercent(int64_t satisfied, int64_t answers);

}  // namespace tsunagu::surveys
