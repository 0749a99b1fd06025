// The audit trail: who may read it, what it records, its filters and its verification.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous, DEMO_PASSWORD } from '../support/client.mjs';
import { totpCode, timeStep } from '../../../web/e2e/totp.mjs';
import { assertError, assertOk, apply, allPages, trySignIn, RFC3339_WITH_OFFSET } from './helpers.mjs';

let server;
let admin;
let minowaAdmin;
let inaAdmin;
let kato;
const made = {};

// Every audit record of the given action, as the system admin sees them.
async function recordsOf(action, client = admin) {
  return allPages(client, `/api/v1/audit?action=${encodeURIComponent(action)}`);
}

before(async () => {
  server = await startServer();
  [admin, minowaAdmin, inaAdmin, kato] = await Promise.all(
    ['admin', 'minowa-admin', 'ina-admin', 'kato'].map((l) => signIn(server, l)),
  );
  // A day's worth of events to look for.
  await signIn(server, 'sato');
  assertError((await trySignIn(server, 'ito', 'a-wrong-password')).res, 401);
  made.approved = await apply(server);
  made.rejected = await apply(server);
  assertOk(await minowaAdmin.post(`/api/v1/registrations/${made.approved.id}/approve`));
  assertOk(await minowaAdmin.post(`/api/v1/registrations/${made.rejected.id}/reject`, { reason: 'テスト' }));
  const changer = await signIn(server, 'minowa-nurse-02');
  assert.equal((await changer.post('/api/v1/me/password', { current_password: DEMO_PASSWORD, new_password: 'changed-password-1' })).status, 204);
  assertOk(await minowaAdmin.post('/api/v1/users/user-minowa-nurse-05/password-reset'));
  const enroller = await signIn(server, 'minowa-nurse-06');
  const { secret } = assertOk(await enroller.post('/api/v1/me/totp', {}));
  assertOk(await enroller.post('/api/v1/me/totp/confirm', { code: totpCode(secret, timeStep()) }));
  // Minamiminowa: nobody else in this file signs in there.
  assertOk(await admin.patch('/api/v1/regions/region-minamiminowa', { require_totp: true }));
  assertOk(await admin.patch('/api/v1/regions/region-minamiminowa', { require_totp: false }));
  made.org = assertOk(await minowaAdmin.post('/api/v1/organizations', { name: '監査テスト薬局', type: 'pharmacy', region_id: 'region-minowa' }), 201);
});
after(async () => {
  await server?.stop();
});

describe('who may read the audit trail', () => {
  test('signed out 401, member 403', async () => {
    assertError(await anonymous(server).get('/api/v1/audit'), 401);
    assertError(await kato.get('/api/v1/audit'), 403, 'permission_denied');
  });

  test('the system admin reads every record, newest first, in the documented shape', async () => {
    const r = assertOk(await admin.get('/api/v1/audit?limit=100'));
    assert.ok(r.items.length > 10);
    for (const rec of r.items) {
      assert.deepEqual(Object.keys(rec).sort(), ['action', 'at', 'id', 'ip', 'patient_id', 'target', 'user_id']);
      assert.equal(typeof rec.id, 'string');
      assert.match(rec.at, RFC3339_WITH_OFFSET);
      assert.ok(!Number.isNaN(Date.parse(rec.at)));
    }
    const times = r.items.map((x) => Date.parse(x.at));
    for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], 'newest first');
    const ids = r.items.map((x) => BigInt(x.id));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] > ids[i], 'newest first');
  });

  test('a region admin reads only the records of their own region\'s people', async () => {
    const items = await allPages(minowaAdmin, '/api/v1/audit');
    assert.ok(items.length > 0);
    const foreign = new Set(['user-admin', 'user-ina-admin', 'user-sato', null]);
    assert.deepEqual(items.filter((r) => foreign.has(r.user_id)), []);
    assert.ok(items.some((r) => r.user_id === 'user-kato' && r.action === 'session.sign_in'));
    const ina = await allPages(inaAdmin, '/api/v1/audit');
    assert.ok(ina.some((r) => r.user_id === 'user-sato' && r.action === 'session.sign_in'));
    assert.ok(!ina.some((r) => r.user_id === 'user-kato'));
    // Asking for someone of another region gives nothing.
    assert.deepEqual(await allPages(minowaAdmin, '/api/v1/audit?user_id=user-sato'), []);
  });
});

