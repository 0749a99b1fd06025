// Managing people and places: organisations (edit, close, reopen) and
// professionals (one user's detail, filters, moves, second-factor reset, the
// region administrator role). Who may, what changes, what is recorded.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { totpCode, timeStep } from '../../../web/e2e/totp.mjs';
import { assertError, assertOk, allPages, apply, newMember, trySignIn } from './helpers.mjs';

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

const MINOWA_NURSES = 'org-minowa-visiting_nurse_station-1';
const MINOWA_CLINIC = 'org-minowa-clinic-1';
const INA_CLINIC = 'org-ina-clinic-1';

let counter = 0;
// A new professional approved by `approver`: {id, login, password, name, client}.
async function newProfessional({ approver = minowaAdmin, region_id = 'region-minowa', organization_id = MINOWA_NURSES } = {}) {
  counter += 1;
  const name = `管理 試験${counter}`;
  const a = await newMember(server, approver, { name, name_kana: 'カンリ シケン', region_id, organization_id });
  const { client, res } = await trySignIn(server, a.login, a.password);
  assertOk(res);
  const me = assertOk(await client.get('/api/v1/me'));
  return { ...a, id: me.id, name, client };
}

async function newOrganization(by = minowaAdmin, over = {}) {
  counter += 1;
  return assertOk(await by.post('/api/v1/organizations', {
    name: `試験事業所${counter}`, type: 'home_care_office', region_id: 'region-minowa', ...over,
  }), 201);
}

async function audited(action, target) {
  const items = await allPages(admin, `/api/v1/audit?action=${encodeURIComponent(action)}`);
  return items.some((r) => r.target === target);
}

const publicOrgs = (region) => allPages(anonymous(server), `/api/v1/organizations?region_id=${region}`);
const kpiProfessionals = async (region) => assertOk(await admin.get(`/api/v1/kpi?region_id=${region}`)).professionals.actual;

describe('editing an organisation', () => {
  test('signed out 401, member 403, another region\'s admin 403, unknown 404; nothing changes', async () => {
    const org = await newOrganization();
    assertError(await anonymous(server).patch(`/api/v1/organizations/${org.id}`, { name: 'x' }), 401);
    assertError(await kato.patch(`/api/v1/organizations/${org.id}`, { name: 'x' }), 403, 'permission_denied');
    assertError(await inaAdmin.patch(`/api/v1/organizations/${org.id}`, { name: 'x' }), 403, 'permission_denied');
    assertError(await admin.patch('/api/v1/organizations/org-nowhere', { name: 'x' }), 404);
    const listed = (await publicOrgs('region-minowa')).find((o) => o.id === org.id);
    assert.equal(listed.name, org.name);
  });

  test('the region admin renames it and changes its type; audited; the system admin edits any region\'s', async () => {
    const org = await newOrganization();
    const renamed = assertOk(await minowaAdmin.patch(`/api/v1/organizations/${org.id}`, { name: '箕輪ひかり訪問介護' }));
    assert.equal(renamed.name, '箕輪ひかり訪問介護');
    assert.equal(renamed.type, 'home_care_office');
    const retyped = assertOk(await minowaAdmin.patch(`/api/v1/organizations/${org.id}`, { type: 'care_management_office' }));
    assert.equal(retyped.name, '箕輪ひかり訪問介護');
    assert.equal(retyped.type, 'care_management_office');
    const listed = (await publicOrgs('region-minowa')).find((o) => o.id === org.id);
    assert.deepEqual([listed.name, listed.type], ['箕輪ひかり訪問介護', 'care_management_office']);
    assert.ok(await audited('organization.update', `organization:${org.id}`));

    const ina = await newOrganization(admin, { region_id: 'region-ina' });
    assert.equal(assertOk(await admin.patch(`/api/v1/organizations/${ina.id}`, { name: '伊那みどり薬局', type: 'pharmacy' })).type, 'pharmacy');
  });

  test('bad input is 400 and changes nothing', async () => {
    const org = await newOrganization();
    const url = `/api/v1/organizations/${org.id}`;
    assertError(await minowaAdmin.patch(url, {}), 400, 'invalid_argument', ['name']);
    assertError(await minowaAdmin.patch(url, { type: 'castle' }), 400, 'invalid_argument', ['type']);
    assertError(await minowaAdmin.patch(url, { name: '' }), 400, 'invalid_argument', ['name']);
    assertError(await minowaAdmin.patch(url, { name: 'あ'.repeat(101) }), 400, 'invalid_argument', ['name']);
    assertError(await minowaAdmin.patch(url, { name: 'ok', region_id: 'region-ina' }), 400, 'invalid_argument', ['region_id']);
    const listed = (await publicOrgs('region-minowa')).find((o) => o.id === org.id);
    assert.deepEqual([listed.name, listed.type], [org.name, org.type]);
  });
});

