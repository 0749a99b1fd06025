#include "registrations/registrations_service.h"

#include <map>

#include "access/access_policy.h"
#include "auth/auth_service.h"
#include "common/crypto.h"
#include "common/error.h"
#include "people/people_types.h"

namespace tsunagu::registrations {
namespace {

// Decodes one UTF-8 code point at `i` (input already validated as UTF-8 by the JSON parser).
char32_t NextCodePoint(const std::string& s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

}  // namespace

void CheckLogin(const std::string& login) {
  if (login.size() < 3 || login.size() > 32)
    throw AppError::InvalidField("login", "ログインIDは3〜32文字にしてください");
  for (char ch : login) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    if (!ok) throw AppError::InvalidField("login", "ログインIDには半角の英小文字・数字・「.」「_」「-」だけが使えます");
  }
}

void CheckKana(const std::string& field, const std::string& kana) {
  size_t i = 0;
  while (i < kana.size()) {
    const char32_t cp = NextCodePoint(kana, i);
    const bool katakana = cp >= 0x30A1 && cp <= 0x30FC;  // ァ..ー (includes ・ and ー)
    const bool hiragana = cp >= 0x3041 && cp <= 0x3096;
    const bool space = cp == 0x20 || cp == 0x3000;
    if (!katakana && !hiragana && !space)
      throw AppError::InvalidField(field, "ふりがなは、ひらがなかカタカナで入力してください");
  }
}

void CheckEmail(const std::string& email) {
  const auto at = email.find('@');
  const bool ok = email.size() <= 254 && at != std::string::npos && at > 0 && at == email.rfind('@') &&
                  email.find('.', at) != std::string::npos && email.back() != '.' &&
                  email.find_first_of(" \t\r\n<>\"") == std::string::npos;
  if (!ok) throw AppError::InvalidField("email", "メールアドレスの形式が正しくありません");
}

RegistrationsService::RegistrationsService(storage::Database& db, const RegistrationsStore& store,
                                           const people::PeopleStore& people, const access::AuditTrail& audit,
                                           auth::PasswordHasher& hasher, const Clock& clock)
    : db_(db), store_(store), people_(people), audit_(audit), hasher_(hasher), clock_(clock) {}

Registration RegistrationsService::Apply(const Application& a, const std::string& ip) {
  // Collect every bad field at once, so the form can show them all.
  std::map<std::string, std::string> bad;
  auto check = [&](auto&& fn) {
    try {
      fn();
    } catch (const AppError& e) {
      for (const auto& [k, v] : e.fields()) bad[k] = v;
    }
  };
  check([&] { CheckLogin(a.login); });
  check([&] { CheckKana("name_kana", a.name_kana); });
  check([&] { CheckEmail(a.email); });
  check([&] { auth::RequireAcceptablePassword("password", a.password); });
  if (!people::IsProfession(a.profession)) bad["profession"] = "職種を選んでください";
  auto [region, org] = db_.Read([&](storage::Connection& c) {
    return std::make_pair(people_.FindRegion(c, a.region_id), people_.FindOrganization(c, a.organization_id));
  });
  if (!region) bad["region_id"] = "地域を選んでください";
  if (!org || !org->active || org->region_id != a.region_id)
    bad["organization_id"] = "この地域の事業所を選んでください";
  if (!bad.empty()) throw AppError(ErrorCode::kInvalidArgument, "入力内容に誤りがあります", "invalid_argument", bad);

  const std::string hash = hasher_.Hash(a.password);
  const TimestampMs now = clock_.NowMs();
  Registration r{NewId(now),  a.login,   a.name, a.name_kana,  a.email,      a.profession, a.organization_id,
                 a.region_id, "pending", now,    std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  db_.Transaction([&](storage::Connection& c) {
    if (people_.LoginExists(c, a.login) || !store_.Insert(c, r, hash))
      throw AppError(ErrorCode::kConflict, "このログインIDはすでに使われています", "login_taken",
                     {{"login", "このログインIDはすでに使われています"}});
    audit_.Append(c, {std::nullopt, "registration.apply", std::nullopt, "registration:" + r.id, ip});
  });
  return r;
}

std::vector<Registration> RegistrationsService::List(const access::Actor& actor, RegistrationQuery query) {
  access::RequireAnyAdmin(actor);
  if (query.status && *query.status != "pending" && *query.status != "approved" && *query.status != "rejected")
    throw AppError::InvalidField("status", "pending, approved, rejected のいずれかを指定してください");
  if (!actor.system_admin) {
    if (query.region_id && query.region_id != actor.region_id)
      throw AppError(ErrorCode::kPermissionDenied, "この地域の管理者のみが利用できます");
    query.region_id = actor.region_id;
  }
  // Applicants' details are personal data: reading them is recorded.
  return db_.Transaction([&](storage::Connection& c) {
    auto items = store_.List(c, query);
    audit_.Append(
        c, {actor.user_id, "registrations.list", std::nullopt, "region:" + query.region_id.value_or("*"), actor.ip});
    return items;
  });
}

Registration RegistrationsService::RequireDecidable(storage::Connection& c, const access::Actor& actor,
                                                    const std::string& id) {
  auto r = store_.Find(c, id);
  // Another region's application does not exist for a region admin.
  if (!r || !actor.AdministersRegion(r->region_id)) throw AppError(ErrorCode::kNotFound, "申請が見つかりません");
  if (r->status != "pending")
    throw AppError(ErrorCode::kConflict, "この申請はすでに処理されています", "already_decided");
  return *r;
}

Registration RegistrationsService::Approve(const access::Actor& actor, const std::string& id) {
  access::RequireAnyAdmin(actor);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    Registration r = RequireDecidable(c, actor, id);
    // The organisation may have closed since the application (held open until commit).
    if (!people_.LockOpenOrganization(c, r.organization_id))
      throw AppError(ErrorCode::kConflict, "申請先の事業所は閉鎖されています。申請を却下してください",
                     "organization_closed");
    const std::string user_id = NewId(now);
    people::NewUser u{
        r.login,           r.name,      r.name_kana, r.email, r.profession,
        r.organization_id, r.region_id, false,       false,   store_.FindPasswordHash(c, id).value_or("")};
    if (!people_.InsertUser(c, user_id, u, now))
      throw AppError(ErrorCode::kConflict, "このログインIDはすでに使われています", "login_taken");
    store_.Decide(c, id, "approved", now, *actor.user_id, std::nullopt, user_id);
    audit_.Append(c, {actor.user_id, "registration.approve", std::nullopt, "registration:" + id, actor.ip});
    r.status = "approved";
    r.decided_at = now;
    r.decided_by = actor.user_id;
    r.user_id = user_id;
    return r;
  });
}

Registration RegistrationsService::Reject(const access::Actor& actor, const std::string& id,
                                          const std::optional<std::string>& reason) {
  access::RequireAnyAdmin(actor);
  const TimestampMs now = clock_.NowMs();
  return db_.Transaction([&](storage::Connection& c) {
    Registration r = RequireDecidable(c, actor, id);
    store_.Decide(c, id, "rejected", now, *actor.user_id, reason, std::nullopt);
    audit_.Append(c, {actor.user_id, "registration.reject", std::nullopt, "registration:" + id, actor.ip});
    r.status = "rejected";
    r.decided_at = now;
    r.decided_by = actor.user_id;
    r.reason = reason;
    return r;
  });
}

}  // namespace tsunagu::registrations
