// The audit trail: who may read it, what it records, its filters and its verification.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { signIn, anonymous, DEMO_PASSWORD } from '../support/client.mjs';
import { totpCode, timeStep } from '../../../web/e2e/totp.mjs';
import {
  assertError, assertOk, apply, allPages, trySignIn, RFC3339_WITH_OFFSET, registerPatient, addMembers, writePost, until,
} from './helpers.mjs';

let server;
let admin;
let minowaAdmin;
let inaAdmin;
let kato;
const made = {};

// Every audit record of the given action, as the system admin sees them.
async function recordsOf(action, client = admin) {
  return allPages(client, `/api/v1/audit?action=${encodeURIComponent(action)}`);
}

before(async () => {
  server = await startServer();
  [admin, minowaAdmin, inaAdmin, kato] = await Promise.all(
    ['admin', 'minowa-admin', 'ina-admin', 'kato'].map((l) => signIn(server, l)),
  );
  // A day's worth of events to look for.
  await signIn(server, 'sato');
  assertError((await trySignIn(server, 'ito', 'a-wrong-password')).res, 401);
  made.approved = await apply(server);
  made.rejected = await apply(server);
  assertOk(await minowaAdmin.post(`/api/v1/registrations/${made.approved.id}/approve`));
  assertOk(await minowaAdmin.post(`/api/v1/registrations/${made.rejected.id}/reject`, { reason: 'テスト' }));
  const changer = await signIn(server, 'minowa-nurse-02');
  assert.equal((await changer.post('/api/v1/me/password', { current_password: DEMO_PASSWORD, new_password: 'changed-password-1' })).status, 204);
  assertOk(await minowaAdmin.post('/api/v1/users/user-minowa-nurse-05/password-reset'));
  const enroller = await signIn(server, 'minowa-nurse-06');
  const { secret } = assertOk(await enroller.post('/api/v1/me/totp', {}));
  assertOk(await enroller.post('/api/v1/me/totp/confirm', { code: totpCode(secret, timeStep()) }));
  // Minamiminowa: nobody else in this file signs in there.
  assertOk(await admin.patch('/api/v1/regions/region-minamiminowa', { require_totp: true }));
  assertOk(await admin.patch('/api/v1/regions/region-minamiminowa', { require_totp: false }));
  made.org = assertOk(await minowaAdmin.post('/api/v1/organizations', { name: '監査テスト薬局', type: 'pharmacy', region_id: 'region-minowa' }), 201);
});
after(async () => {
  await server?.stop();
});

describe('who may read the audit trail', () => {
  test('signed out 401, member 403', async () => {
    assertError(await anonymous(server).get('/api/v1/audit'), 401);
    assertError(await kato.get('/api/v1/audit'), 403, 'permission_denied');
  });

  test('the system admin reads every record, newest first, in the documented shape', async () => {
    const r = assertOk(await admin.get('/api/v1/audit?limit=100'));
    assert.ok(r.items.length > 10);
    for (const rec of r.items) {
      assert.deepEqual(Object.keys(rec).sort(), ['action', 'at', 'id', 'ip', 'patient_id', 'target', 'user_id', 'user_name']);
      if (rec.user_id === 'user-kato') assert.equal(rec.user_name, '加藤 恵子');
      if (rec.user_id === null) assert.equal(rec.user_name, null);
      assert.equal(typeof rec.id, 'string');
      assert.match(rec.at, RFC3339_WITH_OFFSET);
      assert.ok(!Number.isNaN(Date.parse(rec.at)));
    }
    const times = r.items.map((x) => Date.parse(x.at));
    for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], 'newest first');
    const ids = r.items.map((x) => BigInt(x.id));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] > ids[i], 'newest first');
  });

  test('a region admin reads only the records of their own region\'s people', async () => {
    const items = await allPages(minowaAdmin, '/api/v1/audit');
    assert.ok(items.length > 0);
    const foreign = new Set(['user-admin', 'user-ina-admin', 'user-sato', null]);
    assert.deepEqual(items.filter((r) => foreign.has(r.user_id)), []);
    assert.ok(items.some((r) => r.user_id === 'user-kato' && r.action === 'session.sign_in'));
    const ina = await allPages(inaAdmin, '/api/v1/audit');
    assert.ok(ina.some((r) => r.user_id === 'user-sato' && r.action === 'session.sign_in'));
    assert.ok(!ina.some((r) => r.user_id === 'user-kato'));
    // Asking for someone of another region gives nothing.
    assert.deepEqual(await allPages(minowaAdmin, '/api/v1/audit?user_id=user-sato'), []);
  });
});