describe('closing and reopening an organisation', () => {
  test('signed out 401, member 403, another region\'s admin 403, unknown 404', async () => {
    const org = await newOrganization();
    for (const action of ['close', 'reopen']) {
      assertError(await anonymous(server).post(`/api/v1/organizations/${org.id}/${action}`, {}), 401);
      assertError(await kato.post(`/api/v1/organizations/${org.id}/${action}`, {}), 403, 'permission_denied');
      assertError(await inaAdmin.post(`/api/v1/organizations/${org.id}/${action}`, {}), 403, 'permission_denied');
      assertError(await admin.post(`/api/v1/organizations/org-nowhere/${action}`, {}), 404);
    }
    assert.ok((await publicOrgs('region-minowa')).some((o) => o.id === org.id));
  });

  test('an organisation with active members cannot close (409), until they are moved', async () => {
    const org = await newOrganization();
    const p = await newProfessional({ organization_id: org.id });
    const refused = assertError(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, {}), 409, 'organization_has_active_members');
    assert.match(refused.message, /1名/);
    assert.ok((await publicOrgs('region-minowa')).some((o) => o.id === org.id));
    assert.equal(await audited('organization.close', `organization:${org.id}`), false);

    assertOk(await minowaAdmin.patch(`/api/v1/users/${p.id}`, { organization_id: MINOWA_CLINIC }));
    const closed = assertOk(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, {}));
    assert.equal(closed.active, false);
  });

  test('closing: gone from the public list and the application form, listed for admins with closed_at; reopening undoes it', async () => {
    const org = await newOrganization();
    const closed = assertOk(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, { reason: '事業廃止のため' }));
    assert.equal(closed.id, org.id);
    assert.equal(closed.active, false);
    assert.match(closed.closed_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    assert.equal(closed.close_reason, '事業廃止のため');
    assert.equal(closed.active_member_count, 0);
    assert.ok(await audited('organization.close', `organization:${org.id}`));

    // Not offered to anyone any more...
    assert.equal((await publicOrgs('region-minowa')).some((o) => o.id === org.id), false);
    const form = await anonymous(server).post('/api/v1/registrations', {
      name: '新規 職員', name_kana: 'シンキ ショクイン', profession: 'nurse', organization_id: org.id,
      region_id: 'region-minowa', email: 'closed-org@example.jp', login: `closed-org-${counter}`, password: 'a-long-enough-password',
    });
    assertError(form, 400, 'invalid_argument', ['organization_id']);
    // ...but administrators still see it.
    const adminList = await allPages(minowaAdmin, '/api/v1/organizations?region_id=region-minowa&include_closed=true');
    const listed = adminList.find((o) => o.id === org.id);
    assert.equal(listed.closed_at, closed.closed_at);
    assert.equal(listed.active, false);
    assert.ok(adminList.some((o) => o.id === MINOWA_NURSES && o.closed_at === null && o.active_member_count > 0));

    assertError(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, {}), 409, 'already_closed');

    const reopened = assertOk(await minowaAdmin.post(`/api/v1/organizations/${org.id}/reopen`));
    assert.equal(reopened.active, true);
    assert.equal(reopened.closed_at, null);
    assert.equal(reopened.close_reason, null);
    assert.ok(await audited('organization.reopen', `organization:${org.id}`));
    assert.ok((await publicOrgs('region-minowa')).some((o) => o.id === org.id));
    assertError(await minowaAdmin.post(`/api/v1/organizations/${org.id}/reopen`), 409, 'already_open');
  });

  test('deactivated members do not keep it open, and keep their history', async () => {
    const org = await newOrganization();
    const p = await newProfessional({ organization_id: org.id });
    assertOk(await minowaAdmin.post(`/api/v1/users/${p.id}/deactivate`, { reason: '退職のため' }));
    assertOk(await admin.post(`/api/v1/organizations/${org.id}/close`, {}));
    const detail = assertOk(await minowaAdmin.get(`/api/v1/users/${p.id}`));
    assert.equal(detail.organization_id, org.id);
    assert.equal(detail.organization_closed, true);
    assert.equal(detail.organization_name, org.name);
    // A closed organisation has no active members: no reactivation there.
    assertError(await minowaAdmin.post(`/api/v1/users/${p.id}/reactivate`), 409, 'organization_closed');
    assert.equal(assertOk(await minowaAdmin.get(`/api/v1/users/${p.id}`)).active, false);
  });

  test('a pending application to a closed organisation cannot be approved (409)', async () => {
    const org = await newOrganization();
    const a = await apply(server, { organization_id: org.id });
    assertOk(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, {}));
    assertError(await minowaAdmin.post(`/api/v1/registrations/${a.id}/approve`), 409, 'organization_closed');
    assertError((await trySignIn(server, a.login, a.password)).res, 401);
    assertOk(await minowaAdmin.post(`/api/v1/registrations/${a.id}/reject`, { reason: '事業所閉鎖のため' }));
  });

  test('a bad reason or body is 400 and closes nothing', async () => {
    const org = await newOrganization();
    assertError(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, { reason: 'あ'.repeat(501) }), 400, 'invalid_argument', ['reason']);
    assertError(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, { reason: 3 }), 400, 'invalid_argument', ['reason']);
    assertError(await minowaAdmin.post(`/api/v1/organizations/${org.id}/close`, { why: 'x' }), 400, 'invalid_argument', ['why']);
    assert.ok((await publicOrgs('region-minowa')).some((o) => o.id === org.id));
  });

  test('include_closed is for administrators and must be true or false', async () => {
    assertError(await anonymous(server).get('/api/v1/organizations?include_closed=true'), 401);
    assertError(await kato.get('/api/v1/organizations?include_closed=true'), 403, 'permission_denied');
    assertError(await admin.get('/api/v1/organizations?include_closed=yes'), 400, 'invalid_argument', ['include_closed']);
    const open = assertOk(await anonymous(server).get('/api/v1/organizations?include_closed=false'));
    assert.ok(open.items.every((o) => o.active === true && !('closed_at' in o)));
    // A region admin sees the closed organisations of their own region only.
    const closedMinowa = await newOrganization();
    assertOk(await minowaAdmin.post(`/api/v1/organizations/${closedMinowa.id}/close`, {}));
    const inaView = await allPages(inaAdmin, '/api/v1/organizations?include_closed=true');
    assert.ok(inaView.length > 0 && inaView.every((o) => o.region_id === 'region-ina'));
    assertError(await inaAdmin.get('/api/v1/organizations?include_closed=true&region_id=region-minowa'), 403, 'permission_denied');
    const systemView = await allPages(admin, '/api/v1/organizations?include_closed=true&region_id=region-minowa');
    assert.ok(systemView.some((o) => o.id === closedMinowa.id));
  });
});

