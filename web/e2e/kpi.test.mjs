// The KPI journey: 箕輪町's region admin opens the KPI dashboard from home,
// sees this fiscal year against the seed's targets, switches to FY2025,
// downloads the CSV for Excel and reads it back (BOM, header, five rows, the
// posts target, the monthly and profession breakdowns), prints the report to
// an A4 PDF (e2e/out/kpi.pdf; with poppler-utils installed, checks that it is
// one page), then edits the year's professionals target and sees the
// achievement change (and puts it back). A system admin looks at 全体.
//
// The seed's targets are for FY2025–2027, so this assumes today (Japan time)
// falls in FY2026 or FY2027: the default year is checked against whichever
// it is.
//
// Needs: TSUNAGU_URL of a server with the demo data (`tsunagu demo`) and the
// built UI, as for foundation.test.mjs.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { before, test } from 'node:test'
import { assertFitsPhone, journeyBrowser, openPhone, outDir } from './support.mjs'

const targets = {
  2025: { posts: 150, professionals: 50, patients: 50, professional_satisfaction: 40, resident_satisfaction: 9.1 },
  2026: { posts: 300, professionals: 100, patients: 150, professional_satisfaction: 50, resident_satisfaction: 10 },
  2027: { posts: 600, professionals: 125, patients: 250, professional_satisfaction: 70, resident_satisfaction: 12 },
}

/** The fiscal year (April–March) of today in Japan. */
function currentFiscalYear() {
  const japan = new Date(Date.now() + 9 * 3600_000)
  const year = japan.getUTCFullYear()
  return japan.getUTCMonth() + 1 >= 4 ? year : year - 1
}

const pdfPath = join(outDir, 'kpi.pdf')

const browser = journeyBrowser()

before(() => {
  rmSync(pdfPath, { force: true })
})

