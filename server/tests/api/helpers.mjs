// Shared helpers for the API tests (not a test file itself).
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { binary } from '../support/server.mjs';
import { Client, anonymous } from '../support/client.mjs';

// Asserts the error format of API.md: the status and
// {"error": {"code", "message"[, "fields"]}}; returns the error object.
export function assertError(res, status, code, fieldNames) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body, 'object', `error body is JSON: ${JSON.stringify(res.body)}`);
  assert.ok(res.body && res.body.error, `error body has "error": ${JSON.stringify(res.body)}`);
  const { error } = res.body;
  assert.deepEqual(Object.keys(res.body), ['error']);
  for (const key of Object.keys(error)) assert.ok(['code', 'message', 'fields'].includes(key), `unexpected key ${key} in error`);
  if (code) assert.equal(error.code, code);
  assert.match(error.code, /^[a-z][a-z0-9_]*$/);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0);
  if (fieldNames) {
    assert.ok(error.fields, `error names fields: ${JSON.stringify(res.body)}`);
    for (const f of fieldNames) assert.equal(typeof error.fields[f], 'string', `fields.${f} in ${JSON.stringify(error.fields)}`);
  }
  return error;
}

export function assertOk(res, status = 200) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// Unique logins within one test file (each file has its own database).
let counter = 0;
export function uniqueLogin(prefix = 'applicant') {
  counter += 1;
  return `${prefix}-${process.pid % 10000}-${counter}`;
}

export const NEW_PASSWORD = 'a-long-enough-password';

export function application(overrides = {}) {
  const login = overrides.login ?? uniqueLogin();
  return {
    name: '試験 太郎',
    name_kana: 'シケン タロウ',
    profession: 'nurse',
    organization_id: 'org-minowa-visiting_nurse_station-1',
    region_id: 'region-minowa',
    email: `${login}@example.jp`,
    login,
    password: NEW_PASSWORD,
    ...overrides,
  };
}

// Applies to join; asserts 202 and returns {id, login, password, form}.
export async function apply(server, overrides = {}) {
  const form = application(overrides);
  const r = await anonymous(server).post('/api/v1/registrations', form);
  assertOk(r, 202);
  return { id: r.body.id, login: form.login, password: form.password, form };
}

// Applies and has `admin` (a signed-in Client) approve; returns the new person's credentials.
export async function newMember(server, admin, overrides = {}) {
  const a = await apply(server, overrides);
  assertOk(await admin.post(`/api/v1/registrations/${a.id}/approve`));
  return a;
}

// Signs in a fresh client; returns {client, res}.
export async function trySignIn(server, login, password, totp) {
  const c = new Client(server.base);
  const res = await c.signIn(login, password, totp);
  return { client: c, res };
}

// Fetches every page of a collection (as `client`), following `next`.
export async function allPages(client, path, limit = 100) {
  const items = [];
  let before = null;
  for (let i = 0; i < 1000; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    assertOk(r);
    items.push(...r.body.items);
    if (r.body.next === null) return items;
    before = r.body.next;
  }
  throw new Error('too many pages');
}

// A GET whose path is sent exactly as given (fetch would normalise dot segments).
export function rawRequest(base, method, path, { headers = {}, body } = {}) {
  const url = new URL(base);
  return new Promise((ok, fail) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Runs a tsunagu subcommand without blocking the event loop.
export function runCliAsync(args, { input = '', env = {} } = {}) {
  return new Promise((ok, fail) => {
    const p = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', fail);
    p.on('close', (status) => ok({ status, stdout, stderr }));
    p.stdin.end(input);
  });
}

// Polls `fn` until it returns a truthy value (no fixed sleeps).
export async function until(fn, { timeoutMs = 20000, intervalMs = 25, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

// ---- The notebook: patients, care teams and posts ----

// Today's date in Japan time (YYYY-MM-DD), shifted by `days`.
export function japanDate(days = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + days * 86400000).toISOString().slice(0, 10);
}

let patientCounter = 0;
// A valid registration form for a patient, with consent obtained by `obtainedBy`.
export function patientForm(overrides = {}, obtainedBy = 'user-kato') {
  patientCounter += 1;
  const { consent, ...rest } = overrides;
  return {
    name: `箕輪 花子${patientCounter}`,
    name_kana: 'ミノワ ハナコ',
    birth_date: '1938-05-12',
    sex: 'female',
    address: '長野県上伊那郡箕輪町中箕輪1-1',
    region_id: 'region-minowa',
    care_level: 'care_2',
    consent: { obtained_at: '2025-01-15', obtained_by: obtainedBy, scope: 'team', method: 'written', ...consent },
    ...rest,
  };
}

// `lead` (a signed-in Client) registers a patient; asserts 201 and returns the patient.
export async function registerPatient(lead, overrides = {}) {
  const me = assertOk(await lead.get('/api/v1/me'));
  return assertOk(await lead.post('/api/v1/patients', patientForm(overrides, me.id)), 201);
}

// `lead` adds each user id as a member of the patient's team.
export async function addMembers(lead, patientId, ...userIds) {
  for (const userId of userIds) {
    assertOk(await lead.post(`/api/v1/patients/${patientId}/members`, { user_id: userId, role: 'member' }), 201);
  }
}

// `author` writes a post; returns it.
export async function writePost(author, patientId, overrides = {}) {
  const body = { category: 'observation', body: '本日は穏やかに過ごされています。', urgent: false, ...overrides };
  return assertOk(await author.post(`/api/v1/patients/${patientId}/posts`, body), 201);
}

// The patient as it appears in `client`'s patient list (undefined when absent).
export async function inMyList(client, patientId) {
  return (await allPages(client, '/api/v1/patients')).find((p) => p.id === patientId);
}
