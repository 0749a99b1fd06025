// The notebook: writing posts, the timeline and its filters, editing with a
// kept history, withdrawing, comments and read receipts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, allPages, registerPatient, addMembers, writePost, japanDate, RFC3339_WITH_OFFSET } from './helpers.mjs';

let server;
let admin;
let kato;
let ito;
let sato;
let tanaka;
let patient;

before(async () => {
  server = await startServer();
  [admin, kato, ito, sato, tanaka] = await Promise.all(
    ['admin', 'kato', 'ito', 'sato', 'tanaka'].map((l) => signIn(server, l)),
  );
  patient = await registerPatient(kato);
  await addMembers(kato, patient.id, 'user-ito', 'user-sato');
});
after(async () => {
  await server?.stop();
});

const POST_KEYS = [
  // API.md
  'id', 'patient_id', 'author_id', 'category', 'body', 'urgent', 'created_at', 'edited_at', 'attachment_ids',
  'comment_count', 'read_count',
  // docs/openapi.yaml adds
  'author_name', 'author_profession', 'withdrawn_at', 'withdrawal_reason', 'read_by_me', 'attachments', 'mention_user_ids',
].sort();

const CATEGORIES = ['observation', 'vitals', 'medication', 'meal', 'excretion', 'bathing', 'rehabilitation', 'visit',
  'consultation', 'instruction', 'contact', 'other'];

function timeline(client, query = '', patientId = patient.id) {
  return client.get(`/api/v1/patients/${patientId}/posts${query}`);
}

describe('writing a post', () => {
  test('a member writes a post: 201 with the post itself', async () => {
    const body = '訪問時、血圧 128/76。食欲あり。\n夜間の睡眠は良好とのこと。';
    const r = await ito.post(`/api/v1/patients/${patient.id}/posts`, { category: 'vitals', body, urgent: true, attachment_ids: [] });
    const p = assertOk(r, 201);
    assert.deepEqual(Object.keys(p).sort(), POST_KEYS);
    assert.equal(typeof p.id, 'string');
    assert.equal(p.patient_id, patient.id);
    assert.equal(p.author_id, 'user-ito');
    assert.equal(p.author_name, '伊藤 由美');
    assert.equal(p.author_profession, 'nurse');
    assert.equal(p.category, 'vitals');
    assert.equal(p.body, body);
    assert.equal(p.urgent, true);
    assert.match(p.created_at, RFC3339_WITH_OFFSET);
    assert.match(p.created_at, /\+09:00$/);
    assert.equal(p.edited_at, null);
    assert.equal(p.withdrawn_at, null);
    assert.equal(p.withdrawal_reason, null);
    assert.deepEqual(p.attachment_ids, []);
    assert.equal(p.comment_count, 0);
    assert.equal(p.read_count, 0);
    assert.equal(p.read_by_me, true);
    assert.deepEqual(assertOk(await ito.get(`/api/v1/posts/${p.id}`)), p);
    const seen = assertOk(await sato.get(`/api/v1/posts/${p.id}`));
    assert.equal(seen.read_by_me, false);
  });

  test('urgent defaults to false and every category is accepted', async () => {
    for (const category of CATEGORIES) {
      const p = assertOk(await kato.post(`/api/v1/patients/${patient.id}/posts`, { category, body: `${category} の記録` }), 201);
      assert.equal(p.category, category);
      assert.equal(p.urgent, false);
    }
  });

  test('bad posts are 400 naming each field, and nothing is stored', async () => {
    const before = (await allPages(kato, `/api/v1/patients/${patient.id}/posts`)).length;
    const post = (b) => ito.post(`/api/v1/patients/${patient.id}/posts`, b);
    assertError(await post({}), 400, 'invalid_argument', ['category', 'body']);
    assertError(await post({ category: 'gossip', body: 'x' }), 400, 'invalid_argument', ['category']);
    assertError(await post({ category: 'other', body: '' }), 400, 'invalid_argument', ['body']);
    assertError(await post({ category: 'other', body: '   ' }), 400, 'invalid_argument', ['body']);
    assertError(await post({ category: 'other', body: 'x', urgent: 'yes' }), 400, 'invalid_argument', ['urgent']);
    assertError(await post({ category: 7, body: ['x'] }), 400, 'invalid_argument', ['category', 'body']);
    assertError(await post({ category: 'other', body: 'x', author_id: 'user-kato' }), 400, 'invalid_argument', ['author_id']);
    assertError(await post({ category: 'other', body: 'x', attachment_ids: 'a' }), 400, 'invalid_argument', ['attachment_ids']);
    assertError(await ito.request('POST', `/api/v1/patients/${patient.id}/posts`, { raw: '{"category":"other","body":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    assert.equal((await allPages(kato, `/api/v1/patients/${patient.id}/posts`)).length, before);
  });

  test('a body of 10000 characters is fine; 10001 is 400', async () => {
    const long = 'あ'.repeat(10000);
    const p = await writePost(ito, patient.id, { body: long });
    assert.equal(p.body, long);
    assertError(await ito.post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: 'あ'.repeat(10001) }), 400, 'invalid_argument', ['body']);
  });

  test('an attachment id that was never uploaded is 400 naming attachment_ids', async () => {
    const r = await ito.post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: '写真あり', attachment_ids: ['no-such-attachment'] });
    assertError(r, 400, 'invalid_argument', ['attachment_ids']);
  });

  test('SQL and markup in a body are stored as text', async () => {
    const body = "'); DELETE FROM posts; -- <script>alert(1)</script>";
    const p = await writePost(ito, patient.id, { body });
    assert.equal(assertOk(await kato.get(`/api/v1/posts/${p.id}`)).body, body);
    assert.ok((await allPages(kato, `/api/v1/patients/${patient.id}/posts`)).length > 5);
  });

  test('signed out is 401; without the CSRF token 403', async () => {
    assertError(await anonymous(server).post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: 'x' }), 401);
    assertError(await ito.request('POST', `/api/v1/patients/${patient.id}/posts`, { body: { category: 'other', body: 'x' }, csrf: false }), 403, 'csrf_failed');
  });
});