describe('one user, and filtering the users list', () => {
  test('signed out 401, member 403, another region\'s admin 404, unknown 404', async () => {
    const p = await newProfessional();
    assertError(await anonymous(server).get(`/api/v1/users/${p.id}`), 401);
    assertError(await kato.get(`/api/v1/users/${p.id}`), 403, 'permission_denied');
    assertError(await inaAdmin.get(`/api/v1/users/${p.id}`), 404);
    assertError(await admin.get('/api/v1/users/user-nobody'), 404);
  });

  test('the region admin and the system admin see the detail; reading it is audited', async () => {
    const p = await newProfessional();
    for (const who of [minowaAdmin, admin]) {
      const d = assertOk(await who.get(`/api/v1/users/${p.id}`));
      assert.equal(d.id, p.id);
      assert.equal(d.login, p.login);
      assert.equal(d.organization_id, MINOWA_NURSES);
      assert.equal(typeof d.organization_name, 'string');
      assert.equal(d.organization_closed, false);
      assert.equal(d.region_id, 'region-minowa');
      assert.equal(d.region_name, '箕輪町');
      assert.deepEqual(d.roles, ['member']);
      assert.equal(d.active, true);
      assert.equal(d.totp_enabled, false);
      assert.match(d.created_at, /\+09:00$/);
      assert.equal(d.deactivated_at, null);
      assert.equal(d.password_hash, undefined);
    }
    assert.ok(await audited('user.view', `user:${p.id}`));
  });

  test('filters: organisation, profession and active state, each checked', async () => {
    const org = await newOrganization();
    const p = await newProfessional({ organization_id: org.id });
    const q = await newProfessional({ organization_id: org.id });
    assertOk(await minowaAdmin.post(`/api/v1/users/${q.id}/deactivate`, { reason: '休職' }));

    const inOrg = await allPages(minowaAdmin, `/api/v1/users?organization_id=${org.id}`);
    assert.deepEqual(inOrg.map((u) => u.id).sort(), [p.id, q.id].sort());
    const activeInOrg = await allPages(minowaAdmin, `/api/v1/users?organization_id=${org.id}&active=true`);
    assert.deepEqual(activeInOrg.map((u) => u.id), [p.id]);
    const inactive = await allPages(minowaAdmin, '/api/v1/users?active=false');
    assert.ok(inactive.some((u) => u.id === q.id));
    assert.ok(inactive.every((u) => u.active === false));
    const doctors = await allPages(minowaAdmin, '/api/v1/users?profession=doctor');
    assert.ok(doctors.length >= 10);
    assert.ok(doctors.every((u) => u.profession === 'doctor' && u.region_id === 'region-minowa'));
    const named = await allPages(minowaAdmin, `/api/v1/users?q=${encodeURIComponent(p.name)}&profession=nurse&active=true`);
    assert.deepEqual(named.map((u) => u.id), [p.id]);

    assertError(await minowaAdmin.get('/api/v1/users?profession=wizard'), 400, 'invalid_argument', ['profession']);
    assertError(await minowaAdmin.get('/api/v1/users?active=1'), 400, 'invalid_argument', ['active']);
    // Another region's organisation yields nobody for a region admin.
    assert.deepEqual(await allPages(minowaAdmin, `/api/v1/users?organization_id=${INA_CLINIC}`), []);
  });
});

