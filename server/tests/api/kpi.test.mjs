// The town's KPIs (GET /api/v1/kpi): who may read them, and that the numbers
// match an independent count made through the API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk } from './helpers.mjs';

// The fiscal year (April-March, Japan time) that contains now.
function currentFiscalYear() {
  const japan = new Date(Date.now() + 9 * 3600 * 1000);
  return japan.getUTCMonth() >= 3 ? japan.getUTCFullYear() : japan.getUTCFullYear() - 1;
}

describe('KPIs', () => {
  let server;
  let minowaAdmin;
  let admin;
  before(async () => {
    server = await startServer();
    minowaAdmin = await signIn(server, 'minowa-admin');
    admin = await signIn(server, 'admin');
  });
  after(() => server.stop());

  test('signed out, a member and another region\'s admin may not read them', async () => {
    assertError(await anonymous(server).get('/api/v1/kpi'), 401);
    const ito = await signIn(server, 'ito');
    assertError(await ito.get('/api/v1/kpi'), 403);
    const inaAdmin = await signIn(server, 'ina-admin');
    assertError(await inaAdmin.get('/api/v1/kpi?region_id=region-minowa'), 403);
  });

  test('a region admin reads their region for the current year with the seed\'s targets', async () => {
    const kpi = assertOk(await minowaAdmin.get('/api/v1/kpi'));
    assert.equal(kpi.region_id, 'region-minowa');
    assert.equal(kpi.fiscal_year, currentFiscalYear());
    for (const key of ['posts', 'professionals', 'patients', 'professional_satisfaction', 'resident_satisfaction']) {
      assert.deepEqual(Object.keys(kpi[key]).sort(), ['actual', 'target'], key);
    }
    const fy2026 = assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2026'));
    assert.equal(fy2026.posts.target, 300);
    assert.equal(fy2026.professionals.target, 100);
    assert.equal(fy2026.patients.target, 150);
    assert.equal(fy2026.professional_satisfaction.target, 50);
    assert.equal(fy2026.resident_satisfaction.target, 10);
    assert.equal(assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2025')).resident_satisfaction.target, 9.1);
  });

  test('a system admin names the region; bad parameters are refused', async () => {
    assertError(await admin.get('/api/v1/kpi'), 400, 'invalid_argument', ['region_id']);
    assertOk(await admin.get('/api/v1/kpi?region_id=region-ina'));
    assertError(await admin.get('/api/v1/kpi?region_id=region-nowhere'), 404);
    assertError(await admin.get('/api/v1/kpi?region_id=region-ina&fiscal_year=abc'), 400, 'invalid_argument', ['fiscal_year']);
    assertError(await admin.get('/api/v1/kpi?region_id=region-ina&fiscal_year=1800'), 400, 'invalid_argument', ['fiscal_year']);
  });

  test('professionals match the active professionals of the region counted through the users list', async () => {
    let expected = 0;
    let before;
    do {
      const page = assertOk(await admin.get(`/api/v1/users?region_id=region-minowa&limit=100${before ? `&before=${before}` : ''}`));
      expected += page.items.filter((u) => u.organization_id && u.active).length;
      before = page.next;
    } while (before);
    const kpi = assertOk(await minowaAdmin.get('/api/v1/kpi'));
    assert.equal(kpi.professionals.actual, expected);
    assert.ok(expected >= 150, `the seed's 150 professionals of 箕輪町 (found ${expected})`);
  });

  test('new patients and posts in this year are counted', async () => {
    const before = assertOk(await minowaAdmin.get('/api/v1/kpi'));
    const kato = await signIn(server, 'kato');
    const patient = assertOk(
      await kato.post('/api/v1/patients', {
        name: '箕輪 花子', name_kana: 'ミノワ ハナコ', birth_date: '1938-05-02', sex: 'female', address: '',
        region_id: 'region-minowa', care_level: 'care_4',
        consent: { obtained_at: '2026-04-01', obtained_by: 'user-kato', scope: 'team', method: 'written' },
      }),
      201,
    );
    for (const body of ['朝食は半分', '夕方に微熱 37.4', '夜間よく眠れた']) {
      assertOk(await kato.post(`/api/v1/patients/${patient.id}/posts`, { category: 'observation', body, urgent: false }), 201);
    }
    const after = assertOk(await minowaAdmin.get('/api/v1/kpi'));
    assert.equal(after.posts.actual, before.posts.actual + 3);
    assert.equal(after.patients.actual, before.patients.actual + 1);
    const ina = assertOk(await admin.get('/api/v1/kpi?region_id=region-ina'));
    assert.equal(ina.posts.actual, 0, 'posts count for the patient\'s region only');

    assertOk(await kato.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '本人の希望' }));
    const withdrawn = assertOk(await minowaAdmin.get('/api/v1/kpi'));
    assert.equal(withdrawn.patients.actual, before.patients.actual, 'a withdrawn patient stops counting');
    assert.equal(withdrawn.posts.actual, before.posts.actual + 3, 'its posts of the year still count');
  });
});
