// The tsunagu command line: help, errors, environment, admin creation, demo,
// backup while serving, restore, and audit verification.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, runCli, freshDatabase, dbKind } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import {
  assertError, assertOk, application, allPages, trySignIn, runCliAsync, until, registerPatient, addMembers, writePost,
} from './helpers.mjs';

let server;
let admin;
let scratch;

before(async () => {
  server = await startServer();
  admin = await signIn(server, 'admin');
  scratch = mkdtempSync(join(tmpdir(), 'tsunagu-cli-'));
});
after(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function oneLine(text) {
  const lines = text.trim().split('\n');
  assert.equal(lines.length, 1, `exactly one line, got: ${JSON.stringify(text)}`);
  return lines[0];
}

// Restores the backup at `out` into a fresh database, checks that
// `tsunagu audit verify` passes there, and runs `check(server, verifyOutput)`
// against a server started on it.
async function withRestored(out, check) {
  const restored = freshDatabase();
  let second;
  try {
    const r = runCli(['restore', '--db', restored.url, '--from', out]);
    assert.equal(r.status, 0, r.stderr);
    const v = runCli(['audit', 'verify', '--db', restored.url]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    second = await startServer({ db: restored, demo: false });
    await check(second, v.stdout);
  } finally {
    if (second) await second.stop();
    else restored.drop();
  }
}

function hasSqlite3() {
  try {
    execFileSync('sqlite3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('help and errors', () => {
  test('--help exits 0 and lists the subcommands', () => {
    const r = runCli(['--help']);
    assert.equal(r.status, 0);
    for (const cmd of ['serve', 'migrate', 'admin', 'demo', 'backup', 'restore']) assert.match(r.stdout, new RegExp(`\\b${cmd}\\b`), cmd);
  });

  test('a wrong option exits non-zero with one line on stderr', () => {
    for (const args of [['migrate', '--bogus'], ['serve', '--listen', 'nonsense'], ['frobnicate'], ['--bogus']]) {
      const r = runCli(args);
      assert.notEqual(r.status, 0, args.join(' '));
      const line = oneLine(r.stderr);
      assert.ok(line.length > 10, line);
    }
  });

  test('an unsupported database URL exits non-zero with one line naming it', () => {
    const r = runCli(['migrate', '--db', 'mysql://x']);
    assert.notEqual(r.status, 0);
    assert.match(oneLine(r.stderr), /mysql:\/\/x/);
  });

  test('a database that cannot be reached exits non-zero with one line', () => {
    const url = dbKind === 'postgres' ? 'postgresql://nobody@/nothing?host=/nonexistent-dir&port=1' : 'sqlite:/nonexistent-dir/x/y.db';
    const r = runCli(['migrate', '--db', url]);
    assert.notEqual(r.status, 0);
    oneLine(r.stderr);
  });
});

describe('environment variables', () => {
  test('TSUNAGU_DB is honoured: migrate with the environment only', () => {
    const db = freshDatabase();
    try {
      const first = runCli(['migrate'], { env: { TSUNAGU_DB: db.url } });
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /schema at version \d+ \(([1-9]\d*) migration/);
      const again = runCli(['migrate'], { env: { TSUNAGU_DB: db.url } });
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /\(0 migration/);
      // The flag wins over the environment.
      const bad = runCli(['migrate', '--db', 'mysql://y'], { env: { TSUNAGU_DB: db.url } });
      assert.notEqual(bad.status, 0);
    } finally {
      db.drop();
    }
  });
});

describe('creating a system administrator', () => {
  test('admin create with the password on stdin makes a system admin who can sign in', async () => {
    const r = runCli(['admin', 'create', '--db', server.db.url, '--login', 'root2', '--name', '第二管理者'], { input: 'root2-secret-password\n' });
    assert.equal(r.status, 0, r.stderr);
    const { client, res } = await trySignIn(server, 'root2', 'root2-secret-password');
    assertOk(res);
    const me = assertOk(await client.get('/api/v1/me'));
    assert.deepEqual(me.roles, ['system_admin']);
    assert.equal(me.name, '第二管理者');
    assertOk(await client.get('/api/v1/audit/verification'));
  });

  test('a short password is refused, non-zero, and nobody is created', async () => {
    const r = runCli(['admin', 'create', '--db', server.db.url, '--login', 'root3', '--name', 'X'], { input: 'short\n' });
    assert.notEqual(r.status, 0);
    oneLine(r.stderr);
    assert.deepEqual(assertOk(await admin.get('/api/v1/users?q=root3')).items, []);
  });

  test('an existing login is refused, non-zero', () => {
    const r = runCli(['admin', 'create', '--db', server.db.url, '--login', 'admin', '--name', 'X'], { input: 'long-enough-password\n' });
    assert.notEqual(r.status, 0);
    assert.match(oneLine(r.stderr), /admin/);
  });

  test('a login the API would refuse is refused here too', () => {
    const r = runCli(['admin', 'create', '--db', server.db.url, '--login', 'Bad Login', '--name', 'X'], { input: 'long-enough-password\n' });
    assert.notEqual(r.status, 0);
    oneLine(r.stderr);
  });
});

describe('demo data', () => {
  test('loading the demo twice adds nothing the second time', async () => {
    const before = (await allPages(admin, '/api/v1/users')).length;
    const orgsBefore = (await allPages(anonymous(server), '/api/v1/organizations')).length;
    const r = runCli(['demo', '--people-only', '--db', server.db.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /0 new region\(s\), 0 new organisation\(s\), 0 new user\(s\), 0 new patient\(s\)/);
    assert.equal((await allPages(admin, '/api/v1/users')).length, before);
    assert.equal((await allPages(anonymous(server), '/api/v1/organizations')).length, orgsBefore);
    // The demo does not undo what people changed since.
    assertOk((await trySignIn(server, 'root2', 'root2-secret-password')).res);
  });
});

describe('the full demo', () => {
  test('loads patients with consent, teams across two regions and a week of posts, once', async () => {
    const db = freshDatabase();
    let srv;
    try {
      let r = runCli(['demo', '--db', db.url]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /, 4 new patient\(s\)/);
      r = runCli(['demo', '--db', db.url]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /0 new user\(s\), 0 new patient\(s\)/);
      srv = await startServer({ db, demo: false });
      const kato = await signIn(srv, 'kato');
      const mine = (await allPages(kato, '/api/v1/patients')).map((p) => p.name).sort();
      assert.deepEqual(mine, ['丸山 茂', '小松 ハル', '春日 トシ']);
      // Some posts wait for her, one of them urgent.
      const unread = assertOk(await kato.get('/api/v1/me/unread'));
      assert.deepEqual(unread, { unread_count: 2, urgent_unread_count: 1 });
      // The Ina doctor is on a Minowa patient's team and sees its week of posts.
      const sato = await signIn(srv, 'sato');
      const satos = await allPages(sato, '/api/v1/patients');
      const komatsu = satos.find((p) => p.name === '小松 ハル');
      assert.ok(komatsu, 'the Ina doctor is on 小松 ハル\'s team');
      assert.equal(komatsu.region_id, 'region-minowa');
      const posts = await allPages(sato, `/api/v1/patients/${komatsu.id}/posts`);
      assert.equal(posts.length, 7);
      assert.ok(posts.some((p) => p.urgent));
      // Read receipts were left as the story says: his own post was read by three.
      const own = posts.find((p) => p.author_id === 'user-sato');
      assert.equal(own.read_count, 3);
      // Everyone else still sees nothing of it.
      const tanaka = await signIn(srv, 'tanaka');
      assertError(await tanaka.get(`/api/v1/patients/${satos.find((p) => p.name === '酒井 正男').id}`), 404);
      // Every step went through the services: the audit chain is whole.
      const v = runCli(['audit', 'verify', '--db', db.url]);
      assert.equal(v.status, 0, v.stdout + v.stderr);
    } finally {
      if (srv) await srv.stop();
      else db.drop();
    }
  });
});

describe('backup and restore', () => {
  test('a backup taken while applications are being written holds every one acknowledged before it started', async () => {
    const acknowledged = [];
    let writing = true;
    const writer = async (n) => {
      const a = anonymous(server);
      for (let i = 0; writing; i++) {
        const form = application({ login: `backup-${n}-${i}` });
        const r = await a.post('/api/v1/registrations', form);
        assert.equal(r.status, 202, JSON.stringify(r.body));
        acknowledged.push(r.body.id);
      }
    };
    const writers = [writer(1), writer(2), writer(3)];
    try {
      await until(() => acknowledged.length >= 4, { what: 'some applications' });
      const beforeBackup = [...acknowledged];
      const out = join(scratch, 'during-writes.backup');
      const b = await runCliAsync(['backup', '--db', server.db.url, '--out', out]);
      assert.equal(b.status, 0, b.stderr);
      assert.ok(existsSync(out) && statSync(out).size > 0);
      // The writes went on while the backup ran.
      await until(() => acknowledged.length > beforeBackup.length, { what: 'writes after the backup' });
      writing = false;
      await Promise.all(writers);

      await withRestored(out, async (second, verified) => {
        assert.match(verified, /intact/);
        const admin2 = await signIn(second, 'admin');
        const ids = new Set((await allPages(admin2, '/api/v1/registrations')).map((x) => x.id));
        const missing = beforeBackup.filter((id) => !ids.has(id));
        assert.deepEqual(missing, [], `${missing.length} of ${beforeBackup.length} acknowledged applications missing`);
        assert.equal(assertOk(await admin2.get('/api/v1/audit/verification')).intact, true);
      });
    } finally {
      writing = false;
      await Promise.allSettled(writers);
    }
  });

  test('a backup taken while posts are being written restores with every acknowledged post and an intact audit trail', async () => {
    // The drill, on this run's database (SQLite: online backup API; PostgreSQL: pg_dump --format=custom).
    const [kato, ito] = await Promise.all(['kato', 'ito'].map((l) => signIn(server, l)));
    const patients = [await registerPatient(kato), await registerPatient(kato)];
    for (const p of patients) await addMembers(kato, p.id, 'user-ito');
    const acknowledged = [];
    let writing = true;
    const writer = async (author, patient) => {
      for (let i = 0; writing; i++) {
        const post = await writePost(author, patient.id, { body: `バックアップ中の記録 ${i}` });
        acknowledged.push(post.id);
      }
    };
    const writers = [writer(kato, patients[0]), writer(ito, patients[0]), writer(ito, patients[1])];
    try {
      await until(() => acknowledged.length >= 6, { what: 'some posts' });
      const beforeBackup = [...acknowledged];
      const out = join(scratch, 'posts-during-writes.backup');
      const b = await runCliAsync(['backup', '--db', server.db.url, '--out', out]);
      assert.equal(b.status, 0, b.stderr);
      await until(() => acknowledged.length > beforeBackup.length + 3, { what: 'posts after the backup' });
      writing = false;
      await Promise.all(writers);

      await withRestored(out, async (second, verified) => {
        assert.match(verified, /audit trail intact: \d+ record/);
        const kato2 = await signIn(second, 'kato');
        const ids = new Set();
        for (const p of patients) for (const post of await allPages(kato2, `/api/v1/patients/${p.id}/posts`)) ids.add(post.id);
        const missing = beforeBackup.filter((id) => !ids.has(id));
        assert.deepEqual(missing, [], `${missing.length} of ${beforeBackup.length} acknowledged posts missing`);
        // Nothing that was never written appears.
        assert.deepEqual([...ids].filter((id) => !acknowledged.includes(id)), []);
        // The restored server goes on: new posts chain onto the restored trail.
        await writePost(kato2, patients[0].id, { body: '復元後の記録' });
        const admin2 = await signIn(second, 'admin');
        assert.equal(assertOk(await admin2.get('/api/v1/audit/verification')).intact, true);
      });
    } finally {
      writing = false;
      await Promise.allSettled(writers);
    }
  });

  test('restoring from a missing file fails with one line', () => {
    const db = freshDatabase();
    try {
      const r = runCli(['restore', '--db', db.url, '--from', join(scratch, 'no-such.backup')]);
      assert.notEqual(r.status, 0);
      oneLine(r.stderr);
    } finally {
      db.drop();
    }
  });
});

describe('audit verification from the command line', () => {
  test('audit verify on the live database says intact and exits 0', () => {
    const v = runCli(['audit', 'verify', '--db', server.db.url]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /intact/);
  });

  test('a record altered behind the server\'s back is named by the verification endpoint too', async (t) => {
    if (dbKind === 'sqlite' && !hasSqlite3()) return t.skip('the sqlite3 CLI is not installed');
    const db = freshDatabase();
    let srv;
    try {
      assert.equal(runCli(['demo', '--db', db.url]).status, 0);
      for (const login of ['root7', 'root8']) {
        assert.equal(runCli(['admin', 'create', '--db', db.url, '--login', login, '--name', 'X'], { input: 'long-enough-password\n' }).status, 0);
      }
      // Someone with direct access to the database disables the guard and edits record 3.
      const forge = "UPDATE audit_log SET target = 'user:forged' WHERE seq = 3;";
      if (dbKind === 'sqlite') {
        execFileSync('sqlite3', [db.url.slice('sqlite:'.length), `DROP TRIGGER audit_log_no_update; ${forge}`]);
      } else {
        execFileSync('psql', [db.url, '-qc', `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change; ${forge}`]);
      }
      const v = runCli(['audit', 'verify', '--db', db.url]);
      assert.equal(v.status, 3, v.stdout + v.stderr);
      assert.match(v.stdout, /BROKEN at record 3: record 3 was altered/);
      srv = await startServer({ db, demo: false });
      const admin2 = await signIn(srv, 'admin');
      const r = assertOk(await admin2.get('/api/v1/audit/verification'));
      assert.deepEqual(
        { intact: r.intact, first_broken_id: r.first_broken_id, reason: r.reason },
        { intact: false, first_broken_id: '3', reason: 'altered' },
      );
      assert.ok(r.records >= 3);
    } finally {
      if (srv) await srv.stop();
      else db.drop();
    }
  });

  test('a record altered behind the server\'s back is found and named (SQLite)', async (t) => {
    if (dbKind !== 'sqlite') return t.skip('tampering is tested with the sqlite3 CLI');
    if (!hasSqlite3()) return t.skip('the sqlite3 CLI is not installed');
    const db = freshDatabase();
    try {
      assert.equal(runCli(['demo', '--db', db.url]).status, 0);
      assert.equal(runCli(['admin', 'create', '--db', db.url, '--login', 'root9', '--name', 'X'], { input: 'long-enough-password\n' }).status, 0);
      const path = db.url.slice('sqlite:'.length);
      // The trigger refuses changes; only someone who drops it can alter the trail.
      assert.throws(() => execFileSync('sqlite3', [path, "UPDATE audit_log SET target = 'x' WHERE seq = 1;"], { stdio: 'pipe' }));
      execFileSync('sqlite3', [path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET target = 'user:forged' WHERE seq = 2;"]);
      const v = runCli(['audit', 'verify', '--db', db.url]);
      assert.notEqual(v.status, 0);
      assert.match(v.stdout + v.stderr, /record 2\b/);
      assert.doesNotMatch(v.stdout, /intact/);
    } finally {
      db.drop();
    }
  });
});
