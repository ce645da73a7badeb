import type { Conversation, TicketStatus } from '../../../../common/domain/conversation.js'
import type {
  CommandOutcome,
  InboxItem,
  InvokeRequest,
  KefuApi,
  QueuedCommand,
} from '../../../../common/ipc/channels.js'
import type { CommandResult, SliceTools } from '../app-state.js'
import { commandResult, thrownResult } from '../command-result.js'

/** The follower fields an agent may edit in the follower panel. */
export type FollowerPatch = Omit<InvokeRequest<'conversations:update-follower'>, 'conversationId'>

/** Every conversation this agent may see, by id, with per-agent read state. */
export interface InboxSlice {
  readonly inboxById: Readonly<Record<string, InboxItem>>
  readonly isInboxLoaded: boolean
  readonly applyInboxChanged: (items: readonly InboxItem[]) => void
  /** Merges a conversation a command answered with, keeping this agent's read state. */
  readonly applyConversation: (conversation: Conversation) => void
  readonly loadInbox: () => Promise<void>
  readonly claim: (conversationId: string) => Promise<CommandResult>
  readonly assign: (conversationId: string, assignee: string | null) => Promise<CommandResult>
  readonly setStatus: (conversationId: string, status: TicketStatus) => Promise<CommandResult>
  readonly setTags: (conversationId: string, tagIds: readonly string[]) => Promise<CommandResult>
  readonly updateFollower: (conversationId: string, patch: FollowerPatch) => Promise<CommandResult>
  readonly markRead: (conversationId: string) => Promise<void>
  readonly markUnread: (conversationId: string) => Promise<void>
  /** Snoozes until a time or until the follower writes (`until` null); `snooze` null wakes it. */
  readonly snooze: (
    conversationId: string,
    snooze: { readonly until: number | null } | null,
  ) => Promise<CommandResult>
  /** Conversation commands saved offline, not yet confirmed by the relay, by client id. */
  readonly pendingCommandsById: Readonly<Record<string, QueuedCommand>>
  /** The outbox's news: pending ones are listed; a refusal is told through the notice, in plain words. */
  readonly applyCommandsChanged: (commands: readonly QueuedCommand[]) => void
}

/**
 * Merges inbox items by id. A conversation older than the one held (lower version) is ignored, so a
 * snapshot answered after a push cannot roll it back; read state and draft flag always follow the latest.
 */
export function mergeInboxItems(
  current: Readonly<Record<string, InboxItem>>,
  incoming: readonly InboxItem[],
): Readonly<Record<string, InboxItem>> {
  if (incoming.length === 0) return current
  const next: Record<string, InboxItem> = { ...current }
  for (const item of incoming) {
    const held = next[item.conversation.id]
    if (held !== undefined && held.conversation.version > item.conversation.version) {
      next[item.conversation.id] = { ...held, unreadCount: item.unreadCount, hasDraft: item.hasDraft }
    } else {
      next[item.conversation.id] = item
    }
  }
  return next
}

