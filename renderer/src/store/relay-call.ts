import type {
  CommandOutcome,
  ConsoleCall,
  ConsoleCommandName,
  KefuApi,
} from '../../../common/ipc/channels.js'
import type { CommandRequest, ParsedCommandAnswer } from '../../../common/relay/relay-commands.js'

/**
 * Runs a command of the relay's table marked `isConsoleCall` through `relay:call`, typed by its name:
 * the request is the table's, the answer the table's answer schema's output.
 */
export function callRelay<N extends ConsoleCommandName>(
  api: KefuApi,
  name: N,
  request: CommandRequest<N>,
): Promise<CommandOutcome<ParsedCommandAnswer<N>>> {
  // `{name, request}` is one ConsoleCall; a generic N cannot be shown to pick its own member.
  const call = { name, request } as ConsoleCall
  // Main parsed the answer with N's own answer schema; one channel for every name cannot say which N.
  return api.invoke('relay:call', call) as Promise<CommandOutcome<ParsedCommandAnswer<N>>>
}
