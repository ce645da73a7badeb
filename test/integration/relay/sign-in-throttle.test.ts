import { expect, test } from '@playwright/test'
import { pino } from 'pino'
import type { Relay } from '../../../relay/app.js'
import { TEST_WECHAT_ENVIRONMENT } from './push-builder.js'
import { ADMIN_PASSWORD, signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'

interface Answer {
  readonly status: number
  readonly retryAfter: string | null
  readonly code: string | null
  readonly message: string | null
  readonly elapsedMs: number
}

async function attempt(
  relay: Relay,
  username: string,
  password: string,
  forwardedFor?: string,
): Promise<Answer> {
  const started = performance.now()
  const response = await fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
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

async function call(relay: Relay, token: string, method: string, path: string): Promise<Response> {
  return fetch(`${relay.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } })
}

/** A relay behind a trusted proxy: `request.ip` is the X-Forwarded-For client. */
const BEHIND_PROXY = { ...TEST_WECHAT_ENVIRONMENT, RELAY_TRUST_PROXY: 'true' }

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
    // The lock is per username from this address: another account from the same address answers normally.
    expect((await attempt(relay, 'nobody', 'wrong password')).status).toBe(401)

    now += 299_000
    const almost = await attempt(relay, 'admin', ADMIN_PASSWORD)
    expect(almost).toMatchObject({ status: 429, retryAfter: '1' })
    now += 1_000
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD)).status).toBe(200)
    // A success wipes the record: one more wrong password is just a 401.
    expect((await attempt(relay, 'admin', 'wrong again')).status).toBe(401)
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD)).status).toBe(200)
  } finally {
    await relay.close()
    remove()
  }
})

test('behind a trusted proxy, 25 wrong passwords for admin from one address do not stop admin from another', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir, BEHIND_PROXY)
  try {
    const statuses: number[] = []
    for (let index = 0; index < 25; index += 1)
      statuses.push((await attempt(relay, 'admin', `guess ${index}`, '203.0.113.7')).status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]))
    // The attacker's address stays locked, even with the right password.
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD, '203.0.113.7')).status).toBe(429)

    const fromOffice = await attempt(relay, 'admin', ADMIN_PASSWORD, '198.51.100.2')
    expect(fromOffice).toMatchObject({ status: 200, code: null })
    // Not slowed either: the office's address has no failures of its own.
    expect((await attempt(relay, 'admin', 'typo', '198.51.100.2')).status).toBe(401)
  } finally {
    await relay.close()
    remove()
  }
})

test('one address spraying many usernames is locked out, whatever name it tries next', async () => {
  const { dataDir, remove } = temporaryDataDir()
  // A still clock: the lock's remaining time does not depend on how busy the machine is.
  const now = Date.now()
  const relay = await startTestRelay(dataDir, TEST_WECHAT_ENVIRONMENT, {
    now: () => now,
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

test('X-Forwarded-For without a trusted proxy is warned of once, naming RELAY_TRUST_PROXY; all share one address', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const lines: string[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
  const relay = await startTestRelay(dataDir, TEST_WECHAT_ENVIRONMENT, { logger })
  try {
    for (const client of ['203.0.113.7', '203.0.113.7', '198.51.100.2', '198.51.100.3', '198.51.100.4'])
      await attempt(relay, 'admin', 'wrong password', client)
    const warnings = lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((record) => record.msg.includes('X-Forwarded-For'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.level).toBe(40)
    expect(warnings[0]!.msg).toContain('RELAY_TRUST_PROXY')
    // The header was not believed: the five "clients" were one address, and admin is locked from it.
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD, '192.0.2.1')).status).toBe(429)
  } finally {
    await relay.close()
    remove()
  }
  const { dataDir: trustedDir, remove: removeTrusted } = temporaryDataDir()
  lines.length = 0
  const trusted = await startTestRelay(trustedDir, BEHIND_PROXY, { logger })
  try {
    await attempt(trusted, 'admin', 'wrong password', '203.0.113.7')
    expect(lines.filter((line) => line.includes('X-Forwarded-For'))).toEqual([])
  } finally {
    await trusted.close()
    removeTrusted()
  }
})

test('an admin lists sign-in throttles and clears one, letting that address in at once; others are refused', async () => {
  const { dataDir, remove } = temporaryDataDir()
  const relay = await startTestRelay(dataDir, BEHIND_PROXY)
  try {
    const adminToken = await signIn(relay.url)
    const created = await fetch(`${relay.url}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sue', password: 'sue-password', role: 'supervisor' }),
    })
    expect(created.status).toBe(201)
    const sueToken = await signIn(relay.url, 'sue', 'sue-password')
    for (let index = 0; index < 5; index += 1) await attempt(relay, 'admin', `guess ${index}`, '203.0.113.9')
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD, '203.0.113.9')).status).toBe(429)

    const listed = await call(relay, adminToken, 'GET', '/api/sign-in-throttles')
    expect(listed.status).toBe(200)
    const { throttles } = (await listed.json()) as {
      throttles: { username: string | null; address: string; failures: number; lockedUntil: number | null }[]
    }
    expect(throttles[0]).toMatchObject({ username: 'admin', address: '203.0.113.9', failures: 0 })
    expect(throttles[0]!.lockedUntil).toBeGreaterThan(Date.now())

    for (const [method, path] of [
      ['GET', '/api/sign-in-throttles'],
      ['DELETE', '/api/sign-in-throttles'],
    ] as const) {
      const refused = await call(relay, sueToken, method, path)
      expect(refused.status).toBe(403)
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden')
    }
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD, '203.0.113.9')).status).toBe(429)

    const unknownField = await call(relay, adminToken, 'DELETE', '/api/sign-in-throttles?user=admin')
    expect(unknownField.status).toBe(400)
    const cleared = await call(
      relay,
      adminToken,
      'DELETE',
      '/api/sign-in-throttles?username=admin&address=203.0.113.9',
    )
    expect(cleared.status).toBe(200)
    expect(await cleared.json()).toEqual({ cleared: 1 })
    expect((await attempt(relay, 'admin', ADMIN_PASSWORD, '203.0.113.9')).status).toBe(200)

    const document = (await (await fetch(`${relay.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(document.paths['/api/sign-in-throttles'] ?? {}).sort()).toEqual(['delete', 'get'])
  } finally {
    await relay.close()
    remove()
  }
})