describe('the timeline', () => {
  let tl;
  const mine = {};
  before(async () => {
    tl = await registerPatient(kato);
    await addMembers(kato, tl.id, 'user-ito', 'user-sato');
    mine.a = await writePost(ito, tl.id, { category: 'vitals', body: 'A' });
    mine.b = await writePost(sato, tl.id, { category: 'medication', body: 'B', urgent: true });
    mine.c = await writePost(kato, tl.id, { category: 'vitals', body: 'C' });
    mine.d = await writePost(ito, tl.id, { category: 'meal', body: 'D', urgent: true });
    mine.e = await writePost(sato, tl.id, { category: 'vitals', body: 'E' });
  });

  test('newest first, in the documented shape', async () => {
    const r = assertOk(await timeline(sato, '', tl.id));
    assert.equal(r.next, null);
    assert.deepEqual(r.items.map((p) => p.body), ['E', 'D', 'C', 'B', 'A']);
    for (const p of r.items) assert.deepEqual(Object.keys(p).sort(), POST_KEYS);
    for (let i = 1; i < r.items.length; i++) assert.ok(r.items[i - 1].created_at >= r.items[i].created_at);
  });

  test('reading the timeline does not mark anything read', async () => {
    assertOk(await timeline(sato, '', tl.id));
    const p = assertOk(await sato.get(`/api/v1/patients/${tl.id}`));
    assert.equal(p.unread_count, 3);
    assert.equal(p.urgent_unread_count, 1);
  });

  test('filters by category, author and urgency, and combines them', async () => {
    const bodies = async (q) => assertOk(await timeline(kato, q, tl.id)).items.map((p) => p.body);
    assert.deepEqual(await bodies('?category=vitals'), ['E', 'C', 'A']);
    assert.deepEqual(await bodies('?author_id=user-ito'), ['D', 'A']);
    assert.deepEqual(await bodies('?urgent=true'), ['D', 'B']);
    assert.deepEqual(await bodies('?urgent=false'), ['E', 'C', 'A']);
    assert.deepEqual(await bodies('?category=vitals&author_id=user-sato'), ['E']);
    assert.deepEqual(await bodies('?category=bathing'), []);
    assert.deepEqual(await bodies('?author_id=user-nobody'), []);
  });

  test('filters by date, from and to inclusive in Japan time', async () => {
    const bodies = async (q) => assertOk(await timeline(kato, q, tl.id)).items.map((p) => p.body);
    const today = japanDate(0);
    assert.deepEqual(await bodies(`?from=${today}`), ['E', 'D', 'C', 'B', 'A']);
    assert.deepEqual(await bodies(`?to=${today}`), ['E', 'D', 'C', 'B', 'A']);
    assert.deepEqual(await bodies(`?from=${today}&to=${today}`), ['E', 'D', 'C', 'B', 'A']);
    assert.deepEqual(await bodies(`?from=${japanDate(1)}`), []);
    assert.deepEqual(await bodies(`?to=${japanDate(-1)}`), []);
  });

  test('bad filter values are 400 naming the parameter', async () => {
    const bad = async (q, field) => assertError(await timeline(kato, q, tl.id), 400, 'invalid_argument', [field]);
    await bad('?category=gossip', 'category');
    await bad(`?category=${encodeURIComponent("vitals' OR '1'='1")}`, 'category');
    await bad('?urgent=yes', 'urgent');
    await bad('?urgent=1', 'urgent');
    await bad('?from=yesterday', 'from');
    await bad('?from=2025-02-30', 'from');
    await bad('?to=2025-13-01', 'to');
    await bad('?to=20250101', 'to');
    await bad('?author_id=', 'author_id');
    await bad(`?author_id=${'x'.repeat(200)}`, 'author_id');
    await bad('?limit=0', 'limit');
    await bad('?limit=101', 'limit');
    await bad('?limit=100000000000', 'limit');
    await bad('?category=vitals&category=meal', 'category');
  });

  test('SQL in the author filter finds nothing', async () => {
    const r = assertOk(await timeline(kato, `?author_id=${encodeURIComponent("user-ito' OR '1'='1")}`, tl.id));
    assert.deepEqual(r.items, []);
  });

  test('pages with limit and before, without gaps or repeats', async () => {
    const r1 = assertOk(await timeline(kato, '?limit=2', tl.id));
    assert.deepEqual(r1.items.map((p) => p.body), ['E', 'D']);
    assert.equal(typeof r1.next, 'string');
    const r2 = assertOk(await timeline(kato, `?limit=2&before=${encodeURIComponent(r1.next)}`, tl.id));
    assert.deepEqual(r2.items.map((p) => p.body), ['C', 'B']);
    const r3 = assertOk(await timeline(kato, `?limit=2&before=${encodeURIComponent(r2.next)}`, tl.id));
    assert.deepEqual(r3.items.map((p) => p.body), ['A']);
    assert.equal(r3.next, null);
    // Filters hold across pages.
    const f1 = assertOk(await timeline(kato, '?category=vitals&limit=1', tl.id));
    const f2 = assertOk(await timeline(kato, `?category=vitals&limit=2&before=${encodeURIComponent(f1.next)}`, tl.id));
    assert.deepEqual([...f1.items, ...f2.items].map((p) => p.body), ['E', 'C', 'A']);
    assert.equal(f2.next, null);
  });
});

