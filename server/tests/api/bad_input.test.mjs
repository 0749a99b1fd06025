// Hostile or broken input: every case gets a clear 4xx in the error format,
// changes nothing, and leaves the server healthy.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import net from 'node:net';
import { assertError, assertOk, application, apply, allPages, rawRequest, until } from './helpers.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await signIn(server, 'admin');
});
afterEach(async () => {
  const r = await fetch(`${server.base}/healthz`);
  assert.equal(r.status, 200, 'the server is still healthy');
});
after(async () => {
  await server?.stop();
});

const json = { 'content-type': 'application/json' };

// The registrations an admin can see with this login (there should be none after refused input).
async function registrationsOf(login) {
  return (await allPages(admin, '/api/v1/registrations')).filter((r) => r.login === login);
}

function post(path, raw, headers = json) {
  return anonymous(server).request('POST', path, { raw, headers });
}

describe('broken bodies', () => {
  test('malformed JSON is 400 invalid_json', async () => {
    assertError(await post('/api/v1/session', '{"login": "ito", '), 400, 'invalid_json');
    assertError(await post('/api/v1/registrations', '{login: ito}'), 400, 'invalid_json');
  });

  test('a JSON array, string or number instead of an object is 400', async () => {
    for (const body of ['[]', '[{"login":"ito"}]', '"ito"', '42', 'null']) {
      assertError(await post('/api/v1/session', body), 400);
    }
  });

  test('wrong types are 400 naming each field', async () => {
    const a = anonymous(server);
    assertError(await a.post('/api/v1/session', { login: 123, password: ['x'] }), 400, 'invalid_argument', ['login', 'password']);
    const form = application({ name: { first: 'x' }, login: 42, region_id: true, email: 3.5 });
    assertError(await a.post('/api/v1/registrations', form), 400, 'invalid_argument', ['name', 'login', 'region_id', 'email']);
  });

  test('invalid UTF-8 inside a JSON string is 400 and nothing is stored', async () => {
    const form = application();
    const text = JSON.stringify({ ...form, name: '@@NAME@@' });
    const [head, tail] = text.split('@@NAME@@');
    const body = Buffer.concat([Buffer.from(head), Buffer.from([0x41, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(tail)]);
    assertError(await post('/api/v1/registrations', body), 400);
    assert.deepEqual(await registrationsOf(form.login), []);
  });

  test('a body over 1 MiB is 413 and nothing is stored', async () => {
    const form = application({ name: 'x'.repeat(1024 * 1024 + 10) });
    assertError(await post('/api/v1/registrations', JSON.stringify(form)), 413);
    assert.deepEqual(await registrationsOf(form.login), []);
  });

  test('a body over 1 MiB sent in chunks, without Content-Length, is 413 too', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent === 0) controller.enqueue(Buffer.from('{"name":"'));
        if (sent > 1.5 * 1024 * 1024) controller.close();
        else {
          controller.enqueue(chunk);
          sent += chunk.length;
        }
      },
    });
    let res;
    try {
      res = await fetch(`${server.base}/api/v1/registrations`, { method: 'POST', headers: json, body: stream, duplex: 'half' });
    } catch (e) {
      // The server may close the connection before the whole body is sent; that is a refusal too.
      return;
    }
    assert.equal(res.status, 413);
    assertError({ status: res.status, body: await res.json() }, 413);
  });

  test('Content-Type text/plain is 415', async () => {
    const form = application();
    assertError(await post('/api/v1/registrations', JSON.stringify(form), { 'content-type': 'text/plain' }), 415);
    assertError(await post('/api/v1/session', JSON.stringify({ login: 'ito', password: 'x' }), { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    assert.deepEqual(await registrationsOf(form.login), []);
  });

  test('application/json with a charset parameter is accepted', async () => {
    const form = application();
    const r = await post('/api/v1/registrations', JSON.stringify(form), { 'content-type': 'application/json; charset=utf-8' });
    assertOk(r, 202);
  });

  test('unknown fields are 400 naming them', async () => {
    const form = application({ is_system_admin: true, roles: ['system_admin'] });
    assertError(await anonymous(server).post('/api/v1/registrations', form), 400, 'invalid_argument', ['is_system_admin', 'roles']);
    assert.deepEqual(await registrationsOf(form.login), []);
  });

  test('a name of 101 characters is 400; 100 characters is fine', async () => {
    const long = application({ name: '山'.repeat(101) });
    assertError(await anonymous(server).post('/api/v1/registrations', long), 400, 'invalid_argument', ['name']);
    assert.deepEqual(await registrationsOf(long.login), []);
    const ok = await apply(server, { name: '山'.repeat(100) });
    assert.equal((await registrationsOf(ok.login))[0].name, '山'.repeat(100));
  });

  test('control characters in a name are refused', async () => {
    assertError(await anonymous(server).post('/api/v1/registrations', application({ name: 'a\u0000b' })), 400, 'invalid_argument', ['name']);
    assertError(await anonymous(server).post('/api/v1/registrations', application({ name: 'a\u0007b' })), 400, 'invalid_argument', ['name']);
  });
});

describe('odd but valid text', () => {
  test('emoji, combining marks and a right-to-left override in a name round-trip exactly', async () => {
    const names = [
      '👩‍⚕️ 山田 花子 🏥',
      'e\u0301 Ame\u0301lie 𠮷野',
      '\u202eabc\u202c 逆向き',
      'ﾊﾝｶｸ ｶﾅ 〜 ♨',
    ];
    for (const name of names) {
      const a = await apply(server, { name });
      const [stored] = await registrationsOf(a.login);
      assert.equal(stored.name, name);
      assert.equal(Buffer.from(stored.name).toString('hex'), Buffer.from(name).toString('hex'));
    }
  });

  test('an organisation name with odd Unicode round-trips exactly', async () => {
    const name = 'クリニック\u200d👨‍👩‍👧 e\u0301\u202e';
    const created = assertOk(await admin.post('/api/v1/organizations', { name, type: 'clinic', region_id: 'region-ina' }), 201);
    assert.equal(created.name, name);
    const listed = (await allPages(anonymous(server), '/api/v1/organizations?region_id=region-ina')).find((o) => o.id === created.id);
    assert.equal(listed.name, name);
  });
});

describe('injection attempts are just data', () => {
  const sql = "' OR 1=1 --";

  test('SQL in a login at sign-in is a plain 401', async () => {
    for (const login of [sql, "admin'--", 'admin" OR "1"="1', "'; DROP TABLE users; --"]) {
      assertError(await anonymous(server).post('/api/v1/session', { login, password: "' OR '1'='1" }), 401, 'invalid_credentials');
    }
    assertOk(await admin.get('/api/v1/me'));
  });

  test('SQL in a name is stored as text', async () => {
    const name = "Robert'); DROP TABLE registrations;--";
    const a = await apply(server, { name });
    assert.equal((await registrationsOf(a.login))[0].name, name);
  });

  test('SQL in query parameters finds nothing and leaks nothing', async () => {
    const q = encodeURIComponent(sql);
    assert.deepEqual(assertOk(await admin.get(`/api/v1/users?q=${q}`)).items, []);
    assert.deepEqual(assertOk(await anonymous(server).get(`/api/v1/organizations?region_id=${q}`)), { items: [], next: null });
    assert.deepEqual(assertOk(await admin.get(`/api/v1/audit?user_id=${q}`)).items, []);
    assert.deepEqual(assertOk(await admin.get(`/api/v1/registrations?region_id=${q}`)).items, []);
    const r = await anonymous(server).get(`/api/v1/organizations?before=${q}`);
    assert.ok([200, 400].includes(r.status), `status ${r.status}`);
    if (r.status === 200) assert.ok(Array.isArray(r.body.items));
  });

  test('a script in a name is stored as text and answered as JSON, never as HTML', async () => {
    const name = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const a = await apply(server, { name });
    const res = await fetch(`${server.base}/api/v1/registrations?limit=100`, { headers: { cookie: admin.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const body = await res.json();
    assert.equal(body.items.find((r) => r.login === a.login).name, name);
  });
});

describe('tricky URLs', () => {
  test('path traversal never returns a file outside the web root', async () => {
    for (const path of [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2fetc/passwd',
      '/assets/../../../../etc/passwd',
      '/..%252f..%252fetc/passwd',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '//etc/passwd',
      '/api/v1/../../etc/passwd',
    ]) {
      const r = await rawRequest(server.base, 'GET', path);
      assert.ok(!r.text.includes('root:'), `${path} leaked ${r.text.slice(0, 80)}`);
      assert.ok([200, 400, 404].includes(r.status), `${path}: ${r.status}`);
      if (r.status === 200) assert.match(r.text, /^(<!doctype html>|Tsunagu API server)/i, path);
    }
  });

  test('an unknown API path is a JSON 404', async () => {
    const r = await anonymous(server).get('/api/v1/nothing');
    assertError(r, 404, 'not_found');
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assertError(await anonymous(server).get('/api/v2/regions'), 404);
  });

  test('a wrong method is a 405 with Allow', async () => {
    const r = await anonymous(server).request('PUT', '/api/v1/session');
    assertError(r, 405);
    const allow = r.headers.get('allow').split(',').map((s) => s.trim()).sort();
    assert.deepEqual(allow, ['DELETE', 'GET', 'POST']);
    const d = await anonymous(server).request('DELETE', '/api/v1/regions');
    assertError(d, 405);
    assert.match(d.headers.get('allow'), /GET/);
  });

  test('a NUL byte in the path is refused', async () => {
    for (const path of ['/api/v1/regions%00', '/api/v1/users/%00/password-reset', '/%00']) {
      const r = await rawRequest(server.base, 'GET', path);
      assert.ok([400, 404].includes(r.status), `${path}: ${r.status}`);
      const body = JSON.parse(r.text);
      assert.equal(typeof body.error.code, 'string');
    }
  });

  test('?limit=abc is a 400 naming limit', async () => {
    assertError(await anonymous(server).get('/api/v1/organizations?limit=abc'), 400, 'invalid_argument', ['limit']);
    assertError(await admin.get('/api/v1/users?limit=1e2'), 400, 'invalid_argument', ['limit']);
  });

  test('a repeated query parameter is a 400', async () => {
    assertError(await anonymous(server).get('/api/v1/organizations?limit=1&limit=2'), 400, 'invalid_argument', ['limit']);
    assertError(await anonymous(server).get('/api/v1/organizations?region_id=region-ina&region_id=region-minowa'), 400, 'invalid_argument', ['region_id']);
  });

  test('a malformed percent-encoding is refused cleanly', async () => {
    const r = await rawRequest(server.base, 'GET', '/api/v1/organizations?region_id=%zz');
    assert.ok([200, 400].includes(r.status), `status ${r.status}`);
    JSON.parse(r.text);
  });

  test('an over-long id in a path is a 404', async () => {
    assertError(await admin.post(`/api/v1/registrations/${'x'.repeat(5000)}/approve`), 404);
  });
});

describe('one connection, several requests', () => {
  // Sends `payload` on one keep-alive connection and collects the answers until `done(text)`.
  async function exchange(payload, done) {
    const { port } = new URL(server.base);
    const sock = net.connect(Number(port), '127.0.0.1');
    let text = '';
    let closed = false;
    sock.on('data', (d) => (text += d.toString('latin1')));
    sock.on('close', () => (closed = true));
    sock.on('error', () => (closed = true));
    await new Promise((ok) => sock.on('connect', ok));
    sock.write(payload);
    await until(() => closed || done(text), { what: 'the answers' });
    sock.destroy();
    return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
  }

  test('a body the server did not need is never taken for a second request', async () => {
    const hidden = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
    const statuses = await exchange(
      `POST /api/v1/nothing HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${hidden.length}\r\n\r\n${hidden}` +
        'GET /api/v1/regions HTTP/1.1\r\nHost: x\r\n\r\n',
      (t) => t.includes('"items"'),
    );
    assert.deepEqual(statuses, [404, 200]);
  });

  test('after a 413 the same connection still serves the next request', async () => {
    const big = 'x'.repeat(1024 * 1024 + 100);
    const statuses = await exchange(
      `POST /api/v1/registrations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n${big}` +
        'GET /api/v1/regions HTTP/1.1\r\nHost: x\r\n\r\n',
      (t) => t.includes('"items"'),
    );
    assert.deepEqual(statuses, [413, 200]);
  });
});
