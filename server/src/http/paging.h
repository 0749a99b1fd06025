// Cursor paging of lists: ?before=<cursor>&limit=<n> (limit 1..100, default 50),
// answered as {"items": [...], "next": "<cursor>" | null}.
#pragma once

#include <optional>
#include <string>

#include "http/request.h"

namespace tsunagu::http {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 100;

struct PageRequest {
  std::optional<std::string> before;
  int limit = kDefaultPageSize;
};

// Throws kInvalidArgument naming "limit" or "before".
PageRequest ParsePage(const Request& req);

// Builds the page answer from up to limit+1 fetched items: when more than
// `limit` were fetched, the extra one is dropped and `next` is the cursor of
// the last kept item (as returned by `cursor_of`).
template <typename T, typename ToJson, typename CursorOf>
Json PageJson(std::vector<T> items, int limit, ToJson to_json, CursorOf cursor_of) {
  Json out = {{"items", Json::array()}, {"next", nullptr}};
  const bool more = static_cast<int>(items.size()) > limit;
  if (more) items.resize(static_cast<size_t>(limit));
  for (const auto& item : items) out["items"].push_back(to_json(item));
  if (more && !items.empty()) out["next"] = cursor_of(items.back());
  return out;
}

}  // namespace tsunagu::http
