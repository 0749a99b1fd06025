// CSV import of organisations and professionals (POST /api/v1/imports/...):
// encodings, the dry run, all or nothing, every row's problems, who may, and
// the first sign-in of an imported professional.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../support/server.mjs';
import { Client, signIn, anonymous } from '../support/client.mjs';
import { assertError, assertOk, allPages, trySignIn, NEW_PASSWORD } from './helpers.mjs';

let server;
let admin;
let minowaAdmin;
let inaAdmin;
let kato;

before(async () => {
  server = await startServer();
  [admin, minowaAdmin, inaAdmin, kato] = await Promise.all(
    ['admin', 'minowa-admin', 'ina-admin', 'kato'].map((l) => signIn(server, l)),
  );
});
after(async () => {
  await server?.stop();
});

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = (text) => Buffer.from(text, 'utf8');
const utf8Bom = (text) => Buffer.concat([BOM, utf8(text)]);
// Shift_JIS as Windows writes it, made by glibc's iconv.
const shiftJis = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP932'], { input: utf8(text) });
const csv = (...lines) => lines.join('\r\n') + '\r\n';

let counter = 0;
const unique = (prefix) => {
  counter += 1;
  return `${prefix}${process.pid % 10000}${counter}`;
};

function send(client, kind, body, { dryRun = false, type = 'text/csv' } = {}) {
  return client.request('POST', `/api/v1/imports/${kind}${dryRun ? '?dry_run=true' : ''}`, {
    raw: body,
    headers: { 'content-type': type },
  });
}

async function counts() {
  const [users, orgs, audit] = await Promise.all([
    allPages(admin, '/api/v1/users'),
    allPages(admin, '/api/v1/organizations'),
    allPages(admin, '/api/v1/audit?action=organization.create'),
  ]);
  return { users: users.length, orgs: orgs.length, orgAudit: audit.length };
}

const problemsAt = (body, line) => body.problems.filter((p) => p.line === line);

