// Satisfaction surveys: a region admin writes and opens a survey, every
// professional of the region answers once, and results are shown only in
// aggregate (no answer tied to anyone, no group of fewer than 5 broken down).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, japanDate } from './helpers.mjs';

function currentFiscalYear() {
  const japan = new Date(Date.now() + 9 * 3600 * 1000);
  return japan.getUTCMonth() >= 3 ? japan.getUTCFullYear() : japan.getUTCFullYear() - 1;
}

const QUESTIONS = [
  { kind: 'scale', label: '多職種連携に満足していますか', overall: true },
  { kind: 'scale', label: '操作は分かりやすいですか' },
  { kind: 'text', label: 'ご意見' },
];

describe('satisfaction surveys', () => {
  let server;
  let minowaAdmin;
  let inaAdmin;
  let admin;
  let ito;
  let sato;
  const clients = new Map();
  // A signed-in demo professional (cached: sign-in costs an Argon2id hash).
  async function as(login) {
    if (!clients.has(login)) clients.set(login, await signIn(server, login));
    return clients.get(login);
  }

  before(async () => {
    server = await startServer();
    minowaAdmin = await signIn(server, 'minowa-admin');
    inaAdmin = await signIn(server, 'ina-admin');
    admin = await signIn(server, 'admin');
    ito = await signIn(server, 'ito');
    sato = await signIn(server, 'sato');
  });
  after(() => server.stop());

  async function createSurvey(by = minowaAdmin, extra = {}) {
    return assertOk(await by.post('/api/v1/surveys', { title: '連携アンケート', description: '匿名です', questions: QUESTIONS, ...extra }), 201);
  }
  async function openSurvey(by, id, opens = japanDate(0), closes = japanDate(14)) {
    return assertOk(await by.post(`/api/v1/surveys/${id}/open`, { opens_on: opens, closes_on: closes }));
  }
  function answersFor(survey, overall, other = 3, text) {
    const [q1, q2, q3] = survey.questions;
    const a = [{ question_id: q1.id, value: overall }, { question_id: q2.id, value: other }];
    if (text) a.push({ question_id: q3.id, text });
    return { answers: a };
  }

  test('only the region\'s admin or a system admin creates a survey, with one overall scale question', async () => {
    assertError(await anonymous(server).post('/api/v1/surveys', { title: 'x', questions: QUESTIONS }), 401);
    assertError(await ito.post('/api/v1/surveys', { title: 'x', questions: QUESTIONS }), 403);
    assertError(await inaAdmin.post('/api/v1/surveys', { title: 'x', region_id: 'region-minowa', questions: QUESTIONS }), 403);
    assertError(await admin.post('/api/v1/surveys', { title: 'x', questions: QUESTIONS }), 400, 'invalid_argument', ['region_id']);
    const bySystem = assertOk(await admin.post('/api/v1/surveys', { title: 'x', region_id: 'region-ina', questions: QUESTIONS }), 201);
    assert.equal(bySystem.region_id, 'region-ina');
    const noOverall = QUESTIONS.map((q) => ({ ...q, overall: false }));
    assertError(await minowaAdmin.post('/api/v1/surveys', { title: 'x', questions: noOverall }), 400, 'invalid_argument', ['questions']);
    assertError(await minowaAdmin.post('/api/v1/surveys', { title: 'x', questions: [{ kind: 'choice', label: 'a', overall: true }] }), 400, 'invalid_argument', ['questions']);
    assertError(await minowaAdmin.post('/api/v1/surveys', { title: '', questions: QUESTIONS }), 400, 'invalid_argument', ['title']);
    assertError(await minowaAdmin.post('/api/v1/surveys', { title: 'x', questions: QUESTIONS, secret: 1 }), 400, 'invalid_argument', ['secret']);

    const s = await createSurvey();
    assert.equal(s.status, 'draft');
    assert.equal(s.region_id, 'region-minowa');
    assert.equal(s.responses, 0);
    assert.deepEqual(s.questions.map((q) => [q.kind, q.overall]), [['scale', true], ['scale', false], ['text', false]]);
    // Who sees it: the region's admin and system admins; nobody else, and no professional while a draft.
    assertOk(await minowaAdmin.get(`/api/v1/surveys/${s.id}`));
    assertOk(await admin.get(`/api/v1/surveys/${s.id}`));
    assertError(await inaAdmin.get(`/api/v1/surveys/${s.id}`), 404);
    assertError(await ito.get(`/api/v1/surveys/${s.id}`), 404);
    assertError(await anonymous(server).get(`/api/v1/surveys/${s.id}`), 401);
    const list = assertOk(await minowaAdmin.get('/api/v1/surveys'));
    assert.ok(list.items.some((x) => x.id === s.id));
    assert.ok(list.items.every((x) => x.region_id === 'region-minowa'));
    assertError(await ito.get('/api/v1/surveys'), 403);
    assertError(await inaAdmin.get('/api/v1/surveys?region_id=region-minowa'), 403);
    assertError(await anonymous(server).get('/api/v1/surveys'), 401);
    // Editing: the region's admin only.
    assertError(await inaAdmin.patch(`/api/v1/surveys/${s.id}`, { title: '別' }), 404);
    assertError(await ito.patch(`/api/v1/surveys/${s.id}`, { title: '別' }), 403);
    const edited = assertOk(await minowaAdmin.patch(`/api/v1/surveys/${s.id}`, { title: '令和8年度 連携アンケート', questions: QUESTIONS.slice(0, 1) }));
    assert.equal(edited.title, '令和8年度 連携アンケート');
    assert.equal(edited.questions.length, 1);
  });

  test('opening takes a valid period; a professional answers once, even when sending twice at the same time', async () => {
    const s = await createSurvey();
    assertError(await ito.post(`/api/v1/surveys/${s.id}/open`, { opens_on: japanDate(0), closes_on: japanDate(7) }), 403);
    assertError(await inaAdmin.post(`/api/v1/surveys/${s.id}/open`, { opens_on: japanDate(0), closes_on: japanDate(7) }), 404);
    assertError(await minowaAdmin.post(`/api/v1/surveys/${s.id}/open`, { opens_on: '2026-02-30', closes_on: japanDate(7) }), 400, 'invalid_argument', ['opens_on']);
    assertError(await minowaAdmin.post(`/api/v1/surveys/${s.id}/open`, { opens_on: japanDate(0), closes_on: japanDate(-1) }), 400, 'invalid_argument', ['closes_on']);
    assertError(await minowaAdmin.post(`/api/v1/surveys/${s.id}/open`, { opens_on: japanDate(-10), closes_on: japanDate(-2) }), 400, 'invalid_argument', ['closes_on']);
    assertError(await minowaAdmin.post(`/api/v1/surveys/${s.id}/open`, { opens_on: japanDate(0), closes_on: japanDate(400) }), 400, 'invalid_argument', ['closes_on']);
    const opened = await openSurvey(minowaAdmin, s.id);
    assert.equal(opened.status, 'open');
    assert.equal(opened.accepting_answers, true);
    assertError(await minowaAdmin.post(`/api/v1/surveys/${s.id}/open`, { opens_on: japanDate(0), closes_on: japanDate(7) }), 409, 'survey_not_draft');

    // A professional of the region sees it in their list and the survey itself (without the response count).
    const mine = assertOk(await ito.get('/api/v1/me/surveys'));
    const item = mine.items.find((x) => x.id === s.id);
    assert.equal(item.answered, false);
    const seen = assertOk(await ito.get(`/api/v1/surveys/${s.id}`));
    assert.equal(seen.responses, null);
    assert.equal(seen.answered, false);

    // Bad answers change nothing.
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, { answers: [{ question_id: opened.questions[0].id, value: 4 }] }), 400, 'invalid_argument', ['answers']);
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 6)), 400, 'invalid_argument', ['answers[0].value']);
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 2.5)), 400, 'invalid_argument', ['answers[0].value']);
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, { answers: [{ question_id: 'nope', value: 4 }] }), 400, 'invalid_argument', ['answers[0].question_id']);
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, { answers: 'good' }), 400, 'invalid_argument', ['answers']);
    assert.equal(assertOk(await minowaAdmin.get(`/api/v1/surveys/${s.id}`)).responses, 0);

    // Who may not answer.
    assertError(await anonymous(server).post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 4)), 401);
    assertError(await sato.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 4)), 404);
    assertError(await inaAdmin.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 4)), 404);
    assertError(await admin.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 4)), 403);

    assertOk(await ito.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 4, 3, '便利です')), 201);
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 1)), 409, 'already_answered');
    assert.equal(assertOk(await ito.get(`/api/v1/surveys/${s.id}`)).answered, true);
    assert.equal(assertOk(await ito.get('/api/v1/me/surveys')).items.find((x) => x.id === s.id).answered, true);

    // Five requests at once from one person: exactly one is counted.
    const tanaka = await as('tanaka');
    const results = await Promise.all(Array.from({ length: 5 }, () => tanaka.post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 5))));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
    for (const r of results) if (r.status === 409) assertError(r, 409, 'already_answered');
    assert.equal(assertOk(await minowaAdmin.get(`/api/v1/surveys/${s.id}`)).responses, 2);

    // Questions are fixed once answered; the text may still change.
    assertError(await minowaAdmin.patch(`/api/v1/surveys/${s.id}`, { questions: QUESTIONS }), 409, 'survey_has_answers');
    assertOk(await minowaAdmin.patch(`/api/v1/surveys/${s.id}`, { description: '説明を直しました' }));

    // The audit record says who answered which survey, and nothing of what.
    const audit = assertOk(await minowaAdmin.get('/api/v1/audit?user_id=user-ito&action=survey.answer'));
    const rec = audit.items.find((r) => r.target === `survey:${s.id}`);
    assert.ok(rec, 'survey.answer is audited');
    assert.ok(!JSON.stringify(rec).includes('便利'));

    // Results: never to professionals; nothing while answers can still arrive.
    assertError(await ito.get(`/api/v1/surveys/${s.id}/results`), 403);
    assertError(await inaAdmin.get(`/api/v1/surveys/${s.id}/results`), 404);
    assertError(await anonymous(server).get(`/api/v1/surveys/${s.id}/results`), 401);
    const running = assertOk(await minowaAdmin.get(`/api/v1/surveys/${s.id}/results`));
    assert.equal(running.figures_shown, false);
    assert.equal(running.withheld_reason, 'still_open');
    // There is no way to read the answers themselves.
    assert.equal((await minowaAdmin.get(`/api/v1/surveys/${s.id}/answers`)).status, 405);
    assert.equal((await admin.get(`/api/v1/surveys/${s.id}/answers`)).status, 405);

    // Closed with 2 answers: only the count, no per-question figures and no texts.
    assertError(await ito.post(`/api/v1/surveys/${s.id}/close`, {}), 403);
    assertError(await inaAdmin.post(`/api/v1/surveys/${s.id}/close`, {}), 404);
    const closed = assertOk(await minowaAdmin.post(`/api/v1/surveys/${s.id}/close`, {}));
    assert.equal(closed.status, 'closed');
    assert.equal(closed.closes_on, japanDate(0));
    assertError(await minowaAdmin.post(`/api/v1/surveys/${s.id}/close`, {}), 409, 'survey_not_open');
    assertError(await minowaAdmin.patch(`/api/v1/surveys/${s.id}`, { title: 'x' }), 409, 'survey_closed');
    const few = assertOk(await minowaAdmin.get(`/api/v1/surveys/${s.id}/results`));
    assert.equal(few.responses, 2);
    assert.equal(few.figures_shown, false);
    assert.equal(few.withheld_reason, 'too_few_responses');
    for (const q of few.questions) {
      if (q.kind === 'scale') {
        assert.equal(q.figures, null);
        assert.deepEqual(q.by_profession, []);
      } else assert.equal(q.texts, null);
    }
    assertError(await (await as('suzuki')).post(`/api/v1/surveys/${s.id}/answers`, answersFor(opened, 4)), 404);
  });

  test('answers outside the period are refused', async () => {
    const s = await createSurvey();
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, answersFor(s, 4)), 404, undefined);
    await openSurvey(minowaAdmin, s.id, japanDate(1), japanDate(5));
    const seen = assertOk(await ito.get(`/api/v1/surveys/${s.id}`));
    assert.equal(seen.accepting_answers, false);
    assertError(await ito.post(`/api/v1/surveys/${s.id}/answers`, answersFor(s, 4)), 409, 'survey_not_open');
    assert.ok(!assertOk(await ito.get('/api/v1/me/surveys')).items.some((x) => x.id === s.id));
    assert.equal(assertOk(await minowaAdmin.get(`/api/v1/surveys/${s.id}`)).responses, 0);
  });

  test('results: totals from 5 answers, a breakdown only of groups of 5 or more, and nothing that names anyone', async () => {
    const s = await createSurvey();
    await openSurvey(minowaAdmin, s.id);
    // 6 nurses, 5 care managers, 2 doctors.
    const people = [
      ...[1, 2, 3, 4, 5, 6].map((n) => [`minowa-nurse-1${n}`, [5, 4, 4, 3, 2, 4][n - 1]]),
      ...[1, 2, 3, 4, 5].map((n) => [`minowa-care_manager-1${n}`, [4, 4, 5, 1, 3][n - 1]]),
      ['minowa-doctor-01', 2],
      ['minowa-doctor-02', 5],
    ];
    for (const [login, value] of people) {
      const c = await as(login);
      assertOk(await c.post(`/api/v1/surveys/${s.id}/answers`, answersFor(s, value, 3, value === 5 ? 'とても良い' : undefined)), 201);
    }
    assertOk(await minowaAdmin.post(`/api/v1/surveys/${s.id}/close`, {}));
    const r = assertOk(await minowaAdmin.get(`/api/v1/surveys/${s.id}/results`));
    assert.equal(r.responses, 13);
    assert.equal(r.figures_shown, true);
    assert.equal(r.min_group_size, 5);
    const [overall, second, text] = r.questions;
    assert.deepEqual(overall.figures.counts, [1, 2, 2, 5, 3]);
    assert.equal(overall.figures.answers, 13);
    assert.equal(overall.figures.satisfied_percent, 61.5);
    assert.equal(second.figures.mean, 3);
    // The 2 doctors cannot be shown, nor worked out as total minus the others:
    // the smallest shown group (care managers, 5) joins them.
    assert.deepEqual(overall.by_profession.map((g) => g.profession), ['nurse', null]);
    for (const g of overall.by_profession) assert.ok(g.figures.answers >= 5);
    assert.deepEqual(overall.by_profession[0].figures.counts, [0, 1, 1, 3, 1]);
    assert.deepEqual(text.texts, ['とても良い', 'とても良い', 'とても良い']);
    // No user id, login or name anywhere in the results.
    const json = JSON.stringify(r);
    assert.ok(!/user-|minowa-|"user_id"|"login"/.test(json), json);
    // Professionals still cannot read it.
    assertError(await (await as('minowa-nurse-11')).get(`/api/v1/surveys/${s.id}/results`), 403);
    // The system admin may.
    assert.equal(assertOk(await admin.get(`/api/v1/surveys/${s.id}/results`)).responses, 13);
  });

  test('the professional-satisfaction KPI is the satisfied share of finished surveys with 5 answers or more', async () => {
    // The demo's FY2025 survey of 箕輪町: 24 answers, half of them 4 or 5.
    assert.equal(assertOk(await minowaAdmin.get('/api/v1/kpi?fiscal_year=2025')).professional_satisfaction.actual, 50);
    const year = currentFiscalYear();
    const kpi = async () => assertOk(await admin.get(`/api/v1/kpi?region_id=region-ina&fiscal_year=${year}`)).professional_satisfaction.actual;
    assert.equal(await kpi(), null);
    const s = await createSurvey(inaAdmin);
    await openSurvey(inaAdmin, s.id);
    const values = { 'ina-nurse-01': 5, 'ina-nurse-02': 4, 'ina-nurse-03': 4, 'ina-care_worker-01': 2, 'ina-care_worker-02': 1 };
    for (const [login, v] of Object.entries(values)) assertOk(await (await as(login)).post(`/api/v1/surveys/${s.id}/answers`, answersFor(s, v)), 201);
    assert.equal(await kpi(), null, 'not while answers can still arrive');
    assertOk(await inaAdmin.post(`/api/v1/surveys/${s.id}/close`, {}));
    assert.equal(await kpi(), 60);
    // A finished survey with fewer than 5 answers is left out (its figures are never shown).
    const small = await createSurvey(inaAdmin);
    await openSurvey(inaAdmin, small.id);
    assertOk(await (await as('ina-doctor-01')).post(`/api/v1/surveys/${small.id}/answers`, answersFor(small, 1)), 201);
    assertOk(await inaAdmin.post(`/api/v1/surveys/${small.id}/close`, {}));
    assert.equal(await kpi(), 60);
    assert.equal(assertOk(await admin.get(`/api/v1/kpi?region_id=region-minowa&fiscal_year=${year - 5}`)).professional_satisfaction.actual, null);
  });
});