describe('moving a professional', () => {
  test('signed out 401, member 403, another region\'s admin 404; nothing changes', async () => {
    const p = await newProfessional();
    const body = { organization_id: MINOWA_CLINIC };
    assertError(await anonymous(server).patch(`/api/v1/users/${p.id}`, body), 401);
    assertError(await kato.patch(`/api/v1/users/${p.id}`, body), 403, 'permission_denied');
    assertError(await inaAdmin.patch(`/api/v1/users/${p.id}`, body), 404);
    assertError(await admin.patch('/api/v1/users/user-nobody', body), 404);
    assert.equal(assertOk(await p.client.get('/api/v1/me')).organization_id, MINOWA_NURSES);
  });

  test('the region admin moves them within the region: at once, session kept, audited', async () => {
    const p = await newProfessional();
    const moved = assertOk(await minowaAdmin.patch(`/api/v1/users/${p.id}`, { organization_id: MINOWA_CLINIC }));
    assert.equal(moved.organization_id, MINOWA_CLINIC);
    assert.equal(moved.region_id, 'region-minowa');
    const me = assertOk(await p.client.get('/api/v1/me'));
    assert.equal(me.organization_id, MINOWA_CLINIC);
    assert.ok(await audited('user.move_organization', `user:${p.id}`));
    const directory = await allPages(kato, `/api/v1/professionals?q=${encodeURIComponent(p.name)}`);
    assert.equal(directory.find((x) => x.id === p.id).organization_id, MINOWA_CLINIC);
  });

  test('bad moves are 400 or 403 and change nothing', async () => {
    const p = await newProfessional();
    const closed = await newOrganization();
    assertOk(await minowaAdmin.post(`/api/v1/organizations/${closed.id}/close`, {}));
    const url = `/api/v1/users/${p.id}`;
    assertError(await minowaAdmin.patch(url, {}), 400, 'invalid_argument', ['organization_id']);
    assertError(await minowaAdmin.patch(url, { organization_id: 'org-nowhere' }), 400, 'invalid_argument', ['organization_id']);
    assertError(await minowaAdmin.patch(url, { organization_id: closed.id }), 400, 'invalid_argument', ['organization_id']);
    assertError(await minowaAdmin.patch(url, { organization_id: INA_CLINIC }), 400, 'invalid_argument', ['organization_id']);
    assertError(await minowaAdmin.patch(url, { organization_id: MINOWA_CLINIC, region_id: 'region-atlantis' }), 400, 'invalid_argument', ['region_id']);
    assertError(await minowaAdmin.patch(url, { organization_id: MINOWA_CLINIC, name: 'x' }), 400, 'invalid_argument', ['name']);
    // Another region is for the system admin only.
    assertError(await minowaAdmin.patch(url, { organization_id: INA_CLINIC, region_id: 'region-ina' }), 403, 'permission_denied');
    assertError(await admin.patch(url, { organization_id: MINOWA_CLINIC, region_id: 'region-ina' }), 400, 'invalid_argument', ['organization_id']);
    const me = assertOk(await p.client.get('/api/v1/me'));
    assert.deepEqual([me.organization_id, me.region_id], [MINOWA_NURSES, 'region-minowa']);
  });

  test('the system admin moves them to another region: they count there in the KPI and change administrators', async () => {
    const p = await newProfessional();
    const [minowaBefore, inaBefore] = [await kpiProfessionals('region-minowa'), await kpiProfessionals('region-ina')];
    const moved = assertOk(await admin.patch(`/api/v1/users/${p.id}`, { organization_id: INA_CLINIC, region_id: 'region-ina' }));
    assert.deepEqual([moved.organization_id, moved.region_id], [INA_CLINIC, 'region-ina']);
    assert.equal(await kpiProfessionals('region-minowa'), minowaBefore - 1);
    assert.equal(await kpiProfessionals('region-ina'), inaBefore + 1);
    assert.ok(await audited('user.move_region', `user:${p.id}`));
    assert.equal(assertOk(await p.client.get('/api/v1/me')).region_id, 'region-ina');
    assertError(await minowaAdmin.get(`/api/v1/users/${p.id}`), 404);
    assert.equal(assertOk(await inaAdmin.get(`/api/v1/users/${p.id}`)).region_name, '伊那市');
  });

  test('a region admin cannot be moved to another region, nor an account without organisation', async () => {
    const p = await newProfessional();
    assertOk(await minowaAdmin.post(`/api/v1/users/${p.id}/region-admin`, { granted: true }));
    assertError(await admin.patch(`/api/v1/users/${p.id}`, { organization_id: INA_CLINIC, region_id: 'region-ina' }), 409, 'region_admin_must_stay');
    // Within the region is fine.
    assertOk(await minowaAdmin.patch(`/api/v1/users/${p.id}`, { organization_id: MINOWA_CLINIC }));
    assertOk(await minowaAdmin.post(`/api/v1/users/${p.id}/region-admin`, { granted: false }));
    assertError(await admin.patch('/api/v1/users/user-admin', { organization_id: MINOWA_CLINIC }), 409, 'not_a_professional');
  });

  test('moving to the organisation they are in changes nothing and records nothing', async () => {
    const p = await newProfessional();
    const same = assertOk(await minowaAdmin.patch(`/api/v1/users/${p.id}`, { organization_id: MINOWA_NURSES }));
    assert.equal(same.organization_id, MINOWA_NURSES);
    assert.equal(await audited('user.move_organization', `user:${p.id}`), false);
  });
});

