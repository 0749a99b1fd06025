// A photo in the notebook, on phones: care manager 加藤 registers a patient
// with nurse 伊藤 (箕輪町) and doctor 佐藤 (伊那市, another region) on the team.
// 佐藤 has the patient's notebook open. 伊藤 posts a photo with a line of text
// in at most three actions (写真を選ぶ, 入力, 投稿). Without reloading, the post
// and its thumbnail appear on 佐藤's page; he scrolls to it (marked read) and
// opens the full photo; 伊藤's open page shows 既読 1 and 佐藤 健一 in the
// reads list. 田中 (箕輪町, not on the team) cannot fetch the photo.
//
// Needs: TSUNAGU_URL of a server with the demo data, the built UI and
// /api/v1/live, as for live.test.mjs.
import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  assertNotReloaded,
  baseUrl,
  demoPeople,
  journeyBrowser,
  markNoReload,
  openPhone,
  outDir,
  liveTimeout,
  registerPatientWithTeam,
  scrollUntilRead,
  waitForLive,
} from './support.mjs'

const photo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'tests', 'fixtures', 'photo.jpg')
const stamp = Date.now()
const patient = {
  name: '伊東 サダ',
  nameKana: 'いとう さだ',
  birthDate: '1933-09-21',
  address: `長野県上伊那郡箕輪町沢 ${stamp % 100000}`,
  careLevel: 'care_4',
}
const { nurse, doctor, outsider } = demoPeople
const postText = '右足のかかとに発赤、写真を添付します'
/** How long a live change may take to show. */
/** 写真を選ぶ, 入力, 投稿. */
const maxPostActions = 3

const browser = journeyBrowser()
const phones = []

const isAttachment = (id, thumbnail) => (response) =>
  new URL(response.url()).pathname === `/api/v1/attachments/${encodeURIComponent(id)}${thumbnail ? '/thumbnail' : ''}`

