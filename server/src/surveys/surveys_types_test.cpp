#include "surveys/surveys_types.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tsunagu::surveys {
namespace {

Survey ClosedSurvey(int64_t responses) {
  Survey s;
  s.id = "s1";
  s.status = "closed";
  s.opens_on = "2025-06-01";
  s.closes_on = "2025-06-30";
  s.responses = responses;
  s.questions = {{"q1", 1, "scale", "総合的に満足していますか", true}, {"q2", 2, "text", "ご意見", false}};
  return s;
}

TEST(SurveyFiguresTest, CountsMeanAndSatisfiedShare) {
  auto f = FiguresOf({1, 1, 2, 4, 2});  // 10 answers, 6 of them 4 or 5
  EXPECT_EQ(f.answers, 10);
  EXPECT_DOUBLE_EQ(f.mean, 3.5);
  EXPECT_DOUBLE_EQ(f.satisfied_percent, 60.0);
  EXPECT_EQ(FiguresOf({0, 0, 0, 0, 0}).answers, 0);
}

TEST(SurveyBreakdownTest, GroupsOfFiveOrMoreAreShownAndSmallOnesPooled) {
  auto groups = BreakDown({{"nurse", {0, 0, 1, 3, 2}},         // 6
                           {"care_manager", {0, 1, 1, 2, 1}},  // 5
                           {"doctor", {0, 0, 0, 2, 1}},        // 3
                           {"pharmacist", {0, 0, 1, 1, 0}}});  // 2
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].profession, "care_manager");
  EXPECT_EQ(groups[1].profession, "nurse");
  EXPECT_FALSE(groups[2].profession.has_value());  // doctor + pharmacist
  EXPECT_EQ(groups[2].figures.answers, 5);
  for (const auto& g : groups) EXPECT_GE(g.figures.answers, kMinGroupSize);
}

TEST(SurveyBreakdownTest, ASmallRemainderIsNeverLeftToBeWorkedOutBySubtraction) {
  // 7 nurses, 6 care managers and 2 doctors: showing both large groups would
  // let anyone subtract them from the total and read the 2 doctors' answers.
  auto groups = BreakDown({{"nurse", {0, 0, 1, 3, 3}}, {"care_manager", {0, 1, 1, 2, 2}}, {"doctor", {0, 0, 0, 2, 0}}});
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].profession, "nurse");
  EXPECT_FALSE(groups[1].profession.has_value());
  EXPECT_EQ(groups[1].figures.answers, 8);  // care managers joined the doctors
}

TEST(SurveyBreakdownTest, NothingWhenTheBreakdownWouldOnlyRepeatTheTotalOrExposeAGroup) {
  EXPECT_TRUE(BreakDown({{"nurse", {0, 0, 1, 3, 3}}}).empty());
  EXPECT_TRUE(BreakDown({{"nurse", {0, 0, 1, 3, 3}}, {"doctor", {0, 0, 0, 2, 0}}}).empty());
  EXPECT_TRUE(BreakDown({{"nurse", {0, 0, 1, 1, 0}}, {"doctor", {0, 0, 0, 2, 0}}}).empty());
}

TEST(SurveySummaryTest, FewerThanFiveResponsesShowNoFigures) {
  ResultCounts counts;
  counts.scale["q1"]["nurse"] = {0, 0, 0, 2, 2};
  counts.texts["q2"] = {"とても便利"};
  auto r = Summarize(ClosedSurvey(4), counts, "2025-07-01");
  EXPECT_FALSE(r.figures_shown);
  EXPECT_EQ(r.withheld_reason, "too_few_responses");
  EXPECT_EQ(r.responses, 4);
  ASSERT_EQ(r.questions.size(), 2u);
  EXPECT_FALSE(r.questions[0].figures.has_value());
  EXPECT_TRUE(r.questions[0].by_profession.empty());
  EXPECT_TRUE(r.questions[1].texts.empty());
}

TEST(SurveySummaryTest, NoFiguresWhileAnswersCanStillArrive) {
  Survey s = ClosedSurvey(12);
  s.status = "open";
  ResultCounts counts;
  counts.scale["q1"]["nurse"] = {0, 0, 2, 5, 5};
  auto r = Summarize(s, counts, "2025-06-30");
  EXPECT_FALSE(r.figures_shown);
  EXPECT_EQ(r.withheld_reason, "still_open");
  // The day after the period, nobody can answer any more.
  EXPECT_TRUE(Summarize(s, counts, "2025-07-01").figures_shown);
}

TEST(SurveySummaryTest, FiveResponsesShowTotalsAndSortedTexts) {
  ResultCounts counts;
  counts.scale["q1"]["nurse"] = {0, 0, 1, 2, 0};
  counts.scale["q1"]["doctor"] = {0, 1, 0, 0, 1};
  counts.texts["q2"] = {"連絡が早くなった", "入力が難しい", "ありがとう"};
  auto r = Summarize(ClosedSurvey(5), counts, "2025-07-01");
  ASSERT_TRUE(r.figures_shown);
  ASSERT_TRUE(r.questions[0].figures.has_value());
  EXPECT_EQ(r.questions[0].figures->answers, 5);
  EXPECT_DOUBLE_EQ(r.questions[0].figures->satisfied_percent, 60.0);
  EXPECT_TRUE(r.questions[0].by_profession.empty());  // 3 nurses and 2 doctors: both too small
  std::vector<std::string> sorted = {"ありがとう", "入力が難しい", "連絡が早くなった"};
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(r.questions[1].texts, sorted);
}

TEST(SurveyKpiTest, SatisfiedPercentNeedsFiveAnswers) {
  EXPECT_FALSE(SatisfiedPercent(4, 4).has_value());
  EXPECT_DOUBLE_EQ(*SatisfiedPercent(2, 3 + 3), 33.3);
  EXPECT_DOUBLE_EQ(*SatisfiedPercent(5, 5), 100.0);
}

TEST(SurveyQuestionsTest, ExactlyOneOverallScaleQuestion) {
  EXPECT_NO_THROW(RequireValidQuestions({{"scale", "総合", true}, {"text", "ご意見", false}}));
  EXPECT_THROW(RequireValidQuestions({}), AppError);
  EXPECT_THROW(RequireValidQuestions({{"scale", "総合", false}}), AppError);
  EXPECT_THROW(RequireValidQuestions({{"scale", "a", true}, {"scale", "b", true}}), AppError);
  EXPECT_THROW(RequireValidQuestions({{"text", "ご意見", true}}), AppError);
  EXPECT_THROW(RequireValidQuestions({{"choice", "a", true}}), AppError);
}

}  // namespace
}  // namespace tsunagu::surveys
