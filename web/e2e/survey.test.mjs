// The survey journey: 箕輪町's region admin writes a satisfaction survey
// (an overall 5-point question, another 5-point one and a free text), opens
// it for two weeks, and a pharmacist on a 360 px phone finds it on the home
// screen, answers with the big buttons, and cannot answer again. The admin
// sees the answer counted but no figures (fewer than 5 answers, still open).
//
// Needs: TSUNAGU_URL of a server with the demo data and the built UI.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { journeyBrowser, openPhone } from './support.mjs'

const browser = journeyBrowser()

test('a region admin opens a survey and a professional answers it once on a phone', async () => {
  const title = `連携アンケート ${Date.now()}`
  const admin = await openPhone(browser, 'minowa-admin', { width: 1024, height: 900 })
  let surveyId

  await admin.step('the admin writes the survey', async () => {
    const { page } = admin
    await admin.signInHome('minowa-admin')
    await page.getByTestId('surveys-admin-link').click()
    await admin.expectPath('/admin/surveys')
    await page.getByTestId('survey-title').fill(title)
    await page.getByTestId('survey-add-scale').click()
    const labels = page.getByTestId('survey-question-label')
    await labels.nth(2).fill('情報が早く届くようになりましたか')
    await page.getByTestId('survey-create').click()
    await page.getByTestId('survey-notice').waitFor()
    const row = page.locator('[data-testid="survey-row"]', { hasText: title })
    surveyId = await row.getAttribute('data-survey-id')
    assert.ok(surveyId)
    assert.equal(await row.getAttribute('data-status'), 'draft')
  })

  await admin.step('the admin opens it for two weeks', async () => {
    const row = admin.page.locator(`[data-testid="survey-row"][data-survey-id="${surveyId}"]`)
    await row.getByTestId('survey-open').click()
    await admin.page.locator(`[data-testid="survey-row"][data-survey-id="${surveyId}"][data-status="open"]`).waitFor()
  })

  const phone = await openPhone(browser, 'pharmacist')
  await phone.step('the pharmacist finds it on the home screen', async () => {
    const { page } = phone
    await phone.signInHome('minowa-pharmacist-07')
    await page.locator(`[data-testid="survey-card-link"][data-survey-id="${surveyId}"]`).click()
    await phone.expectPath(`/surveys/${surveyId}`)
    await page.getByTestId('answer-form').waitFor()
  })

  await phone.step('answers with the big buttons and sends', async () => {
    const { page } = phone
    const scales = page.getByTestId('answer-scale')
    assert.equal(await scales.count(), 2)
    // Each choice is a labelled target at least 44 px high, inside the 360 px screen.
    const option = page.getByTestId('answer-0-4').locator('xpath=..')
    const box = await option.boundingBox()
    assert.ok(box && box.height >= 44 && box.x >= 0 && box.x + box.width <= 360, `option box ${JSON.stringify(box)}`)
    await page.getByRole('radio', { name: 'ややそう思う', exact: true }).first().check()
    await page.getByTestId('answer-2-5').check()
    await page.getByTestId('answer-text').fill('記録を訪問前に読めて助かります')
    await page.getByTestId('answer-submit').click()
    await page.getByTestId('answer-done').waitFor()
  })

  await phone.step('cannot answer again', async () => {
    const { page } = phone
    await page.reload()
    await page.getByTestId('answer-already').waitFor()
    assert.equal(await page.getByTestId('answer-form').count(), 0)
    await page.goto(new URL('/', page.url()).href)
    await page.getByTestId('welcome').waitFor()
    assert.equal(await page.locator(`[data-testid="survey-card-link"][data-survey-id="${surveyId}"]`).count(), 0)
  })

  await admin.step('the admin sees one answer counted and no figures yet', async () => {
    const { page } = admin
    await page.reload()
    const row = page.locator(`[data-testid="survey-row"][data-survey-id="${surveyId}"]`)
    assert.equal((await row.getByTestId('survey-responses').innerText()).trim(), '1')
    await row.getByTestId('survey-results-link').click()
    await page.getByTestId('results-withheld').waitFor()
    assert.equal((await page.getByTestId('results-responses').innerText()).trim(), '1')
    assert.ok(!(await page.locator('body').innerText()).includes('記録を訪問前に読めて助かります'))
  })

  assert.deepEqual([...admin.problems, ...phone.problems], [])
  await admin.context.close()
  await phone.context.close()
})
