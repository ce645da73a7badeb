import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Conversation, Tag } from '../../../../../common/domain/conversation.js'
import type { Message, MessageBody } from '../../../../../common/domain/message.js'
import type {
  NotificationPreferences,
  PushChannel,
  PushChannels,
} from '../../../../../common/ipc/channels.js'
import type { RelayEvent } from '../../../../../common/relay/events.js'
import {
  createAnnouncer,
  notificationsOf,
  type NotificationContent,
} from '../../../../../main/core/notifications/announcer.js'
import {
  createCoreListeners,
  type DesktopNotification,
} from '../../../../../main/core/notifications/core-listeners.js'
import { desktopStrings } from '../../../../../main/core/notifications/desktop-strings.js'
import { DEFAULT_NOTIFICATION_PREFERENCES } from '../../../../../main/core/notifications/notification-preferences.js'
import { openReplica } from '../../../../../main/core/replica/open-replica.js'
import { relayAccounts } from '../../../../../main/core/sync/relay-facts.js'
import {
  createReplicaStore,
  type ApplyResult,
  type ReplicaStore,
} from '../../../../../main/core/replica/replica-store.js'
import { systemClock } from '../../../../../main/core/sync/clock.js'
import { conversationOf, messageOf } from '../replica-fixture.js'

const ME = 'me'

const text = (words: string): MessageBody => ({ type: 'text', text: words })

/** A computer whose agent never changed the notification preferences. */
const defaults = (): NotificationPreferences => DEFAULT_NOTIFICATION_PREFERENCES

/** Main's strings on a computer whose console has not said its language. */
const english = () => desktopStrings('en')

/** The core's real listeners, with one listener that writes down everything it hears. */
function recordingListeners() {
  const listeners = createCoreListeners(systemClock)
  const pushes: { readonly channel: PushChannel; readonly payload: unknown }[] = []
  const notifications: DesktopNotification[] = []
  const badges: number[] = []
  listeners.add({
    push: (channel, payload) => pushes.push({ channel, payload }),
    notification: (notification) => notifications.push(notification),
    badge: (count) => badges.push(count),
  })
  return {
    listeners,
    notifications,
    badges,
    channels: () => pushes.map((push) => push.channel),
    payloadsOf: <P extends PushChannel>(channel: P): PushChannels[P][] =>
      pushes.filter((push) => push.channel === channel).map((push) => push.payload as PushChannels[P]),
  }
}

