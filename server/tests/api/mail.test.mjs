// E-mail notifications and @mentions: the outbox written with the post, the
// sender speaking SMTP to a sink, per-user settings, the daily digest, and the
// rule that a mail never carries a patient's name or any clinical text.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { signIn } from '../support/client.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';
import { assertError, assertOk, registerPatient, addMembers, writePost, until } from './helpers.mjs';

const PUBLIC_URL = 'http://tsunagu.example';
const mailOf = (login) => `${login}@example.jp`;

let sink;
let server;
let admin;
let kato;
let ito;
let sato;
let tanaka;
let patient;
let patient2;
const bodies = [];

before(async () => {
  sink = await startSmtpSink();
  server = await startServer({
    extraArgs: ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--public-url', PUBLIC_URL,
      '--mail-from', 'tsunagu@tsunagu.example', '--digest-time', 'none'],
  });
  [admin, kato, ito, sato, tanaka] = await Promise.all(
    ['admin', 'kato', 'ito', 'sato', 'tanaka'].map((l) => signIn(server, l)),
  );
  patient = await registerPatient(kato);
  await addMembers(kato, patient.id, 'user-ito', 'user-sato');
});
after(async () => {
  await server?.stop();
  await sink?.close();
});

async function post(author, patientId, overrides) {
  const p = await writePost(author, patientId, overrides);
  bodies.push(p.body);
  return p;
}

// Waits until `login` has `count` mails; returns them.
function mailsFor(login, count) {
  return until(() => {
    const got = sink.to(mailOf(login));
    return got.length >= count ? got : null;
  }, { what: `${count} mail(s) for ${login}` });
}

describe('notification settings', () => {
  test('defaults, then PATCH changes only the given fields', async () => {
    assert.deepEqual(assertOk(await tanaka.get('/api/v1/me/notifications')),
      { email_enabled: true, immediate: 'urgent_and_mentions', digest: 'daily' });
    assert.deepEqual(assertOk(await tanaka.request('PATCH', '/api/v1/me/notifications', { body: { immediate: 'all' } })),
      { email_enabled: true, immediate: 'all', digest: 'daily' });
    assert.deepEqual(assertOk(await tanaka.get('/api/v1/me/notifications')),
      { email_enabled: true, immediate: 'all', digest: 'daily' });
    assertOk(await tanaka.request('PATCH', '/api/v1/me/notifications', { body: { immediate: 'urgent_and_mentions' } }));
  });

  test('bad values are 400 naming each field', async () => {
    const r = await tanaka.request('PATCH', '/api/v1/me/notifications',
      { body: { immediate: 'sometimes', digest: 'weekly', email_enabled: 'yes' } });
    assertError(r, 400, null, ['immediate', 'digest', 'email_enabled']);
    assertError(await tanaka.request('PATCH', '/api/v1/me/notifications', { body: { colour: 'red' } }), 400, null, ['colour']);
  });
});

