// Attachments: photos and PDFs uploaded first, then posted with a note. An
// upload is its uploader's alone until posted; then the patient's team reads
// it through the patient access door, and everyone else is told it does not exist.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, dbKind } from '../support/server.mjs';
import { signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, registerPatient, addMembers, rawRequest, patientForm } from './helpers.mjs';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const MiB = 1024 * 1024;

let server;
let kato;
let ito;
let sato;
let patient;
let outsiders; // signed in, but not on the patient's team

before(async () => {
  server = await startServer();
  const logins = ['kato', 'ito', 'sato', 'tanaka', 'ina-nurse-01', 'admin', 'minowa-admin', 'ina-admin'];
  const clients = await Promise.all(logins.map((l) => signIn(server, l)));
  [kato, ito, sato] = clients;
  outsiders = Object.fromEntries(logins.slice(3).map((l, i) => [l, clients[i + 3]]));
  patient = await registerPatient(kato);
  await addMembers(kato, patient.id, 'user-ito', 'user-sato');
});
after(async () => {
  await server?.stop();
});

// ---- files ----

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
// A valid RGBA PNG of width x height (a colour gradient, half transparent).
function makePng(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * (width * 4 + 1) + 1 + x * 4;
      raw.set([(x * 255) / width, (y * 255) / height, 90, x < width / 2 ? 255 : 128], o);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
// A minimal valid one-page PDF.
function makePdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
// Width and height of a JPEG, from its SOF segment.
function jpegSize(buf) {
  let i = 2;
  while (i + 9 < buf.length && buf[i] === 0xff) {
    const m = buf[i + 1];
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return { width: buf.readUInt16BE(i + 7), height: buf.readUInt16BE(i + 5) };
    }
    i += 2 + buf.readUInt16BE(i + 2);
  }
  throw new Error('no SOF in JPEG');
}

const JPEG = readFileSync(join(fixtures, 'photo.jpg')); // 640x400, made with libgd
const WEBP = readFileSync(join(fixtures, 'photo.webp')); // 96x60
const HEIC = readFileSync(join(fixtures, 'photo.heic')); // 64x48, HEVC
const PNG = makePng(48, 30);
const PDF = makePdf();

// ---- requests ----

