import { conversationKeyOf } from '../../../common/domain/account.js'
import { relayAccounts } from '../sync/relay-facts.js'
import { displayNameOf, type Conversation } from '../../../common/domain/conversation.js'
import type { MessageBody } from '../../../common/domain/message.js'
import { messageTextOf } from '../../../common/domain/message-text.js'
import type { NotificationPreferences } from '../../../common/ipc/channels.js'
import type { ApplyResult, ReplicaStore } from '../replica/replica-store.js'
import type { CoreListeners, DesktopNotification } from './core-listeners.js'
import type { DesktopStrings } from './desktop-strings.js'

/** A notification shows the start of a long message; the conversation holds the rest. */
const PREVIEW_LENGTH = 120

/** The replica of the open session and whose it is; null while there is none. */
export type CurrentReplica = () => { readonly store: ReplicaStore; readonly me: string } | null

/** This computer's notification preferences, read at each live batch. */
export type CurrentNotificationPreferences = () => NotificationPreferences

/** Main's strings in the agent's language as it is now, read at each live batch. */
export type CurrentDesktopStrings = () => DesktopStrings

/** What a notification says; whether it sounds is this computer's preference, added when it is told. */
export type NotificationContent = Omit<DesktopNotification, 'isSilent'>

/**
 * What the renderer, the badge and native notifications hear when the replica changed: one push per
 * kind of change, the count of conversations needing my reply, a notification for what is new (as
 * this computer's preferences allow).
 */
export function createAnnouncer(
  listeners: CoreListeners,
  current: CurrentReplica,
  preferences: CurrentNotificationPreferences,
  strings: CurrentDesktopStrings,
) {
  function updateBadge(): void {
    const replica = current()
    listeners.badge(replica === null ? 0 : replica.store.needingReplyCount(replica.me))
  }

  function announce(result: ApplyResult, isLive: boolean): void {
    const replica = current()
    if (replica === null) return
    const { store, me } = replica
    if (result.conversationIds.size > 0)
      listeners.push('inbox:changed', store.inboxItems(result.conversationIds, result.conversations))
    if (result.messages.length > 0) listeners.push('messages:changed', result.messages)
    if (result.hasTagChanges) listeners.push('tags:changed', store.tags())
    if (result.hasCannedResponseChanges) listeners.push('canned-responses:changed', store.cannedResponses())
    if (result.hasUserChanges) listeners.push('users:changed', store.users())
    if (result.erasedConversationIds.size > 0 || result.expiredBefore !== null)
      listeners.push('history:removed', {
        conversationIds: [...result.erasedConversationIds],
        messagesBefore: result.expiredBefore,
      })
    updateBadge()
    // While catching up, the history is old news: notify only for what happens now.
    if (isLive) notify(result, store, me)
  }

  /** Native notifications for what is new, if this computer wants them, with sound if it wants that. */
  function notify(result: ApplyResult, store: ReplicaStore, me: string): void {
    const { isEnabled, hasSound } = preferences()
    if (!isEnabled) return
    for (const content of notificationsOf(result, store, me, strings()))
      listeners.notify({ ...content, isSilent: !hasSound })
  }

  /** The shared state changed wholesale: the renderer hears all of it in one push per kind. */
  function announceEverything(store: ReplicaStore): void {
    const dropped = store.takeDroppedConversationIds()
    const messagesBefore = store.takeSnapshotExpiry()
    if (dropped.length > 0 || messagesBefore !== null)
      listeners.push('history:removed', { conversationIds: dropped, messagesBefore })
    listeners.push('inbox:changed', store.inboxPage(1_000_000))
    listeners.push('tags:changed', store.tags())
    listeners.push('canned-responses:changed', store.cannedResponses())
    listeners.push('users:changed', store.users())
    updateBadge()
  }

  return { announce, announceEverything, updateBadge }
}

/** Tells the renderer, the badge and notifications of changes to the replica. */
export type Announcer = ReturnType<typeof createAnnouncer>

/**
 * What is worth a notification in a live batch: every new conversation, and new incoming messages in
 * the conversations assigned to me, told in the agent's language.
 */
export function* notificationsOf(
  result: ApplyResult,
  store: ReplicaStore,
  me: string,
  strings: DesktopStrings,
): Generator<NotificationContent> {
  const previewOf = (body: MessageBody): string =>
    messageTextOf(body, (kind) => strings.messageKinds[kind]).slice(0, PREVIEW_LENGTH)
  // With several official accounts, a notification says which one the follower wrote to.
  const accounts = relayAccounts.read(store)
  const nameOf = (conversationId: string, conversation: Conversation | null): string => {
    const key = conversationKeyOf(conversationId)
    const name = displayNameOf(conversation ?? { openId: key.openId, remark: null })
    if (accounts.length <= 1) return name
    return `${name} · ${accounts.find((account) => account.key === key.accountKey)?.name ?? key.accountKey}`
  }
  for (const conversationId of result.newConversationIds) {
    const first = result.newIncoming.find((message) => message.conversationId === conversationId)
    const conversation = store.conversation(conversationId)
    yield {
      kind: 'new-conversation',
      conversationId,
      title: strings.newConversation(nameOf(conversationId, conversation)),
      body: first === undefined ? '' : previewOf(first.body),
    }
  }
  // A window closing on an absent holder: supervisors, and whoever it was taken from or given to.
  const isSupervisor = store.users().some((user) => user.username === me && user.role !== 'agent')
  for (const message of result.messages) {
    const body = message.body
    if (body.type !== 'activity' || body.action !== 'window_rescue') continue
    if (!isSupervisor && body.detail !== me && body.to !== me) continue
    const conversation = store.conversation(message.conversationId)
    yield {
      kind: 'window-rescue',
      conversationId: message.conversationId,
      title: strings.windowRescue(nameOf(message.conversationId, conversation)),
      body: strings.rescueOutcome(body.outcome, body.detail, body.to),
    }
  }
  for (const message of result.newIncoming) {
    if (result.newConversationIds.has(message.conversationId)) continue
    const conversation = store.conversation(message.conversationId)
    if (conversation?.assignee !== me) continue
    yield {
      kind: 'message',
      conversationId: message.conversationId,
      title: nameOf(message.conversationId, conversation),
      body: previewOf(message.body),
    }
  }
}