describe('organisations', () => {
  test('UTF-8 with BOM: a region admin imports into their region (地域 may be empty); audited', async () => {
    const a = unique('箕輪さくら診療所');
    const b = unique('みのわ訪問看護');
    const file = utf8Bom(csv('事業所名,種別,地域', `${a},診療所,`, `"${b}",visiting_nurse_station,箕輪町`));
    const r = assertOk(await send(minowaAdmin, 'organizations', file), 201);
    assert.equal(r.encoding, 'utf-8-bom');
    assert.equal(r.dry_run, false);
    assert.equal(r.valid, true);
    assert.deepEqual(r.problems, []);
    assert.equal(r.items.length, 2);
    assert.deepEqual(r.items.map((i) => [i.line, i.name, i.type, i.region_id]), [
      [2, a, 'clinic', 'region-minowa'],
      [3, b, 'visiting_nurse_station', 'region-minowa'],
    ]);
    const listed = await allPages(anonymous(server), '/api/v1/organizations?region_id=region-minowa');
    for (const item of r.items) assert.ok(listed.some((o) => o.id === item.id && o.name === item.name));
    const targets = (await allPages(admin, '/api/v1/audit?action=organization.create')).map((x) => x.target);
    for (const item of r.items) assert.ok(targets.includes(`organization:${item.id}`));
    const imports = await allPages(admin, '/api/v1/audit?action=import.organizations');
    assert.ok(imports.some((x) => x.target === `import:${r.import_id}`));
  });

  test('Shift_JIS (CP932): a system admin imports into several regions by region name or id', async () => {
    const a = unique('伊那①クリニック');
    const b = unique('南箕輪～薬局');
    const file = shiftJis(csv('地域,事業所名,種別', `伊那市,${a},clinic`, `region-minamiminowa,${b},薬局`));
    const r = assertOk(await send(admin, 'organizations', file), 201);
    assert.equal(r.encoding, 'shift_jis');
    assert.deepEqual(r.items.map((i) => [i.name, i.type, i.region_id, i.region_name]), [
      [a, 'clinic', 'region-ina', '伊那市'],
      [b, 'pharmacy', 'region-minamiminowa', '南箕輪村'],
    ]);
    const listed = await allPages(anonymous(server), '/api/v1/organizations?region_id=region-ina');
    assert.ok(listed.some((o) => o.name === a));
  });

  test('a bad row in the middle: 422 listing it, and nothing is written', async () => {
    const before = await counts();
    const good1 = unique('良い事業所');
    const good2 = unique('良い事業所');
    const file = utf8(csv('事業所名,種別,地域', `${good1},病院,箕輪町`, `${unique('悪い')},歯医者,箕輪町`, `${good2},薬局,箕輪町`));
    const res = await send(minowaAdmin, 'organizations', file);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'import_rejected');
    assert.equal(res.body.valid, false);
    assert.equal(res.body.import_id, null);
    assert.deepEqual(res.body.problems.map((p) => [p.line, p.column]), [[3, '種別']]);
    assert.ok(res.body.items.every((i) => i.id === null));
    assert.deepEqual(await counts(), before);
    const names = (await allPages(anonymous(server), '/api/v1/organizations')).map((o) => o.name);
    assert.ok(!names.includes(good1) && !names.includes(good2));
  });

  test('the dry run lists every problem of every row and writes nothing', async () => {
    const before = await counts();
    const twice = unique('重複');
    const file = utf8(csv(
      '事業所名,種別,地域',
      `${twice},clinic,箕輪町`, // 2: fine
      `${twice},hospital,箕輪町`, // 3: same name as line 2 in the same region
      '箕輪病院,hospital,箕輪町', // 4: already in the database
      ',clinic,箕輪町', // 5: no name
      `${unique('x')},,箕輪町`, // 6: no type
      `${unique('x')},clinic,どこか`, // 7: unknown region
      `${'あ'.repeat(101)},clinic,箕輪町`, // 8: too long
      `${unique('x')},clinic,伊那市`, // 9: a region the Minowa admin does not administer
      `${unique('x')},clinic`, // 10: too few fields
      '"改行\nあり",clinic,箕輪町', // 11-12: a line break in a name
      `${unique('y')},clinic,箕輪町`, // 13: fine
    ));
    const r = assertOk(await send(minowaAdmin, 'organizations', file, { dryRun: true }));
    assert.equal(r.dry_run, true);
    assert.equal(r.valid, false);
    const at = (line) => problemsAt(r, line).map((p) => p.column);
    assert.deepEqual(at(2), []);
    assert.deepEqual(at(3), ['事業所名']);
    assert.deepEqual(at(4), ['事業所名']);
    assert.deepEqual(at(5), ['事業所名']);
    assert.deepEqual(at(6), ['種別']);
    assert.deepEqual(at(7), ['地域']);
    assert.deepEqual(at(8), ['事業所名']);
    assert.deepEqual(at(9), ['地域']);
    assert.deepEqual(at(10), [null]);
    assert.deepEqual(at(11), ['事業所名']);
    assert.deepEqual(at(13), []);
    for (const p of r.problems) assert.match(p.message, /[ぁ-んァ-ン一-龥]/);
    assert.match(problemsAt(r, 3)[0].message, /2行目/);
    assert.deepEqual(await counts(), before);
  });

  test('a clean dry run writes nothing; the same file then imports', async () => {
    const before = await counts();
    const name = unique('確認用事業所');
    const file = utf8(csv('事業所名,種別', `${name},居宅介護支援事業所`));
    const dry = assertOk(await send(minowaAdmin, 'organizations', file, { dryRun: true }));
    assert.equal(dry.valid, true);
    assert.equal(dry.import_id, null);
    assert.deepEqual(dry.items.map((i) => [i.id, i.name, i.type]), [[null, name, 'care_management_office']]);
    assert.deepEqual(await counts(), before);
    const done = assertOk(await send(minowaAdmin, 'organizations', file), 201);
    assert.equal(typeof done.items[0].id, 'string');
    assert.equal((await counts()).orgs, before.orgs + 1);
  });

  test('headers: a missing, unknown or repeated column is a problem of line 1', async () => {
    const r1 = assertOk(await send(minowaAdmin, 'organizations', utf8(csv('名前,種別', 'x,clinic')), { dryRun: true }));
    assert.deepEqual(r1.problems.map((p) => [p.line, p.column]).sort(), [[1, '事業所名'], [1, '名前']].sort());
    const r2 = assertOk(await send(minowaAdmin, 'organizations', utf8(csv('事業所名,種別,種別', 'x,clinic,clinic')), { dryRun: true }));
    assert.deepEqual(r2.problems.map((p) => [p.line, p.column]), [[1, '種別']]);
    const r3 = assertOk(await send(minowaAdmin, 'organizations', utf8(csv('事業所名,種別')), { dryRun: true }));
    assert.equal(r3.problems.length, 1);
    const r4 = await send(minowaAdmin, 'organizations', utf8(''));
    assert.equal(r4.status, 422);
  });

  test('two admins importing the same new name at once: one import is written, the other refused whole', async () => {
    const name = unique('同時取込の事業所');
    const other = unique('同時取込の別事業所');
    const results = await Promise.all([
      send(minowaAdmin, 'organizations', utf8(csv('事業所名,種別,地域', `${name},clinic,箕輪町`))),
      send(admin, 'organizations', utf8(csv('事業所名,種別,地域', `${other},pharmacy,箕輪町`, `${name},pharmacy,箕輪町`))),
    ]);
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
    const refused = results.find((r) => r.status !== 201);
    // Refused at the check (422, the row named) or, when both passed it, at the write (409).
    assert.ok([409, 422].includes(refused.status), JSON.stringify(refused.body));
    assert.ok(['import_rejected', 'organization_name_taken'].includes(refused.body.error.code));
    const names = (await allPages(anonymous(server), '/api/v1/organizations?region_id=region-minowa')).map((o) => o.name);
    assert.equal(names.filter((n) => n === name).length, 1);
    assert.equal(names.filter((n) => n === other).length, statuses[1] === 201 ? 1 : 0, 'the refused import wrote nothing');
  });

  test('a system admin must name the region', async () => {
    const r = assertOk(await send(admin, 'organizations', utf8(csv('事業所名,種別,地域', `${unique('z')},clinic,`)), { dryRun: true }));
    assert.deepEqual(r.problems.map((p) => [p.line, p.column]), [[2, '地域']]);
  });
});

