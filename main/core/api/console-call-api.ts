import type { CommandOutcome, ConsoleAnswer, ParsedConsoleCall } from '../../../common/ipc/channels.js'
import type { RelayCommands } from '../session/relay-commands.js'

/** What the console's pass-through needs. */
export interface ConsoleCallApiOptions {
  readonly rest: RelayCommands['rest']
}

/**
 * `relay:call`: the commands of the relay's table marked `isConsoleCall` (tags, the audit log, erasing
 * a follower, sign-in throttles…) go to the relay as they are, with this session's token, and their
 * answer comes back parsed with the table's answer schema. The relay authorizes each; what they change
 * reaches the replica as events, like a change made on another desktop.
 */
export function createConsoleCallApi(options: ConsoleCallApiOptions) {
  const { rest } = options
  return {
    relayCall: (call: ParsedConsoleCall): Promise<CommandOutcome<ConsoleAnswer>> =>
      rest((client, token) => client.call(call.name, token, call.request)),
  }
}
