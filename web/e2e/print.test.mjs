// The printing journey: care manager 加藤 registers a patient, writes in the
// notebook (an urgent note, a note she then corrects, one she withdraws, and a
// comment), asks for the print view of the last 30 days and checks it is what
// goes on paper: oldest first, 緊急, 編集済み, 取り下げ with its reason but not
// its text, the comment under its post, no app chrome; then prints it to an
// A4 PDF (e2e/out/print.pdf), and, where poppler-utils is installed, reads the
// PDF's text back and renders its first page (e2e/out/print-page1.png).
//
// Needs: TSUNAGU_URL of a server with the demo data (`tsunagu demo`) and the
// built UI, as for notebook.test.mjs.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { journeyBrowser, openPhone, outDir, registerPatient } from './support.mjs'

const stamp = Date.now()
const patient = {
  careLevel: 'care_3',
  name: '唐沢 ハル',
  nameKana: 'からさわ はる',
  birthDate: '1936-11-03',
  address: `長野県上伊那郡箕輪町木下 ${stamp % 100000}`,
}
const urgentText = '発熱 38.2℃、食欲低下。\n夕方にもう一度測ります。'
const editedBefore = '服薬 朝・昼 済み'
const editedText = '服薬 朝・昼・夕 済み（夕は訂正）'
const withdrawnText = '別の方の記録を誤って投稿しました'
const withdrawReason = '別の利用者の記録だったため'
const commentText = '了解しました。明日の訪問で確認します。'

const photo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'tests', 'fixtures', 'photo.jpg')
const pdfPath = join(outDir, 'print.pdf')
const pngBase = join(outDir, 'print-page1')

function hasTool(name) {
  const r = spawnSync(name, ['-v'], { encoding: 'utf8' })
  return !(r.error && r.error.code === 'ENOENT')
}

const browser = journeyBrowser()
let pdfMade = false

before(() => {
  rmSync(pdfPath, { force: true })
  rmSync(`${pngBase}.png`, { force: true })
})

async function post(kato, category, text, urgent = false, file = null) {
  const { page } = kato
  await page.getByTestId('composer-category').selectOption(category)
  await page.getByTestId('composer-body').fill(text)
  if (urgent) await page.getByTestId('composer-urgent').check()
  if (file) await page.getByTestId('composer-file-input').setInputFiles(file)
  await page.getByTestId('composer-submit').click()
  const item = page.locator('[data-testid="post"]', { has: page.getByText(text.split('\n')[0]) }).first()
  await item.waitFor().catch(() => {
    throw new Error(`the post "${text}" did not appear in the timeline after 投稿`)
  })
  const id = await item.getAttribute('data-post-id')
  assert.ok(id, 'the post has no data-post-id')
  await page.waitForFunction(() => document.querySelector('[data-testid="composer-body"]')?.value === '')
  return page.locator(`[data-testid="post"][data-post-id="${id}"]`)
}