/** Builds the inbox slice over the bridge. */
export function createInboxSlice(api: KefuApi, { set, get }: SliceTools): InboxSlice {
  const withConversation = async (
    run: () => Promise<CommandOutcome<Conversation>>,
  ): Promise<CommandResult> => {
    try {
      const outcome = await run()
      if (outcome.ok) get().applyConversation(outcome.value)
      else if (outcome.current !== undefined) get().applyConversation(outcome.current)
      return commandResult(outcome)
    } catch (error) {
      return thrownResult(error)
    }
  }
  const conversationOf = (conversationId: string): Conversation | undefined =>
    get().inboxById[conversationId]?.conversation

  return {
    inboxById: {},
    isInboxLoaded: false,
    applyInboxChanged: (items) => set((state) => ({ inboxById: mergeInboxItems(state.inboxById, items) })),
    applyConversation: (conversation) => {
      const held = get().inboxById[conversation.id]
      get().applyInboxChanged([
        { conversation, unreadCount: held?.unreadCount ?? 0, hasDraft: held?.hasDraft ?? false },
      ])
    },
    loadInbox: async () => {
      const [items, commands] = await Promise.all([
        api.invoke('inbox:list', null),
        api.invoke('commands:list', null),
      ])
      get().applyInboxChanged(items)
      get().applyCommandsChanged(commands)
      set({ isInboxLoaded: true })
    },
    claim: async (conversationId) => {
      const me = get().session.user?.username
      const conversation = conversationOf(conversationId)
      if (me === undefined || conversation === undefined) return notFound()
      const result = await withConversation(() =>
        api.invoke('conversations:assign', { conversationId, assignee: me, version: conversation.version }),
      )
      if (!result.ok && result.code === 'conflict') {
        const winner = conversationOf(conversationId)?.assignee ?? null
        get().showNotice(
          winner === null || winner === me
            ? { kind: 'error', key: 'notice.conflictChanged' }
            : { kind: 'error', key: 'notice.claimLost', values: { name: get().displayNameOfUser(winner) } },
        )
      } else if (!result.ok) {
        get().showNotice({ kind: 'error', key: 'notice.commandFailed', values: { message: result.message } })
      }
      return result
    },
    assign: async (conversationId, assignee) => {
      const conversation = conversationOf(conversationId)
      if (conversation === undefined) return notFound()
      const result = await withConversation(() =>
        api.invoke('conversations:assign', { conversationId, assignee, version: conversation.version }),
      )
      if (!result.ok)
        get().showNotice({ kind: 'error', key: 'notice.commandFailed', values: { message: result.message } })
      return result
    },
    setStatus: async (conversationId, status) => {
      const conversation = conversationOf(conversationId)
      if (conversation === undefined) return notFound()
      const result = await withConversation(() =>
        api.invoke('conversations:set-status', { conversationId, status, version: conversation.version }),
      )
      if (!result.ok)
        get().showNotice({ kind: 'error', key: 'notice.commandFailed', values: { message: result.message } })
      return result
    },
    setTags: (conversationId, tagIds) =>
      withConversation(() => api.invoke('conversations:set-tags', { conversationId, tagIds: [...tagIds] })),
    updateFollower: (conversationId, patch) =>
      withConversation(() => api.invoke('conversations:update-follower', { conversationId, ...patch })),
    pendingCommandsById: {},
    applyCommandsChanged: (commands) => {
      const next = { ...get().pendingCommandsById }
      for (const command of commands) {
        if (command.state === 'pending') next[command.clientId] = command
        else delete next[command.clientId]
      }
      set({ pendingCommandsById: next })
      const refused = commands.filter((command) => command.state === 'refused').at(-1)
      if (refused === undefined) return
      const me = get().session.user?.username
      get().showNotice(
        refused.code === 'conflict' && refused.command === 'assign' && refused.changedBy !== null
          ? refused.changedBy === me
            ? { kind: 'error', key: 'notice.conflictChanged' }
            : {
                kind: 'error',
                key: 'notice.claimLost',
                values: { name: get().displayNameOfUser(refused.changedBy) },
              }
          : {
              kind: 'error',
              key: 'notice.commandFailed',
              values: { message: refused.reason ?? refused.code ?? '' },
            },
      )
    },
    markRead: async (conversationId) => {
      setUnread(conversationId, 0)
      await api.invoke('conversations:mark-read', { conversationId })
    },
    snooze: async (conversationId, snooze) => {
      const conversation = conversationOf(conversationId)
      if (conversation === undefined) return notFound()
      const result = await withConversation(() =>
        api.invoke('conversations:snooze', { conversationId, snooze, version: conversation.version }),
      )
      if (!result.ok)
        get().showNotice({ kind: 'error', key: 'notice.commandFailed', values: { message: result.message } })
      return result
    },
    markUnread: async (conversationId) => {
      setUnread(conversationId, Math.max(1, get().inboxById[conversationId]?.unreadCount ?? 0))
      await api.invoke('conversations:mark-unread', { conversationId })
    },
  }

  function setUnread(conversationId: string, unreadCount: number): void {
    const held = get().inboxById[conversationId]
    if (held === undefined || held.unreadCount === unreadCount) return
    set((state) => ({ inboxById: { ...state.inboxById, [conversationId]: { ...held, unreadCount } } }))
  }
}

function notFound(): CommandResult {
  return { ok: false, code: 'not_found', message: 'This conversation is not in your inbox.' }
}
