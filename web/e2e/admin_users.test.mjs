// The people-management journey: 箕輪町's region administrator, on a phone,
// finds a nurse in 職員の管理, moves her to another organisation, resets her
// second factor (her phone was lost: her session ends and she signs in
// without a code), then adds an organisation in 事業所の管理 and closes it
// while it is still empty.
//
// Needs: TSUNAGU_URL of a server with the demo data (`tsunagu demo`) and the
// built UI, as for foundation.test.mjs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { baseUrl, demoPassword, journeyBrowser, openPhone } from './support.mjs'
import { timeStep, totpCode } from './totp.mjs'

const browser = journeyBrowser()

/** A browser context that talks to the API only: signs in and sends the CSRF token. */
async function apiSession(login, password) {
  const context = await browser.newContext()
  const signIn = await context.request.post(`${baseUrl}/api/v1/session`, { data: { login, password } })
  assert.equal(signIn.status(), 200, `${login} signs in over the API: ${await signIn.text()}`)
  const { csrf_token: csrf } = await signIn.json()
  const call = async (method, path, data) => {
    const res = await context.request.fetch(`${baseUrl}${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } })
    const text = await res.text()
    return { status: res.status(), body: text ? JSON.parse(text) : null }
  }
  return { context, call }
}

test('a region admin moves a nurse, resets her second factor and closes an empty organisation', async () => {
  const stamp = Date.now().toString(36)
  const login = `e2e-move-${stamp}`
  const password = 'a-long-enough-password'
  const name = `異動 花子${stamp}`

  // The nurse applied to 箕輪町's visiting-nurse station and was approved;
  // she has enrolled an authenticator app.
  const applied = await fetch(`${baseUrl}/api/v1/registrations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name, name_kana: 'イドウ ハナコ', profession: 'nurse', organization_id: 'org-minowa-visiting_nurse_station-1',
      region_id: 'region-minowa', email: `${login}@example.jp`, login, password,
    }),
  })
  assert.equal(applied.status, 202)
  const { id: applicationId } = await applied.json()
  const adminApi = await apiSession('minowa-admin', demoPassword)
  assert.equal((await adminApi.call('POST', `/api/v1/registrations/${applicationId}/approve`)).status, 200)
  await adminApi.context.close()
  const nurse = await apiSession(login, password)
  const start = await nurse.call('POST', '/api/v1/me/totp', {})
  assert.equal(start.status, 200)
  assert.equal((await nurse.call('POST', '/api/v1/me/totp/confirm', { code: totpCode(start.body.secret, timeStep()) })).status, 200)

  const admin = await openPhone(browser, 'minowa-admin')
  const { page } = admin

  await admin.step('the admin opens 職員の管理 from home and finds the nurse', async () => {
    await admin.signInHome('minowa-admin')
    await page.getByTestId('users-admin-link').click()
    await admin.expectPath('/admin/users')
    await page.getByTestId('user-search').fill(login)
    await page.getByTestId('user-search-submit').click()
    const row = page.locator(`[data-testid="user-row"][data-login="${login}"]`)
    await row.waitFor()
    assert.equal(await page.getByTestId('user-row').count(), 1)
    await admin.shot('admin-users-01-list.png')
    await row.click()
    await admin.expectPath(/^\/admin\/users\/[0-9a-f]+$/)
    await page.getByTestId('user-name').filter({ hasText: name }).waitFor()
    assert.equal((await page.getByTestId('user-totp').innerText()).trim(), '登録済み')
  })

  await admin.step('she moves to a clinic, after confirming', async () => {
    await page.getByTestId('action-move').click()
    const dialog = page.getByTestId('user-action-dialog')
    await dialog.waitFor()
    assert.ok(await page.getByTestId('dialog-confirm').isDisabled(), 'nothing chosen yet: cannot confirm')
    await page.getByTestId('move-organization').selectOption('org-minowa-clinic-1')
    await admin.shot('admin-users-02-move.png')
    await page.getByTestId('dialog-confirm').click()
    await page.getByTestId('user-notice').filter({ hasText: '所属を' }).waitFor()
    const org = (await page.getByTestId('user-organization').innerText()).trim()
    const me = await nurse.call('GET', '/api/v1/me')
    assert.equal(me.status, 200, 'a move keeps her signed in')
    assert.equal(me.body.organization_id, 'org-minowa-clinic-1')
    assert.ok(org.length > 0 && !org.includes('訪問看護'), `the page shows the new organisation, not "${org}"`)
  })

  await admin.step('her second factor is reset: her session ends, she signs in without a code', async () => {
    await page.getByTestId('action-totp').click()
    await page.getByTestId('user-action-dialog').waitFor()
    await page.getByTestId('dialog-confirm').click()
    await page.getByTestId('user-notice').filter({ hasText: '二段階認証を解除しました' }).waitFor()
    assert.equal((await page.getByTestId('user-totp').innerText()).trim(), '未登録')
    assert.equal(await page.getByTestId('action-totp').count(), 0)
    assert.equal((await nurse.call('GET', '/api/v1/me')).status, 401)
    await nurse.context.close()
    const again = await apiSession(login, password)
    assert.equal((await again.call('GET', '/api/v1/me')).body.totp_enabled, false)
    await again.context.close()
    await admin.shot('admin-users-03-totp-reset.png')
  })

  const orgName = `閉鎖試験ステーション${stamp}`
  await admin.step('in 事業所の管理 she adds an organisation', async () => {
    await page.goto(`${baseUrl}/`)
    await page.getByTestId('organizations-admin-link').click()
    await admin.expectPath('/admin/organizations')
    await page.getByTestId('organization').first().waitFor()
    await page.getByTestId('org-create').click()
    await page.getByTestId('org-name').fill(orgName)
    await page.getByTestId('org-type').selectOption('visiting_nurse_station')
    await page.getByTestId('dialog-confirm').click()
    await page.getByTestId('org-notice').filter({ hasText: orgName }).waitFor()
  })

  await admin.step('and closes it while it is empty, with a reason', async () => {
    const card = page.locator(`[data-testid="organization"][data-name="${orgName}"]`)
    assert.equal((await card.getByTestId('org-members').innerText()).trim(), '0名')
    await card.getByTestId('org-close').click()
    await page.getByTestId('org-close-reason').fill('開設を取りやめたため')
    await page.getByTestId('dialog-confirm').click()
    await page.getByTestId('org-notice').filter({ hasText: '閉鎖しました' }).waitFor()
    await card.getByTestId('org-closed').waitFor()
    await card.getByTestId('org-reopen').waitFor()
    await admin.shot('admin-users-04-closed.png')
    // No longer offered on the application form.
    const offered = await (await fetch(`${baseUrl}/api/v1/organizations?region_id=region-minowa&limit=100`)).json()
    assert.ok(!offered.items.some((o) => o.name === orgName))
  })

  assert.deepEqual(admin.problems, [])
  await admin.context.close()
})
