#include "app/demo_data.h"

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "app/demo_surveys.h"
#include "kpi/kpi_store.h"

namespace tsunagu::app {
namespace {

struct DemoRegion {
  const char* key;
  const char* name;
  const char* town;  // prefix for organisation names
};

constexpr std::array<DemoRegion, 3> kRegions = {{
    {"minowa", "箕輪町", "箕輪"},
    {"ina", "伊那市", "伊那"},
    {"minamiminowa", "南箕輪村", "南箕輪"},
}};

struct OrgPlan {
  const char* type;
  const char* suffix;
  int count;
};

// Minowa's own counts come from the seed (9 clinics, 1 hospital); the others are plausible.
const std::vector<OrgPlan>& OrgPlans() {
  static const std::vector<OrgPlan> kPlans = {
      {"clinic", "クリニック", 9},
      {"hospital", "病院", 1},
      {"dental_clinic", "歯科医院", 3},
      {"pharmacy", "薬局", 5},
      {"visiting_nurse_station", "訪問看護ステーション", 3},
      {"home_care_office", "ヘルパーステーション", 4},
      {"care_management_office", "居宅介護支援事業所", 6},
      {"community_support_center", "地域包括支援センター", 1},
      {"municipal_office", "役場 保健福祉課", 1},
      {"other", "福祉用具センター", 1},
  };
  return kPlans;
}

constexpr std::array<const char*, 9> kPlaceNames = {"中央",     "みなみ", "さくら", "ひまわり", "あおば",
                                                    "やまびこ", "たつの", "かみや", "ふれあい"};

struct NamePart {
  const char* kanji;
  const char* kana;
};

constexpr std::array<NamePart, 24> kSurnames = {{
    {"小林", "コバヤシ"}, {"田中", "タナカ"},     {"中村", "ナカムラ"}, {"丸山", "マルヤマ"}, {"伊藤", "イトウ"},
    {"佐藤", "サトウ"},   {"宮下", "ミヤシタ"},   {"小松", "コマツ"},   {"北原", "キタハラ"}, {"唐沢", "カラサワ"},
    {"酒井", "サカイ"},   {"林", "ハヤシ"},       {"清水", "シミズ"},   {"原", "ハラ"},       {"春日", "カスガ"},
    {"有賀", "アルガ"},   {"高橋", "タカハシ"},   {"鈴木", "スズキ"},   {"山崎", "ヤマザキ"}, {"柴", "シバ"},
    {"堀", "ホリ"},       {"向山", "ムカイヤマ"}, {"白鳥", "シラトリ"}, {"加藤", "カトウ"},
}};

constexpr std::array<NamePart, 20> kGivenNames = {{
    {"健一", "ケンイチ"}, {"由美", "ユミ"},     {"誠", "マコト"},     {"恵子", "ケイコ"},   {"大輔", "ダイスケ"},
    {"直子", "ナオコ"},   {"翔太", "ショウタ"}, {"真理子", "マリコ"}, {"隆", "タカシ"},     {"美香", "ミカ"},
    {"拓也", "タクヤ"},   {"智子", "トモコ"},   {"浩二", "コウジ"},   {"久美子", "クミコ"}, {"亮", "リョウ"},
    {"里美", "サトミ"},   {"和也", "カズヤ"},   {"幸子", "サチコ"},   {"修", "オサム"},     {"陽子", "ヨウコ"},
}};

struct StaffPlan {
  const char* profession;
  const char* org_type;
  int minowa;
  int neighbour;
};

// Minowa's numbers are the seed's; Ina and Minamiminowa get a smaller set.
const std::vector<StaffPlan>& StaffPlans() {
  static const std::vector<StaffPlan> kPlans = {
      {"doctor", "clinic", 10, 3},
      {"dentist", "dental_clinic", 5, 1},
      {"care_manager", "care_management_office", 40, 4},
      {"pharmacist", "pharmacy", 20, 2},
      {"public_health_nurse", "community_support_center", 10, 2},
      {"physical_therapist", "hospital", 8, 1},
      {"occupational_therapist", "hospital", 7, 1},
      {"nurse", "visiting_nurse_station", 25, 3},
      {"care_worker", "home_care_office", 25, 3},
  };
  return kPlans;
}

std::string OrgId(const std::string& region_key, const std::string& type, int n) {
  return "org-" + region_key + "-" + type + "-" + std::to_string(n);
}

struct Persona {
  const char* login;
  const char* surname;
  const char* given;
  const char* kana;
  const char* profession;
  int region;  // index into kRegions
  const char* org_type;
  bool region_admin;
};

// The accounts the README lists.
constexpr std::array<Persona, 7> kPersonas = {{
    {"minowa-admin", "唐沢", "直子", "カラサワ ナオコ", "municipal_staff", 0, "municipal_office", true},
    {"ina-admin", "北原", "誠", "キタハラ マコト", "municipal_staff", 1, "municipal_office", true},
    {"kato", "加藤", "恵子", "カトウ ケイコ", "care_manager", 0, "care_management_office", false},
    {"ito", "伊藤", "由美", "イトウ ユミ", "nurse", 0, "visiting_nurse_station", false},
    {"sato", "佐藤", "健一", "サトウ ケンイチ", "doctor", 1, "clinic", false},
    {"tanaka", "田中", "翔太", "タナカ ショウタ", "care_worker", 0, "home_care_office", false},
    {"suzuki", "鈴木", "陽子", "スズキ ヨウコ", "pharmacist", 0, "pharmacy", false},
}};

}  // namespace

DemoSummary LoadDemo(storage::Database& db, const people::PeopleStore& people, const access::AuditTrail& audit,
                     auth::PasswordHasher& hasher, const Clock& clock) {
  // One hash for every demo account: Argon2id costs ~130 ms each.
  const std::string hash = hasher.Hash(kDemoPassword);
  const TimestampMs now = clock.NowMs();
  DemoSummary summary;
  db.Transaction([&](storage::Connection& c) {
    auto add_user = [&](const std::string& id, const people::NewUser& u) {
      if (people.InsertUser(c, id, u, now)) ++summary.users;
    };
    add_user("user-admin", {"admin", "システム管理者", "システムカンリシャ", "admin@example.jp", "other", std::nullopt,
                            std::nullopt, true, false, hash});
    for (size_t ri = 0; ri < kRegions.size(); ++ri) {
      const auto& region = kRegions[ri];
      const std::string region_id = std::string("region-") + region.key;
      if (people.InsertRegion(c, {region_id, region.name, false}, now)) ++summary.regions;
      for (const auto& plan : OrgPlans()) {
        const int count = ri == 0 ? plan.count : std::max(1, plan.count / 3);
        for (int n = 1; n <= count; ++n) {
          std::string name = std::string(region.town);
          if (count > 1) name += kPlaceNames[(n - 1) % kPlaceNames.size()];
          name += plan.suffix;
          if (std::string(plan.type) == "municipal_office") name = std::string(region.name) + plan.suffix;
          if (people.InsertOrganization(
                  c, {.id = OrgId(region.key, plan.type, n), .region_id = region_id, .name = name, .type = plan.type},
                  now))
            ++summary.organizations;
        }
      }
      int person = static_cast<int>(ri) * 7;
      for (const auto& staff : StaffPlans()) {
        const int count = ri == 0 ? staff.minowa : staff.neighbour;
        int org_count = 1;
        for (const auto& plan : OrgPlans())
          if (std::string(plan.type) == staff.org_type) org_count = ri == 0 ? plan.count : std::max(1, plan.count / 3);
        for (int n = 1; n <= count; ++n, ++person) {
          const auto& sur = kSurnames[static_cast<size_t>(person) % kSurnames.size()];
          const auto& given = kGivenNames[static_cast<size_t>(person * 7 + 3) % kGivenNames.size()];
          char login[64];
          std::snprintf(login, sizeof login, "%s-%s-%02d", region.key, staff.profession, n);
          add_user(std::string("user-") + login,
                   {login, std::string(sur.kanji) + " " + given.kanji, std::string(sur.kana) + " " + given.kana,
                    std::string(login) + "@example.jp", staff.profession,
                    OrgId(region.key, staff.org_type, 1 + (n - 1) % org_count), region_id, false, false, hash});
        }
      }
    }
    for (const auto& p : kPersonas) {
      const auto& region = kRegions[static_cast<size_t>(p.region)];
      add_user(
          std::string("user-") + p.login,
          {p.login, std::string(p.surname) + " " + p.given, p.kana, std::string(p.login) + "@example.jp", p.profession,
           OrgId(region.key, p.org_type, 1), std::string("region-") + region.key, false, p.region_admin, hash});
    }
    // The seed's KPI targets (PRODUCT.md) for 箕輪町.
    struct YearTargets {
      int year;
      double posts, professionals, patients, professional_satisfaction, resident_satisfaction;
    };
    constexpr std::array<YearTargets, 3> kSeedTargets = {
        {{2025, 150, 50, 50, 40, 9.1}, {2026, 300, 100, 150, 50, 10.0}, {2027, 600, 125, 250, 70, 12.0}}};
    const kpi::KpiStore kpi;
    for (const auto& t : kSeedTargets) {
      kpi.SetTarget(c, "region-minowa", t.year, "posts", t.posts, std::nullopt, now);
      kpi.SetTarget(c, "region-minowa", t.year, "professionals", t.professionals, std::nullopt, now);
      kpi.SetTarget(c, "region-minowa", t.year, "patients", t.patients, std::nullopt, now);
      kpi.SetTarget(c, "region-minowa", t.year, "professional_satisfaction", t.professional_satisfaction, std::nullopt,
                    now);
      kpi.SetTarget(c, "region-minowa", t.year, "resident_satisfaction", t.resident_satisfaction, std::nullopt, now);
    }
    LoadDemoSurveys(c, now);
    audit.Append(c, {std::nullopt, "demo.load", std::nullopt, "users:" + std::to_string(summary.users), ""});
  });
  return summary;
}

}  // namespace tsunagu::app
