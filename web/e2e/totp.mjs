// RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) for the e2e journeys,
// so a test can act as the user's authenticator app.
import { createHmac } from 'node:crypto'

export const STEP_SECONDS = 30

/** Decodes RFC 4648 base32; ignores spaces, dashes, padding and case. */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const clean = text.toUpperCase().replace(/[\s=-]/g, '')
  let bits = 0
  let value = 0
  const out = []
  for (const char of clean) {
    const index = alphabet.indexOf(char)
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(char)} in ${JSON.stringify(text)}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((value >>> bits) & 0xff)
    }
  }
  return Buffer.from(out)
}

/** The time step (counter) for a time in milliseconds. */
export function timeStep(ms = Date.now()) {
  return Math.floor(ms / 1000 / STEP_SECONDS)
}

/** The 6-digit code for a base32 secret at a given time step (RFC 4226 truncation). */
export function totpCode(secretBase32, step) {
  const key = base32Decode(secretBase32)
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

/**
 * Waits (polling, no fixed sleep) until the clock is in a time step after
 * `usedStep` with at least `marginSeconds` left in it, so that a code is
 * neither a replay nor about to expire on its way to the server. Returns the
 * step to use.
 */
export async function waitForFreshStep(usedStep, { marginSeconds = 3, timeoutMs = 2 * STEP_SECONDS * 1000 } = {}) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const now = Date.now()
    const step = timeStep(now)
    const left = STEP_SECONDS - (now / 1000) % STEP_SECONDS
    if (step > usedStep && left >= marginSeconds) return step
    if (now > deadline) throw new Error(`no fresh TOTP time step after step ${usedStep} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
