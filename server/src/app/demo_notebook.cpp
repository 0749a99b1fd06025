#include "app/demo_notebook.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/time_format.h"

namespace tsunagu::app {
namespace {

constexpr int64_t kMinute = int64_t{60} * 1000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

struct DemoPatient {
  const char* key;  // how the posts below name it
  const char* lead;
  patients::PatientDetails details;
  std::vector<const char*> members;  // added by the lead, in order
};

// Fictional people; addresses name no real house.
const std::vector<DemoPatient>& Patients() {
  static const std::vector<DemoPatient> kPatients = {
      {"komatsu",
       "user-kato",
       {"小松 ハル", "コマツ ハル", "1938-05-12", "female", "箕輪町中箕輪 1丁目（架空）", "region-minowa", "care_2"},
       {"user-ito", "user-tanaka", "user-suzuki", "user-sato"}},
      {"maruyama",
       "user-ito",
       {"丸山 茂", "マルヤマ シゲル", "1944-11-03", "male", "箕輪町松島 2丁目（架空）", "region-minowa", "care_4"},
       {"user-kato", "user-tanaka"}},
      {"kasuga",
       "user-kato",
       {"春日 トシ", "カスガ トシ", "1932-02-20", "female", "箕輪町木下 3丁目（架空）", "region-minowa", "support_2"},
       {"user-suzuki"}},
      {"sakai",
       "user-sato",
       {"酒井 正男", "サカイ マサオ", "1940-08-30", "male", "伊那市荒井 4丁目（架空）", "region-ina", "care_1"},
       {"user-ito"}},
  };
  return kPatients;
}

struct DemoPost {
  int64_t at;  // ms before the load
  const char* patient;
  const char* author;
  const char* category;
  const char* body;
  bool urgent;
  std::vector<const char*> mentions;
  std::vector<const char*> read_by;
};

// A week of one town's notebook, oldest first. Some posts stay unread, so
// that the personas see badges and an urgent marker when they sign in.
const std::vector<DemoPost>& Posts() {
  static const std::vector<DemoPost> kPosts = {
      {6 * kDay,
       "komatsu",
       "user-kato",
       "contact",
       "退院後の在宅生活が始まりました。\n週2回の訪問看護、週3回の訪問介護で開始します。よろしくお願いします。",
       false,
       {},
       {"user-ito", "user-tanaka", "user-suzuki", "user-sato"}},
      {5 * kDay + 3 * kHour,
       "komatsu",
       "user-ito",
       "vitals",
       "訪問看護。血圧 132/78、脈拍 72、体温 36.4℃、SpO2 97%。\n下肢のむくみは軽度です。",
       false,
       {},
       {"user-kato", "user-sato"}},
      {4 * kDay + 5 * kHour,
       "komatsu",
       "user-tanaka",
       "meal",
       "昼食は8割摂取。水分はお茶を 200ml。むせ込みはありませんでした。",
       false,
       {},
       {"user-kato", "user-ito"}},
      {3 * kDay + 2 * kHour,
       "komatsu",
       "user-suzuki",
       "medication",
       "残薬を確認しました。朝の降圧薬が3日分余っています。飲み忘れがあるようです。\n一包化をご検討ください。",
       false,
       {"user-sato", "user-kato"},
       {"user-sato", "user-kato"}},
      {2 * kDay + 6 * kHour,
       "komatsu",
       "user-sato",
       "instruction",
       "次回の往診で降圧薬を一包化に変更します。血圧は引き続き訪問時に測定をお願いします。",
       false,
       {},
       {"user-suzuki", "user-ito", "user-kato"}},
      {1 * kDay + 4 * kHour,
       "komatsu",
       "user-kato",
       "contact",
       "サービス担当者会議を来週水曜 14時にご自宅で行います。ご都合が悪い方はこちらに書き込んでください。",
       false,
       {},
       {"user-ito"}},
      {3 * kHour,
       "komatsu",
       "user-ito",
       "observation",
       "本日の訪問時、右膝の痛みの訴えがありました。転倒はしていないとのこと。腫れと熱感は軽度。\n明日も様子を見に伺い"
       "ます。",
       true,
       {},
       {}},
      {5 * kDay,
       "maruyama",
       "user-ito",
       "rehabilitation",
       "ベッドからの起き上がりは見守りで可能。歩行器で居間まで往復できました。",
       false,
       {},
       {"user-kato"}},
      {2 * kDay,
       "maruyama",
       "user-tanaka",
       "bathing",
       "入浴介助。皮膚トラブルなし。湯上がりに水分 150ml。",
       false,
       {},
       {"user-ito"}},
      {20 * kHour,
       "maruyama",
       "user-kato",
       "consultation",
       "ご家族から、ショートステイの利用について相談がありました。次回訪問時にお話を伺います。",
       false,
       {},
       {}},
      {4 * kDay,
       "kasuga",
       "user-suzuki",
       "medication",
       "お薬カレンダーをお渡ししました。飲み忘れはありません。",
       false,
       {},
       {"user-kato"}},
      {3 * kDay,
       "sakai",
       "user-sato",
       "visit",
       "往診。胸の音はきれいです。食欲も戻ってきています。",
       false,
       {},
       {"user-ito"}},
      {10 * kHour,
       "sakai",
       "user-ito",
       "vitals",
       "血圧 124/70、体温 36.8℃。夜はよく眠れているとのことです。",
       false,
       {},
       {}},
  };
  return kPosts;
}

}  // namespace

int LoadDemoNotebook(Application& app, FixedClock& clock, TimestampMs now) {
  auto actor_of = [&](const std::string& user_id) {
    auto user = app.db().Read([&](storage::Connection& c) { return app.people_store().FindUser(c, user_id); });
    access::Actor a;
    a.user_id = user_id;
    if (user) {
      a.region_id = user->region_id;
      a.organization_id = user->organization_id;
    }
    a.ip = "demo";
    return a;
  };
  // Idempotent: the demo's lead already has patients when it ran before.
  if (!app.patients().ListMine(actor_of(Patients().front().lead), std::nullopt, 1).empty()) return 0;

  const TimestampMs start = now - kDemoWeekMs;
  clock.Set(start);
  std::map<std::string, std::string> ids;  // demo key -> patient id
  for (const auto& p : Patients()) {
    const auto lead = actor_of(p.lead);
    const patients::Consent consent{JapanDate(start), p.lead, "team", "written", std::nullopt};
    ids[p.key] = app.patients().Register(lead, p.details, consent).id;
    for (const char* member : p.members) {
      clock.AdvanceMs(kMinute);
      app.teams().Add(lead, ids[p.key], member, "member");
    }
  }
  // Posts in time order across patients, each read by whom the story says.
  std::vector<const DemoPost*> ordered;
  for (const auto& post : Posts()) ordered.push_back(&post);
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) { return a->at > b->at; });
  for (const DemoPost* post : ordered) {
    clock.Set(now - post->at);
    posts::NewPost np{post->category, post->body, post->urgent, {}, {}};
    for (const char* m : post->mentions) np.mention_user_ids.emplace_back(m);
    const auto created = app.posts().Create(actor_of(post->author), ids[post->patient], np);
    for (const char* reader : post->read_by) {
      clock.AdvanceMs(20 * kMinute);
      app.posts().MarkRead(actor_of(reader), created.id);
    }
  }
  clock.Set(now);
  return static_cast<int>(Patients().size());
}

}  // namespace tsunagu::app
