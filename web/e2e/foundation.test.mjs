// The foundation journey, as people would do it on a phone:
// a nurse applies to join 箕輪町, the region's admin approves her, she signs
// in, enrols a TOTP authenticator, and signs in again with password and code.
//
// Needs: TSUNAGU_URL (e.g. http://127.0.0.1:18080) of a server started with
// the demo data (`tsunagu demo`) and the built UI (web/dist); Chromium at
// /usr/bin/chromium (Debian package `chromium`) or CHROMIUM_PATH.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { totpCode, waitForFreshStep } from './totp.mjs'

const baseUrl = (process.env.TSUNAGU_URL ?? '').replace(/\/+$/, '')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out')

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

let browser
let page
const pageProblems = []

before(async () => {
  assert.ok(baseUrl, 'TSUNAGU_URL is not set: point it at a running `tsunagu serve` with demo data, e.g. http://127.0.0.1:18080')
  let health
  try {
    health = await fetch(`${baseUrl}/healthz`)
  } catch (e) {
    assert.fail(`the server at ${baseUrl} does not answer /healthz: ${e.cause?.message ?? e.message}`)
  }
  assert.equal(health.status, 200, `${baseUrl}/healthz answered ${health.status}, expected 200`)

  mkdirSync(outDir, { recursive: true })
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  } catch (e) {
    assert.fail(`could not start Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH): ${e.message}`)
  }
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    // Expected 401s (no session yet, a code is due) are logged by Chromium as
    // "Failed to load resource"; real server failures are caught below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageProblems.push(`console error: ${message.text()}`)
    }
  })
  page.on('response', (response) => {
    if (response.status() >= 500) pageProblems.push(`HTTP ${response.status()} from ${response.request().method()} ${response.url()}`)
  })
})

after(async () => {
  await browser?.close()
})

/**
 * Runs one step of the story; on failure saves a screenshot and rethrows with
 * where the page was, what it said, and what went wrong in it.
 */
async function step(name, fn) {
  try {
    await fn()
  } catch (error) {
    const file = join(outDir, `failed-${name.replace(/[^a-z0-9]+/gi, '-')}.png`)
    let shot = ''
    try {
      await page.screenshot({ path: file, fullPage: true })
      shot = `\n  screenshot: ${file}`
    } catch {
      // The page may be gone; the message below still helps.
    }
    let alerts = []
    try {
      alerts = await page.locator('[role="alert"], .field-error').allInnerTexts()
    } catch {
      // As above.
    }
    const details = [
      `step "${name}" failed: ${error.message}`,
      `  url: ${page?.url()}`,
      alerts.length ? `  messages on the page: ${alerts.map((t) => t.trim()).join(' | ')}` : '',
      pageProblems.length ? `  problems seen in the page:\n    ${pageProblems.join('\n    ')}` : '',
    ]
    throw new Error(details.filter(Boolean).join('\n') + shot, { cause: error })
  }
}

async function expectPath(path) {
  await page.waitForURL((url) => url.pathname === path, { timeout: 15_000 }).catch(() => {
    throw new Error(`expected to be at ${path}, but the page is at ${new URL(page.url()).pathname}`)
  })
}

async function signInWithPassword(login, password) {
  await expectPath('/sign-in')
  await page.locator('#signin-login').fill(login)
  await page.locator('#signin-password').fill(password)
  await page.getByTestId('sign-in-submit').click()
}

async function signOut() {
  await page.getByTestId('sign-out').click()
  await expectPath('/sign-in')
}

/** Shows which of several elements appeared first, or fails naming them all. */
async function firstVisible(testIds, timeout = 15_000) {
  const locators = testIds.map((id) => page.getByTestId(id))
  await page.locator(testIds.map((id) => `[data-testid="${id}"]`).join(', ')).first().waitFor({ state: 'visible', timeout }).catch(() => {
    throw new Error(`none of ${testIds.join(', ')} appeared within ${timeout} ms`)
  })
  for (let i = 0; i < locators.length; i++) {
    if (await locators[i].isVisible()) return testIds[i]
  }
  throw new Error(`none of ${testIds.join(', ')} is visible`)
}

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
    await page.screenshot({ path: join(outDir, '01-apply-form.png'), fullPage: true })
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
    await page.screenshot({ path: join(outDir, '02-approved.png'), fullPage: true })
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
    await page.screenshot({ path: join(outDir, '03-totp-enrolment.png'), fullPage: true })

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

  await page.screenshot({ path: join(outDir, 'foundation-home.png'), fullPage: true })
  assert.deepEqual(pageProblems, [], `the pages reported problems:\n${pageProblems.join('\n')}`)
})
