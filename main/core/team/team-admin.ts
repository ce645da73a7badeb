import { z } from 'zod'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Team } from '../../../common/domain/team.js'
import type { User } from '../../../common/domain/user.js'
import type { CommandOutcome, PushChannel, PushChannels } from '../../../common/ipc/channels.js'
import type { CreateUserRequest } from '../../../common/relay/schemas.js'
import type {
  BulkAssignRequest,
  CreateTeamRequest,
  HandoverRequest,
  UpdateTeamRequest,
  UpdateUserRequest,
} from '../../../common/relay/shared-state-schemas.js'
import { RelayRequestError, type RelayClient } from '../relay-client.js'
import { conversationSchema } from '../sync/relay-event-schema.js'

/** What the team administration needs from the core. */
export interface TeamAdminOptions {
  /** Runs a REST call with the session's client and token; a relay refusal becomes the outcome. */
  readonly rest: <T>(work: (client: RelayClient, token: string) => Promise<T>) => Promise<CommandOutcome<T>>
  readonly push: <P extends PushChannel>(channel: P, payload: PushChannels[P]) => void
  /** Stores a conversation the relay answered with in the replica and tells the renderer. */
  readonly keepConversation: (conversation: Conversation) => void
}

/** A conflict's details: each conversation that changed, as it is now. */
const conflictsSchema = z.object({ conflicts: z.array(z.object({ conversation: z.unknown() })) })

/**
 * Supervisors' and admins' commands over REST: users, teams, bulk reassignment and shift-end handover.
 * Whatever the relay answers is parsed before it is kept or shown; on a `conflict` the conversations
 * that won are kept, so the screen shows the state that beat the command.
 */
export function createTeamAdmin(options: TeamAdminOptions) {
  const { rest, push, keepConversation } = options
  // Every user change is logged as `user.upserted`, but the first admin is not: users the replica never
  // heard of are read over REST.
  const fetchedUsers = new Map<string, User>()

  function keepUsers(users: readonly User[]): void {
    for (const user of users) fetchedUsers.set(user.username, user)
    push('users:changed', users)
  }

  function keepAll(conversations: readonly Conversation[]): readonly Conversation[] {
    for (const conversation of conversations) keepConversation(conversation)
    return conversations
  }

  /** Runs a command answering conversations; a conflict keeps the winners before it is reported. */
  function moveConversations(
    work: (client: RelayClient, token: string) => Promise<readonly Conversation[]>,
  ): Promise<CommandOutcome<readonly Conversation[]>> {
    return rest(async (client, token) => {
      try {
        return keepAll(await work(client, token))
      } catch (error) {
        if (error instanceof RelayRequestError && error.code === 'conflict') keepConflicts(error.details)
        throw error
      }
    })
  }

  function keepConflicts(details: unknown): void {
    const parsed = conflictsSchema.safeParse(details)
    if (!parsed.success) return
    for (const conflict of parsed.data.conflicts) {
      const current = conversationSchema.safeParse(conflict.conversation)
      if (current.success) keepConversation(current.data)
    }
  }

  return {
    /** The replica's users with those only REST told of (the log, applied in order, wins over a REST read). */
    mergedUsers(replicaUsers: readonly User[]): readonly User[] {
      const byName = new Map(replicaUsers.map((user) => [user.username, user]))
      for (const [username, user] of fetchedUsers) if (!byName.has(username)) byName.set(username, user)
      return [...byName.values()].sort((a, b) => a.username.localeCompare(b.username))
    },
    /** Reads every user again (after connecting), so new and disabled ones show. */
    async refreshUsers(): Promise<void> {
      const outcome = await rest((client, token) => client.users(token))
      if (outcome.ok) keepUsers(outcome.value)
    },
    async createUser(request: CreateUserRequest): Promise<CommandOutcome<User>> {
      const outcome = await rest((client, token) => client.createUser(token, request))
      if (outcome.ok) keepUsers([outcome.value])
      return outcome
    },
    async updateUser(request: UpdateUserRequest & { username: string }): Promise<CommandOutcome<User>> {
      const { username, ...update } = request
      const outcome = await rest((client, token) => client.updateUser(token, username, update))
      if (outcome.ok) keepUsers([outcome.value])
      return outcome
    },
    openConversationsOf(request: { username: string }): Promise<CommandOutcome<readonly Conversation[]>> {
      return rest(async (client, token) => keepAll(await client.openConversationsOf(token, request.username)))
    },
    handover(
      request: HandoverRequest & { username: string },
    ): Promise<CommandOutcome<readonly Conversation[]>> {
      const { username, ...body } = request
      return moveConversations((client, token) => client.handover(token, username, withoutUndefined(body)))
    },
    bulkAssign(request: BulkAssignRequest): Promise<CommandOutcome<readonly Conversation[]>> {
      return moveConversations((client, token) => client.bulkAssign(token, withoutUndefined(request)))
    },
    teams(): Promise<CommandOutcome<readonly Team[]>> {
      return rest((client, token) => client.teams(token))
    },
    async createTeam(request: CreateTeamRequest): Promise<CommandOutcome<Team>> {
      const outcome = await rest((client, token) => client.createTeam(token, request))
      if (outcome.ok) push('teams:changed', [outcome.value])
      return outcome
    },
    async updateTeam(request: UpdateTeamRequest & { id: string }): Promise<CommandOutcome<Team>> {
      const { id, ...update } = request
      const outcome = await rest((client, token) => client.updateTeam(token, id, withoutUndefined(update)))
      if (outcome.ok) push('teams:changed', [outcome.value])
      return outcome
    },
    /** Signed out: users read over REST belong to that session. */
    forget(): void {
      fetchedUsers.clear()
    },
  }
}

/** The team administration side of the core. */
export type TeamAdmin = ReturnType<typeof createTeamAdmin>

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as T
}
