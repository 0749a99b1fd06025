// `tsunagu demo`, the notebook part: four patients (three in 箕輪町, one in
// 伊那市) with consent, care teams that cross the two regions, and a week of
// posts, mentions and read receipts, written through the services as the
// personas did them (so the audit trail, unread counts, mail outbox and KPI
// counts are what they would be). Some posts stay unread, one of them urgent.
#pragma once

#include "app/application.h"
#include "common/clock.h"

namespace tsunagu::app {

// How long ago the demo's story starts.
inline constexpr int64_t kDemoWeekMs = 7LL * 24 * 3600 * 1000;

// `app` runs on `clock`, which this moves through the week ending at `now`
// (from now - kDemoWeekMs) and leaves at `now`. Returns the patients registered: 0 when the demo's
// lead already has patients (it ran before).
int LoadDemoNotebook(Application& app, FixedClock& clock, TimestampMs now);

}  // namespace tsunagu::app
