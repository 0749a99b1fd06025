// TOTP enrolment, sign-in with a second factor, and regions that require one.
// Its own server: switching a region's require_totp affects every session there.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous, DEMO_PASSWORD } from '../support/client.mjs';
import { totpCode, timeStep } from '../../../web/e2e/totp.mjs';
import { assertError, assertOk, trySignIn } from './helpers.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await signIn(server, 'admin');
});
after(async () => {
  await server?.stop();
});

// A 6-digit code that is valid for none of the steps around now.
function wrongCode(secret) {
  const step = timeStep();
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, step + d)));
  for (let n = 0; ; n++) {
    const code = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

// Enrols `client` and returns the secret and the step used to confirm.
async function enrol(client) {
  const start = assertOk(await client.post('/api/v1/me/totp', {}));
  const step = timeStep();
  const user = assertOk(await client.post('/api/v1/me/totp/confirm', { code: totpCode(start.secret, step) }));
  assert.equal(user.totp_enabled, true);
  return { secret: start.secret, step };
}

describe('enrolling an authenticator', () => {
  test('a nurse enrols: secret, otpauth URI and QR SVG; a wrong code is refused, the right one enables TOTP', async () => {
    const nurse = await signIn(server, 'minowa-nurse-10');
    const start = assertOk(await nurse.post('/api/v1/me/totp', {}));
    assert.match(start.secret, /^[A-Z2-7]{16,}$/);
    assert.ok(start.otpauth_uri.startsWith('otpauth://totp/'), start.otpauth_uri);
    assert.ok(start.otpauth_uri.includes(`secret=${start.secret}`));
    assert.ok(start.qr_svg.trimStart().startsWith('<svg'), start.qr_svg.slice(0, 40));
    assert.ok(start.qr_svg.trimEnd().endsWith('</svg>'));
    // Not active until confirmed.
    assert.equal(assertOk(await nurse.get('/api/v1/me')).totp_enabled, false);

    assertError(await nurse.post('/api/v1/me/totp/confirm', { code: wrongCode(start.secret) }), 400, 'invalid_totp');
    assert.equal(assertOk(await nurse.get('/api/v1/me')).totp_enabled, false);

    const step = timeStep();
    const user = assertOk(await nurse.post('/api/v1/me/totp/confirm', { code: totpCode(start.secret, step) }));
    assert.equal(user.totp_enabled, true);
    assert.equal(assertOk(await nurse.get('/api/v1/me')).totp_enabled, true);

    // Signing in now needs the code; a code is accepted once only.
    const login = 'minowa-nurse-10';
    assertError((await trySignIn(server, login, DEMO_PASSWORD)).res, 401, 'totp_required');
    assertError((await trySignIn(server, login, DEMO_PASSWORD, wrongCode(start.secret))).res, 401, 'invalid_totp');
    const next = totpCode(start.secret, step + 1);
    const ok = await trySignIn(server, login, DEMO_PASSWORD, next);
    assertOk(ok.res);
    assert.equal(ok.res.body.user.totp_enabled, true);
    assertOk(await ok.client.get('/api/v1/me'));
    assertError((await trySignIn(server, login, DEMO_PASSWORD, next)).res, 401, 'invalid_totp');
    // The code used at enrolment cannot be replayed either.
    assertError((await trySignIn(server, login, DEMO_PASSWORD, totpCode(start.secret, step))).res, 401, 'invalid_totp');
  });

  test('a wrong password with a right code is still the plain wrong-credentials answer', async () => {
    const nurse = await signIn(server, 'minowa-nurse-11');
    const { secret, step } = await enrol(nurse);
    const r = (await trySignIn(server, 'minowa-nurse-11', 'wrong-password!', totpCode(secret, step + 1))).res;
    assertError(r, 401, 'invalid_credentials');
  });

  test('confirming without starting an enrolment is refused cleanly', async () => {
    const c = await signIn(server, 'minowa-nurse-12');
    const r = await c.post('/api/v1/me/totp/confirm', { code: '123456' });
    assertError(r, 409, 'totp_not_started');
    assert.equal(assertOk(await c.get('/api/v1/me')).totp_enabled, false);
  });

  test('enrolment needs a session', async () => {
    assertError(await anonymous(server).post('/api/v1/me/totp', {}), 401);
    assertError(await anonymous(server).post('/api/v1/me/totp/confirm', { code: '123456' }), 401);
  });
});

describe('a region that requires a second factor', () => {
  let minowaAdmin;
  after(async () => {
    // Leave the region as it was, whatever happened.
    await admin.patch('/api/v1/regions/region-minowa', { require_totp: false });
  });

  test('who may change a region: signed out 401, member 403, another region\'s admin 403, system admin and own admin 200', async () => {
    const path = '/api/v1/regions/region-minowa';
    const [kato, inaAdmin] = await Promise.all([signIn(server, 'kato'), signIn(server, 'ina-admin')]);
    minowaAdmin = await signIn(server, 'minowa-admin');
    assertError(await anonymous(server).patch(path, { require_totp: true }), 401);
    assertError(await kato.patch(path, { require_totp: true }), 403, 'permission_denied');
    assertError(await inaAdmin.patch(path, { require_totp: true }), 403, 'permission_denied');
    let regions = assertOk(await anonymous(server).get('/api/v1/regions')).items;
    assert.equal(regions.find((r) => r.id === 'region-minowa').require_totp, false);

    const bySystem = assertOk(await admin.patch(path, { require_totp: false }));
    assert.equal(bySystem.id, 'region-minowa');
    assert.equal(bySystem.require_totp, false);
    assertError(await admin.patch('/api/v1/regions/region-nowhere', { require_totp: true }), 404);
    assertError(await admin.patch(path, { require_totp: 'yes' }), 400, 'invalid_argument', ['require_totp']);

    const byOwn = assertOk(await minowaAdmin.patch(path, { require_totp: true }));
    assert.deepEqual({ id: byOwn.id, name: byOwn.name, require_totp: byOwn.require_totp },
      { id: 'region-minowa', name: '箕輪町', require_totp: true });
    regions = assertOk(await anonymous(server).get('/api/v1/regions')).items;
    assert.equal(regions.find((r) => r.id === 'region-minowa').require_totp, true);
    assert.equal(regions.find((r) => r.id === 'region-ina').require_totp, false);
  });

  test('a Minowa member without TOTP signs in to a restricted session until enrolment is confirmed', async () => {
    const login = 'minowa-care_manager-07';
    const { client: member, res } = await trySignIn(server, login, DEMO_PASSWORD);
    assertOk(res);
    assert.equal(res.body.totp_enrolment_required, true);
    assertError(await member.get('/api/v1/registrations?status=pending'), 403, 'totp_enrolment_required');
    assertError(await member.get('/api/v1/users'), 403, 'totp_enrolment_required');
    assertOk(await member.get('/api/v1/me'));
    assert.equal(assertOk(await member.get('/api/v1/session')).totp_enrolment_required, true);
    const { secret, step } = await enrol(member);
    // Now a full session: a member is simply not an admin.
    assertError(await member.get('/api/v1/users'), 403, 'permission_denied');
    assert.equal(assertOk(await member.get('/api/v1/session')).totp_enrolment_required, false);
    // And from now on the code is asked for at sign-in.
    assertError((await trySignIn(server, login, DEMO_PASSWORD)).res, 401, 'totp_required');
    const again = await trySignIn(server, login, DEMO_PASSWORD, totpCode(secret, step + 1));
    assertOk(again.res);
    assert.equal(again.res.body.totp_enrolment_required, false);
  });

  test('the region admin\'s own session is restricted too, until the admin enrols; then it is full', async () => {
    assertError(await minowaAdmin.get('/api/v1/registrations?status=pending'), 403, 'totp_enrolment_required');
    await enrol(minowaAdmin);
    assertOk(await minowaAdmin.get('/api/v1/registrations?status=pending'));
    assertOk(await minowaAdmin.get('/api/v1/users'));
  });

  test('a restricted session can still sign out', async () => {
    const { client, res } = await trySignIn(server, 'minowa-care_manager-08', DEMO_PASSWORD);
    assert.equal(res.body.totp_enrolment_required, true);
    assert.equal((await client.delete('/api/v1/session')).status, 204);
    assertError(await client.get('/api/v1/me'), 401);
  });

  test('people of other regions are not affected', async () => {
    const { res } = await trySignIn(server, 'sato', DEMO_PASSWORD);
    assertOk(res);
    assert.equal(res.body.totp_enrolment_required, false);
  });

  test('once the requirement is lifted, members without TOTP have full sessions again', async () => {
    assertOk(await admin.patch('/api/v1/regions/region-minowa', { require_totp: false }));
    const { client, res } = await trySignIn(server, 'minowa-care_manager-09', DEMO_PASSWORD);
    assert.equal(res.body.totp_enrolment_required, false);
    assertError(await client.get('/api/v1/users'), 403, 'permission_denied');
  });
});
