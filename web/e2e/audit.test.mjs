// The audit journey: the system administrator opens 監査ログ from home on a
// phone, finds 加藤's sign-ins of today by searching her name, downloads the
// filtered records as CSV and reads the file back (BOM, header, the same
// records), and runs the tamper check, which reports the chain intact.
//
// Needs: TSUNAGU_URL of a server with the demo data (`tsunagu demo`) and the
// built UI, as for foundation.test.mjs.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { assertFitsPhone, journeyBrowser, openPhone, outDir } from './support.mjs'

const browser = journeyBrowser()

/** Today in Japan, YYYY-MM-DD. */
function japanToday() {
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = []
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  return rows
}

test('the system admin filters the audit trail by person, downloads it as CSV and sees the chain intact', async () => {
  // 加藤 signs in on her own phone: the record the admin will look for.
  const kato = await openPhone(browser, 'kato')
  await kato.step('加藤 signs in', () => kato.signInHome('kato'))
  await kato.context.close()

  const admin = await openPhone(browser, 'admin')
  const { page } = admin
  const today = japanToday()
  const records = page.getByTestId('audit-record')

  await admin.step('the admin opens 監査ログ from home', async () => {
    await admin.signInHome('admin')
    await page.getByTestId('audit-log-link').click()
    await admin.expectPath('/admin/audit')
    await records.first().waitFor()
    await admin.shot('audit-01-trail.png')
  })

  await admin.step('find 加藤 by name, pick her, sign-ins of today only', async () => {
    await page.getByTestId('audit-person-query').fill('加藤')
    await page.getByTestId('audit-person-search').click()
    await page.locator('[data-testid="audit-person-choice"][data-user-id="user-kato"]').click()
    await page.getByTestId('audit-person-chosen').waitFor()
    await page.locator('[data-testid="audit-action"] option[value="session.sign_in"]').waitFor({ state: 'attached' })
    await page.getByTestId('audit-action').selectOption('session.sign_in')
    await page.getByTestId('audit-from').fill(today)
    await page.getByTestId('audit-to').fill(today)
    await page.getByTestId('audit-search').click()
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-record"]')]
      return rows.length > 0 && rows.every((r) => r.dataset.userId === 'user-kato' && r.dataset.action === 'session.sign_in')
    })
    assert.match(await records.first().innerText(), /加藤 恵子/)
    assert.match(await records.first().innerText(), /サインイン/)
    // Readable on a 360 px phone: nothing wider than the screen.
    await assertFitsPhone(admin, 'the filtered audit trail')
    await admin.shot('audit-02-filtered.png')
  })

  await admin.step('download the filtered records and read the CSV back', async () => {
    const shownIds = await records.evaluateAll((rows) => rows.map((r) => r.dataset.id))
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()])
    assert.match(download.suggestedFilename(), /^audit-\d{8}-\d{6}\.csv$/)
    const file = join(outDir, 'audit.csv')
    await download.saveAs(file)
    const bytes = readFileSync(file)
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV does not start with the UTF-8 BOM')
    const text = bytes.toString('utf8').slice(1)
    assert.ok(text.endsWith('\r\n'), 'the CSV does not end with CRLF')
    const [header, ...rows] = parseCsv(text)
    assert.deepEqual(header, ['番号', '日時', '操作者ID', '操作者', '操作', '利用者ID', '対象', 'IPアドレス'])
    assert.ok(rows.length >= 1)
    for (const row of rows) {
      assert.equal(row[2], 'user-kato')
      assert.equal(row[3], '加藤 恵子')
      assert.equal(row[4], 'session.sign_in')
      assert.ok(row[1].startsWith(today), `a record of another day: ${row[1]}`)
    }
    // The same records as on screen (all of them fit on one page here).
    assert.deepEqual(rows.map((r) => r[0]), shownIds)
  })

  await admin.step('run the tamper check: the chain is intact', async () => {
    await page.getByTestId('verify-button').click()
    const result = page.getByTestId('verification-result')
    await result.waitFor()
    assert.equal(await result.getAttribute('data-intact'), 'true')
    assert.match(await result.innerText(), /^改ざんはありません（[\d,]+件）$/)
    await admin.shot('audit-03-verified.png')
  })

  assert.deepEqual(admin.problems, [])
})
