// Registering patients with consent, their profile, the caller's patient list,
// and what withdrawing consent does.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import {
  assertError, assertOk, allPages, rawRequest, japanDate, patientForm, registerPatient, addMembers, writePost, inMyList,
  RFC3339_WITH_OFFSET,
} from './helpers.mjs';

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

const PATIENT_KEYS = [
  // API.md
  'id', 'name', 'name_kana', 'birth_date', 'sex', 'address', 'region_id', 'care_level', 'consent', 'unread_count',
  'last_post_at',
  // docs/openapi.yaml adds
  'status', 'my_role', 'urgent_unread_count', 'created_at',
].sort();

describe('registering a patient', () => {
  test('a care manager registers a patient with consent and becomes the lead (201, the patient itself)', async () => {
    const form = patientForm({ consent: { scope: 'team_and_family', method: 'verbal' } });
    const r = await kato.post('/api/v1/patients', form);
    const p = assertOk(r, 201);
    assert.deepEqual(Object.keys(p).sort(), PATIENT_KEYS);
    assert.equal(typeof p.id, 'string');
    assert.ok(p.id.length > 0);
    assert.equal(p.name, form.name);
    assert.equal(p.name_kana, 'ミノワ ハナコ');
    assert.equal(p.birth_date, '1938-05-12');
    assert.equal(p.sex, 'female');
    assert.equal(p.address, form.address);
    assert.equal(p.region_id, 'region-minowa');
    assert.equal(p.care_level, 'care_2');
    assert.deepEqual(p.consent, {
      obtained_at: '2025-01-15',
      obtained_by: 'user-kato',
      scope: 'team_and_family',
      method: 'verbal',
      document_attachment_id: null,
    });
    assert.equal(p.unread_count, 0);
    assert.equal(p.urgent_unread_count, 0);
    assert.equal(p.last_post_at, null);
    assert.equal(p.my_role, 'lead');
    assert.equal(p.status, 'active');
    assert.match(p.created_at, RFC3339_WITH_OFFSET);
    assert.match(p.created_at, /\+09:00$/);
    // The same patient is answered by GET, and the team is the caller alone, as lead.
    assert.deepEqual(assertOk(await kato.get(`/api/v1/patients/${p.id}`)), p);
    const team = assertOk(await kato.get(`/api/v1/patients/${p.id}/members`));
    assert.deepEqual(team.items.map((m) => [m.user_id, m.role]), [['user-kato', 'lead']]);
  });

  test('consent obtained by a colleague is recorded with the colleague as obtained_by', async () => {
    const p = assertOk(await kato.post('/api/v1/patients', patientForm({}, 'user-ito')), 201);
    assert.equal(p.consent.obtained_by, 'user-ito');
    assert.equal(p.my_role, 'lead');
  });

  test('every sex and care level of API.md is accepted', async () => {
    for (const sex of ['male', 'female', 'other', 'unknown']) {
      assert.equal((await registerPatient(kato, { sex })).sex, sex);
    }
    for (const care_level of ['support_1', 'support_2', 'care_1', 'care_3', 'care_4', 'care_5', 'not_certified', 'applying']) {
      assert.equal((await registerPatient(kato, { care_level })).care_level, care_level);
    }
  });

  test('without consent the registration is refused with 400 naming consent, and nothing is stored', async () => {
    const form = patientForm();
    delete form.consent;
    assertError(await kato.post('/api/v1/patients', form), 400, 'invalid_argument', ['consent']);
    assertError(await kato.post('/api/v1/patients', { ...form, consent: null }), 400, 'invalid_argument', ['consent']);
    assertError(await kato.post('/api/v1/patients', { ...form, consent: 'yes' }), 400, 'invalid_argument', ['consent']);
    assert.equal((await allPages(kato, '/api/v1/patients')).filter((p) => p.name === form.name).length, 0);
  });

  test('bad consent fields are each named as consent.<field>', async () => {
    const r = await kato.post('/api/v1/patients', patientForm({
      consent: { obtained_at: '2025-13-01', obtained_by: 'user-nobody', scope: 'everyone', method: 'telepathy' },
    }));
    assertError(r, 400, 'invalid_argument', ['consent.obtained_at', 'consent.obtained_by', 'consent.scope', 'consent.method']);
    const future = await kato.post('/api/v1/patients', patientForm({ consent: { obtained_at: japanDate(2) } }));
    assertError(future, 400, 'invalid_argument', ['consent.obtained_at']);
    const empty = await kato.post('/api/v1/patients', { ...patientForm(), consent: {} });
    assertError(empty, 400, 'invalid_argument', ['consent.obtained_at', 'consent.obtained_by', 'consent.scope', 'consent.method']);
    const extra = await kato.post('/api/v1/patients', patientForm({ consent: { signed_by_family: true } }));
    assertError(extra, 400, 'invalid_argument', ['consent.signed_by_family']);
    // The system administrator belongs to no organisation: not someone who obtains consent.
    assertError(await kato.post('/api/v1/patients', patientForm({}, 'user-admin')), 400, 'invalid_argument', ['consent.obtained_by']);
  });

  test('a consent document that is no upload of the caller is refused (attachments.test.mjs has the rest)', async () => {
    const r = await kato.post('/api/v1/patients', patientForm({ consent: { document_attachment_id: 'attachment-nowhere' } }));
    assertError(r, 400, 'invalid_argument', ['consent.document_attachment_id']);
  });

  test('bad sex, care level and birth dates are named', async () => {
    const r = await kato.post('/api/v1/patients', patientForm({ sex: 'f', care_level: 'care_6', birth_date: '2025-02-30' }));
    assertError(r, 400, 'invalid_argument', ['sex', 'care_level', 'birth_date']);
    for (const birth_date of [japanDate(1), '1938-5-12', '12/05/1938', '1800-01-01', '']) {
      assertError(await kato.post('/api/v1/patients', patientForm({ birth_date })), 400, 'invalid_argument', ['birth_date']);
    }
    assertOk(await kato.post('/api/v1/patients', patientForm({ birth_date: japanDate(0) })), 201);
  });

  test('missing fields are each named; the region must exist', async () => {
    const r = await kato.post('/api/v1/patients', { consent: patientForm().consent });
    assertError(r, 400, 'invalid_argument', ['name', 'name_kana', 'birth_date', 'sex', 'region_id', 'care_level']);
    assertError(await kato.post('/api/v1/patients', patientForm({ region_id: 'region-atlantis' })), 400, 'invalid_argument', ['region_id']);
    assertError(await kato.post('/api/v1/patients', patientForm({ name_kana: 'minowa' })), 400, 'invalid_argument', ['name_kana']);
  });

  test('an unknown field is 400 naming it', async () => {
    assertError(await kato.post('/api/v1/patients', patientForm({ diagnosis: '認知症' })), 400, 'invalid_argument', ['diagnosis']);
  });

  test('wrong types and malformed JSON are 400', async () => {
    const r = await kato.post('/api/v1/patients', patientForm({ name: 42, sex: ['female'], care_level: { x: 1 } }));
    assertError(r, 400, 'invalid_argument', ['name', 'sex', 'care_level']);
    const typed = await kato.post('/api/v1/patients', patientForm({ consent: { obtained_at: 20250115, scope: true } }));
    assertError(typed, 400, 'invalid_argument', ['consent.obtained_at', 'consent.scope']);
    assertError(await kato.request('POST', '/api/v1/patients', { raw: '{"name": "x", ', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    assertError(await kato.request('POST', '/api/v1/patients', { raw: '[]', headers: { 'content-type': 'application/json' } }), 400);
  });

  test('signed out is 401; without the CSRF token 403', async () => {
    assertError(await anonymous(server).post('/api/v1/patients', patientForm()), 401);
    assertError(await kato.request('POST', '/api/v1/patients', { body: patientForm(), csrf: false }), 403, 'csrf_failed');
  });

  test('the system administrator, who belongs to no organisation, cannot register a patient (403)', async () => {
    assertError(await admin.post('/api/v1/patients', patientForm({}, 'user-kato')), 403, 'permission_denied');
  });

  test('SQL in the name and address is stored as text', async () => {
    const name = "山田'); DROP TABLE patients; --";
    const p = await registerPatient(kato, { name, address: "' OR '1'='1" });
    assert.equal(p.name, name);
    assert.equal(assertOk(await kato.get(`/api/v1/patients/${p.id}`)).address, "' OR '1'='1");
  });
});

describe('the patient profile', () => {
  let patient;
  before(async () => {
    patient = await registerPatient(kato);
    await addMembers(kato, patient.id, 'user-ito');
  });

  test('a member who is not the lead reads the profile with my_role member', async () => {
    const p = assertOk(await ito.get(`/api/v1/patients/${patient.id}`));
    assert.equal(p.my_role, 'member');
    assert.equal(p.name, patient.name);
  });

  test('any member changes the profile; only the fields sent change', async () => {
    const p = assertOk(await ito.patch(`/api/v1/patients/${patient.id}`, { care_level: 'care_3', address: '箕輪町松島2-2' }));
    assert.equal(p.care_level, 'care_3');
    assert.equal(p.address, '箕輪町松島2-2');
    assert.equal(p.name, patient.name);
    assert.equal(p.birth_date, patient.birth_date);
    assert.deepEqual(p.consent, patient.consent);
    assert.equal(assertOk(await kato.get(`/api/v1/patients/${patient.id}`)).care_level, 'care_3');
  });

  test('bad changes are named and change nothing', async () => {
    const r = await ito.patch(`/api/v1/patients/${patient.id}`, { sex: 'x', birth_date: '2025-02-30', region_id: 'region-ina' });
    assertError(r, 400, 'invalid_argument', ['region_id']);
    const r2 = await ito.patch(`/api/v1/patients/${patient.id}`, { sex: 'x', birth_date: '2025-02-30' });
    assertError(r2, 400, 'invalid_argument', ['sex', 'birth_date']);
    const p = assertOk(await kato.get(`/api/v1/patients/${patient.id}`));
    assert.equal(p.sex, 'female');
    assert.equal(p.birth_date, '1938-05-12');
  });

  test('outsiders get 404 for the profile and cannot change it', async () => {
    for (const c of [tanaka, sato, minowaAdmin, inaAdmin, admin]) {
      assertError(await c.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
      assertError(await c.patch(`/api/v1/patients/${patient.id}`, { address: 'x' }), 404, 'not_found');
    }
    assertError(await anonymous(server).get(`/api/v1/patients/${patient.id}`), 401);
    assert.notEqual(assertOk(await kato.get(`/api/v1/patients/${patient.id}`)).address, 'x');
  });

  test('an unknown id and path tricks are a JSON 404', async () => {
    assertError(await kato.get('/api/v1/patients/no-such-patient'), 404, 'not_found');
    assertError(await kato.get(`/api/v1/patients/${'x'.repeat(5000)}`), 404);
    for (const path of [
      '/api/v1/patients/..%2F..%2Fetc',
      '/api/v1/patients/..%2F..%2Fetc%2Fpasswd',
      `/api/v1/patients/${patient.id}%2F..%2F..`,
      '/api/v1/patients/%2e%2e',
      "/api/v1/patients/'%20OR%20'1'='1",
    ]) {
      const r = await rawRequest(server.base, 'GET', path, { headers: { cookie: kato.cookie } });
      assert.ok([400, 404].includes(r.status), `${path}: ${r.status}`);
      const body = JSON.parse(r.text);
      assert.equal(typeof body.error.code, 'string');
      assert.ok(!r.text.includes('root:'));
    }
  });
});

describe("the caller's patient list", () => {
  let p1;
  let p2;
  let p3;
  let lister;
  before(async () => {
    // A care manager with no patients yet, so the list is exactly what this describes.
    lister = await signIn(server, 'minowa-care_manager-03');
    p1 = await registerPatient(lister);
    p2 = await registerPatient(lister);
    p3 = await registerPatient(lister);
  });

  test('lists only my patients, each in the patient shape', async () => {
    const items = await allPages(lister, '/api/v1/patients');
    assert.deepEqual(items.map((p) => p.id).sort(), [p1.id, p2.id, p3.id].sort());
    for (const p of items) {
      assert.deepEqual(Object.keys(p).sort(), PATIENT_KEYS);
      assert.equal(p.my_role, 'lead');
      assert.equal(p.status, 'active');
    }
    assert.equal(await inMyList(tanaka, p1.id), undefined);
    assert.equal(await inMyList(minowaAdmin, p1.id), undefined);
    assert.equal(await inMyList(admin, p1.id), undefined);
  });

  test('most recent activity first: registration, then the latest post', async () => {
    let ids = (await allPages(lister, '/api/v1/patients')).map((p) => p.id);
    assert.deepEqual(ids, [p3.id, p2.id, p1.id]);
    const post = await writePost(lister, p1.id);
    ids = (await allPages(lister, '/api/v1/patients')).map((p) => p.id);
    assert.deepEqual(ids, [p1.id, p3.id, p2.id]);
    const first = (await allPages(lister, '/api/v1/patients'))[0];
    assert.equal(first.last_post_at, post.created_at);
    await writePost(lister, p2.id);
    ids = (await allPages(lister, '/api/v1/patients')).map((p) => p.id);
    assert.deepEqual(ids, [p2.id, p1.id, p3.id]);
  });

  test('pages with limit and next, without gaps or repeats', async () => {
    const whole = (await allPages(lister, '/api/v1/patients')).map((p) => p.id);
    const r1 = assertOk(await lister.get('/api/v1/patients?limit=1'));
    assert.equal(r1.items.length, 1);
    assert.equal(typeof r1.next, 'string');
    const r2 = assertOk(await lister.get(`/api/v1/patients?limit=1&before=${encodeURIComponent(r1.next)}`));
    const r3 = assertOk(await lister.get(`/api/v1/patients?limit=1&before=${encodeURIComponent(r2.next)}`));
    assert.equal(r3.next, null);
    assert.deepEqual([...r1.items, ...r2.items, ...r3.items].map((p) => p.id), whole);
    const r = assertOk(await lister.get('/api/v1/patients?limit=2'));
    assert.equal(r.items.length, 2);
    assert.deepEqual(assertOk(await lister.get('/api/v1/patients?limit=3')).next, null);
  });

  test('a bad limit or cursor is 400; signed out is 401', async () => {
    for (const limit of ['0', '101', '1000000', '99999999999999999999', 'abc', '-1', '1.5']) {
      assertError(await lister.get(`/api/v1/patients?limit=${limit}`), 400, 'invalid_argument', ['limit']);
    }
    for (const before of ["' OR 1=1 --", 'abc', '1;DROP TABLE patients']) {
      const r = await lister.get(`/api/v1/patients?before=${encodeURIComponent(before)}`);
      assert.ok([200, 400].includes(r.status), `${before}: ${r.status}`);
      if (r.status === 400) assertError(r, 400, 'invalid_argument', ['before']);
    }
    assertError(await anonymous(server).get('/api/v1/patients'), 401);
  });
});

describe('withdrawing consent', () => {
  let patient;
  let post;
  let inaNurse;
  before(async () => {
    inaNurse = await signIn(server, 'ina-nurse-01');
    patient = await registerPatient(kato);
    await addMembers(kato, patient.id, 'user-ito', 'user-sato');
    post = await writePost(ito, patient.id, { body: '同意撤回の前の記録', urgent: true });
    assertOk(await kato.post(`/api/v1/posts/${post.id}/read`));
  });

  test('a member who is not the lead cannot withdraw (403), outsiders get 404, signed out 401', async () => {
    assertError(await ito.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '本人の希望' }), 403, 'lead_only');
    for (const c of [tanaka, minowaAdmin, inaAdmin, admin, inaNurse]) {
      assertError(await c.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '本人の希望' }), 404, 'not_found');
    }
    assertError(await anonymous(server).post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '本人の希望' }), 401);
    assert.equal(assertOk(await kato.get(`/api/v1/patients/${patient.id}`)).status, 'active');
  });

  test('a reason is required', async () => {
    assertError(await kato.post(`/api/v1/patients/${patient.id}/consent/withdraw`, {}), 400, 'invalid_argument', ['reason']);
    assertError(await kato.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '' }), 400, 'invalid_argument', ['reason']);
    assert.equal(assertOk(await kato.get(`/api/v1/patients/${patient.id}`)).status, 'active');
  });

  test('the lead withdraws consent: 200 with status withdrawn', async () => {
    const unreadBefore = assertOk(await sato.get('/api/v1/me/unread'));
    const p = assertOk(await kato.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '本人の希望により' }));
    assert.equal(p.id, patient.id);
    assert.equal(p.status, 'withdrawn');
    // The withdrawn patient's unread post no longer counts for sato.
    const unreadAfter = assertOk(await sato.get('/api/v1/me/unread'));
    assert.equal(unreadAfter.unread_count, unreadBefore.unread_count - 1);
    assert.equal(unreadAfter.urgent_unread_count, unreadBefore.urgent_unread_count - 1);
  });

  test('every member, the lead included, then gets 404 for the patient and everything about it', async () => {
    for (const c of [kato, ito, sato]) {
      assertError(await c.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
      assertError(await c.get(`/api/v1/patients/${patient.id}/posts`), 404, 'not_found');
      assertError(await c.get(`/api/v1/patients/${patient.id}/members`), 404, 'not_found');
      assertError(await c.get(`/api/v1/posts/${post.id}`), 404, 'not_found');
      assertError(await c.get(`/api/v1/posts/${post.id}/history`), 404, 'not_found');
      assertError(await c.get(`/api/v1/posts/${post.id}/reads`), 404, 'not_found');
      assertError(await c.get(`/api/v1/posts/${post.id}/comments`), 404, 'not_found');
      assertError(await c.post(`/api/v1/posts/${post.id}/read`), 404, 'not_found');
      assertError(await c.post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: 'x' }), 404, 'not_found');
      assertError(await c.patch(`/api/v1/patients/${patient.id}`, { address: 'x' }), 404, 'not_found');
      assert.equal(await inMyList(c, patient.id), undefined);
    }
    assertError(await ito.patch(`/api/v1/posts/${post.id}`, { body: '撤回後の編集' }), 404, 'not_found');
    assertError(await kato.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-tanaka', role: 'member' }), 404, 'not_found');
  });

  test('withdrawing twice: the lead no longer sees the patient, so it is 404', async () => {
    assertError(await kato.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: 'もう一度' }), 404, 'not_found');
  });

  test("the region's administrator still reads the patient and its posts, read-only", async () => {
    const p = assertOk(await minowaAdmin.get(`/api/v1/patients/${patient.id}`));
    assert.equal(p.status, 'withdrawn');
    assert.equal(p.my_role, null);
    assert.equal(p.name, patient.name);
    const timeline = assertOk(await minowaAdmin.get(`/api/v1/patients/${patient.id}/posts`));
    assert.deepEqual(timeline.items.map((x) => x.id), [post.id]);
    assert.equal(timeline.items[0].body, '同意撤回の前の記録');
    assertOk(await minowaAdmin.get(`/api/v1/posts/${post.id}`));
    assert.equal(assertOk(await minowaAdmin.get(`/api/v1/posts/${post.id}/history`)).items.length, 1);
    assert.deepEqual(assertOk(await minowaAdmin.get(`/api/v1/posts/${post.id}/reads`)).items.map((r) => r.user_id), ['user-kato']);
    assertOk(await minowaAdmin.get(`/api/v1/patients/${patient.id}/members`));
    // The system administrator may read too; another region's administrator may not.
    assert.equal(assertOk(await admin.get(`/api/v1/patients/${patient.id}`)).status, 'withdrawn');
    assertError(await inaAdmin.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
    assertError(await inaAdmin.get(`/api/v1/posts/${post.id}`), 404, 'not_found');
    assertError(await tanaka.get(`/api/v1/patients/${patient.id}`), 404, 'not_found');
  });

  test('the administrator cannot write: posting, commenting, marking read, editing and team changes are 404 and store nothing', async () => {
    assertError(await minowaAdmin.post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: '管理者の投稿' }), 404, 'not_found');
    assertError(await minowaAdmin.post(`/api/v1/posts/${post.id}/comments`, { body: '管理者のコメント' }), 404, 'not_found');
    assertError(await minowaAdmin.post(`/api/v1/posts/${post.id}/read`), 404, 'not_found');
    assertError(await minowaAdmin.patch(`/api/v1/patients/${patient.id}`, { address: 'x' }), 404, 'not_found');
    assertError(await minowaAdmin.post(`/api/v1/patients/${patient.id}/members`, { user_id: 'user-minowa-admin', role: 'member' }), 404, 'not_found');
    assertError(await minowaAdmin.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: 'x' }), 404, 'not_found');
    assertError(await admin.post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: '管理者の投稿' }), 404, 'not_found');
    const timeline = assertOk(await minowaAdmin.get(`/api/v1/patients/${patient.id}/posts`));
    assert.equal(timeline.items.length, 1);
    assert.equal(timeline.items[0].comment_count, 0);
    assert.equal(timeline.items[0].read_count, 1);
    assert.notEqual(assertOk(await minowaAdmin.get(`/api/v1/patients/${patient.id}`)).address, 'x');
    const team = assertOk(await minowaAdmin.get(`/api/v1/patients/${patient.id}/members`));
    assert.deepEqual(team.items.map((m) => m.user_id).sort(), ['user-ito', 'user-kato', 'user-sato']);
  });

  test('the audit trail keeps the whole story, with the right user and patient', async () => {
    const records = await allPages(admin, `/api/v1/audit?patient_id=${patient.id}`);
    assert.ok(records.every((r) => r.patient_id === patient.id));
    const has = (action, userId) => records.some((r) => r.action === action && r.user_id === userId);
    for (const [action, userId] of [
      ['patient.create', 'user-kato'],
      ['team.add', 'user-kato'],
      ['post.create', 'user-ito'],
      ['post.mark_read', 'user-kato'],
      ['patient.read', 'user-kato'],
      ['consent.withdraw', 'user-kato'],
      ['patient.read', 'user-minowa-admin'],
      ['post.list', 'user-minowa-admin'],
      ['post.history', 'user-minowa-admin'],
      ['post.reads', 'user-minowa-admin'],
    ]) {
      assert.ok(has(action, userId), `audit has ${action} by ${userId}: ${JSON.stringify(records.map((r) => [r.action, r.user_id]))}`);
    }
    const create = records.find((r) => r.action === 'post.create');
    assert.equal(create.target, `post:${post.id}`);
    for (const r of records) assert.match(r.at, RFC3339_WITH_OFFSET);
    // Refused attempts after the withdrawal left no record of access by the
    // former members, only records of the refusal (patient.denied).
    const withdrawnAt = records.find((r) => r.action === 'consent.withdraw').at;
    assert.ok(!records.some((r) => r.at > withdrawnAt && ['user-ito', 'user-sato'].includes(r.user_id) && r.action !== 'patient.denied'));
    // The region admin reads the same trail for the patient of the region.
    const regional = await allPages(minowaAdmin, `/api/v1/audit?patient_id=${patient.id}`);
    assert.ok(regional.some((r) => r.action === 'consent.withdraw'));
  });
});
