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
  let isClosed = false
  const scheduler: AutoAssignScheduler = {
    schedule() {
      if (isClosed || run !== null) return
      run = new Promise((resolve) =>
        setImmediate(() => {
          run = null
          try {
            if (!isClosed) assignment.autoAssign()
          } catch (error) {
            logger.error({ err: error }, 'auto-assignment failed')
          }
          resolve()
        }),
      )
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
