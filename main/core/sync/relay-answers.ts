import { z } from 'zod'
import { RELAY_ERROR_CODES, type RelayErrorCode } from '../../../common/relay/errors.js'
import type { CommandResult } from '../../../common/relay/events.js'
import {
  relayCommands,
  type CommandName,
  type ParsedCommandAnswer,
} from '../../../common/relay/relay-commands.js'

/**
 * What the desktop takes of the relay's answers: each parsed with its command's answer schema from the
 * table (common/relay/relay-commands.ts), the one the relay answers with. Types are not validation: an
 * answer that does not parse is a refusal in plain words, never used as if it had.
 */

/** Each command's answer schema, typed by what it parses to (checked here, command by command). */
const answerSchemas: { readonly [K in CommandName]: { readonly answer: z.ZodType<ParsedCommandAnswer<K>> } } =
  relayCommands

/** An answer of command `C`, parsed; the problem in words when it does not parse. */
export function parseAnswer<C extends CommandName>(
  name: C,
  value: unknown,
):
  | { readonly ok: true; readonly value: ParsedCommandAnswer<C> }
  | { readonly ok: false; readonly problem: string } {
  const result = answerSchemas[name].answer.safeParse(value)
  return result.success ? { ok: true, value: result.data } : { ok: false, problem: problemOf(result.error) }
}

/** The words for an answer of `name` that does not parse. */
export function unreadableAnswerMessage(name: CommandName, problem: string): string {
  return `The relay answered ${name} with something this desktop cannot read (${problem}).`
}

/** The relay's refusal as it arrives: a newer relay's unknown code reads as `internal`. */
const refusalSchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  details: z.unknown().optional(),
})

const ackSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: refusalSchema }),
])

/** A socket command's ack, parsed: its answer with the command's schema, or the relay's refusal. */
export function commandResultOf<C extends CommandName>(
  name: C,
  ack: unknown,
): CommandResult<ParsedCommandAnswer<C>> {
  const result = ackSchema.safeParse(ack)
  if (!result.success) return unreadable(name, problemOf(result.error))
  if (!result.data.ok) return { ok: false, error: refusalOf(result.data.error) }
  const answer = parseAnswer(name, result.data.value)
  return answer.ok ? { ok: true, value: answer.value } : unreadable(name, answer.problem)
}

/** A relay error body (REST) as the desktop reads it; null when it is none. */
export function relayRefusalOf(
  body: unknown,
): { readonly code: RelayErrorCode; readonly message?: string; readonly details?: unknown } | null {
  const result = z.object({ error: refusalSchema }).safeParse(body)
  return result.success ? refusalOf(result.data.error) : null
}

function refusalOf(error: z.infer<typeof refusalSchema>): {
  readonly code: RelayErrorCode
  readonly message: string
  readonly details?: unknown
} {
  return {
    code: relayErrorCodeOf(error.code),
    message: error.message ?? 'The relay refused it.',
    ...(error.details === undefined ? {} : { details: error.details }),
  }
}

/** One of the relay's codes; anything else (a newer relay's) is `internal`. */
export function relayErrorCodeOf(code: unknown): RelayErrorCode {
  return RELAY_ERROR_CODES.find((known) => known === code) ?? 'internal'
}

function unreadable(name: CommandName, problem: string): CommandResult<never> {
  return { ok: false, error: { code: 'internal', message: unreadableAnswerMessage(name, problem) } }
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]
  return `${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'malformed'}`
}
