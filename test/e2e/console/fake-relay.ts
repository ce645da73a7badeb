/// <reference lib="dom" />
import type { Conversation, Tag } from '../../../common/domain/conversation.js'
import type { Message, MessageBody } from '../../../common/domain/message.js'
import type { CannedResponse, User } from '../../../common/domain/user.js'
import type { InboxItem, KefuApi, PushChannel, SearchHit } from '../../../common/ipc/channels.js'

/** How the in-page fake relay starts. */
export interface FakeRelayOptions {
  readonly conversationCount: number
  readonly isSignedIn: boolean
  /** Epoch ms the generated history is laid out around (tests pin it with page.clock). */
  readonly now: number
}

/** What a test can do to the fake from `page.evaluate(() => window.fakeRelay…)`. */
export interface FakeRelayControl {
  readonly calls: { channel: string; request: unknown }[]
  followerWrites(conversationId: string, text: string): void
  /** How the next sends end: delivered, or refused by WeChat with a reason. */
  setSendOutcome(outcome: 'sent' | 'window_closed' | 'wechat_unavailable'): void
  /** Someone else claims the conversation without this desktop hearing of it yet. */
  claimBehindBack(conversationId: string, username: string): void
  emit(channel: PushChannel, payload: unknown): void
  conversation(conversationId: string): Conversation | undefined
}

/**
 * Installs `window.api` and `window.fakeRelay` in the page: an in-memory relay with conversations,
 * messages and pushes. Self-contained (it is serialized into the page), so it imports types only.
 */
