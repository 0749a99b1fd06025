#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "access/audit_journal.h"
#include "access/audit_trail.h"
#include "app/application.h"
#include "app/demo_data.h"
#include "app/demo_notebook.h"
#include "auth/auth_service.h"
#include "common/crypto.h"
#include "common/error.h"
#include "http/http_server.h"
#include "live/live_events.h"
#include "mail/mail_sender.h"
#include "people/people_store.h"
#include "posts/posts_store.h"
#include "registrations/registrations_service.h"
#include "storage/event_channel.h"
#include "storage/migrator.h"

namespace tsunagu::app {
namespace {

struct Options {
  std::string db = "sqlite:tsunagu.db";
  std::string listen = "127.0.0.1:8080";
  std::string web_root;
  int threads = 512;
  int db_pool = 0;  // 0: a default per dialect
  bool trust_proxy = false;
  bool secure_cookies = false;
  bool people_only = false;
  std::string login;
  std::string name;
  std::string out;
  std::string from;
  mail::MailSettings mail;
  std::string digest_time = "07:00";
};

std::unique_ptr<storage::Database> Open(const Options& o) {
  int pool = o.db_pool > 0 ? o.db_pool : (o.db.rfind("sqlite:", 0) == 0 ? 8 : 16);
  return storage::OpenDatabase(o.db, pool);
}

std::string FindWebRoot(const Options& o, const char* argv0) {
  if (!o.web_root.empty()) return o.web_root;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::weakly_canonical(fs::path(argv0), ec);
  for (const fs::path& candidate : {fs::path("web/dist"), exe.parent_path() / "../web/dist"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return "";
}

void ParseListen(const std::string& listen, std::string& host, int& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw CLI::ValidationError("--listen", "expected HOST:PORT, got '" + listen + "'");
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    throw CLI::ValidationError("--listen", "invalid port in '" + listen + "'");
  }
  if (host.empty()) host = "0.0.0.0";
}

int Serve(const Options& o, const char* argv0) {
  http::ServerSettings settings;
  ParseListen(o.listen, settings.host, settings.port);
  settings.max_threads = o.threads;
  settings.web_root = FindWebRoot(o, argv0);
  settings.trust_proxy = o.trust_proxy;
  settings.secure_cookies = o.secure_cookies;
  auto db = Open(o);
  storage::Migrate(*db);
  SystemClock clock;
  auto events = storage::OpenEventChannel(o.db, "tsunagu_live");
  Application app(*db, *events, clock);
  mail::MailSettings mail_settings = o.mail;
  mail_settings.digest_minute = mail::ParseDigestTime(o.digest_time);
  if (mail_settings.public_url.empty()) mail_settings.public_url = "http://" + o.listen;
  if (!mail_settings.smtp_user.empty() && !mail_settings.smtp_starttls)
    throw CLI::ValidationError("--smtp-user", "needs --smtp-starttls: credentials are never sent in clear text");

  // Block the termination signals in every thread; this one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::HttpServer server(
      app.router(),
      [&](const std::string& token, const std::string& ip) { return app.auth().ResolveSession(token, ip); }, settings);
  live::LiveNotifier notifier(*db, app.teams_store(), [&server](const auto& users, const std::string& message) {
    server.DeliverLive(users, message);
  });
  events->Listen([&notifier](const std::string& payload) { notifier.OnPayload(payload); });
  server.Start();
  mail::MailSender mail_sender(*db, app.mail_store(), app.outbox(), app.mail(), clock, mail_settings);
  mail_sender.Start();
  spdlog::info("Tsunagu serving on http://{}:{} (database {}, web UI {})", settings.host, server.port(),
               db->dialect() == storage::Dialect::kSqlite ? "SQLite" : "PostgreSQL",
               settings.web_root.empty() ? "not built" : settings.web_root);

  std::atomic<bool> stopping = false;
  std::thread janitor([&] {
    // Expired sessions are removed hourly; the check is cheap.
    for (int tick = 0; !stopping; ++tick) {
      if (tick % 3600 == 0) {
        try {
          app.auth().PurgeExpiredSessions();
        } catch (const std::exception& e) {
          spdlog::warn("session purge failed: {}", e.what());
        }
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {} received, stopping", sig);
  stopping = true;
  janitor.join();
  mail_sender.Stop();
  server.Stop();
  events.reset();  // stops delivering before the server and the application go
  return 0;
}

int Migrate(const Options& o) {
  auto db = Open(o);
  auto applied = storage::Migrate(*db);
  std::cout << "schema at version " << storage::CurrentSchemaVersion(*db) << " (" << applied.size()
            << " migration(s) applied)\n";
  return 0;
}

int AdminCreate(const Options& o) {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auth::RequireAcceptablePassword("password", password);
  registrations::CheckLogin(o.login);
  if (o.name.empty() || o.name.size() > 300) throw CLI::ValidationError("--name", "a name is required");
  auto db = Open(o);
  storage::Migrate(*db);
  SystemClock clock;
  auth::PasswordHasher hasher;
  people::PeopleStore people;
  access::AuditTrail audit(clock);
  const std::string hash = hasher.Hash(password);
  const TimestampMs now = clock.NowMs();
  const std::string id = NewId(now);
  bool created = db->Transaction([&](storage::Connection& c) {
    if (!people.InsertUser(c, id, {o.login, o.name, "", "", "other", std::nullopt, std::nullopt, true, false, hash},
                           now))
      return false;
    audit.Append(c, {std::nullopt, "admin.create", std::nullopt, "user:" + id, "cli"});
    return true;
  });
  if (!created) {
    std::cerr << "tsunagu: login '" << o.login << "' already exists\n";
    return 1;
  }
  std::cout << "system administrator '" << o.login << "' created (id " << id << ")\n";
  return 0;
}

int Demo(const Options& o) {
  auto db = Open(o);
  storage::Migrate(*db);
  SystemClock clock;
  auth::PasswordHasher hasher;
  people::PeopleStore people;
  access::AuditTrail audit(clock);
  int patients = 0;
  DemoSummary s;
  if (o.people_only) {
    s = LoadDemo(*db, people, audit, hasher, clock);
  } else {
    // The demo town started a week ago: its people then, and the notebook's
    // week since, written through the services on a clock the demo moves.
    const TimestampMs now = clock.NowMs();
    FixedClock story_clock(now - kDemoWeekMs);
    access::AuditTrail story_audit(story_clock);
    s = LoadDemo(*db, people, story_audit, hasher, story_clock);
    auto events = storage::OpenEventChannel(o.db, "tsunagu_live");
    Application app(*db, *events, story_clock);
    patients = LoadDemoNotebook(app, story_clock, now);
  }
  std::cout << "demo data loaded: " << s.regions << " new region(s), " << s.organizations << " new organisation(s), "
            << s.users << " new user(s), " << patients << " new patient(s); demo password: " << kDemoPassword << "\n";
  return 0;
}

// Moves the reads' records that the audit journal still holds (SQLite, see
// access::AuditJournal) into the trail, so that a backup or a verification
// covers every read acknowledged so far. Safe beside a running server.
void DrainAuditJournal(storage::Database& db) {
  auto journal = access::AuditJournal::Open(db);
  if (!journal) return;
  SystemClock clock;
  access::AuditTrail trail(clock);
  journal->Drain(db, trail);
}

int Backup(const Options& o) {
  auto db = Open(o);
  DrainAuditJournal(*db);
  db->Backup(o.out);
  std::cout << "backup written to " << o.out << "\n";
  return 0;
}

int Restore(const Options& o) {
  if (!std::filesystem::exists(o.from)) throw CLI::ValidationError("--from", "no such file: " + o.from);
  auto db = Open(o);
  db->Restore(o.from);
  storage::Migrate(*db);
  std::cout << "restored from " << o.from << "\n";
  return 0;
}

int AuditVerify(const Options& o) {
  auto db = Open(o);
  DrainAuditJournal(*db);
  auto v = db->Read([](storage::Connection& c) { return access::AuditTrail::Verify(c); });
  if (v.intact) {
    std::cout << "audit trail intact: " << v.records << " record(s)\n";
    return 0;
  }
  std::cout << "audit trail BROKEN at record " << v.first_broken_seq.value_or(0) << ": " << v.problem << "\n";
  return 3;
}

// Several subcommands share --db and --db-pool. They are not bound to one
// variable: CLI11 applies environment variables and callbacks to every
// subcommand, used or not, so an unused subcommand's TSUNAGU_DB would
// overwrite the --db given to the used one. TakeDb reads the used one's.
void AddDb(CLI::App* cmd) {
  cmd->add_option("--db", "sqlite:PATH or postgresql://user@host/dbname")->envname("TSUNAGU_DB");
  cmd->add_option("--db-pool", "database connections to keep open")->envname("TSUNAGU_DB_POOL");
}

void TakeDb(const CLI::App* cmd, Options& o) {
  if (const auto* db = cmd->get_option("--db"); db->count() > 0) o.db = db->as<std::string>();
  if (const auto* pool = cmd->get_option("--db-pool"); pool->count() > 0) o.db_pool = pool->as<int>();
}

// Error messages are printed on one line (a libpq message, for one, has several).
std::string OneLine(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char ch : text) {
    if (ch == '\n' || ch == '\r' || ch == '\t') {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    out += ch;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

int RunCommandLine(int argc, char** argv) {
  InitCrypto();
  Options o;
  CLI::App cli{"Tsunagu: a regional network for medical and care professionals", "tsunagu"};
  cli.require_subcommand(1);

  auto* serve = cli.add_subcommand("serve", "serve the API under /api/v1 and the web UI at /");
  AddDb(serve);
  serve->add_option("--listen", o.listen, "HOST:PORT to listen on")->envname("TSUNAGU_LISTEN");
  serve->add_option("--web-root", o.web_root, "folder of the built web UI (default: web/dist)")
      ->envname("TSUNAGU_WEB_ROOT");
  serve->add_option("--threads", o.threads, "most HTTP worker threads")
      ->envname("TSUNAGU_THREADS")
      ->check(CLI::Range(4, 4096));
  serve->add_flag("--trust-proxy", o.trust_proxy, "take client address and scheme from X-Forwarded-For/-Proto")
      ->envname("TSUNAGU_TRUST_PROXY");
  serve->add_flag("--secure-cookies", o.secure_cookies, "always mark cookies Secure (served over HTTPS)")
      ->envname("TSUNAGU_SECURE_COOKIES");

  serve->add_option("--smtp-host", o.mail.smtp_host, "SMTP server for e-mail notifications (none: nothing is sent)")
      ->envname("TSUNAGU_SMTP_HOST");
  serve->add_option("--smtp-port", o.mail.smtp_port, "SMTP port")
      ->envname("TSUNAGU_SMTP_PORT")
      ->check(CLI::Range(1, 65535));
  serve->add_option("--smtp-user", o.mail.smtp_user, "SMTP user (AUTH PLAIN; needs --smtp-starttls)")
      ->envname("TSUNAGU_SMTP_USER");
  serve->add_option("--smtp-password", o.mail.smtp_password, "SMTP password")->envname("TSUNAGU_SMTP_PASSWORD");
  serve->add_flag("--smtp-starttls", o.mail.smtp_starttls, "require STARTTLS before anything else is sent")
      ->envname("TSUNAGU_SMTP_STARTTLS");
  serve
      ->add_option("--smtp-ca-file", o.mail.smtp_ca_file,
                   "PEM file of certificate authorities to trust for the SMTP server, besides the system's")
      ->envname("TSUNAGU_SMTP_CA_FILE")
      ->check(CLI::ExistingFile);
  serve->add_option("--mail-from", o.mail.mail_from, "From address of notification mails")
      ->envname("TSUNAGU_MAIL_FROM");
  serve->add_option("--public-url", o.mail.public_url, "the address users open, for links in mails")
      ->envname("TSUNAGU_PUBLIC_URL");
  serve->add_option("--digest-time", o.digest_time, "daily digest time, HH:MM Japan time, or none (default 07:00)")
      ->envname("TSUNAGU_DIGEST_TIME");

  auto* migrate = cli.add_subcommand("migrate", "bring the schema up to date");
  AddDb(migrate);

  auto* admin = cli.add_subcommand("admin", "administrators");
  admin->require_subcommand(1);
  auto* admin_create = admin->add_subcommand("create", "create a system administrator; password from stdin");
  AddDb(admin_create);
  admin_create->add_option("--login", o.login, "login")->required()->envname("TSUNAGU_LOGIN");
  admin_create->add_option("--name", o.name, "display name")->required()->envname("TSUNAGU_NAME");

  auto* demo = cli.add_subcommand("demo", "load the demo regions, organisations, people and patients");
  AddDb(demo);
  demo->add_flag("--people-only", o.people_only,
                 "only the regions, organisations and people (no patients, no posts), for a test database");

  auto* backup = cli.add_subcommand("backup", "write a consistent backup while serving");
  AddDb(backup);
  backup->add_option("--out", o.out, "backup file to write")->required()->envname("TSUNAGU_OUT");

  auto* restore = cli.add_subcommand("restore", "restore a backup (stop the servers first)");
  AddDb(restore);
  restore->add_option("--from", o.from, "backup file to read")->required()->envname("TSUNAGU_FROM");

  auto* audit = cli.add_subcommand("audit", "the audit trail");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "check the hash chain of the audit trail");
  AddDb(audit_verify);

  try {
    cli.parse(argc, argv);
    for (const CLI::App* used : {serve, migrate, admin_create, demo, backup, restore, audit_verify})
      if (*used) TakeDb(used, o);
    if (*serve) return Serve(o, argv[0]);
    if (*migrate) return Migrate(o);
    if (*admin_create) return AdminCreate(o);
    if (*demo) return Demo(o);
    if (*backup) return Backup(o);
    if (*restore) return Restore(o);
    if (*audit_verify) return AuditVerify(o);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "tsunagu: " << OneLine(e.what()) << " (see tsunagu --help)\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "tsunagu: " << OneLine(e.what()) << "\n";
    return 2;
  } catch (const AppError& e) {
    std::string detail;
    for (const auto& [k, v] : e.fields()) detail.append(" ").append(k).append(": ").append(v);
    std::cerr << "tsunagu: " << OneLine(e.what() + detail) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tsunagu: " << OneLine(e.what()) << "\n";
    return 1;
  }
  return 2;
}

}  // namespace tsunagu::app
