#include "posts/posts_types.h"

#include <algorithm>
#include <array>

namespace tsunagu::posts {

bool IsCategory(std::string_view v) {
  static constexpr std::array<std::string_view, 12> kAll = {"observation",  "vitals",      "medication",     "meal",
                                                            "excretion",    "bathing",     "rehabilitation", "visit",
                                                            "consultation", "instruction", "contact",        "other"};
  return std::find(kAll.begin(), kAll.end(), v) != kAll.end();
}

}  // namespace tsunagu::posts
