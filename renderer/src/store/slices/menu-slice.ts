import type { KefuApi } from '../../../../common/ipc/channels.js'
import type { Menu } from '../../../../common/domain/menu.js'
import type { CommandResult } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** The account's menu as WeChat has it, read when the panel opens (WeChat keeps it, not the relay). */
export interface MenuSlice {
  readonly loadMenu: (
    accountKey: string,
  ) => Promise<
    { readonly ok: true; readonly menu: Menu | null } | { readonly ok: false; readonly message: string }
  >
  readonly saveMenu: (accountKey: string, menu: Menu) => Promise<CommandResult>
  readonly deleteMenu: (accountKey: string) => Promise<CommandResult>
}

/** Builds the menu slice over the bridge. */
export function createMenuSlice(api: KefuApi): MenuSlice {
  return {
    loadMenu: async (accountKey) => {
      try {
        const outcome = await callRelay(api, 'menu:get', { accountKey })
        return outcome.ok ? { ok: true, menu: outcome.value.menu } : { ok: false, message: outcome.message }
      } catch (error) {
        const result = thrownResult(error)
        return { ok: false, message: result.ok ? '' : result.message }
      }
    },
    saveMenu: async (accountKey, menu) => {
      try {
        return commandResult(await callRelay(api, 'menu:set', { ...menu, accountKey }))
      } catch (error) {
        return thrownResult(error)
      }
    },
    deleteMenu: async (accountKey) => {
      try {
        return commandResult(await callRelay(api, 'menu:delete', { accountKey }))
      } catch (error) {
        return thrownResult(error)
      }
    },
  }
}
