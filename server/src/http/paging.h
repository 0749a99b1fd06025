// Cursor paging of lists: ?before=<cursor>&limit=<n> (limit 1..100, default 50),
// answered as {"items": [...], "next": "<cursor>" | null}.
#pragma once

#include <optional>
#include <string>

#include "http/json_writer.h"
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

// The same page written with a JsonWriter (see json_writer.h):
// `write(writer, item)` writes one item.
template <typename T, typename Write, typename CursorOf>
Response PageResponse(const std::vector<T>& items, int limit, Write write, CursorOf cursor_of) {
  const bool more = static_cast<int>(items.size()) > limit;
  const size_t shown = more ? static_cast<size_t>(limit) : items.size();
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (size_t i = 0; i < shown; ++i) write(w, items[i]);
  w.EndArray().Key("next");
  if (more && shown > 0)
    w.String(cursor_of(items[shown - 1]));
  else
    w.Null();
  w.EndObject();
  return Response::OkText(w.Take());
}

}  // namespace tsunagu::http