test('kato prints the notebook of the last 30 days: oldest first, 緊急, 編集済み, 取り下げ, comments, A4 PDF', async () => {
  const kato = await openPhone(browser, 'kato')
  const { page } = kato
  let patientId = ''

  await kato.step('the care manager registers a patient', async () => {
    await kato.signInHome('kato')
    patientId = await registerPatient(kato, patient)
  })

  await kato.step('she writes an urgent note, a note she corrects, one she withdraws, and a comment', async () => {
    const urgent = await post(kato, 'vitals', urgentText, true, photo)
    const edited = await post(kato, 'medication', editedBefore)
    await edited.getByTestId('post-edit').click()
    await edited.getByTestId('post-edit-body').fill(editedText)
    await edited.getByTestId('post-edit-save').click()
    await edited.getByTestId('post-edited').waitFor()

    const wrong = await post(kato, 'other', withdrawnText)
    await wrong.getByTestId('post-withdraw').click()
    const dialog = wrong.getByTestId('withdraw-post-dialog')
    await dialog.getByTestId('withdraw-reason').fill(withdrawReason)
    await dialog.getByTestId('dialog-confirm').click()
    await wrong.getByTestId('post-withdrawn').waitFor()

    await urgent.getByTestId('comments-toggle').click()
    await urgent.getByTestId('reply-body').fill(commentText)
    await urgent.getByTestId('reply-submit').click()
    await urgent.getByTestId('comment').filter({ hasText: commentText }).waitFor()
  })

  await kato.step('印刷 asks for the period, the last 30 days by default, and opens the print view', async () => {
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.getByTestId('print-open').click()
    const dialog = page.getByTestId('print-dialog')
    await dialog.waitFor()
    const from = await dialog.getByTestId('print-from').inputValue()
    const to = await dialog.getByTestId('print-to').inputValue()
    assert.match(to, /^\d{4}-\d{2}-\d{2}$/, 'the period should end today')
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1
    assert.equal(days, 30, `the default period should be 30 days, was ${from}〜${to}`)
    await dialog.getByTestId('dialog-confirm').click()
    await kato.expectPath(`/patients/${encodeURIComponent(patientId)}/print`)
    const url = new URL(page.url())
    assert.equal(url.searchParams.get('from'), from)
    assert.equal(url.searchParams.get('to'), to)
    await page.locator('[data-testid="print-page"][data-ready="true"]').waitFor()
    assert.equal(await page.locator('.app-header').count(), 0, 'the print view should have no app header')
    await kato.shot('print-01-phone.png')
  })

  await kato.step('the print view has the patient, the team, and the posts oldest first', async () => {
    assert.match(await page.getByTestId('print-patient-name').innerText(), new RegExp(`${patient.name}.*${patient.nameKana}`))
    assert.match(await page.getByTestId('print-birth-date').innerText(), /1936年11月3日（\d+歳）/)
    assert.equal((await page.getByTestId('print-care-level').innerText()).trim(), '要介護3')
    assert.match(await page.getByTestId('print-printed-by').innerText(), /加藤/)
    assert.match(await page.getByTestId('print-team').innerText(), /加藤/)
    assert.match(await page.getByTestId('print-footer').innerText(), /この記録には個人情報が含まれます。取り扱いに注意してください。/)

    const rows = page.getByTestId('print-post')
    assert.equal(await rows.count(), 3, 'the three posts of the period')
    const texts = await rows.allInnerTexts()
    assert.match(texts[0], /発熱 38\.2℃、食欲低下。\n夕方にもう一度測ります。/, 'the first (oldest) row is the urgent note, line break kept')
    assert.match(texts[0], /緊急/)
    assert.match(texts[0], new RegExp(commentText), 'the comment is under its post')
    assert.match(texts[1], new RegExp(editedText.replace(/[()（）]/g, '.')), 'the second row is the corrected note')
    assert.doesNotMatch(texts[1], new RegExp(editedBefore + '$', 'm'))
    assert.match(texts[1], /編集済み/)
    assert.doesNotMatch(texts[1], /緊急/)
    assert.match(texts[2], /取り下げ/)
    assert.match(texts[2], new RegExp(withdrawReason))
    assert.doesNotMatch(texts[2], new RegExp(withdrawnText), 'a withdrawn post shows its reason, not its text')
    assert.equal(await rows.nth(0).getByTestId('print-urgent').count(), 1)
    // The photo of the urgent note is printed (its thumbnail), loaded.
    const printedPhoto = rows.nth(0).locator('[data-testid="print-attachment"] img')
    await printedPhoto.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="print-attachment"] img')
      return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0
    })
    assert.equal(await rows.nth(1).getByTestId('print-attachment').count(), 0, 'the other notes have no attachment')
    assert.equal(await page.getByTestId('print-urgent').count(), 1, 'only the urgent note is marked 緊急')

    const body = await page.getByTestId('print-page').innerText()
    assert.ok(body.indexOf('発熱 38.2℃') < body.indexOf(editedText), 'the urgent note (older) comes before the corrected one')
  })

  await kato.step('印刷する calls window.print and is not printed itself', async () => {
    await page.evaluate(() => {
      window.__printCalls = 0
      window.print = () => {
        window.__printCalls += 1
      }
    })
    await page.getByTestId('print-now').click()
    assert.equal(await page.evaluate(() => window.__printCalls), 1, '印刷する should call window.print()')
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.getByTestId('print-now').isVisible(), false, '印刷する should be hidden when printing')
    await page.emulateMedia({ media: null })
  })

  await kato.step('the print view prints to an A4 PDF', async () => {
    await page.pdf({ path: pdfPath, format: 'A4' })
    const pdf = readFileSync(pdfPath)
    assert.ok(pdf.length > 1000, `the PDF is ${pdf.length} bytes`)
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF', 'the file should start with %PDF')
    pdfMade = true
  })

  assert.deepEqual(kato.problems, [], `the page reported problems:\n${kato.problems.join('\n')}`)
})

test('the printed PDF has the patient, the bodies and the notice in its text (pdftotext)', { skip: !hasTool('pdftotext') && 'pdftotext (poppler-utils) is not installed' }, () => {
  assert.ok(pdfMade && existsSync(pdfPath), 'the PDF of the first test is missing')
  const r = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
  assert.equal(r.status, 0, `pdftotext failed: ${r.stderr}`)
  // pdftotext may put spaces between CJK glyphs; compare without white space.
  const text = r.stdout.replace(/\s+/g, '')
  for (const expected of [patient.name, '発熱38.2℃', '緊急', editedText, 'この記録には個人情報が含まれます']) {
    assert.ok(text.includes(expected.replace(/\s+/g, '')), `the PDF text should contain "${expected}"`)
  }
  assert.ok(!text.includes(withdrawnText.replace(/\s+/g, '')), 'the withdrawn text must not be printed')
})

test('the first PDF page renders to a PNG for a look (pdftoppm)', { skip: !hasTool('pdftoppm') && 'pdftoppm (poppler-utils) is not installed' }, () => {
  assert.ok(pdfMade && existsSync(pdfPath), 'the PDF of the first test is missing')
  const r = spawnSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdfPath, pngBase], { encoding: 'utf8' })
  assert.equal(r.status, 0, `pdftoppm failed: ${r.stderr}`)
  const png = readFileSync(`${pngBase}.png`)
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG')
})