describe('what the trail records', () => {
  test('sign-in success and failure, with the person, the IP and the time', async () => {
    const ok = (await recordsOf('session.sign_in')).filter((r) => r.user_id === 'user-kato');
    assert.ok(ok.length >= 1);
    assert.equal(ok[0].ip, '127.0.0.1');
    const failed = (await recordsOf('session.sign_in_failed')).filter((r) => r.user_id === 'user-ito');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].ip, '127.0.0.1');
    assert.match(failed[0].at, RFC3339_WITH_OFFSET);
    assert.ok(Math.abs(Date.parse(failed[0].at) - Date.now()) < 10 * 60 * 1000, 'recorded at about now');
  });

  test('applying, approving and rejecting', async () => {
    const applied = await recordsOf('registration.apply');
    for (const id of [made.approved.id, made.rejected.id]) {
      const rec = applied.find((r) => r.target.includes(id));
      assert.ok(rec, `apply record for ${id}`);
      assert.equal(rec.user_id, null);
      assert.equal(rec.ip, '127.0.0.1');
    }
    const approved = (await recordsOf('registration.approve')).find((r) => r.target.includes(made.approved.id));
    assert.equal(approved.user_id, 'user-minowa-admin');
    const rejected = (await recordsOf('registration.reject')).find((r) => r.target.includes(made.rejected.id));
    assert.equal(rejected.user_id, 'user-minowa-admin');
  });

  test('password change and reset, TOTP enrolment, region settings and new organisations', async () => {
    const changed = (await recordsOf('password.changed')).find((r) => r.user_id === 'user-minowa-nurse-02');
    assert.ok(changed);
    const reset = (await recordsOf('password.reset')).find((r) => r.target.includes('user-minowa-nurse-05'));
    assert.equal(reset.user_id, 'user-minowa-admin');
    assert.ok((await recordsOf('totp.enrolled')).some((r) => r.user_id === 'user-minowa-nurse-06'));
    const region = (await recordsOf('region.totp_required')).find((r) => r.target.includes('region-minamiminowa'));
    assert.equal(region.user_id, 'user-admin');
    const org = (await recordsOf('organization.create')).find((r) => r.target.includes(made.org.id));
    assert.equal(org.user_id, 'user-minowa-admin');
  });
});

