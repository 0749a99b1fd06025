#include "app/demo_surveys.h"

#include <array>
#include <cstdio>
#include <string>

#include "common/time_format.h"
#include "surveys/surveys_store.h"

namespace tsunagu::app {
namespace {

constexpr const char* kClosedId = "survey-minowa-fy2025";
constexpr const char* kOpenId = "survey-minowa-current";

std::vector<surveys::QuestionDraft> DemoQuestions() {
  return {{"scale", "つなぐを使って、多職種との連携に満足していますか", true},
          {"scale", "利用者さんの情報が以前より早く届くようになりましたか", false},
          {"scale", "画面の操作は分かりやすいですか", false},
          {"text", "ご意見・ご要望があればお書きください", false}};
}

surveys::Survey NewSurvey(const char* id, const char* title, TimestampMs created_at) {
  surveys::Survey s;
  s.id = id;
  s.region_id = "region-minowa";
  s.title = title;
  s.description = "回答は匿名で集計され、個人の回答が表示されることはありません。";
  s.status = "draft";
  s.created_by = "user-minowa-admin";
  s.created_at = created_at;
  return s;
}

}  // namespace

void LoadDemoSurveys(storage::Connection& c, TimestampMs now) {
  const surveys::SurveysStore store;
  if (!store.Find(c, kClosedId)) {
    const TimestampMs created = *ParseRfc3339("2026-01-20T10:00:00+09:00");
    store.Insert(c, NewSurvey(kClosedId, "令和7年度 多職種連携の満足度調査", created));
    store.ReplaceQuestions(c, kClosedId, DemoQuestions(), created);
    store.Open(c, kClosedId, "2026-02-01", "2026-02-28", created);
    const auto questions = store.Find(c, kClosedId)->questions;
    // 24 professionals answered: 10 nurses, 10 care managers, 4 doctors.
    struct Group {
      const char* profession;
      int count;
    };
    constexpr std::array<Group, 3> kGroups = {{{"nurse", 10}, {"care_manager", 10}, {"doctor", 4}}};
    constexpr std::array<int, 12> kOverall = {4, 3, 5, 2, 4, 3, 4, 1, 3, 5, 4, 3};
    constexpr std::array<const char*, 4> kTexts = {"訪問前に記録を確認できるので助かっています",
                                                   "写真で皮膚の状態を共有できるのが便利です", "",
                                                   "文字を大きくできるとうれしいです"};
    int n = 0;
    for (const auto& g : kGroups) {
      for (int i = 1; i <= g.count; ++i, ++n) {
        char user[64];
        std::snprintf(user, sizeof user, "user-minowa-%s-%02d", g.profession, i);
        store.ClaimResponse(c, kClosedId, "2026-02-10");
        store.InsertParticipation(c, kClosedId, user);
        const int overall = kOverall[static_cast<size_t>(n) % kOverall.size()];
        store.AddScaleAnswer(c, kClosedId, questions[0].id, g.profession, overall);
        store.AddScaleAnswer(c, kClosedId, questions[1].id, g.profession, overall >= 3 ? 4 : 3);
        store.AddScaleAnswer(c, kClosedId, questions[2].id, g.profession, 1 + (n * 3) % 5);
        const char* text = kTexts[static_cast<size_t>(n) % kTexts.size()];
        if (n < 8 && *text) store.AddTextAnswer(c, kClosedId, questions[3].id, "demo" + std::to_string(n), text);
      }
    }
    store.Close(c, kClosedId, "2026-02-28", *ParseRfc3339("2026-03-02T09:00:00+09:00"));
  }
  if (!store.Find(c, kOpenId)) {
    const std::string today = JapanDate(now);
    const std::string closes_on = JapanDate(now + 30LL * 24 * 3600 * 1000);
    store.Insert(c, NewSurvey(kOpenId, "つなぐ 利用満足度アンケート", now));
    store.ReplaceQuestions(c, kOpenId, DemoQuestions(), now);
    store.Open(c, kOpenId, today, closes_on, now);
  }
}

}  // namespace tsunagu::app
