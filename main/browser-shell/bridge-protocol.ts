/** The browser shell's WebSocket frames: `window.api` carried as JSON, the same contract as Electron IPC. */

/** Path of the WebSocket endpoint. */
export const BRIDGE_SOCKET_PATH = '/__kefu/bridge'
/** Path of the script that defines `window.api`. */
export const BRIDGE_SCRIPT_PATH = '/__kefu/window-api.js'

/** Browser → shell. */
export interface InvokeFrame {
  readonly type: 'invoke'
  readonly id: number
  readonly channel: string
  readonly request: unknown
}

/** Shell → browser: the answer to one invoke. */
export type ResultFrame =
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly type: 'result'
      readonly id: number
      readonly ok: false
      readonly error: { readonly code: string; readonly message: string }
    }

/** Shell → browser: a push. */
export interface PushFrame {
  readonly type: 'push'
  readonly channel: string
  readonly payload: unknown
}