describe('filtering and paging', () => {
  test('by user_id and by action', async () => {
    const kato_ = await allPages(admin, '/api/v1/audit?user_id=user-kato');
    assert.ok(kato_.length > 0);
    assert.ok(kato_.every((r) => r.user_id === 'user-kato'));
    const signIns = await recordsOf('session.sign_in');
    assert.ok(signIns.length >= 5);
    assert.ok(signIns.every((r) => r.action === 'session.sign_in'));
    assert.deepEqual(await recordsOf('no.such.action'), []);
  });

  test('by time: from is inclusive and to exclusive, as RFC 3339 with offset or as dates', async () => {
    const all = await allPages(admin, '/api/v1/audit?action=session.sign_in');
    const pivot = all[Math.floor(all.length / 2)];
    const at = encodeURIComponent(pivot.at);
    const from = await allPages(admin, `/api/v1/audit?action=session.sign_in&from=${at}`);
    assert.ok(from.some((r) => r.id === pivot.id));
    assert.ok(from.every((r) => Date.parse(r.at) >= Date.parse(pivot.at)));
    const to = await allPages(admin, `/api/v1/audit?action=session.sign_in&to=${at}`);
    assert.ok(!to.some((r) => r.id === pivot.id));
    assert.ok(to.every((r) => Date.parse(r.at) < Date.parse(pivot.at)));
    // The same instant in UTC selects the same records.
    const utc = encodeURIComponent(new Date(Date.parse(pivot.at)).toISOString().replace('.000Z', 'Z'));
    assert.deepEqual((await allPages(admin, `/api/v1/audit?action=session.sign_in&from=${utc}`)).map((r) => r.id), from.map((r) => r.id));
    // Far future and far past.
    assert.deepEqual(await allPages(admin, '/api/v1/audit?from=2999-01-01'), []);
    assert.deepEqual(await allPages(admin, '/api/v1/audit?to=2000-01-01'), []);
  });

  test('a bad time is a 400 naming it', async () => {
    assertError(await admin.get('/api/v1/audit?from=yesterday'), 400, 'invalid_argument', ['from']);
    assertError(await admin.get('/api/v1/audit?to=2024-13-01'), 400, 'invalid_argument', ['to']);
  });

  test('pages with limit and before, without overlap', async () => {
    const first = assertOk(await admin.get('/api/v1/audit?limit=2'));
    assert.equal(first.items.length, 2);
    assert.equal(typeof first.next, 'string');
    const second = assertOk(await admin.get(`/api/v1/audit?limit=2&before=${encodeURIComponent(first.next)}`));
    assert.equal(second.items.length, 2);
    assert.ok(BigInt(second.items[0].id) < BigInt(first.items[1].id));
    assertError(await admin.get('/api/v1/audit?before=not-a-cursor'), 400, 'invalid_argument', ['before']);
  });
});

describe('verifying the chain', () => {
  test('the system admin verifies the trail: intact, with the number of records', async () => {
    const v = assertOk(await admin.get('/api/v1/audit/verification'));
    assert.equal(v.intact, true);
    assert.equal(typeof v.records, 'number');
    assert.ok(v.records > 10);
  });

  test('region admins, members and visitors may not', async () => {
    assertError(await minowaAdmin.get('/api/v1/audit/verification'), 403, 'permission_denied');
    assertError(await kato.get('/api/v1/audit/verification'), 403, 'permission_denied');
    assertError(await anonymous(server).get('/api/v1/audit/verification'), 401);
  });
});

// ---- Export, action names, denied accesses, retention ----

