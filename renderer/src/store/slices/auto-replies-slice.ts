import type { KefuApi } from '../../../../common/ipc/channels.js'
import type { AutoReplyRules } from '../../../../common/relay/auto-reply-rules.js'
import type { ParsedCommandAnswer } from '../../../../common/relay/relay-commands.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** Rules as the relay keeps them: for one account (or every account), with who saved them last. */
export type StoredAutoReplies = ParsedCommandAnswer<'auto-replies:get'>

/** The auto-reply rules admins edit: every account's, or one account's own (null: every account's). */
export interface AutoRepliesSlice {
  readonly autoReplies: StoredAutoReplies | null
  readonly loadAutoReplies: (accountKey: string | null) => Promise<CommandResult>
  readonly saveAutoReplies: (accountKey: string | null, rules: AutoReplyRules) => Promise<CommandResult>
}

/** Builds the auto-replies slice over the bridge. */
export function createAutoRepliesSlice(api: KefuApi, { set }: SliceTools): AutoRepliesSlice {
  async function run(call: () => Promise<Awaited<ReturnType<typeof callRelay<'auto-replies:get'>>>>) {
    try {
      const outcome = await call()
      if (outcome.ok) set({ autoReplies: outcome.value })
      return commandResult(outcome)
    } catch (error) {
      return thrownResult(error)
    }
  }
  return {
    autoReplies: null,
    loadAutoReplies: (accountKey) =>
      run(() =>
        accountKey === null
          ? callRelay(api, 'auto-replies:get', {})
          : callRelay(api, 'account-auto-replies:get', { accountKey }),
      ),
    saveAutoReplies: (accountKey, rules) =>
      run(() =>
        accountKey === null
          ? callRelay(api, 'auto-replies:set', rules)
          : callRelay(api, 'account-auto-replies:set', { ...rules, accountKey }),
      ),
  }
}