test('the region admin reads the KPIs, switches to FY2025, downloads the CSV and prints one A4 page', async () => {
  const admin = await openPhone(browser, 'minowa-admin')
  const { page } = admin
  const thisYear = currentFiscalYear()
  const card = (kpi, year) => page.locator(`[data-testid="kpi-card"][data-kpi="${kpi}"][data-year="${year}"]`)

  await admin.step('the region admin opens the KPI dashboard from home', async () => {
    await admin.signInHome('minowa-admin')
    await page.getByTestId('kpi-dashboard-link').click()
    await admin.expectPath('/admin/kpi')
    await card('posts', thisYear).waitFor().catch(() => {
      throw new Error(`the dashboard did not show the ${thisYear} posts card`)
    })
    assert.equal(await page.locator('#kpi-year').inputValue(), String(thisYear), 'the default year is not the current fiscal year')
    const reiwa = thisYear - 2018
    assert.match(await page.getByTestId('kpi-year-label').innerText(), new RegExp(`${thisYear}年度（令和${reiwa}年度）`))
    assert.match(await page.getByTestId('kpi-region').innerText(), /箕輪町/)
    assert.equal(await page.getByTestId('kpi-card').count(), 5, 'expected five KPI cards')
  })

  await admin.step('this year shows the seed targets', async () => {
    const expected = targets[thisYear]
    assert.ok(expected, `the seed has no targets for FY${thisYear}; the journey assumes FY2026 or FY2027`)
    for (const [kpi, target] of Object.entries(expected)) {
      assert.equal(Number(await card(kpi, thisYear).getAttribute('data-target')), target, `${kpi} target for ${thisYear}`)
    }
    assert.match(await card('posts', thisYear).getByTestId('kpi-target').innerText(), new RegExp(`${expected.posts.toLocaleString('ja-JP')}件`))
    // Satisfactions are not measured in the demo data.
    assert.equal(await card('resident_satisfaction', thisYear).getByTestId('kpi-actual').innerText(), '未測定')
    const chartLabel = await card('posts', thisYear).locator('svg[role="img"]').getAttribute('aria-label')
    assert.match(chartLabel, new RegExp(`目標 ${expected.posts.toLocaleString('ja-JP')}件`), `the chart's label does not state the target: ${chartLabel}`)
    await page.getByTestId('kpi-trend').waitFor()
    assert.equal(await page.getByTestId('kpi-trend-chart').count(), 5, 'expected a trend chart per KPI')
    // The tables behind the charts are for screen readers only and widen nothing.
    await assertFitsPhone(admin, 'the KPI dashboard')
    await admin.shot('kpi-01-this-year.png')
    await admin.shot('kpi-01-this-year-top.png', false)
  })

  await admin.step('switch to FY2025 (令和7年度) and see target 150 posts', async () => {
    // Back with the previous-year button until 2025, then check the select agrees.
    for (let y = thisYear; y > 2025; y--) {
      await page.getByTestId('kpi-year-prev').click()
      await card('posts', y - 1).waitFor()
    }
    assert.equal(await page.locator('#kpi-year').inputValue(), '2025')
    assert.match(await page.getByTestId('kpi-year-label').innerText(), /2025年度（令和7年度）/)
    assert.equal(Number(await card('posts', 2025).getAttribute('data-target')), 150)
    assert.match(await card('posts', 2025).getByTestId('kpi-target').innerText(), /150件/)
    assert.equal(Number(await card('resident_satisfaction', 2025).getAttribute('data-target')), 9.1)
    // And with the select: forward and back again.
    await page.locator('#kpi-year').selectOption(String(thisYear))
    await card('posts', thisYear).waitFor()
    await page.locator('#kpi-year').selectOption('2025')
    await card('posts', 2025).waitFor()
    assert.match(new URL(page.url()).search, /year=2025/)
  })

  await admin.step('download the FY2025 CSV and read it back', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('kpi-csv').click()])
    assert.equal(download.suggestedFilename(), 'kpi-箕輪町-2025.csv')
    const file = join(outDir, 'kpi-2025.csv')
    await download.saveAs(file)
    const bytes = readFileSync(file)
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV does not start with the UTF-8 BOM')
    const text = bytes.toString('utf8').slice(1)
    assert.ok(text.endsWith('\r\n'), 'the CSV does not end with CRLF')
    const lines = text.split('\r\n').filter((line) => line !== '')
    assert.ok(!text.replace(/\r\n/g, '').includes('\n'), 'the CSV has bare LF line ends')
    assert.equal(lines[0], '年度,地域,指標,実績,目標,達成率')
    // The five KPIs, then the breakdowns in the same columns.
    assert.equal(lines.length, 6 + 24 + 15 * 2 + 10 * 2, `expected the header, 5 KPI rows and the breakdowns, got:\n${text}`)
    const rows = lines.slice(1).map((line) => line.split(','))
    assert.equal(rows.slice(0, 5).filter((row) => row[4] !== '' || row[2].includes('満足度')).length, 5)
    const april = rows.find((row) => row[2] === '月別 投稿数 2025-04（件）')
    assert.ok(april, 'no monthly posts row for April 2025')
    assert.match(april[3], /^\d+$/)
    const march = rows.find((row) => row[2] === '月別 患者純増 2026-03（人）')
    assert.ok(march, 'no monthly patients row for March 2026')
    const professions = rows.filter((row) => row[2].startsWith('職種別 専門職数'))
    assert.ok(professions.length > 0, 'no profession rows')
    assert.ok(professions.some((row) => row[2].includes('看護師')), 'no 看護師 row')
    for (const row of rows) {
      assert.equal(row.length, 6, `a row has ${row.length} cells: ${row.join(',')}`)
      assert.equal(row[0], '2025')
      assert.equal(row[1], '箕輪町')
    }
    const posts = rows.find((row) => row[2].startsWith('投稿数'))
    assert.ok(posts, 'no 投稿数 row')
    assert.equal(posts[4], '150', `the posts row's target: ${posts.join(',')}`)
    assert.match(posts[3], /^\d+$/, 'the posts actual is not a plain number')
    const resident = rows.find((row) => row[2].startsWith('住民満足度'))
    assert.deepEqual([resident[3], resident[4], resident[5]], ['', '9.1', ''], 'an unmeasured satisfaction has an empty actual and rate')
  })

  await admin.step('print the report on one A4 page', async () => {
    await page.emulateMedia({ media: 'print' })
    await admin.shot('kpi-02-print-media.png')
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true })
    await page.emulateMedia({ media: 'screen' })
    const info = spawnSync('pdfinfo', [pdfPath], { encoding: 'utf8' })
    if (info.error?.code === 'ENOENT') return // poppler-utils not installed: the PDF is still in e2e/out
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1])
    assert.equal(pages, 1, `the printed report has ${pages} pages, expected one A4 page`)
  })

  await admin.step('the monthly chart and the breakdown tables are there, with a text alternative', async () => {
    const chart = page.getByTestId('kpi-monthly-chart')
    assert.match(await chart.getAttribute('aria-label'), /2025年度（令和7年度）の月別投稿数と累計。4月 \d+件（累計 \d+件）/)
    assert.equal(await page.getByTestId('kpi-month-table').locator('tbody tr').count(), 12)
    // FY2025 ended before the demo's professionals were registered: the tables say so.
    assert.ok((await page.getByTestId('kpi-profession-table').locator('tbody tr').count()) > 0)
    await page.locator('#kpi-year').selectOption(String(thisYear))
    await card('posts', thisYear).waitFor()
    assert.ok(await page.getByTestId('kpi-profession-table').locator('tbody tr[data-code="nurse"]').count(), 'no 看護師 row this year')
    await page.locator('#kpi-year').selectOption('2025')
    await card('posts', 2025).waitFor()
  })

  await admin.step('edit the FY2025 professionals target and see the achievement change', async () => {
    const professionals = card('professionals', 2025)
    const actual = Number(await professionals.getAttribute('data-actual'))
    assert.equal(Number(await professionals.getAttribute('data-target')), 50)
    const input = page.getByTestId('kpi-target-input-professionals')
    await input.fill('400')
    await input.press('Enter') // the keyboard submits the form
    await page.getByTestId('kpi-targets-saved').waitFor()
    await page.locator('[data-testid="kpi-card"][data-kpi="professionals"][data-year="2025"][data-target="400"]').waitFor()
    const rate = Math.round((actual / 400) * 1000) / 10
    assert.match(await professionals.getByTestId('kpi-achievement').innerText(), new RegExp(`^${String(rate).replace('.', '\\.')}%`))
    await admin.shot('kpi-03-target-edited.png')
    // Put the seed's target back, so that the journey can run again.
    await input.fill('50')
    await input.press('Enter')
    await page.locator('[data-testid="kpi-card"][data-kpi="professionals"][data-year="2025"][data-target="50"]').waitFor()
  })

  assert.deepEqual(admin.problems, [], `the pages reported problems:\n${admin.problems.join('\n')}`)
})

