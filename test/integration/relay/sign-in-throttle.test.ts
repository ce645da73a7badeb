import { expect, test } from '@playwright/test'
import type { Relay } from '../../../relay/app.js'
import { TEST_WECHAT_ENVIRONMENT } from './push-builder.js'
import { ADMIN_PASSWORD, startTestRelay, temporaryDataDir } from './relay-fixture.js'

interface Answer {
  readonly status: number
  readonly retryAfter: string | null
  readonly code: string | null
  readonly message: string | null
  readonly elapsedMs: number
}

async function attempt(relay: Relay, username: string, password: string): Promise<Answer> {
  const started = performance.now()
  const response = await fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const body = (await response.json()) as { error?: { code: string; message: string } }
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: body.error?.code ?? null,
    message: body.error?.message ?? null,
    elapsedMs: performance.now() - started,
  }
}

test('wrong passwords for one username are slowed, then refused with 429 rate_limited until the lock ends', async () => {
  const { dataDir, remove } = temporaryDataDir()
  let now = Date.now()
  const relay = await startTestRelay(dataDir, TEST_WECHAT_ENVIRONMENT, { now: () => now })
  try {
    const answers: Answer[] = []
    for (let index = 0; index < 5; index += 1) answers.push(await attempt(relay, 'admin', 'wrong password'))
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401])
    expect(new Set(answers.map((answer) => answer.message))).toEqual(new Set(['Wrong username or password.']))
    // The fourth and fifth failures are held back (250 ms, then 500 ms); the first three are not.
    expect(answers[4]!.elapsedMs).toBeGreaterThanOrEqual(450)

    const locked = await attempt(relay, 'admin', ADMIN_PASSWORD)
    expect(locked).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: '300' })
    expect(locked.message).toMatch(/try again in 5 minutes/)
    // The lock is per username: another account from the same address still answers normally.
    expect((await attempt(relay, 'nobody', 'wrong password')).status).toBe(401)

    now += 299_000
    const almost = await attempt(relay, 'admin', ADMIN_PASSWORD)
    expect(almost).toMatchObject({ status: 429, retryAfter: '1' })
    now += 1_000
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD)).status).toBe(200)
    // A success wipes the username's record: one more wrong password is just a 401.
    expect((await attempt(relay, 'admin', 'wrong again')).status).toBe(401)
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD)).status).toBe(200)
  } finally {
    await relay.close()
    remove()
  }
})

test('one address spraying many usernames is locked out, whatever name it tries next', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir, TEST_WECHAT_ENVIRONMENT, {
    signInThrottle: {
      address: { slowAfter: 100, lockAfter: 4, windowMs: 60_000, lockMs: 60_000, maxLockMs: 60_000 },
    },
  })
  try {
    const names = ['ann', 'bo', 'cy', 'dee']
    const answers = await Promise.all(names.map((name) => attempt(relay, name, 'guess')))
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401])
    const next = await attempt(relay, 'admin', ADMIN_PASSWORD)
    expect(next).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: '60' })
  } finally {
    await relay.close()
    remove()
  }
})

test('a burst of parallel guesses is cut off once enough are in flight, not only after they fail', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir)
  try {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => attempt(relay, 'admin', `guess ${index}`)),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 401)).toHaveLength(5)
    expect(statuses.filter((status) => status === 429)).toHaveLength(7)
  } finally {
    await relay.close()
    remove()
  }
})
