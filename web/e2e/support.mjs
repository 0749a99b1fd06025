// Shared by the browser journeys: where the server and Chromium are, how the
// browser is started, and a phone-sized "person" whose steps leave a
// screenshot and a readable message when they fail.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { after, before } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const baseUrl = (process.env.TSUNAGU_URL ?? '').replace(/\/+$/, '')
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out')
export const demoPassword = 'tsunagu-demo'

/** Professionals of the demo data (`tsunagu demo`) whom the journeys sign in as or add to teams. */
export const demoPeople = {
  careManager: { login: 'kato', name: '加藤 恵子' },
  nurse: { login: 'ito', name: '伊藤 由美' },
  doctor: { login: 'sato', name: '佐藤 健一', region: '伊那市' },
  pharmacist: { login: 'suzuki', name: '鈴木 陽子' },
  outsider: { login: 'tanaka', name: '田中 翔太' },
}

/** Fails clearly when TSUNAGU_URL is unset or the server does not answer. */
export async function checkServer() {
  assert.ok(baseUrl, 'TSUNAGU_URL is not set: point it at a running `tsunagu serve` with demo data, e.g. http://127.0.0.1:18080')
  let health
  try {
    health = await fetch(`${baseUrl}/healthz`)
  } catch (e) {
    assert.fail(`the server at ${baseUrl} does not answer /healthz: ${e.cause?.message ?? e.message}`)
  }
  assert.equal(health.status, 200, `${baseUrl}/healthz answered ${health.status}, expected 200`)
  mkdirSync(outDir, { recursive: true })
}

export async function launchBrowser() {
  try {
    return await chromium.launch({
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
}

/**
 * The journey file's Chromium: registers the hooks that check the server and
 * start it before the tests (then run the file's own `setUp`, if any) and
 * close it after them. Hand what it returns to openPhone (or call its
 * newContext) inside the tests. A set-up that needs the browser goes in
 * `setUp`: Node 20 starts a file's top-level before() hooks as they are
 * registered, without one waiting for another.
 */
export function journeyBrowser(setUp) {
  let browser
  before(async () => {
    await checkServer()
    browser = await launchBrowser()
    await setUp?.()
  })
  after(async () => {
    await browser?.close()
  })
  return { newContext: (options) => browser.newContext(options) }
}

/** A phone (360x740 by default) in its own browser context: its own cookies and session. */
/** How long a live update may take to reach another phone (the product promises a second). */
export const liveTimeout = 5_000

/** Scrolls the phone to a post and waits until showing it has marked it read; then a screenshot. */
export async function scrollUntilRead(phone, postId, shotName) {
  const { page } = phone
  const post = page.locator(`[data-testid="post"][data-post-id="${postId}"]`)
  await post.scrollIntoViewIfNeeded()
  await page.locator(`[data-testid="post"][data-post-id="${postId}"][data-read="true"]`).waitFor({ timeout: liveTimeout }).catch(() => {
    throw new Error('showing the post did not mark it read')
  })
  await phone.shot(shotName, false)
}

/** Fails when the page is wider than the phone (something would need sideways scrolling). */
export async function assertFitsPhone(phone, what) {
  const { scroll, width } = await phone.page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }))
  assert.ok(scroll <= width, `${what} is ${scroll}px wide on a ${width}px phone`)
}

