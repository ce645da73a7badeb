import type { RelayEvent } from '../../common/relay/events.js'
import type { RelayLogger } from '../logger.js'
import type { AssignmentService } from './assignment-service.js'

/**
 * Runs auto-assignment after whatever may give it work: at most one run queued at a time, each on its
 * own tick after the commit that asked for it (so it reads what that commit wrote).
 */
export interface AutoAssignScheduler {
  schedule(): void
  /** Sees every committed event: a follower waiting, a conversation back in the queue, a load gone down. */
  observe(events: readonly RelayEvent[]): void
  /** Resolves once scheduled runs have finished. */
  settle(): Promise<void>
  close(): void
}

/** Creates the scheduler over the assignment service. */
export function createAutoAssignScheduler(
  assignment: Pick<AssignmentService, 'autoAssign'>,
  logger: RelayLogger,
): AutoAssignScheduler {
  let run: Promise<void> | null = null
  // Asked again while a run reads and writes: what changed meanwhile needs one more run after it.
  let isAskedAgain = false
  let isClosed = false
  const scheduler: AutoAssignScheduler = {
    schedule() {
      if (isClosed) return
      if (run !== null) {
        isAskedAgain = true
        return
      }
      run = (async () => {
        do {
          isAskedAgain = false
          // Its own tick, after the commit that asked for it.
          await new Promise((resolve) => setImmediate(resolve))
          if (isClosed) break
          try {
            await assignment.autoAssign()
          } catch (error) {
            logger.error({ err: error }, 'auto-assignment failed')
          }
        } while (isAskedAgain && !isClosed)
        run = null
      })()
    },
    observe(events) {
      if (events.some(freesOrQueuesWork)) scheduler.schedule()
    },
    async settle() {
      while (run !== null) await run
    },
    close() {
      isClosed = true
    },
  }
  return scheduler
}

/** A follower wrote in an unassigned conversation, one went back to the queue, or a load went down. */
function freesOrQueuesWork(event: RelayEvent): boolean {
  if (event.type === 'message.created') {
    return (
      event.message.direction === 'incoming' &&
      event.message.body.type !== 'event' &&
      event.conversation.assignee === null &&
      event.conversation.status !== 'resolved'
    )
  }
  if (event.type === 'conversation.updated') {
    return event.conversation.assignee === null || event.conversation.status === 'resolved'
  }
  return false
}
