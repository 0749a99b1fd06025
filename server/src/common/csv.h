// CSV as municipal offices and spreadsheets exchange it (RFC 4180).
// Writing: cells with formula neutralisation, rows ending in CRLF, an optional
// UTF-8 byte order mark so that Excel opens Japanese text correctly.
// Reading: UTF-8 (with or without a byte order mark) or Shift_JIS (code page
// 932), split into records.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu {

// ---- Writing ----------------------------------------------------------------

// One cell: quoted when it holds a comma, a double quote or a line break
// (quotes doubled); a value starting with =, +, -, @, TAB or CR gets a leading
// apostrophe so that a spreadsheet shows it as text instead of running it.
// The same rule as web/src/features/kpi/kpi.ts csvCell(): keep them consistent.
std::string CsvCell(std::string_view value);

// Builds a CSV document row by row. Take() hands over what was written so far
// (so a large export can be sent in pieces) and leaves the writer empty.
class CsvWriter {
 public:
  // The UTF-8 byte order mark (EF BB BF); write it first, once.
  void Bom() { out_ += "\xEF\xBB\xBF"; }
  void Row(std::initializer_list<std::string_view> cells);
  void Row(const std::vector<std::string>& cells);
  std::string Take();
  // Bytes written and not yet taken.
  size_t size() const { return out_.size(); }

 private:
  void Cell(std::string_view value, bool first);

  std::string out_;
};

// ---- Reading ----------------------------------------------------------------

// The text encodings DecodeCsvText recognises.
enum class CsvEncoding {
  kUtf8,     // UTF-8 without a byte order mark
  kUtf8Bom,  // UTF-8 starting with EF BB BF (Excel's "CSV UTF-8")
  kCp932,    // Shift_JIS as Windows writes it (code page 932, NEC/IBM extensions included)
};

// "utf-8", "utf-8-bom" or "shift_jis".
std::string_view CsvEncodingName(CsvEncoding encoding);

struct CsvText {
  std::string utf8;  // without the byte order mark
  CsvEncoding encoding = CsvEncoding::kUtf8;
};

// Decides the encoding of `bytes` and converts them to UTF-8:
//   a UTF-8 byte order mark -> UTF-8 (the rest must be valid UTF-8);
//   valid UTF-8 -> UTF-8;
//   invalid UTF-8 after at least one valid non-ASCII UTF-8 character -> a
//     UTF-8 file with a broken character (not guessed to be Shift_JIS);
//   otherwise -> CP932, converted with iconv.
// Throws AppError kInvalidArgument "invalid_encoding" naming the 1-based line
// of the first byte that fits neither (NUL bytes included).
CsvText DecodeCsvText(std::string_view bytes);

// One record: its fields, and the 1-based line of the file where it starts
// (a quoted field may span several lines).
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};

// Splits RFC 4180 text into records. Fields are separated by commas and may
// be quoted ("..."), with "" for a quote inside; quoted fields may hold commas
// and line breaks. Records end at CRLF, LF or a lone CR; a final line break
// does not start another record. An empty line is a record with one empty
// field (callers decide whether to skip it). Field text is kept as written
// (no trimming), line breaks inside quoted fields included.
// Throws AppError kInvalidArgument "invalid_csv" naming the line for a quote
// left open at the end, text after a closing quote, or a quote inside an
// unquoted field.
std::vector<CsvRecord> ParseCsv(std::string_view text);

// A CSV file as read: its detected encoding and its records.
struct CsvDocument {
  CsvEncoding encoding = CsvEncoding::kUtf8;
  std::vector<CsvRecord> records;
};

// DecodeCsvText then ParseCsv, with their errors ("invalid_encoding", "invalid_csv").
CsvDocument ReadCsv(std::string_view bytes);

}  // namespace tsunagu
