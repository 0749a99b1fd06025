// Care teams: adding and removing members across regions (広域連携), leaving,
// handing over the lead, and finding professionals to add.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, allPages, registerPatient, addMembers, writePost, inMyList, RFC3339_WITH_OFFSET } from './helpers.mjs';

let server;
let admin;
let minowaAdmin;
let inaAdmin;
let kato;
let ito;
let sato;
let tanaka;

before(async () => {
  server = await startServer();
  [admin, minowaAdmin, inaAdmin, kato, ito, sato, tanaka] = await Promise.all(
    ['admin', 'minowa-admin', 'ina-admin', 'kato', 'ito', 'sato', 'tanaka'].map((l) => signIn(server, l)),
  );
});
after(async () => {
  await server?.stop();
});

async function teamOf(client, patientId) {
  return assertOk(await client.get(`/api/v1/patients/${patientId}/members`)).items;
}

describe('building a care team', () => {
  let patient;
  before(async () => {
    patient = await registerPatient(kato);
  });

  test('the lead adds a nurse of the same region: 201 with the member', async () => {
    const r = await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-ito', role: 'member' });
    const m = assertOk(r, 201);
    assert.equal(m.user_id, 'user-ito');
    assert.equal(m.role, 'member');
    assert.equal(m.name, '伊藤 由美');
    assert.equal(m.profession, 'nurse');
    assert.equal(m.organization_id, 'org-minowa-visiting_nurse_station-1');
    assert.equal(m.region_id, 'region-minowa');
    assert.equal(typeof m.organization_name, 'string');
    assert.match(m.added_at, RFC3339_WITH_OFFSET);
    assertOk(await ito.get(`/api/v1/patients/${patient.id}`));
  });

  test('a doctor of another region (Ina) can be added and then sees the patient (広域連携)', async () => {
    assertError(await sato.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
    const m = assertOk(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-sato', role: 'member' }), 201);
    assert.equal(m.region_id, 'region-ina');
    assert.equal(m.region_name, '伊那市');
    assert.equal(m.profession, 'doctor');
    const p = assertOk(await sato.get(`/api/v1/patients/${patient.id}`));
    assert.equal(p.my_role, 'member');
    assert.equal(p.region_id, 'region-minowa');
    assert.ok(await inMyList(sato, patient.id));
  });

  test('every member lists the whole team: the lead first, in the documented shape', async () => {
    for (const c of [kato, ito, sato]) {
      const r = assertOk(await c.get(`/api/v1/patients/${patient.id}/members`));
      assert.equal(r.next, null);
      assert.deepEqual(r.items.map((m) => [m.user_id, m.role]), [['user-kato', 'lead'], ['user-ito', 'member'], ['user-sato', 'member']]);
      for (const m of r.items) {
        for (const key of ['user_id', 'role', 'name', 'profession', 'organization_id']) assert.ok(key in m, `member has ${key}`);
      }
    }
  });

  test('adding someone twice is 409 already_member', async () => {
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-ito', role: 'member' }), 409, 'already_member');
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-kato', role: 'member' }), 409, 'already_member');
    assert.equal((await teamOf(kato, patient.id)).length, 3);
  });

  test('adding someone who is no professional, or nobody, is 400 naming user_id', async () => {
    for (const user_id of ['user-admin', 'user-nobody', "user-' OR '1'='1", '']) {
      assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id, role: 'member' }), 400, 'invalid_argument', ['user_id']);
    }
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'boss' }), 400, 'invalid_argument', ['role']);
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 42, role: 'member' }), 400, 'invalid_argument', ['user_id']);
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'member', note: 'x' }), 400, 'invalid_argument', ['note']);
    assertError(await kato.request('POST', `/api/v1/patients/${patient.id}/members`, { raw: '{"user_id":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    assert.equal((await teamOf(kato, patient.id)).length, 3);
  });

  test('a member who is not the lead, unless allowed, cannot add or remove others (403 team_manager_only)', async () => {
    assertError(await ito.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'member' }), 403, 'team_manager_only');
    assertError(await ito.delete(`/api/v1/patients/${patient.id}/members/user-sato`), 403, 'team_manager_only');
    assertError(await ito.delete(`/api/v1/patients/${patient.id}/members/user-kato`), 403, 'team_manager_only');
    assertError(await ito.patch(`/api/v1/patients/${patient.id}/members/user-ito`, { manages_team: true }), 403, 'lead_only');
    assertError(await ito.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-ito', role: 'lead' }), 403, 'lead_only');
    assert.equal((await teamOf(kato, patient.id)).length, 3);
    assertError(await tanaka.get(`/api/v1/patients/${patient.id}`), 404);
  });

  test('someone not on the team cannot add themself (404)', async () => {
    assertError(await tanaka.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'member' }), 404, 'not_found');
    assertError(await minowaAdmin.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-minowa-admin', role: 'member' }), 404, 'not_found');
    assert.equal((await teamOf(kato, patient.id)).length, 3);
  });

  test('removing someone who is not on the team is 404', async () => {
    assertError(await kato.delete(`/api/v1/patients/${patient.id}/members/user-tanaka`), 404, 'not_found');
    assertError(await kato.delete(`/api/v1/patients/${patient.id}/members/user-nobody`), 404, 'not_found');
  });
});

