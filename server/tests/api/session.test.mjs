// Signing in and out, CSRF, lock-out, password change and admin password reset.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli } from '../support/server.mjs';
import { Client, signIn, anonymous, DEMO_PASSWORD } from '../support/client.mjs';
import { assertError, assertOk, trySignIn } from './helpers.mjs';

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

describe('signing in', () => {
  test('a professional signs in and gets the user, a CSRF token and a strict HttpOnly cookie', async () => {
    const c = new Client(server.base);
    const r = await c.signIn('ito');
    assertOk(r);
    assert.equal(typeof r.body.csrf_token, 'string');
    assert.ok(r.body.csrf_token.length >= 16);
    assert.equal(r.body.user.login, 'ito');
    assert.equal(r.body.user.profession, 'nurse');
    const cookie = r.headers.get('set-cookie');
    assert.match(cookie, /^tsunagu_session=[^;]+;/);
    const attrs = cookie.split(';').map((s) => s.trim().toLowerCase());
    assert.ok(attrs.includes('httponly'), cookie);
    assert.ok(attrs.includes('samesite=strict'), cookie);
    assert.ok(attrs.includes('path=/'), cookie);
    assertOk(await c.get('/api/v1/me'));
  });

  test('a wrong password and an unknown login get the same 401 answer', async () => {
    const a = anonymous(server);
    const wrong = await a.post('/api/v1/session', { login: 'ito', password: 'not-the-password' });
    const unknown = await a.post('/api/v1/session', { login: 'nobody-here', password: 'not-the-password' });
    assertError(wrong, 401, 'invalid_credentials');
    assertError(unknown, 401, 'invalid_credentials');
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.headers.get('set-cookie'), null);
  });

  test('after ten failures in a row the login is refused with 429, even with the right password', async () => {
    const a = anonymous(server);
    const login = 'minowa-care_worker-05';
    let locked = false;
    for (let i = 0; i < 10 && !locked; i++) {
      const r = await a.post('/api/v1/session', { login, password: `wrong-password-${i}` });
      if (r.status === 429) locked = true;
      else assertError(r, 401, 'invalid_credentials');
    }
    assertError(await a.post('/api/v1/session', { login, password: DEMO_PASSWORD }), 429, 'rate_limited');
    // The lock is per login: the same person's colleague is not affected.
    assertOk(await a.post('/api/v1/session', { login: 'minowa-care_worker-06', password: DEMO_PASSWORD }));
  });

  test('the lock-out also applies to a login that does not exist, so existence does not leak', async () => {
    const a = anonymous(server);
    let last;
    for (let i = 0; i < 11; i++) last = await a.post('/api/v1/session', { login: 'ghost-user', password: `x-wrong-${i}` });
    assertError(last, 429, 'rate_limited');
  });

  test('GET /me describes the caller with profession, organisation, region and roles', async () => {
    const me = assertOk(await kato.get('/api/v1/me'));
    for (const key of ['id', 'login', 'name', 'name_kana', 'profession', 'organization_id', 'region_id', 'roles', 'totp_enabled'])
      assert.ok(key in me, `me has ${key}`);
    assert.equal(typeof me.id, 'string');
    assert.equal(me.login, 'kato');
    assert.equal(me.name, '加藤 恵子');
    assert.equal(me.name_kana, 'カトウ ケイコ');
    assert.equal(me.profession, 'care_manager');
    assert.equal(me.organization_id, 'org-minowa-care_management_office-1');
    assert.equal(me.region_id, 'region-minowa');
    assert.deepEqual(me.roles, ['member']);
    assert.equal(me.totp_enabled, false);
    assert.equal(me.password_hash, undefined);
    assert.equal(me.totp_secret, undefined);
  });

  test('the roles of the admins are system_admin and region_admin', async () => {
    const sys = assertOk(await admin.get('/api/v1/me'));
    assert.deepEqual(sys.roles, ['system_admin']);
    assert.equal(sys.region_id, null);
    const reg = assertOk(await minowaAdmin.get('/api/v1/me'));
    assert.ok(reg.roles.includes('region_admin'));
    assert.ok(!reg.roles.includes('system_admin'));
    assert.equal(reg.region_id, 'region-minowa');
  });

  test('a signed-out visitor gets 401 from /me', async () => {
    assertError(await anonymous(server).get('/api/v1/me'), 401);
  });

  test('sign-in with missing fields is a 400 naming them', async () => {
    assertError(await anonymous(server).post('/api/v1/session', {}), 400, 'invalid_argument', ['login', 'password']);
  });
});

describe('CSRF protection', () => {
  test('a state-changing request without X-CSRF-Token is refused with 403 csrf_failed and changes nothing', async () => {
    const c = await signIn(server, 'minowa-nurse-06');
    assertError(await c.request('DELETE', '/api/v1/session', { csrf: false }), 403, 'csrf_failed');
    assertOk(await c.get('/api/v1/me'));
  });

  test('a wrong X-CSRF-Token is refused with 403 too', async () => {
    const c = await signIn(server, 'minowa-nurse-07');
    const realToken = c.csrf;
    c.csrf = 'not-the-token';
    assertError(await c.delete('/api/v1/session'), 403, 'csrf_failed');
    c.csrf = realToken.slice(0, -1);
    assertError(await c.delete('/api/v1/session'), 403, 'csrf_failed');
    c.csrf = realToken;
    assertOk(await c.get('/api/v1/me'));
  });

  test('another session\'s token does not work in this session', async () => {
    const c = await signIn(server, 'minowa-nurse-08');
    c.csrf = kato.csrf;
    assertError(await c.post('/api/v1/me/totp', {}), 403, 'csrf_failed');
  });

  test('GET /session gives back the CSRF token of the current session', async () => {
    const s = assertOk(await kato.get('/api/v1/session'));
    assert.equal(s.csrf_token, kato.csrf);
    assert.equal(s.user.login, 'kato');
  });
});