export function installFakeRelay(options: FakeRelayOptions): void {
  const HOUR = 3_600_000
  const startedAt = options.now
  const me: User = {
    username: 'mei',
    displayName: 'Mei Chen',
    role: 'supervisor',
    isDisabled: false,
    kfAccount: null,
    teamId: null,
  }
  const users: User[] = [
    me,
    { username: 'bo', displayName: 'Bo Li', role: 'agent', isDisabled: false, kfAccount: null, teamId: null },
    {
      username: 'sam',
      displayName: 'Sam Park',
      role: 'agent',
      isDisabled: false,
      kfAccount: null,
      teamId: null,
    },
  ]
  const tags: Tag[] = [
    { id: 'tag-vip', name: 'VIP', color: '#c2255c' },
    { id: 'tag-refund', name: '退款 Refund', color: '#e8590c' },
    { id: 'tag-shipping', name: 'Shipping', color: '#1971c2' },
    { id: 'tag-bug', name: 'Bug', color: '#7048e8' },
  ]
  let canned: CannedResponse[] = [
    {
      id: 'c1',
      shortCode: 'thanks',
      body: 'Thank you {{follower.name}}! — {{agent.name}}',
      ownerUsername: null,
    },
    {
      id: 'c2',
      shortCode: 'hello',
      body: '您好 {{follower.name}}，我是客服 {{agent.name}}，很高兴为您服务。',
      ownerUsername: null,
    },
    {
      id: 'c3',
      shortCode: 'refund',
      body: 'Your refund is on its way and should arrive within 3–5 working days.',
      ownerUsername: null,
    },
    {
      id: 'c4',
      shortCode: 'track',
      body: 'Your tracking number is {{order.tracking}}.',
      ownerUsername: 'mei',
    },
    {
      id: 'c5',
      shortCode: 'hours',
      body: 'We are online 9:00–18:00 Beijing time, Monday to Friday.',
      ownerUsername: 'mei',
    },
  ]
  const remarks = [
    '王小明',
    'Lucy Zhang',
    '陈静',
    'Tom Wu',
    '李娜',
    'Kevin Ma',
    '赵磊',
    'Anna Sun',
    null,
    '刘洋',
    null,
    'Grace Lin',
  ]
  const previews = [
    '我的订单什么时候发货？',
    'Hi, I was charged twice for order #48213',
    '请问可以开发票吗',
    'The app keeps crashing when I open my coupons',
    '退款到账了吗？已经一周了',
    'Can I change the delivery address?',
    '你们周末上班吗',
    'Thanks, that solved it!',
  ]
  let session = { relayUrl: 'https://kefu.example.com', user: options.isSignedIn ? me : null }
  const conversations = new Map<string, Conversation>()
  const unread = new Map<string, number>()
  const messages = new Map<string, Message[]>()
  const drafts = new Map<string, string>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: { channel: string; request: unknown }[] = []
  let sendOutcome: 'sent' | 'window_closed' | 'wechat_unavailable' = 'sent'
  let sequence = 0
  const nextId = (prefix: string): string => `${prefix}-${(sequence += 1)}`

  for (let index = 0; index < options.conversationCount; index += 1) {
    const id = `oFollower${String(index).padStart(6, '0')}xYz${(index * 7919) % 10_007}`
    const ageHours = ((index * 37) % 600) / 10
    const isEvent = index % 17 === 5
    const lastIncomingAt = isEvent ? startedAt - 20_000 : startedAt - ageHours * HOUR
    const text = previews[index % previews.length] ?? ''
    conversations.set(id, {
      id,
      remark: remarks[index % remarks.length] ?? null,
      followState: index % 23 === 9 ? 'unsubscribed' : 'subscribed',
      sourceScene: index % 3 === 0 ? 'spring-campaign' : null,
      firstSeenAt: startedAt - 40 * 24 * HOUR,
      lastMessage: { messageId: `m-${id}-last`, direction: 'incoming', text, createdAt: lastIncomingAt },
      lastIncomingAt,
      unreadCount: index % 4 === 0 ? 0 : (index % 3) + 1,
      windowHistory: {
        lastOpenedAt: isEvent ? { event: lastIncomingAt } : { message: lastIncomingAt },
        sendTimes: index % 5 === 0 ? [lastIncomingAt + 60_000, lastIncomingAt + 120_000] : [],
        isUnsubscribed: index % 23 === 9,
      },
      assignee: index % 3 === 0 ? 'mei' : index % 3 === 1 ? null : 'bo',
      status: index % 11 === 10 ? 'pending' : 'open',
      ticketNumber: 1000 + index,
      tagIds: index % 4 === 0 ? ['tag-vip'] : index % 4 === 1 ? ['tag-refund', 'tag-shipping'] : [],
      notes: '',
      version: 1,
      updatedAt: lastIncomingAt,
    })
    unread.set(id, index % 4 === 0 ? 0 : (index % 3) + 1)
  }

  const message = (conversationId: string, patch: Partial<Message> & { body: MessageBody }): Message => ({
    id: nextId('m'),
    conversationId,
    direction: 'incoming',
    status: 'sent',
    createdAt: Date.now(),
    clientMessageId: null,
    senderUsername: null,
    isAutomatic: false,
    wechatMsgId: null,
    failure: null,
    ...patch,
  })

  const historyOf = (conversationId: string): Message[] => {
    const held = messages.get(conversationId)
    if (held !== undefined) return held
    const conversation = conversations.get(conversationId)
    const base = (conversation?.lastIncomingAt ?? startedAt) - 2 * HOUR
    const lines: Message[] = []
    for (let day = 0; day < 3; day += 1) {
      const at = base - (2 - day) * 24 * HOUR
      lines.push(
        message(conversationId, {
          createdAt: at,
          body: { type: 'event', event: 'subscribe', qrScene: 'spring-campaign' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 1000,
          direction: 'outgoing',
          isAutomatic: true,
          body: { type: 'text', text: '欢迎关注！Welcome — reply anytime.' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 60_000,
          body: {
            type: 'text',
            text: `Day ${day + 1}: 你好，请问 https://shop.example.com/orders/48213 这个订单怎么样了？[微笑]`,
          },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 70_000,
          body: { type: 'voice', mediaId: 'v1', format: 'amr', recognition: '我想问一下退货的流程' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 80_000,
          body: { type: 'image', mediaId: 'i1', picUrl: 'data:image/svg+xml,' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 90_000,
          body: {
            type: 'location',
            latitude: 31.2304,
            longitude: 121.4737,
            scale: 15,
            label: '上海市黄浦区人民广场',
          },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 100_000,
          body: { type: 'event', event: 'click', key: '联系客服 Contact us' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 110_000,
          body: {
            type: 'link',
            title: 'Order #48213',
            description: 'Wireless earbuds, black',
            url: 'https://shop.example.com/orders/48213',
          },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 200_000,
          direction: 'outgoing',
          senderUsername: 'bo',
          body: { type: 'text', text: 'I am checking with the warehouse now.' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 210_000,
          direction: 'internal',
          senderUsername: 'bo',
          body: { type: 'note', text: 'Warehouse says it left Shanghai yesterday.' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 220_000,
          direction: 'internal',
          senderUsername: 'mei',
          body: { type: 'activity', action: 'status_changed', detail: 'open → pending' },
        }),
      )
      lines.push(
        message(conversationId, {
          createdAt: at + 230_000,
          direction: 'outgoing',
          senderUsername: 'mei',
          status: 'failed',
          clientMessageId: nextId('client'),
          failure: {
            code: 'quota_exhausted',
            message: 'All 5 replies in this window are used.',
            wechatErrcode: 45047,
            isRetryable: false,
          },
          body: { type: 'text', text: 'One more update…' },
        }),
      )
    }
    lines.push(
      message(conversationId, {
        createdAt: conversation?.lastIncomingAt ?? startedAt,
        body: { type: 'text', text: conversation?.lastMessage?.text ?? '' },
      }),
    )
    messages.set(conversationId, lines)
    return lines
  }

  const emit = (channel: string, payload: unknown): void => {
    for (const listener of listeners.get(channel) ?? []) listener(payload)
  }
  const itemOf = (conversation: Conversation): InboxItem => ({
    conversation,
    unreadCount: unread.get(conversation.id) ?? 0,
    hasDraft: (drafts.get(conversation.id) ?? '') !== '',
  })
  const update = (conversationId: string, patch: Partial<Conversation>): Conversation => {
    const current = conversations.get(conversationId)
    if (current === undefined) throw new Error(`no conversation ${conversationId}`)
    const next: Conversation = { ...current, ...patch, version: current.version + 1, updatedAt: Date.now() }
    conversations.set(conversationId, next)
    emit('inbox:changed', [itemOf(next)])
    return next
  }
  const addMessage = (created: Message): Message => {
    historyOf(created.conversationId).push(created)
    emit('messages:changed', [created])
    return created
  }
  const activity = (
    conversationId: string,
    action: 'assigned' | 'status_changed' | 'tagged' | 'remark_changed',
    detail: string,
  ): void => {
    addMessage(
      message(conversationId, {
        direction: 'internal',
        senderUsername: me.username,
        body: { type: 'activity', action, detail },
      }),
    )
  }
  const conflict = (conversationId: string) => ({
    ok: false as const,
    code: 'conflict' as const,
    message: 'The conversation changed.',
    current: conversations.get(conversationId),
  })

  const deliver = (pending: Message): void => {
    setTimeout(() => {
      const failed = sendOutcome !== 'sent'
      const final: Message = {
        ...pending,
        id: nextId('relay'),
        status: failed ? 'failed' : 'sent',
        failure:
          sendOutcome === 'window_closed'
            ? {
                code: 'window_closed',
                message: 'The 48-hour reply window has closed.',
                wechatErrcode: 45015,
                isRetryable: false,
              }
            : sendOutcome === 'wechat_unavailable'
              ? {
                  code: 'wechat_unavailable',
                  message: 'WeChat did not answer.',
                  wechatErrcode: -1,
                  isRetryable: true,
                }
              : null,
      }
      const list = historyOf(pending.conversationId)
      const at = list.findIndex((each) => each.id === pending.id)
      if (at >= 0) list[at] = final
      emit('messages:changed', [final])
      const conversation = conversations.get(pending.conversationId)
      if (!failed && conversation !== undefined) {
        const text = final.body.type === 'text' ? final.body.text : '[image]'
        update(pending.conversationId, {
          windowHistory: {
            ...conversation.windowHistory,
            sendTimes: [...conversation.windowHistory.sendTimes, Date.now()],
          },
          lastMessage: { messageId: final.id, direction: 'outgoing', text, createdAt: final.createdAt },
        })
      }
    }, 40)
  }

  const handlers: Record<string, (request: never) => unknown> = {
    'session:get': () => session,
    'session:sign-in': (request: { username: string; password: string; relayUrl: string }) => {
      if (request.password !== 'secret')
        return { ok: false, code: 'unauthorized', message: 'Wrong username or password.' }
      session = { relayUrl: request.relayUrl, user: me }
      return { ok: true, value: session }
    },
    'session:sign-out': () => (session = { relayUrl: session.relayUrl, user: null }),
    'connection:get': () => ({ state: 'live' }),
    'connection:reconnect': () => ({ state: 'live' }),
    'inbox:list': () => [...conversations.values()].map(itemOf),
    'messages:list': (request: { conversationId: string; before?: string; limit?: number }) => {
      const list = historyOf(request.conversationId)
      const end =
        request.before === undefined ? list.length : list.findIndex((each) => each.id === request.before)
      const limit = request.limit ?? 50
      return list.slice(Math.max(0, end - limit), Math.max(0, end)).reverse()
    },
    'messages:send': (request: { conversationId: string; clientMessageId: string; body: MessageBody }) => {
      const pending = addMessage(
        message(request.conversationId, {
          id: nextId('outbox'),
          direction: 'outgoing',
          status: 'pending',
          clientMessageId: request.clientMessageId,
          senderUsername: me.username,
          body: request.body,
        }),
      )
      deliver(pending)
      return { ok: true, value: pending }
    },
    'messages:retry': (request: { clientMessageId: string }) => {
      for (const list of messages.values()) {
        const failed = list.find((each) => each.clientMessageId === request.clientMessageId)
        if (failed !== undefined) {
          const pending = { ...failed, status: 'pending' as const, failure: null }
          list[list.indexOf(failed)] = pending
          emit('messages:changed', [pending])
          deliver(pending)
          return { ok: true, value: pending }
        }
      }
      return { ok: false, code: 'not_found', message: 'No such message.' }
    },
    'templates:send': (request: {
      conversationId: string
      clientMessageId: string
      templateId: string
      data: Record<string, { value: string }>
    }) => {
      const sent = addMessage(
        message(request.conversationId, {
          direction: 'outgoing',
          clientMessageId: request.clientMessageId,
          senderUsername: me.username,
          body: { type: 'template', templateId: request.templateId, data: request.data },
        }),
      )
      return { ok: true, value: sent }
    },
    'notes:add': (request: { conversationId: string; clientMessageId: string; text: string }) => ({
      ok: true,
      value: addMessage(
        message(request.conversationId, {
          direction: 'internal',
          clientMessageId: request.clientMessageId,
          senderUsername: me.username,
          body: { type: 'note', text: request.text },
        }),
      ),
    }),
    'media:upload': () => ({ ok: true, value: { mediaId: nextId('media') } }),
    'conversations:assign': (request: {
      conversationId: string
      assignee: string | null
      version: number
    }) => {
      const current = conversations.get(request.conversationId)
      if (current === undefined || current.version !== request.version)
        return conflict(request.conversationId)
      const value = update(request.conversationId, { assignee: request.assignee })
      activity(request.conversationId, 'assigned', `→ ${request.assignee ?? '—'}`)
      return { ok: true, value }
    },
    'conversations:set-status': (request: {
      conversationId: string
      status: Conversation['status']
      version: number
    }) => {
      const current = conversations.get(request.conversationId)
      if (current === undefined || current.version !== request.version)
        return conflict(request.conversationId)
      const value = update(request.conversationId, { status: request.status })
      activity(request.conversationId, 'status_changed', `${current.status} → ${request.status}`)
      return { ok: true, value }
    },
    'conversations:set-tags': (request: { conversationId: string; tagIds: string[] }) => ({
      ok: true,
      value: update(request.conversationId, { tagIds: request.tagIds }),
    }),
    'conversations:update-follower': (request: {
      conversationId: string
      remark?: string | null
      notes?: string
    }) => ({
      ok: true,
      value: update(request.conversationId, {
        ...(request.remark === undefined ? {} : { remark: request.remark }),
        ...(request.notes === undefined ? {} : { notes: request.notes }),
      }),
    }),
    'conversations:mark-read': (request: { conversationId: string }) => (
      unread.set(request.conversationId, 0),
      null
    ),
    'conversations:mark-unread': (request: { conversationId: string }) => (
      unread.set(request.conversationId, 1),
      null
    ),
    'typing:send': () => null,
    'search:query': (request: { text: string; limit?: number }) => {
      const needle = request.text.toLowerCase()
      const hits: SearchHit[] = []
      for (const list of messages.values()) {
        for (const each of list) {
          const text = each.body.type === 'text' || each.body.type === 'note' ? each.body.text : ''
          const at = text.toLowerCase().indexOf(needle)
          if (at < 0 || hits.length >= (request.limit ?? 50)) continue
          hits.push({
            messageId: each.id,
            conversationId: each.conversationId,
            createdAt: each.createdAt,
            snippet: [
              { text: text.slice(Math.max(0, at - 24), at), isMatch: false },
              { text: text.slice(at, at + needle.length), isMatch: true },
              { text: text.slice(at + needle.length, at + needle.length + 40), isMatch: false },
            ],
          })
        }
      }
      return hits
    },
    'drafts:get': (request: { conversationId: string }) => drafts.get(request.conversationId) ?? '',
    'drafts:set': (request: { conversationId: string; text: string }) => (
      drafts.set(request.conversationId, request.text),
      null
    ),
    'tags:list': () => tags,
    'tags:create': (request: { name: string; color: string }) => {
      const tag = { id: nextId('tag'), ...request }
      tags.push(tag)
      emit('tags:changed', [tag])
      return { ok: true, value: tag }
    },
    'canned-responses:list': () => canned,
    'canned-responses:create': (request: { shortCode: string; body: string; isTeam?: boolean }) => {
      const response = {
        id: nextId('canned'),
        shortCode: request.shortCode,
        body: request.body,
        ownerUsername: request.isTeam === true ? null : me.username,
      }
      canned = [...canned, response]
      return { ok: true, value: response }
    },
    'canned-responses:delete': (request: { id: string }) => {
      canned = canned.filter((each) => each.id !== request.id)
      return { ok: true, value: null }
    },
    'users:list': () => users,
  }

  const api: KefuApi = {
    invoke: (async (channel: string, request: unknown) => {
      calls.push({ channel, request })
      const handler = handlers[channel]
      if (handler === undefined) throw new Error(`unknown channel ${channel}`)
      return handler(request as never)
    }) as KefuApi['invoke'],
    on: ((channel: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      return () => set.delete(listener)
    }) as KefuApi['on'],
  }

  const control: FakeRelayControl = {
    calls,
    followerWrites: (conversationId, text) => {
      const current = conversations.get(conversationId)
      if (current === undefined) throw new Error(`no conversation ${conversationId}`)
      const now = Date.now()
      const created = message(conversationId, {
        createdAt: now,
        wechatMsgId: String(now),
        body: { type: 'text', text },
      })
      historyOf(conversationId)
      unread.set(conversationId, (unread.get(conversationId) ?? 0) + 1)
      update(conversationId, {
        lastMessage: { messageId: created.id, direction: 'incoming', text, createdAt: now },
        lastIncomingAt: now,
        windowHistory: {
          ...current.windowHistory,
          lastOpenedAt: { ...current.windowHistory.lastOpenedAt, message: now },
          isUnsubscribed: false,
        },
      })
      addMessage(created)
    },
    setSendOutcome: (outcome) => {
      sendOutcome = outcome
    },
    claimBehindBack: (conversationId, username) => {
      const current = conversations.get(conversationId)
      if (current !== undefined)
        conversations.set(conversationId, { ...current, assignee: username, version: current.version + 1 })
    },
    emit,
    conversation: (conversationId) => conversations.get(conversationId),
  }
  Object.assign(window, { api, fakeRelay: control })
}

/** The id the fake gives its `index`th conversation (the same formula as inside the page). */
export function conversationIdAt(index: number): string {
  return `oFollower${String(index).padStart(6, '0')}xYz${(index * 7919) % 10_007}`
}
