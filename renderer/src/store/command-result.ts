import type { CommandOutcome } from '../../../common/ipc/channels.js'
import type { CommandResult } from './app-state.js'

/** Reduces a relay command's outcome to what a component needs to show. */
export function commandResult(outcome: CommandOutcome<unknown>): CommandResult {
  return outcome.ok ? { ok: true } : { ok: false, code: outcome.code, message: outcome.message }
}

/** A failure raised by the bridge itself (main rejected the request or crashed). */
export function thrownResult(error: unknown): CommandResult {
  return { ok: false, code: 'internal', message: error instanceof Error ? error.message : String(error) }
}