describe('immediate mail', () => {
  test('an urgent post mails the other members at once, not the author', async () => {
    const p = await post(ito, patient.id, { category: 'vitals', body: '血圧 182/104、頭痛の訴えあり。至急受診を検討。', urgent: true });
    const [toKato] = await mailsFor('kato', 1);
    const [toSato] = await mailsFor('sato', 1);
    for (const m of [toKato, toSato]) {
      assert.equal(m.subject, '【つなぐ】緊急の記録があります');
      assert.match(m.body, /緊急の記録があります/);
      assert.ok(m.body.includes(`${PUBLIC_URL}/patients/${patient.id}`), m.body);
      assert.equal(m.from, 'tsunagu@tsunagu.example');
      assert.match(m.headers['content-type'], /charset=UTF-8/i);
      assert.match(m.headers.subject, /^=\?UTF-8\?/i);
    }
    assert.equal(sink.to(mailOf('ito')).length, 0, 'the author gets no mail');
    assert.deepEqual(p.mention_user_ids, []);
  });

  test('a mention mails the member named; the post lists mention_user_ids', async () => {
    const p = await post(sato, patient.id, { body: '@加藤 さん 内服薬の残数を確認してください。', mention_user_ids: ['user-kato', 'user-kato'] });
    assert.deepEqual(p.mention_user_ids, ['user-kato']);
    assert.deepEqual(assertOk(await ito.get(`/api/v1/posts/${p.id}`)).mention_user_ids, ['user-kato']);
    const timeline = assertOk(await ito.get(`/api/v1/patients/${patient.id}/posts`));
    assert.deepEqual(timeline.items.find((x) => x.id === p.id).mention_user_ids, ['user-kato']);
    const mails = await mailsFor('kato', 2);
    assert.equal(mails[1].subject, '【つなぐ】あなた宛ての記録があります');
    assert.ok(mails[1].body.includes(`${PUBLIC_URL}/patients/${patient.id}`));
  });

  test('mentioning someone outside the team is 400 naming mention_user_ids, and nothing is stored', async () => {
    const before = assertOk(await kato.get(`/api/v1/patients/${patient.id}/posts?limit=100`)).items.length;
    const r = await kato.post(`/api/v1/patients/${patient.id}/posts`,
      { category: 'observation', body: '確認をお願いします', mention_user_ids: ['user-tanaka'] });
    assertError(r, 400, null, ['mention_user_ids']);
    assertError(await kato.post(`/api/v1/patients/${patient.id}/posts`,
      { category: 'observation', body: '確認', mention_user_ids: ['no-such-user'] }), 400, null, ['mention_user_ids']);
    assertError(await kato.post(`/api/v1/patients/${patient.id}/posts`,
      { category: 'observation', body: '確認', mention_user_ids: 'user-ito' }), 400, null, ['mention_user_ids']);
    const after = assertOk(await kato.get(`/api/v1/patients/${patient.id}/posts?limit=100`)).items.length;
    assert.equal(after, before);
  });
});

describe('the daily digest', () => {
  test('plain posts send nothing at once and are counted in the digest', async () => {
    await post(kato, patient.id, { body: '昼食は全量摂取。むせ込みなし。' });
    patient2 = await registerPatient(kato);
    await addMembers(kato, patient2.id, 'user-ito');
    await post(kato, patient2.id, { category: 'excretion', body: '排便あり、普通便。' });
    // ito: the mention post, kato's plain post (patient 1) and one on patient 2; sato: kato's plain post.
    assertError(await ito.post('/api/v1/admin/mail/digest'), 403);
    const r = assertOk(await admin.post('/api/v1/admin/mail/digest'));
    assert.equal(r.digests, 2);
    const [toIto] = await mailsFor('ito', 1);
    assert.equal(toIto.subject, '【つなぐ】2名の利用者に3件の新しい記録があります');
    assert.ok(toIto.body.includes(`${PUBLIC_URL}/`));
    const satoMails = await mailsFor('sato', 2);
    assert.equal(satoMails[1].subject, '【つなぐ】1名の利用者に1件の新しい記録があります');
    assert.equal(sink.to(mailOf('kato')).length, 2, 'no immediate mail for plain posts');
    // Counted once: a second run has nothing left.
    assert.equal(assertOk(await admin.post('/api/v1/admin/mail/digest')).digests, 0);
  });
});

describe('settings are respected', () => {
  test('e-mail disabled and immediate none send nothing; the defaults still send', async () => {
    assertOk(await kato.request('PATCH', '/api/v1/me/notifications', { body: { email_enabled: false } }));
    assertOk(await sato.request('PATCH', '/api/v1/me/notifications', { body: { immediate: 'none', digest: 'none' } }));
    await addMembers(kato, patient.id, 'user-tanaka');
    const katoBefore = sink.to(mailOf('kato')).length;
    const satoBefore = sink.to(mailOf('sato')).length;
    await post(ito, patient.id, { body: '発熱 38.2℃。', urgent: true, mention_user_ids: ['user-kato', 'user-sato'] });
    // tanaka's mail leaves in the same batch as any mail for kato or sato would.
    const [toTanaka] = await mailsFor('tanaka', 1);
    assert.equal(toTanaka.subject, '【つなぐ】緊急の記録があります');
    assert.equal(sink.to(mailOf('kato')).length, katoBefore);
    assert.equal(sink.to(mailOf('sato')).length, satoBefore);
    // Nor is anything kept for their digest.
    assert.equal(assertOk(await admin.post('/api/v1/admin/mail/digest')).digests, 0);
  });

  test('immediate "all" mails plain posts too', async () => {
    assertOk(await tanaka.request('PATCH', '/api/v1/me/notifications', { body: { immediate: 'all' } }));
    await post(ito, patient.id, { category: 'meal', body: '夕食は半分程度。' });
    const mails = await mailsFor('tanaka', 2);
    assert.equal(mails[1].subject, '【つなぐ】新しい記録があります');
  });
});

