// The search journey: care manager 加藤 registers a patient and writes
// 「嚥下の様子：とろみ食で良好」 in the notebook; from the home screen she
// searches 「とろみ」 and finds it with the patient's name, the words marked;
// tapping the name opens the patient; back returns to the same results; a
// word written nowhere shows 「見つかりませんでした」; too long a word shows
// the server's message under the box; and the patient's own search link
// searches that patient only.
//
// Needs: TSUNAGU_URL of a server with the demo data (`tsunagu demo`) and the
// built UI, as for notebook.test.mjs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { journeyBrowser, openPhone, registerPatient } from './support.mjs'

const stamp = Date.now()
const patient = {
  careLevel: 'care_3',
  name: '向山 キヨ',
  nameKana: 'むかいやま きよ',
  birthDate: '1940-02-20',
  address: `長野県上伊那郡箕輪町松島 ${stamp % 100000}`,
}
const postText = '嚥下の様子：とろみ食で良好'
const word = 'とろみ'
const missing = `見当たらない言葉${stamp}`

const browser = journeyBrowser()

async function search(phone, text) {
  const { page } = phone
  await page.getByLabel('検索', { exact: true }).fill(text)
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/posts')
  await page.getByTestId('search-submit').click()
  const response = await answered.catch(() => {
    throw new Error('検索 did not ask the server (GET /api/v1/posts)')
  })
  return response
}

test('a care manager finds a note by a word in it, across her patients', async () => {
  const kato = await openPhone(browser, 'kato')
  let patientId = ''
  let postId = ''

  await kato.step('the care manager registers a patient and writes a note about swallowing', async () => {
    const { page } = kato
    await kato.signInHome('kato')
    patientId = await registerPatient(kato, patient)

    await page.getByTestId('composer-category').selectOption('meal')
    await page.getByTestId('composer-body').fill(postText)
    await page.getByTestId('composer-submit').click()
    const post = page.locator('[data-testid="post"]', { has: page.getByText(postText) }).first()
    await post.waitFor().catch(() => {
      throw new Error('the note did not appear in the timeline after 投稿')
    })
    postId = (await post.getAttribute('data-post-id')) ?? ''
    assert.ok(postId, 'the post has no data-post-id')
  })

  await kato.step('from the home screen she searches 「とろみ」 and finds the note with the patient’s name', async () => {
    const { page } = kato
    await page.getByRole('link', { name: 'ホーム' }).first().click()
    await kato.expectPath('/')
    const entry = page.getByRole('link', { name: '連絡帳を検索' })
    await entry.waitFor()
    const box = await entry.boundingBox()
    assert.ok(box && box.width >= 44 && box.height >= 44, `the search button should be at least 44px square, is ${box?.width}x${box?.height}`)
    await entry.click()
    await kato.expectPath('/search')
    assert.ok(await page.getByRole('search').isVisible(), 'the search form should be a search landmark')

    const response = await search(kato, word)
    assert.equal(response.status(), 200, `GET /api/v1/posts answered ${response.status()}`)
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === word)
    const result = page.locator(`[data-testid="search-result"][data-post-id="${postId}"]`)
    await result.waitFor().catch(() => {
      throw new Error(`searching 「${word}」 did not show the note just written`)
    })
    assert.equal((await result.getByTestId('search-result-patient').innerText()).trim(), patient.name)
    assert.equal(await result.getByTestId('search-result-category').getAttribute('data-category'), 'meal')
    assert.match(await result.getByTestId('search-result-author').innerText(), /加藤/)
    assert.match(await result.getByTestId('search-result-time').getAttribute('datetime'), /\+09:00$/)
    assert.equal(await result.getByTestId('search-result-urgent').count(), 0, 'the note is not urgent')
    assert.equal((await result.getByTestId('search-result-body').innerText()).trim(), postText)
    const marks = await result.locator('mark').allInnerTexts()
    assert.deepEqual(marks, [word], 'the searched words should be marked, and only they')
    assert.match(await page.getByTestId('search-count').innerText(), /とろみ/)
    assert.ok(await page.getByTestId('search-count').evaluate((el) => el === document.activeElement), 'focus should move to the results heading')
    await kato.shot('search-01-results.png', false)
  })

  await kato.step('tapping the patient’s name opens the patient; back returns to the results', async () => {
    const { page } = kato
    const result = page.locator(`[data-testid="search-result"][data-post-id="${postId}"]`)
    await result.getByTestId('search-result-patient').click()
    await kato.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    await page.getByTestId('patient-name').waitFor()
    assert.match(await page.getByTestId('patient-name').innerText(), new RegExp(patient.name))

    await page.goBack()
    await kato.expectPath('/search')
    await result.waitFor().catch(() => {
      throw new Error('after 戻る the results were not shown again')
    })
    assert.equal(await page.getByLabel('検索', { exact: true }).inputValue(), word, 'the box should keep the words searched')
  })

  await kato.step('a word written nowhere shows 「見つかりませんでした」', async () => {
    const { page } = kato
    await search(kato, missing)
    const empty = page.getByTestId('search-empty')
    await empty.waitFor().catch(() => {
      throw new Error(`searching 「${missing}」 did not show the empty state`)
    })
    assert.match(await empty.innerText(), /見つかりませんでした/)
    assert.equal(await page.getByTestId('search-result').count(), 0)
    await kato.shot('search-02-empty.png', false)

    await page.goBack()
    await page.locator(`[data-testid="search-result"][data-post-id="${postId}"]`).waitFor().catch(() => {
      throw new Error('戻る from the empty search did not bring back the 「とろみ」 results')
    })
  })

  await kato.step('too long a word shows the server’s message under the box', async () => {
    const { page } = kato
    const response = await search(kato, 'あ'.repeat(101))
    assert.equal(response.status(), 400, `a 101-character search answered ${response.status()}, expected 400`)
    const message = page.getByTestId('search-q-error')
    await message.waitFor().catch(() => {
      throw new Error('the server’s message for q is not shown under the box')
    })
    assert.match(await message.innerText(), /100文字/)
    const input = page.getByLabel('検索', { exact: true })
    assert.equal(await input.getAttribute('aria-invalid'), 'true')
    assert.match((await input.getAttribute('aria-describedby')) ?? '', /search-q-error/)
  })

  await kato.step('the patient’s own search link searches that patient only', async () => {
    const { page } = kato
    await page.goto(new URL(`/patients/${encodeURIComponent(patientId)}`, page.url()).href)
    await page.getByTestId('patient-search-link').click()
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('patient_id') === patientId)
    await page.getByTestId('search-scope').filter({ hasText: patient.name }).waitFor().catch(() => {
      throw new Error('the search page does not say it is searching this patient only')
    })
    const response = await search(kato, word)
    assert.equal(new URL(response.url()).searchParams.get('patient_id'), patientId, 'the search should ask for this patient only')
    await page.locator(`[data-testid="search-result"][data-post-id="${postId}"]`).waitFor()
    const others = await page.locator(`[data-testid="search-result"]:not([data-patient-id="${patientId}"])`).count()
    assert.equal(others, 0, 'results of other patients were shown')
  })

  assert.deepEqual(kato.problems, [], `the page reported problems:\n${kato.problems.join('\n')}`)
})
