// The foundation journey, as people would do it on a phone:
// a nurse applies to join 箕輪町, the region's admin approves her, she signs
// in, enrols a TOTP authenticator, and signs in again with password and code.
//
// Needs: TSUNAGU_URL (e.g. http://127.0.0.1:18080) of a server started with
// the demo data (`tsunagu demo`) and the built UI (web/dist); Chromium at
// /usr/bin/chromium (Debian package `chromium`) or CHROMIUM_PATH.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { baseUrl, journeyBrowser, openPhone } from './support.mjs'
import { totpCode, waitForFreshStep } from './totp.mjs'

const regionAdmin = { login: 'minowa-admin', password: 'tsunagu-demo' }
const regionName = '箕輪町'
const stamp = Date.now()
const applicant = {
  name: '春日 花子',
  nameKana: 'かすが はなこ',
  email: `kasuga-${stamp}@example.jp`,
  login: `e2e-nurse-${stamp}`,
  password: 'kango-password-1',
}

let phone
let page
let pageProblems = []

const browser = journeyBrowser(async () => {
  phone = await openPhone(browser)
  page = phone.page
  pageProblems = phone.problems
})

const step = (name, fn) => phone.step(name, fn)
const expectPath = (path) => phone.expectPath(path)
const signInWithPassword = (login, password) => phone.signInWithPassword(login, password)
const signOut = () => phone.signOut()
const firstVisible = (testIds, timeout) => phone.firstVisible(testIds, timeout)

test('a nurse applies, is approved, enrols TOTP and signs in with it', async () => {
  let usedStep = -1
  let secret = ''

  await step('open the application form', async () => {
    await page.goto(`${baseUrl}/`)
    await expectPath('/sign-in')
    await page.getByTestId('apply-link').click()
    await expectPath('/apply')
  })

  await step('apply as a nurse in 箕輪町', async () => {
    await page.locator('#apply-name').fill(applicant.name)
    await page.locator('#apply-name_kana').fill(applicant.nameKana)
    await page.locator('#apply-profession').selectOption('nurse')
    const regionOption = page.locator('#apply-region_id option', { hasText: regionName })
    await regionOption.first().waitFor({ state: 'attached' }).catch(() => {
      throw new Error(`the region list has no ${regionName}: is the demo data loaded?`)
    })
    await page.locator('#apply-region_id').selectOption({ label: regionName })
    const organizationOptions = page.locator('#apply-organization_id option:not([value=""])')
    await organizationOptions.first().waitFor({ state: 'attached' }).catch(() => {
      throw new Error(`no organisation of ${regionName} was offered`)
    })
    const organizationId = await organizationOptions.first().getAttribute('value')
    await page.locator('#apply-organization_id').selectOption(organizationId)
    await page.locator('#apply-email').fill(applicant.email)
    await page.locator('#apply-login').fill(applicant.login)
    await page.locator('#apply-password').fill(applicant.password)
    await page.locator('#apply-password_confirm').fill(applicant.password)
    await phone.shot('01-apply-form.png')
    await page.getByTestId('apply-submit').click()
    await page.getByTestId('apply-done').waitFor().catch(() => {
      throw new Error('the application was not accepted (no confirmation shown)')
    })
  })

  await step('the region admin approves the application', async () => {
    await page.getByTestId('go-sign-in').click()
    await signInWithPassword(regionAdmin.login, regionAdmin.password)
    const landed = await firstVisible(['welcome', 'totp-required-notice', 'totp-step', 'sign-in-error'])
    assert.equal(landed, 'welcome', `after the region admin signed in, expected the home page but saw "${landed}"`)
    await page.getByTestId('approval-queue-link').click()
    await expectPath('/admin/registrations')
    const card = page.locator(`article[data-testid="registration"][data-login="${applicant.login}"]`)
    await card.waitFor().catch(() => {
      throw new Error(`the approval queue does not list the application of ${applicant.login}`)
    })
    await card.getByTestId('approve-button').click()
    await card.locator('[data-testid="decision-status"][data-status="approved"]').waitFor().catch(() => {
      throw new Error('the application was not shown as approved after pressing 承認')
    })
    await phone.shot('02-approved.png')
    await signOut()
  })

  await step('the nurse signs in and enrols a TOTP authenticator', async () => {
    await signInWithPassword(applicant.login, applicant.password)
    // Where the region requires TOTP she lands on her profile at once.
    const landed = await firstVisible(['welcome', 'totp-start', 'sign-in-error'])
    assert.notEqual(landed, 'sign-in-error', 'the approved applicant could not sign in with her password')
    if (landed === 'welcome') {
      await page.getByTestId('profile-link').click()
    }
    await expectPath('/profile')
    await page.getByTestId('totp-start').click()
    const secretElement = page.getByTestId('totp-secret')
    await secretElement.waitFor()
    secret = ((await secretElement.getAttribute('data-secret')) ?? (await secretElement.innerText())).replace(/\s/g, '')
    assert.match(secret, /^[A-Z2-7]+=*$/i, `the secret shown is not base32: ${JSON.stringify(secret)}`)
    await page.getByTestId('totp-qr').waitFor()
    await phone.shot('03-totp-enrolment.png')

    usedStep = await waitForFreshStep(-1)
    await page.locator('#totp-code').fill(totpCode(secret, usedStep))
    await page.getByTestId('totp-confirm').click()
    await page.getByTestId('totp-enabled').waitFor().catch(() => {
      throw new Error('TOTP enrolment was not confirmed')
    })
  })

  await step('sign in again with the TOTP code', async () => {
    await signOut()
    await signInWithPassword(applicant.login, applicant.password)
    await page.getByTestId('totp-step').waitFor().catch(() => {
      throw new Error('after the password, the sign-in page did not ask for the TOTP code')
    })
    // A code is accepted once only: use the next time step, not a replay.
    const fresh = await waitForFreshStep(usedStep)
    await page.locator('#signin-totp').fill(totpCode(secret, fresh))
    usedStep = fresh
    await page.getByTestId('totp-submit').click()
    const welcome = page.getByTestId('welcome')
    await welcome.waitFor().catch(() => {
      throw new Error('signing in with the TOTP code did not reach the home page')
    })
    assert.equal((await welcome.innerText()).trim(), `ようこそ、${applicant.name}さん`)
  })

  await phone.shot('foundation-home.png')
  assert.deepEqual(pageProblems, [], `the pages reported problems:\n${pageProblems.join('\n')}`)
})
