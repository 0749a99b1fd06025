// The notebook journey, on three phones at once:
// care manager 加藤 (箕輪町) registers a patient and builds the care team with
// nurse 伊藤 (箕輪町) and doctor 佐藤 (伊那市, another region); 伊藤 posts an
// urgent vitals note from the patient's home; 佐藤 sees it as unread, opens
// it, and it is marked read, and finds it again by its author; 伊藤 sees 既読
// and who read it, and, allowed by 加藤 to manage the team, finds
// professionals by profession.
//
// Needs: TSUNAGU_URL of a server with the demo data (`tsunagu demo`) and the
// built UI, as for foundation.test.mjs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoPeople, journeyBrowser, openPhone } from './support.mjs'

const stamp = Date.now()
const patient = {
  name: '有賀 トメ',
  nameKana: 'あるが とめ',
  birthDate: '1938-05-12',
  address: `長野県上伊那郡箕輪町中箕輪 ${stamp % 100000}`,
}
const { nurse, doctor } = demoPeople
const postText = '血圧 142/88、昨夜よく眠れたとのこと'
// A second line with a link (plain text; the timeline makes it clickable).
const postLink = 'https://example.jp/care/plan?id=42'
const injected = '<img src=x onerror="window.__injected=1">'

const browser = journeyBrowser()
const phones = []

async function addToTeam(kato, person) {
  const { page } = kato
  const search = page.getByTestId('member-search')
  await search.fill(person.name)
  const result = page.locator(`[data-testid="professional-result"][data-name="${person.name}"]`).first()
  await result.waitFor().catch(() => {
    throw new Error(`searching professionals for "${person.name}" found nobody of that name`)
  })
  if (person.region) {
    assert.match(await result.innerText(), new RegExp(person.region), `${person.name} should be shown with the region ${person.region}`)
  }
  await result.getByTestId('add-professional').click()
  await page.locator(`[data-testid="member"][data-name="${person.name}"]`).waitFor().catch(() => {
    throw new Error(`${person.name} did not appear in the team after 追加`)
  })
}

