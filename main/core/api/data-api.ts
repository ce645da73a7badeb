import type { CommandOutcome } from '../../../common/ipc/channels.js'
import type { AuditLogPage, ErasureReport } from '../../../common/relay/data-schemas.js'
import type { RelayCommands } from '../session/relay-commands.js'

/** What the data side of the core needs. */
export interface DataApiOptions {
  readonly rest: RelayCommands['rest']
}

/**
 * The data the team owns, for admins: the relay's audit log and the erasure of one follower. The
 * replica drops an erased follower when `conversation.erased` arrives on the socket, like every desktop.
 */
export function createDataApi(options: DataApiOptions) {
  const { rest } = options
  return {
    auditLog: (request: { limit: number; before?: number }): Promise<CommandOutcome<AuditLogPage>> =>
      rest((client, token) => client.auditLog(token, request)),
    eraseConversation: (request: { conversationId: string }): Promise<CommandOutcome<ErasureReport>> =>
      rest((client, token) => client.eraseConversation(token, request.conversationId)),
  }
}