// Uploads `data` as the form field `file` (fetch builds the multipart body).
function upload(client, data, fileName = 'photo.jpg', { type = 'application/octet-stream', field = 'file', csrf } = {}) {
  const form = new FormData();
  form.append(field, new Blob([data], { type }), fileName);
  return client.request('POST', '/api/v1/attachments', { raw: form, csrf });
}
async function uploaded(client, data, fileName) {
  return assertOk(await upload(client, data, fileName), 201);
}
async function getBytes(client, path) {
  const res = await fetch(server.base + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
function post(client, attachmentIds, body = '褥瘡の状態です。写真を添付します。') {
  return client.post(`/api/v1/patients/${patient.id}/posts`, { category: 'observation', body, attachment_ids: attachmentIds });
}
// Rows of a table, straight from the database (to check that nothing was stored).
function countRows(table) {
  const sql = `SELECT COUNT(*) FROM ${table}`;
  const out = dbKind === 'postgres'
    ? execFileSync('psql', [server.db.url, '-tAc', sql])
    : execFileSync('sqlite3', [server.db.url.slice('sqlite:'.length), sql]);
  return Number(out.toString().trim());
}

describe('uploading', () => {
  test('a JPEG from the phone: 201 with its description and a thumbnail', async () => {
    const r = await upload(ito, JPEG, 'IMG_0001.jpg', { type: 'image/jpeg' });
    const a = assertOk(r, 201);
    assert.deepEqual(Object.keys(a).sort(), ['byte_size', 'content_type', 'created_at', 'file_name', 'id', 'thumbnail']);
    assert.equal(typeof a.id, 'string');
    assert.equal(a.content_type, 'image/jpeg');
    assert.equal(a.byte_size, JPEG.length);
    assert.equal(a.file_name, 'IMG_0001.jpg');
    assert.match(a.created_at, /\+09:00$/);
    assert.equal(a.thumbnail, true);
  });

  test('PNG, WebP, HEIC and PDF are recognised by their content, whatever they are called', async () => {
    const png = await uploaded(ito, PNG, 'scan');
    assert.equal(png.content_type, 'image/png');
    assert.equal(png.thumbnail, true);
    const webp = await uploaded(ito, WEBP, 'wound.bin');
    assert.equal(webp.content_type, 'image/webp');
    assert.equal(webp.thumbnail, true);
    const heic = await uploaded(ito, HEIC, 'IMG_0002.HEIC');
    assert.equal(heic.content_type, 'image/heic');
    assert.equal(heic.thumbnail, true);
    const pdf = await uploaded(ito, PDF, '診療情報提供書.pdf');
    assert.equal(pdf.content_type, 'application/pdf');
    assert.equal(pdf.file_name, '診療情報提供書.pdf');
    assert.equal(pdf.thumbnail, false);
  });

  test('content that is none of them is 415, even named photo.jpg and declared image/jpeg; nothing is stored', async () => {
    const before = countRows('attachments');
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    assertError(await upload(ito, html, 'photo.jpg', { type: 'image/jpeg' }), 415, 'unsupported_media_type');
    assertError(await upload(ito, Buffer.from('just some text'), 'note.pdf'), 415, 'unsupported_media_type');
    assertError(await upload(ito, Buffer.from('GIF89a....'), 'anim.gif'), 415, 'unsupported_media_type');
    assert.equal(countRows('attachments'), before);
  });

  test('an empty file is 400, and so is an image that cannot be decoded; nothing is stored', async () => {
    const before = countRows('attachments');
    assertError(await upload(ito, Buffer.alloc(0), 'empty.jpg'), 400, 'invalid_argument', ['file']);
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]);
    assertError(await upload(ito, broken, 'broken.jpg'), 400, 'invalid_argument', ['file']);
    assertError(await upload(ito, PNG.subarray(0, 60), 'cut.png'), 400, 'invalid_argument', ['file']);
    assert.equal(countRows('attachments'), before);
  });

  test('over 20 MiB is 413 too_large while streaming, and nothing is stored', async () => {
    const before = countRows('attachments');
    const big = Buffer.alloc(20 * MiB + 1, 0x20);
    PDF.copy(big); // a valid start: only the size is wrong
    assertError(await upload(ito, big, 'big.pdf'), 413, 'too_large');
    assert.equal(countRows('attachments'), before);
    assert.equal(countRows('attachment_data'), before);
    // Exactly 20 MiB is accepted.
    const max = big.subarray(0, 20 * MiB);
    const a = await uploaded(ito, max, 'max.pdf');
    assert.equal(a.byte_size, 20 * MiB);
  });

  test('a declared Content-Length over the limit is refused before the body is read', async () => {
    const r = await rawRequest(server.base, 'POST', '/api/v1/attachments', {
      headers: {
        cookie: ito.cookie,
        'x-csrf-token': ito.csrf,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(40 * MiB),
      },
    });
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.text).error.code, 'too_large');
  });

  test('a path in the file name is 400, and nothing is stored', async () => {
    const before = countRows('attachments');
    for (const name of ['../../etc/passwd', 'C:\\Users\\ito\\Pictures\\床ずれ.png', '..\\..\\boot.ini', 'photos/a.png', '..']) {
      assertError(await upload(ito, PNG, name), 400, 'invalid_argument', ['file']);
    }
    assert.equal(countRows('attachments'), before);
    assert.equal(countRows('attachment_data'), before);
  });

  test('the file name is kept for display only: no control characters, at most 200 characters', async () => {
    assert.equal((await uploaded(ito, PNG, '床ずれ.png')).file_name, '床ずれ.png');
    assert.equal((await uploaded(ito, PNG, 'a\u0001b\u007f\u202ecp.png')).file_name, 'abcp.png');
    assert.equal((await uploaded(ito, PNG, '\u0001')).file_name, 'file.png');
    const long = '写'.repeat(300) + '.png';
    assert.equal((await uploaded(ito, PNG, long)).file_name, '写'.repeat(200));
  });

  test('signed out 401, without the CSRF token 403, not multipart 415, no file field 400', async () => {
    assertError(await upload(anonymous(server), PNG), 401, 'unauthenticated');
    assertError(await upload(ito, PNG, 'x.png', { csrf: false }), 403, 'csrf_failed');
    assertError(await ito.post('/api/v1/attachments', { file: 'aGVsbG8=' }), 415, 'unsupported_media_type');
    assertError(await upload(ito, PNG, 'x.png', { field: 'photo' }), 400, 'invalid_argument', ['file']);
  });

  test('a system administrator (no organisation) may not upload', async () => {
    assertError(await upload(outsiders.admin, PNG), 403);
  });
});

