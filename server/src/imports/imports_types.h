// Bulk import of organisations (事業所) and professionals from CSV files as
// municipal offices keep them: the columns, the values they may hold, and
// what an import reports.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::imports {

// The most data rows one file may hold. The same for both files: the
// professionals' temporary passwords are hashed cheaply (see PasswordHasher).
inline constexpr size_t kMaxOrganizationRows = 1000;
inline constexpr size_t kMaxProfessionalRows = 1000;

// Column headers (the first line of the file), in the template's order.
namespace column {
inline constexpr std::string_view kOrganizationName = "事業所名";
inline constexpr std::string_view kOrganizationType = "種別";
inline constexpr std::string_view kRegion = "地域";
inline constexpr std::string_view kName = "氏名";
inline constexpr std::string_view kNameKana = "ふりがな";
inline constexpr std::string_view kProfession = "職種";
inline constexpr std::string_view kOrganization = "事業所";
inline constexpr std::string_view kEmail = "メール";
inline constexpr std::string_view kLogin = "ログインID";
}  // namespace column

// One problem of a file: its 1-based line, the column it concerns (absent for
// the whole row or file) and what is wrong, in Japanese.
struct ImportProblem {
  size_t line = 0;
  std::optional<std::string> column;
  std::string message;
};

struct OrganizationRow {
  size_t line = 0;
  std::optional<std::string> id;  // once created
  std::string name;
  std::string type;
  std::string region_id;
  std::string region_name;
};

struct ProfessionalRow {
  size_t line = 0;
  std::optional<std::string> id;  // once created
  std::string login;
  std::string name;
  std::string name_kana;
  std::string profession;
  std::string email;  // may be empty
  std::string organization_id;
  std::string organization_name;
  std::string region_id;
  // Set once created: shown to the administrator this one time, never stored.
  std::optional<std::string> temporary_password;
};

// What an import found and (unless a dry run or a problem stopped it) did.
// Nothing is written when `problems` is not empty.
template <typename Row>
struct ImportReport {
  bool dry_run = true;
  std::string encoding;           // "utf-8", "utf-8-bom" or "shift_jis"
  std::optional<std::string> id;  // the import's id, once committed
  std::vector<Row> rows;          // every readable row, in file order
  std::vector<ImportProblem> problems;

  bool committed() const { return !dry_run && problems.empty() && id.has_value(); }
};

using OrganizationImport = ImportReport<OrganizationRow>;
using ProfessionalImport = ImportReport<ProfessionalRow>;

// The code for a cell of 種別 / 職種: the API code itself, or a Japanese name
// as the web UI shows it (and a few names offices commonly use). Surrounding
// spaces are the caller's to trim.
std::optional<std::string> OrganizationTypeFromCell(std::string_view cell);
std::optional<std::string> ProfessionFromCell(std::string_view cell);

// The Japanese name of each code (the template and the error messages).
std::string_view OrganizationTypeLabel(std::string_view code);
std::string_view ProfessionLabel(std::string_view code);

}  // namespace tsunagu::imports
