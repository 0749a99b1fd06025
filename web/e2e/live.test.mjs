// Live updates, on three phones at once: care manager 加藤 registers a
// patient with nurse 伊藤 and doctor 佐藤 (伊那市) on the team. 佐藤 has the
// patient's notebook open, with a draft in the post box; 伊藤 posts from the
// patient's home. Without anyone reloading: the post appears on 佐藤's page
// (his draft untouched), it is marked read when he scrolls to it, 伊藤's page
// shows 既読 1, and 加藤's home list shows the patient's unread badge.
// Then, on another patient: 加藤 removes 佐藤 (his open page goes home, 伊藤's
// open team list drops him) and records the withdrawal of consent (伊藤's
// open page goes home saying so).
//
// Needs: TSUNAGU_URL of a server with the demo data, the built UI and
// /api/v1/live, as for notebook.test.mjs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  assertNotReloaded,
  baseUrl,
  demoPeople,
  journeyBrowser,
  markNoReload,
  openPhone,
  liveTimeout,
  registerPatientWithTeam,
  scrollUntilRead,
  waitForLive,
} from './support.mjs'

const stamp = Date.now()
const patient = {
  name: '唐沢 ハル',
  nameKana: 'からさわ はる',
  birthDate: '1935-02-03',
  address: `長野県上伊那郡箕輪町松島 ${stamp % 100000}`,
  careLevel: 'care_3',
}
const { nurse, doctor } = demoPeople
const postText = '訪問時 SpO2 95%'
const draft = '明日の往診で確認すること：'
/** How long a live change may take to show; the journey expects it within 3 s. */

const browser = journeyBrowser()
const phones = []

test('a new post, its read receipt and the unread badge arrive on open pages without reloading', async () => {
  const kato = await openPhone(browser, 'kato')
  phones.push(kato)
  let patientId = ''

  await kato.step('the care manager registers a patient and adds the nurse and the doctor', async () => {
    const { page } = kato
    await kato.signInHome('kato')
    await waitForLive(kato)
    assert.equal(await page.getByTestId('live-status').getAttribute('aria-label'), '自動更新中')
    patientId = await registerPatientWithTeam(kato, patient, [nurse, doctor])
    assert.equal(await page.getByTestId('member').count(), 3, 'the team should be 加藤, 伊藤 and 佐藤')
  })

  await kato.step('the care manager goes back to her home list', async () => {
    const { page } = kato
    await page.getByRole('link', { name: 'ホーム' }).first().click()
    await kato.expectPath('/')
    const row = page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`)
    await row.waitFor()
    assert.equal(await row.getByTestId('unread-badge').count(), 0, 'no unread posts yet')
    await waitForLive(kato)
    await markNoReload(kato)
  })

  const sato = await openPhone(browser, 'sato', { width: 360, height: 740 })
  phones.push(sato)

  await sato.step('the doctor opens the patient’s notebook and starts a draft', async () => {
    const { page } = sato
    await sato.signInHome(doctor.login)
    const row = page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`)
    await row.click()
    await sato.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    await page.getByTestId('timeline-empty').waitFor()
    await page.getByTestId('composer-body').fill(draft)
    await waitForLive(sato)
    await markNoReload(sato)
  })

  const ito = await openPhone(browser, 'ito')
  phones.push(ito)
  let postId = ''

  await ito.step('the nurse posts a vitals note from the patient’s home', async () => {
    const { page } = ito
    await ito.signInHome(nurse.login)
    await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).click()
    await ito.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    await page.getByTestId('timeline-empty').waitFor()
    await waitForLive(ito)
    await markNoReload(ito)
    await page.getByTestId('composer-category').selectOption('vitals')
    await page.getByTestId('composer-body').fill(postText)
    await page.getByTestId('composer-submit').click()
    const post = page.locator('[data-testid="post"]', { has: page.getByText(postText) }).first()
    await post.waitFor()
    postId = (await post.getAttribute('data-post-id')) ?? ''
    assert.ok(postId, 'the post has no data-post-id')
    // No 既読 0 check here: the doctor's open page may already have shown (and read) it.
  })

  await sato.step('the post appears on the doctor’s open page, and his draft stays', async () => {
    const { page } = sato
    const post = page.locator(`[data-testid="post"][data-post-id="${postId}"]`)
    await post.waitFor({ timeout: liveTimeout }).catch(() => {
      throw new Error(`the nurse's post did not appear on the open notebook within ${liveTimeout} ms`)
    })
    assert.match(await post.getByTestId('post-body').innerText(), /SpO2 95%/)
    assert.equal(await page.getByTestId('composer-body').inputValue(), draft, 'the draft in the post box was lost')
    await assertNotReloaded(sato)
  })

  await kato.step('the care manager’s home list shows the unread badge', async () => {
    const { page } = kato
    const badge = page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"] [data-testid="unread-badge"]`)
    await badge.waitFor({ timeout: liveTimeout }).catch(() => {
      throw new Error(`the unread badge did not appear on the home list within ${liveTimeout} ms`)
    })
    assert.equal((await badge.innerText()).trim(), '1')
    await assertNotReloaded(kato)
    await kato.shot('live-01-home-badge.png')
  })

  await sato.step('the doctor scrolls to the post and it is marked read', () => scrollUntilRead(sato, postId, 'live-02-doctor-timeline.png'))

  await ito.step('the nurse’s open page shows 既読 1', async () => {
    const { page } = ito
    const readCount = page.locator(`[data-testid="post"][data-post-id="${postId}"] [data-testid="read-count"]`)
    await page
      .locator(`[data-testid="post"][data-post-id="${postId}"] [data-testid="read-count"][data-count="1"]`)
      .waitFor({ timeout: liveTimeout })
      .catch(async () => {
        throw new Error(`expected 既読 1 without reloading, the page shows "${(await readCount.innerText()).trim()}"`)
      })
    assert.match(await readCount.innerText(), /既読\s*1/)
    await assertNotReloaded(ito)
    await ito.shot('live-03-nurse-read.png', false)
  })

  const problems = phones.flatMap((p) => p.problems.map((text) => `${p.label}: ${text}`))
  assert.deepEqual(problems, [], `the pages reported problems:\n${problems.join('\n')}`)
})