describe('resetting the second factor', () => {
  async function enrol(client) {
    const start = assertOk(await client.post('/api/v1/me/totp', {}));
    const step = timeStep();
    assertOk(await client.post('/api/v1/me/totp/confirm', { code: totpCode(start.secret, step) }));
    return { secret: start.secret, step };
  }

  test('signed out 401, member 403, another region\'s admin 404, yourself 409', async () => {
    const p = await newProfessional();
    await enrol(p.client);
    assertError(await anonymous(server).post(`/api/v1/users/${p.id}/totp-reset`), 401);
    assertError(await kato.post(`/api/v1/users/${p.id}/totp-reset`), 403, 'permission_denied');
    assertError(await inaAdmin.post(`/api/v1/users/${p.id}/totp-reset`), 404);
    assertError(await admin.post('/api/v1/users/user-nobody/totp-reset'), 404);
    const me = assertOk(await minowaAdmin.get('/api/v1/me'));
    assertError(await minowaAdmin.post(`/api/v1/users/${me.id}/totp-reset`), 409, 'cannot_reset_self');
    assert.equal(assertOk(await p.client.get('/api/v1/me')).totp_enabled, true);
  });

  test('the region admin resets it: sessions end, sign-in needs no code, audited; twice is 409', async () => {
    const p = await newProfessional();
    await enrol(p.client);
    assertError((await trySignIn(server, p.login, p.password)).res, 401, 'totp_required');
    const user = assertOk(await minowaAdmin.post(`/api/v1/users/${p.id}/totp-reset`));
    assert.equal(user.totp_enabled, false);
    assertError(await p.client.get('/api/v1/me'), 401);
    const again = await trySignIn(server, p.login, p.password);
    assertOk(again.res);
    assert.equal(again.res.body.user.totp_enabled, false);
    assert.ok(await audited('totp.reset', `user:${p.id}`));
    assertError(await minowaAdmin.post(`/api/v1/users/${p.id}/totp-reset`), 409, 'totp_not_enabled');
  });

  test('where the region requires a second factor, they must enrol again at the next sign-in', async () => {
    const p = await newProfessional({
      approver: admin, region_id: 'region-minamiminowa', organization_id: 'org-minamiminowa-visiting_nurse_station-1',
    });
    await enrol(p.client);
    assertOk(await admin.patch('/api/v1/regions/region-minamiminowa', { require_totp: true }));
    try {
      assertOk(await admin.post(`/api/v1/users/${p.id}/totp-reset`, {}));
      const { client, res } = await trySignIn(server, p.login, p.password);
      assertOk(res);
      assert.equal(res.body.totp_enrolment_required, true);
      assertError(await client.get('/api/v1/patients'), 403, 'totp_enrolment_required');
      await enrol(client);
      assertOk(await client.get('/api/v1/patients'));
    } finally {
      assertOk(await admin.patch('/api/v1/regions/region-minamiminowa', { require_totp: false }));
    }
  });
});

