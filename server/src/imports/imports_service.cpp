#include "imports/imports_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "access/access_policy.h"
#include "common/crypto.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/utf8.h"
#include "registrations/registrations_service.h"

namespace tsunagu::imports {
namespace {

using storage::Connection;

struct ColumnSpec {
  std::string_view name;
  bool required;
  size_t max_chars;
};

// The file after its header was understood: data rows (blank ones dropped)
// and where each known column is.
struct Sheet {
  std::string encoding;
  std::map<std::string, size_t, std::less<>> columns;  // header -> index
  size_t width = 0;
  std::vector<CsvRecord> rows;
};

std::string Trim(std::string_view s) {
  // ASCII spaces and tabs, and the ideographic space (U+3000) that Japanese input adds.
  constexpr std::string_view kIdeographic = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.substr(0, 3) == kIdeographic) {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographic) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return std::string(s);
}

std::string Quoted(std::string_view v) { return "「" + std::string(v) + "」"; }

std::string ColumnList(const std::vector<ColumnSpec>& spec) {
  std::string out;
  for (const auto& c : spec) out += (out.empty() ? "" : "、") + std::string(c.name);
  return out;
}

// Reads the header of the file. Header problems are reported on line 1 and
// leave `rows` empty (the rows cannot be understood).
Sheet ReadSheet(CsvDocument csv, const std::vector<ColumnSpec>& spec, size_t max_rows,
                std::vector<ImportProblem>& problems) {
  Sheet sheet;
  sheet.encoding = std::string(CsvEncodingName(csv.encoding));
  auto& records = csv.records;
  auto blank = [](const CsvRecord& r) {
    return std::ranges::all_of(r.fields, [](const std::string& f) { return Trim(f).empty(); });
  };
  size_t first = 0;
  while (first < records.size() && blank(records[first])) ++first;
  if (first == records.size()) {
    problems.push_back(
        {1, std::nullopt, "ファイルが空です。1行目に見出し（" + ColumnList(spec) + "）を入れてください"});
    return sheet;
  }
  const CsvRecord& header = records[first];
  sheet.width = header.fields.size();
  const size_t before = problems.size();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = Trim(header.fields[i]);
    bool known = false;
    for (const auto& c : spec) known = known || c.name == name;
    if (!known) {
      problems.push_back(
          {header.line, name.empty() ? std::nullopt : std::optional<std::string>(name),
           (name.empty() ? std::to_string(i + 1) + "列目の見出しが空です" : Quoted(name) + "という列は使えません") +
               "。使える列は " + ColumnList(spec) + " です"});
    } else if (!sheet.columns.emplace(name, i).second) {
      problems.push_back({header.line, name, Quoted(name) + "の列が2つあります"});
    }
  }
  for (const auto& c : spec)
    if (c.required && !sheet.columns.contains(c.name))
      problems.push_back(
          {header.line, std::string(c.name), Quoted(c.name) + "の列がありません（1行目の見出しを確かめてください）"});
  if (problems.size() != before) return sheet;
  for (size_t i = first + 1; i < records.size(); ++i)
    if (!blank(records[i])) sheet.rows.push_back(std::move(records[i]));
  if (sheet.rows.empty()) {
    problems.push_back({header.line, std::nullopt, "見出しの下に取り込む行がありません"});
  } else if (sheet.rows.size() > max_rows) {
    problems.push_back({sheet.rows[max_rows].line, std::nullopt,
                        "一度に取り込めるのは" + std::to_string(max_rows) + "行までです。ファイルを分けてください"});
    sheet.rows.clear();
  }
  return sheet;
}

// Reads the cells of one row, collecting its problems.
class RowCells {
 public:
  RowCells(const Sheet& sheet, const CsvRecord& record, std::vector<ImportProblem>& problems)
      : sheet_(sheet), record_(record), problems_(problems) {
    if (record.fields.size() != sheet.width) {
      Problem(std::nullopt, "項目の数（" + std::to_string(record.fields.size()) + "）が見出しの列の数（" +
                                std::to_string(sheet.width) + "）と合いません");
    }
  }

  // The trimmed cell of `column` ("" when the file has no such column).
  std::string Get(const ColumnSpec& column) {
    auto it = sheet_.columns.find(column.name);
    if (it == sheet_.columns.end() || it->second >= record_.fields.size()) {
      if (column.required && it != sheet_.columns.end())
        Problem(column.name, Quoted(column.name) + "を入力してください");
      return "";
    }
    std::string v = Trim(record_.fields[it->second]);
    if (v.empty()) {
      if (column.required) Problem(column.name, Quoted(column.name) + "を入力してください");
      return v;
    }
    for (unsigned char ch : v) {
      if (ch < 0x20 || ch == 0x7F) {
        Problem(column.name, "改行や制御文字は入れられません");
        return "";
      }
    }
    if (CountCodePoints(v) > column.max_chars) {
      Problem(column.name, std::to_string(column.max_chars) + "文字以内にしてください");
      return "";
    }
    return v;
  }

