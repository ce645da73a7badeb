import type { CommandResult } from '../../common/relay/events.js'
import { relayCommands, type SocketCommandName } from '../../common/relay/relay-commands.js'
import type { AuthService } from '../auth/auth-service.js'
import type { CommandHandlers } from '../commands/command-handlers.js'
import { runCommand } from '../commands/run-command.js'
import { RelayError } from '../relay-error.js'
import type { LiveSocket } from '../desktops/live-sockets.js'
import { currentUserOf } from '../auth/current-user-of.js'

/** What the socket registrar needs. */
export interface SocketCommandDependencies {
  /** Re-reads each command's user for the socket's session. */
  readonly auth: Pick<AuthService, 'userOfSession'>
  readonly handlers: CommandHandlers
  /** Reports a failure that is not a refusal (a bug or the disk), answered as `internal`. */
  readonly onInternal: (error: unknown) => void
}

/** The socket commands of the table, in its order. */
export const SOCKET_COMMANDS = (Object.keys(relayCommands) as SocketCommandName[]).filter(
  (name) => (relayCommands[name] as { readonly isSocket?: boolean }).isSocket !== false,
)

/**
 * The one place socket commands are mounted: every socket command of `relayCommands` on a desktop's
 * socket, each answered through its ack with `{ok, value}` or the relay error body. Each command acts as
 * the user is now (never the user the socket connected as), so a demotion, a disabling or a sign-out
 * applies to the very next one.
 */
export function registerSocketCommands(socket: LiveSocket, dependencies: SocketCommandDependencies): void {
  const { auth, handlers, onInternal } = dependencies
  const caller = {
    socketId: socket.id,
    token: null,
    address: () => socket.handshake.address,
    join: (room: string) => void socket.join(room),
    repeated: () => undefined,
  }
  for (const name of SOCKET_COMMANDS) {
    // socket.io types each listener by its event; the loop holds them all, so the listener is typed once here.
    const on = socket.on.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => void
    on(name, (request, ack) =>
      answer(
        ack,
        async () =>
          runCommand(handlers, name, await currentUserOf(auth, socket.data.tokenHash), request, caller),
        onInternal,
      ),
    )
  }
}

/** Runs a command and answers its ack with `{ok, value}` or the relay error body; a missing ack is ignored. */
function answer(ack: unknown, work: () => unknown, onInternal: (error: unknown) => void): void {
  if (typeof ack !== 'function') return
  const reply = ack as (result: CommandResult<unknown>) => void
  const fail = (error: unknown): void => {
    if (!(error instanceof RelayError)) onInternal(error)
    const relayError = error instanceof RelayError ? error : new RelayError('internal', 'The relay failed.')
    reply({ ok: false, ...relayError.toBody() })
  }
  try {
    const value = work()
    if (value instanceof Promise) value.then((resolved) => reply({ ok: true, value: resolved }), fail)
    else reply({ ok: true, value })
  } catch (error) {
    fail(error)
  }
}
