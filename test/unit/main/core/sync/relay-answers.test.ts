import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { createRelayClient, RelayRequestError } from '../../../../../main/core/relay-client.js'
import { commandResultOf } from '../../../../../main/core/sync/relay-answers.js'

test('a socket answer is parsed with its command’s schema: a malformed one is refused in plain words', () => {
  const presence = { username: 'bo', status: 'away', since: 1 }
  expect(commandResultOf('presence:set', { ok: true, value: presence })).toEqual({
    ok: true,
    value: presence,
  })
  const malformed = commandResultOf('presence:set', { ok: true, value: { username: 'bo', since: 1 } })
  expect(malformed.ok).toBe(false)
  if (malformed.ok) return
  expect(malformed.error.code).toBe('internal')
  expect(malformed.error.message).toMatch(/presence:set .*cannot read \(status: /)
  expect(commandResultOf('presence:set', 'nonsense')).toMatchObject({
    ok: false,
    error: { code: 'internal' },
  })
  // A refusal keeps the relay's words; a code this desktop does not know reads as internal.
  const refusal = { ok: false, error: { code: 'forbidden', message: 'Not yours.', details: { a: 1 } } }
  expect(commandResultOf('conversation:view', refusal)).toEqual(refusal)
  expect(
    commandResultOf('conversation:view', { ok: false, error: { code: 'new_code', message: 'm' } }),
  ).toEqual({
    ok: false,
    error: { code: 'internal', message: 'm' },
  })
})

test('a REST call goes by the table’s method and path, and its answer is parsed with the table’s schema', async () => {
  const seen: { method: string; url: string; body: string }[] = []
  let answer: unknown = null
  const server = createServer((request: IncomingMessage, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', body })
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify(answer))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const client = createRelayClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    const user = {
      username: 'bo b',
      displayName: 'Bo',
      role: 'agent',
      isDisabled: true,
      kfAccount: null,
      teamId: null,
    }
    answer = user
    expect(await client.updateUser('token', 'bo b', { isDisabled: true })).toEqual(user)
    expect(seen[0]).toEqual({ method: 'PATCH', url: '/api/users/bo%20b', body: '{"isDisabled":true}' })
    await client.call('audit-log:list', 'token', { limit: 20, before: 7 }).catch(() => null)
    expect(seen[1]).toMatchObject({ method: 'GET', url: '/api/audit-log?limit=20&before=7', body: '' })
    answer = { ...user, role: 'owner' }
    const refused = await client
      .updateUser('token', 'bo b', { isDisabled: true })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(RelayRequestError)
    expect(refused).toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/user:update .*cannot read \(role: /),
    })
  } finally {
    server.close()
  }
})