describe('leaving, removal and handover', () => {
  let patient;
  before(async () => {
    patient = await registerPatient(kato);
    await addMembers(kato, patient.id, 'user-ito', 'user-sato', 'user-tanaka');
  });

  test('removing a member ends their access at once', async () => {
    const post = await writePost(ito, patient.id, { body: '退室前の確認：服薬カレンダーを更新' });
    assertOk(await tanaka.get(`/api/v1/patients/${patient.id}`));
    const found = await allPages(tanaka, `/api/v1/posts?q=${encodeURIComponent('服薬カレンダー')}`);
    assert.ok(found.some((p) => p.id === post.id), 'a member finds the post by search');
    const r = await kato.delete(`/api/v1/patients/${patient.id}/members/user-tanaka`);
    assert.equal(r.status, 204);
    assertError(await tanaka.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
    assertError(await tanaka.get(`/api/v1/patients/${patient.id}/posts`), 404, 'not_found');
    assertError(await tanaka.get(`/api/v1/posts/${post.id}`), 404, 'not_found');
    assertError(await tanaka.post(`/api/v1/posts/${post.id}/read`), 404, 'not_found');
    for (const path of ['history', 'reads', 'comments']) {
      assertError(await tanaka.get(`/api/v1/posts/${post.id}/${path}`), 404, 'not_found');
    }
    const after = await allPages(tanaka, `/api/v1/posts?q=${encodeURIComponent('服薬カレンダー')}`);
    assert.ok(!after.some((p) => p.id === post.id), 'a removed member no longer finds the post');
    assertError(await tanaka.post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: '離脱後' }), 404, 'not_found');
    assert.equal(await inMyList(tanaka, patient.id), undefined);
    assert.ok(!(await teamOf(kato, patient.id)).some((m) => m.user_id === 'user-tanaka'));
  });

  test('a member leaves the team by removing themself', async () => {
    assert.equal((await sato.delete(`/api/v1/patients/${patient.id}/members/user-sato`)).status, 204);
    assertError(await sato.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
    assert.deepEqual((await teamOf(kato, patient.id)).map((m) => m.user_id), ['user-kato', 'user-ito']);
  });

  test('the lead cannot leave before handing over (409 lead_must_hand_over)', async () => {
    assertError(await kato.delete(`/api/v1/patients/${patient.id}/members/user-kato`), 409, 'lead_must_hand_over');
    assert.equal((await teamOf(kato, patient.id))[0].role, 'lead');
  });

  test('handing the lead to someone not on the team is 400; to oneself 409', async () => {
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'lead' }), 400, 'invalid_argument', ['user_id']);
    const self = await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-kato', role: 'lead' });
    assert.equal(self.status, 409);
    assertError(self, 409);
  });

  test('the lead hands over to a member with role lead; then the old lead is a member and may leave', async () => {
    const m = assertOk(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-ito', role: 'lead' }), 201);
    assert.equal(m.user_id, 'user-ito');
    assert.equal(m.role, 'lead');
    const team = await teamOf(ito, patient.id);
    assert.deepEqual(team.map((x) => [x.user_id, x.role]), [['user-ito', 'lead'], ['user-kato', 'member']]);
    assert.equal(assertOk(await ito.get(`/api/v1/patients/${patient.id}`)).my_role, 'lead');
    assert.equal(assertOk(await kato.get(`/api/v1/patients/${patient.id}`)).my_role, 'member');
    // The old lead has lost the lead's powers.
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'member' }), 403, 'team_manager_only');
    assert.equal(team.find((x) => x.user_id === 'user-kato').manages_team, false);
    assertError(await kato.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: 'x' }), 403, 'lead_only');
    // The new lead may add and remove.
    await addMembers(ito, patient.id, 'user-sato');
    assert.equal((await ito.delete(`/api/v1/patients/${patient.id}/members/user-sato`)).status, 204);
    assert.equal((await kato.delete(`/api/v1/patients/${patient.id}/members/user-kato`)).status, 204);
    assertError(await kato.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
    assertError(await ito.delete(`/api/v1/patients/${patient.id}/members/user-ito`), 409, 'lead_must_hand_over');
  });

  test('the audit trail records the team changes', async () => {
    const records = await allPages(admin, `/api/v1/audit?patient_id=${patient.id}`);
    const actions = records.map((r) => `${r.action} ${r.user_id} ${r.target}`);
    for (const line of [
      'team.add user-kato user:user-tanaka',
      'team.remove user-kato user:user-tanaka',
      'team.leave user-sato user:user-sato',
      'team.hand_over_lead user-kato user:user-ito',
      'team.leave user-kato user:user-kato',
    ]) assert.ok(actions.includes(line), `${line} in ${JSON.stringify(actions)}`);
  });
});

