// Applying to join, and the admins' decisions.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, apply, application, uniqueLogin, trySignIn, allPages, RFC3339_WITH_OFFSET } from './helpers.mjs';

let server;
let admin;
let minowaAdmin;
let inaAdmin;
let kato;

before(async () => {
  server = await startServer();
  [admin, minowaAdmin, inaAdmin, kato] = await Promise.all(
    ['admin', 'minowa-admin', 'ina-admin', 'kato'].map((l) => signIn(server, l)),
  );
});
after(async () => {
  await server?.stop();
});

async function findRegistration(login) {
  const items = await allPages(admin, '/api/v1/registrations');
  return items.find((r) => r.login === login);
}

describe('applying to join', () => {
  test('anyone applies without a session or CSRF token and gets 202 pending', async () => {
    const form = application();
    const r = await anonymous(server).post('/api/v1/registrations', form);
    assertOk(r, 202);
    assert.equal(typeof r.body.id, 'string');
    assert.equal(r.body.status, 'pending');
    const stored = await findRegistration(form.login);
    assert.equal(stored.id, r.body.id);
    assert.equal(stored.name, form.name);
    assert.equal(stored.name_kana, form.name_kana);
    assert.equal(stored.email, form.email);
    assert.equal(stored.profession, 'nurse');
    assert.equal(stored.organization_id, form.organization_id);
    assert.equal(stored.region_id, 'region-minowa');
    assert.equal(stored.status, 'pending');
    assert.match(stored.created_at, RFC3339_WITH_OFFSET);
    assert.equal(stored.password, undefined);
    assert.equal(stored.password_hash, undefined);
  });

  test('every bad field is named at once', async () => {
    const login = 'Bad Login';
    const r = await anonymous(server).post('/api/v1/registrations', application({
      login,
      name_kana: 'abc',
      email: 'not-an-email',
      password: 'short',
      profession: 'wizard',
      organization_id: 'org-ina-clinic-1', // of another region than region-minowa
    }));
    const err = assertError(r, 400, 'invalid_argument', ['login', 'name_kana', 'email', 'password', 'profession', 'organization_id']);
    assert.equal(err.fields.region_id, undefined);
    assert.equal(await findRegistration(login), undefined);
  });

  test('a login with uppercase letters or a space is refused', async () => {
    for (const login of ['UpperCase', 'has space', 'x']) {
      assertError(await anonymous(server).post('/api/v1/registrations', application({ login })), 400, 'invalid_argument', ['login']);
    }
  });

  test('an unknown region or organisation is refused', async () => {
    const r = await anonymous(server).post('/api/v1/registrations', application({ region_id: 'region-atlantis', organization_id: 'org-nowhere' }));
    assertError(r, 400, 'invalid_argument', ['region_id', 'organization_id']);
  });

  test('missing fields are each named', async () => {
    const r = await anonymous(server).post('/api/v1/registrations', {});
    assertError(r, 400, 'invalid_argument', ['name', 'name_kana', 'profession', 'organization_id', 'region_id', 'email', 'login', 'password']);
  });

  test('hiragana, katakana, the long vowel mark and spaces are fine in name_kana', async () => {
    await apply(server, { name_kana: 'しけん　ハナコー' });
  });

  test('the login of an existing user is taken (409)', async () => {
    const r = await anonymous(server).post('/api/v1/registrations', application({ login: 'ito' }));
    assertError(r, 409, 'login_taken');
  });

  test('the login of a pending application is taken (409)', async () => {
    const a = await apply(server);
    const r = await anonymous(server).post('/api/v1/registrations', application({ login: a.login }));
    assertError(r, 409, 'login_taken');
  });

  test('a pending applicant cannot sign in', async () => {
    const a = await apply(server);
    assertError((await trySignIn(server, a.login, a.password)).res, 401, 'invalid_credentials');
  });
});

describe('listing applications', () => {
  let minowaApp;
  let inaApp;
  before(async () => {
    minowaApp = await apply(server);
    inaApp = await apply(server, { region_id: 'region-ina', organization_id: 'org-ina-clinic-1', profession: 'doctor' });
  });

  test('signed out 401, member 403', async () => {
    assertError(await anonymous(server).get('/api/v1/registrations?status=pending'), 401);
    assertError(await kato.get('/api/v1/registrations?status=pending'), 403, 'permission_denied');
  });

  test('a region admin sees only the applications for their own region', async () => {
    const items = await allPages(minowaAdmin, '/api/v1/registrations?status=pending');
    assert.ok(items.length > 0);
    assert.ok(items.every((r) => r.region_id === 'region-minowa'));
    assert.ok(items.some((r) => r.id === minowaApp.id));
    assert.ok(!items.some((r) => r.id === inaApp.id));
    const ina = await allPages(inaAdmin, '/api/v1/registrations?status=pending');
    assert.ok(ina.some((r) => r.id === inaApp.id));
    assert.ok(ina.every((r) => r.region_id === 'region-ina'));
  });

  test('a region admin asking for another region is refused', async () => {
    assertError(await minowaAdmin.get('/api/v1/registrations?region_id=region-ina'), 403);
  });

  test('the system admin sees every region\'s applications, newest first', async () => {
    const items = await allPages(admin, '/api/v1/registrations?status=pending');
    assert.ok(items.some((r) => r.id === minowaApp.id));
    assert.ok(items.some((r) => r.id === inaApp.id));
    assert.ok(items.every((r) => r.status === 'pending'));
    assert.ok(items.findIndex((r) => r.id === inaApp.id) < items.findIndex((r) => r.id === minowaApp.id));
  });

  test('an unknown status is a 400', async () => {
    assertError(await admin.get('/api/v1/registrations?status=maybe'), 400, 'invalid_argument', ['status']);
  });

  test('applications page with limit and before', async () => {
    await apply(server);
    const first = assertOk(await admin.get('/api/v1/registrations?limit=1'));
    assert.equal(first.items.length, 1);
    assert.equal(typeof first.next, 'string');
    const second = assertOk(await admin.get(`/api/v1/registrations?limit=1&before=${encodeURIComponent(first.next)}`));
    assert.equal(second.items.length, 1);
    assert.notEqual(second.items[0].id, first.items[0].id);
  });
});