test('a nurse posts a photo from her phone; a doctor of another region sees it live and reads it; she sees the receipt', async () => {
  const kato = await openPhone(browser, 'kato')
  phones.push(kato)
  let patientId = ''

  await kato.step('the care manager registers a patient and adds the nurse and the doctor', async () => {
    const { page } = kato
    await kato.signInHome('kato')
    patientId = await registerPatientWithTeam(kato, patient, [nurse, doctor])
    assert.equal(await page.getByTestId('member').count(), 3, 'the team should be 加藤, 伊藤 and 佐藤')
  })

  const sato = await openPhone(browser, 'sato', { width: 360, height: 740 })
  phones.push(sato)
  // Every thumbnail the doctor's page fetches, to check what the server sent him.
  const thumbnailResponses = []
  sato.page.on('response', (response) => {
    if (/^\/api\/v1\/attachments\/[^/]+\/thumbnail$/.test(new URL(response.url()).pathname)) thumbnailResponses.push(response)
  })

  await sato.step('the doctor opens the patient’s notebook and the live connection is up', async () => {
    const { page } = sato
    await sato.signInHome(doctor.login)
    await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).click()
    await sato.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    await page.getByTestId('timeline-empty').waitFor()
    await waitForLive(sato)
    await markNoReload(sato)
  })

  const ito = await openPhone(browser, 'ito', { width: 360, height: 740 })
  phones.push(ito)
  let postId = ''
  let attachmentId = ''

  await ito.step('the nurse opens the patient on her phone', async () => {
    const { page } = ito
    await ito.signInHome(nurse.login)
    await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).click()
    await ito.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    await page.getByTestId('timeline-empty').waitFor()
    await waitForLive(ito)
    await markNoReload(ito)
  })

  await ito.step('the nurse chooses the photo, types a line and posts: three actions', async () => {
    const { page } = ito
    let actions = 0
    const uploaded = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/attachments',
    )

    // 1. 写真・PDF: the camera or the gallery hands the file to the input.
    assert.match(await page.getByTestId('composer-photo').innerText(), /写真・PDF/)
    await page.getByTestId('composer-file-input').setInputFiles(photo)
    actions++
    // 2. The line about it (the category stays 観察).
    await page.getByTestId('composer-body').fill(postText)
    actions++
    await ito.shot('photo-01-nurse-composer.png', false)
    // 3. 投稿, without waiting for the upload: the button waits for it.
    await page.getByTestId('composer-submit').click()
    actions++
    assert.ok(actions <= maxPostActions, `posting a photo took ${actions} actions, expected at most ${maxPostActions}`)

    const upload = await uploaded.catch(() => {
      throw new Error('choosing the photo did not upload it (POST /api/v1/attachments)')
    })
    assert.equal(upload.status(), 201, `POST /api/v1/attachments answered ${upload.status()}`)
    attachmentId = (await upload.json()).id
    assert.ok(attachmentId, 'the upload answer has no id')

    const post = page.locator('[data-testid="post"]', { has: page.getByText(postText) }).first()
    await post.waitFor().catch(() => {
      throw new Error('the post did not appear in the nurse’s timeline after 投稿')
    })
    postId = (await post.getAttribute('data-post-id')) ?? ''
    assert.ok(postId, 'the post has no data-post-id')
    assert.equal(await post.getByTestId('post-category').getAttribute('data-category'), 'observation')
    assert.equal(await post.getByTestId('post-attachment').count(), 1, 'the post should carry one attachment')
    assert.equal(await page.getByTestId('composer-body').inputValue(), '', 'the post box should be empty after posting')
    assert.equal(await page.getByTestId('composer-file').count(), 0, 'the chosen photo should leave the post box after posting')
  })

  await sato.step('the photo post appears on the doctor’s open page with its thumbnail, without reloading', async () => {
    const { page } = sato
    const post = page.locator(`[data-testid="post"][data-post-id="${postId}"]`)
    await post.waitFor({ timeout: liveTimeout }).catch(() => {
      throw new Error(`the nurse's photo post did not appear on the open notebook within ${liveTimeout} ms`)
    })
    assert.equal((await post.getByTestId('post-body').innerText()).trim(), postText)
    const attachment = post.getByTestId('post-attachment')
    assert.equal(await attachment.getAttribute('data-content-type'), 'image/jpeg')
    const thumb = attachment.locator('img')
    // naturalWidth > 0: the browser got and decoded an image (the img is lazy, so give it the same time).
    await page
      .waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle(), { timeout: liveTimeout })
      .catch(async () => {
        throw new Error(`the thumbnail did not load: naturalWidth ${await thumb.evaluate((img) => img.naturalWidth)}, src ${await thumb.getAttribute('src')}`)
      })
    assert.equal(
      await attachment.locator('a').getAttribute('href'),
      `/api/v1/attachments/${encodeURIComponent(attachmentId)}`,
      'the thumbnail should link to the uploaded photo',
    )
    const served = thumbnailResponses.filter(isAttachment(attachmentId, true))
    assert.ok(served.length > 0, 'the doctor’s page did not fetch the thumbnail')
    assert.equal(served[0].status(), 200, `the thumbnail endpoint answered ${served[0].status()}`)
    assert.match(served[0].headers()['content-type'] ?? '', /^image\//, 'the thumbnail endpoint did not send an image')
    await assertNotReloaded(sato)
  })

  await sato.step('the doctor scrolls to the post and it is marked read', () => scrollUntilRead(sato, postId, 'photo-02-doctor-timeline.png'))

  await sato.step('tapping the thumbnail opens the full photo', async () => {
    const { page, context } = sato
    const full = context.waitForEvent('response', { predicate: isAttachment(attachmentId, false), timeout: 10_000 })
    const [viewer] = await Promise.all([
      page.waitForEvent('popup'),
      page.locator(`[data-testid="post"][data-post-id="${postId}"] [data-testid="post-attachment"] a`).click(),
    ])
    const response = await full.catch(() => {
      throw new Error('tapping the thumbnail did not request the full photo')
    })
    assert.equal(response.status(), 200, `GET /api/v1/attachments/{id} answered ${response.status()}`)
    assert.match(response.headers()['content-type'] ?? '', /^image\/jpeg\b/, 'the full photo should be sent as image/jpeg')
    const body = await response.body()
    assert.ok(body.length > 0 && body[0] === 0xff && body[1] === 0xd8, 'the full photo is not a JPEG')
    await viewer.waitForLoadState()
    assert.equal(new URL(viewer.url()).pathname, `/api/v1/attachments/${encodeURIComponent(attachmentId)}`)
    await viewer.screenshot({ path: join(outDir, 'photo-03-doctor-full-photo.png') })
    await viewer.close()
  })

  await ito.step('the nurse’s open page shows 既読 1 and the doctor in the reads list', async () => {
    const { page } = ito
    const readCount = page.locator(`[data-testid="post"][data-post-id="${postId}"] [data-testid="read-count"]`)
    await page
      .locator(`[data-testid="post"][data-post-id="${postId}"] [data-testid="read-count"][data-count="1"]`)
      .waitFor({ timeout: liveTimeout })
      .catch(async () => {
        throw new Error(`expected 既読 1 without reloading, the page shows "${(await readCount.innerText()).trim()}"`)
      })
    assert.match(await readCount.innerText(), /既読\s*1/)
    await readCount.click()
    const reader = page.locator(`[data-testid="post"][data-post-id="${postId}"] [data-testid="reads-list"] [data-testid="read-name"]`)
    await reader.first().waitFor().catch(() => {
      throw new Error('the reads list did not show anyone')
    })
    assert.deepEqual(await reader.allInnerTexts(), [doctor.name], `the reads list should name ${doctor.name} only`)
    await assertNotReloaded(ito)
    await page.locator(`[data-testid="post"][data-post-id="${postId}"]`).scrollIntoViewIfNeeded()
    await ito.shot('photo-04-nurse-read.png', false)
  })

  const tanaka = await openPhone(browser, 'tanaka')
  phones.push(tanaka)

  await tanaka.step('a care worker of the same region, not on the team, cannot fetch the photo', async () => {
    const { page } = tanaka
    await tanaka.signInHome(outsider.login)
    assert.equal(
      await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).count(),
      0,
      'the patient should not be in the outsider’s home list',
    )
    for (const path of [`/api/v1/attachments/${encodeURIComponent(attachmentId)}`, `/api/v1/attachments/${encodeURIComponent(attachmentId)}/thumbnail`]) {
      const response = await page.request.get(`${baseUrl}${path}`, { failOnStatusCode: false })
      assert.equal(response.status(), 404, `GET ${path} as ${outsider.login} answered ${response.status()}, expected 404`)
      assert.doesNotMatch(response.headers()['content-type'] ?? '', /^image\//, `GET ${path} sent an image to ${outsider.login}`)
    }
    // The same request as the doctor still works: the 404 is about who asks.
    const own = await sato.page.request.get(`${baseUrl}/api/v1/attachments/${encodeURIComponent(attachmentId)}`)
    assert.equal(own.status(), 200, `GET /api/v1/attachments/{id} as ${doctor.login} answered ${own.status()}`)
  })

  const problems = phones.flatMap((p) => p.problems.map((text) => `${p.label}: ${text}`))
  assert.deepEqual(problems, [], `the pages reported problems:\n${problems.join('\n')}`)
})