describe('members the lead allows to manage the team', () => {
  let patient;
  before(async () => {
    patient = await registerPatient(kato);
    await addMembers(kato, patient.id, 'user-ito', 'user-sato');
  });

  test('the lead always manages; members do not until allowed', async () => {
    const team = await teamOf(ito, patient.id);
    assert.deepEqual(team.map((m) => [m.user_id, m.manages_team]), [['user-kato', true], ['user-ito', false], ['user-sato', false]]);
  });

  test('the lead allows a member (200 with the member); the member then adds and removes others', async () => {
    const m = assertOk(await kato.patch(`/api/v1/patients/${patient.id}/members/user-ito`, { manages_team: true }));
    assert.equal(m.user_id, 'user-ito');
    assert.equal(m.role, 'member');
    assert.equal(m.manages_team, true);
    const added = assertOk(await ito.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'member' }), 201);
    assert.equal(added.manages_team, false);
    assertOk(await tanaka.get(`/api/v1/patients/${patient.id}`));
    assert.equal((await ito.delete(`/api/v1/patients/${patient.id}/members/user-tanaka`)).status, 204);
    assertError(await tanaka.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
  });

  test('an allowed member cannot remove the lead, hand over the lead, or allow others', async () => {
    assertError(await ito.delete(`/api/v1/patients/${patient.id}/members/user-kato`), 403, 'cannot_remove_lead');
    assertError(await ito.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-sato', role: 'lead' }), 403, 'lead_only');
    assertError(await ito.patch(`/api/v1/patients/${patient.id}/members/user-sato`, { manages_team: true }), 403, 'lead_only');
    const team = await teamOf(kato, patient.id);
    assert.deepEqual(team.map((m) => [m.user_id, m.role, m.manages_team]), [
      ['user-kato', 'lead', true],
      ['user-ito', 'member', true],
      ['user-sato', 'member', false],
    ]);
  });

  test('the lead takes it back: the member is refused again at once', async () => {
    assert.equal(assertOk(await kato.patch(`/api/v1/patients/${patient.id}/members/user-ito`, { manages_team: false })).manages_team, false);
    assertError(await ito.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'member' }), 403, 'team_manager_only');
  });

  test('bad requests: not a member 404, the lead 409, wrong or missing field 400, outsiders 404, signed out 401', async () => {
    assertError(await kato.patch(`/api/v1/patients/${patient.id}/members/user-tanaka`, { manages_team: true }), 404, 'not_found');
    assertError(await kato.patch(`/api/v1/patients/${patient.id}/members/user-kato`, { manages_team: false }), 409, 'already_lead');
    assertError(await kato.patch(`/api/v1/patients/${patient.id}/members/user-ito`, { manages_team: 'yes' }), 400, 'invalid_argument', ['manages_team']);
    assertError(await kato.patch(`/api/v1/patients/${patient.id}/members/user-ito`, {}), 400, 'invalid_argument', ['manages_team']);
    assertError(await kato.patch(`/api/v1/patients/${patient.id}/members/user-ito`, { manages_team: true, role: 'lead' }), 400, 'invalid_argument', ['role']);
    assertError(await tanaka.patch(`/api/v1/patients/${patient.id}/members/user-ito`, { manages_team: true }), 404, 'not_found');
    assertError(await anonymous(server).patch(`/api/v1/patients/${patient.id}/members/user-ito`, { manages_team: true }), 401, 'unauthenticated');
    assert.equal((await teamOf(kato, patient.id)).find((m) => m.user_id === 'user-ito').manages_team, false);
  });

  test('the audit trail records allowing and taking back', async () => {
    const records = await allPages(admin, `/api/v1/audit?patient_id=${patient.id}`);
    const actions = records.map((r) => `${r.action} ${r.user_id} ${r.target}`);
    for (const line of ['team.allow_managing user-kato user:user-ito', 'team.add user-ito user:user-tanaka', 'team.remove user-ito user:user-tanaka', 'team.disallow_managing user-kato user:user-ito']) {
      assert.ok(actions.includes(line), `${line} in ${JSON.stringify(actions)}`);
    }
  });
});