describe('deciding', () => {
  test('who may approve: signed out 401, member 403, other region\'s admin 404, own region admin 200', async () => {
    const a = await apply(server);
    const path = `/api/v1/registrations/${a.id}/approve`;
    assertError(await anonymous(server).post(path), 401);
    assertError(await kato.post(path), 403, 'permission_denied');
    assertError(await inaAdmin.post(path), 404, 'not_found');
    const decided = assertOk(await minowaAdmin.post(path));
    assert.equal(decided.id, a.id);
    assert.equal(decided.status, 'approved');
    assert.equal(decided.decided_by, 'user-minowa-admin');
    assert.match(decided.decided_at, RFC3339_WITH_OFFSET);
    assert.equal(typeof decided.user_id, 'string');
    // Deciding twice is a conflict, whoever tries.
    assertError(await minowaAdmin.post(path), 409, 'already_decided');
    assertError(await admin.post(`/api/v1/registrations/${a.id}/reject`, { reason: 'late' }), 409, 'already_decided');
  });

  test('who may reject: signed out 401, member 403, other region\'s admin 404, system admin 200', async () => {
    const a = await apply(server);
    const path = `/api/v1/registrations/${a.id}/reject`;
    assertError(await anonymous(server).post(path, { reason: 'x' }), 401);
    assertError(await kato.post(path, { reason: 'x' }), 403, 'permission_denied');
    assertError(await inaAdmin.post(path, { reason: 'x' }), 404, 'not_found');
    const decided = assertOk(await admin.post(path, { reason: '所属の確認が取れませんでした' }));
    assert.equal(decided.status, 'rejected');
    assert.equal(decided.reason, '所属の確認が取れませんでした');
    assert.equal(decided.decided_by, 'user-admin');
    assert.equal(decided.user_id, null);
    assertError(await admin.post(`/api/v1/registrations/${a.id}/approve`), 409, 'already_decided');
  });

  test('an unknown application is 404', async () => {
    assertError(await admin.post('/api/v1/registrations/nothing-here/approve'), 404, 'not_found');
  });

  test('an approved applicant signs in as a member of the chosen organisation and region', async () => {
    const a = await apply(server, {
      profession: 'care_manager', organization_id: 'org-minowa-care_management_office-2', name: '承認 花子', name_kana: 'ショウニン ハナコ',
    });
    const decided = assertOk(await admin.post(`/api/v1/registrations/${a.id}/approve`));
    const { client, res } = await trySignIn(server, a.login, a.password);
    assertOk(res);
    const me = assertOk(await client.get('/api/v1/me'));
    assert.equal(me.id, decided.user_id);
    assert.equal(me.login, a.login);
    assert.equal(me.name, '承認 花子');
    assert.equal(me.name_kana, 'ショウニン ハナコ');
    assert.equal(me.profession, 'care_manager');
    assert.equal(me.organization_id, 'org-minowa-care_management_office-2');
    assert.equal(me.region_id, 'region-minowa');
    assert.deepEqual(me.roles, ['member']);
    assert.equal(me.totp_enabled, false);
    // The login is now a user's: applying again with it is taken.
    assertError(await anonymous(server).post('/api/v1/registrations', application({ login: a.login })), 409, 'login_taken');
  });

  test('a rejected applicant cannot sign in, and the reason is kept on the application', async () => {
    const a = await apply(server);
    assertOk(await minowaAdmin.post(`/api/v1/registrations/${a.id}/reject`, { reason: '重複した申請です' }));
    assertError((await trySignIn(server, a.login, a.password)).res, 401, 'invalid_credentials');
    const rejected = await allPages(admin, '/api/v1/registrations?status=rejected');
    const stored = rejected.find((r) => r.id === a.id);
    assert.equal(stored.status, 'rejected');
    assert.equal(stored.reason, '重複した申請です');
    // A rejected login may apply again.
    await apply(server, { login: a.login });
  });

  test('a rejection without a reason is fine', async () => {
    const a = await apply(server);
    const decided = assertOk(await minowaAdmin.post(`/api/v1/registrations/${a.id}/reject`));
    assert.equal(decided.status, 'rejected');
    assert.equal(decided.reason, null);
  });

  test('two admins approving the same application at once: exactly one wins', async () => {
    const a = await apply(server, { login: uniqueLogin('race') });
    const results = await Promise.all([
      admin.post(`/api/v1/registrations/${a.id}/approve`),
      minowaAdmin.post(`/api/v1/registrations/${a.id}/approve`),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409], JSON.stringify(results.map((r) => r.body)));
  });
});
