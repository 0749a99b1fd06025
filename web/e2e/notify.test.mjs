// E-mail notifications and addressed posts, on phones.
// 1. Pharmacist 鈴木 changes when she is mailed (すぐに知らせる, まとめのメール)
//    on her profile page, reloads and finds the setting kept; the API agrees.
// 2. Care manager 加藤 registers a patient with nurse 伊藤, doctor 佐藤 (伊那市)
//    and pharmacist 鈴木 on the team. 伊藤 addresses a post to 佐藤 through the
//    @ 宛先 list, and another to 加藤 by typing "@" in the text (after trying
//    鈴木 and taking her off again). 佐藤's timeline shows the first post as
//    あなた宛 and not the second; the API has him in its mention_user_ids.
//
// Needs: TSUNAGU_URL of a server with the demo data and the built UI, as for
// notebook.test.mjs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { baseUrl, demoPeople, journeyBrowser, openPhone, registerPatientWithTeam, assertFitsPhone } from './support.mjs'

const stamp = Date.now()
const patient = {
  name: '唐木 ハル',
  nameKana: 'からき はる',
  birthDate: '1936-02-14',
  address: `長野県上伊那郡箕輪町松島 ${stamp % 100000}`,
  careLevel: 'care_3',
}
const { careManager, nurse, doctor, pharmacist } = demoPeople
const toDoctor = `往診時に血圧の薬について相談させてください ${stamp}`
const toCareManager = `来週のサービス担当者会議の日程を確認させてください ${stamp}`

const browser = journeyBrowser()
const phones = []

async function apiGet(phone, path) {
  const response = await phone.page.request.get(`${baseUrl}${path}`)
  assert.equal(response.status(), 200, `GET ${path} as ${phone.label} answered ${response.status()}`)
  return response.json()
}

