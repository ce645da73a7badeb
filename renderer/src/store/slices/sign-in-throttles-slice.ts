import type { KefuApi } from '../../../../common/ipc/channels.js'
import type {
  SignInThrottleEntry,
  SignInThrottleFilter,
} from '../../../../common/relay/sign-in-throttle-schemas.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** The relay's sign-in throttles (admins): who is held back from which address. */
export interface SignInThrottlesSlice {
  /** As the relay last answered: locked first. */
  readonly signInThrottles: readonly SignInThrottleEntry[]
  readonly isSignInThrottlesLoaded: boolean
  readonly loadSignInThrottles: () => Promise<CommandResult>
  /** Clears the matching throttles (all without a filter), then lists them again. */
  readonly clearSignInThrottles: (filter: SignInThrottleFilter) => Promise<CommandResult>
}

/** Builds the sign-in throttles slice over the bridge. */
export function createSignInThrottlesSlice(api: KefuApi, { set, get }: SliceTools): SignInThrottlesSlice {
  return {
    signInThrottles: [],
    isSignInThrottlesLoaded: false,
    loadSignInThrottles: async () => {
      try {
        const outcome = await callRelay(api, 'sign-in-throttles:list', {})
        if (outcome.ok) set({ signInThrottles: outcome.value.throttles, isSignInThrottlesLoaded: true })
        return commandResult(outcome)
      } catch (error) {
        return thrownResult(error)
      }
    },
    clearSignInThrottles: async (filter) => {
      try {
        const outcome = await callRelay(api, 'sign-in-throttles:clear', filter)
        if (!outcome.ok) return commandResult(outcome)
        // The relay answers a count, not the list: what is left (new failures meanwhile too) is read again.
        return await get().loadSignInThrottles()
      } catch (error) {
        return thrownResult(error)
      }
    },
  }
}