// The export as bytes (fetch's text() would drop the byte-order mark).
async function download(client, query = '') {
  const headers = client.cookie ? { cookie: client.cookie } : {};
  const res = await fetch(`${client.base}/api/v1/audit/export${query}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

// RFC 4180: rows of cells (quotes doubled inside quoted cells).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i++;
    } else cell += ch;
  }
  assert.equal(quoted, false, 'no quote left open');
  assert.equal(row.length + cell.length, 0, 'the file ends with CRLF');
  return rows;
}

const CSV_HEADER = ['番号', '日時', '操作者ID', '操作者', '操作', '利用者ID', '対象', 'IPアドレス'];

// The export's records as objects keyed by the header; checks the file's form.
function exportedRecords(file) {
  assert.equal(file.status, 200, file.text.slice(0, 300));
  assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  assert.match(file.headers.get('content-type'), /^text\/csv; charset=utf-8$/);
  assert.match(file.headers.get('content-disposition'), /^attachment; filename="audit-\d{8}-\d{6}\.csv"$/);
  const rows = parseCsv(file.text.slice(1));
  assert.deepEqual(rows[0], CSV_HEADER);
  for (const r of rows) assert.equal(r.length, CSV_HEADER.length, JSON.stringify(r));
  return rows.slice(1).map((r) => Object.fromEntries(CSV_HEADER.map((h, i) => [h, r[i]])));
}

// A record of the list as the export writes it.
function asExported(rec) {
  assert.ok(rec.at.endsWith('+09:00'), rec.at);
  return {
    番号: rec.id,
    日時: rec.at.slice(0, 19).replace('T', ' '),
    操作者ID: rec.user_id ?? '',
    操作者: rec.user_name ?? '',
    操作: rec.action,
    利用者ID: rec.patient_id ?? '',
    対象: rec.target,
    IPアドレス: rec.ip,
  };
}

describe('exporting the trail as CSV', () => {
  test('signed out 401, a professional 403, admins 200', async () => {
    assertError(await anonymous(server).get('/api/v1/audit/export'), 401);
    assertError(await kato.get('/api/v1/audit/export'), 403, 'permission_denied');
    exportedRecords(await download(minowaAdmin));
    exportedRecords(await download(admin));
  });

  test('the file holds exactly the listed records, newest first, in Japan time with each person\'s name', async () => {
    const listed = await allPages(admin, '/api/v1/audit?user_id=user-minowa-admin');
    assert.ok(listed.length >= 5);
    const rows = exportedRecords(await download(admin, '?user_id=user-minowa-admin'));
    assert.deepEqual(rows, listed.map(asExported));
    assert.ok(rows.every((r) => r.操作者 === '唐沢 直子'));
    assert.equal(exportedRecords(await download(admin, '?user_id=user-kato'))[0]?.操作者, '加藤 恵子');
    assert.match(rows[0].日時, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  test('filters by action and time as the list does', async () => {
    const all = await allPages(admin, '/api/v1/audit?action=session.sign_in');
    const pivot = all[Math.floor(all.length / 2)];
    const q = `?action=session.sign_in&from=${encodeURIComponent(pivot.at)}`;
    const listed = await allPages(admin, `/api/v1/audit${q}`);
    const rows = exportedRecords(await download(admin, q));
    assert.deepEqual(rows.map((r) => r.番号), listed.map((r) => r.id));
    assert.ok(rows.some((r) => r.番号 === pivot.id));
    assert.ok(rows.every((r) => r.操作 === 'session.sign_in'));
    assert.deepEqual(exportedRecords(await download(admin, '?from=2999-01-01')), []);
  });

  test('a region admin\'s file holds only what their region\'s people did', async () => {
    const rows = exportedRecords(await download(minowaAdmin));
    assert.ok(rows.some((r) => r.操作者ID === 'user-kato'));
    const foreign = new Set(['user-admin', 'user-ina-admin', 'user-sato', '']);
    assert.deepEqual(rows.filter((r) => foreign.has(r.操作者ID)), []);
    assert.deepEqual(exportedRecords(await download(minowaAdmin, '?user_id=user-sato')), []);
    const ina = exportedRecords(await download(inaAdmin));
    assert.ok(ina.some((r) => r.操作者ID === 'user-sato'));
    assert.ok(!ina.some((r) => r.操作者ID === 'user-kato'));
  });

  test('a formula-looking name is neutralised with a leading apostrophe', async () => {
    const evil = "=cmd|' /C calc'!A0";
    const a = await apply(server, { name: evil });
    assertOk(await minowaAdmin.post(`/api/v1/registrations/${a.id}/approve`));
    await signIn(server, a.login, a.password);
    const [user] = assertOk(await admin.get(`/api/v1/users?q=${encodeURIComponent(a.login)}`)).items;
    assert.equal(user.name, evil);
    const file = await download(admin, `?user_id=${user.id}`);
    const rows = exportedRecords(file);
    assert.ok(rows.length >= 1);
    for (const r of rows) assert.equal(r.操作者, `'${evil}`);
    assert.ok(file.text.includes(`,'${evil},`), 'written defused, not quoted');
    // No cell of the whole trail starts a formula.
    for (const r of exportedRecords(await download(admin))) {
      for (const v of Object.values(r)) assert.doesNotMatch(v, /^[=+\-@\t\r]/, v);
    }
  });

  test('exporting is itself recorded; a bad filter is 400 and records nothing', async () => {
    const exportsBy = async (user) => (await recordsOf('audit.export')).filter((r) => r.user_id === user);
    const before = (await exportsBy('user-minowa-admin')).length;
    exportedRecords(await download(minowaAdmin, '?action=session.sign_in'));
    assert.equal((await exportsBy('user-minowa-admin')).length, before + 1);
    const bad = await minowaAdmin.get('/api/v1/audit/export?from=yesterday');
    assertError(bad, 400, 'invalid_argument', ['from']);
    assertError(await minowaAdmin.get('/api/v1/audit/export?action=a&action=b'), 400);
    assert.equal((await exportsBy('user-minowa-admin')).length, before + 1);
  });
});

