import { z } from 'zod'
import type { CommandResult } from '../../common/relay/events.js'
import { RelayError } from '../relay-error.js'

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
