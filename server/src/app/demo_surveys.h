// The demo's satisfaction surveys for 箕輪町: a closed one of FY2025 with
// answers (so the professional-satisfaction KPI has a figure) and one open
// from today that the demo professionals can answer. Idempotent (fixed ids).
#pragma once

#include "common/clock.h"
#include "storage/database.h"

namespace tsunagu::app {

// Runs inside LoadDemo's transaction, after the demo users exist.
void LoadDemoSurveys(storage::Connection& c, TimestampMs now);

}  // namespace tsunagu::app
