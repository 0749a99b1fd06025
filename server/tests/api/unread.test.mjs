// Unread counters: exact per patient and in total, for newcomers, and under
// concurrent writing and reading.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, allPages, registerPatient, addMembers, writePost } from './helpers.mjs';

let server;
let kato;
let ito;
let sato;

before(async () => {
  server = await startServer();
  [kato, ito, sato] = await Promise.all(['kato', 'ito', 'sato'].map((l) => signIn(server, l)));
});
after(async () => {
  await server?.stop();
});

// {unread_count, urgent_unread_count} of the patient in `client`'s list.
async function counts(client, patientId) {
  const p = (await allPages(client, '/api/v1/patients')).find((x) => x.id === patientId);
  assert.ok(p, `patient ${patientId} is in the list`);
  return { unread: p.unread_count, urgent: p.urgent_unread_count };
}

async function totals(client) {
  const t = assertOk(await client.get('/api/v1/me/unread'));
  assert.deepEqual(Object.keys(t).sort(), ['unread_count', 'urgent_unread_count']);
  return { unread: t.unread_count, urgent: t.urgent_unread_count };
}

describe('counting unread posts', () => {
  let patient;
  let posts;
  before(async () => {
    patient = await registerPatient(kato);
    await addMembers(kato, patient.id, 'user-ito', 'user-sato');
    posts = [
      await writePost(ito, patient.id, { body: '1件目' }),
      await writePost(ito, patient.id, { body: '2件目（至急）', urgent: true }),
      await writePost(ito, patient.id, { body: '3件目' }),
    ];
  });

  test("ito writes 3 posts (1 urgent): sato and kato see 3 unread, 1 urgent; ito's own count nothing", async () => {
    assert.deepEqual(await counts(sato, patient.id), { unread: 3, urgent: 1 });
    assert.deepEqual(await counts(kato, patient.id), { unread: 3, urgent: 1 });
    assert.deepEqual(await counts(ito, patient.id), { unread: 0, urgent: 0 });
    const p = assertOk(await sato.get(`/api/v1/patients/${patient.id}`));
    assert.equal(p.unread_count, 3);
    assert.equal(p.urgent_unread_count, 1);
  });

  test('/me/unread totals the counts over my patients', async () => {
    assert.deepEqual(await totals(sato), { unread: 3, urgent: 1 });
    assert.deepEqual(await totals(ito), { unread: 0, urgent: 0 });
    assertError(await anonymous(server).get('/api/v1/me/unread'), 401);
  });

  test('sato reads one post: 2 unread; reading the urgent one takes the urgent count to 0', async () => {
    assertOk(await sato.post(`/api/v1/posts/${posts[0].id}/read`));
    assert.deepEqual(await counts(sato, patient.id), { unread: 2, urgent: 1 });
    assertOk(await sato.post(`/api/v1/posts/${posts[1].id}/read`));
    assert.deepEqual(await counts(sato, patient.id), { unread: 1, urgent: 0 });
    // Reading again changes nothing.
    assertOk(await sato.post(`/api/v1/posts/${posts[1].id}/read`));
    assert.deepEqual(await counts(sato, patient.id), { unread: 1, urgent: 0 });
    assert.deepEqual(await totals(sato), { unread: 1, urgent: 0 });
    // Nobody else's counter moved.
    assert.deepEqual(await counts(kato, patient.id), { unread: 3, urgent: 1 });
  });

  test("the author's own posts never count, even when the author marks them read", async () => {
    const own = await writePost(kato, patient.id, { body: '加藤の投稿', urgent: true });
    assert.deepEqual(await counts(kato, patient.id), { unread: 3, urgent: 1 });
    assertOk(await kato.post(`/api/v1/posts/${own.id}/read`));
    assert.deepEqual(await counts(kato, patient.id), { unread: 3, urgent: 1 });
    assert.deepEqual(await counts(ito, patient.id), { unread: 1, urgent: 1 });
    assert.deepEqual(await counts(sato, patient.id), { unread: 2, urgent: 1 });
  });

  test('making an unread post urgent, and not urgent again, moves the urgent counts of those who have not read it', async () => {
    assertOk(await ito.patch(`/api/v1/posts/${posts[2].id}`, { urgent: true }));
    assert.deepEqual(await counts(kato, patient.id), { unread: 3, urgent: 2 });
    assert.deepEqual(await counts(sato, patient.id), { unread: 2, urgent: 2 });
    assertOk(await ito.patch(`/api/v1/posts/${posts[2].id}`, { urgent: false }));
    assert.deepEqual(await counts(kato, patient.id), { unread: 3, urgent: 1 });
    assert.deepEqual(await counts(sato, patient.id), { unread: 2, urgent: 1 });
    // Marking it read afterwards takes exactly one unread, no urgent.
    assertOk(await kato.post(`/api/v1/posts/${posts[2].id}/read`));
    assert.deepEqual(await counts(kato, patient.id), { unread: 2, urgent: 1 });
  });

  test('a newly added member starts with every earlier post by others unread', async () => {
    const newcomer = await signIn(server, 'minowa-pharmacist-01');
    await addMembers(kato, patient.id, 'user-minowa-pharmacist-01');
    // 3 by ito and 1 by kato, 2 of them urgent.
    assert.deepEqual(await counts(newcomer, patient.id), { unread: 4, urgent: 2 });
    assert.deepEqual(await totals(newcomer), { unread: 4, urgent: 2 });
    // Their own posts still never count; others' new posts do.
    await writePost(newcomer, patient.id, { body: '薬局より' });
    assert.deepEqual(await counts(newcomer, patient.id), { unread: 4, urgent: 2 });
    assert.deepEqual(await counts(sato, patient.id), { unread: 3, urgent: 1 });
  });

  test('a member who leaves and comes back finds what they had read still read', async () => {
    assert.equal((await sato.delete(`/api/v1/patients/${patient.id}/members/user-sato`)).status, 204);
    assert.deepEqual(await totals(sato), { unread: 0, urgent: 0 });
    await addMembers(kato, patient.id, 'user-sato');
    assert.deepEqual(await counts(sato, patient.id), { unread: 3, urgent: 1 });
  });
});

