import { expect, test } from '@playwright/test'
import type { User } from '../../../common/domain/user.js'
import type { RelayEvent } from '../../../common/relay/events.js'
import {
  call,
  connectDesktop,
  eventMatching,
  startSharedStateRelay,
  type SharedStateRelay,
} from '../shared-state/shared-state-fixture.js'
import { connectAgent } from './relay-fixture.js'
import { storedRows } from '../../support/store-rows.js'

const USER_FIELDS = ['displayName', 'isDisabled', 'kfAccount', 'role', 'teamId', 'username']

type UserEvent = Extract<RelayEvent, { type: 'user.upserted' }>

const isUserEvent =
  (username: string, matches: (user: User) => boolean = () => true) =>
  (event: RelayEvent): boolean =>
    event.type === 'user.upserted' && event.user.username === username && matches(event.user)

let context: SharedStateRelay

test.beforeEach(async () => {
  context = await startSharedStateRelay()
})

test.afterEach(async () => {
  await context.close()
})

test('creating, editing, disabling and re-keying a user each reach desktops as user.upserted, never with a secret', async () => {
  const { relay, adminToken } = context
  const desktop = await connectDesktop(relay, adminToken)
  try {
    const created = await call<User>(relay, adminToken, 'POST', '/api/users', {
      username: 'lin',
      password: 'lin-password',
      role: 'agent',
      displayName: 'Lin',
    })
    expect(created.status).toBe(201)
    const first = (await eventMatching(desktop, isUserEvent('lin'))) as UserEvent
    expect(first.user).toEqual(created.body)
    expect(Object.keys(first.user).sort()).toEqual(USER_FIELDS)

    expect((await call(relay, adminToken, 'PATCH', '/api/users/lin', { role: 'supervisor' })).status).toBe(
      200,
    )
    await eventMatching(
      desktop,
      isUserEvent('lin', (user) => user.role === 'supervisor'),
    )
    expect((await call(relay, adminToken, 'PATCH', '/api/users/lin', { isDisabled: true })).status).toBe(200)
    await eventMatching(
      desktop,
      isUserEvent('lin', (user) => user.isDisabled),
    )
    expect(
      (await call(relay, adminToken, 'PATCH', '/api/users/lin', { password: 'another-password' })).status,
    ).toBe(200)
    await desktop.waitForSeq(await relay.store.events.head())

    const userEvents = desktop.events.filter(isUserEvent('lin')) as UserEvent[]
    expect(userEvents).toHaveLength(4)
    for (const event of userEvents) expect(Object.keys(event.user).sort()).toEqual(USER_FIELDS)
    // Nothing in the log, as stored, carries a password hash.
    const stored = (
      await storedRows<{ payload_json: string }>(
        relay.store,
        "SELECT payload_json FROM events WHERE type = 'user.upserted'",
      )
    ).map((row) => row.payload_json)
    expect(stored).toHaveLength(4)
    for (const payload of stored) expect(payload).not.toMatch(/scrypt|password/i)

    // A desktop that connects later learns the same from the log.
    const late = connectAgent(relay.url, adminToken, 0)
    try {
      await late.caughtUp
      expect(late.events.filter(isUserEvent('lin'))).toEqual(userEvents)
    } finally {
      late.close()
    }
  } finally {
    desktop.close()
  }
})

test('a taken username is a conflict that logs nothing', async () => {
  const { relay, adminToken } = context
  const body = { username: 'lin', password: 'lin-password', role: 'agent' }
  expect((await call(relay, adminToken, 'POST', '/api/users', body)).status).toBe(201)
  const head = await relay.store.events.head()
  const again = await call<{ error: { code: string } }>(relay, adminToken, 'POST', '/api/users', body)
  expect(again.status).toBe(409)
  expect(again.body.error.code).toBe('conflict')
  expect(await relay.store.events.head()).toBe(head)
})
