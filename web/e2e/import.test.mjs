// The CSV import journey: 箕輪町's region admin opens CSV取込 from home,
// downloads the organisations template (UTF-8 with BOM), checks a Shift_JIS
// file whose second row is wrong (the problem is listed, 取り込む stays off),
// checks and imports the corrected file, then imports two professionals into
// the new organisation, sees their temporary passwords once and saves them as
// CSV (with BOM). One of them signs in with the temporary password on their
// own phone, is made to change it, and reaches home.
//
// Needs: TSUNAGU_URL of a server with the demo data (`tsunagu demo`) and the
// built UI, as for foundation.test.mjs; `iconv` (glibc) for the Shift_JIS file.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { journeyBrowser, openPhone, outDir } from './support.mjs'

const browser = journeyBrowser()

const stamp = `${Date.now() % 100000}`
const orgName = `つなぐ試験クリニック${stamp}`
const logins = [`import-e2e-a${stamp}`, `import-e2e-b${stamp}`]
const shiftJis = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP932'], { input: Buffer.from(text, 'utf8') })
const withBom = (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])

test('an admin imports organisations and professionals from CSV; an imported nurse signs in and sets a password', async () => {
  const admin = await openPhone(browser, 'minowa-admin')
  const { page } = admin
  const setFile = (name, buffer) => page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer })

  await admin.step('the region admin opens CSV取込 from home and downloads the template', async () => {
    await admin.signInHome('minowa-admin')
    await page.getByTestId('csv-import-link').click()
    await admin.expectPath('/admin/import')
    await page.getByTestId('import-help').locator('summary').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
    const file = join(outDir, 'import-template.csv')
    await download.saveAs(file)
    const bytes = readFileSync(file)
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the template does not start with the UTF-8 BOM')
    assert.equal(bytes.toString('utf8').slice(1).split('\r\n')[0], '事業所名,種別,地域')
  })

  await admin.step('a Shift_JIS file with a bad row: the check lists it and 取り込む stays off', async () => {
    await setFile('事業所.csv', shiftJis(`事業所名,種別,地域\r\n${orgName},診療所,箕輪町\r\nだめな事業所${stamp},歯医者,箕輪町\r\n`))
    assert.equal(await page.getByTestId('import-submit').isDisabled(), true, '取り込む is enabled before any check')
    await page.getByTestId('import-check').click()
    await page.getByTestId('import-problems-summary').waitFor()
    const bad = page.locator('[data-testid="import-row"][data-line="3"]')
    assert.match(await bad.getByTestId('import-row-status').innerText(), /種別/)
    assert.equal(await page.locator('[data-testid="import-row"][data-line="2"]').getByTestId('import-row-status').innerText(), 'OK')
    assert.equal(await page.getByTestId('import-submit').isDisabled(), true, '取り込む is enabled after a check with problems')
  })

  await admin.step('the corrected file (UTF-8 with BOM) checks clean and imports', async () => {
    await setFile('事業所.csv', withBom(`事業所名,種別,地域\r\n${orgName},診療所,箕輪町\r\n`))
    await page.getByTestId('import-check').click()
    await page.getByTestId('import-clean').waitFor()
    await page.getByTestId('import-submit').click()
    await page.getByTestId('import-created').waitFor()
    assert.match(await page.getByTestId('import-created').innerText(), /1件を取り込みました/)
  })

  const passwords = {}
  await admin.step('two professionals of the new clinic import; their temporary passwords show once and save as CSV', async () => {
    await page.getByTestId('import-kind-professionals').check()
    const csv = `氏名,ふりがな,職種,事業所,メール,ログインID\r\n取込 看護,トリコミ カンゴ,看護師,${orgName},,${logins[0]}\r\n取込 医師,とりこみ いし,医師,${orgName},${logins[1]}@example.jp,${logins[1]}\r\n`
    await setFile('専門職.csv', Buffer.from(csv, 'utf8'))
    await page.getByTestId('import-check').click()
    await page.getByTestId('import-clean').waitFor()
    await page.getByTestId('import-submit').click()
    await page.getByTestId('import-passwords').waitFor()
    for (const login of logins) {
      const row = page.locator(`[data-testid="import-password-row"][data-login="${login}"]`)
      passwords[login] = (await row.getByTestId('import-password').innerText()).trim()
      assert.ok(passwords[login].length >= 10, `no temporary password shown for ${login}`)
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-passwords-csv').click()])
    const file = join(outDir, 'import-passwords.csv')
    await download.saveAs(file)
    const bytes = readFileSync(file)
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the passwords CSV does not start with the UTF-8 BOM')
    const text = bytes.toString('utf8')
    for (const login of logins) assert.ok(text.includes(`${login},${passwords[login]}`), `the CSV lacks ${login}'s password`)
    await admin.shot('import-passwords.png')
  })

  const nurse = await openPhone(browser, 'imported-nurse')
  await nurse.step('the imported nurse signs in with the temporary password and must change it', async () => {
    await nurse.page.goto(`${process.env.TSUNAGU_URL}/`)
    await nurse.signInWithPassword(logins[0], passwords[logins[0]])
    await nurse.expectPath('/profile')
    await nurse.page.getByTestId('password-change-notice').waitFor()
    await nurse.page.locator('#current-password').fill(passwords[logins[0]])
    await nurse.page.locator('#new-password').fill('imported-nurse-password')
    await nurse.page.locator('#new-password-confirm').fill('imported-nurse-password')
    await nurse.page.getByTestId('password-submit').click()
    await nurse.page.getByTestId('password-changed').waitFor()
    await nurse.page.goto(`${process.env.TSUNAGU_URL}/`)
    await nurse.page.getByTestId('welcome').waitFor()
    assert.match(await nurse.page.getByTestId('welcome').innerText(), /取込 看護/)
  })

  assert.deepEqual([...admin.problems, ...nurse.problems], [])
})
