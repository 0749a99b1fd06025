// Accessibility basics on the screens used most, on a 360 px phone: every
// visible form control, button and link has an accessible name, every image a
// text alternative, text meets WCAG AA contrast (4.5:1, 3:1 for large text),
// sizes follow the phone's font-size setting (no pixel size on the root, text
// in rem), and the post box is reached in order by the keyboard with a visible
// focus.
//
// Needs: TSUNAGU_URL of a server with the demo data and the built UI.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoPeople, journeyBrowser, openPhone } from './support.mjs'

const browser = journeyBrowser()

// Runs in the page: what is wrong with the visible controls, images and text.
function audit() {
  const problems = []
  const visible = (el) => {
    if (!el.getClientRects().length) return false
    const style = getComputedStyle(el)
    return style.visibility !== 'hidden' && style.display !== 'none'
  }
  const describe = (el) => {
    const id = el.id ? `#${el.id}` : ''
    const testId = el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''
    return `<${el.tagName.toLowerCase()}${id}${testId}> "${(el.textContent ?? '').trim().slice(0, 30)}"`
  }
  const textOf = (ids) =>
    ids
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim()
  const nameOf = (el) => {
    const label = el.getAttribute('aria-label')?.trim()
    if (label) return label
    const labelledBy = el.getAttribute('aria-labelledby')
    if (labelledBy && textOf(labelledBy)) return textOf(labelledBy)
    if (el.labels?.length) {
      const text = Array.from(el.labels, (l) => l.textContent ?? '').join(' ').trim()
      if (text) return text
    }
    if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName)) {
      const text = (el.textContent ?? '').trim()
      if (text) return text
      const alt = el.querySelector('img[alt]')?.getAttribute('alt')?.trim()
      if (alt) return alt
    }
    return el.getAttribute('title')?.trim() ?? ''
  }
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], summary')) {
    if (visible(el) && !nameOf(el)) problems.push(`no accessible name: ${describe(el)}`)
  }
  for (const img of document.querySelectorAll('img')) {
    if (visible(img) && !img.hasAttribute('alt')) problems.push(`image without alt: ${img.getAttribute('src')}`)
  }

  // Contrast of each visible element's own text against its painted background.
  const parse = (color) => {
    const m = color.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/)
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null
  }
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  })
  const background = (el) => {
    const layers = []
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor)
      if (c && c.a > 0) {
        layers.push(c)
        if (c.a >= 1) break
      }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 })
  }
  const luminance = ({ r, g, b }) => {
    const ch = (v) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
  }
  for (const el of document.querySelectorAll('body *')) {
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())
    if (!ownText || !visible(el) || el.closest('[disabled], [aria-disabled="true"]')) continue
    const style = getComputedStyle(el)
    const bg = background(el)
    const fg = over(parse(style.color) ?? { r: 0, g: 0, b: 0, a: 1 }, bg)
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a)
    const ratio = (hi + 0.05) / (lo + 0.05)
    const size = parseFloat(style.fontSize)
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}:1 for ${describe(el)}`)
  }
  return problems
}

// Runs in the page: the root's font size is not fixed in pixels, and text
// grows with it (as it does when the phone's font-size setting is raised).
function scalesWithRoot() {
  const problems = []
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule.selectorText && /^(html|:root)$/.test(rule.selectorText.trim()) && /px$/.test(rule.style.fontSize)) {
        problems.push(`${rule.selectorText} sets font-size ${rule.style.fontSize}`)
      }
    }
  }
  const samples = Array.from(document.querySelectorAll('h1, p, label, button, input, select, textarea')).filter(
    (el) => el.getClientRects().length,
  )
  const before = samples.map((el) => parseFloat(getComputedStyle(el).fontSize))
  document.documentElement.style.fontSize = '125%'
  const after = samples.map((el) => parseFloat(getComputedStyle(el).fontSize))
  document.documentElement.style.fontSize = ''
  samples.forEach((el, i) => {
    if (Math.abs(after[i] / before[i] - 1.25) > 0.05) {
      problems.push(`<${el.tagName.toLowerCase()}> stays at ${before[i]}px → ${after[i]}px when the root grows 125 %`)
    }
  })
  if (!samples.length) problems.push('no text to measure')
  return problems
}

async function check(phone, screen) {
  const { page } = phone
  const problems = [...(await page.evaluate(audit)), ...(await page.evaluate(scalesWithRoot))]
  assert.deepEqual(problems, [], `${screen}:\n${problems.join('\n')}`)
}

test('the main screens have names, alternatives, contrast and sizes that follow the phone', async () => {
  const phone = await openPhone(browser, 'a11y')
  const { page } = phone

  await phone.step('sign-in', async () => {
    await page.goto(new URL('/sign-in', process.env.TSUNAGU_URL).toString())
    await page.locator('form').first().waitFor()
    await check(phone, 'sign-in')
  })

  await phone.step('home', async () => {
    await phone.signInHome(demoPeople.nurse.login)
    await page.getByTestId('patient-row').first().waitFor()
    await check(phone, 'home')
  })

  await phone.step('a patient: notebook, team, profile', async () => {
    await page.getByTestId('patient-row').first().click()
    await page.getByTestId('composer-body').waitFor()
    await page.getByTestId('post').first().waitFor()
    await check(phone, 'notebook')
    await page.getByTestId('filters-toggle').click()
    await check(phone, 'notebook with filters open')
    await page.getByTestId('tab-team').click()
    await page.getByTestId('member').first().waitFor()
    await check(phone, 'team')
    await page.getByTestId('tab-profile').click()
    await page.getByTestId('consent-info').waitFor()
    await check(phone, 'profile')
    await page.getByTestId('tab-notebook').click()
  })

  await phone.step('the post box is reached in order by the keyboard, with a visible focus', async () => {
    await page.getByTestId('composer-body').waitFor()
    await page.evaluate(() => {
      document.activeElement?.blur()
      window.scrollTo(0, 0)
    })
    const seen = []
    for (let i = 0; i < 60 && !seen.includes('composer-submit'); i++) {
      await page.keyboard.press('Tab')
      const focused = await page.evaluate(() => {
        const el = document.activeElement
        if (!el || el === document.body) return null
        const style = getComputedStyle(el)
        const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'
        return { testId: el.getAttribute('data-testid') ?? el.tagName.toLowerCase(), ring }
      })
      if (!focused) continue
      seen.push(focused.testId)
      assert.ok(focused.ring, `no visible focus on ${focused.testId}`)
    }
    const body = seen.indexOf('composer-body')
    const submit = seen.indexOf('composer-submit')
    assert.ok(body >= 0, `Tab never reached the post box: ${seen.join(' → ')}`)
    assert.ok(submit > body, `投稿 should follow the text in the focus order: ${seen.join(' → ')}`)
  })

  await phone.step('registering a patient', async () => {
    await page.goto(new URL('/patients/new', process.env.TSUNAGU_URL).toString())
    await page.getByTestId('patient-register-form').waitFor()
    await check(phone, 'registration')
  })

  await phone.step('search', async () => {
    await page.goto(new URL('/search', process.env.TSUNAGU_URL).toString())
    await page.locator('input[type=search]').first().waitFor()
    await check(phone, 'search')
  })

  assert.deepEqual(phone.problems, [], `the pages reported problems:\n${phone.problems.join('\n')}`)
})
