// UTF-8 text: well-formedness and length in characters. The one place that
// decodes UTF-8 byte sequences; HTTP input, CSV files and the services' length
// limits all use it.
#pragma once

#include <cstddef>
#include <string_view>

namespace tsunagu {

struct Utf8Scan {
  size_t invalid_at = std::string_view::npos;  // byte offset of the first bad sequence; npos when all is valid
  bool saw_multibyte = false;                  // a valid non-ASCII character before invalid_at
};

// Scans `s` for well-formed UTF-8: no stray continuation bytes, no truncated
// sequences, no overlong forms, surrogates (U+D800..U+DFFF) or values past
// U+10FFFF. NUL is a valid (ASCII) character here; callers that refuse it
// check it themselves.
Utf8Scan ScanUtf8(std::string_view s);

// True when ScanUtf8 finds nothing wrong.
bool IsValidUtf8(std::string_view s);

// The number of Unicode code points of valid UTF-8 (every byte that is not a
// continuation byte starts one). What "N characters" means in length limits.
size_t CountCodePoints(std::string_view s);

}  // namespace tsunagu