describe('signing out', () => {
  test('after signing out, /me is 401 and the old cookie no longer works', async () => {
    const c = await signIn(server, 'minowa-nurse-09');
    const oldCookie = c.cookie;
    const r = await c.delete('/api/v1/session');
    assert.equal(r.status, 204);
    assert.match(r.headers.get('set-cookie') ?? '', /tsunagu_session=;/);
    assertError(await c.get('/api/v1/me'), 401);
    const replay = new Client(server.base);
    replay.cookie = oldCookie;
    assertError(await replay.get('/api/v1/me'), 401);
  });

  test('signing out without a session is 401', async () => {
    assertError(await anonymous(server).delete('/api/v1/session'), 401);
  });
});

describe('changing one\'s password', () => {
  test('a wrong current password is a 400 naming current_password', async () => {
    const r = await kato.post('/api/v1/me/password', { current_password: 'not-my-password', new_password: 'a-new-long-password' });
    assertError(r, 400, 'invalid_argument', ['current_password']);
  });

  test('a too short new password is a 400 naming new_password', async () => {
    const r = await kato.post('/api/v1/me/password', { current_password: DEMO_PASSWORD, new_password: 'short' });
    assertError(r, 400, 'invalid_argument', ['new_password']);
  });

  test('a nurse changes her password: the old one stops working, the new works, her other sessions end', async () => {
    const login = 'minowa-nurse-03';
    const here = await signIn(server, login);
    const elsewhere = await signIn(server, login);
    const next = 'brand-new-password-1';
    const r = await here.post('/api/v1/me/password', { current_password: DEMO_PASSWORD, new_password: next });
    assert.equal(r.status, 204);
    assertOk(await here.get('/api/v1/me'));
    assertError(await elsewhere.get('/api/v1/me'), 401);
    assertError((await trySignIn(server, login, DEMO_PASSWORD)).res, 401, 'invalid_credentials');
    assertOk((await trySignIn(server, login, next)).res);
  });
});

describe('an admin resets a password', () => {
  test('who may reset: signed out 401, member 403, other region admin 404, own region admin 200, system admin 200', async () => {
    const target = 'user-minowa-nurse-04';
    const path = `/api/v1/users/${target}/password-reset`;
    assertError(await anonymous(server).post(path), 401);
    assertError(await kato.post(path), 403);
    assertError(await inaAdmin.post(path), 404, 'not_found');
    const own = assertOk(await minowaAdmin.post(path));
    assert.equal(typeof own.temporary_password, 'string');
    assert.ok(own.temporary_password.length >= 10);
    const sys = assertOk(await admin.post(path));
    assert.notEqual(sys.temporary_password, own.temporary_password);
    // The latest temporary password is the one that works.
    assertError((await trySignIn(server, 'minowa-nurse-04', own.temporary_password)).res, 401, 'invalid_credentials');
    const { res } = await trySignIn(server, 'minowa-nurse-04', sys.temporary_password);
    assertOk(res);
    assert.equal(res.body.user.must_change_password, true);
  });

  test('an unknown user is 404 even for the system admin', async () => {
    assertError(await admin.post('/api/v1/users/user-nobody/password-reset'), 404, 'not_found');
  });

  test('a region admin cannot reset a system administrator (404)', async () => {
    assertError(await minowaAdmin.post('/api/v1/users/user-admin/password-reset'), 404, 'not_found');
  });

  test('with a temporary password the session reaches only /me and the password change, then becomes full', async () => {
    // A second system administrator, made with the CLI, so that a full session is visible on /users.
    const cli = runCli(['admin', 'create', '--db', server.db.url, '--login', 'deputy', '--name', '副管理者'], {
      input: 'deputy-first-password\n',
    });
    assert.equal(cli.status, 0, cli.stderr);
    const before = await signIn(server, 'deputy', 'deputy-first-password');
    const id = assertOk(await before.get('/api/v1/me')).id;
    const { temporary_password } = assertOk(await admin.post(`/api/v1/users/${id}/password-reset`));
    // The reset ends the sessions the person had.
    assertError(await before.get('/api/v1/me'), 401);
    assertError((await trySignIn(server, 'deputy', 'deputy-first-password')).res, 401, 'invalid_credentials');

    const { client: deputy, res } = await trySignIn(server, 'deputy', temporary_password);
    assertOk(res);
    assert.equal(res.body.user.must_change_password, true);
    assertError(await deputy.get('/api/v1/users'), 403, 'password_change_required');
    assertError(await deputy.get('/api/v1/registrations?status=pending'), 403, 'password_change_required');
    assertOk(await deputy.get('/api/v1/me'));
    const changed = await deputy.post('/api/v1/me/password', { current_password: temporary_password, new_password: 'deputy-own-password' });
    assert.equal(changed.status, 204);
    assert.equal(assertOk(await deputy.get('/api/v1/me')).must_change_password, false);
    assertOk(await deputy.get('/api/v1/users'));
  });
});
