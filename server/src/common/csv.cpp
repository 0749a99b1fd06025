#include "common/csv.h"

#include <utility>

namespace tsunagu {

// ---- Writing ----------------------------------------------------------------

namespace {

bool LooksLikeFormula(std::string_view v) {
  if (v.empty()) return false;
  switch (v.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

void AppendCell(std::string& out, std::string_view value) {
  const bool formula = LooksLikeFormula(value);
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) out += '"';
  if (formula) out += '\'';
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  if (quote) out += '"';
}

}  // namespace

std::string CsvCell(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 3);
  AppendCell(out, value);
  return out;
}

void CsvWriter::Cell(std::string_view value, bool first) {
  if (!first) out_ += ',';
  AppendCell(out_, value);
}

void CsvWriter::Row(std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (std::string_view c : cells) {
    Cell(c, first);
    first = false;
  }
  out_ += "\r\n";
}

void CsvWriter::Row(const std::vector<std::string>& cells) {
  bool first = true;
  for (const std::string& c : cells) {
    Cell(c, first);
    first = false;
  }
  out_ += "\r\n";
}

std::string CsvWriter::Take() { return std::exchange(out_, std::string()); }

}  // namespace tsunagu