  void Problem(std::optional<std::string_view> column, std::string message) {
    ok_ = false;
    problems_.push_back(
        {record_.line, column ? std::optional<std::string>(*column) : std::nullopt, std::move(message)});
  }

  // Runs a check that throws AppError (the shared field checks) as a problem.
  template <typename Fn>
  void Check(std::string_view column, Fn&& fn) {
    try {
      fn();
    } catch (const AppError& e) {
      Problem(column, e.fields().empty() ? e.what() : e.fields().begin()->second);
    }
  }

  bool ok() const { return ok_; }
  size_t line() const { return record_.line; }

 private:
  const Sheet& sheet_;
  const CsvRecord& record_;
  std::vector<ImportProblem>& problems_;
  bool ok_ = true;
};

// The organisation name rule of people/ (required, its length limit).
const ColumnSpec kOrgName{column::kOrganizationName, true, people::kMaxOrganizationNameChars};
const ColumnSpec kOrgType{column::kOrganizationType, true, 40};
const ColumnSpec kOrgRegion{column::kRegion, false, 100};
const std::vector<ColumnSpec>& OrganizationColumns() {
  static const std::vector<ColumnSpec> kAll = {kOrgName, kOrgType, kOrgRegion};
  return kAll;
}

const ColumnSpec kName{column::kName, true, 100};
const ColumnSpec kKana{column::kNameKana, true, 100};
const ColumnSpec kProfession{column::kProfession, true, 40};
const ColumnSpec kOrganization{column::kOrganization, true, 100};
const ColumnSpec kEmail{column::kEmail, false, 254};
const ColumnSpec kLogin{column::kLogin, true, 64};
const ColumnSpec kRegion{column::kRegion, false, 100};
const std::vector<ColumnSpec>& ProfessionalColumns() {
  static const std::vector<ColumnSpec> kAll = {kName, kKana, kProfession, kOrganization, kEmail, kLogin, kRegion};
  return kAll;
}

// Regions by id and by name, read once per import.
class RegionIndex {
 public:
  RegionIndex(Connection& c, const people::PeopleStore& people) {
    for (auto& r : people.ListRegions(c)) regions_.push_back(std::move(r));
  }
  const people::Region* Find(const std::string& id_or_name) const {
    for (const auto& r : regions_)
      if (r.id == id_or_name) return &r;
    for (const auto& r : regions_)
      if (r.name == id_or_name) return &r;
    return nullptr;
  }
  const people::Region* FindId(const std::optional<std::string>& id) const {
    if (!id) return nullptr;
    for (const auto& r : regions_)
      if (r.id == *id) return &r;
    return nullptr;
  }

 private:
  std::vector<people::Region> regions_;
};

// The region of a row: its 地域 cell, or the region admin's own region when
// empty. Null (with a problem recorded) when none fits.
const people::Region* RowRegion(RowCells& cells, const std::string& cell, const RegionIndex& regions,
                                const access::Actor& actor, bool required) {
  if (cell.empty()) {
    const people::Region* own = !actor.system_admin && actor.region_admin ? regions.FindId(actor.region_id) : nullptr;
    if (!own && required) cells.Problem(column::kRegion, "「地域」を入力してください（地域の名前かID）");
    return own;
  }
  const people::Region* region = regions.Find(cell);
  if (!region) {
    cells.Problem(column::kRegion, "地域" + Quoted(cell) + "が見つかりません");
    return nullptr;
  }
  if (!actor.AdministersRegion(region->id)) {
    cells.Problem(column::kRegion, "地域" + Quoted(cell) + "には取り込めません（管理している地域だけに取り込めます）");
    return nullptr;
  }
  return region;
}

