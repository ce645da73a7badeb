import type { User } from '../../common/domain/user.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { reportOf, type Report, type ReportQuery } from './report-of.js'

/** Reports as the relay answers them: the figures of a range, narrowed to what the viewer may see. */
export interface ReportService {
  report(user: User, query: ReportQuery): Promise<Report>
}

/**
 * Admins see every figure; a supervisor in a team sees that team's (one outside any team sees all, as
 * on the board); an agent sees their own. Asking for more than that is refused, never silently narrowed.
 */
export function scopedQuery(user: User, query: ReportQuery): ReportQuery {
  if (user.role === 'agent') {
    if (query.username !== undefined && query.username !== user.username)
      throw new RelayError('forbidden', 'Agents see their own figures only.')
    return { ...query, username: user.username }
  }
  if (user.role === 'supervisor' && user.teamId !== null) {
    if (query.teamId !== undefined && query.teamId !== user.teamId)
      throw new RelayError('forbidden', 'Supervisors see their own team’s figures.')
    return { ...query, teamId: user.teamId }
  }
  return query
}

export function createReportService(dependencies: {
  readonly store: RelayStore
  readonly now: () => number
}): ReportService {
  const { store, now } = dependencies
  return {
    async report(user, asked) {
      const query = scopedQuery(user, asked)
      const users = await store.userDirectory.list()
      // Hourly counts are kept per agent: a team's or an agent's are its members' (or theirs).
      const usernames =
        query.username !== undefined
          ? [query.username]
          : query.teamId !== undefined
            ? users.filter((each) => each.teamId === query.teamId).map((each) => each.username)
            : undefined
      const [rows, online, tags, openLoad] = await Promise.all([
        store.reports.reportRows({ ...query, ...(usernames === undefined ? {} : { usernames }), now: now() }),
        store.reports.onlineBetween(query.from, query.to),
        store.tags.list(),
        store.board.openCounts(),
      ])
      return reportOf({
        query,
        rows,
        online,
        users,
        tags,
        openLoad,
      })
    },
  }
}
