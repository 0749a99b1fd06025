#include "http/paging.h"

#include <charconv>

#include "common/error.h"

namespace tsunagu::http {

PageRequest ParsePage(const Request& req) {
  PageRequest page;
  if (auto limit = req.QueryParam("limit")) {
    int n = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (ec != std::errc() || ptr != limit->data() + limit->size() || n < 1 || n > kMaxPageSize)
      throw AppError::InvalidField("limit", "1から100までの数で指定してください");
    page.limit = n;
  }
  if (auto before = req.QueryParam("before")) {
    if (before->empty() || before->size() > 64) throw AppError::InvalidField("before", "カーソルが正しくありません");
    page.before = *before;
  }
  return page;
}

}  // namespace tsunagu::http
