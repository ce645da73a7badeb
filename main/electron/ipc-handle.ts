import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { INVOKE_CHANNELS } from '../../common/ipc/channels.js'
import { dispatchInvoke, IpcRequestError, type IpcHandlerMap } from '../core/ipc-handlers.js'

/**
 * The only caller of `ipcMain.handle`. A request is served only when it comes from the main frame of
 * the app's own window showing the app's own page; then it is parsed with the channel's zod schema
 * (dispatchInvoke) before anything else runs.
 */
export function registerIpcHandlers(options: {
  readonly handlers: IpcHandlerMap
  readonly trustedContents: () => WebContents | null
  readonly isAppUrl: (url: string) => boolean
}): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, request: unknown) => {
      const contents = options.trustedContents()
      const frame = event.senderFrame
      const isTrusted =
        contents !== null &&
        event.sender === contents &&
        frame !== null &&
        frame === contents.mainFrame &&
        options.isAppUrl(frame.url)
      if (!isTrusted)
        throw new IpcRequestError('invalid', `Refused ${channel}: the sender is not the Kefu window.`)
      return dispatchInvoke(options.handlers, channel, request === undefined ? null : request)
    })
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}