describe('files that are not CSV text', () => {
  test('bytes that are neither UTF-8 nor Shift_JIS: 400 naming the line; nothing written', async () => {
    const before = await counts();
    const broken = Buffer.concat([utf8('事業所名,種別\r\n箕輪,clinic\r\n'), Buffer.from([0xe3, 0x81, 0x0d, 0x0a])]);
    const e = assertError(await send(minowaAdmin, 'organizations', broken), 400, 'invalid_encoding');
    assert.match(e.message, /3行目/);
    const sjisBroken = Buffer.concat([shiftJis('事業所名,種別\r\n'), Buffer.from([0x41, 0x2c, 0x81])]);
    assert.match(assertError(await send(minowaAdmin, 'organizations', sjisBroken), 400, 'invalid_encoding').message, /2行目/);
    assertError(await send(minowaAdmin, 'organizations', Buffer.from('事業所名,種別\r\na\0,b\r\n')), 400, 'invalid_encoding');
    assertError(await send(minowaAdmin, 'organizations', utf8Bom('事業所名,種別\r\n"開いたまま,clinic\r\n'), { dryRun: true }), 400, 'invalid_csv');
    assert.deepEqual(await counts(), before);
  });

  test('415 unless text/csv; 400 for a bad dry_run; 413 beyond 1 MiB', async () => {
    const file = utf8(csv('事業所名,種別', 'x,clinic'));
    assertError(await send(minowaAdmin, 'organizations', file, { type: 'application/json' }), 415);
    assertError(await send(minowaAdmin, 'organizations', file, { type: 'text/plain' }), 415);
    assertOk(await send(minowaAdmin, 'organizations', file, { dryRun: true, type: 'text/csv; charset=Shift_JIS' }));
    assertError(
      await minowaAdmin.request('POST', '/api/v1/imports/organizations?dry_run=yes', { raw: file, headers: { 'content-type': 'text/csv' } }),
      400, 'invalid_argument', ['dry_run'],
    );
    const big = utf8('事業所名,種別\r\n' + 'あいうえお,clinic\r\n'.repeat(70000));
    assert.ok(big.length > 1024 * 1024);
    assertError(await send(minowaAdmin, 'organizations', big), 413);
    assertError(await send(minowaAdmin, 'professionals', big, { dryRun: true }), 413);
  });
});