describe('finding professionals to add', () => {
  test('q=佐藤 finds sato of Ina with organisation and region names, across regions', async () => {
    const items = await allPages(kato, `/api/v1/professionals?q=${encodeURIComponent('佐藤')}`);
    const found = items.find((p) => p.id === 'user-sato');
    assert.ok(found, JSON.stringify(items.map((p) => p.id)));
    assert.equal(found.name, '佐藤 健一');
    assert.equal(found.profession, 'doctor');
    assert.equal(found.region_id, 'region-ina');
    assert.equal(found.region_name, '伊那市');
    assert.equal(found.organization_id, 'org-ina-clinic-1');
    assert.equal(typeof found.organization_name, 'string');
    assert.ok(found.organization_name.length > 0);
    assert.ok(items.every((p) => p.name.includes('佐藤') || p.name_kana.includes('佐藤') || p.organization_name.includes('佐藤')));
    assert.ok(new Set(items.map((p) => p.region_id)).size > 1, 'more than one region');
    // Nothing private.
    assert.equal(found.email, undefined);
    assert.equal(found.login, undefined);
  });

  test('kana finds too; the system administrator is no professional and never listed', async () => {
    const items = await allPages(kato, `/api/v1/professionals?q=${encodeURIComponent('サトウ ケンイチ')}`);
    assert.ok(items.some((p) => p.id === 'user-sato'));
    const all = await allPages(kato, '/api/v1/professionals');
    assert.ok(!all.some((p) => p.id === 'user-admin'));
    assert.ok(all.some((p) => p.id === 'user-ito'));
  });

  test('filters by region and profession', async () => {
    const ina = await allPages(kato, '/api/v1/professionals?region_id=region-ina&profession=doctor');
    assert.ok(ina.length > 0);
    assert.ok(ina.every((p) => p.region_id === 'region-ina' && p.profession === 'doctor'));
    assert.ok(ina.some((p) => p.id === 'user-sato'));
  });

  test('SQL in q finds nothing and breaks nothing; a huge limit is 400; signed out 401', async () => {
    for (const q of ["' OR '1'='1", "佐藤'; DROP TABLE users; --", '%', '_']) {
      const r = assertOk(await kato.get(`/api/v1/professionals?q=${encodeURIComponent(q)}`));
      assert.ok(Array.isArray(r.items));
      // Quotes and LIKE wildcards are matched literally: no name holds them.
      assert.equal(r.items.length, 0, q);
    }
    assertError(await kato.get('/api/v1/professionals?limit=100000'), 400, 'invalid_argument', ['limit']);
    assertError(await kato.get(`/api/v1/professionals?q=${'あ'.repeat(101)}`), 400, 'invalid_argument', ['q']);
    assertOk(await kato.get(`/api/v1/professionals?q=${encodeURIComponent('あ'.repeat(100))}`));
    assertError(await kato.get('/api/v1/professionals?profession=wizard'), 400, 'invalid_argument', ['profession']);
    assertError(await anonymous(server).get(`/api/v1/professionals?q=${encodeURIComponent('佐藤')}`), 401);
  });
});
