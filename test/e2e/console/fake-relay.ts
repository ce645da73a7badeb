/// <reference lib="dom" />
import type { Conversation, Tag } from '../../../common/domain/conversation.js'
import type { Message, MessageBody } from '../../../common/domain/message.js'
import type { AgentPresence, Board, Team } from '../../../common/domain/team.js'
import type { CannedPicture, CannedResponse, Role, User } from '../../../common/domain/user.js'
import type {
  InboxItem,
  KefuApi,
  NotificationPreferences,
  PushChannel,
  SearchHit,
} from '../../../common/ipc/channels.js'

/** How the in-page fake relay starts. */
export interface FakeRelayOptions {
  readonly conversationCount: number
  readonly isSignedIn: boolean
  /** Epoch ms the generated history is laid out around (tests pin it with page.clock). */
  readonly now: number
  /** The signed-in user's role (supervisor unless said). */
  readonly role?: Role
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
  /** Someone else's presence changes (pushed as the relay would). */
  setPresence(username: string, status: AgentPresence['status']): void
  /** Someone else opens or leaves a conversation. */
  viewBy(username: string, conversationId: string, isViewing: boolean): void
  user(username: string): User | undefined
  team(teamId: string): Team | undefined
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
    role: options.role ?? 'supervisor',
    isDisabled: false,
    kfAccount: 'mei@gh_kefu',
    teamId: null,
  }
  const users: User[] = [
    me,
    {
      username: 'bo',
      displayName: 'Bo Li',
      role: 'agent',
      isDisabled: false,
      kfAccount: 'bo@gh_kefu',
      teamId: 'team-front',
    },
    {
      username: 'sam',
      displayName: 'Sam Park',
      role: 'agent',
      isDisabled: false,
      kfAccount: null,
      teamId: 'team-front',
    },
    {
      username: 'lin',
      displayName: '林薇 Lin Wei',
      role: 'agent',
      isDisabled: false,
      kfAccount: null,
      teamId: 'team-refunds',
    },
    {
      username: 'ken',
      displayName: 'Ken Ito',
      role: 'agent',
      isDisabled: true,
      kfAccount: null,
      teamId: null,
    },
  ]
  const teams: Team[] = [
    {
      id: 'team-front',
      name: 'Front desk',
      isSharingConversations: true,
      isAutoAssigning: true,
      agentCap: 8,
    },
    {
      id: 'team-refunds',
      name: '退款 Refunds',
      isSharingConversations: false,
      isAutoAssigning: false,
      agentCap: null,
    },
  ]
  const presences = new Map<string, AgentPresence>([
    ['mei', { username: 'mei', status: 'online', since: startedAt }],
    ['bo', { username: 'bo', status: 'online', since: startedAt }],
    ['sam', { username: 'sam', status: 'away', since: startedAt }],
    ['lin', { username: 'lin', status: 'offline', since: startedAt }],
  ])
  const viewers = new Map<string, Set<string>>()
  let isWatchingBoard = false
  const tags: Tag[] = [
    { id: 'tag-vip', name: 'VIP', color: '#c2255c' },
    { id: 'tag-refund', name: '退款 Refund', color: '#e8590c' },
    { id: 'tag-shipping', name: 'Shipping', color: '#1971c2' },
    { id: 'tag-bug', name: 'Bug', color: '#7048e8' },
  ]
  const pictures = new Map<string, CannedPicture>()
  let notificationPreferences: NotificationPreferences = { isEnabled: true, hasSound: true }
  let canned: CannedResponse[] = [
    {
      id: 'c1',
      shortCode: 'thanks',
      body: 'Thank you {{follower.name}}! — {{agent.name}}',
      ownerUsername: null,
      image: null,
    },
    {
      id: 'c2',
      shortCode: 'hello',
      body: '您好 {{follower.name}}，我是客服 {{agent.name}}，很高兴为您服务。',
      ownerUsername: null,
      image: null,
    },
    {
      id: 'c3',
      shortCode: 'refund',
      body: 'Your refund is on its way and should arrive within 3–5 working days.',
      ownerUsername: null,
      image: null,
    },
    {
      id: 'c4',
      shortCode: 'track',
      body: 'Your tracking number is {{order.tracking}}.',
      ownerUsername: 'mei',
      image: null,
    },
    {
      id: 'c5',
      shortCode: 'hours',
      body: 'We are online 9:00–18:00 Beijing time, Monday to Friday.',
      ownerUsername: 'mei',
      image: null,
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
          body: { type: 'activity', action: 'status_changed', detail: 'pending' },
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
  // The same structured activities the relay writes: detail is data (a username, a status, tag names).
  const activity = (
    conversationId: string,
    action: 'assigned' | 'unassigned' | 'status_changed' | 'tagged' | 'untagged' | 'remark_changed',
    detail: string,
    tagIds?: readonly string[],
  ): void => {
    addMessage(
      message(conversationId, {
        direction: 'internal',
        senderUsername: me.username,
        body: { type: 'activity', action, detail, ...(tagIds === undefined ? {} : { tagIds }) },
      }),
    )
  }
  const assignmentActivity = (
    conversationId: string,
    previous: string | null,
    assignee: string | null,
  ): void =>
    assignee === null
      ? activity(conversationId, 'unassigned', previous ?? '')
      : activity(conversationId, 'assigned', assignee)
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

  const expiryOf = (conversation: Conversation): number | null => {
    const opened = conversation.windowHistory.lastOpenedAt
    const ends = [
      opened.message === undefined ? null : opened.message + 48 * HOUR,
      opened.event === undefined ? null : opened.event + 60_000,
    ].filter((each): each is number => each !== null)
    const end = ends.length === 0 ? null : Math.max(...ends)
    return end === null || end <= Date.now() || conversation.windowHistory.isUnsubscribed ? null : end
  }
  const boardNow = (): Board => {
    const open = [...conversations.values()].filter((each) => each.status !== 'resolved')
    const tagCounts: Record<string, number> = {}
    for (const each of open) for (const tagId of each.tagIds) tagCounts[tagId] = (tagCounts[tagId] ?? 0) + 1
    return {
      at: Date.now(),
      agents: users
        .map((user) => ({
          user,
          username: user.username,
          displayName: user.displayName,
          teamId: user.teamId,
          status: presences.get(user.username)?.status ?? 'offline',
          openCount: open.filter((each) => each.assignee === user.username).length,
          cap: teams.find((team) => team.id === user.teamId)?.agentCap ?? null,
        }))
        // As the relay: admins and disabled users only while they still hold conversations.
        .filter((entry) => (!entry.user.isDisabled && entry.user.role !== 'admin') || entry.openCount > 0)
        .map(({ user: _user, ...agent }) => agent),
      queue: open
        .filter((each) => each.assignee === null && each.lastIncomingAt !== null)
        .sort((a, b) => (a.lastIncomingAt ?? 0) - (b.lastIncomingAt ?? 0))
        .map((each) => ({
          conversationId: each.id,
          waitingSince: each.lastIncomingAt,
          waitingMs: Date.now() - (each.lastIncomingAt ?? Date.now()),
        })),
      expiring: open
        .map((each) => ({ each, expiresAt: expiryOf(each) }))
        .filter((entry) => entry.expiresAt !== null && entry.expiresAt - Date.now() < HOUR)
        .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))
        .map(({ each, expiresAt }) => ({
          conversationId: each.id,
          assignee: each.assignee,
          expiresAt: expiresAt ?? 0,
          messagesLeft: Math.max(
            0,
            (each.windowHistory.lastOpenedAt.message === undefined ? 3 : 5) -
              each.windowHistory.sendTimes.length,
          ),
          kind:
            each.windowHistory.lastOpenedAt.message === undefined ? ('event' as const) : ('message' as const),
        })),
      tagCounts,
    }
  }
  const boardChanged = (): void => {
    if (isWatchingBoard) emit('board:changed', boardNow())
  }
  const refused = (code: string, text: string) => ({ ok: false as const, code, message: text })
  const isPrivileged = (): boolean => me.role !== 'agent'
  const checkReceiver = (assignee: string | null) => {
    if (assignee === null) return null
    const receiver = users.find((user) => user.username === assignee)
    if (receiver === undefined) return refused('invalid', `No user ${assignee}.`)
    if (receiver.isDisabled)
      return refused('invalid', `${assignee} is disabled and cannot receive conversations.`)
    return null
  }
  const moveAll = (
    requested: readonly { conversationId: string; version: number }[],
    assignee: string | null,
    note: string | undefined,
  ) => {
    const stale = requested.filter((each) => conversations.get(each.conversationId)?.version !== each.version)
    if (stale.length > 0)
      return refused('conflict', `${stale.length} of the conversations changed meanwhile; nothing was moved.`)
    const moved = requested.map((each) => {
      const previous = conversations.get(each.conversationId)?.assignee ?? null
      const value = update(each.conversationId, { assignee })
      assignmentActivity(each.conversationId, previous, assignee)
      if (note !== undefined)
        addMessage(
          message(each.conversationId, {
            direction: 'internal',
            senderUsername: me.username,
            body: { type: 'note', text: note, isHandover: true },
          }),
        )
      return value
    })
    boardChanged()
    return { ok: true as const, value: moved }
  }
  const openOf = (username: string): Conversation[] =>
    [...conversations.values()]
      .filter((each) => each.assignee === username && each.status !== 'resolved')
      .sort((a, b) => (expiryOf(a) ?? Number.POSITIVE_INFINITY) - (expiryOf(b) ?? Number.POSITIVE_INFINITY))
  const viewersOf = (conversationId: string) => ({
    conversationId,
    usernames: [...(viewers.get(conversationId) ?? [])].sort(),
  })
  const setViewing = (username: string, conversationId: string, isViewing: boolean) => {
    const set = viewers.get(conversationId) ?? new Set<string>()
    if (isViewing) set.add(username)
    else set.delete(username)
    viewers.set(conversationId, set)
    const answer = viewersOf(conversationId)
    emit('viewing:changed', answer)
    return answer
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
    'commands:list': () => [],
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
      assignmentActivity(request.conversationId, current.assignee, request.assignee)
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
      activity(request.conversationId, 'status_changed', request.status)
      return { ok: true, value }
    },
    'conversations:set-tags': (request: { conversationId: string; tagIds: string[] }) => {
      const before = conversations.get(request.conversationId)?.tagIds ?? []
      const value = update(request.conversationId, { tagIds: request.tagIds })
      const added = request.tagIds.filter((id) => !before.includes(id))
      const removed = before.filter((id) => !request.tagIds.includes(id))
      const nameOf = (id: string): string => tags.find((tag) => tag.id === id)?.name ?? id
      if (added.length > 0) activity(request.conversationId, 'tagged', added.map(nameOf).join(', '), added)
      if (removed.length > 0)
        activity(request.conversationId, 'untagged', removed.map(nameOf).join(', '), removed)
      return { ok: true, value }
    },
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
    'preferences:notifications': () => notificationPreferences,
    'preferences:set-notifications': (change: Partial<NotificationPreferences>) =>
      (notificationPreferences = { ...notificationPreferences, ...change }),
    'canned-responses:list': () => canned,
    'canned-responses:create': (request: {
      shortCode: string
      body: string
      isTeam?: boolean
      image?: { fileName: string; dataBase64: string }
    }) => {
      const response: CannedResponse = {
        id: nextId('canned'),
        shortCode: request.shortCode,
        body: request.body,
        ownerUsername: request.isTeam === true ? null : me.username,
        image:
          request.image === undefined
            ? null
            : {
                fileName: request.image.fileName,
                mimeType: 'image/png',
                byteLength: atob(request.image.dataBase64).length,
              },
      }
      canned = [...canned, response]
      if (request.image !== undefined) pictures.set(response.id, { ...request.image, mimeType: 'image/png' })
      return { ok: true, value: response }
    },
    'canned-responses:image': (request: { id: string }) => {
      const response = canned.find((each) => each.id === request.id)
      const picture = response === undefined ? undefined : pictures.get(response.id)
      return picture === undefined
        ? { ok: false, code: 'not_found', message: 'This canned response has no picture.' }
        : { ok: true, value: picture }
    },
    'canned-responses:upload-image': (request: { id: string }) => ({
      ok: true,
      value: { mediaId: `media-of-${request.id}` },
    }),
    'canned-responses:delete': (request: { id: string }) => {
      canned = canned.filter((each) => each.id !== request.id)
      return { ok: true, value: null }
    },
    'users:list': () => users,
    'users:create': (request: {
      username: string
      password: string
      role: Role
      displayName?: string
      kfAccount?: string
    }) => {
      if (me.role !== 'admin') return refused('forbidden', 'Only admins create users.')
      if (users.some((user) => user.username === request.username))
        return refused('conflict', `A user named ${request.username} already exists.`)
      const user: User = {
        username: request.username,
        displayName: request.displayName ?? request.username,
        role: request.role,
        isDisabled: false,
        kfAccount: request.kfAccount ?? null,
        teamId: null,
      }
      users.push(user)
      presences.set(user.username, { username: user.username, status: 'offline', since: Date.now() })
      emit('users:changed', [user])
      boardChanged()
      return { ok: true, value: user }
    },
    'users:update': (request: Partial<User> & { username: string; password?: string }) => {
      if (me.role !== 'admin') return refused('forbidden', 'Only admins change users.')
      const at = users.findIndex((user) => user.username === request.username)
      if (at < 0) return refused('not_found', `No user ${request.username}.`)
      if (request.username === me.username && request.isDisabled === true)
        return refused('invalid', 'You cannot disable yourself.')
      const { password: _password, ...patch } = request
      const user = { ...users[at]!, ...patch }
      users[at] = user
      emit('users:changed', [user])
      boardChanged()
      return { ok: true, value: user }
    },
    'users:open-conversations': (request: { username: string }) =>
      request.username !== me.username && !isPrivileged()
        ? refused('forbidden', "Only supervisors see and move other people's conversations.")
        : { ok: true, value: openOf(request.username) },
    'users:handover': (request: {
      username: string
      assignee: string | null
      conversationIds?: string[]
      note?: string
    }) => {
      const refusal = checkReceiver(request.assignee)
      if (refusal !== null) return refusal
      const held = openOf(request.username)
      const wanted = request.conversationIds === undefined ? null : new Set(request.conversationIds)
      return moveAll(
        held
          .filter((each) => wanted === null || wanted.has(each.id))
          .map((each) => ({ conversationId: each.id, version: each.version })),
        request.assignee,
        request.note,
      )
    },
    'teams:list': () => ({ ok: true, value: teams }),
    'teams:create': (request: Omit<Team, 'id'>) => {
      if (me.role !== 'admin') return refused('forbidden', 'Only admins create teams.')
      if (teams.some((team) => team.name === request.name))
        return refused('conflict', `A team named ${request.name} already exists.`)
      const team: Team = { ...request, id: nextId('team') }
      teams.push(team)
      return { ok: true, value: team }
    },
    'teams:update': (request: Partial<Team> & { id: string }) => {
      if (me.role !== 'admin') return refused('forbidden', 'Only admins change teams.')
      const at = teams.findIndex((team) => team.id === request.id)
      if (at < 0) return refused('not_found', `No team ${request.id}.`)
      const team = { ...teams[at]!, ...request }
      teams[at] = team
      boardChanged()
      return { ok: true, value: team }
    },
    'conversations:bulk-assign': (request: {
      conversations: { conversationId: string; version: number }[]
      assignee: string | null
      note?: string
    }) => {
      if (!isPrivileged() && request.assignee !== null && request.assignee !== me.username)
        return refused('forbidden', 'Only supervisors assign conversations to someone else.')
      return checkReceiver(request.assignee) ?? moveAll(request.conversations, request.assignee, request.note)
    },
    'conversations:view': (request: { conversationId: string; isViewing: boolean }) => (
      setViewing(me.username, request.conversationId, request.isViewing),
      null
    ),
    'presence:list': () => [...presences.values()],
    'presence:set': (request: { status: 'online' | 'away' }) => {
      const presence = { username: me.username, status: request.status, since: Date.now() }
      presences.set(me.username, presence)
      emit('presence:changed', [...presences.values()])
      boardChanged()
      return { ok: true, value: presence }
    },
    'viewing:list': () => [...viewers.keys()].map(viewersOf).filter((each) => each.usernames.length > 0),
    'board:get': () => {
      if (!isPrivileged()) return refused('forbidden', 'Only supervisors see the board.')
      isWatchingBoard = true
      return { ok: true, value: boardNow() }
    },
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
    setPresence: (username, status) => {
      presences.set(username, { username, status, since: Date.now() })
      emit('presence:changed', [...presences.values()])
      boardChanged()
    },
    viewBy: (username, conversationId, isViewing) => void setViewing(username, conversationId, isViewing),
    user: (username) => users.find((user) => user.username === username),
    team: (teamId) => teams.find((team) => team.id === teamId),
  }
  Object.assign(window, { api, fakeRelay: control })
}

/** The id the fake gives its `index`th conversation (the same formula as inside the page). */
export function conversationIdAt(index: number): string {
  return `oFollower${String(index).padStart(6, '0')}xYz${(index * 7919) % 10_007}`
}
