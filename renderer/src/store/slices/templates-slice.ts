import type { KefuApi } from '../../../../common/ipc/channels.js'
import type { AccountTemplate } from '../../../../common/relay/template-schemas.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** Each account's own templates, read when the template form first opens for it. */
export interface TemplatesSlice {
  readonly accountTemplates: Readonly<Record<string, readonly AccountTemplate[]>>
  readonly loadAccountTemplates: (accountKey: string) => Promise<CommandResult>
}

/** Builds the templates slice over the bridge. */
export function createTemplatesSlice(api: KefuApi, { set }: SliceTools): TemplatesSlice {
  return {
    accountTemplates: {},
    loadAccountTemplates: async (accountKey) => {
      try {
        const outcome = await callRelay(api, 'templates:list', { accountKey })
        if (outcome.ok)
          set((state) => ({
            accountTemplates: { ...state.accountTemplates, [accountKey]: outcome.value.templates },
          }))
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
  }
}
