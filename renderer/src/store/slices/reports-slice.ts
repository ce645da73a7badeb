import type { KefuApi } from '../../../../common/ipc/channels.js'
import type { CommandRequest, ParsedCommandAnswer } from '../../../../common/relay/relay-commands.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'
import { callRelay } from '../relay-call.js'

/** A report as the relay computed it. */
export type Report = ParsedCommandAnswer<'reports:get'>

/** A report's range and filters. */
export type ReportRequest = CommandRequest<'reports:get'>

/** Supervisors' numbers: the report last asked for, as the relay answered it. */
export interface ReportsSlice {
  readonly report: Report | null
  readonly isReportLoading: boolean
  readonly loadReport: (request: ReportRequest) => Promise<CommandResult>
}

/** Builds the reports slice over the bridge; a slower older answer never replaces a newer one. */
export function createReportsSlice(api: KefuApi, { set }: SliceTools): ReportsSlice {
  let latest = 0
  return {
    report: null,
    isReportLoading: false,
    loadReport: async (request) => {
      const asked = ++latest
      set({ isReportLoading: true })
      try {
        const outcome = await callRelay(api, 'reports:get', request)
        if (asked !== latest) return { ok: true }
        set(outcome.ok ? { report: outcome.value, isReportLoading: false } : { isReportLoading: false })
        return commandResult(outcome)
      } catch (error) {
        if (asked === latest) set({ isReportLoading: false })
        return thrownResult(error)
      }
    },
  }
}
