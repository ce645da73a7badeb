import { expect, test } from '@playwright/test'
import { hashPassword, verifyPassword } from '../../../../relay/auth/password-hash.js'
import { createSessionToken, hashSessionToken } from '../../../../relay/auth/session-token.js'

test('scrypt hashes are salted and verify only the right password', async () => {
  const first = await hashPassword('correct horse battery')
  const second = await hashPassword('correct horse battery')
  expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
  expect(first).not.toBe(second)
  expect(await verifyPassword('correct horse battery', first)).toBe(true)
  expect(await verifyPassword('correct horse batterz', first)).toBe(false)
  expect(await verifyPassword('correct horse battery', 'plain-text')).toBe(false)
})

test('session tokens are random and stored only as their hash', () => {
  const token = createSessionToken()
  expect(token).toMatch(/^[\w-]{43}$/)
  expect(createSessionToken()).not.toBe(token)
  expect(hashSessionToken(token)).toBe(hashSessionToken(token))
  expect(hashSessionToken(token)).not.toContain(token)
})