describe('who may import', () => {
  const file = () => utf8(csv('事業所名,種別,地域', `${unique('権限')},clinic,箕輪町`));
  const pfile = () => utf8(csv('氏名,ふりがな,職種,事業所,ログインID', `権限 太郎,ケンゲン タロウ,nurse,箕輪病院,${unique('perm-')}`));

  test('signed out 401, without the CSRF token 403, a professional 403', async () => {
    const before = await counts();
    for (const kind of ['organizations', 'professionals']) {
      const f = kind === 'organizations' ? file() : pfile();
      assertError(await send(anonymous(server), kind, f), 401);
      assertError(await kato.request('POST', `/api/v1/imports/${kind}`, { raw: f, headers: { 'content-type': 'text/csv' }, csrf: false }), 403, 'csrf_failed');
      assertError(await send(kato, kind, f), 403, 'permission_denied');
      assertError(await send(kato, kind, f, { dryRun: true }), 403, 'permission_denied');
    }
    assert.deepEqual(await counts(), before);
  });

  test("another region's admin cannot import into this region (422, nothing written)", async () => {
    const before = await counts();
    const r1 = await send(inaAdmin, 'organizations', file());
    assert.equal(r1.status, 422);
    assert.deepEqual(r1.body.problems.map((p) => p.column), ['地域']);
    // Minowa's organisation, by name (not found from Ina) and by id (not visible to Ina's admin).
    const r2 = await send(inaAdmin, 'professionals', pfile());
    assert.equal(r2.status, 422);
    assert.deepEqual(r2.body.problems.map((p) => p.column), ['事業所']);
    const byId = utf8(csv('氏名,ふりがな,職種,事業所,ログインID', `権限 花子,ケンゲン ハナコ,nurse,org-minowa-hospital-1,${unique('perm-')}`));
    const r3 = await send(inaAdmin, 'professionals', byId);
    assert.equal(r3.status, 422);
    assert.deepEqual(r3.body.problems.map((p) => p.column), ['事業所']);
    assert.deepEqual(await counts(), before);
  });

  test('the region admin of the region and a system admin may', async () => {
    assertOk(await send(minowaAdmin, 'organizations', file()), 201);
    assertOk(await send(admin, 'organizations', file()), 201);
    assertOk(await send(minowaAdmin, 'professionals', pfile(), { dryRun: true }));
    assertOk(await send(admin, 'professionals', pfile(), { dryRun: true }));
  });
});

