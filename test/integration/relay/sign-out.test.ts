import { expect, test } from '@playwright/test'
import { call, startSharedStateRelay, type SharedStateRelay } from '../shared-state/shared-state-fixture.js'
import { connectAgent, refusalOf, signIn } from './relay-fixture.js'

let context: SharedStateRelay

test.beforeEach(async () => {
  context = await startSharedStateRelay()
})

test.afterEach(async () => {
  await context.close()
})

test('DELETE /api/session ends that token only: its sockets are told and dropped, other sessions go on', async () => {
  const { relay } = context
  const leaving = await signIn(relay.url)
  const staying = await signIn(relay.url)
  const leavingDesktop = connectAgent(relay.url, leaving)
  const stayingDesktop = connectAgent(relay.url, staying)
  try {
    await Promise.all([leavingDesktop.caughtUp, stayingDesktop.caughtUp])
    const revoked = new Promise<{ reason: string }>((resolve) =>
      leavingDesktop.socket.once('session:revoked', resolve),
    )
    const dropped = new Promise<string>((resolve) => leavingDesktop.socket.once('disconnect', resolve))

    const signedOut = await call(relay, leaving, 'DELETE', '/api/session')
    expect(signedOut.status).toBe(204)
    expect(await revoked).toEqual({ reason: 'signed_out' })
    expect(await dropped).toBe('io server disconnect')

    expect((await call(relay, leaving, 'GET', '/api/users')).status).toBe(401)
    expect(await refusalOf(relay.url, { token: leaving, cursor: 0 })).toBe('unauthorized')
    const again = await call<{ error: { code: string } }>(relay, leaving, 'DELETE', '/api/session')
    expect(again.status).toBe(401)
    expect(again.body.error.code).toBe('unauthorized')

    expect(stayingDesktop.socket.connected).toBe(true)
    expect((await call(relay, staying, 'GET', '/api/users')).status).toBe(200)
  } finally {
    leavingDesktop.close()
    stayingDesktop.close()
  }
})

test('signing out is documented in the OpenAPI document', async () => {
  const document = (await (await fetch(`${context.relay.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>
  }
  const signOut = document.paths['/api/session']?.['delete']
  expect(signOut?.responses['204']).toBeDefined()
  expect(signOut?.security).toEqual([{ bearer: [] }])
  expect(document.paths['/api/session']?.['post']?.responses['429']).toBeDefined()
})