export async function openPhone(browser, label = 'phone', viewport = { width: 360, height: 740 }) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const problems = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    // Expected 401s (no session yet, a code is due) are logged by Chromium as
    // "Failed to load resource"; real server failures are caught below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`)
    }
  })
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`HTTP ${response.status()} from ${response.request().method()} ${response.url()}`)
  })

  const phone = {
    label,
    context,
    page,
    problems,

    /**
     * Runs one step of the story; on failure saves a screenshot and rethrows
     * with where the page was, what it said, and what went wrong in it.
     */
    async step(name, fn) {
      try {
        await fn()
      } catch (error) {
        const file = join(outDir, `failed-${`${label === 'phone' ? '' : `${label}-`}${name}`.replace(/[^a-z0-9]+/gi, '-')}.png`)
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
          `step "${name}"${label === 'phone' ? '' : ` (${label})`} failed: ${error.message}`,
          `  url: ${page.url()}`,
          alerts.length ? `  messages on the page: ${alerts.map((t) => t.trim()).join(' | ')}` : '',
          problems.length ? `  problems seen in the page:\n    ${problems.join('\n    ')}` : '',
        ]
        throw new Error(details.filter(Boolean).join('\n') + shot, { cause: error })
      }
    },

    async expectPath(path) {
      const matches = typeof path === 'string' ? (p) => p === path : (p) => path.test(p)
      await page.waitForURL((url) => matches(url.pathname), { timeout: 15_000 }).catch(() => {
        throw new Error(`expected to be at ${path}, but the page is at ${new URL(page.url()).pathname}`)
      })
    },

    async signInWithPassword(login, password) {
      await phone.expectPath('/sign-in')
      await page.locator('#signin-login').fill(login)
      await page.locator('#signin-password').fill(password)
      await page.getByTestId('sign-in-submit').click()
    },

    /** Opens the site, signs in, and expects the home page. */
    async signInHome(login, password = demoPassword) {
      await page.goto(`${baseUrl}/`)
      await phone.signInWithPassword(login, password)
      const landed = await phone.firstVisible(['welcome', 'totp-required-notice', 'totp-step', 'sign-in-error'])
      assert.equal(landed, 'welcome', `after ${login} signed in, expected the home page but saw "${landed}"`)
    },

    async signOut() {
      await page.getByTestId('sign-out').click()
      await phone.expectPath('/sign-in')
    },

    /** Shows which of several elements appeared first, or fails naming them all. */
    async firstVisible(testIds, timeout = 15_000) {
      const locators = testIds.map((id) => page.getByTestId(id))
      await page
        .locator(testIds.map((id) => `[data-testid="${id}"]`).join(', '))
        .first()
        .waitFor({ state: 'visible', timeout })
        .catch(() => {
          throw new Error(`none of ${testIds.join(', ')} appeared within ${timeout} ms`)
        })
      for (let i = 0; i < locators.length; i++) {
        if (await locators[i].isVisible()) return testIds[i]
      }
      throw new Error(`none of ${testIds.join(', ')} is visible`)
    },

    async shot(file, fullPage = true) {
      await page.screenshot({ path: join(outDir, file), fullPage })
    },
  }
  return phone
}

/** The care manager registers a patient (箕輪町, written consent) and lands on its page; returns its id. */
export async function registerPatient(phone, patient) {
  const { page } = phone
  await page.getByTestId('register-patient-link').click()
  await phone.expectPath('/patients/new')
  await page.locator('#patient-name').fill(patient.name)
  await page.locator('#patient-name_kana').fill(patient.nameKana)
  await page.locator('#patient-birth_date').fill(patient.birthDate)
  await page.locator('#patient-sex').selectOption(patient.sex ?? 'female')
  await page.locator('#patient-address').fill(patient.address)
  await page.locator('#patient-region_id option', { hasText: '箕輪町' }).first().waitFor({ state: 'attached' })
  await page.locator('#patient-care_level').selectOption(patient.careLevel ?? 'care_2')
  await page.getByTestId('consent-scope-team').check()
  await page.getByTestId('consent-method-written').check()
  await page.getByTestId('patient-register-submit').click()
  await phone.expectPath(/^\/patients\/(?!new$)[^/]+$/)
  await page.getByTestId('patient-name').waitFor()
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop())
}

/** On the patient's team tab, the lead finds a professional by name and adds them. */
export async function addToTeam(phone, person) {
  const { page } = phone
  await page.getByTestId('member-search').fill(person.name)
  const result = page.locator(`[data-testid="professional-result"][data-name="${person.name}"]`).first()
  await result.waitFor().catch(() => {
    throw new Error(`searching professionals for "${person.name}" found nobody of that name`)
  })
  await result.getByTestId('add-professional').click()
  await page.locator(`[data-testid="member"][data-name="${person.name}"]`).waitFor().catch(() => {
    throw new Error(`${person.name} did not appear in the team after 追加`)
  })
}

/** registerPatient, then on the team tab adds the members (addToTeam); returns the patient's id. */
export async function registerPatientWithTeam(phone, patient, members) {
  const patientId = await registerPatient(phone, patient)
  await phone.page.getByTestId('tab-team').click()
  await phone.page.locator('[data-testid="member"][data-role="lead"]').waitFor()
  for (const member of members) await addToTeam(phone, member)
  return patientId
}

/** Waits until the page's live-updates connection is open (the header's status dot). */
export async function waitForLive(phone, timeout = 10_000) {
  await phone.page
    .locator('[data-testid="live-status"][data-connected="true"]')
    .waitFor({ state: 'attached', timeout })
    .catch(() => {
      throw new Error(`the live-updates connection did not open within ${timeout} ms (自動更新停止中)`)
    })
}

/** Marks the document so that a later check can tell whether the page was reloaded. */
export async function markNoReload(phone) {
  await phone.page.evaluate(() => {
    window.__tsunaguNoReload = true
  })
}

export async function assertNotReloaded(phone) {
  assert.ok(
    await phone.page.evaluate(() => window.__tsunaguNoReload === true),
    `${phone.label}'s page was reloaded, but the change should have arrived live`,
  )
}
