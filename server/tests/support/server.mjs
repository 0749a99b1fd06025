// Starts the real `tsunagu` binary on a free port over a fresh database and
// speaks HTTP to it. The database kind comes from TSUNAGU_TEST_DB:
//   "sqlite" (default): a new file in a temporary folder;
//   "postgres": a new database in the cluster at TSUNAGU_TEST_PG_URL
//   (a libpq URI to its "postgres" database, see tools/pg-cluster).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const binary = process.env.TSUNAGU_BIN ?? join(root, 'build/tsunagu');
export const dbKind = process.env.TSUNAGU_TEST_DB ?? 'sqlite';

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

// A fresh, empty database URL (and a function that removes it).
export function freshDatabase() {
  if (dbKind === 'postgres') {
    const base = process.env.TSUNAGU_TEST_PG_URL;
    if (!base) throw new Error('TSUNAGU_TEST_DB=postgres needs TSUNAGU_TEST_PG_URL');
    const name = 't_' + randomBytes(6).toString('hex');
    execFileSync('psql', [base, '-qc', `CREATE DATABASE ${name}`]);
    const url = base.replace(/\/postgres\?/, `/${name}?`);
    return { url, drop: () => execFileSync('psql', [base, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-api-'));
  return { url: `sqlite:${join(dir, 'test.db')}`, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

// Runs a tsunagu subcommand to completion; returns {status, stdout, stderr}.
export function runCli(args, { input = '', env = {} } = {}) {
  try {
    const stdout = execFileSync(binary, args, { input, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: 0, stdout: stdout.toString(), stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

// Starts a server with the demo data loaded. Call stop() when done. Tests
// run it with 32 worker threads; `threads: null` keeps the product's default.
export async function startServer({ demo = true, extraArgs = [], db = null, threads = 32 } = {}) {
  const database = db ?? freshDatabase();
  if (demo) {
    const r = runCli(['demo', '--people-only', '--db', database.url]);
    if (r.status !== 0) throw new Error(`tsunagu demo failed: ${r.stderr}`);
  }
  const port = await freePort();
  const threadArgs = threads === null ? [] : ['--threads', String(threads)];
  const proc = spawn(binary, ['serve', '--db', database.url, '--listen', `127.0.0.1:${port}`, ...threadArgs, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /healthz:\n${log}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  return {
    base,
    db: database,
    log: () => log,
    // SIGKILL stands for a crash or a power cut: nothing is flushed on the way out.
    async stop({ keepDb = false, signal = 'SIGTERM' } = {}) {
      proc.kill(signal);
      await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.on('exit', ok)));
      if (!keepDb) database.drop();
    },
  };
}