describe('what the trail records', () => {
  test('sign-in success and failure, with the person, the IP and the time', async () => {
    const ok = (await recordsOf('session.sign_in')).filter((r) => r.user_id === 'user-kato');
    assert.ok(ok.length >= 1);
    assert.equal(ok[0].ip, '127.0.0.1');
    const failed = (await recordsOf('session.sign_in_failed')).filter((r) => r.user_id === 'user-ito');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].ip, '127.0.0.1');
    assert.match(failed[0].at, RFC3339_WITH_OFFSET);
    assert.ok(Math.abs(Date.parse(failed[0].at) - Date.now()) < 10 * 60 * 1000, 'recorded at about now');
  });

  test('applying, approving and rejecting', async () => {
    const applied = await recordsOf('registration.apply');
    for (const id of [made.approved.id, made.rejected.id]) {
      const rec = applied.find((r) => r.target.includes(id));
      assert.ok(rec, `apply record for ${id}`);
      assert.equal(rec.user_id, null);
      assert.equal(rec.ip, '127.0.0.1');
    }
    const approved = (await recordsOf('registration.approve')).find((r) => r.target.includes(made.approved.id));
    assert.equal(approved.user_id, 'user-minowa-admin');
    const rejected = (await recordsOf('registration.reject')).find((r) => r.target.includes(made.rejected.id));
    assert.equal(rejected.user_id, 'user-minowa-admin');
  });

  test('password change and reset, TOTP enrolment, region settings and new organisations', async () => {
    const changed = (await recordsOf('password.changed')).find((r) => r.user_id === 'user-minowa-nurse-02');
    assert.ok(changed);
    const reset = (await recordsOf('password.reset')).find((r) => r.target.includes('user-minowa-nurse-05'));
    assert.equal(reset.user_id, 'user-minowa-admin');
    assert.ok((await recordsOf('totp.enrolled')).some((r) => r.user_id === 'user-minowa-nurse-06'));
    const region = (await recordsOf('region.totp_required')).find((r) => r.target.includes('region-minamiminowa'));
    assert.equal(region.user_id, 'user-admin');
    const org = (await recordsOf('organization.create')).find((r) => r.target.includes(made.org.id));
    assert.equal(org.user_id, 'user-minowa-admin');
  });
});

describe('filtering and paging', () => {
  test('by user_id and by action', async () => {
    const kato_ = await allPages(admin, '/api/v1/audit?user_id=user-kato');
    assert.ok(kato_.length > 0);
    assert.ok(kato_.every((r) => r.user_id === 'user-kato'));
    const signIns = await recordsOf('session.sign_in');
    assert.ok(signIns.length >= 5);
    assert.ok(signIns.every((r) => r.action === 'session.sign_in'));
    assert.deepEqual(await recordsOf('no.such.action'), []);
  });

  test('by time: from is inclusive and to exclusive, as RFC 3339 with offset or as dates', async () => {
    const all = await allPages(admin, '/api/v1/audit?action=session.sign_in');
    const pivot = all[Math.floor(all.length / 2)];
    const at = encodeURIComponent(pivot.at);
    const from = await allPages(admin, `/api/v1/audit?action=session.sign_in&from=${at}`);
    assert.ok(from.some((r) => r.id === pivot.id));
    assert.ok(from.every((r) => Date.parse(r.at) >= Date.parse(pivot.at)));
    const to = await allPages(admin, `/api/v1/audit?action=session.sign_in&to=${at}`);
    assert.ok(!to.some((r) => r.id === pivot.id));
    assert.ok(to.every((r) => Date.parse(r.at) < Date.parse(pivot.at)));
    // The same instant in UTC selects the same records.
    const utc = encodeURIComponent(new Date(Date.parse(pivot.at)).toISOString().replace('.000Z', 'Z'));
    assert.deepEqual((await allPages(admin, `/api/v1/audit?action=session.sign_in&from=${utc}`)).map((r) => r.id), from.map((r) => r.id));
    // Far future and far past.
    assert.deepEqual(await allPages(admin, '/api/v1/audit?from=2999-01-01'), []);
    assert.deepEqual(await allPages(admin, '/api/v1/audit?to=2000-01-01'), []);
  });

  test('a bad time is a 400 naming it', async () => {
    assertError(await admin.get('/api/v1/audit?from=yesterday'), 400, 'invalid_argument', ['from']);
    assertError(await admin.get('/api/v1/audit?to=2024-13-01'), 400, 'invalid_argument', ['to']);
  });

  test('pages with limit and before, without overlap', async () => {
    const first = assertOk(await admin.get('/api/v1/audit?limit=2'));
    assert.equal(first.items.length, 2);
    assert.equal(typeof first.next, 'string');
    const second = assertOk(await admin.get(`/api/v1/audit?limit=2&before=${encodeURIComponent(first.next)}`));
    assert.equal(second.items.length, 2);
    assert.ok(BigInt(second.items[0].id) < BigInt(first.items[1].id));
    assertError(await admin.get('/api/v1/audit?before=not-a-cursor'), 400, 'invalid_argument', ['before']);
  });
});

describe('verifying the chain', () => {
  test('the system admin verifies the trail: intact, with the number of records', async () => {
    const v = assertOk(await admin.get('/api/v1/audit/verification'));
    assert.equal(v.intact, true);
    assert.equal(typeof v.records, 'number');
    assert.ok(v.records > 10);
  });

  test('region admins, members and visitors may not', async () => {
    assertError(await minowaAdmin.get('/api/v1/audit/verification'), 403, 'permission_denied');
    assertError(await kato.get('/api/v1/audit/verification'), 403, 'permission_denied');
    assertError(await anonymous(server).get('/api/v1/audit/verification'), 401);
  });
});
