// LIKE patterns built from user text: the text matched literally anywhere.
#pragma once

#include <string>

namespace tsunagu::storage {

// "%<text>%" with %, _ and \ escaped by a backslash; use with ESCAPE '\'.
inline std::string LikeContains(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

}  // namespace tsunagu::storage
