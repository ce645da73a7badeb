import type { CommandOutcome } from '../../../common/ipc/channels.js'
import type {
  SignInThrottleFilter,
  SignInThrottleList,
  SignInThrottlesCleared,
} from '../../../common/relay/sign-in-throttle-schemas.js'
import type { RelayCommands } from '../session/relay-commands.js'

/** What the sign-in throttle side of the core needs. */
export interface SignInThrottleApiOptions {
  readonly rest: RelayCommands['rest']
}

/**
 * The relay's sign-in throttles, for admins: who is held back from which address, and letting them
 * back in. The relay keeps the throttles and records each clearing in its audit log.
 */
export function createSignInThrottleApi(options: SignInThrottleApiOptions) {
  const { rest } = options
  return {
    signInThrottles: (): Promise<CommandOutcome<SignInThrottleList>> =>
      rest((client, token) => client.signInThrottles(token)),
    clearSignInThrottles: (filter: SignInThrottleFilter): Promise<CommandOutcome<SignInThrottlesCleared>> =>
      rest((client, token) => client.clearSignInThrottles(token, filter)),
  }
}