describe('edits and refusals', () => {
  test('a post made urgent by an edit alerts the team at once; the digest counts it once', async () => {
    assertOk(await kato.patch('/api/v1/me/notifications', { email_enabled: true }));
    const katoBefore = sink.to(mailOf('kato')).length;
    const p = await post(ito, patient2.id, { body: '入浴は見合わせました。' });
    const edited = '入浴は見合わせました。様子を見ます。';
    bodies.push(edited);
    assert.equal(assertOk(await ito.patch(`/api/v1/posts/${p.id}`, { body: edited })).urgent, false);
    assert.equal(assertOk(await ito.patch(`/api/v1/posts/${p.id}`, { urgent: true })).urgent, true);
    const mails = await mailsFor('kato', katoBefore + 1);
    assert.equal(mails[katoBefore].subject, '【つなぐ】緊急の記録があります');
    assert.ok(mails[katoBefore].body.includes(`${PUBLIC_URL}/patients/${patient2.id}`));
    // Neither the plain post nor the text edit mailed at once; the digest
    // counts the post once although it was collected and then made urgent.
    assert.equal(assertOk(await admin.post('/api/v1/admin/mail/digest')).digests, 1);
    const withDigest = await mailsFor('kato', katoBefore + 2);
    assert.equal(withDigest.length, katoBefore + 2);
    assert.equal(withDigest[katoBefore + 1].subject, '【つなぐ】1名の利用者に1件の新しい記録があります');
  });

  test('a recipient the SMTP server refuses does not hold up the next mail of the connection', async () => {
    // kato (urgent and mentions) and tanaka (all) are mailed; sato asked for none.
    const before = { kato: sink.to(mailOf('kato')).length, tanaka: sink.to(mailOf('tanaka')).length };
    sink.refuseNextRecipients(1, '550 5.1.1 <mailbox>: Recipient address rejected');
    await post(ito, patient.id, { category: 'vitals', body: '転倒あり、右膝に擦過傷。', urgent: true });
    await until(() => (sink.refused.length === 1 ? true : null), { what: 'one refused recipient' });
    const refusedLogin = sink.refused[0].split('@')[0];
    assert.ok(['kato', 'tanaka'].includes(refusedLogin), sink.refused[0]);
    const other = refusedLogin === 'kato' ? 'tanaka' : 'kato';
    const mails = await mailsFor(other, before[other] + 1);
    assert.equal(mails[before[other]].subject, '【つなぐ】緊急の記録があります');
    assert.equal(sink.to(mailOf(refusedLogin)).length, before[refusedLogin]);
  });
});

describe('what a mail may say', () => {
  test('no mail contains a patient name, address or any post text', async () => {
    assert.ok(sink.messages.length >= 7, `mails received: ${sink.messages.length}`);
    const forbidden = [patient.name, patient2.name, patient.name_kana, patient.address, patient.birth_date, ...bodies];
    for (const m of sink.messages) {
      const text = `${m.subject}\n${m.body}\n${m.data}`;
      for (const f of forbidden) assert.ok(!text.includes(f), `mail to ${m.to} contains "${f}"`);
      for (const word of ['血圧', '頭痛', '内服', '排便', '発熱', '夕食', 'vitals', 'excretion', 'meal']) {
        assert.ok(!text.includes(word), `mail to ${m.to} contains "${word}"`);
      }
      assert.match(m.subject, /記録があります$/);
    }
  });
});