void CheckOrganizations(Connection& c, const access::Actor& actor, const Sheet& sheet,
                        const people::PeopleStore& people, OrganizationImport& report) {
  const RegionIndex regions(c, people);
  std::map<std::pair<std::string, std::string>, size_t> seen;  // (region, name) -> line
  for (const auto& record : sheet.rows) {
    RowCells cells(sheet, record, report.problems);
    OrganizationRow row;
    row.line = record.line;
    row.name = cells.Get(kOrgName);
    const std::string type = cells.Get(kOrgType);
    const std::string region_cell = cells.Get(kOrgRegion);
    if (!type.empty()) {
      if (auto code = OrganizationTypeFromCell(type)) {
        row.type = *code;
      } else {
        cells.Problem(column::kOrganizationType,
                      "種別" + Quoted(type) + "は使えません（テンプレートの種別の一覧から選んでください）");
      }
    }
    if (const people::Region* region = RowRegion(cells, region_cell, regions, actor, true)) {
      row.region_id = region->id;
      row.region_name = region->name;
    }
    if (!row.name.empty() && !row.region_id.empty()) {
      auto [it, fresh] = seen.emplace(std::make_pair(row.region_id, row.name), record.line);
      if (!fresh) {
        cells.Problem(column::kOrganizationName, std::to_string(it->second) + "行目と同じ事業所名です");
      } else if (people.OrganizationNameTaken(c, row.region_id, row.name)) {
        cells.Problem(column::kOrganizationName, people::kOrganizationNameTaken);
      }
    }
    report.rows.push_back(std::move(row));
  }
}

void CheckProfessionals(Connection& c, const access::Actor& actor, const Sheet& sheet, const ImportsStore& store,
                        const people::PeopleStore& people, const registrations::RegistrationsStore& applications,
                        ProfessionalImport& report) {
  const RegionIndex regions(c, people);
  std::map<std::string, size_t> seen_logins;  // login -> line
  for (const auto& record : sheet.rows) {
    RowCells cells(sheet, record, report.problems);
    ProfessionalRow row;
    row.line = record.line;
    row.name = cells.Get(kName);
    row.name_kana = cells.Get(kKana);
    const std::string profession = cells.Get(kProfession);
    const std::string org_cell = cells.Get(kOrganization);
    row.email = cells.Get(kEmail);
    row.login = cells.Get(kLogin);
    const std::string region_cell = cells.Get(kRegion);

    if (!row.name_kana.empty())
      cells.Check(column::kNameKana, [&] { registrations::CheckKana("name_kana", row.name_kana); });
    if (!profession.empty()) {
      if (auto code = ProfessionFromCell(profession)) {
        row.profession = *code;
      } else {
        cells.Problem(column::kProfession,
                      "職種" + Quoted(profession) + "は使えません（テンプレートの職種の一覧から選んでください）");
      }
    }
    if (!row.email.empty()) cells.Check(column::kEmail, [&] { registrations::CheckEmail(row.email); });
    if (!row.login.empty()) {
      bool login_ok = true;
      cells.Check(column::kLogin, [&] {
        try {
          registrations::CheckLogin(row.login);
        } catch (const AppError&) {
          login_ok = false;
          throw;
        }
      });
      if (login_ok) {
        auto [it, fresh] = seen_logins.emplace(row.login, record.line);
        if (!fresh) {
          cells.Problem(column::kLogin, std::to_string(it->second) + "行目と同じログインIDです");
        } else if (people.LoginExists(c, row.login)) {
          cells.Problem(column::kLogin, "このログインIDはすでに使われています");
        } else if (applications.PendingLoginExists(c, row.login)) {
          cells.Problem(column::kLogin, "このログインIDは審査待ちの利用申請で使われています");
        }
      }
    }

    // The organisation: an id, or a name in the row's region (else the
    // admin's own region, else any region where it is the only one).
    const people::Region* region = nullptr;
    bool region_ok = true;
    if (!region_cell.empty()) {
      region = RowRegion(cells, region_cell, regions, actor, false);
      region_ok = region != nullptr;
    }
    if (!org_cell.empty() && region_ok) {
      std::optional<people::Organization> org = people.FindOrganization(c, org_cell);
      if (org && region && org->region_id != region->id) {
        cells.Problem(column::kOrganization, "事業所" + Quoted(org_cell) + "は「地域」の列の地域にありません");
        org.reset();
      } else if (!org) {
        std::optional<std::string> where;
        if (region) {
          where = region->id;
        } else if (!actor.system_admin && actor.region_admin) {
          where = actor.region_id;
        }
        auto found = store.FindOrganizationsByName(c, org_cell, where, 2);
        if (found.size() > 1) {
          cells.Problem(
              column::kOrganization,
              "同じ名前の事業所が複数の地域にあります。「地域」の列に地域を入れるか、事業所IDを書いてください");
        } else if (found.size() == 1) {
          org = found.front();
        } else {
          cells.Problem(column::kOrganization,
                        "事業所" + Quoted(org_cell) + "が見つかりません（先に事業所を取り込んでください）");
        }
      }
      // Another region's organisation does not exist for a region admin.
      if (org && !actor.AdministersRegion(org->region_id)) {
        cells.Problem(column::kOrganization,
                      "事業所" + Quoted(org_cell) + "が見つかりません（先に事業所を取り込んでください）");
        org.reset();
      }
      if (org && !org->active) {
        cells.Problem(column::kOrganization, "事業所" + Quoted(org_cell) + "は閉鎖されています");
        org.reset();
      }
      if (org) {
        row.organization_id = org->id;
        row.organization_name = org->name;
        row.region_id = org->region_id;
      }
    }
    report.rows.push_back(std::move(row));
  }
}

