#include "attachments/attachments_types.h"

#include <algorithm>
#include <array>
#include <vector>

namespace tsunagu::attachments {
namespace {

bool StartsWith(std::string_view data, std::string_view prefix) {
  return data.size() >= prefix.size() && data.substr(0, prefix.size()) == prefix;
}

// ISO base media file format (HEIF): a "ftyp" box whose major or compatible
// brands name a HEIF image brand.
bool IsHeif(std::string_view data) {
  if (data.size() < 16 || data.substr(4, 4) != "ftyp") return false;
  const auto u = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(data[i])); };
  const uint32_t box = (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
  if (box < 16 || box > data.size() || box > 4096) return false;
  static constexpr std::array<std::string_view, 8> kBrands = {"heic", "heix", "heim", "heis",
                                                              "hevc", "hevx", "mif1", "msf1"};
  auto known = [&](std::string_view brand) {
    return std::ranges::any_of(kBrands, [&](std::string_view b) { return b == brand; });
  };
  if (known(data.substr(8, 4))) return true;
  for (size_t i = 16; i + 4 <= box; i += 4)
    if (known(data.substr(i, 4))) return true;
  return false;
}

// Decodes one UTF-8 sequence at `i`; returns its length (0 when invalid).
size_t Utf8Sequence(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if ((c & 0xE0) == 0xC0)
    len = 2, cp = c & 0x1F;
  else if ((c & 0xF0) == 0xE0)
    len = 3, cp = c & 0x0F;
  else if ((c & 0xF8) == 0xF0)
    len = 4, cp = c & 0x07;
  else
    return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr std::array<uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool Hidden(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||  // C0, DEL, C1 controls
         (cp >= 0x200B && cp <= 0x200F) ||           // zero-width, LRM/RLM
         (cp >= 0x202A && cp <= 0x202E) ||           // bidirectional embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

}  // namespace

std::optional<MediaType> DetectMediaType(std::string_view data) {
  if (StartsWith(data, "\xFF\xD8\xFF")) return MediaType{"image/jpeg", "jpg", true};
  if (StartsWith(data, std::string_view("\x89PNG\r\n\x1A\n", 8))) return MediaType{"image/png", "png", true};
  if (data.size() >= 12 && StartsWith(data, "RIFF") && data.substr(8, 4) == "WEBP")
    return MediaType{"image/webp", "webp", true};
  if (IsHeif(data)) return MediaType{"image/heic", "heic", true};
  // PDF: "%PDF-" within the first 1024 bytes (readers accept leading junk; we
  // accept only whitespace or a byte-order mark before it).
  size_t start = 0;
  if (StartsWith(data, "\xEF\xBB\xBF")) start = 3;
  while (start < data.size() && start < 1024 &&
         (data[start] == ' ' || data[start] == '\n' || data[start] == '\r' || data[start] == '\t'))
    ++start;
  if (StartsWith(data.substr(start), "%PDF-")) return MediaType{"application/pdf", "pdf", false};
  return std::nullopt;
}

bool IsPathLike(std::string_view raw) {
  return raw.find_first_of("/\\") != std::string_view::npos || raw == "." || raw == "..";
}

std::string DisplayName(std::string_view raw, std::string_view extension) {
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < raw.size();) {
    uint32_t cp = 0;
    const size_t len = Utf8Sequence(raw, i, cp);
    if (len == 0) {
      ++i;  // not UTF-8: dropped
      continue;
    }
    if (!Hidden(cp)) chars.push_back(raw.substr(i, len));
    i += len;
  }
  auto blank = [](std::string_view ch) { return ch == " " || ch == "\u3000"; };
  while (!chars.empty() && blank(chars.front())) chars.erase(chars.begin());
  while (!chars.empty() && blank(chars.back())) chars.pop_back();
  if (chars.size() > kMaxFileNameChars) chars.resize(kMaxFileNameChars);
  std::string name;
  for (auto ch : chars) name += ch;
  if (name.empty() || name == "." || name == "..") return "file." + std::string(extension);
  return name;
}

}  // namespace tsunagu::attachments
