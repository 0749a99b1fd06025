// Who may do what with a patient: the access matrix of every patient endpoint.
// Outside the care team a patient does not exist (404), whoever asks: a
// colleague of the same region, another region's staff, the region's own
// administrator (need-to-know) and the system administrator alike.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, allPages, registerPatient, addMembers, writePost } from './helpers.mjs';

let server;
let people;
let patient;
let post;
let spare; // ito's post that the matrix may withdraw

before(async () => {
  server = await startServer();
  const logins = ['admin', 'minowa-admin', 'ina-admin', 'kato', 'ito', 'sato', 'tanaka', 'ina-nurse-01'];
  const clients = await Promise.all(logins.map((l) => signIn(server, l)));
  people = Object.fromEntries(logins.map((l, i) => [l, clients[i]]));
  patient = await registerPatient(people.kato);
  await addMembers(people.kato, patient.id, 'user-ito', 'user-sato');
  post = await writePost(people.ito, patient.id, { body: 'アクセス確認用の記録' });
  spare = await writePost(people.ito, patient.id, { body: '取り下げ確認用の記録' });
});
after(async () => {
  await server?.stop();
});

const OUTSIDERS = [
  ['tanaka', 'a colleague of the same region who is not on the team'],
  ['ina-nurse-01', 'a professional of another region'],
  ['ina-admin', "another region's administrator"],
  ['minowa-admin', "the patient's region administrator, not on the team (need-to-know)"],
  ['admin', 'the system administrator'],
];

// Every endpoint about the patient, with a request that would succeed for the right member.
function endpoints() {
  const P = `/api/v1/patients/${patient.id}`;
  const X = `/api/v1/posts/${post.id}`;
  return [
    { name: 'GET patient', method: 'GET', path: P, member: 'ito', ok: 200 },
    { name: 'PATCH patient', method: 'PATCH', path: P, body: { address: '箕輪町木下3-3' }, member: 'ito', ok: 200 },
    { name: 'GET members', method: 'GET', path: `${P}/members`, member: 'sato', ok: 200 },
    { name: 'POST members', method: 'POST', path: `${P}/members`, body: { user_id: 'user-minowa-nurse-10', role: 'member' }, member: 'kato', ok: 201, notLead: 'ito', notLeadCode: 'team_manager_only' },
    { name: 'DELETE member', method: 'DELETE', path: `${P}/members/user-minowa-nurse-10`, member: 'kato', ok: 204, notLead: 'ito', notLeadCode: 'team_manager_only' },
    { name: 'PATCH member', method: 'PATCH', path: `${P}/members/user-sato`, body: { manages_team: false }, member: 'kato', ok: 200, notLead: 'ito' },
    { name: 'DELETE self (leave)', method: 'DELETE', path: null, self: true },
    { name: 'GET posts', method: 'GET', path: `${P}/posts`, member: 'sato', ok: 200 },
    { name: 'POST posts', method: 'POST', path: `${P}/posts`, body: { category: 'visit', body: '訪問しました' }, member: 'sato', ok: 201 },
    { name: 'GET post', method: 'GET', path: X, member: 'kato', ok: 200 },
    { name: 'PATCH post', method: 'PATCH', path: X, body: { body: 'アクセス確認用の記録（追記）' }, member: 'ito', ok: 200, notAuthor: 'sato' },
    { name: 'withdraw post', method: 'POST', path: `/api/v1/posts/${spare.id}/withdraw`, body: { reason: '重複' }, member: 'ito', ok: 200, notAuthor: 'kato' },
    { name: 'GET history', method: 'GET', path: `${X}/history`, member: 'sato', ok: 200 },
    { name: 'GET comments', method: 'GET', path: `${X}/comments`, member: 'sato', ok: 200 },
    { name: 'POST comments', method: 'POST', path: `${X}/comments`, body: { body: '了解しました' }, member: 'sato', ok: 201 },
    { name: 'POST read', method: 'POST', path: `${X}/read`, member: 'sato', ok: 200 },
    { name: 'GET reads', method: 'GET', path: `${X}/reads`, member: 'ito', ok: 200 },
    { name: 'withdraw consent', method: 'POST', path: `${P}/consent/withdraw`, body: { reason: '本人の希望' }, member: null, notLead: 'ito' },
  ];
}

