// The test's own authenticator must be right before it can judge the server.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { base32Decode, totpCode } from './totp.mjs'

test('base32 decodes the RFC 6238 SHA1 test key', () => {
  assert.equal(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString(), '12345678901234567890')
  assert.equal(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString(), '12345678901234567890')
})

test('codes match RFC 6238 appendix B (last six digits)', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
  for (const [seconds, expected] of [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ]) {
    assert.equal(totpCode(secret, Math.floor(seconds / 30)), expected.slice(2), `at ${seconds} s`)
  }
})
