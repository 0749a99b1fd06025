// Regions, organisations and the users list.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, allPages } from './helpers.mjs';

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

describe('regions and organisations for the application form', () => {
  test('anyone lists the regions', async () => {
    const r = assertOk(await anonymous(server).get('/api/v1/regions'));
    assert.equal(r.next, null);
    const byId = Object.fromEntries(r.items.map((x) => [x.id, x]));
    assert.equal(byId['region-minowa'].name, '箕輪町');
    assert.equal(byId['region-ina'].name, '伊那市');
    assert.ok(byId['region-minamiminowa']);
    for (const region of r.items) {
      assert.equal(typeof region.id, 'string');
      assert.equal(typeof region.name, 'string');
    }
  });

  test('anyone lists organisations: id, name, type and region only', async () => {
    const r = assertOk(await anonymous(server).get('/api/v1/organizations'));
    assert.ok(Array.isArray(r.items));
    assert.ok(r.items.length > 0);
    for (const o of r.items) {
      assert.equal(typeof o.id, 'string');
      assert.equal(typeof o.name, 'string');
      assert.equal(typeof o.type, 'string');
      assert.equal(typeof o.region_id, 'string');
    }
    assert.ok('next' in r);
  });

  test('?region_id= keeps one region\'s organisations', async () => {
    const items = await allPages(anonymous(server), '/api/v1/organizations?region_id=region-ina');
    assert.ok(items.length > 0);
    assert.ok(items.every((o) => o.region_id === 'region-ina'));
    assert.ok(items.some((o) => o.id === 'org-ina-clinic-1'));
    const none = assertOk(await anonymous(server).get('/api/v1/organizations?region_id=region-atlantis'));
    assert.deepEqual(none, { items: [], next: null });
  });

  test('organisations page with limit and before: pages do not overlap and together are the whole list', async () => {
    const a = anonymous(server);
    const whole = await allPages(a, '/api/v1/organizations?region_id=region-minowa', 100);
    const paged = await allPages(a, '/api/v1/organizations?region_id=region-minowa', 7);
    assert.deepEqual(paged.map((o) => o.id), whole.map((o) => o.id));
    assert.equal(new Set(paged.map((o) => o.id)).size, paged.length);
    const first = assertOk(await a.get('/api/v1/organizations?region_id=region-minowa&limit=7'));
    assert.equal(first.items.length, 7);
    assert.equal(typeof first.next, 'string');
  });

  test('limit must be 1 to 100', async () => {
    const a = anonymous(server);
    for (const limit of ['0', '101', '-1', 'abc', '1.5', '']) {
      assertError(await a.get(`/api/v1/organizations?limit=${limit}`), 400, 'invalid_argument', ['limit']);
    }
    assert.equal(assertOk(await a.get('/api/v1/organizations?limit=100')).items.length <= 100, true);
    assert.equal(assertOk(await a.get('/api/v1/organizations?limit=1')).items.length, 1);
  });
});

describe('adding an organisation', () => {
  const org = (over = {}) => ({ name: '箕輪あさひ訪問看護ステーション', type: 'visiting_nurse_station', region_id: 'region-minowa', ...over });

  test('signed out 401, member 403, another region\'s admin 403', async () => {
    assertError(await anonymous(server).post('/api/v1/organizations', org()), 401);
    assertError(await kato.post('/api/v1/organizations', org()), 403, 'permission_denied');
    assertError(await inaAdmin.post('/api/v1/organizations', org({ name: '伊那から箕輪に作る' })), 403, 'permission_denied');
    const items = await allPages(anonymous(server), '/api/v1/organizations?region_id=region-minowa');
    assert.ok(!items.some((o) => o.name === '伊那から箕輪に作る'));
  });

  test('the region\'s admin adds one: 201 with the resource, and it is listed', async () => {
    const r = await minowaAdmin.post('/api/v1/organizations', org());
    const created = assertOk(r, 201);
    assert.equal(typeof created.id, 'string');
    assert.equal(created.name, '箕輪あさひ訪問看護ステーション');
    assert.equal(created.type, 'visiting_nurse_station');
    assert.equal(created.region_id, 'region-minowa');
    const items = await allPages(anonymous(server), '/api/v1/organizations?region_id=region-minowa');
    const listed = items.find((o) => o.id === created.id);
    assert.equal(listed.name, created.name);
    // Applicants can choose it at once.
    const apply = await anonymous(server).post('/api/v1/registrations', {
      name: '新規 職員', name_kana: 'シンキ ショクイン', profession: 'nurse', organization_id: created.id,
      region_id: 'region-minowa', email: 'new-staff@example.jp', login: 'new-staff-asahi', password: 'a-long-enough-password',
    });
    assertOk(apply, 202);
  });

  test('the system admin adds one in any region', async () => {
    const created = assertOk(await admin.post('/api/v1/organizations', org({ name: '伊那中央薬局 駅前店', type: 'pharmacy', region_id: 'region-ina' })), 201);
    assert.equal(created.region_id, 'region-ina');
    assert.equal(created.type, 'pharmacy');
  });

  test('a name is unique in its region, open or closed: 409 for another one and for a rename to it; another region may use it', async () => {
    const name = '箕輪みどり薬局';
    const first = assertOk(await minowaAdmin.post('/api/v1/organizations', org({ name, type: 'pharmacy' })), 201);
    assertError(await minowaAdmin.post('/api/v1/organizations', org({ name })), 409, 'organization_name_taken');
    const second = assertOk(await minowaAdmin.post('/api/v1/organizations', org({ name: `${name} 二号店`, type: 'pharmacy' })), 201);
    assertError(await minowaAdmin.patch(`/api/v1/organizations/${second.id}`, { name }), 409, 'organization_name_taken');
    assert.equal(assertOk(await minowaAdmin.patch(`/api/v1/organizations/${first.id}`, { name, type: 'clinic' })).type, 'clinic', 'its own name is no conflict');
    assertOk(await minowaAdmin.post(`/api/v1/organizations/${first.id}/close`, {}));
    assertError(await minowaAdmin.post('/api/v1/organizations', org({ name })), 409, 'organization_name_taken');
    assertOk(await admin.post('/api/v1/organizations', org({ name, region_id: 'region-ina' })), 201);
    const minowa = await allPages(admin, '/api/v1/organizations?region_id=region-minowa&include_closed=true');
    assert.deepEqual(minowa.filter((o) => o.name === name).map((o) => o.id), [first.id]);
    assert.equal(minowa.find((o) => o.id === second.id).name, `${name} 二号店`);
  });

  test('the same new name sent eight times at once: exactly one is added, the others get 409', async () => {
    const name = '同時に登録する事業所';
    const results = await Promise.all(Array.from({ length: 8 }, () => minowaAdmin.post('/api/v1/organizations', org({ name }))));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
    const items = await allPages(anonymous(server), '/api/v1/organizations?region_id=region-minowa');
    assert.equal(items.filter((o) => o.name === name).length, 1);
  });

  test('a bad type, an unknown region or missing fields are 400', async () => {
    assertError(await admin.post('/api/v1/organizations', org({ type: 'castle' })), 400, 'invalid_argument', ['type']);
    assertError(await admin.post('/api/v1/organizations', org({ region_id: 'region-atlantis' })), 400, 'invalid_argument', ['region_id']);
    assertError(await admin.post('/api/v1/organizations', {}), 400, 'invalid_argument', ['name', 'type', 'region_id']);
    assertError(await admin.post('/api/v1/organizations', org({ name: 'あ'.repeat(101) })), 400, 'invalid_argument', ['name']);
  });
});

