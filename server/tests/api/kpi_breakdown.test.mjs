// The KPI dashboard's breakdowns, the whole deployment, editable targets and
// the resident satisfaction. Every number is checked against a count the test
// makes itself from what it created (posts and patients are moved to chosen
// times straight in the database), including the edges: a post at 23:59 on
// 31 March Japan time is in March of the old fiscal year, a deactivated
// professional and a patient whose consent was withdrawn stop counting.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, dbKind } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, allPages, registerPatient, addMembers, writePost, japanDate } from './helpers.mjs';

const JST = 9 * 3600 * 1000;
const at = (text) => Date.parse(text);

// Fiscal year and "YYYY-MM" of an instant, in Japan time.
function japanMonth(ms) {
  const d = new Date(ms + JST);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  return { fy: m >= 4 ? y : y - 1, month: `${y}-${String(m).padStart(2, '0')}` };
}
function monthsOf(fy) {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${i >= 9 ? fy + 1 : fy}-${String(m).padStart(2, '0')}`;
  });
}
// The instant a Japan-time month begins.
function monthBegin(month) {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y, m - 1, 1) - JST;
}
const thisFiscalYear = japanMonth(Date.now()).fy;

let server;
function sql(text) {
  const out = dbKind === 'postgres'
    ? execFileSync('psql', [server.db.url, '-tAc', text])
    : execFileSync('sqlite3', [server.db.url.slice('sqlite:'.length), text]);
  return out.toString().trim();
}

describe('KPI breakdowns and targets', () => {
  let admin;
  let minowaAdmin;
  let inaAdmin;
  let kato;
  let ito;
  let sato;
  const orgType = new Map();
  // What the test made: posts {at, region, profession, type}; patients {created, withdrawn, region}.
  const posts = [];
  const patients = [];

  before(async () => {
    server = await startServer();
    admin = await signIn(server, 'admin');
    minowaAdmin = await signIn(server, 'minowa-admin');
    inaAdmin = await signIn(server, 'ina-admin');
    kato = await signIn(server, 'kato');
    ito = await signIn(server, 'ito');
    sato = await signIn(server, 'sato');
    for (const o of await allPages(anonymous(server), '/api/v1/organizations')) orgType.set(o.id, o.type);
  });
  after(() => server.stop());

  async function me(client) {
    return assertOk(await client.get('/api/v1/me'));
  }

  // Writes a post as `author`, then moves it to `when` (ms) unless null.
  async function post(author, patient, when) {
    const p = await writePost(author, patient.id);
    if (when !== null) sql(`UPDATE posts SET created_at = ${when} WHERE id = '${p.id}'`);
    const a = await me(author);
    posts.push({ at: when ?? Date.parse(p.created_at), region: patient.region_id, profession: a.profession, type: orgType.get(a.organization_id) });
  }

  function expected(region, fy) {
    const inScope = (r) => region === 'all' || r === region;
    const now = Date.now();
    const yearPosts = posts.filter((p) => inScope(p.region) && japanMonth(p.at).fy === fy);
    const begin = monthBegin(`${fy}-04`);
    const end = monthBegin(`${fy + 1}-04`);
    const countAt = (t) => patients.filter((p) => inScope(p.region) && p.created < t && !(p.withdrawn !== null && p.withdrawn < t)).length;
    const months = monthsOf(fy).map((month) => {
      if (monthBegin(month) > now) return { month, posts: null, net_new_patients: null };
      const registered = patients.filter((p) => inScope(p.region) && japanMonth(p.created).month === month).length;
      const withdrawn = patients.filter((p) => inScope(p.region) && p.withdrawn !== null && japanMonth(p.withdrawn).month === month).length;
      return { month, posts: yearPosts.filter((p) => japanMonth(p.at).month === month).length, net_new_patients: registered - withdrawn };
    });
    const by = (key) => {
      const m = new Map();
      for (const p of yearPosts) m.set(p[key], (m.get(p[key]) ?? 0) + 1);
      return m;
    };
    return {
      posts: yearPosts.length,
      patients: countAt(Math.min(end, now)),
      patients_at_year_start: countAt(Math.min(begin, now)),
      months,
      byProfession: by('profession'),
      byType: by('type'),
    };
  }

  function checkPosts(kpi, want, what) {
    assert.equal(kpi.posts.actual, want.posts, `${what}: posts`);
    assert.equal(kpi.patients.actual, want.patients, `${what}: patients`);
    assert.equal(kpi.breakdown.patients_at_year_start, want.patients_at_year_start, `${what}: patients at year start`);
    assert.deepEqual(kpi.breakdown.months, want.months, `${what}: months`);
    for (const g of kpi.breakdown.by_profession) assert.equal(g.posts, want.byProfession.get(g.profession) ?? 0, `${what}: posts by ${g.profession}`);
    for (const g of kpi.breakdown.by_organization_type) assert.equal(g.posts, want.byType.get(g.organization_type) ?? 0, `${what}: posts by ${g.organization_type}`);
    assert.equal(kpi.breakdown.by_profession.reduce((s, g) => s + g.posts, 0), want.posts, `${what}: professions add up`);
  }

  test('posts and patients by month, profession and organisation type match an independent count', async () => {
    const katoMe = await me(kato);
    const p1 = await registerPatient(kato);
    const p2 = await registerPatient(kato);
    const p3 = await registerPatient(sato, { region_id: 'region-ina' });
    await addMembers(kato, p1.id, (await me(ito)).id, (await me(sato)).id);
    assert.ok(katoMe.id);

    await post(kato, p1, at('2025-04-01T00:00:00+09:00')); // FY2025, April (first instant)
    await post(ito, p1, at('2026-03-31T23:59:00+09:00')); // FY2025, March: the old year
    await post(ito, p1, at('2025-03-31T23:59:59+09:00')); // FY2024
    await post(sato, p1, at('2026-04-01T00:00:00+09:00')); // FY2026, April
    await post(ito, p1, at('2026-05-31T23:59:59+09:00')); // FY2026, May
    await post(kato, p1, null); // now
    await post(ito, p1, null);
    await post(sato, p3, null); // 伊那市

    sql(`UPDATE patients SET created_at = ${at('2025-05-10T10:00:00+09:00')} WHERE id = '${p1.id}'`);
    sql(`UPDATE patients SET created_at = ${at('2026-03-31T23:59:00+09:00')} WHERE id = '${p2.id}'`);
    assertOk(await kato.post(`/api/v1/patients/${p2.id}/consent/withdraw`, { reason: '本人の希望' }));
    sql(`UPDATE consents SET withdrawn_at = ${at('2026-04-15T12:00:00+09:00')} WHERE patient_id = '${p2.id}'`);
    const created3 = Number(sql(`SELECT created_at FROM patients WHERE id = '${p3.id}'`));
    patients.push({ created: at('2025-05-10T10:00:00+09:00'), withdrawn: null, region: 'region-minowa' });
    patients.push({ created: at('2026-03-31T23:59:00+09:00'), withdrawn: at('2026-04-15T12:00:00+09:00'), region: 'region-minowa' });
    patients.push({ created: created3, withdrawn: null, region: 'region-ina' });

    const years = [2024, 2025, thisFiscalYear];
    for (const fy of years) {
      checkPosts(assertOk(await minowaAdmin.get(`/api/v1/kpi?fiscal_year=${fy}`)), expected('region-minowa', fy), `箕輪町 FY${fy}`);
      checkPosts(assertOk(await admin.get(`/api/v1/kpi?region_id=region-ina&fiscal_year=${fy}`)), expected('region-ina', fy), `伊那市 FY${fy}`);
      const all = assertOk(await admin.get(`/api/v1/kpi?region_id=all&fiscal_year=${fy}`));
      assert.equal(all.region_id, 'all');
      checkPosts(all, expected('all', fy), `all FY${fy}`);
    }
    // The edges, spelled out.
    const fy2025 = assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2025'));
    assert.equal(fy2025.breakdown.months[11].month, '2026-03');
    assert.equal(fy2025.breakdown.months[11].posts, 1, 'the post at 23:59 on 31 March is in March of FY2025');
    assert.equal(fy2025.breakdown.months[11].net_new_patients, 1);
    assert.equal(fy2025.patients.actual, 2);
    const fy2026 = assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2026'));
    assert.equal(fy2026.breakdown.months[0].posts, 1, 'the post at 00:00 on 1 April is in April of FY2026');
    assert.equal(fy2026.breakdown.months[0].net_new_patients, -1, 'the withdrawn patient leaves in April');
    assert.equal(fy2026.breakdown.patients_at_year_start, 2);
    if (thisFiscalYear === 2026) {
      assert.equal(fy2026.patients.actual, 1, 'the patient whose consent was withdrawn stops counting');
      assert.equal(fy2026.breakdown.months[11].posts, null, 'a month that has not begun is null');
    }
    const nurse = fy2025.breakdown.by_profession.find((g) => g.profession === 'nurse');
    assert.equal(nurse.posts, 1);
    assert.equal(fy2025.breakdown.by_profession[0].profession, 'doctor', 'every profession, in the API order');
    assert.equal(fy2025.breakdown.by_profession.length, 15);
  });

  test('professionals by profession and organisation type match the users list; a deactivated one stops counting', async () => {
    async function expectedProfessionals(region) {
      const users = await allPages(admin, region === 'all' ? '/api/v1/users' : `/api/v1/users?region_id=${region}`);
      const active = users.filter((u) => u.organization_id && u.active);
      const byProfession = new Map();
      const byType = new Map();
      for (const u of active) {
        byProfession.set(u.profession, (byProfession.get(u.profession) ?? 0) + 1);
        const t = orgType.get(u.organization_id);
        byType.set(t, (byType.get(t) ?? 0) + 1);
      }
      return { total: active.length, byProfession, byType };
    }
    async function check(region, what) {
      const want = await expectedProfessionals(region);
      const kpi = assertOk(await admin.get(`/api/v1/kpi?region_id=${region}`));
      assert.equal(kpi.professionals.actual, want.total, `${what}: professionals`);
      for (const g of kpi.breakdown.by_profession) assert.equal(g.professionals, want.byProfession.get(g.profession) ?? 0, `${what}: ${g.profession}`);
      for (const g of kpi.breakdown.by_organization_type) assert.equal(g.professionals, want.byType.get(g.organization_type) ?? 0, `${what}: ${g.organization_type}`);
      return kpi;
    }
    const before = await check('region-minowa', '箕輪町');
    await check('all', 'all');
    assert.ok(before.professionals.actual >= 150);

    assertOk(await minowaAdmin.post('/api/v1/users/user-tanaka/deactivate', { reason: '退職' }));
    const afterDeactivation = await check('region-minowa', '箕輪町 after deactivation');
    await check('all', 'all after deactivation');
    assert.equal(afterDeactivation.professionals.actual, before.professionals.actual - 1, 'a deactivated professional stops counting');
    const worker = (k) => k.breakdown.by_profession.find((g) => g.profession === 'care_worker').professionals;
    assert.equal(worker(afterDeactivation), worker(before) - 1);
  });

  test('who may read the whole deployment', async () => {
    assertError(await anonymous(server).get('/api/v1/kpi?region_id=all'), 401);
    assertError(await ito.get('/api/v1/kpi?region_id=all'), 403);
    assertError(await minowaAdmin.get('/api/v1/kpi?region_id=all'), 403);
    assertError(await inaAdmin.get('/api/v1/kpi?region_id=all'), 403);
    assertOk(await admin.get('/api/v1/kpi?region_id=all'));
  });

  const targetsOf = async (region, fy) => {
    const k = assertOk(await admin.get(`/api/v1/kpi?region_id=${region}&fiscal_year=${fy}`));
    return Object.fromEntries(['posts', 'professionals', 'patients', 'professional_satisfaction', 'resident_satisfaction'].map((m) => [m, k[m].target]));
  };

  test('targets: the region\'s admin or a system admin sets and clears them, audited', async () => {
    const put = (client, body) => client.request('PUT', '/api/v1/kpi/targets', { body });
    const seed = await targetsOf('region-minowa', 2027);
    assert.equal(seed.posts, 600);

    assertError(await put(anonymous(server), { region_id: 'region-minowa', fiscal_year: 2027, targets: { posts: 1 } }), 401);
    assertError(await put(ito, { region_id: 'region-minowa', fiscal_year: 2027, targets: { posts: 1 } }), 403);
    assertError(await put(inaAdmin, { region_id: 'region-minowa', fiscal_year: 2027, targets: { posts: 1 } }), 403);
    assertError(await minowaAdmin.request('PUT', '/api/v1/kpi/targets', { body: { region_id: 'region-minowa', fiscal_year: 2027, targets: { posts: 1 } }, csrf: false }), 403);
    assert.deepEqual(await targetsOf('region-minowa', 2027), seed, 'refused requests change nothing');

    const saved = assertOk(await put(minowaAdmin, { region_id: 'region-minowa', fiscal_year: 2027, targets: { posts: 700, resident_satisfaction: 12.5, patients: null } }));
    assert.deepEqual(saved, {
      region_id: 'region-minowa', fiscal_year: 2027,
      targets: { posts: 700, professionals: 125, patients: null, professional_satisfaction: 70, resident_satisfaction: 12.5 },
    });
    assert.deepEqual(await targetsOf('region-minowa', 2027), saved.targets);
    const kpi = assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2027'));
    assert.equal(kpi.posts.target, 700);
    assert.equal(kpi.patients.target, null);

    // A system admin sets another region's, from nothing.
    const ina = assertOk(await put(admin, { region_id: 'region-ina', fiscal_year: 2027, targets: { posts: 100, professional_satisfaction: 60 } }));
    assert.equal(ina.targets.posts, 100);
    assert.equal(ina.targets.patients, null);

    const audit = await allPages(admin, '/api/v1/audit?action=kpi.target.set');
    assert.deepEqual(audit.map((r) => r.target).sort(), ['kpi:region-ina:2027', 'kpi:region-minowa:2027']);
    assert.ok(audit.some((r) => r.user_id === 'user-minowa-admin' || r.user_id?.includes('minowa')), 'the region admin is recorded');
  });

  test('targets: bad input is refused and changes nothing', async () => {
    const put = (body) => minowaAdmin.request('PUT', '/api/v1/kpi/targets', { body });
    const before2026 = await targetsOf('region-minowa', 2026);
    const base = { region_id: 'region-minowa', fiscal_year: 2026 };
    assertError(await put({ ...base, targets: { posts: -1 } }), 400, 'invalid_argument', ['targets.posts']);
    assertError(await put({ ...base, targets: { posts: 10.5 } }), 400, 'invalid_argument', ['targets.posts']);
    assertError(await put({ ...base, targets: { posts: '300' } }), 400, 'invalid_argument', ['targets.posts']);
    assertError(await put({ ...base, targets: { professional_satisfaction: 100.1 } }), 400, 'invalid_argument', ['targets.professional_satisfaction']);
    assertError(await put({ ...base, targets: { resident_satisfaction: -0.5, posts: 1 } }), 400, 'invalid_argument', ['targets.resident_satisfaction']);
    assertError(await put({ ...base, targets: { visits: 3 } }), 400, 'invalid_argument', ['targets.visits']);
    assertError(await put({ ...base, targets: {} }), 400, 'invalid_argument', ['targets']);
    assertError(await put({ ...base, targets: [300] }), 400, 'invalid_argument', ['targets']);
    assertError(await put({ ...base }), 400, 'invalid_argument', ['targets']);
    assertError(await put({ ...base, fiscal_year: 1999, targets: { posts: 1 } }), 400, 'invalid_argument', ['fiscal_year']);
    assertError(await put({ ...base, fiscal_year: '2026', targets: { posts: 1 } }), 400, 'invalid_argument', ['fiscal_year']);
    assertError(await put({ ...base, fiscal_year: 2026.5, targets: { posts: 1 } }), 400, 'invalid_argument', ['fiscal_year']);
    assertError(await put({ fiscal_year: 2026, targets: { posts: 1 } }), 400, 'invalid_argument', ['region_id']);
    assertError(await put({ ...base, region_id: 'all', targets: { posts: 1 } }), 400, 'invalid_argument', ['region_id']);
    assertError(await put({ ...base, targets: { posts: 1 }, note: 'x' }), 400, 'invalid_argument', ['note']);
    assertError(await admin.request('PUT', '/api/v1/kpi/targets', { body: { ...base, region_id: 'region-nowhere', targets: { posts: 1 } } }), 404);
    assert.deepEqual(await targetsOf('region-minowa', 2026), before2026);
  });

  test('resident satisfaction: entered by the region\'s admin or a system admin, shown with its source and date', async () => {
    const put = (client, body) => client.request('PUT', '/api/v1/kpi/resident-satisfaction', { body });
    const entry = { region_id: 'region-minowa', fiscal_year: 2025, percent: 11.2, source: '令和7年度 町民アンケート', surveyed_on: '2025-11-01' };
    assertError(await put(anonymous(server), entry), 401);
    assertError(await put(ito, entry), 403);
    assertError(await put(inaAdmin, entry), 403);
    assert.equal(assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2025')).resident_survey, null);

    const bad = [
      [{ percent: 100.5 }, 'percent'], [{ percent: -1 }, 'percent'], [{ percent: null }, 'percent'],
      [{ source: '' }, 'source'], [{ source: 'x'.repeat(201) }, 'source'],
      [{ surveyed_on: '2025-02-30' }, 'surveyed_on'], [{ surveyed_on: '2025/11/01' }, 'surveyed_on'],
      [{ surveyed_on: japanDate(2) }, 'surveyed_on'], [{ fiscal_year: 2101 }, 'fiscal_year'], [{ region_id: 'all' }, 'region_id'],
    ];
    for (const [change, field] of bad) {
      assertError(await put(minowaAdmin, { ...entry, ...change }), 400, 'invalid_argument', [field]);
    }
    assertError(await put(admin, { ...entry, region_id: 'region-nowhere' }), 404);
    assert.equal(assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2025')).resident_satisfaction.actual, null, 'nothing was stored');

    assert.deepEqual(assertOk(await put(minowaAdmin, entry)), entry);
    const kpi = assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2025'));
    assert.deepEqual(kpi.resident_satisfaction, { actual: 11.2, target: 9.1 });
    assert.deepEqual(kpi.resident_survey, { percent: 11.2, source: entry.source, surveyed_on: entry.surveyed_on });
    // Entered again, it replaces the year's figure.
    assertOk(await put(minowaAdmin, { ...entry, percent: 12, surveyed_on: '2026-01-20' }));
    assert.equal(assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2025')).resident_satisfaction.actual, 12);
    assertOk(await put(admin, { ...entry, region_id: 'region-ina', percent: 20, source: '市民意識調査' }));
    const audit = await allPages(admin, '/api/v1/audit?action=kpi.resident_satisfaction.set');
    assert.equal(audit.length, 3);
  });

  test('the whole deployment sums the regions\' count targets and averages satisfaction', async () => {
    const put = (body) => admin.request('PUT', '/api/v1/kpi/targets', { body });
    // FY2028: nobody has targets yet.
    let all = assertOk(await admin.get('/api/v1/kpi?region_id=all&fiscal_year=2028'));
    for (const m of ['posts', 'professionals', 'patients', 'professional_satisfaction', 'resident_satisfaction']) assert.equal(all[m].target, null, m);
    assertOk(await put({ region_id: 'region-minowa', fiscal_year: 2028, targets: { posts: 800, resident_satisfaction: 14 } }));
    assertOk(await put({ region_id: 'region-ina', fiscal_year: 2028, targets: { posts: 200, patients: 40, resident_satisfaction: 10 } }));
    all = assertOk(await admin.get('/api/v1/kpi?region_id=all&fiscal_year=2028'));
    assert.equal(all.posts.target, 1000);
    assert.equal(all.patients.target, 40);
    assert.equal(all.professionals.target, null);
    assert.equal(all.resident_satisfaction.target, 12);
    // FY2025: 箕輪町 12 and 伊那市 20 were entered above.
    const fy2025 = assertOk(await admin.get('/api/v1/kpi?region_id=all&fiscal_year=2025'));
    assert.equal(fy2025.resident_satisfaction.actual, 16);
    assert.equal(fy2025.resident_survey, null);
  });
});
