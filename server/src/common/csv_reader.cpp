// Reading CSV (the declarations are in common/csv.h, next to the writer).
#include <iconv.h>

#include <cerrno>
#include <memory>

#include "common/csv.h"
#include "common/error.h"
#include "common/utf8.h"

namespace tsunagu {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Line (1-based) of byte `offset`: LF bytes before it, plus one. A CR alone
// also ends a line. In CP932 neither byte is ever part of a double-byte
// character (trail bytes are 0x40..0xFC), so counting bytes is exact there too.
size_t LineAt(std::string_view bytes, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n'))) ++line;
  }
  return line;
}

// ScanUtf8 with a NUL byte as the first error (never text in a CSV file).
Utf8Scan ScanText(std::string_view s) {
  const size_t nul = s.find('\0');
  Utf8Scan scan = ScanUtf8(s.substr(0, nul));
  if (scan.invalid_at == std::string_view::npos) scan.invalid_at = nul;
  return scan;
}

AppError EncodingError(std::string_view bytes, size_t offset) {
  const std::string line = std::to_string(LineAt(bytes, offset));
  return AppError(ErrorCode::kInvalidArgument,
                  line + "行目に読み取れない文字があります。UTF-8 か Shift_JIS で保存したCSVファイルを選んでください",
                  "invalid_encoding", {{"file", line + "行目: 文字コードを判別できません"}});
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// CP932 to UTF-8; throws EncodingError at the first byte that is not CP932.
std::string Cp932ToUtf8(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "CP932");
  // iconv_open's documented failure value is (iconv_t)-1.
  if (cd == reinterpret_cast<iconv_t>(-1))  // NOLINT(performance-no-int-to-ptr)
    throw std::runtime_error("iconv cannot convert CP932 to UTF-8");
  std::unique_ptr<void, IconvCloser> guard(cd);
  std::string out;
  out.resize(bytes.size() * 3 + 16);           // every CP932 character is at most 3 UTF-8 bytes
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not written
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t out_left = out.size();
  if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<size_t>(-1)) {
    if (errno == E2BIG) throw std::runtime_error("iconv output buffer too small");
    // EILSEQ: an invalid sequence; EINVAL: a lead byte cut off at the end.
    throw EncodingError(bytes, bytes.size() - in_left);
  }
  out.resize(out.size() - out_left);
  return out;
}

AppError CsvError(size_t line, const std::string& message) {
  const std::string where = std::to_string(line) + "行目: ";
  return AppError(ErrorCode::kInvalidArgument, where + message, "invalid_csv", {{"file", where + message}});
}

}  // namespace

std::string_view CsvEncodingName(CsvEncoding encoding) {
  switch (encoding) {
    case CsvEncoding::kUtf8:
      return "utf-8";
    case CsvEncoding::kUtf8Bom:
      return "utf-8-bom";
    case CsvEncoding::kCp932:
      return "shift_jis";
  }
  return "utf-8";
}

CsvText DecodeCsvText(std::string_view bytes) {
  if (bytes.substr(0, kBom.size()) == kBom) {
    const std::string_view rest = bytes.substr(kBom.size());
    const Utf8Scan scan = ScanText(rest);
    if (scan.invalid_at != std::string_view::npos) throw EncodingError(bytes, kBom.size() + scan.invalid_at);
    return {std::string(rest), CsvEncoding::kUtf8Bom};
  }
  const Utf8Scan scan = ScanText(bytes);
  if (scan.invalid_at == std::string_view::npos) return {std::string(bytes), CsvEncoding::kUtf8};
  if (scan.saw_multibyte) throw EncodingError(bytes, scan.invalid_at);
  if (bytes.find('\0') != std::string_view::npos) throw EncodingError(bytes, bytes.find('\0'));
  return {Cp932ToUtf8(bytes), CsvEncoding::kCp932};
}

std::vector<CsvRecord> ParseCsv(std::string_view text) {
  std::vector<CsvRecord> records;
  size_t line = 1;
  size_t i = 0;
  const size_t n = text.size();
  // Consumes a line break at i (CRLF, LF or CR); true when there was one.
  auto line_break = [&]() {
    if (i < n && text[i] == '\r') {
      ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      return true;
    }
    if (i < n && text[i] == '\n') {
      ++i;
      ++line;
      return true;
    }
    return false;
  };
  while (i < n) {
    CsvRecord record;
    record.line = line;
    for (;;) {
      std::string field;
      if (i < n && text[i] == '"') {
        const size_t opened = line;
        ++i;
        for (;;) {
          if (i >= n) throw CsvError(opened, "引用符（\"）が閉じられていません");
          const char ch = text[i];
          if (ch == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (ch == '\n' || (ch == '\r' && (i + 1 >= n || text[i + 1] != '\n'))) ++line;
          field += ch;
          ++i;
        }
        if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
          throw CsvError(line, "引用符（\"）で囲んだ項目の後ろに文字があります");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          if (text[i] == '"')
            throw CsvError(line,
                           "項目の途中に引用符（\"）があります。項目全体を引用符で囲み、中の引用符は2つ重ねてください");
          field += text[i];
          ++i;
        }
      }
      record.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      line_break();
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

CsvDocument ReadCsv(std::string_view bytes) {
  CsvText text = DecodeCsvText(bytes);
  return {text.encoding, ParseCsv(text.utf8)};
}

}  // namespace tsunagu
