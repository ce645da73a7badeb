import type { User } from '../../common/domain/user.js'
import { REFUSAL_OF } from '../../common/relay/actions.js'
import type { CommandSpec } from '../../common/relay/command-spec.js'
import { relayCommands, type CommandName } from '../../common/relay/relay-commands.js'
import { can } from '../auth/permissions.js'
import { RelayError } from '../relay-error.js'
import type { CommandCaller, CommandHandlers } from './command-handlers.js'
import { parseRequest } from './parse-request.js'

/**
 * Runs one command of the table for a user read afresh by the registrar (null only for a public route):
 * checks the command's permission, parses the request with its schema, then calls its handler. Both
 * registrars (socket and REST) come through here, so a command is refused and parsed the same way
 * whichever way it came.
 */
export function runCommand(
  handlers: CommandHandlers,
  name: CommandName,
  user: User | null,
  request: unknown,
  caller: CommandCaller,
): unknown {
  const spec: CommandSpec = relayCommands[name]
  if (user === null && spec.rest?.isPublic !== true)
    throw new RelayError('unauthorized', 'Sign in first: send Authorization: Bearer <token>.')
  if (user !== null && spec.permission !== null && !can(user, spec.permission))
    throw new RelayError('forbidden', REFUSAL_OF[spec.permission])
  const parsed = parseRequest(spec.request, request, 'request')
  // The table types each handler by its own command; `name` ties the two, which a lookup cannot show.
  const handler = handlers[name] as (user: User | null, request: unknown, caller: CommandCaller) => unknown
  return handler(user, parsed, caller)
}