describe('the list in order of activity', () => {
  test('the patient with the latest post comes first, and last_post_at moves', async () => {
    const a = await registerPatient(kato);
    const b = await registerPatient(kato);
    let ids = (await allPages(kato, '/api/v1/patients')).map((p) => p.id);
    assert.ok(ids.indexOf(b.id) < ids.indexOf(a.id));
    const post = await writePost(kato, a.id);
    const list = await allPages(kato, '/api/v1/patients');
    ids = list.map((p) => p.id);
    assert.equal(ids[0], a.id);
    assert.equal(list[0].last_post_at, post.created_at);
    assert.equal(list.find((p) => p.id === b.id).last_post_at, null);
  });
});

describe('exact under concurrency', () => {
  let patient;
  before(async () => {
    patient = await registerPatient(kato);
    await addMembers(kato, patient.id, 'user-ito', 'user-sato');
  });

  test('3 members each write 20 posts at once: everyone has exactly the others\' 40 unread', async () => {
    const authors = [kato, ito, sato];
    const results = await Promise.all(authors.flatMap((c, who) => Array.from({ length: 20 }, (_, i) =>
      c.post(`/api/v1/patients/${patient.id}/posts`, { category: 'other', body: `同時投稿 ${who}-${i}`, urgent: i % 5 === 0 }))));
    for (const r of results) assertOk(r, 201);
    const all = await allPages(kato, `/api/v1/patients/${patient.id}/posts`);
    assert.equal(all.length, 60);
    assert.equal(new Set(all.map((p) => p.id)).size, 60);
    for (const c of authors) {
      // 4 urgent posts each: 8 by the others.
      assert.deepEqual(await counts(c, patient.id), { unread: 40, urgent: 8 });
    }
    const newest = (await allPages(kato, '/api/v1/patients')).find((p) => p.id === patient.id);
    assert.equal(newest.last_post_at, all.map((p) => p.created_at).sort().at(-1));
  });

  test('a member added while others are posting starts with exactly the posts by others', async () => {
    const fresh = await registerPatient(kato);
    await addMembers(kato, fresh.id, 'user-ito');
    const tanaka = await signIn(server, 'tanaka');
    const results = await Promise.all([
      ...Array.from({ length: 15 }, (_, i) => ito.post(`/api/v1/patients/${fresh.id}/posts`, { category: 'meal', body: `昼食 ${i}`, urgent: false })),
      kato.post(`/api/v1/patients/${fresh.id}/members`, { user_id: 'user-tanaka', role: 'member' }),
      ...Array.from({ length: 15 }, (_, i) => ito.post(`/api/v1/patients/${fresh.id}/posts`, { category: 'meal', body: `夕食 ${i}`, urgent: false })),
    ]);
    for (const r of results) assertOk(r, 201);
    assert.deepEqual(await counts(tanaka, fresh.id), { unread: 30, urgent: 0 });
  });

  test('the same user marks the same post read twice at once: one receipt, counted once', async () => {
    const target = (await allPages(sato, `/api/v1/patients/${patient.id}/posts?author_id=user-ito`))[0];
    const before = await counts(sato, patient.id);
    const [r1, r2] = await Promise.all([sato.post(`/api/v1/posts/${target.id}/read`), sato.post(`/api/v1/posts/${target.id}/read`)]);
    assertOk(r1);
    assertOk(r2);
    assert.equal(r1.body.read_at, r2.body.read_at);
    const post = assertOk(await sato.get(`/api/v1/posts/${target.id}`));
    assert.equal(post.read_count, 1);
    assert.equal(assertOk(await sato.get(`/api/v1/posts/${target.id}/reads`)).items.length, 1);
    const after = await counts(sato, patient.id);
    assert.equal(after.unread, before.unread - 1);
    assert.equal(after.urgent, before.urgent - (target.urgent ? 1 : 0));
  });

  test('every member reads every post of the others, twice, at once: everyone\'s counters reach exactly zero', async () => {
    const all = await allPages(kato, `/api/v1/patients/${patient.id}/posts`);
    const reads = [];
    for (const [c, id] of [[kato, 'user-kato'], [ito, 'user-ito'], [sato, 'user-sato']]) {
      for (const p of all) if (p.author_id !== id) reads.push(c.post(`/api/v1/posts/${p.id}/read`), c.post(`/api/v1/posts/${p.id}/read`));
    }
    for (const r of await Promise.all(reads)) assertOk(r);
    for (const c of [kato, ito, sato]) assert.deepEqual(await counts(c, patient.id), { unread: 0, urgent: 0 });
    for (const p of await allPages(kato, `/api/v1/patients/${patient.id}/posts`)) assert.equal(p.read_count, 2);
  });
});