test.describe('announcing replica changes', () => {
  let dir: string
  let store: ReplicaStore
  let close: () => void
  let lastSeq: number
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kefu-announcer-'))
    const database = openReplica(join(dir, 'replica.sqlite'))
    store = createReplicaStore(database)
    close = () => database.close()
    lastSeq = 0
  })
  test.afterEach(() => {
    close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** The next seq of the relay log: events at or below the cursor are skipped, so each gets its own. */
  function nextSeq(): number {
    lastSeq += 1
    return lastSeq
  }

  /** A `message.created` event with the next seq: `body` is now the conversation's latest line. */
  function said(conversation: Conversation, body: MessageBody, overrides: Partial<Message> = {}): RelayEvent {
    const seq = nextSeq()
    const message = messageOf(`m${seq}`, conversation.id, '', 1_700_000_000_000 + seq * 1000, {
      body,
      ...overrides,
    })
    const lastMessage = {
      messageId: message.id,
      direction: message.direction,
      type: body.type,
      text: '',
      createdAt: message.createdAt,
    }
    return {
      seq,
      at: message.createdAt,
      type: 'message.created',
      message,
      conversation: { ...conversation, lastMessage, version: seq },
    }
  }

  function apply(...events: RelayEvent[]): ApplyResult {
    return store.applyEvents(events, ME)
  }

  function notificationsFor(result: ApplyResult, strings = english()): NotificationContent[] {
    return [...notificationsOf(result, store, ME, strings)]
  }

  test('a new conversation is one notification, titled with its remark, showing its first message', () => {
    // Assigned to me, yet its messages are told once, by the new conversation.
    const follower = conversationOf('oWx1follower', { remark: '王女士', assignee: ME })
    const result = apply(said(follower, text('我的订单还没发货')), said(follower, text('单号 123')))
    expect(notificationsFor(result)).toEqual([
      {
        kind: 'new-conversation',
        conversationId: 'oWx1follower',
        title: 'New conversation: 王女士',
        body: '我的订单还没发货',
      },
    ])
  })

  test('with several official accounts a notification names the account, and the openid is shortened alone', () => {
    relayAccounts.keep(store, [
      { key: 'default', name: '品牌服务号' },
      { key: 'region', name: '华东服务号' },
    ])
    const result = apply(said(conversationOf('region:oAbcd1234567890wxyz'), text('发票怎么开')))
    expect(notificationsFor(result)).toEqual([
      {
        kind: 'new-conversation',
        conversationId: 'region:oAbcd1234567890wxyz',
        title: 'New conversation: oAbc…wxyz · 华东服务号',
        body: '发票怎么开',
      },
    ])
  })

  test('a new conversation without a remark is titled with its shortened openid', () => {
    const result = apply(
      said(conversationOf('abcd1234567890wxyz'), text('在吗')),
      said(conversationOf('efgh0000000000stuv', { remark: '   ' }), text('你好')),
      // A follow without a message yet: nothing to show but the name.
      {
        seq: nextSeq(),
        at: 0,
        type: 'conversation.updated',
        conversation: conversationOf('ijkl9999999999opqr'),
      },
    )
    expect(notificationsFor(result)).toEqual([
      {
        kind: 'new-conversation',
        conversationId: 'abcd1234567890wxyz',
        title: 'New conversation: abcd…wxyz',
        body: '在吗',
      },
      {
        kind: 'new-conversation',
        conversationId: 'efgh0000000000stuv',
        title: 'New conversation: efgh…stuv',
        body: '你好',
      },
      {
        kind: 'new-conversation',
        conversationId: 'ijkl9999999999opqr',
        title: 'New conversation: ijkl…opqr',
        body: '',
      },
    ])
  })

  test('a new message is told only in a conversation assigned to me', () => {
    const mine = conversationOf('c-mine', { remark: '李先生', assignee: ME })
    const theirs = conversationOf('c-theirs', { remark: '赵女士', assignee: 'colleague' })
    const unassigned = conversationOf('c-unassigned', { remark: '钱先生' })
    apply(said(mine, text('你好')), said(theirs, text('你好')), said(unassigned, text('你好')))
    const result = apply(
      said(theirs, text('退款到哪了')),
      said(mine, text('发票怎么开')),
      said(unassigned, text('有人吗')),
    )
    expect(notificationsFor(result)).toEqual([
      { kind: 'message', conversationId: 'c-mine', title: '李先生', body: '发票怎么开' },
    ])
  })

  test('previews are cut at 120 characters and name what is not text, as the inbox does', () => {
    const mine = conversationOf('c-mine', { remark: '李先生', assignee: ME })
    apply(said(mine, text('你好')))
    const result = apply(
      said(mine, text(`${'好'.repeat(120)}尾巴`)),
      said(mine, { type: 'image', mediaId: 'media-1', picUrl: 'https://example.com/1.jpg' }),
      said(mine, { type: 'voice', mediaId: 'media-2', format: 'amr', recognition: '我要退款' }),
      said(mine, { type: 'location', latitude: 31.2, longitude: 121.5, scale: 15, label: '上海' }),
      said(mine, { type: 'event', event: 'subscribe' }),
    )
    expect(notificationsFor(result).map((notification) => notification.body)).toEqual([
      '好'.repeat(120),
      '[Image]',
      '[Voice] 我要退款',
      '[Location] 上海',
      '[Event] subscribe',
    ])
  })

  test('in Chinese once the console says so: titles and the names of kinds', () => {
    const mine = conversationOf('c-mine', { remark: '李先生', assignee: ME })
    const first = apply(
      said(mine, { type: 'image', mediaId: 'media-1', picUrl: 'https://example.com/1.jpg' }),
    )
    expect(notificationsFor(first, desktopStrings('zh-CN'))).toEqual([
      { kind: 'new-conversation', conversationId: 'c-mine', title: '新会话：李先生', body: '[图片]' },
    ])
    const next = apply(
      said(mine, { type: 'voice', mediaId: 'media-2', format: 'amr', recognition: '我要退款' }),
    )
    expect(notificationsFor(next, desktopStrings('zh-CN'))).toEqual([
      { kind: 'message', conversationId: 'c-mine', title: '李先生', body: '[语音] 我要退款' },
    ])
  })

  test('while catching up, changes and the badge are told but nothing is notified', () => {
    const heard = recordingListeners()
    const announcer = createAnnouncer(heard.listeners, () => ({ store, me: ME }), defaults, english)
    const mine = conversationOf('c-mine', { assignee: ME })
    const tag: Tag = { id: 't1', name: '退款', color: '#2f9e44', accountKeys: [] }
    const result = apply(said(mine, text('在吗')), said(mine, text('订单号 123')), {
      seq: nextSeq(),
      at: 0,
      type: 'tag.upserted',
      tag,
    })
    announcer.announce(result, false)
    expect(heard.channels()).toEqual(['inbox:changed', 'messages:changed', 'tags:changed'])
    expect(
      heard
        .payloadsOf('inbox:changed')
        .map((items) => items.map((item) => [item.conversation.id, item.unreadCount])),
    ).toEqual([[['c-mine', 2]]])
    expect(
      heard.payloadsOf('messages:changed').map((messages) => messages.map((message) => message.id)),
    ).toEqual([['m1', 'm2']])
    expect(heard.payloadsOf('tags:changed')).toEqual([[tag]])
    expect(heard.badges).toEqual([1])
    expect(heard.notifications).toEqual([])
    // The same conversation live: what catching up held back is notified now.
    announcer.announce(apply(said(mine, text('还在吗'))), true)
    expect(heard.notifications.map((notification) => notification.body)).toEqual(['还在吗'])
  })

  test('with notifications off, changes and the badge are told live but nothing is notified', () => {
    const heard = recordingListeners()
    const announcer = createAnnouncer(
      heard.listeners,
      () => ({ store, me: ME }),
      () => ({ isEnabled: false, hasSound: true }),
      english,
    )
    const mine = conversationOf('c-mine', { assignee: ME })
    announcer.announce(apply(said(conversationOf('c-new'), text('在吗')), said(mine, text('你好'))), true)
    announcer.announce(apply(said(mine, text('发票怎么开'))), true)
    expect(heard.channels()).toEqual([
      'inbox:changed',
      'messages:changed',
      'inbox:changed',
      'messages:changed',
    ])
    expect(heard.badges).toEqual([1])
    expect(heard.notifications).toEqual([])
  })

  test('notifications sound by default, and are silent from the next batch once the sound is off', () => {
    const heard = recordingListeners()
    let preferences = DEFAULT_NOTIFICATION_PREFERENCES
    const announcer = createAnnouncer(
      heard.listeners,
      () => ({ store, me: ME }),
      () => preferences,
      english,
    )
    const mine = conversationOf('c-mine', { remark: '李先生', assignee: ME })
    announcer.announce(apply(said(mine, text('你好'))), true)
    preferences = { ...preferences, hasSound: false }
    announcer.announce(apply(said(mine, text('发票怎么开'))), true)
    expect(heard.notifications).toEqual([
      {
        kind: 'new-conversation',
        conversationId: 'c-mine',
        title: 'New conversation: 李先生',
        body: '你好',
        isSilent: false,
      },
      { kind: 'message', conversationId: 'c-mine', title: '李先生', body: '发票怎么开', isSilent: true },
    ])
  })

  test('the badge is the number of conversations needing my reply', () => {
    const heard = recordingListeners()
    const announcer = createAnnouncer(heard.listeners, () => ({ store, me: ME }), defaults, english)
    const waiting = conversationOf('c-waiting', { assignee: ME })
    const answered = conversationOf('c-answered', { assignee: ME })
    announcer.announce(
      apply(
        said(waiting, text('在吗')),
        said(conversationOf('c-resolved', { assignee: ME, status: 'resolved' }), text('谢谢')),
        said(conversationOf('c-theirs', { assignee: 'colleague' }), text('你好')),
        said(answered, text('发货了吗')),
        said(answered, text('今天发'), { direction: 'outgoing', senderUsername: ME }),
      ),
      true,
    )
    expect(store.needingReplyCount(ME)).toBe(1)
    expect(heard.badges).toEqual([1])
    announcer.announce(apply(said(answered, text('还没收到'))), true)
    expect(store.needingReplyCount(ME)).toBe(2)
    expect(heard.badges).toEqual([1, 2])
  })

  test('without a replica nothing is told and the badge is 0', () => {
    const heard = recordingListeners()
    const announcer = createAnnouncer(heard.listeners, () => null, defaults, english)
    announcer.announce(apply(said(conversationOf('c-mine', { assignee: ME }), text('在吗'))), true)
    expect(heard.channels()).toEqual([])
    expect(heard.notifications).toEqual([])
    expect(heard.badges).toEqual([])
    announcer.updateBadge()
    expect(heard.badges).toEqual([0])
  })
})
