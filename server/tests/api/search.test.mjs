// Japanese full-text search across the caller's patients (GET /api/v1/posts?q=):
// it finds substrings of any length, and never anything outside the caller's teams.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, registerPatient, addMembers, writePost } from './helpers.mjs';

let server;
let kato;
let ito;
let tanaka;
let mine;
let other;

before(async () => {
  server = await startServer();
  kato = await signIn(server, 'kato');
  ito = await signIn(server, 'ito');
  tanaka = await signIn(server, 'tanaka');
  mine = await registerPatient(kato, { name: '箕輪 花子', name_kana: 'ミノワ ハナコ' });
  await addMembers(kato, mine.id, 'user-ito');
  await writePost(ito, mine.id, { category: 'vitals', body: '血圧 142/88、昨夜よく眠れたとのこと' });
  await writePost(ito, mine.id, { body: '褥瘡の処置をしました。仙骨部に発赤あり' });
  await writePost(kato, mine.id, { body: 'Sunday visit: family asked about SHORT STAY' });
  // A patient whose team tanaka leads alone: kato and ito must never find it.
  other = await registerPatient(tanaka, { name: '別の 利用者', name_kana: 'ベツノ リヨウシャ' });
  await writePost(tanaka, other.id, { body: '血圧 150/90 訪問介護にて測定' });
});
after(() => server.stop());

async function search(client, q, extra = '') {
  return assertOk(await client.get(`/api/v1/posts?q=${encodeURIComponent(q)}${extra}`));
}

describe('searching the notebook', () => {
  test('a two-character Japanese word finds the post, with its patient name', async () => {
    const r = await search(ito, '血圧');
    assert.equal(r.items.length, 1);
    assert.equal(r.items[0].patient_id, mine.id);
    assert.equal(r.items[0].patient_name, '箕輪 花子');
    assert.match(r.items[0].body, /142\/88/);
  });

  test('longer phrases and ASCII in any case are found by the index', async () => {
    assert.equal((await search(kato, '仙骨部に発赤')).items.length, 1);
    assert.equal((await search(kato, 'short stay')).items.length, 1);
    assert.equal((await search(kato, '142/88')).items.length, 1);
    assert.equal((await search(kato, '存在しない言葉')).items.length, 0);
  });

  test('nothing outside the caller\'s teams is found, and others find only their own', async () => {
    assert.ok((await search(kato, '150/90')).items.length === 0);
    const t = await search(tanaka, '血圧');
    assert.deepEqual(t.items.map((p) => p.patient_id), [other.id]);
    const sato = await signIn(server, 'sato');
    assert.equal((await search(sato, '血圧')).items.length, 0);
  });

  test('an edited post is found by its new text, a withdrawn one not at all', async () => {
    const post = await writePost(ito, mine.id, { body: '嚥下の様子を観察' });
    assertOk(await ito.patch(`/api/v1/posts/${post.id}`, { body: 'とろみ食で嚥下良好' }));
    assert.equal((await search(kato, '観察')).items.length, 0);
    assert.equal((await search(kato, 'とろみ食')).items.length, 1);
    assertOk(await ito.post(`/api/v1/posts/${post.id}/withdraw`, { reason: '別の利用者の記録でした' }));
    assert.equal((await search(kato, 'とろみ食')).items.length, 0);
  });

  test('a patient whose consent was withdrawn is no longer searched', async () => {
    const p = await registerPatient(kato, { name: '撤回 太郎', name_kana: 'テッカイ タロウ' });
    await writePost(kato, p.id, { body: '撤回前の記録 ABCXYZ' });
    assert.equal((await search(kato, 'ABCXYZ')).items.length, 1);
    assertOk(await kato.post(`/api/v1/patients/${p.id}/consent/withdraw`, { reason: '本人の希望' }));
    assert.equal((await search(kato, 'ABCXYZ')).items.length, 0);
  });

  test('wildcards and quotes are matched literally; paging and patient filter work', async () => {
    assert.equal((await search(kato, '%')).items.length, 0);
    assert.equal((await search(kato, '_')).items.length, 0);
    assert.equal((await search(kato, '"')).items.length, 0);
    assert.equal((await search(kato, "' OR 1=1 --")).items.length, 0);
    for (let i = 0; i < 3; i++) await writePost(kato, mine.id, { body: `ページング確認 ${i}` });
    const first = await search(kato, 'ページング確認', '&limit=2');
    assert.equal(first.items.length, 2);
    assert.ok(first.next);
    const second = await search(kato, 'ページング確認', `&limit=2&before=${first.next}`);
    assert.equal(second.items.length, 1);
    assert.equal((await search(kato, 'ページング確認', `&patient_id=${other.id}`)).items.length, 0);
  });

  test('bad queries are 400, signed out is 401, and the search is audited', async () => {
    assertError(await kato.get('/api/v1/posts'), 400, 'invalid_argument', ['q']);
    assertError(await kato.get('/api/v1/posts?q='), 400, 'invalid_argument', ['q']);
    assertError(await kato.get(`/api/v1/posts?q=${encodeURIComponent('あ'.repeat(101))}`), 400, 'invalid_argument', ['q']);
    assertError(await kato.get('/api/v1/posts?q=%FF%FE'), 400);
    assertError(await anonymous(server).get('/api/v1/posts?q=abc'), 401);
    const admin = await signIn(server, 'admin');
    const audit = assertOk(await admin.get('/api/v1/audit?user_id=user-kato&action=post.search'));
    assert.ok(audit.items.length > 0);
  });
});
