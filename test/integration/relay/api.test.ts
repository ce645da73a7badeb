import { expect, test } from '@playwright/test'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { ConversationPage, MessagePage } from '../../../common/relay/events.js'
import type { Relay } from '../../../relay/app.js'
import { buildPush, sendPush, textMessage } from './push-builder.js'
import { signIn, startTestRelay, temporaryDataDir } from './relay-fixture.js'

let relay: Relay
let removeDataDir: () => void
let token: string

test.beforeEach(async () => {
  const temporary = temporaryDataDir()
  removeDataDir = temporary.remove
  relay = await startTestRelay(temporary.dataDir)
  token = await signIn(relay.url)
})

test.afterEach(async () => {
  await relay.close()
  removeDataDir()
})

async function api(path: string, init: RequestInit = {}, bearer: string | null = token) {
  const response = await fetch(`${relay.url}${path}`, {
    ...init,
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
    },
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

test('every /api route but sign-in and the document wants a valid bearer token', async () => {
  for (const bearer of [null, 'forged-token']) {
    const answer = await api('/api/conversations', {}, bearer)
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({ error: { code: 'unauthorized' } })
  }
  const wrong = await api(
    '/api/session',
    { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'nope' }) },
    null,
  )
  expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } })
})

test('admins create users; agents may not', async () => {
  const created = await api('/api/users', {
    method: 'POST',
    body: JSON.stringify({ username: 'mei', password: 'agent password 1', role: 'agent' }),
  })
  expect(created).toMatchObject({ status: 201, body: { username: 'mei', role: 'agent' } })
  const agentToken = await signIn(relay.url, 'mei', 'agent password 1')
  const refused = await api(
    '/api/users',
    { method: 'POST', body: JSON.stringify({ username: 'li', password: 'agent password 2', role: 'admin' }) },
    agentToken,
  )
  expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
  const duplicate = await api('/api/users', {
    method: 'POST',
    body: JSON.stringify({ username: 'mei', password: 'agent password 1', role: 'agent' }),
  })
  expect(duplicate.status).toBe(409)
  const invalid = await api('/api/users', { method: 'POST', body: JSON.stringify({ username: 'X!' }) })
  expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } })
})

test('conversations and messages page without gaps or repeats', async () => {
  for (let index = 0; index < 7; index += 1) {
    await sendPush(
      relay.url,
      buildPush(textMessage(`o_page_${index}`, String(100 + index), `hi ${index}`), { mode: 'safe' }),
    )
  }
  for (let index = 0; index < 5; index += 1) {
    await sendPush(
      relay.url,
      buildPush(textMessage('o_page_0', String(200 + index), `more ${index}`), { mode: 'safe' }),
    )
  }
  const seen: string[] = []
  let after: string | null = null
  for (let page = 0; page < 10; page += 1) {
    const answer = await api(`/api/conversations?limit=3${after === null ? '' : `&after=${after}`}`)
    expect(answer.status).toBe(200)
    const body = answer.body as unknown as ConversationPage
    expect(body.cursor).toBe(12)
    seen.push(...body.conversations.map((conversation) => conversation.id))
    after = body.next
    if (after === null) break
  }
  expect([...seen].sort()).toEqual(Array.from({ length: 7 }, (_, index) => `o_page_${index}`))

  const texts: string[] = []
  let before: string | null = null
  for (let page = 0; page < 10; page += 1) {
    const answer = await api(
      `/api/conversations/o_page_0/messages?limit=2${before === null ? '' : `&before=${before}`}`,
    )
    const body = answer.body as unknown as MessagePage
    texts.push(...body.messages.map((message) => (message.body as { text: string }).text))
    before = body.before
    if (before === null) break
  }
  expect(texts).toEqual(['more 4', 'more 3', 'more 2', 'more 1', 'more 0', 'hi 0'])
})

test('errors are {error: {code, message}}: unknown route, unknown conversation, bad query, bad cursor', async () => {
  expect(await api('/api/nothing-here')).toMatchObject({
    status: 404,
    body: { error: { code: 'not_found' } },
  })
  expect(await api('/api/conversations/o_missing/messages')).toMatchObject({
    status: 404,
    body: { error: { code: 'not_found' } },
  })
  expect(await api('/api/conversations?limit=0')).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid' } },
  })
  expect(await api('/api/conversations?after=garbage')).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid' } },
  })
  const badJson = await fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"username":',
  })
  expect(badJson.status).toBe(400)
  expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid')
})

test('assignment is compare-and-set: a stale version gets 409 conflict with the current state', async () => {
  await sendPush(relay.url, buildPush(textMessage('o_claim', '300', 'help'), { mode: 'safe' }))
  const version = (await relay.store.conversations.get('o_claim'))!.version
  const first = await api('/api/conversations/o_claim/assignee', {
    method: 'PUT',
    body: JSON.stringify({ assignee: 'admin', version }),
  })
  expect(first.status).toBe(200)
  const second = await api('/api/conversations/o_claim/assignee', {
    method: 'PUT',
    body: JSON.stringify({ assignee: null, version }),
  })
  expect(second.status).toBe(409)
  const error = second.body['error'] as { code: string; details: { conversation: Conversation } }
  expect(error.code).toBe('conflict')
  expect(error.details.conversation.assignee).toBe('admin')
})

test('sending outside the reply window is refused window_closed; the short body form is accepted', async () => {
  // CreateTime in 2024: the 48 h window is long closed.
  await sendPush(relay.url, buildPush(textMessage('o_old', '400', 'old'), { mode: 'safe' }))
  const refused = await api('/api/conversations/o_old/messages', {
    method: 'POST',
    body: JSON.stringify({ clientId: 'client-000001', type: 'text', text: 'too late' }),
  })
  expect(refused).toMatchObject({ status: 422, body: { error: { code: 'window_closed' } } })
  const now = Math.floor(Date.now() / 1000)
  await sendPush(relay.url, buildPush(textMessage('o_new', '401', 'now', now), { mode: 'safe' }))
  const taken = await api('/api/conversations/o_new/messages', {
    method: 'POST',
    body: JSON.stringify({ clientId: 'client-000002', type: 'text', text: 'right away' }),
  })
  expect(taken).toMatchObject({
    status: 202,
    body: { status: 'failed', failure: { code: 'not_configured' } },
  })
})

test('the OpenAPI document describes every route', async () => {
  const answer = await api('/api/openapi.json', {}, null)
  expect(answer.status).toBe(200)
  const paths = answer.body['paths'] as Record<string, Record<string, unknown>>
  expect(Object.keys(paths)).toEqual(
    expect.arrayContaining([
      '/api/conversations',
      '/api/conversations/{id}/assignee',
      '/api/conversations/{id}/messages',
      '/api/openapi.json',
      '/api/session',
      '/api/users',
      '/healthz',
      '/metrics',
      '/readyz',
      '/wechat',
    ]),
  )
  expect(Object.keys(paths['/wechat']!).sort()).toEqual(['get', 'post'])
  expect(JSON.stringify(paths['/api/users'])).toContain('supervisor')
})