describe('the region administrator role', () => {
  test('signed out 401, member 403, another region\'s admin 404, bad body 400', async () => {
    const p = await newProfessional();
    const url = `/api/v1/users/${p.id}/region-admin`;
    assertError(await anonymous(server).post(url, { granted: true }), 401);
    assertError(await kato.post(url, { granted: true }), 403, 'permission_denied');
    assertError(await inaAdmin.post(url, { granted: true }), 404);
    assertError(await admin.post('/api/v1/users/user-nobody/region-admin', { granted: true }), 404);
    assertError(await minowaAdmin.post(url, {}), 400, 'invalid_argument', ['granted']);
    assertError(await minowaAdmin.post(url, { granted: 'yes' }), 400, 'invalid_argument', ['granted']);
    assertError(await p.client.get('/api/v1/users'), 403);
  });

  test('granted by the region admin it applies at once; removed again; both audited', async () => {
    const p = await newProfessional();
    const url = `/api/v1/users/${p.id}/region-admin`;
    const granted = assertOk(await minowaAdmin.post(url, { granted: true }));
    assert.deepEqual(granted.roles, ['region_admin', 'member']);
    assert.ok((await allPages(p.client, '/api/v1/users')).every((u) => u.region_id === 'region-minowa'));
    assert.ok(await audited('user.region_admin_grant', `user:${p.id}`));
    // Granting again changes nothing.
    assert.deepEqual(assertOk(await minowaAdmin.post(url, { granted: true })).roles, ['region_admin', 'member']);

    // The new admin may remove their own role while another admin remains.
    const removed = assertOk(await p.client.post(url, { granted: false }));
    assert.deepEqual(removed.roles, ['member']);
    assertError(await p.client.get('/api/v1/users'), 403);
    assert.ok(await audited('user.region_admin_revoke', `user:${p.id}`));
  });

  test('the last region admin cannot be removed, by themselves or the system admin', async () => {
    const me = assertOk(await minowaAdmin.get('/api/v1/me'));
    assertError(await minowaAdmin.post(`/api/v1/users/${me.id}/region-admin`, { granted: false }), 409, 'last_region_admin');
    assertError(await admin.post(`/api/v1/users/${me.id}/region-admin`, { granted: false }), 409, 'last_region_admin');
    // Nor deactivated, which would leave the region without one just the same.
    assertError(await admin.post(`/api/v1/users/${me.id}/deactivate`, { reason: '異動のため' }), 409, 'last_region_admin');
    assertOk(await minowaAdmin.get('/api/v1/users?limit=1'));
  });

  test('the system admin grants it in any region; not to an inactive user or an account without region', async () => {
    const p = await newProfessional({ approver: inaAdmin, region_id: 'region-ina', organization_id: INA_CLINIC });
    assert.deepEqual(assertOk(await admin.post(`/api/v1/users/${p.id}/region-admin`, { granted: true })).roles, ['region_admin', 'member']);
    assertOk(await admin.post(`/api/v1/users/${p.id}/region-admin`, { granted: false }));

    const q = await newProfessional();
    assertOk(await minowaAdmin.post(`/api/v1/users/${q.id}/deactivate`, { reason: '退職のため' }));
    assertError(await minowaAdmin.post(`/api/v1/users/${q.id}/region-admin`, { granted: true }), 409, 'user_inactive');
    assertError(await admin.post('/api/v1/users/user-admin/region-admin', { granted: true }), 409, 'not_in_region');
  });
});