describe('the daily digest at its hour', () => {
  test('a server started after its digest time sends that day\'s digest by itself, once', async () => {
    const ownSink = await startSmtpSink();
    const mailArgs = ['--smtp-host', '127.0.0.1', '--smtp-port', String(ownSink.port), '--public-url', PUBLIC_URL,
      '--mail-from', 'tsunagu@tsunagu.example'];
    const first = await startServer({ extraArgs: [...mailArgs, '--digest-time', 'none'] });
    let second;
    try {
      const [lead] = await Promise.all(['kato'].map((l) => signIn(first, l)));
      const p = await registerPatient(lead);
      await addMembers(lead, p.id, 'user-ito');
      await writePost(lead, p.id, { body: '夕食は半量。' });
      await first.stop({ keepDb: true });
      // 00:00 Japan time has always passed: the new server's sender starts the digest at once.
      second = await startServer({ demo: false, db: first.db, extraArgs: [...mailArgs, '--digest-time', '00:00'] });
      const [mail] = await until(() => {
        const got = ownSink.to(mailOf('ito'));
        return got.length ? got : null;
      }, { what: 'the digest for ito' });
      assert.equal(mail.subject, '【つなぐ】1名の利用者に1件の新しい記録があります');
      // The day is claimed in the database: asked again, nothing is left to send.
      const [secondAdmin] = await Promise.all(['admin'].map((l) => signIn(second, l)));
      assert.equal(assertOk(await secondAdmin.post('/api/v1/admin/mail/digest')).digests, 0);
      assert.equal(ownSink.to(mailOf('ito')).length, 1);
    } finally {
      await second?.stop();
      await first.stop().catch(() => {});
      await ownSink.close();
    }
  });
});

describe('STARTTLS and AUTH against a TLS-speaking server', () => {
  // A certificate for 127.0.0.1 made for this test, trusted only when given
  // to the server with --smtp-ca-file.
  function certificate() {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-smtp-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    return { dir, certFile: join(dir, 'cert.pem'), key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  }
  async function urgentPostTo(srv, login) {
    const lead = await signIn(srv, 'kato');
    const p = await registerPatient(lead);
    await addMembers(lead, p.id, `user-${login}`);
    await writePost(lead, p.id, { body: '至急: 発熱 38.9 度。', urgent: true });
  }
  const tlsArgs = (sinkPort) => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sinkPort), '--smtp-starttls',
    '--smtp-user', 'tsunagu-mailer', '--smtp-password', 'mailer-secret', '--public-url', PUBLIC_URL,
    '--mail-from', 'tsunagu@tsunagu.example', '--digest-time', 'none'];

  test('with the server\'s CA trusted, the mail goes after STARTTLS, and the credentials only inside TLS', async () => {
    const { dir, certFile, key, cert } = certificate();
    const tlsSink = await startSmtpSink({ tls: { key, cert } });
    const srv = await startServer({ extraArgs: [...tlsArgs(tlsSink.port), '--smtp-ca-file', certFile] });
    try {
      await urgentPostTo(srv, 'ito');
      const [mail] = await until(() => {
        const got = tlsSink.to(mailOf('ito'));
        return got.length ? got : null;
      }, { what: 'the urgent mail for ito over TLS' });
      assert.match(mail.subject, /^【つなぐ】/);
      assert.ok(tlsSink.logins.length >= 1);
      for (const l of tlsSink.logins) assert.deepEqual(l, { user: 'tsunagu-mailer', password: 'mailer-secret', secure: true });
    } finally {
      await srv.stop();
      await tlsSink.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a certificate nobody vouches for stops the mail before any credential is sent', async () => {
    const { dir, key, cert } = certificate();
    const tlsSink = await startSmtpSink({ tls: { key, cert } });
    const srv = await startServer({ extraArgs: tlsArgs(tlsSink.port) });
    try {
      await urgentPostTo(srv, 'ito');
      await until(() => (/mail: cannot reach 127\.0\.0\.1:\d+: .*certificate verify failed/.test(srv.log()) ? true : null),
        { what: 'the sender refusing the untrusted certificate' });
      assert.deepEqual(tlsSink.logins, []);
      assert.equal(tlsSink.messages.length, 0);
    } finally {
      await srv.stop();
      await tlsSink.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreadable CA file is refused at start', async () => {
    const r = await startServer({ extraArgs: ['--smtp-host', '127.0.0.1', '--smtp-starttls', '--smtp-ca-file', '/nonexistent/ca.pem'] })
      .then((srv) => srv.stop().then(() => 'started'), (e) => e.message);
    assert.match(r, /smtp-ca-file/);
  });
});
