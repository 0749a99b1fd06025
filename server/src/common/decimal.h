// Whole decimal numbers in text (query parameters, cursors, database
// columns): the whole of the text must be the number.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace tsunagu {

// nullopt when `text` is empty, holds anything else, or is out of T's range.
template <typename T>
std::optional<T> ParseDecimal(std::string_view text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace tsunagu