describe('posting and reading', () => {
  let jpeg;
  let pdf;
  let posted;

  before(async () => {
    jpeg = await uploaded(ito, JPEG, '仙骨部 1月.jpg');
    pdf = await uploaded(ito, PDF, '指示書.pdf');
  });

  test('before it is posted, only the uploader can read an upload', async () => {
    const mine = await getBytes(ito, `/api/v1/attachments/${jpeg.id}`);
    assert.equal(mine.status, 200);
    assert.equal(sha256(mine.bytes), sha256(JPEG));
    for (const other of [kato, sato, outsiders.tanaka, outsiders.admin]) {
      assertError(await other.get(`/api/v1/attachments/${jpeg.id}`), 404, 'not_found');
      assertError(await other.get(`/api/v1/attachments/${jpeg.id}/thumbnail`), 404, 'not_found');
    }
  });

  test('a post links its attachments, in order, in its own transaction', async () => {
    posted = assertOk(await post(ito, [pdf.id, jpeg.id]), 201);
    assert.deepEqual(posted.attachment_ids, [pdf.id, jpeg.id]);
    assert.deepEqual(posted.attachments, [
      { id: pdf.id, content_type: 'application/pdf', file_name: '指示書.pdf', byte_size: PDF.length, thumbnail: false },
      { id: jpeg.id, content_type: 'image/jpeg', file_name: '仙骨部 1月.jpg', byte_size: JPEG.length, thumbnail: true },
    ]);
    const seen = assertOk(await sato.get(`/api/v1/posts/${posted.id}`));
    assert.deepEqual(seen.attachment_ids, [pdf.id, jpeg.id]);
    const timeline = assertOk(await sato.get(`/api/v1/patients/${patient.id}/posts`));
    assert.deepEqual(timeline.items.find((p) => p.id === posted.id).attachment_ids, [pdf.id, jpeg.id]);
  });

  test('a team member downloads the same bytes, served safely', async () => {
    const r = await getBytes(sato, `/api/v1/attachments/${jpeg.id}`);
    assert.equal(r.status, 200);
    assert.equal(sha256(r.bytes), sha256(JPEG));
    assert.equal(r.headers.get('content-type'), 'image/jpeg');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('cache-control'), /^private\b/);
    assert.equal(
      r.headers.get('content-disposition'),
      `inline; filename="___ 1_.jpg"; filename*=UTF-8''${encodeURIComponent('仙骨部 1月.jpg')}`,
    );
    const doc = await getBytes(kato, `/api/v1/attachments/${pdf.id}`);
    assert.equal(doc.status, 200);
    assert.equal(doc.headers.get('content-type'), 'application/pdf');
    assert.equal(sha256(doc.bytes), sha256(PDF));
  });

  test('the thumbnail is a JPEG of at most 320 px on the long side; a PDF has none', async () => {
    const r = await getBytes(sato, `/api/v1/attachments/${jpeg.id}/thumbnail`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual([...r.bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.deepEqual(jpegSize(r.bytes), { width: 320, height: 200 });
    assertError(await sato.get(`/api/v1/attachments/${pdf.id}/thumbnail`), 404, 'not_found');
  });

  test('outside the team (another team, another region, administrators) it does not exist', async () => {
    for (const [login, client] of Object.entries(outsiders)) {
      for (const path of [`/api/v1/attachments/${jpeg.id}`, `/api/v1/attachments/${jpeg.id}/thumbnail`,
        `/api/v1/attachments/${pdf.id}`]) {
        const r = await client.get(path);
        assert.equal(r.status, 404, `${login} ${path}: ${r.status}`);
        assertError(r, 404, 'not_found');
      }
    }
    assertError(await anonymous(server).get(`/api/v1/attachments/${jpeg.id}`), 401, 'unauthenticated');
    assertError(await sato.get('/api/v1/attachments/no-such-id'), 404, 'not_found');
  });

  test('uploads and reads are in the audit trail', async () => {
    const admin = outsiders.admin;
    const reads = assertOk(await admin.get(`/api/v1/audit?patient_id=${patient.id}&action=attachment.read`));
    assert.ok(reads.items.some((e) => e.user_id === 'user-sato' && e.target === `attachment:${jpeg.id}`));
    const uploads = assertOk(await admin.get('/api/v1/audit?user_id=user-ito&action=attachment.upload'));
    assert.ok(uploads.items.some((e) => e.target === `attachment:${jpeg.id}`));
  });
});

describe('what a post may attach', () => {
  test("someone else's upload, an already posted one or an unknown id: 400 naming attachment_ids, nothing stored", async () => {
    const katos = await uploaded(kato, PNG, 'kato.png');
    const mine = await uploaded(ito, PNG, 'ito.png');
    const used = await uploaded(ito, PNG, 'used.png');
    assertOk(await post(ito, [used.id]), 201);
    const before = assertOk(await ito.get(`/api/v1/patients/${patient.id}/posts?limit=100`)).items.length;
    for (const ids of [[katos.id], [mine.id, katos.id], [used.id], [mine.id, mine.id], ['no-such-attachment']]) {
      assertError(await post(ito, ids), 400, 'invalid_argument', ['attachment_ids']);
    }
    const after = assertOk(await ito.get(`/api/v1/patients/${patient.id}/posts?limit=100`)).items.length;
    assert.equal(after, before);
    // Nothing was linked by the refused posts: both can still be posted by their owners.
    assert.deepEqual(assertOk(await post(ito, [mine.id]), 201).attachment_ids, [mine.id]);
    assert.deepEqual(assertOk(await post(kato, [katos.id]), 201).attachment_ids, [katos.id]);
  });
});

describe("the scan of a patient's signed consent form", () => {
  const register = (client, documentId) =>
    client.post('/api/v1/patients', patientForm({ consent: { document_attachment_id: documentId } }, 'user-kato'));

  test('uploaded first, then named at registration: the team reads it, nobody else does', async () => {
    const scan = await uploaded(kato, PDF, '同意書.pdf');
    const p = assertOk(await register(kato, scan.id), 201);
    assert.equal(p.consent.document_attachment_id, scan.id);
    await addMembers(kato, p.id, 'user-ito');
    for (const member of [kato, ito]) {
      const got = await getBytes(member, `/api/v1/attachments/${scan.id}`);
      assert.equal(got.status, 200);
      assert.equal(sha256(got.bytes), sha256(PDF));
    }
    assert.equal(assertOk(await ito.get(`/api/v1/patients/${p.id}`)).consent.document_attachment_id, scan.id);
    for (const [login, client] of [['sato', sato], ...Object.entries(outsiders)]) {
      assert.equal((await getBytes(client, `/api/v1/attachments/${scan.id}`)).status, 404, login);
    }
    assert.equal((await getBytes(anonymous(server), `/api/v1/attachments/${scan.id}`)).status, 401);
    // It is the patient's now: it cannot be posted, nor name another patient's consent.
    assertError(await post(kato, [scan.id]), 400, 'invalid_argument', ['attachment_ids']);
    assertError(await register(kato, scan.id), 400, 'invalid_argument', ['consent.document_attachment_id']);
  });

  test("someone else's upload, a posted one or an unknown id: 400 naming it, and nobody is registered", async () => {
    const itos = await uploaded(ito, PDF, 'ito.pdf');
    const used = await uploaded(kato, PNG, 'used.png');
    assertOk(await post(kato, [used.id]), 201);
    const patientsBefore = countRows('patients');
    const consentsBefore = countRows('consents');
    for (const id of [itos.id, used.id, 'attachment-nowhere']) {
      assertError(await register(kato, id), 400, 'invalid_argument', ['consent.document_attachment_id']);
    }
    assert.equal(countRows('patients'), patientsBefore);
    assert.equal(countRows('consents'), consentsBefore);
    // The refused one is still its uploader's to use.
    assert.equal(assertOk(await post(ito, [itos.id]), 201).attachment_ids[0], itos.id);
  });
});

describe('a member removed from the team', () => {
  test('loses the patient’s attachments at once', async () => {
    const photo = await uploaded(ito, PNG, 'wound.png');
    assertOk(await post(ito, [photo.id]), 201);
    const tanaka = outsiders.tanaka;
    await addMembers(kato, patient.id, 'user-tanaka');
    assert.equal((await getBytes(tanaka, `/api/v1/attachments/${photo.id}`)).status, 200);
    assert.equal((await getBytes(tanaka, `/api/v1/attachments/${photo.id}/thumbnail`)).status, 200);
    assert.equal((await kato.delete(`/api/v1/patients/${patient.id}/members/user-tanaka`)).status, 204);
    assert.equal((await getBytes(tanaka, `/api/v1/attachments/${photo.id}`)).status, 404);
    assert.equal((await getBytes(tanaka, `/api/v1/attachments/${photo.id}/thumbnail`)).status, 404);
  });
});
