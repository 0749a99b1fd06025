#include "access/audit_journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "access/audit_writer.h"
#include "support/temp_sqlite.h"

namespace tsunagu::access {
namespace {

class AuditJournalTest : public ::testing::Test {
 protected:
  int64_t Count(const std::string& action) {
    return temp_.db().Read([&](storage::Connection& c) {
      AuditQuery q;
      q.action = action;
      return AuditTrail::Count(c, q, 1'000'000);
    });
  }
  AuditVerification Verify() {
    return temp_.db().Read([](storage::Connection& c) { return AuditTrail::Verify(c); });
  }
  static std::vector<std::pair<AuditEvent, TimestampMs>> Reads(int n, TimestampMs at) {
    std::vector<std::pair<AuditEvent, TimestampMs>> out;
    out.reserve(n);
    for (int i = 0; i < n; ++i)
      out.push_back({{"user-1", "post.list", "patient-1", "patient:patient-1", "ip"}, at + i});
    return out;
  }

  testing::TempSqlite temp_;
  FixedClock clock_{1'700'000'000'000};
  AuditTrail trail_{clock_};
};

TEST_F(AuditJournalTest, ARecordedReadIsInTheTrailAfterAFlushNotBefore) {
  AuditWriter writer(temp_.db(), trail_);
  writer.Record({"user-1", "post.list", "patient-1", "patient:patient-1", "ip"});
  // Durable in the journal, not yet in the trail (it moves every kDrainEvery).
  EXPECT_EQ(Count("post.list"), 0);
  writer.Flush();
  EXPECT_EQ(Count("post.list"), 1);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditJournalTest, RecordsMoveIntoTheTrailWithinTheDrainPeriod) {
  AuditWriter writer(temp_.db(), trail_);
  writer.Record({"user-1", "patient.read", "patient-1", "patient:patient-1", "ip"});
  for (int i = 0; i < 50 && Count("patient.read") == 0; ++i) std::this_thread::sleep_for(AuditWriter::kDrainEvery / 10);
  EXPECT_EQ(Count("patient.read"), 1);
}

TEST_F(AuditJournalTest, WhatACrashLeftInTheJournalJoinsTheTrailAtTheNextStartOnce) {
  {
    auto journal = AuditJournal::Open(temp_.db());
    ASSERT_NE(journal, nullptr);
    journal->Write(Reads(3, clock_.NowMs()));  // durable, then the process "dies"
  }
  EXPECT_EQ(Count("post.list"), 0);
  {
    AuditWriter writer(temp_.db(), trail_);
    EXPECT_EQ(Count("post.list"), 3);
  }
  AuditWriter again(temp_.db(), trail_);
  EXPECT_EQ(Count("post.list"), 3);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditJournalTest, TwoDrainersMoveEachRecordOnce) {
  auto a = AuditJournal::Open(temp_.db());
  auto b = AuditJournal::Open(temp_.db());
  a->Write(Reads(4, clock_.NowMs()));
  b->Write(Reads(2, clock_.NowMs()));
  EXPECT_EQ(a->Drain(temp_.db(), trail_) + b->Drain(temp_.db(), trail_), 6);
  a->Write(Reads(1, clock_.NowMs()));
  EXPECT_EQ(b->Drain(temp_.db(), trail_), 1);
  EXPECT_EQ(a->Drain(temp_.db(), trail_), 0);
  EXPECT_EQ(Count("post.list"), 7);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditJournalTest, AJournalMadeAnewNumbersAboveWhatWasMoved) {
  {
    auto journal = AuditJournal::Open(temp_.db());
    journal->Write(Reads(5, clock_.NowMs()));
    EXPECT_EQ(journal->Drain(temp_.db(), trail_), 5);
  }
  // A restore (or a lost file) removes the journal; its ids would restart at 1.
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(temp_.path() + ".audit-journal" + suffix);
  auto journal = AuditJournal::Open(temp_.db());
  EXPECT_EQ(journal->Drain(temp_.db(), trail_), 0);
  journal->Write(Reads(2, clock_.NowMs()));
  EXPECT_EQ(journal->Drain(temp_.db(), trail_), 2);
  EXPECT_EQ(Count("post.list"), 7);
}

TEST_F(AuditJournalTest, StoppingTheWriterMovesEverythingIntoTheTrail) {
  {
    AuditWriter writer(temp_.db(), trail_);
    writer.Record({"user-1", "post.list", "patient-1", "patient:patient-1", "ip"});
    writer.Submit({"user-2", "patient.denied", "patient-1", "post.list patient:patient-1", "ip"});
  }
  EXPECT_EQ(Count("post.list"), 1);
  EXPECT_EQ(Count("patient.denied"), 1);
}

}  // namespace
}  // namespace tsunagu::access
