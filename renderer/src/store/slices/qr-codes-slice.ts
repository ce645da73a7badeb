import type { KefuApi } from '../../../../common/ipc/channels.js'
import type { CreateQrCodeRequest, QrCodeListing } from '../../../../common/relay/qr-code-schemas.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** An account's QR codes and the followers each scene brought, as the relay last answered. */
export interface QrCodesSlice {
  readonly qrCodes: (QrCodeListing & { readonly accountKey: string }) | null
  readonly loadQrCodes: (accountKey: string) => Promise<CommandResult>
  /** Makes a code, then lists the account's codes again. */
  readonly createQrCode: (accountKey: string, request: CreateQrCodeRequest) => Promise<CommandResult>
}

/** Builds the QR codes slice over the bridge. */
export function createQrCodesSlice(api: KefuApi, { set, get }: SliceTools): QrCodesSlice {
  return {
    qrCodes: null,
    loadQrCodes: async (accountKey) => {
      try {
        const outcome = await callRelay(api, 'qr-codes:list', { accountKey })
        if (outcome.ok) set({ qrCodes: { ...outcome.value, accountKey } })
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
    createQrCode: async (accountKey, request) => {
      try {
        const outcome = await callRelay(api, 'qr-code:create', { ...request, accountKey })
        if (!outcome.ok) return commandResult(outcome)
        return await get().loadQrCodes(accountKey)
      } catch (error) {
        return thrownResult(error)
      }
    },
  }
}
