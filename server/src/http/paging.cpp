#include "http/paging.h"

#include "common/decimal.h"
#include "common/error.h"

namespace tsunagu::http {

PageRequest ParsePage(const Request& req) {
  PageRequest page;
  if (auto limit = req.QueryParam("limit")) {
    const auto n = ParseDecimal<int>(*limit);
    if (!n || *n < 1 || *n > kMaxPageSize) throw AppError::InvalidField("limit", "1から100までの数で指定してください");
    page.limit = *n;
  }
  if (auto before = req.QueryParam("before")) {
    if (before->empty() || before->size() > 64) throw AppError::InvalidField("before", "カーソルが正しくありません");
    page.before = *before;
  }
  return page;
}

}  // namespace tsunagu::http
