// Live updates over /api/v1/live (WebSocket): who is told what, and that a post
// written through one server reaches a phone connected to another server
// sharing the same PostgreSQL database (LISTEN/NOTIFY).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dbKind } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { openWebSocket } from '../support/websocket.mjs';
import { assertError, registerPatient, addMembers, writePost } from './helpers.mjs';

let server;
let kato;
let ito;
let tanaka;
let patient;
const sockets = [];

async function live(client, srv = server, options = {}) {
  const ws = await openWebSocket(srv.base, '/api/v1/live', { cookie: client.cookie, ...options });
  sockets.push(ws);
  return ws;
}

before(async () => {
  server = await startServer();
  kato = await signIn(server, 'kato');
  ito = await signIn(server, 'ito');
  tanaka = await signIn(server, 'tanaka');
  patient = await registerPatient(kato);
  await addMembers(kato, patient.id, 'user-ito');
});
after(async () => {
  for (const ws of sockets) ws.close();
  await server.stop();
});

describe('opening the live connection', () => {
  test('signed out is 401; another site\'s page is 403; a plain GET is 400', async () => {
    assert.equal((await openWebSocket(server.base, '/api/v1/live', {})).status, 401);
    assert.equal((await live(kato, server, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await live(kato, server, { origin: server.base })).status, 101);
    assertError(await kato.get('/api/v1/live'), 400, 'websocket_required');
    assertError(await anonymous(server).get('/api/v1/live'), 401);
  });
});

describe('who is told', () => {
  test('team members hear of a new post, its comment and its reading; the message holds ids only', async () => {
    const katoLive = await live(kato);
    assert.equal(katoLive.status, 101);
    const post = await writePost(ito, patient.id, { body: '血圧 142/88 の記録（本文は届かない）' });
    const created = await katoLive.waitFor((m) => m.type === 'post.created' && m.post_id === post.id);
    assert.deepEqual(Object.keys(created).sort(), ['patient_id', 'post_id', 'type']);
    assert.equal(created.patient_id, patient.id);

    const itoLive = await live(ito);
    await kato.post(`/api/v1/posts/${post.id}/read`);
    await itoLive.waitFor((m) => m.type === 'post.read' && m.post_id === post.id);
    await kato.post(`/api/v1/posts/${post.id}/comments`, { body: '了解しました' });
    await itoLive.waitFor((m) => m.type === 'comment.created' && m.post_id === post.id);
    await ito.patch(`/api/v1/posts/${post.id}`, { body: '血圧 140/86（再測定）' });
    await katoLive.waitFor((m) => m.type === 'post.updated' && m.post_id === post.id);
  });

  test('someone outside the team hears nothing of it', async () => {
    const tanakaLive = await live(tanaka);
    const own = await registerPatient(tanaka, { name: '田中 担当', name_kana: 'タナカ タントウ' });
    await writePost(ito, patient.id, { body: '田中さんには届かない記録' });
    // Events reach tanaka in order: once his own patient's post arrives, the
    // earlier one would have arrived before it.
    await writePost(tanaka, own.id, { body: '自分の利用者の記録' });
    await tanakaLive.waitFor((m) => m.type === 'post.created' && m.patient_id === own.id);
    assert.ok(!tanakaLive.messages.some((m) => m.patient_id === patient.id), JSON.stringify(tanakaLive.messages));
  });

  test('a removed member is told that the team changed, and hears nothing after', async () => {
    const p = await registerPatient(kato, { name: '除外 確認', name_kana: 'ジョガイ カクニン' });
    await addMembers(kato, p.id, 'user-tanaka');
    const tanakaLive = await live(tanaka);
    assert.equal((await kato.delete(`/api/v1/patients/${p.id}/members/user-tanaka`)).status, 204);
    await tanakaLive.waitFor((m) => m.type === 'team.changed' && m.patient_id === p.id);
  });
});

describe('several servers over one PostgreSQL database', () => {
  test('a post written through server A reaches a phone connected to server B', async (t) => {
    if (dbKind !== 'postgres') {
      t.skip('needs PostgreSQL (SQLite serves one process)');
      return;
    }
    const second = await startServer({ demo: false, db: { url: server.db.url, drop: () => {} } });
    try {
      const katoOnB = await signIn(second, 'kato');
      const ws = await openWebSocket(second.base, '/api/v1/live', { cookie: katoOnB.cookie });
      sockets.push(ws);
      assert.equal(ws.status, 101);
      const post = await writePost(ito, patient.id, { body: 'サーバーAからの投稿' });
      await ws.waitFor((m) => m.type === 'post.created' && m.post_id === post.id, 3000);
    } finally {
      await second.stop({ keepDb: true });
    }
  });
});