test('a care team shares an urgent vitals note across regions, with read receipts', async () => {
  const kato = await openPhone(browser, 'kato')
  phones.push(kato)
  let patientId = ''

  await kato.step('the care manager registers a patient', async () => {
    const { page } = kato
    await kato.signInHome('kato')
    await page.getByTestId('register-patient-link').click()
    await kato.expectPath('/patients/new')
    await page.locator('#patient-name').fill(patient.name)
    await page.locator('#patient-name_kana').fill(patient.nameKana)
    await page.locator('#patient-birth_date').fill(patient.birthDate)
    await page.locator('#patient-sex').selectOption('female')
    await page.locator('#patient-address').fill(patient.address)
    const region = page.locator('#patient-region_id')
    await page.locator('#patient-region_id option', { hasText: '箕輪町' }).first().waitFor({ state: 'attached' })
    assert.equal(
      await region.evaluate((el) => el.selectedOptions[0]?.textContent?.trim()),
      '箕輪町',
      'the region should default to the care manager’s own (箕輪町)',
    )
    await page.locator('#patient-care_level').selectOption('care_4')
    assert.ok(await page.locator('#patient-consent-obtained_at').inputValue(), 'the consent date should default to today')
    await page.getByTestId('consent-scope-team').check()
    await page.getByTestId('consent-method-written').check()
    assert.equal(
      await page.locator('#patient-consent-obtained_by').evaluate((el) => el.selectedOptions[0]?.textContent?.trim()),
      `${demoPeople.careManager.name}（あなた）`,
      'the consent should default to having been obtained by the care manager',
    )
    // The signed form, scanned as a PDF.
    const scan = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
    await page.getByTestId('consent-document').setInputFiles({ name: '同意書.pdf', mimeType: 'application/pdf', buffer: scan })
    await kato.shot('notebook-01-register-form.png')
    await page.getByTestId('patient-register-submit').click()
    await kato.expectPath(/^\/patients\/(?!new$)[^/]+$/)
    patientId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop())
    await page.getByTestId('patient-name').waitFor()
    assert.match(await page.getByTestId('patient-name').innerText(), new RegExp(patient.name))
    await page.getByTestId('tab-profile').click()
    const link = page.getByTestId('consent-document-link')
    await link.waitFor().catch(() => {
      throw new Error('the profile does not offer the consent form’s scan')
    })
    const scanUrl = new URL(await link.getAttribute('href'), page.url()).toString()
    const scanResponse = await page.request.get(scanUrl)
    assert.equal(scanResponse.status(), 200, 'the consent form’s scan should open for the lead')
    assert.equal(scanResponse.headers()['content-type'], 'application/pdf')
    // The profile form shows what was registered, and a correction is saved.
    assert.equal(await page.locator('#profile-name').inputValue(), patient.name)
    assert.equal(await page.locator('#profile-sex').inputValue(), 'female')
    assert.equal(await page.locator('#profile-care_level').inputValue(), 'care_4')
    await page.locator('#profile-care_level').selectOption('care_5')
    await page.getByTestId('profile-save').click()
    await page.getByTestId('profile-saved').waitFor()
    const stored = await page.request.get(new URL(`/api/v1/patients/${encodeURIComponent(patientId)}`, page.url()).toString())
    assert.equal((await stored.json()).care_level, 'care_5', 'the corrected care level should be stored')
    await page.getByTestId('tab-notebook').click()
  })

  await kato.step('the care manager adds the nurse and a doctor of another region', async () => {
    const { page } = kato
    await page.getByTestId('tab-team').click()
    await page.locator('[data-testid="member"][data-role="lead"]').waitFor()
    await addToTeam(kato, nurse)
    await addToTeam(kato, doctor)
    assert.equal(await page.getByTestId('member').count(), 3, 'the team should be 加藤, 伊藤 and 佐藤')
    const nurseRow = page.locator(`[data-testid="member"][data-name="${nurse.name}"]`)
    await nurseRow.getByTestId('toggle-manager').click()
    await nurseRow.getByTestId('member-manages').waitFor().catch(() => {
      throw new Error('the nurse is not shown as managing the team after メンバー管理を任せる')
    })
    await page.getByTestId('member-search').fill('')
    await page.evaluate(() => window.scrollTo(0, 0))
    await kato.shot('notebook-02-team.png')
  })

  const ito = await openPhone(browser, 'ito', { width: 360, height: 740 })
  phones.push(ito)
  let postId = ''

  await ito.step('the nurse opens the patient from her home list and posts an urgent vitals note', async () => {
    const { page } = ito
    await ito.signInHome(nurse.login)
    const row = page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`)
    await row.waitFor().catch(() => {
      throw new Error('the new patient is not in the nurse’s home list (わたしの利用者)')
    })
    await row.click()
    await ito.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    await page.getByTestId('composer-category').selectOption('vitals')
    await page.getByTestId('composer-body').fill(`${postText}\n参考：${postLink}。\n${injected}`)
    await page.getByTestId('composer-urgent').check()
    await page.getByTestId('composer-submit').click()
    const post = page.locator('[data-testid="post"]', { has: page.getByText(postText) }).first()
    await post.waitFor().catch(() => {
      throw new Error('the post did not appear in the timeline after 投稿')
    })
    postId = (await post.getAttribute('data-post-id')) ?? ''
    assert.ok(postId, 'the post has no data-post-id')
    assert.equal(await post.getByTestId('post-category').getAttribute('data-category'), 'vitals')
    assert.ok(await post.getByTestId('post-urgent').isVisible(), 'the post should be marked 緊急')
    assert.equal(await post.getByTestId('read-count').getAttribute('data-count'), '0')
    assert.equal(await page.getByTestId('composer-body').inputValue(), '', 'the post box should be empty after posting')
    await ito.shot('notebook-03-timeline.png')
  })

  const sato = await openPhone(browser, 'sato')
  phones.push(sato)

  await sato.step('the doctor sees the patient with an unread badge and opens it; the post is marked read', async () => {
    const { page } = sato
    await sato.signInHome(doctor.login)
    const row = page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`)
    await row.waitFor().catch(() => {
      throw new Error('the patient is not in the doctor’s home list')
    })
    const badge = row.getByTestId('unread-badge')
    await badge.waitFor().catch(() => {
      throw new Error('the patient row has no unread badge')
    })
    assert.equal((await badge.innerText()).trim(), '1')
    assert.ok(await row.getByTestId('urgent-marker').isVisible(), 'the row should show the urgent marker')
    await sato.shot('notebook-04-home-unread.png')

    const marked = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/posts/${encodeURIComponent(postId)}/read`,
    )
    await row.click()
    await sato.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    const post = page.locator(`[data-testid="post"][data-post-id="${postId}"]`)
    await post.waitFor()
    const body = post.getByTestId('post-body')
    assert.match(await body.innerText(), /血圧 142\/88/)
    // Line breaks kept, the URL a link (without the sentence's 。), markup shown as text.
    assert.match(await body.innerText(), /とのこと\n参考：/)
    const link = body.locator('a')
    assert.equal(await link.count(), 1, 'one link in the post')
    assert.equal(await link.getAttribute('href'), postLink)
    assert.match((await link.getAttribute('rel')) ?? '', /noopener/)
    assert.match(await body.innerText(), /<img src=x onerror=/)
    assert.equal(await page.evaluate(() => window.__injected), undefined, 'markup in a post must not run')
    // The doctor scrolls down to the post: it is read once it is in view.
    await post.scrollIntoViewIfNeeded()
    const response = await marked.catch(() => {
      throw new Error('showing the post did not send POST /posts/{id}/read')
    })
    assert.equal(response.status(), 200, `POST /posts/{id}/read answered ${response.status()}`)
    await page.locator(`[data-testid="post"][data-post-id="${postId}"][data-read="true"]`).waitFor()
    await sato.shot('notebook-05-doctor-timeline.png')

    await page.getByRole('link', { name: 'ホーム' }).first().click()
    await sato.expectPath('/')
    await row.waitFor()
    await row.getByTestId('unread-badge').waitFor({ state: 'detached' }).catch(() => {
      throw new Error('the unread badge is still shown after the post was read')
    })
  })

  await sato.step('the doctor shows only the nurse’s posts, then only the care manager’s', async () => {
    const { page } = sato
    await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).click()
    await page.locator(`[data-testid="post"][data-post-id="${postId}"]`).waitFor()
    await page.getByTestId('filters-toggle').click()
    const author = page.getByTestId('filter-author')
    await page.locator('[data-testid="filter-author"] option', { hasText: nurse.name }).waitFor({ state: 'attached' })
    await author.selectOption({ label: nurse.name })
    await page.locator(`[data-testid="post"][data-post-id="${postId}"]`).waitFor()
    await author.selectOption({ label: demoPeople.careManager.name })
    await page.locator(`[data-testid="post"][data-post-id="${postId}"]`).waitFor({ state: 'detached' }).catch(() => {
      throw new Error('the nurse’s post is still shown when only the care manager’s are asked for')
    })
    await page.getByTestId('filter-clear').click()
    await page.locator(`[data-testid="post"][data-post-id="${postId}"]`).waitFor()
  })

  await ito.step('the nurse reloads and sees 既読 and who read it', async () => {
    const { page } = ito
    await page.reload()
    const post = page.locator(`[data-testid="post"][data-post-id="${postId}"]`)
    await post.waitFor()
    const readCount = post.getByTestId('read-count')
    const count = Number(await readCount.getAttribute('data-count'))
    assert.ok(count >= 1, `expected 既読 1 or more, got ${count}`)
    assert.match(await readCount.innerText(), /既読\s*\d+/)
    await readCount.click()
    const reader = post.locator('[data-testid="reads-list"] [data-testid="read-name"]', { hasText: doctor.name })
    await reader.waitFor().catch(() => {
      throw new Error(`the reads list does not name ${doctor.name}`)
    })
    await ito.shot('notebook-06-reads.png')
  })

  await ito.step('the nurse, allowed to manage the team, finds the doctors she could add', async () => {
    const { page } = ito
    await page.getByTestId('tab-team').click()
    await page.getByTestId('add-member').waitFor().catch(() => {
      throw new Error('the nurse allowed to manage the team sees no メンバーを追加')
    })
    await page.getByTestId('member-profession').selectOption('doctor')
    const result = page.locator(`[data-testid="professional-result"][data-name="${doctor.name}"]`).first()
    await result.waitFor().catch(() => {
      throw new Error(`choosing 医師 did not list ${doctor.name}`)
    })
    assert.ok(await result.getByTestId('already-member').isVisible(), `${doctor.name} should be shown as already a member`)
    await ito.shot('notebook-07-manager-search.png')
  })

  const problems = phones.flatMap((p) => p.problems.map((text) => `${p.label}: ${text}`))
  assert.deepEqual(problems, [], `the pages reported problems:\n${problems.join('\n')}`)
})
