#include "surveys/surveys_types.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace tsunagu::surveys {
namespace {

double Round(double v, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(v * scale) / scale;
}

int64_t Total(const ValueCounts& counts) {
  int64_t n = 0;
  for (int64_t c : counts) n += c;
  return n;
}

void AddInto(ValueCounts& into, const ValueCounts& more) {
  for (size_t i = 0; i < into.size(); ++i) into[i] += more[i];
}

}  // namespace

bool Survey::AcceptingAnswers(const std::string& today) const {
  return status == "open" && opens_on && closes_on && *opens_on <= today && today <= *closes_on;
}

bool Survey::Finished(const std::string& today) const {
  return status == "closed" || (status == "open" && closes_on && *closes_on < today);
}

void RequireValidQuestions(const std::vector<QuestionDraft>& questions) {
  if (questions.empty()) throw AppError::InvalidField("questions", "質問を1つ以上入れてください");
  if (questions.size() > kMaxQuestions) throw AppError::InvalidField("questions", "質問は30個までです");
  int overall = 0;
  for (const auto& q : questions) {
    if (q.kind != "scale" && q.kind != "text")
      throw AppError::InvalidField("questions", "質問の種類は scale（5段階）か text（自由記述）です");
    if (q.label.empty()) throw AppError::InvalidField("questions", "質問文を入れてください");
    if (q.overall) {
      if (q.kind != "scale") throw AppError::InvalidField("questions", "総合満足度の質問は5段階の質問にしてください");
      ++overall;
    }
  }
  if (overall != 1) throw AppError::InvalidField("questions", "5段階の質問のうち1つを総合満足度の質問にしてください");
}

ScaleFigures FiguresOf(const ValueCounts& counts) {
  ScaleFigures f;
  f.counts = counts;
  f.answers = Total(counts);
  if (f.answers == 0) return f;
  int64_t sum = 0;
  for (size_t i = 0; i < counts.size(); ++i) sum += counts[i] * static_cast<int64_t>(i + 1);
  f.mean = Round(static_cast<double>(sum) / static_cast<double>(f.answers), 2);
  f.satisfied_percent = Round(100.0 * static_cast<double>(counts[3] + counts[4]) / static_cast<double>(f.answers), 1);
  return f;
}

std::vector<ProfessionGroup> BreakDown(const std::map<std::string, ValueCounts>& by_profession) {
  struct Group {
    std::string profession;
    ValueCounts counts;
    int64_t size;
  };
  std::vector<Group> shown;
  ValueCounts pool{};
  int64_t pool_size = 0;
  for (const auto& [profession, counts] : by_profession) {
    const int64_t size = Total(counts);
    if (size == 0) continue;
    if (size >= kMinGroupSize) {
      shown.push_back({profession, counts, size});
    } else {
      AddInto(pool, counts);
      pool_size += size;
    }
  }
  // Smallest first, so that secondary suppression hides as little as possible.
  std::sort(shown.begin(), shown.end(), [](const Group& a, const Group& b) {
    return a.size != b.size ? a.size < b.size : a.profession < b.profession;
  });
  while (pool_size > 0 && pool_size < kMinGroupSize && !shown.empty()) {
    AddInto(pool, shown.front().counts);
    pool_size += shown.front().size;
    shown.erase(shown.begin());
  }
  // A single group (shown or pooled) is the total again: nothing to break down.
  if (shown.size() + (pool_size > 0 ? 1 : 0) < 2) return {};
  if (pool_size > 0 && pool_size < kMinGroupSize) return {};
  std::vector<ProfessionGroup> out;
  out.reserve(shown.size() + 1);
  std::sort(shown.begin(), shown.end(), [](const Group& a, const Group& b) { return a.profession < b.profession; });
  for (const auto& g : shown) out.push_back({g.profession, FiguresOf(g.counts)});
  if (pool_size > 0) out.push_back({std::nullopt, FiguresOf(pool)});
  return out;
}

SurveyResults Summarize(const Survey& survey, const ResultCounts& counts, const std::string& today) {
  SurveyResults r;
  r.survey_id = survey.id;
  r.responses = survey.responses;
  if (!survey.Finished(today)) {
    r.withheld_reason = "still_open";
  } else if (survey.responses < kMinGroupSize) {
    r.withheld_reason = "too_few_responses";
  } else {
    r.figures_shown = true;
  }
  for (const auto& q : survey.questions) {
    QuestionResult qr;
    qr.question = q;
    if (r.figures_shown) {
      if (q.kind == "scale") {
        ValueCounts total{};
        std::map<std::string, ValueCounts> by_profession;
        if (auto it = counts.scale.find(q.id); it != counts.scale.end()) {
          by_profession = it->second;
          for (const auto& [profession, c] : by_profession) AddInto(total, c);
        }
        qr.figures = FiguresOf(total);
        qr.by_profession = BreakDown(by_profession);
      } else if (auto it = counts.texts.find(q.id); it != counts.texts.end()) {
        // Sorted: an order that says nothing about who wrote what, or when.
        qr.texts = it->second;
        std::sort(qr.texts.begin(), qr.texts.end());
      }
    }
    r.questions.push_back(std::move(qr));
  }
  return r;
}

std::optional<double> SatisfiedPercent(int64_t satisfied, int64_t answers) {
  if (answers < kMinGroupSize) return std::nullopt;
  return Round(100.0 * static_cast<double>(satisfied) / static_cast<double>(answers), 1);
}

}  // namespace tsunagu::surveys
