#include "storage/postgres_database.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <libpq-fe.h>

#include <sstream>
#include <unordered_map>

namespace tsunagu::storage {
namespace {

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

constexpr Oid kByteaOid = 17;  // pg_type.oid of bytea (fixed in the catalogue)

// Results come in text format; bytea's text form is "\x" and hex digits
// (bytea_output = hex, the default since PostgreSQL 9.0, set per connection).
std::string DecodeBytea(const char* text, int length) {
  auto nibble = [](char ch) -> int {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
  };
  if (length < 2 || text[0] != '\\' || text[1] != 'x' || length % 2 != 0)
    throw DatabaseError("postgresql: unexpected bytea text form");
  std::string out;
  out.resize(static_cast<size_t>(length - 2) / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(text[2 + 2 * i]);
    const int lo = nibble(text[3 + 2 * i]);
    if (hi < 0 || lo < 0) throw DatabaseError("postgresql: bad hex digit in bytea");
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      throw DatabaseError("postgresql: cannot connect: " + msg);
    }
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    PQsetClientEncoding(conn_, "UTF8");
    PQclear(PQexec(conn_, "SET bytea_output = 'hex'"));
  }
  ~PostgresConnection() override { PQfinish(conn_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }

  Rows Query(std::string_view sql, Params params) override {
    PgResult res(Run(sql, params));
    Rows rows;
    const int n = PQntuples(res.get());
    const int cols = PQnfields(res.get());
    rows.reserve(n);
    for (int r = 0; r < n; ++r) {
      std::vector<std::optional<std::string>> values;
      values.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          values.emplace_back(std::nullopt);
        } else if (PQftype(res.get(), c) == kByteaOid) {
          values.emplace_back(DecodeBytea(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c)));
        } else {
          values.emplace_back(std::string(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  int64_t Execute(std::string_view sql, Params params) override {
    PgResult res(Run(sql, params));
    const char* n = PQcmdTuples(res.get());
    return n && *n ? std::stoll(n) : 0;
  }

  void ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    if (begin_pending_) text = "BEGIN; " + text;  // one round trip
    begin_pending_ = false;
    Simple(text);
  }
  // BEGIN is not sent on its own: it goes out with the transaction's first
  // statement (see Run), saving a round trip per transaction.
  void Begin() override {
    if (InTransaction()) throw DatabaseError("postgresql: BEGIN inside a transaction");
    begin_pending_ = true;
  }
  void Commit() override { End("COMMIT"); }
  void Rollback() override { End("ROLLBACK"); }
  // In a transaction, a failed one (until ROLLBACK [TO]) included.
  bool InTransaction() const override { return begin_pending_ || PQtransactionStatus(conn_) != PQTRANS_IDLE; }

 private:
  void Simple(const std::string& sql) {
    PgResult res(PQexec(conn_, sql.c_str()));
    Check(res.get(), sql);
  }
  void End(const char* sql) {
    if (begin_pending_) {  // nothing was sent: there is nothing to end
      begin_pending_ = false;
      return;
    }
    Simple(sql);
  }

  void Check(PGresult* res, std::string_view what) {
    auto status = PQresultStatus(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      std::string msg =
          res != nullptr && *PQresultErrorMessage(res) != '\0' ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_), statements_.clear();
      throw DatabaseError("postgresql: " + msg + " in: " + std::string(what.substr(0, 200)));
    }
  }

  PGresult* Run(std::string_view sql, Params params) {
    std::string key(sql);
    auto it = statements_.find(key);
    if (it == statements_.end()) {
      std::string name = "s" + std::to_string(statements_.size());
      PgResult prep(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
      Check(prep.get(), sql);
      it = statements_.emplace(std::move(key), std::move(name)).first;
    }
    // Integers are rendered as text; text and bytes are passed without a copy
    // (bytes in binary format, with their length).
    std::vector<std::string> ints;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    ints.reserve(params.size());
    values.reserve(params.size());
    lengths.reserve(params.size());
    formats.reserve(params.size());
    for (const Param& p : params) {
      if (p.is_null()) {
        values.push_back(nullptr);
      } else if (p.is_int()) {
        ints.push_back(p.text());
        values.push_back(ints.back().c_str());
      } else {
        values.push_back(p.raw_text().c_str());
      }
      lengths.push_back(p.is_bytes() ? static_cast<int>(p.raw_text().size()) : 0);
      formats.push_back(p.is_bytes() ? 1 : 0);
    }
    PGresult* res = begin_pending_ ? BeginAndExecute(it->second, values, lengths, formats)
                                   : PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                                    values.data(), lengths.data(), formats.data(), 0);
    try {
      Check(res, sql);
    } catch (...) {
      PQclear(res);
      throw;
    }
    return res;
  }

  // BEGIN and the transaction's first statement in one pipeline (one round
  // trip); returns the statement's result. A BEGIN that fails makes the
  // statement's result PGRES_PIPELINE_ABORTED, which Check reports.
  PGresult* BeginAndExecute(const std::string& name, const std::vector<const char*>& values,
                            const std::vector<int>& lengths, const std::vector<int>& formats) {
    begin_pending_ = false;
    if (PQenterPipelineMode(conn_) != 1) throw DatabaseError("postgresql: cannot enter pipeline mode");
    const bool sent = PQsendQueryParams(conn_, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
                      PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                                          lengths.data(), formats.data(), 0) == 1 &&
                      PQpipelineSync(conn_) == 1;
    PGresult* result = nullptr;
    if (sent) {
      // BEGIN's result, the end of BEGIN's results, the statement's result,
      // the end of its results, then the sync.
      PQclear(PQgetResult(conn_));
      PQclear(PQgetResult(conn_));
      result = PQgetResult(conn_);
      for (int ends = 0; ends < 2;) {  // a lost connection gives no sync
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) {
          ++ends;
          continue;
        }
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) break;
      }
    }
    if (PQexitPipelineMode(conn_) != 1 || !sent || result == nullptr) {
      PQclear(result);
      std::string msg = PQerrorMessage(conn_);
      if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_), statements_.clear();
      throw DatabaseError("postgresql: pipelined BEGIN failed: " + msg);
    }
    return result;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
  bool begin_pending_ = false;  // Begin() called, BEGIN not yet sent
};

// Runs a PostgreSQL client program; throws DatabaseError with its output on failure.
void RunTool(const std::string& program, const std::vector<std::string>& args) {
  Poco::Pipe out;
  Poco::ProcessHandle handle = Poco::Process::launch(program, args, nullptr, &out, &out);
  Poco::PipeInputStream stream(out);
  std::string output;
  Poco::StreamCopier::copyToString(stream, output);
  int rc = handle.wait();
  if (rc != 0) throw DatabaseError(program + " failed (" + std::to_string(rc) + "): " + output);
}

}  // namespace

PostgresDatabase::PostgresDatabase(std::string url, int pool_size) : url_(std::move(url)) {
  for (int i = 0; i < pool_size; ++i) pool_.Add(std::make_unique<PostgresConnection>(url_));
}

void PostgresDatabase::Backup(const std::string& path) {
  RunTool("pg_dump", {"--format=custom", "--no-owner", "--file=" + path, "--dbname=" + url_});
}

void PostgresDatabase::Restore(const std::string& path) {
  RunTool("pg_restore", {"--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname=" + url_, path});
}

}  // namespace tsunagu::storage
