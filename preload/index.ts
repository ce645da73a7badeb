import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  INVOKE_CHANNELS,
  PUSH_CHANNELS,
  type InvokeChannel,
  type KefuApi,
  type PushChannel,
} from '../common/ipc/channels.js'

/**
 * `window.api`, written by hand: two functions over ipcRenderer, each checking the channel name. The
 * IPC event never reaches the page, and ipcRenderer itself is not exposed.
 */
const api: KefuApi = {
  invoke(channel, request) {
    if (!(INVOKE_CHANNELS as readonly string[]).includes(channel)) {
      return Promise.reject(new Error(`Unknown channel: ${String(channel)}`))
    }
    return ipcRenderer.invoke(channel as InvokeChannel, request)
  },
  on(channel, listener) {
    if (!(PUSH_CHANNELS as readonly string[]).includes(channel))
      throw new Error(`Unknown push channel: ${String(channel)}`)
    const forward = (_event: IpcRendererEvent, payload: unknown): void => {
      ;(listener as (payload: unknown) => void)(payload)
    }
    ipcRenderer.on(channel as PushChannel, forward)
    return () => {
      ipcRenderer.removeListener(channel as PushChannel, forward)
    }
  },
}

contextBridge.exposeInMainWorld('api', Object.freeze(api))