test('a removed member and a withdrawn consent take the open pages home, and the team list updates', async () => {
  const second = { ...patient, name: '酒井 キヨ', nameKana: 'さかい きよ', address: `長野県上伊那郡箕輪町木下 ${stamp % 100000}` }
  const own = []
  const kato = await openPhone(browser, 'kato2')
  own.push(kato)
  let patientId = ''

  await kato.step('the care manager registers another patient with the nurse and the doctor', async () => {
    await kato.signInHome('kato')
    patientId = await registerPatientWithTeam(kato, second, [nurse, doctor])
    await waitForLive(kato)
  })

  const sato = await openPhone(browser, 'sato2')
  own.push(sato)
  await sato.step('the doctor has the notebook open', async () => {
    await sato.signInHome(doctor.login)
    await sato.page.goto(`${baseUrl}/patients/${encodeURIComponent(patientId)}`)
    await sato.page.getByTestId('timeline').waitFor()
    await waitForLive(sato)
    await markNoReload(sato)
  })

  const ito = await openPhone(browser, 'ito2')
  own.push(ito)
  await ito.step('the nurse has the team open', async () => {
    await ito.signInHome(nurse.login)
    await ito.page.goto(`${baseUrl}/patients/${encodeURIComponent(patientId)}?tab=team`)
    await ito.page.locator(`[data-testid="member"][data-name="${doctor.name}"]`).waitFor()
    await waitForLive(ito)
    await markNoReload(ito)
  })

  await kato.step('the care manager removes the doctor from the team', async () => {
    const { page } = kato
    await page.locator(`[data-testid="member"][data-name="${doctor.name}"]`).getByTestId('remove-member').click()
    await page.getByTestId('team-dialog').getByTestId('dialog-confirm').click()
    await page.locator(`[data-testid="member"][data-name="${doctor.name}"]`).waitFor({ state: 'detached' })
  })

  await ito.step('the nurse’s team list drops the doctor without reloading', async () => {
    await ito.page
      .locator(`[data-testid="member"][data-name="${doctor.name}"]`)
      .waitFor({ state: 'detached', timeout: liveTimeout })
      .catch(() => {
        throw new Error(`${doctor.name} is still listed on the nurse's open team tab`)
      })
    assert.equal(await ito.page.getByTestId('member').count(), 2)
    await assertNotReloaded(ito)
  })

  await sato.step('the doctor’s open page goes home and says he is no longer on the team', async () => {
    const { page } = sato
    await page.locator('[data-testid="home-notice"][data-notice="removed"]').waitFor({ timeout: liveTimeout }).catch(() => {
      throw new Error('the removed doctor was not taken home with a notice')
    })
    await sato.expectPath('/')
    await assertNotReloaded(sato)
    assert.equal(await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).count(), 0)
  })

  await kato.step('the care manager records the withdrawal of consent and sees her own notice', async () => {
    const { page } = kato
    await page.getByTestId('tab-profile').click()
    await page.getByTestId('withdraw-consent').click()
    await page.getByTestId('withdraw-consent-reason').fill('ご家族から電話で申し出')
    await page.getByTestId('withdraw-consent-dialog').getByTestId('dialog-confirm').click()
    await page.locator('[data-testid="home-notice"][data-notice="withdrawn"]').waitFor()
    await kato.expectPath('/')
  })

  await ito.step('the nurse’s open page goes home with 同意が撤回されたため…', async () => {
    const { page } = ito
    const notice = page.locator('[data-testid="home-notice"][data-notice="consent-withdrawn"]')
    await notice.waitFor({ timeout: liveTimeout }).catch(() => {
      throw new Error('the nurse was not taken home when the consent was withdrawn')
    })
    assert.match(await notice.innerText(), /同意が撤回されたため、この利用者の情報は表示できません/)
    await ito.expectPath('/')
    await assertNotReloaded(ito)
  })

  const problems = own.flatMap((p) => p.problems.map((text) => `${p.label}: ${text}`))
  assert.deepEqual(problems, [], `the pages reported problems:\n${problems.join('\n')}`)
})
