import { z } from 'zod'
import type { User } from '../../common/domain/user.js'
import type { CommandResult } from '../../common/relay/events.js'
import type { AuthService } from '../auth/auth-service.js'
import { RelayError } from '../relay-error.js'

/**
 * The user behind a socket as they are now, read afresh for its session at every command: the user the
 * socket connected as may since have been demoted, disabled or signed out (here or on another relay).
 * An ended session is `unauthorized`.
 */
export function currentUserOf(auth: Pick<AuthService, 'userOfSession'>, tokenHash: string): User {
  const user = auth.userOfSession(tokenHash)
  if (user === null) throw new RelayError('unauthorized', 'The session has ended; sign in again.')
  return user
}

/** Parses a socket command's payload; a failure is `invalid` naming the fields, as on REST. */
export function parseCommand<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {})
  if (!parsed.success) throw new RelayError('invalid', z.prettifyError(parsed.error))
  return parsed.data
}

/** Runs a command and answers its ack with `{ok, value}` or the relay error body; a missing ack is ignored. */
export function answerCommand<T>(
  ack: unknown,
  work: () => T | Promise<T>,
  onInternal: (error: unknown) => void,
): void {
  if (typeof ack !== 'function') return
  const reply = ack as (result: CommandResult<T>) => void
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
