import { expect, test } from '@playwright/test'
import type { Relay } from '../../../relay/app.js'
import { ADMIN_PASSWORD, signIn } from '../relay/relay-fixture.js'
import { twoRelaysForEachTest } from './two-relay-fixture.js'

const relaysOfThisTest = twoRelaysForEachTest()

async function signInStatus(relay: Relay, password: string): Promise<number> {
  const response = await fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  })
  return response.status
}

test('wrong passwords spread over two relays lock the account on both; an admin clearing it on one lets it in on both', async () => {
  const [a, b] = relaysOfThisTest.pair()
  const adminToken = await signIn(a.url)
  // Five guesses from one address, as a load balancer spreads them.
  for (let index = 0; index < 5; index += 1)
    expect(await signInStatus(index % 2 === 0 ? a : b, `guess ${index}`)).toBe(401)
  await expect.poll(() => signInStatus(b, ADMIN_PASSWORD)).toBe(429)
  expect(await signInStatus(a, ADMIN_PASSWORD)).toBe(429)

  const cleared = await fetch(`${a.url}/api/sign-in-throttles?username=admin`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${adminToken}` },
  })
  expect(cleared.status).toBe(200)
  await expect.poll(() => signInStatus(b, ADMIN_PASSWORD)).toBe(200)
  expect(await signInStatus(a, ADMIN_PASSWORD)).toBe(200)
})