describe('action names for the filter', () => {
  test('admins get every action that occurs, once each, sorted; others may not', async () => {
    assertError(await anonymous(server).get('/api/v1/audit/actions'), 401);
    assertError(await kato.get('/api/v1/audit/actions'), 403, 'permission_denied');
    const { items } = assertOk(await admin.get('/api/v1/audit/actions'));
    assert.deepEqual(items, [...new Set(items)].sort());
    const occurring = new Set((await allPages(admin, '/api/v1/audit')).map((r) => r.action));
    for (const a of occurring) assert.ok(items.includes(a), a);
    for (const a of ['session.sign_in', 'registration.approve', 'audit.read']) assert.ok(items.includes(a), a);
    assert.deepEqual(assertOk(await minowaAdmin.get('/api/v1/audit/actions')).items, items);
  });
});

describe('denied accesses to a patient are recorded', () => {
  let patient;
  let tanaka;
  let ito;
  let sato;
  const denials = (client, user) => allPages(client, `/api/v1/audit?action=patient.denied&user_id=${user}`);

  before(async () => {
    [tanaka, ito, sato] = await Promise.all(['tanaka', 'ito', 'sato'].map((l) => signIn(server, l)));
    patient = await registerPatient(kato);
    await addMembers(kato, patient.id, 'user-ito');
    await writePost(kato, patient.id);
  });

  test('an outsider opening the patient gets 404, and the attempt is in the trail at once', async () => {
    assertError(await tanaka.get(`/api/v1/patients/${patient.id}`), 404);
    const recs = (await denials(admin, 'user-tanaka')).filter((r) => r.patient_id === patient.id);
    assert.equal(recs.length, 1);
    assert.match(recs[0].target, /^patient\.\w+ /);
    assert.equal(recs[0].ip, '127.0.0.1');
    assertError(await tanaka.get(`/api/v1/patients/${patient.id}/posts`), 404);
    assert.equal((await denials(admin, 'user-tanaka')).filter((r) => r.patient_id === patient.id).length, 2);
  });

  test('an outsider writing is refused, nothing is written, and the attempt is recorded', async () => {
    assertError(await tanaka.post(`/api/v1/patients/${patient.id}/posts`, { category: 'observation', body: '侵入', urgent: false }), 404);
    const rec = await until(async () => (await denials(admin, 'user-tanaka')).find((r) => r.target.startsWith('post.create ')), {
      what: 'the post.create denial',
    });
    assert.equal(rec.patient_id, patient.id);
    const posts = await allPages(kato, `/api/v1/patients/${patient.id}/posts`);
    assert.ok(!posts.some((p) => p.author_id === 'user-tanaka'));
  });

  test('a member doing what only the lead may gets 403, recorded too', async () => {
    assertError(await ito.post(`/api/v1/patients/${patient.id}/consent/withdraw`, { reason: '本人の希望' }), 403, 'lead_only');
    const rec = await until(async () => (await denials(admin, 'user-ito')).find((r) => r.target.startsWith('consent.withdraw ')), {
      what: 'the consent.withdraw denial',
    });
    assert.equal(rec.patient_id, patient.id);
  });

  test('an unknown patient id is recorded too; a path no id could fill is refused before any check', async () => {
    assertError(await tanaka.get('/api/v1/patients/no-such-patient'), 404);
    const recs = await denials(admin, 'user-tanaka');
    assert.ok(recs.some((r) => r.patient_id === 'no-such-patient' && r.target === 'patient.read patient:no-such-patient'));
    assertError(await tanaka.get(`/api/v1/patients/${'x'.repeat(300)}`), 404);
    assert.equal((await denials(admin, 'user-tanaka')).length, recs.length);
  });

  test('team members and allowed actions leave no denial; the region admins see their own people\'s attempts', async () => {
    assertOk(await kato.get(`/api/v1/patients/${patient.id}`));
    assertOk(await ito.get(`/api/v1/patients/${patient.id}/posts`));
    assert.deepEqual(await denials(admin, 'user-kato'), []);
    assertError(await sato.get(`/api/v1/patients/${patient.id}`), 404);
    assert.ok((await denials(minowaAdmin, 'user-tanaka')).length >= 1);
    // Records about a patient belong to the patient's region: Minowa's admin
    // sees the Ina doctor's attempt on a Minowa patient; Ina's admin does not.
    assert.equal((await denials(minowaAdmin, 'user-sato')).filter((r) => r.patient_id === patient.id).length, 1);
    assert.deepEqual(await denials(inaAdmin, 'user-sato'), []);
    assert.deepEqual(await denials(inaAdmin, 'user-tanaka'), []);
    // Records about no patient follow the person's region.
    const signIns = (client) => allPages(client, '/api/v1/audit?action=session.sign_in&user_id=user-sato');
    assert.ok((await signIns(inaAdmin)).length >= 1);
    assert.deepEqual(await signIns(minowaAdmin), []);
    // They reach the export, and the chain stays intact.
    const rows = exportedRecords(await download(minowaAdmin, '?action=patient.denied'));
    assert.ok(rows.some((r) => r.操作者ID === 'user-tanaka' && r.利用者ID === patient.id));
    assert.equal(assertOk(await admin.get('/api/v1/audit/verification')).intact, true);
  });
});