test('a system admin chooses the region', async () => {
  const admin = await openPhone(browser, 'system-admin')
  const { page } = admin
  const thisYear = currentFiscalYear()

  await admin.step('the system admin opens the dashboard and picks 箕輪町', async () => {
    await admin.signInHome('admin')
    await page.getByTestId('kpi-dashboard-link').click()
    await admin.expectPath('/admin/kpi')
    const select = page.getByTestId('kpi-region-select')
    await select.locator('option', { hasText: '箕輪町' }).waitFor({ state: 'attached' })
    await select.selectOption({ label: '箕輪町' })
    const posts = page.locator(`[data-testid="kpi-card"][data-kpi="posts"][data-year="${thisYear}"][data-region="region-minowa"]`)
    await page.waitForFunction(() => new URL(location.href).searchParams.get('region') === 'region-minowa')
    await posts.waitFor()
    assert.equal(Number(await posts.getAttribute('data-target')), targets[thisYear].posts)
  })

  await admin.step('the system admin picks 全体 and sees every region together', async () => {
    const select = page.getByTestId('kpi-region-select')
    await select.selectOption('all')
    const posts = page.locator(`[data-testid="kpi-card"][data-kpi="posts"][data-year="${thisYear}"][data-region="all"]`)
    await posts.waitFor()
    // Only 箕輪町 has targets in the demo: the whole's target is theirs.
    assert.equal(Number(await posts.getAttribute('data-target')), targets[thisYear].posts)
    const professionals = page.locator(`[data-testid="kpi-card"][data-kpi="professionals"][data-year="${thisYear}"][data-region="all"]`)
    const minowa = await page.evaluate(async (y) => (await (await fetch(`/api/v1/kpi?region_id=region-minowa&fiscal_year=${y}`)).json()).professionals.actual, thisYear)
    assert.ok(Number(await professionals.getAttribute('data-actual')) > minowa, 'the whole counts more professionals than 箕輪町 alone')
    assert.equal(await page.getByTestId('kpi-edit').count(), 0, 'targets are entered per region, not for 全体')
    await admin.shot('kpi-04-whole.png')
  })

  assert.deepEqual(admin.problems, [], `the pages reported problems:\n${admin.problems.join('\n')}`)
})