describe('editing and withdrawing', () => {
  let post;
  before(async () => {
    post = await writePost(ito, patient.id, { category: 'observation', body: '初版：右足に軽いむくみ' });
  });

  test('only the author edits; another member gets 403 author_only', async () => {
    assertError(await sato.patch(`/api/v1/posts/${post.id}`, { body: '佐藤が書き換え' }), 403, 'author_only');
    assertError(await kato.patch(`/api/v1/posts/${post.id}`, { body: '加藤が書き換え' }), 403, 'author_only');
    assertError(await tanaka.patch(`/api/v1/posts/${post.id}`, { body: '田中が書き換え' }), 404, 'not_found');
    assertError(await anonymous(server).patch(`/api/v1/posts/${post.id}`, { body: 'x' }), 401);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).body, '初版：右足に軽いむくみ');
  });

  test('the author edits: 200 with the post, edited_at set', async () => {
    const p = assertOk(await ito.patch(`/api/v1/posts/${post.id}`, { body: '第2版：右足に軽いむくみ（改善傾向）' }));
    assert.equal(p.id, post.id);
    assert.equal(p.body, '第2版：右足に軽いむくみ（改善傾向）');
    assert.equal(p.category, 'observation');
    assert.match(p.edited_at, RFC3339_WITH_OFFSET);
    assert.equal(p.created_at, post.created_at);
    const p3 = assertOk(await ito.patch(`/api/v1/posts/${post.id}`, { category: 'consultation', urgent: true }));
    assert.equal(p3.category, 'consultation');
    assert.equal(p3.urgent, true);
    assert.equal(p3.body, '第2版：右足に軽いむくみ（改善傾向）');
  });

  test('bad edits are 400 and change nothing', async () => {
    assertError(await ito.patch(`/api/v1/posts/${post.id}`, { category: 'gossip' }), 400, 'invalid_argument', ['category']);
    assertError(await ito.patch(`/api/v1/posts/${post.id}`, { body: '' }), 400, 'invalid_argument', ['body']);
    assertError(await ito.patch(`/api/v1/posts/${post.id}`, { body: 'x'.repeat(10001) }), 400, 'invalid_argument', ['body']);
    assertError(await ito.patch(`/api/v1/posts/${post.id}`, { urgent: 'no' }), 400, 'invalid_argument', ['urgent']);
    assertError(await ito.patch(`/api/v1/posts/${post.id}`, { author_id: 'user-kato' }), 400, 'invalid_argument', ['author_id']);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).category, 'consultation');
  });

  test('the history lists every version, oldest first, the current one included, each with editor and time', async () => {
    for (const c of [ito, sato, kato]) {
      const r = assertOk(await c.get(`/api/v1/posts/${post.id}/history`));
      assert.equal(r.next, null);
      assert.deepEqual(r.items.map((v) => v.body), ['初版：右足に軽いむくみ', '第2版：右足に軽いむくみ（改善傾向）', '第2版：右足に軽いむくみ（改善傾向）']);
      assert.deepEqual(r.items.map((v) => v.category), ['observation', 'observation', 'consultation']);
      assert.deepEqual(r.items.map((v) => v.urgent), [false, false, true]);
      for (const v of r.items) {
        assert.equal(v.edited_by, 'user-ito');
        assert.match(v.edited_at, RFC3339_WITH_OFFSET);
      }
      assert.equal(r.items[0].edited_at, post.created_at);
      for (let i = 1; i < r.items.length; i++) assert.ok(r.items[i - 1].edited_at <= r.items[i].edited_at);
    }
    assertError(await tanaka.get(`/api/v1/posts/${post.id}/history`), 404, 'not_found');
  });

  test('only the author withdraws; a reason is required', async () => {
    assertError(await sato.post(`/api/v1/posts/${post.id}/withdraw`, { reason: '誤記' }), 403, 'author_only');
    assertError(await kato.post(`/api/v1/posts/${post.id}/withdraw`, { reason: '誤記' }), 403, 'author_only');
    assertError(await ito.post(`/api/v1/posts/${post.id}/withdraw`, {}), 400, 'invalid_argument', ['reason']);
    assertError(await ito.post(`/api/v1/posts/${post.id}/withdraw`, { reason: '' }), 400, 'invalid_argument', ['reason']);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).withdrawn_at, null);
  });

  test('the author withdraws with a reason: the body is empty in the timeline, the history keeps the text', async () => {
    const p = assertOk(await ito.post(`/api/v1/posts/${post.id}/withdraw`, { reason: '別の利用者の記録と取り違えたため' }));
    assert.equal(p.body, '');
    assert.match(p.withdrawn_at, RFC3339_WITH_OFFSET);
    assert.equal(p.withdrawal_reason, '別の利用者の記録と取り違えたため');
    const inTimeline = (await allPages(sato, `/api/v1/patients/${patient.id}/posts`)).find((x) => x.id === post.id);
    assert.equal(inTimeline.body, '');
    assert.equal(inTimeline.withdrawn_at, p.withdrawn_at);
    const history = assertOk(await sato.get(`/api/v1/posts/${post.id}/history`)).items;
    assert.equal(history.length, 4);
    assert.ok(history.some((v) => v.body === '初版：右足に軽いむくみ'));
    assert.equal(history.at(-1).body, '');
    assert.equal(history.at(-1).withdrawn, true);
    assert.equal(history.at(-1).edited_by, 'user-ito');
  });

  test('a withdrawn post cannot be edited or withdrawn again (409)', async () => {
    assertError(await ito.patch(`/api/v1/posts/${post.id}`, { body: '復活' }), 409, 'post_withdrawn');
    assertError(await ito.post(`/api/v1/posts/${post.id}/withdraw`, { reason: 'もう一度' }), 409, 'post_withdrawn');
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}/history`)).items.length, 4);
  });

  test('an unknown post is 404 for every post endpoint', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/v1/posts/no-such-post'],
      ['PATCH', '/api/v1/posts/no-such-post', { body: 'x' }],
      ['POST', '/api/v1/posts/no-such-post/withdraw', { reason: 'x' }],
      ['GET', '/api/v1/posts/no-such-post/history'],
      ['GET', '/api/v1/posts/no-such-post/comments'],
      ['POST', '/api/v1/posts/no-such-post/comments', { body: 'x' }],
      ['POST', '/api/v1/posts/no-such-post/read'],
      ['GET', '/api/v1/posts/no-such-post/reads'],
      ['GET', "/api/v1/posts/'%20OR%20'1'='1"],
      ['GET', '/api/v1/posts/..%2F..%2Fetc%2Fpasswd'],
    ]) {
      assertError(await ito.request(method, path, { body }), 404, 'not_found');
    }
  });
});

describe('comments', () => {
  let post;
  before(async () => {
    post = await writePost(ito, patient.id, { body: '服薬の確認をお願いします' });
  });

  test('members reply; comment_count goes up; the list is newest first', async () => {
    const c1 = assertOk(await sato.post(`/api/v1/posts/${post.id}/comments`, { body: '次回訪問時に確認します' }), 201);
    assert.equal(typeof c1.id, 'string');
    assert.equal(c1.post_id, post.id);
    assert.equal(c1.author_id, 'user-sato');
    assert.equal(c1.body, '次回訪問時に確認します');
    assert.match(c1.created_at, RFC3339_WITH_OFFSET);
    assertOk(await kato.post(`/api/v1/posts/${post.id}/comments`, { body: 'ケアプランに反映します' }), 201);
    assertOk(await ito.post(`/api/v1/posts/${post.id}/comments`, { body: "よろしくお願いします'; --" }), 201);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).comment_count, 3);
    const r = assertOk(await kato.get(`/api/v1/posts/${post.id}/comments`));
    assert.deepEqual(r.items.map((c) => c.author_id), ['user-ito', 'user-kato', 'user-sato']);
    assert.equal(r.items[0].body, "よろしくお願いします'; --");
    const p1 = assertOk(await kato.get(`/api/v1/posts/${post.id}/comments?limit=2`));
    assert.equal(p1.items.length, 2);
    const p2 = assertOk(await kato.get(`/api/v1/posts/${post.id}/comments?limit=2&before=${encodeURIComponent(p1.next)}`));
    assert.deepEqual(p2.items.map((c) => c.author_id), ['user-sato']);
    assert.equal(p2.next, null);
  });

  test('bad comments are 400; outsiders 404; signed out 401', async () => {
    assertError(await sato.post(`/api/v1/posts/${post.id}/comments`, {}), 400, 'invalid_argument', ['body']);
    assertError(await sato.post(`/api/v1/posts/${post.id}/comments`, { body: '' }), 400, 'invalid_argument', ['body']);
    assertError(await sato.post(`/api/v1/posts/${post.id}/comments`, { body: 'x'.repeat(10001) }), 400, 'invalid_argument', ['body']);
    assertError(await tanaka.post(`/api/v1/posts/${post.id}/comments`, { body: 'x' }), 404, 'not_found');
    assertError(await admin.post(`/api/v1/posts/${post.id}/comments`, { body: 'x' }), 404, 'not_found');
    assertError(await anonymous(server).post(`/api/v1/posts/${post.id}/comments`, { body: 'x' }), 401);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).comment_count, 3);
  });
});

describe('read receipts', () => {
  let post;
  before(async () => {
    post = await writePost(ito, patient.id, { body: '既読の確認用' });
  });

  test('marking read answers the receipt; the reads list names who read and when', async () => {
    const r = assertOk(await sato.post(`/api/v1/posts/${post.id}/read`));
    assert.equal(r.post_id, post.id);
    assert.equal(r.user_id, 'user-sato');
    assert.match(r.read_at, RFC3339_WITH_OFFSET);
    assert.match(r.read_at, /\+09:00$/);
    assertOk(await kato.post(`/api/v1/posts/${post.id}/read`));
    const reads = assertOk(await ito.get(`/api/v1/posts/${post.id}/reads`));
    assert.equal(reads.next, null);
    assert.deepEqual(reads.items.map((x) => x.user_id).sort(), ['user-kato', 'user-sato']);
    const satoRead = reads.items.find((x) => x.user_id === 'user-sato');
    assert.equal(satoRead.read_at, r.read_at);
    assert.equal(satoRead.name, '佐藤 健一');
    for (const x of reads.items) assert.match(x.read_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    const p = assertOk(await ito.get(`/api/v1/posts/${post.id}`));
    assert.equal(p.read_count, 2);
    assert.equal(assertOk(await sato.get(`/api/v1/posts/${post.id}`)).read_by_me, true);
  });

  test('marking read again keeps the first time and counts once', async () => {
    const first = assertOk(await ito.get(`/api/v1/posts/${post.id}/reads`)).items.find((x) => x.user_id === 'user-sato');
    const again = assertOk(await sato.post(`/api/v1/posts/${post.id}/read`));
    assert.equal(again.read_at, first.read_at);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).read_count, 2);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}/reads`)).items.length, 2);
  });

  test("marking one's own post read records nothing", async () => {
    assertOk(await ito.post(`/api/v1/posts/${post.id}/read`));
    const reads = assertOk(await ito.get(`/api/v1/posts/${post.id}/reads`)).items;
    assert.ok(!reads.some((x) => x.user_id === 'user-ito'));
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).read_count, 2);
  });

  test('a body on /read is refused; outsiders 404; signed out 401', async () => {
    assertError(await kato.post(`/api/v1/posts/${post.id}/read`, { user_id: 'user-tanaka' }), 400, 'invalid_argument', ['user_id']);
    assertError(await tanaka.post(`/api/v1/posts/${post.id}/read`), 404, 'not_found');
    assertError(await tanaka.get(`/api/v1/posts/${post.id}/reads`), 404, 'not_found');
    assertError(await anonymous(server).post(`/api/v1/posts/${post.id}/read`), 401);
    assertError(await anonymous(server).get(`/api/v1/posts/${post.id}/reads`), 401);
    assert.equal(assertOk(await ito.get(`/api/v1/posts/${post.id}`)).read_count, 2);
  });

  test('the audit trail records the writing, listing and reading', async () => {
    const records = await allPages(admin, `/api/v1/audit?patient_id=${patient.id}`);
    const has = (action, userId, target) => records.some((r) => r.action === action && r.user_id === userId && (!target || r.target === target));
    assert.ok(has('post.create', 'user-ito', `post:${post.id}`));
    assert.ok(has('post.mark_read', 'user-sato', `post:${post.id}`));
    assert.ok(has('post.reads', 'user-ito', `post:${post.id}`));
    assert.ok(has('post.list', 'user-sato'));
    assert.ok(has('post.edit', 'user-ito'));
    assert.ok(has('post.withdraw', 'user-ito'));
    assert.ok(has('comment.create', 'user-sato'));
    assert.ok(records.every((r) => r.patient_id === patient.id));
  });
});
