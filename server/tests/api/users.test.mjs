// Deactivating and reactivating professionals (POST /api/v1/users/{id}/deactivate
// and /reactivate): who may, what it ends, and what stays.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import {
  assertError, assertOk, allPages, newMember, trySignIn, registerPatient, addMembers,
} from './helpers.mjs';

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

let personCounter = 0;
// A new Minowa professional approved by the Minowa admin: {id, login, password, name, client}.
async function newProfessional() {
  personCounter += 1;
  const name = `停止 試験${personCounter}`;
  const a = await newMember(server, minowaAdmin, { name, name_kana: `テイシ シケン${'アイウエオカキクケコサシスセソ'[personCounter % 15]}` });
  const { client, res } = await trySignIn(server, a.login, a.password);
  assertOk(res);
  const me = assertOk(await client.get('/api/v1/me'));
  return { ...a, id: me.id, name, client };
}

const deactivate = (client, id, body = { reason: '退職のため' }) => client.post(`/api/v1/users/${id}/deactivate`, body);
const reactivate = (client, id) => client.post(`/api/v1/users/${id}/reactivate`);

async function inDirectory(client, name) {
  const items = await allPages(client, `/api/v1/professionals?q=${encodeURIComponent(name)}`);
  return items.some((p) => p.name === name);
}

async function auditTargets(action) {
  const items = await allPages(admin, `/api/v1/audit?action=${encodeURIComponent(action)}`);
  return items.map((r) => r.target);
}

describe('who may deactivate or reactivate', () => {
  test('signed out 401, member 403, another region\'s admin 404, unknown user 404', async () => {
    const p = await newProfessional();
    assertError(await deactivate(anonymous(server), p.id), 401);
    assertError(await reactivate(anonymous(server), p.id), 401);
    assertError(await deactivate(kato, p.id), 403, 'permission_denied');
    assertError(await reactivate(kato, p.id), 403, 'permission_denied');
    assertError(await deactivate(inaAdmin, p.id), 404);
    assertError(await reactivate(inaAdmin, p.id), 404);
    assertError(await deactivate(admin, 'user-nobody'), 404);
    assertError(await reactivate(admin, 'user-nobody'), 404);
    // None of that changed anything: they still work.
    assertOk(await p.client.get('/api/v1/me'));
  });

  test('a reason is required', async () => {
    const p = await newProfessional();
    assertError(await deactivate(minowaAdmin, p.id, {}), 400, 'invalid_argument', ['reason']);
    assertError(await deactivate(minowaAdmin, p.id, { reason: '' }), 400, 'invalid_argument', ['reason']);
    assertError(await deactivate(minowaAdmin, p.id, { reason: 'あ'.repeat(501) }), 400, 'invalid_argument', ['reason']);
    assertOk(await p.client.get('/api/v1/me'));
  });

  test('deactivating yourself is 409', async () => {
    const me = assertOk(await minowaAdmin.get('/api/v1/me'));
    assertError(await deactivate(minowaAdmin, me.id), 409, 'cannot_deactivate_self');
    const sys = assertOk(await admin.get('/api/v1/me'));
    assertError(await deactivate(admin, sys.id), 409, 'cannot_deactivate_self');
    assertOk(await minowaAdmin.get('/api/v1/me'));
  });

  test('the system admin may deactivate and reactivate anyone', async () => {
    const p = await newProfessional();
    assert.equal(assertOk(await deactivate(admin, p.id)).active, false);
    assert.equal(assertOk(await reactivate(admin, p.id)).active, true);
  });
});

describe('deactivation', () => {
  test('ends sessions, refuses sign-in like a wrong password, hides from the directory and the KPI; reactivation undoes it', async () => {
    const before = assertOk(await minowaAdmin.get('/api/v1/kpi')).professionals.actual;
    const p = await newProfessional();
    const withNew = assertOk(await minowaAdmin.get('/api/v1/kpi')).professionals.actual;
    assert.equal(withNew, before + 1);
    assert.ok(await inDirectory(kato, p.name));
    const second = await trySignIn(server, p.login, p.password);
    assertOk(second.res);

    const user = assertOk(await deactivate(minowaAdmin, p.id));
    assert.equal(user.id, p.id);
    assert.equal(user.active, false);

    // Every session ended.
    assertError(await p.client.get('/api/v1/me'), 401);
    assertError(await second.client.get('/api/v1/me'), 401);
    // Signing in fails exactly like a wrong password.
    const wrong = (await trySignIn(server, p.login, 'not-the-password-at-all')).res;
    const right = (await trySignIn(server, p.login, p.password)).res;
    const wrongErr = assertError(wrong, 401);
    const rightErr = assertError(right, 401);
    assert.deepEqual(rightErr, wrongErr);
    // Gone from the directory, and from the users list shown as inactive.
    assert.equal(await inDirectory(kato, p.name), false);
    const listed = (await allPages(minowaAdmin, '/api/v1/users')).find((u) => u.id === p.id);
    assert.equal(listed.active, false);
    // No longer counted as a professional this year.
    assert.equal(assertOk(await minowaAdmin.get('/api/v1/kpi')).professionals.actual, before);
    // Audited with the user as target.
    assert.ok((await auditTargets('user.deactivate')).includes(`user:${p.id}`));

    // Twice is 409.
    assertError(await deactivate(minowaAdmin, p.id), 409, 'already_inactive');

    // Reactivation.
    const back = assertOk(await reactivate(minowaAdmin, p.id));
    assert.equal(back.active, true);
    assertError(await reactivate(minowaAdmin, p.id), 409, 'already_active');
    assert.ok((await auditTargets('user.reactivate')).includes(`user:${p.id}`));
    const again = await trySignIn(server, p.login, p.password);
    assertOk(again.res);
    assertOk(await again.client.get('/api/v1/me'));
    assert.ok(await inDirectory(kato, p.name));
    assert.equal(assertOk(await minowaAdmin.get('/api/v1/kpi')).professionals.actual, before + 1);
  });

  test('an active user cannot be reactivated', async () => {
    const p = await newProfessional();
    assertError(await reactivate(minowaAdmin, p.id), 409, 'already_active');
  });

  test('care-team memberships stay as history, but the person loses access', async () => {
    const p = await newProfessional();
    const patient = await registerPatient(kato);
    await addMembers(kato, patient.id, p.id);
    assertOk(await p.client.get(`/api/v1/patients/${patient.id}`));

    assertOk(await deactivate(minowaAdmin, p.id));
    const members = assertOk(await kato.get(`/api/v1/patients/${patient.id}/members`)).items;
    assert.ok(members.some((m) => m.user_id === p.id));
    assertError(await p.client.get(`/api/v1/patients/${patient.id}`), 401);
    assertError((await trySignIn(server, p.login, p.password)).res, 401);
  });
});