describe('the users list', () => {
  test('signed out 401, member 403', async () => {
    assertError(await anonymous(server).get('/api/v1/users'), 401);
    assertError(await kato.get('/api/v1/users'), 403, 'permission_denied');
  });

  test('a region admin sees only their own region\'s people', async () => {
    const items = await allPages(minowaAdmin, '/api/v1/users');
    assert.ok(items.length > 100);
    assert.ok(items.every((u) => u.region_id === 'region-minowa'));
    assert.ok(items.some((u) => u.login === 'kato'));
    assert.ok(!items.some((u) => u.login === 'sato'));
    for (const u of items) {
      assert.equal(u.password_hash, undefined);
      assert.equal(typeof u.active, 'boolean');
    }
    assertOk(await minowaAdmin.get('/api/v1/users?region_id=region-minowa'));
  });

  test('a region admin asking for another region\'s people is refused with 403', async () => {
    assertError(await minowaAdmin.get('/api/v1/users?region_id=region-ina'), 403, 'permission_denied');
  });

  test('the system admin sees everyone, and can narrow to a region', async () => {
    const all = await allPages(admin, '/api/v1/users');
    for (const login of ['admin', 'kato', 'sato', 'ina-admin', 'minowa-admin']) assert.ok(all.some((u) => u.login === login), login);
    const ina = await allPages(admin, '/api/v1/users?region_id=region-ina');
    assert.ok(ina.length > 0);
    assert.ok(ina.every((u) => u.region_id === 'region-ina'));
    assert.ok(ina.some((u) => u.login === 'sato'));
  });

  test('q= finds people by kana, name or login', async () => {
    const byKana = await allPages(admin, `/api/v1/users?q=${encodeURIComponent('カトウ ケイコ')}`);
    assert.ok(byKana.some((u) => u.login === 'kato'));
    assert.ok(byKana.every((u) => u.name_kana.includes('カトウ ケイコ')));
    const byName = await allPages(admin, `/api/v1/users?q=${encodeURIComponent('佐藤 健一')}`);
    assert.ok(byName.some((u) => u.login === 'sato'));
    const byLogin = await allPages(minowaAdmin, '/api/v1/users?q=tanaka');
    assert.deepEqual(byLogin.map((u) => u.login), ['tanaka']);
    // A region admin's search stays in the region.
    assert.deepEqual(await allPages(minowaAdmin, `/api/v1/users?q=${encodeURIComponent('佐藤 健一')}`).then((x) => x.filter((u) => u.login === 'sato')), []);
  });

  test('q= treats % and _ as plain characters', async () => {
    assert.deepEqual(assertOk(await admin.get('/api/v1/users?q=%25')).items, []);
    const underscore = await allPages(admin, '/api/v1/users?q=_');
    assert.ok(underscore.every((u) => [u.login, u.name, u.name_kana].some((s) => s.includes('_'))));
  });

  test('users page with limit and before', async () => {
    const first = assertOk(await admin.get('/api/v1/users?limit=3'));
    assert.equal(first.items.length, 3);
    const second = assertOk(await admin.get(`/api/v1/users?limit=3&before=${encodeURIComponent(first.next)}`));
    assert.equal(second.items.length, 3);
    const ids = [...first.items, ...second.items].map((u) => u.id);
    assert.equal(new Set(ids).size, 6);
  });
});