test('a professional chooses when she is mailed; the choice is kept after a reload', async () => {
  const suzuki = await openPhone(browser, 'suzuki')
  const { page } = suzuki
  let before = null
  let wanted = null

  await suzuki.step('the pharmacist opens her profile and sees the notification settings', async () => {
    await suzuki.signInHome(pharmacist.login)
    before = await apiGet(suzuki, '/api/v1/me/notifications')
    await page.getByTestId('profile-link').click()
    await suzuki.expectPath('/profile')
    const section = page.getByTestId('notification-settings')
    await section.getByTestId('notification-form').waitFor()
    // The mail's contents are explained before anything is chosen.
    const privacy = await section.getByTestId('notification-privacy').innerText()
    assert.match(privacy, /利用者の名前/, 'the page should say that mails never name the patient')
    assert.match(privacy, /記録の内容/, 'the page should say that mails never contain the post')
    // What the server has is what the form shows.
    assert.ok(await page.getByTestId(`notify-immediate-${before.immediate}`).isChecked(), `the form should show immediate=${before.immediate}`)
    assert.ok(await page.getByTestId(`notify-digest-${before.digest}`).isChecked(), `the form should show digest=${before.digest}`)
    assert.equal(await page.getByTestId('notify-email-enabled').isChecked(), before.email_enabled)
    await assertFitsPhone(suzuki, 'the profile page')
  })

  await suzuki.step('turning mail off greys out the choices and says no mail will come', async () => {
    if (!before.email_enabled) await page.getByTestId('notify-email-enabled').check()
    await page.getByTestId('notify-email-enabled').uncheck()
    assert.ok(await page.getByTestId('notify-immediate-all').isDisabled(), 'the choices should be disabled while mail is off')
    await page.getByTestId('notify-no-mail').waitFor()
    await page.getByTestId('notify-email-enabled').check()
    assert.ok(await page.getByTestId('notify-immediate-all').isEnabled())
  })

  await suzuki.step('she chooses a different setting, with the keyboard for one of them, and saves it', async () => {
    // Whatever the settings were, change both (the journey may run again on the same data).
    wanted = {
      email_enabled: true,
      immediate: before.immediate === 'all' ? 'none' : 'all',
      digest: before.digest === 'daily' ? 'none' : 'daily',
    }
    await page.getByTestId(`notify-immediate-${wanted.immediate}`).check()
    // The digest radios by keyboard: focus the checked one and move with the arrows.
    const digestFrom = page.getByTestId(`notify-digest-${before.digest}`)
    await digestFrom.focus()
    await page.keyboard.press(wanted.digest === 'none' ? 'ArrowDown' : 'ArrowUp')
    assert.ok(await page.getByTestId(`notify-digest-${wanted.digest}`).isChecked(), 'the arrow key should move the digest choice')
    await page.getByTestId('notify-unsaved').waitFor()

    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/me/notifications',
    )
    await page.getByTestId('notify-save').click()
    const response = await saved
    assert.equal(response.status(), 200, `PATCH /api/v1/me/notifications answered ${response.status()}`)
    await page.getByTestId('notify-saved').waitFor()
    assert.match(await page.getByTestId('notify-saved').innerText(), /保存しました/)
    await suzuki.shot('notify-01-settings-saved.png')
  })

  await suzuki.step('after a reload the page and the API show the new setting', async () => {
    await page.reload()
    await page.getByTestId('notification-form').waitFor()
    assert.ok(await page.getByTestId(`notify-immediate-${wanted.immediate}`).isChecked(), `after reloading, immediate should be ${wanted.immediate}`)
    assert.ok(await page.getByTestId(`notify-digest-${wanted.digest}`).isChecked(), `after reloading, digest should be ${wanted.digest}`)
    assert.ok(await page.getByTestId('notify-email-enabled').isChecked())
    assert.equal(await page.getByTestId('notify-saved').count(), 0, 'a fresh page should not claim to have saved anything')
    assert.deepEqual(await apiGet(suzuki, '/api/v1/me/notifications'), wanted)
  })

  const problems = suzuki.problems
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`)
})

test('a nurse addresses posts through the picker and by typing @; the doctor sees the one for him as あなた宛', async () => {
  const kato = await openPhone(browser, 'kato')
  phones.push(kato)
  let patientId = ''

  await kato.step('the care manager registers a patient and builds the team', async () => {
    const { page } = kato
    await kato.signInHome(careManager.login)
    patientId = await registerPatientWithTeam(kato, patient, [nurse, doctor, pharmacist])
    assert.equal(await page.getByTestId('member').count(), 4, 'the team should be 加藤, 伊藤, 佐藤 and 鈴木')
  })

  const ito = await openPhone(browser, 'ito')
  phones.push(ito)
  let ids = {}
  let postToDoctor = ''
  let postToCareManager = ''

  await ito.step('the nurse opens the patient and the @ 宛先 list shows the team without herself', async () => {
    const { page } = ito
    await ito.signInHome(nurse.login)
    await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).click()
    await ito.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    await page.getByTestId('timeline-empty').waitFor()
    const members = (await apiGet(ito, `/api/v1/patients/${encodeURIComponent(patientId)}/members`)).items
    ids = Object.fromEntries(members.map((m) => [m.name, m.user_id]))

    const button = page.getByTestId('composer-mention')
    assert.match(await button.innerText(), /@\s*宛先/)
    await button.click()
    assert.equal(await button.getAttribute('aria-expanded'), 'true')
    const picker = page.locator('[data-testid="mention-picker"][data-mode="list"]')
    await picker.waitFor()
    const options = picker.getByTestId('mention-option')
    await options.first().waitFor()
    const names = (await options.evaluateAll((els) => els.map((el) => el.dataset.name))).sort()
    assert.deepEqual(names, [careManager.name, pharmacist.name, doctor.name].sort(), 'the list should be the team without the writer')
    const doctorOption = picker.locator(`[data-testid="mention-option"][data-name="${doctor.name}"]`)
    const text = await doctorOption.innerText()
    assert.match(text, /医師/, 'the doctor should be shown with his profession')
    const doctorMember = members.find((m) => m.user_id === ids[doctor.name])
    if (doctorMember.organization_name) assert.ok(text.includes(doctorMember.organization_name), 'the doctor should be shown with his organisation')
    await assertFitsPhone(ito, 'the post box with the 宛先 list open')
    await ito.shot('notify-02-picker.png', false)
  })

  await ito.step('she picks the doctor, closes the list and posts: the chip, the text and the API agree', async () => {
    const { page } = ito
    await page.locator(`[data-testid="mention-option"][data-name="${doctor.name}"]`).click()
    await page.getByTestId('mention-picker-close').click()
    await page.getByTestId('mention-picker').waitFor({ state: 'detached' })
    const chips = page.getByTestId('mention-chip')
    assert.deepEqual(await chips.evaluateAll((els) => els.map((el) => el.dataset.name)), [doctor.name])
    const body = page.getByTestId('composer-body')
    assert.equal(await body.inputValue(), `@${doctor.name} `, 'choosing a name should put "@名前" in the text')
    // The focus went back to the button (keyboard users carry on from there).
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'composer-mention', null, { timeout: 2_000 }).catch(() => {
      throw new Error('closing the list did not put the focus back on the @ 宛先 button')
    })
    await body.click()
    await page.keyboard.press('End')
    await page.keyboard.type(toDoctor)

    const posted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/patients/${encodeURIComponent(patientId)}/posts`,
    )
    await page.getByTestId('composer-submit').click()
    const response = await posted
    assert.equal(response.status(), 201, `posting answered ${response.status()}`)
    const sent = response.request().postDataJSON()
    assert.deepEqual(sent.mention_user_ids, [ids[doctor.name]], 'the post should be sent addressed to the doctor')
    postToDoctor = (await response.json()).id
    const post = page.locator(`[data-testid="post"][data-post-id="${postToDoctor}"]`)
    await post.waitFor()
    assert.match(await post.getByTestId('post-mentions').innerText(), new RegExp(doctor.name))
    assert.equal(await post.getByTestId('post-to-me').count(), 0, 'her own post is not addressed to her')
    assert.equal(await page.getByTestId('mention-chip').count(), 0, 'the chips should go after posting')
  })

  await ito.step('typing "@" suggests names; she picks 鈴木, takes her off, and addresses 加藤 instead', async () => {
    const { page } = ito
    const body = page.getByTestId('composer-body')
    await body.click()
    await page.keyboard.type('@鈴')
    const typed = page.locator('[data-testid="mention-picker"][data-mode="typed"]')
    await typed.waitFor().catch(() => {
      throw new Error('typing "@鈴" did not suggest anyone')
    })
    assert.deepEqual(await typed.getByTestId('mention-option').evaluateAll((els) => els.map((el) => el.dataset.name)), [pharmacist.name])
    assert.equal(await body.getAttribute('aria-activedescendant'), await typed.getByTestId('mention-option').first().getAttribute('id'))
    await page.keyboard.press('Enter')
    await typed.waitFor({ state: 'detached' })
    assert.equal(await body.inputValue(), `@${pharmacist.name} `, 'Enter should put the suggested name in the text, not a line break')
    const chip = page.locator(`[data-testid="mention-chip"][data-name="${pharmacist.name}"]`)
    await chip.waitFor()
    await chip.getByRole('button', { name: `${pharmacist.name} を宛先から外す` }).click()
    await chip.waitFor({ state: 'detached' })
    assert.equal(await body.inputValue(), '', 'taking her off should take "@鈴木 陽子" out of the text too')

    await body.click()
    await page.keyboard.type(`${toCareManager} ＠加`)
    await typed.waitFor()
    await typed.locator(`[data-testid="mention-option"][data-name="${careManager.name}"]`).click()
    await page.locator(`[data-testid="mention-chip"][data-name="${careManager.name}"]`).waitFor()
    assert.equal(await body.inputValue(), `${toCareManager} @${careManager.name} `)
    await assertFitsPhone(ito, 'the post box with a chip')
    await ito.shot('notify-03-typed-mention.png', false)

    const posted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/patients/${encodeURIComponent(patientId)}/posts`,
    )
    await page.getByTestId('composer-submit').click()
    const response = await posted
    assert.equal(response.status(), 201)
    assert.deepEqual(response.request().postDataJSON().mention_user_ids, [ids[careManager.name]])
    postToCareManager = (await response.json()).id
    await page.locator(`[data-testid="post"][data-post-id="${postToCareManager}"]`).waitFor()
  })

  const sato = await openPhone(browser, 'sato')
  phones.push(sato)

  await sato.step('the doctor sees the post for him marked あなた宛, and the other one not', async () => {
    const { page } = sato
    await sato.signInHome(doctor.login)
    await page.locator(`[data-testid="patient-row"][data-patient-id="${patientId}"]`).click()
    await sato.expectPath(`/patients/${encodeURIComponent(patientId)}`)
    const mine = page.locator(`[data-testid="post"][data-post-id="${postToDoctor}"]`)
    await mine.waitFor()
    await mine.getByTestId('post-to-me').waitFor().catch(() => {
      throw new Error('the post addressed to the doctor is not marked あなた宛 on his timeline')
    })
    assert.match(await mine.getByTestId('post-to-me').innerText(), /あなた宛/)
    assert.match(await mine.getByTestId('post-mentions').innerText(), /あなた/)
    assert.match(await mine.getByTestId('post-body').innerText(), new RegExp(`@${doctor.name}`))
    const other = page.locator(`[data-testid="post"][data-post-id="${postToCareManager}"]`)
    await other.waitFor()
    assert.equal(await other.getByTestId('post-to-me').count(), 0, 'the post addressed to 加藤 should not be marked あなた宛 for the doctor')
    assert.match(await other.getByTestId('post-mentions').innerText(), new RegExp(careManager.name))
    await sato.shot('notify-04-doctor-timeline.png', false)

    const me = await apiGet(sato, '/api/v1/me')
    const post = await apiGet(sato, `/api/v1/posts/${encodeURIComponent(postToDoctor)}`)
    assert.deepEqual(post.mention_user_ids, [me.id], 'the API post should be addressed to the doctor')
    const otherPost = await apiGet(sato, `/api/v1/posts/${encodeURIComponent(postToCareManager)}`)
    assert.ok(!otherPost.mention_user_ids.includes(me.id), 'the other post should not be addressed to the doctor')
  })

  const problems = phones.flatMap((p) => p.problems.map((text) => `${p.label}: ${text}`))
  assert.deepEqual(problems, [], `the pages reported problems:\n${problems.join('\n')}`)
})