describe('professionals', () => {
  const header = '氏名,ふりがな,職種,事業所,メール,ログインID';

  test('UTF-8 without BOM: imported people sign in with the temporary password and must change it', async () => {
    const l1 = unique('imp-a');
    const l2 = unique('imp-b');
    const file = utf8(csv(header,
      `伊藤 一郎,イトウ イチロウ,看護師,箕輪病院,${l1}@example.jp,${l1}`,
      `小松 二葉,こまつ ふたば,care_manager,org-minowa-care_management_office-1,,${l2}`));
    const r = assertOk(await send(minowaAdmin, 'professionals', file), 201);
    assert.equal(r.encoding, 'utf-8');
    assert.deepEqual(r.items.map((i) => [i.line, i.login, i.profession, i.organization_id, i.region_id]), [
      [2, l1, 'nurse', 'org-minowa-hospital-1', 'region-minowa'],
      [3, l2, 'care_manager', 'org-minowa-care_management_office-1', 'region-minowa'],
    ]);
    for (const item of r.items) {
      assert.equal(typeof item.id, 'string');
      assert.ok(item.temporary_password.length >= 10);
    }
    const created = (await allPages(admin, '/api/v1/audit?action=user.create')).map((x) => x.target);
    for (const item of r.items) assert.ok(created.includes(`user:${item.id}`));
    assert.ok((await allPages(admin, '/api/v1/audit?action=import.professionals')).some((x) => x.target === `import:${r.import_id}`));

    const { client, res } = await trySignIn(server, l1, r.items[0].temporary_password);
    assertOk(res);
    assert.equal(res.body.user.must_change_password, true);
    assert.equal(res.body.user.organization_id, 'org-minowa-hospital-1');
    assertError(await client.get('/api/v1/patients'), 403, 'password_change_required');
    assertOk(await client.post('/api/v1/me/password', { current_password: r.items[0].temporary_password, new_password: NEW_PASSWORD }), 204);
    const again = new Client(server.base);
    assertOk(await again.signIn(l1, NEW_PASSWORD));
    assertOk(await again.get('/api/v1/patients'));
    // The temporary password is not kept anywhere a later read could show it.
    const listed = (await allPages(minowaAdmin, `/api/v1/users?q=${l2}`))[0];
    assert.equal(listed.must_change_password, true);
    assert.equal(JSON.stringify(listed).includes(r.items[1].temporary_password), false);
  });

  test('Shift_JIS: names, kana and labels in CP932 import', async () => {
    const login = unique('imp-sjis');
    const file = shiftJis(csv(header, `髙橋 ①子,タカハシ イチコ,介護支援専門員,箕輪町役場 保健福祉課,,${login}`));
    const r = assertOk(await send(minowaAdmin, 'professionals', file), 201);
    assert.equal(r.encoding, 'shift_jis');
    assert.equal(r.items[0].name, '髙橋 ①子');
    assert.equal(r.items[0].profession, 'care_manager');
    assert.equal(r.items[0].organization_name, '箕輪町役場 保健福祉課');
    assertOk((await trySignIn(server, login, r.items[0].temporary_password)).res);
  });

  test('every kind of row problem is reported with its line and column; nothing is written', async () => {
    const before = await counts();
    const dup = unique('imp-dup');
    const long = 'あ'.repeat(101);
    const lines = [
      header,
      `良い 行,ヨイ ギョウ,nurse,箕輪病院,,${unique('imp-ok')}`, // 2
      `重複 一,ジュウフク イチ,nurse,箕輪病院,,${dup}`, // 3
      `重複 二,ジュウフク ニ,nurse,箕輪病院,,${dup}`, // 4: login repeated in the file
      '既存 者,キソン シャ,nurse,箕輪病院,,kato', // 5: login in the database
      `不明 職,フメイ ショク,宇宙飛行士,箕輪病院,,${unique('imp-x')}`, // 6: unknown profession
      `不明 所,フメイ ショ,nurse,どこにもない事業所,,${unique('imp-x')}`, // 7: unknown organisation
      `,カラ,nurse,箕輪病院,,${unique('imp-x')}`, // 8: empty name
      `メール 悪,メール ワル,nurse,箕輪病院,not-an-address,${unique('imp-x')}`, // 9: bad e-mail
      `${long},ナガイ,nurse,箕輪病院,,${unique('imp-x')}`, // 10: overlong name
      '大文字 ID,オオモジ アイディー,nurse,箕輪病院,,Bad Login', // 11: login format
      `漢字 仮名,漢字,nurse,箕輪病院,,${unique('imp-x')}`, // 12: kana not kana
      `伊那 人,イナ ヒト,doctor,伊那病院,,${unique('imp-x')}`, // 13: another region's organisation (by name)
    ];
    const res = await send(minowaAdmin, 'professionals', utf8(csv(...lines)));
    assert.equal(res.status, 422, JSON.stringify(res.body));
    const body = res.body;
    const at = (line) => problemsAt(body, line).map((p) => p.column);
    assert.deepEqual(at(2), []);
    assert.deepEqual(at(3), []);
    assert.deepEqual(at(4), ['ログインID']);
    assert.match(problemsAt(body, 4)[0].message, /3行目/);
    assert.deepEqual(at(5), ['ログインID']);
    assert.deepEqual(at(6), ['職種']);
    assert.deepEqual(at(7), ['事業所']);
    assert.deepEqual(at(8), ['氏名']);
    assert.deepEqual(at(9), ['メール']);
    assert.deepEqual(at(10), ['氏名']);
    assert.deepEqual(at(11), ['ログインID']);
    assert.deepEqual(at(12), ['ふりがな']);
    assert.deepEqual(at(13), ['事業所']);
    assert.ok(body.items.every((i) => i.id === null && i.temporary_password === null));
    assert.deepEqual(await counts(), before);
    // The good line's login was not created either.
    assert.equal((await trySignIn(server, lines[1].split(',')[5], 'whatever-password')).res.status, 401);
  });

  test('an organisation imported first can be named by the next upload; a name in two regions needs 地域', async () => {
    const orgName = unique('新設クリニック');
    // The same name in Minowa and Ina.
    assertOk(await send(admin, 'organizations', utf8(csv('事業所名,種別,地域', `${orgName},clinic,箕輪町`, `${orgName},clinic,伊那市`))), 201);
    const l1 = unique('imp-new');
    const ambiguous = utf8(csv(header, `新設 一,シンセツ イチ,doctor,${orgName},,${l1}`));
    const r1 = assertOk(await send(admin, 'professionals', ambiguous, { dryRun: true }));
    assert.deepEqual(r1.problems.map((p) => p.column), ['事業所']);
    // The region admin's own region decides; a system admin adds 地域.
    const r2 = assertOk(await send(minowaAdmin, 'professionals', ambiguous), 201);
    assert.equal(r2.items[0].region_id, 'region-minowa');
    const withRegion = utf8(csv(header + ',地域', `新設 二,シンセツ ニ,doctor,${orgName},,${unique('imp-new')},伊那市`));
    const r3 = assertOk(await send(admin, 'professionals', withRegion), 201);
    assert.equal(r3.items[0].region_id, 'region-ina');
  });

  test('a file may hold 1000 professionals; the 1001st row is refused', async () => {
    const prefix = unique('imp-max');
    const rows = (n) => Array.from({ length: n }, (_, i) => `上限 太郎,ジョウゲン タロウ,nurse,箕輪病院,,${prefix}-${i}`);
    const full = assertOk(await send(minowaAdmin, 'professionals', utf8(csv(header, ...rows(1000))), { dryRun: true }));
    assert.equal(full.valid, true);
    assert.equal(full.items.length, 1000);
    const over = assertOk(await send(minowaAdmin, 'professionals', utf8(csv(header, ...rows(1001))), { dryRun: true }));
    assert.equal(over.valid, false);
    assert.equal(over.problems.length, 1);
    assert.equal(over.problems[0].line, 1002);
    assert.match(over.problems[0].message, /1000行まで/);
  });
});
