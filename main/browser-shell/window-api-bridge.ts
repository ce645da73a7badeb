import {
  INVOKE_CHANNELS,
  PUSH_CHANNELS,
  type InvokeChannel,
  type KefuApi,
  type PushChannel,
} from '../../common/ipc/channels.js'
import { BRIDGE_SOCKET_PATH, type InvokeFrame, type PushFrame, type ResultFrame } from './bridge-protocol.js'

/**
 * Runs in the page, before the renderer's module: defines `window.api` over the shell's WebSocket.
 * Bundled by esbuild when the shell starts. Only the few DOM names used are declared, so main's
 * tsconfig keeps no DOM types.
 */

interface BrowserSocket {
  readonly readyState: number
  send(data: string): void
  addEventListener(type: 'open' | 'close' | 'message', listener: (event: { data?: unknown }) => void): void
}
declare const WebSocket: { new (url: string): BrowserSocket; readonly OPEN: number }
declare const location: { readonly host: string; readonly protocol: string }
declare const window: { api?: KefuApi }

const MAX_RECONNECTS = 50

/** Builds `window.api` over a WebSocket to the shell. */
export function createWindowApiBridge(): KefuApi {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const outgoing: string[] = []
  let nextId = 1
  let socket = connect()
  let reconnects = 0

  function connect(): BrowserSocket {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const created = new WebSocket(`${scheme}//${location.host}${BRIDGE_SOCKET_PATH}`)
    created.addEventListener('open', () => {
      reconnects = 0
      for (const frame of outgoing.splice(0)) created.send(frame)
    })
    created.addEventListener('message', (event) => receive(String(event.data)))
    created.addEventListener('close', () => {
      for (const [id, call] of pending) {
        call.reject(new Error('The Kefu shell closed the connection.'))
        pending.delete(id)
      }
      if (reconnects >= MAX_RECONNECTS) return
      reconnects += 1
      setTimeout(
        () => {
          socket = connect()
        },
        Math.min(5_000, 200 * reconnects),
      )
    })
    return created
  }

  function receive(text: string): void {
    let frame: ResultFrame | PushFrame
    try {
      frame = JSON.parse(text) as ResultFrame | PushFrame
    } catch {
      return
    }
    if (frame.type === 'result') {
      const call = pending.get(frame.id)
      if (call === undefined) return
      pending.delete(frame.id)
      if (frame.ok) call.resolve(frame.value)
      else call.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code }))
      return
    }
    if (frame.type === 'push')
      for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload)
  }

  return {
    invoke(channel, request) {
      if (!(INVOKE_CHANNELS as readonly string[]).includes(channel)) {
        return Promise.reject(new Error(`Unknown channel: ${String(channel)}`))
      }
      const id = nextId++
      const frame: InvokeFrame = { type: 'invoke', id, channel: channel as InvokeChannel, request }
      const text = JSON.stringify(frame)
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        if (socket.readyState === WebSocket.OPEN) socket.send(text)
        else outgoing.push(text)
      })
    },
    on(channel, listener) {
      if (!(PUSH_CHANNELS as readonly string[]).includes(channel))
        throw new Error(`Unknown push channel: ${String(channel)}`)
      const set = listeners.get(channel as PushChannel) ?? new Set()
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      listeners.set(channel, set)
      return () => {
        set.delete(wrapped)
      }
    },
  }
}

window.api = Object.freeze(createWindowApiBridge())