// The frame of both imports: admins only; the header read; then `check` and,
// with no problem and !dry_run, `write` (which returns the import's audit
// action) on one connection: a read for a dry run, else one transaction.
template <typename Row, typename Check, typename Write>
ImportReport<Row> RunImport(storage::Database& db, const access::AuditTrail& audit, const Clock& clock,
                            const access::Actor& actor, CsvDocument csv, const std::vector<ColumnSpec>& spec,
                            size_t max_rows, bool dry_run, Check check, Write write) {
  access::RequireAnyAdmin(actor);
  ImportReport<Row> report;
  report.dry_run = dry_run;
  const Sheet sheet = ReadSheet(std::move(csv), spec, max_rows, report.problems);
  report.encoding = sheet.encoding;
  if (!report.problems.empty()) return report;
  // Checked on the connection that writes, so that nothing can slip in
  // between the check and the write.
  auto run = [&](Connection& c) {
    check(c, sheet, report);
    if (dry_run || !report.problems.empty()) return;
    const std::string import_id = NewId(clock.NowMs());
    const std::string action = write(c, report);
    audit.Append(c, {actor.user_id, action, std::nullopt, "import:" + import_id, actor.ip});
    report.id = import_id;
  };
  if (dry_run) {
    db.Read(run);
  } else {
    db.Transaction(run);
  }
  return report;
}

}  // namespace

ImportsService::ImportsService(storage::Database& db, const ImportsStore& store, const people::PeopleStore& people,
                               people::PeopleService& people_service,
                               const registrations::RegistrationsStore& registrations, const access::AuditTrail& audit,
                               auth::PasswordHasher& hasher, const Clock& clock)
    : db_(db),
      store_(store),
      people_(people),
      people_service_(people_service),
      registrations_(registrations),
      audit_(audit),
      hasher_(hasher),
      clock_(clock) {}

OrganizationImport ImportsService::ImportOrganizations(const access::Actor& actor, CsvDocument csv, bool dry_run) {
  return RunImport<OrganizationRow>(
      db_, audit_, clock_, actor, std::move(csv), OrganizationColumns(), kMaxOrganizationRows, dry_run,
      [&](Connection& c, const Sheet& sheet, OrganizationImport& report) {
        CheckOrganizations(c, actor, sheet, people_, report);
      },
      [&](Connection& c, OrganizationImport& report) {
        // The regions' locks, which every naming takes, in one order for all
        // imports, so that two imports into the same regions cannot deadlock.
        std::set<std::string> regions;
        for (const auto& row : report.rows) regions.insert(row.region_id);
        for (const auto& region : regions) people_.LockRegion(c, region);
        for (auto& row : report.rows) {
          // Audited as organization.create there.
          row.id = people_service_.CreateOrganization(c, actor, {row.name, row.type, row.region_id}).id;
        }
        return "import.organizations";
      });
}

ProfessionalImport ImportsService::ImportProfessionals(const access::Actor& actor, CsvDocument csv, bool dry_run) {
  return RunImport<ProfessionalRow>(
      db_, audit_, clock_, actor, std::move(csv), ProfessionalColumns(), kMaxProfessionalRows, dry_run,
      [&](Connection& c, const Sheet& sheet, ProfessionalImport& report) {
        CheckProfessionals(c, actor, sheet, store_, people_, registrations_, report);
      },
      [&](Connection& c, ProfessionalImport& report) {
        for (auto& row : report.rows) {
          // Random, hashed at the minimum cost (see PasswordHasher::NewTemporaryPassword):
          // quick enough for the transaction, and no hasher slot is held.
          auto temporary = hasher_.NewTemporaryPassword();
          // Audited as user.create there; a login taken meanwhile is 409 and rolls all back.
          people::NewProfessional p{row.login,           row.name,       row.name_kana, row.email, row.profession,
                                    row.organization_id, temporary.hash, true};
          row.id = people_service_.CreateProfessional(c, actor, p).id;
          row.temporary_password = std::move(temporary.password);
        }
        return "import.professionals";
      });
}

}  // namespace tsunagu::imports