describe('a read is recorded before it is answered', () => {
  test('the reads answered just before the server dies are in the trail after it restarts, once each', async () => {
    // On SQLite reads are recorded in the audit journal and join the trail
    // five times a second; a crash in between must lose none of them.
    const srv = await startServer();
    let again;
    try {
      const lead = await signIn(srv, 'kato');
      const patient = await registerPatient(lead);
      for (let i = 0; i < 5; i++) assertOk(await lead.get(`/api/v1/patients/${patient.id}/posts`));
      await srv.stop({ keepDb: true, signal: 'SIGKILL' });
      again = await startServer({ db: srv.db, demo: false });
      const root = await signIn(again, 'admin');
      const reads = (await allPages(root, `/api/v1/audit?action=post.list&patient_id=${patient.id}`)).filter(
        (r) => r.user_id === 'user-kato',
      );
      assert.equal(reads.length, 5);
      assert.deepEqual(assertOk(await root.get('/api/v1/audit/verification')).intact, true);
    } finally {
      if (again) await again.stop();
      else srv.db.drop();
    }
  });
});

describe('nothing can change or delete the trail (kept for at least 5 years)', () => {
  test('no method but GET reaches any audit route, and every record stays as it was', async () => {
    const snapshot = assertOk(await admin.get('/api/v1/audit?limit=100')).items;
    const countBefore = assertOk(await admin.get('/api/v1/audit/verification')).records;
    const paths = ['/api/v1/audit', `/api/v1/audit/${snapshot[0].id}`, '/api/v1/audit/export', '/api/v1/audit/actions', '/api/v1/audit/verification'];
    for (const path of paths) {
      for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
        const r = await admin.request(method, path, { body: { action: 'forged', target: 'x' } });
        assert.ok([404, 405].includes(r.status), `${method} ${path}: ${r.status}`);
      }
    }
    const after = assertOk(await admin.get(`/api/v1/audit?limit=100&before=${BigInt(snapshot[0].id) + 1n}`)).items;
    assert.deepEqual(after, snapshot);
    const v = assertOk(await admin.get('/api/v1/audit/verification'));
    assert.equal(v.intact, true);
    assert.ok(v.records >= countBefore);
  });
});
