import { conversationKeyOf } from '../../../common/domain/account.js'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message, MessageBody, OutgoingBody } from '../../../common/domain/message.js'
import type { CommandOutcome } from '../../../common/ipc/channels.js'
import type { Push } from '../notifications/core-listeners.js'
import { outcomeOf } from '../outbox.js'
import type { ReplicaStore } from '../replica/replica-store.js'
import type { OpenSession } from '../session/open-session.js'
import type { RelayCommands } from '../session/relay-commands.js'
import type { Clock } from '../sync/clock.js'

/** What the conversation commands need from the core. */
export interface ConversationApiOptions {
  /** The open session, if any, read at each call. */
  readonly session: () => OpenSession | null
  readonly commands: RelayCommands
  readonly push: Push
  readonly clock: Clock
  /** How long a relay command may stay unanswered. */
  readonly ackTimeoutMs: number
}

/**
 * The agent's work in conversations: the inbox and messages from the replica, replies, notes and
 * templates through the outbox, assignment, status, tags and follower details as conversation
 * commands, and what stays on this desktop (read state, drafts, search).
 */
export function createConversationApi(options: ConversationApiOptions) {
  const { session, commands, push, clock, ackTimeoutMs } = options
  const { command, enqueue, conversationCommand } = commands

  function store(): ReplicaStore | null {
    return session()?.replica?.store ?? null
  }

  /** What the agent saw of `field` when the version they acted on is the replica's. */
  function seenOf(conversationId: string, version: number, field: 'assignee' | 'status') {
    const conversation = store()?.conversation(conversationId) ?? null
    if (conversation === null || conversation.version !== version) return null
    return { [field]: conversation[field] }
  }

  return {
    inbox: () => store()?.inboxPage(1_000_000) ?? [],
    messages: (request: { conversationId: string; before?: string | undefined; limit: number }) =>
      store()?.messages(request.conversationId, request.before, request.limit) ?? [],
    send(request: {
      conversationId: string
      clientMessageId: string
      body: Exclude<OutgoingBody, { type: 'template' }>
    }) {
      return enqueue(
        'message:send',
        request.conversationId,
        request.clientMessageId,
        { clientMessageId: request.clientMessageId, body: request.body },
        'outgoing',
        request.body,
      )
    },
    async retry(request: { clientMessageId: string }): Promise<CommandOutcome<Message>> {
      const replica = session()?.replica
      if (replica === null || replica === undefined)
        return { ok: false, code: 'offline', message: 'Not signed in.' }
      const pending = replica.outbox.requeue(request.clientMessageId)
      if (pending === null)
        return { ok: false, code: 'not_found', message: 'Nothing to retry for this message.' }
      if (session()?.connection?.state().state !== 'live') return { ok: true, value: pending }
      void replica.outbox.flush()
      const entry = await replica.outbox.settled(request.clientMessageId, ackTimeoutMs)
      return outcomeOf(entry, replica.store.messageByClientId(request.clientMessageId))
    },
    sendTemplate(request: {
      conversationId: string
      clientMessageId: string
      templateId: string
      url?: string | undefined
      data: Record<string, { value: string }>
    }) {
      const { conversationId, ...rest } = request
      const body: MessageBody = {
        type: 'template',
        templateId: request.templateId,
        data: request.data,
        ...(request.url === undefined ? {} : { url: request.url }),
      }
      return enqueue('template:send', conversationId, request.clientMessageId, rest, 'outgoing', body)
    },
    addNote(request: { conversationId: string; clientMessageId: string; text: string }) {
      return enqueue(
        'note:add',
        request.conversationId,
        request.clientMessageId,
        { clientMessageId: request.clientMessageId, text: request.text },
        'internal',
        { type: 'note', text: request.text },
      )
    },
    /** The picture travels base64 over IPC, and raw to the relay, which checks and uploads it. */
    uploadMedia(request: { conversationId: string; fileName: string; mimeType: string; dataBase64: string }) {
      const file = {
        fileName: request.fileName,
        mimeType: request.mimeType,
        data: Buffer.from(request.dataBase64, 'base64'),
      }
      const { accountKey } = conversationKeyOf(request.conversationId)
      return commands.rest((client, token) =>
        client.uploadMedia(token, file, accountKey, request.conversationId),
      )
    },
    assign: ({
      conversationId,
      ...request
    }: {
      conversationId: string
      assignee: string | null
      version: number
    }) =>
      conversationCommand('conversation:assign', conversationId, {
        ...request,
        seen: seenOf(conversationId, request.version, 'assignee'),
      }),
    setStatus: ({
      conversationId,
      ...request
    }: {
      conversationId: string
      status: 'open' | 'pending' | 'resolved'
      version: number
    }) =>
      conversationCommand('conversation:set-status', conversationId, {
        ...request,
        seen: seenOf(conversationId, request.version, 'status'),
      }),
    /** Sent as differences against the tags the agent saw, so tags a colleague added meanwhile stay. */
    setTags(request: { conversationId: string; tagIds: string[] }) {
      const seen = store()?.conversation(request.conversationId)?.tagIds ?? []
      return conversationCommand('conversation:set-tags', request.conversationId, {
        added: request.tagIds.filter((id) => !seen.includes(id)),
        removed: seen.filter((id) => !request.tagIds.includes(id)),
      })
    },
    updateFollower: ({
      conversationId,
      ...request
    }: {
      conversationId: string
      remark?: string | null | undefined
      notes?: string | undefined
    }) => conversationCommand('conversation:update-follower', conversationId, request),
    /** Conversation commands waiting for the relay, in order. */
    pendingCommands: () => session()?.replica?.outbox.pendingCommands() ?? [],
    markRead(request: { conversationId: string }): null {
      const replica = store()
      if (replica === null) return null
      replica.markRead(request.conversationId)
      push('inbox:changed', replica.inboxItems([request.conversationId]))
      return null
    },
    markUnread(request: { conversationId: string }): null {
      const replica = store()
      if (replica === null) return null
      replica.markUnread(request.conversationId)
      push('inbox:changed', replica.inboxItems([request.conversationId]))
      return null
    },
    /** Snoozes or wakes a conversation (online only: a snooze is for now, not to queue). */
    async snooze(request: {
      conversationId: string
      snooze: { until: number | null } | null
      version: number
    }): Promise<CommandOutcome<Conversation>> {
      // What it changed reaches the replica as the event the relay logs.
      return await command('conversation:snooze', request)
    },
    async typing(request: { conversationId: string; isTyping: boolean }): Promise<null> {
      // Best effort: a lost typing indicator is harmless, so it is never queued.
      await command('typing:send', request)
      return null
    },
    search: (request: {
      text: string
      conversationId?: string | undefined
      tagId?: string | undefined
      fromTime?: number | undefined
      toTime?: number | undefined
      limit: number
    }) => session()?.replica?.search.search(request) ?? [],
    draft: (request: { conversationId: string }) => store()?.draft(request.conversationId) ?? '',
    setDraft(request: { conversationId: string; text: string }): null {
      const replica = store()
      if (replica === null) return null
      const hadDraft = replica.draft(request.conversationId) !== ''
      replica.setDraft(request.conversationId, request.text, clock.now())
      if (hadDraft !== (request.text.trim() !== ''))
        push('inbox:changed', replica.inboxItems([request.conversationId]))
      return null
    },
  }
}
