import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { INVOKE_CHANNELS } from '../../../../common/ipc/channels.js'
import { createDesktopCore } from '../../../../main/core/desktop-core.js'
import {
  createIpcHandlers,
  dispatchInvoke,
  IpcRequestError,
  type IpcHandlerMap,
} from '../../../../main/core/ipc-handlers.js'
import { createFileSecretStore } from '../../../../main/core/session/file-secret-store.js'

test.describe('the IPC surface', () => {
  let dir: string
  let handlers: IpcHandlerMap
  let close: () => void
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-ipc-'))
    const core = createDesktopCore({
      dataDir: dir,
      secretStore: createFileSecretStore(join(dir, 'secrets.json')),
    })
    handlers = createIpcHandlers(core)
    close = () => core.close()
  })
  test.afterEach(() => {
    close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('has one handler for every invoke channel', () => {
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  test('rejects malformed requests before any handler runs', async () => {
    let calls = 0
    const counting = Object.fromEntries(
      Object.entries(handlers).map(([channel, handler]) => [
        channel,
        (request: unknown) => {
          calls += 1
          return (handler as (request: unknown) => unknown)(request)
        },
      ]),
    ) as unknown as IpcHandlerMap
    const malformed: [string, unknown][] = [
      ['session:sign-in', { relayUrl: 'not a url', username: 'a', password: 'b' }],
      ['session:sign-in', { relayUrl: 'http://127.0.0.1:1', username: '', password: 'b' }],
      [
        'messages:send',
        { conversationId: 'c1', clientMessageId: 'short', body: { type: 'text', text: 'hi' } },
      ],
      [
        'messages:send',
        { conversationId: 'c1', clientMessageId: 'long-enough-id', body: { type: 'text', text: '   ' } },
      ],
      [
        'messages:send',
        { conversationId: 'c1', clientMessageId: 'long-enough-id', body: { type: 'script', src: 'x' } },
      ],
      ['messages:list', { conversationId: 'c1', limit: 10_000 }],
      ['search:query', { text: '' }],
      ['search:query', { text: 'x'.repeat(201) }],
      ['drafts:set', { conversationId: 'c1' }],
      ['conversations:assign', { conversationId: 'c1', assignee: 'a', version: -1 }],
      ['inbox:list', { unexpected: true }],
      ['session:sign-out', null],
      // relay:call runs only the table's console commands, each request parsed by the table's schema.
      ['relay:call', { name: 'session:create', request: { username: 'a', password: 'b' } }],
      ['relay:call', { name: 'user:create', request: {} }],
      ['relay:call', { name: 'tag:update', request: { tagId: 't1', color: 'red' } }],
      ['relay:call', { name: 'tag:create', request: { name: '', color: '#aa3300' } }],
      ['relay:call', { name: 'audit-log:list', request: { limit: 10_000 } }],
    ]
    for (const [channel, request] of malformed) {
      const error = await dispatchInvoke(counting, channel, request).then(
        () => null,
        (rejection: unknown) => rejection,
      )
      expect(error, `${channel} ${JSON.stringify(request)}`).toBeInstanceOf(IpcRequestError)
      expect((error as IpcRequestError).code).toBe('invalid')
    }
    const unknown = await dispatchInvoke(counting, 'fs:read', { path: '/etc/passwd' }).catch(
      (error: unknown) => error,
    )
    expect(unknown).toMatchObject({ code: 'unknown_channel' })
    const prototypeKey = await dispatchInvoke(counting, 'constructor', null).catch((error: unknown) => error)
    expect(prototypeKey).toMatchObject({ code: 'unknown_channel' })
    expect(calls).toBe(0)
  })

  test('well-formed requests reach the core, defaults applied', async () => {
    expect(await dispatchInvoke(handlers, 'session:get', null)).toEqual({ relayUrl: null, user: null })
    expect(await dispatchInvoke(handlers, 'connection:get', null)).toEqual({ state: 'signed-out' })
    expect(await dispatchInvoke(handlers, 'search:query', { text: '退款' })).toEqual([])
    expect(
      await dispatchInvoke(handlers, 'messages:send', {
        conversationId: 'c1',
        clientMessageId: 'client-1-abc',
        body: { type: 'text', text: 'hi' },
      }),
    ).toMatchObject({ ok: false, code: 'offline' })
    expect(
      await dispatchInvoke(handlers, 'relay:call', {
        name: 'tag:create',
        request: { name: '退款', color: '#aa3300' },
      }),
    ).toEqual({ ok: false, code: 'unauthorized', message: 'Sign in first.' })
  })

  test('relay:call names the failing field of the table request', async () => {
    const error = await dispatchInvoke(handlers, 'relay:call', {
      name: 'tag:update',
      request: { tagId: 't1', color: 'red' },
    }).catch((rejection: unknown) => rejection)
    expect(error).toBeInstanceOf(IpcRequestError)
    expect(String((error as IpcRequestError).message)).toContain('request.color')
  })
})