// What the patient looks like to its lead: used to check that refused requests changed nothing.
async function snapshot() {
  const k = people.kato;
  return {
    patient: assertOk(await k.get(`/api/v1/patients/${patient.id}`)),
    team: assertOk(await k.get(`/api/v1/patients/${patient.id}/members`)).items.map((m) => `${m.user_id}:${m.role}`),
    posts: (await allPages(k, `/api/v1/patients/${patient.id}/posts`)).map((p) => ({ ...p, read_by_me: undefined })),
    reads: assertOk(await k.get(`/api/v1/posts/${post.id}/reads`)).items,
    history: assertOk(await k.get(`/api/v1/posts/${post.id}/history`)).items.length,
    comments: assertOk(await k.get(`/api/v1/posts/${post.id}/comments`)).items.length,
  };
}

describe('outside the care team, the patient does not exist', () => {
  for (const [login, who] of OUTSIDERS) {
    test(`${who} (${login}) gets 404 from every patient endpoint, and nothing changes`, async () => {
      const before = await snapshot();
      const c = people[login];
      for (const e of endpoints()) {
        const path = e.self ? `/api/v1/patients/${patient.id}/members/user-${login}` : e.path;
        const r = await c.request(e.method, path, { body: e.body });
        assertError(r, 404, 'not_found');
        assert.ok(!JSON.stringify(r.body).includes(patient.name), `${e.name} leaks nothing`);
      }
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('an outsider gets the same 404 for an existing patient as for one that never existed', async () => {
    const real = await people.tanaka.get(`/api/v1/patients/${patient.id}`);
    const none = await people.tanaka.get('/api/v1/patients/p-does-not-exist');
    assert.deepEqual(real.body, none.body);
    const realPost = await people.tanaka.get(`/api/v1/posts/${post.id}`);
    const nonePost = await people.tanaka.get('/api/v1/posts/post-does-not-exist');
    assert.deepEqual(realPost.body, nonePost.body);
  });

  test('signed out, every patient endpoint is 401', async () => {
    const before = await snapshot();
    for (const e of endpoints()) {
      const path = e.self ? `/api/v1/patients/${patient.id}/members/user-kato` : e.path;
      assertError(await anonymous(server).request(e.method, path, { body: e.body }), 401);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('outsiders do not find the patient in their lists or unread totals', async () => {
    for (const [login] of OUTSIDERS) {
      const items = await allPages(people[login], '/api/v1/patients');
      assert.ok(!items.some((p) => p.id === patient.id), login);
      assert.deepEqual(assertOk(await people[login].get('/api/v1/me/unread')), { unread_count: 0, urgent_unread_count: 0 });
    }
  });
});

describe('inside the care team', () => {
  test('a member who is not the lead (nor allowed to manage the team) gets 403 for adding or removing others, allowing managing and withdrawing consent', async () => {
    const before = await snapshot();
    for (const e of endpoints().filter((x) => x.notLead)) {
      assertError(await people[e.notLead].request(e.method, e.path, { body: e.body }), 403, e.notLeadCode ?? 'lead_only');
    }
    // Handing over the lead is the lead's too.
    assertError(await people.ito.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-ito', role: 'lead' }), 403, 'lead_only');
    assertError(await people.sato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-ito', role: 'lead' }), 403, 'lead_only');
    assert.deepEqual(await snapshot(), before);
  });

  test("a member who is not the author gets 403 for editing or withdrawing someone else's post", async () => {
    const before = await snapshot();
    for (const e of endpoints().filter((x) => x.notAuthor)) {
      assertError(await people[e.notAuthor].request(e.method, e.path, { body: e.body }), 403, 'author_only');
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('the right member succeeds at every endpoint', async () => {
    for (const e of endpoints().filter((x) => x.member)) {
      const r = await people[e.member].request(e.method, e.path, { body: e.body });
      assert.equal(r.status, e.ok, `${e.name} as ${e.member}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const team = assertOk(await people.sato.get(`/api/v1/patients/${patient.id}/members`)).items.map((m) => m.user_id);
    assert.deepEqual(team, ['user-kato', 'user-ito', 'user-sato']);
    // The member who is not the lead leaves by removing themself.
    assert.equal((await people.sato.delete(`/api/v1/patients/${patient.id}/members/user-sato`)).status, 204);
    assertError(await people.sato.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
  });

  test('the lead withdraws consent; afterwards the region admin may read but still not write', async () => {
    assertOk(await people.kato.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '本人の希望' }));
    const admin = people['minowa-admin'];
    for (const e of endpoints()) {
      const path = e.self ? `/api/v1/patients/${patient.id}/members/user-minowa-admin` : e.path;
      const r = await admin.request(e.method, path, { body: e.body });
      if (e.method === 'GET') assertOk(r);
      else assertError(r, 404, 'not_found');
    }
    for (const e of endpoints()) {
      const path = e.self ? `/api/v1/patients/${patient.id}/members/user-ito` : e.path;
      assertError(await people.ito.request(e.method, path, { body: e.body }), 404, 'not_found');
    }
  });
});
