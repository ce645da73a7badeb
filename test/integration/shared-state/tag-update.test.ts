import { expect, test } from '@playwright/test'
import type { Tag } from '../../../common/domain/conversation.js'
import {
  call,
  connectDesktop,
  createUser,
  eventMatching,
  followerWrites,
  startSharedStateRelay,
  type SharedStateRelay,
} from './shared-state-fixture.js'

let context: SharedStateRelay

test.afterEach(async () => {
  await context.close()
})

test('a supervisor renames and recolours a tag: tagged conversations keep it, desktops and the audit log hear it', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const ann = await connectDesktop(relay, annToken)
  const vip = (await call<Tag>(relay, sueToken, 'POST', '/api/tags', { name: 'VIP', color: '#2f9e44' })).body
  await call(relay, sueToken, 'POST', '/api/tags', { name: 'Refund', color: '#e03131' })
  await followerWrites(relay, 'o_tagged')
  await call(relay, sueToken, 'PUT', '/api/conversations/o_tagged/tags', { tagIds: [vip.id] })

  const renamed = await call<Tag>(relay, sueToken, 'PATCH', `/api/tags/${vip.id}`, { name: 'Gold' })
  expect(renamed.status).toBe(200)
  expect(renamed.body).toEqual({ id: vip.id, name: 'Gold', color: '#2f9e44', accountKeys: [] })
  await eventMatching(ann, (event) => event.type === 'tag.upserted' && event.tag.name === 'Gold')
  const recoloured = await call<Tag>(relay, sueToken, 'PATCH', `/api/tags/${vip.id}`, { color: '#1971C2' })
  expect(recoloured.body).toEqual({ id: vip.id, name: 'Gold', color: '#1971c2', accountKeys: [] })
  expect((await relay.store.conversations.get('o_tagged'))?.tagIds).toEqual([vip.id])
  const audit = await relay.store.audit.page({ limit: 10 })
  expect(audit.entries.filter((entry) => entry.action === 'tag.updated')).toHaveLength(2)
  ann.close()
})

test('renaming a tag is refused in plain words: agents, unknown tags, a taken name, an empty change', async () => {
  context = await startSharedStateRelay()
  const { relay } = context
  const annToken = await createUser(context, 'ann', 'agent')
  const sueToken = await createUser(context, 'sue', 'supervisor')
  const vip = (await call<Tag>(relay, sueToken, 'POST', '/api/tags', { name: 'VIP', color: '#2f9e44' })).body
  await call(relay, sueToken, 'POST', '/api/tags', { name: 'Refund', color: '#e03131' })

  const byAgent = await call(relay, annToken, 'PATCH', `/api/tags/${vip.id}`, { name: 'Mine' })
  expect([byAgent.status, byAgent.body]).toMatchObject([403, { error: { code: 'forbidden' } }])
  const unknown = await call(relay, sueToken, 'PATCH', '/api/tags/nope', { name: 'Gold' })
  expect([unknown.status, unknown.body]).toMatchObject([404, { error: { code: 'not_found' } }])
  const taken = await call(relay, sueToken, 'PATCH', `/api/tags/${vip.id}`, { name: 'refund' })
  expect([taken.status, taken.body]).toMatchObject([409, { error: { code: 'conflict' } }])
  const empty = await call(relay, sueToken, 'PATCH', `/api/tags/${vip.id}`, {})
  expect([empty.status, empty.body]).toMatchObject([400, { error: { code: 'invalid' } }])
  expect(await relay.store.tags.get(vip.id)).toEqual(vip)
})
