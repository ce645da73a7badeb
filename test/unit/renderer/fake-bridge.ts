import { conversationKeyOf } from '../../../common/domain/account.js'
import type { Conversation } from '../../../common/domain/conversation.js'
import type { Message } from '../../../common/domain/message.js'
import type {
  InboxItem,
  InvokeChannel,
  InvokeChannels,
  KefuApi,
  PushChannel,
  PushChannels,
} from '../../../common/ipc/channels.js'

type Handlers = {
  [C in InvokeChannel]?: (
    request: InvokeChannels[C][0],
  ) => InvokeChannels[C][1] | Promise<InvokeChannels[C][1]>
}

/** An in-memory `KefuApi` for store tests: answers from handlers, records calls, and pushes on demand. */
export interface FakeBridge extends KefuApi {
  readonly calls: { readonly channel: InvokeChannel; readonly request: unknown }[]
  push<P extends PushChannel>(channel: P, payload: PushChannels[P]): void
  listenerCount(channel: PushChannel): number
}

/** Builds a fake bridge; unhandled channels answer with sensible empties. */
export function createFakeBridge(handlers: Handlers = {}): FakeBridge {
  const listeners = new Map<PushChannel, Set<(payload: never) => void>>()
  const calls: { channel: InvokeChannel; request: unknown }[] = []
  const defaults: Handlers = {
    'session:get': () => ({
      relayUrl: 'http://127.0.0.1:1',
      user: {
        username: 'mei',
        displayName: 'Mei',
        role: 'agent',
        isDisabled: false,
        kfAccount: null,
        teamId: null,
      },
    }),
    'connection:get': () => ({ state: 'live' }),
    'inbox:list': () => [],
    'commands:list': () => [],
    'messages:list': () => [],
    'tags:list': () => [],
    'canned-responses:list': () => [],
    'users:list': () => [],
    'drafts:get': () => '',
    'drafts:set': () => null,
    'conversations:mark-read': () => null,
    'conversations:mark-unread': () => null,
    'typing:send': () => null,
    'search:query': () => [],
    'presence:list': () => [],
    'viewing:list': () => [],
    'conversations:view': () => null,
    'teams:list': () => ({ ok: true, value: [] }),
    'board:get': () => ({ ok: false, code: 'forbidden', message: 'Only supervisors see the board.' }),
  }
  return {
    calls,
    invoke: (async (channel: InvokeChannel, request: unknown) => {
      calls.push({ channel, request })
      const handler = (handlers[channel] ?? defaults[channel]) as ((request: unknown) => unknown) | undefined
      if (handler === undefined) throw new Error(`fake bridge: no handler for ${channel}`)
      return handler(request)
    }) as KefuApi['invoke'],
    on: ((channel: PushChannel, listener: (payload: never) => void) => {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      return () => set.delete(listener)
    }) as KefuApi['on'],
    push: (channel, payload) => {
      for (const listener of listeners.get(channel) ?? [])
        (listener as (value: typeof payload) => void)(payload)
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  }
}

const HOUR = 3_600_000

/** A conversation with sensible defaults. */
export function conversationOf(patch: Partial<Conversation> & { id: string }): Conversation {
  return {
    remark: null,
    followState: 'subscribed',
    sourceScene: null,
    ...conversationKeyOf(patch.id),
    hasSeenFollow: false,
    unionId: null,
    snooze: null,
    awaitingReplySince: null,
    ticketRepliedAt: null,
    rating: null,
    ratingQuestion: null,
    firstSeenAt: 0,
    lastMessage: null,
    lastIncomingAt: null,
    unansweredCount: 0,
    windowHistory: { lastOpenedAt: {}, sendTimes: [], isUnsubscribed: false },
    assignee: null,
    status: 'open',
    ticketNumber: 1,
    tagIds: [],
    notes: '',
    version: 1,
    updatedAt: 0,
    ...patch,
  }
}

/** An inbox item whose window a follower message opened `hoursAgo` before `now`. */
export function itemOf(
  id: string,
  now: number,
  hoursAgo: number,
  patch: Partial<Conversation> = {},
): InboxItem {
  const openedAt = now - hoursAgo * HOUR
  return {
    conversation: conversationOf({
      id,
      lastIncomingAt: openedAt,
      windowHistory: { lastOpenedAt: { message: openedAt }, sendTimes: [], isUnsubscribed: false },
      ...patch,
    }),
    unreadCount: 0,
    hasDraft: false,
  }
}

/** A message with sensible defaults. */
export function messageOf(patch: Partial<Message> & { id: string; conversationId: string }): Message {
  return {
    direction: 'incoming',
    body: { type: 'text', text: 'hello' },
    status: 'sent',
    createdAt: 0,
    clientMessageId: null,
    senderUsername: null,
    isAutomatic: false,
    wechatMsgId: null,
    failure: null,
    ...patch,
  }
}
