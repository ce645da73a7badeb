import type { Conversation } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { RelayEvent } from '../../common/relay/events.js'
import { can } from '../auth/permissions.js'
import type { StoreAccess } from '../store/relay-store.js'
import { conversationAccessIn, teamDirectoryOf, type TeamDirectory } from '../teams/conversation-access.js'

/** Whether `user` may receive `event`: the hub asks this for every event and desktop, replay and live. */
export type EventVisibility = (user: User, event: RelayEvent) => boolean

/**
 * The visibility as of now: the teams and users it depends on read once, so a fan-out to many desktops
 * or a page of many events costs two reads, not one per event and desktop. Given the events of a live
 * fan-out, the reading of the previous fan-out is used again unless they change a team or a user.
 */
export type VisibilitySource = (live?: readonly RelayEvent[]) => Promise<EventVisibility>

/** Events after which the teams and users the rule reads are not what they were. */
const DIRECTORY_EVENTS: ReadonlySet<RelayEvent['type']> = new Set(['team.upserted', 'user.upserted'])

/**
 * Conversation events reach those who may see the conversation, and a reassignment also reaches
 * whoever could see it before (so their inbox drops it); personal canned responses reach their owner only.
 *
 * Every change of a team or user is in the log (team.upserted, user.upserted), and every relay fans
 * out the whole log in order: a live fan-out reads the directory again exactly when one arrives, so
 * the two reads per commit go (each relay did them for every commit). Replays and snapshots read it
 * afresh: they page through the log on their own clock.
 */
export function createEventVisibility(store: StoreAccess): VisibilitySource {
  let current: Promise<EventVisibility> | null = null
  const read = (): Promise<EventVisibility> => teamDirectoryOf(store).then(visibilityIn)
  return (live) => {
    if (live === undefined) return read()
    if (current === null || live.some((event) => DIRECTORY_EVENTS.has(event.type))) {
      const reading = read()
      // A failed read is not kept: the next fan-out reads again.
      reading.catch(() => {
        if (current === reading) current = null
      })
      current = reading
    }
    return current
  }
}

/** The visibility rule over one reading of the teams and users. */
export function visibilityIn(directory: TeamDirectory): EventVisibility {
  const canView = (user: User, conversation: Conversation): boolean =>
    can(user, 'conversation:view', conversation, conversationAccessIn(directory, user, conversation))
  return (user, event) => {
    if (user.isDisabled) return false
    switch (event.type) {
      case 'message.created':
      case 'message.updated':
        return canView(user, event.conversation)
      case 'conversation.updated':
        return (
          canView(user, event.conversation) ||
          (event.previousAssignee !== undefined &&
            canView(user, { ...event.conversation, assignee: event.previousAssignee }))
        )
      case 'canned-response.upserted':
        return (
          event.cannedResponse.ownerUsername === null || event.cannedResponse.ownerUsername === user.username
        )
      case 'canned-response.deleted':
        return (event.ownerUsername ?? null) === null || event.ownerUsername === user.username
      case 'tag.upserted':
      case 'user.upserted':
      // Teams are listed to everyone (teams:list).
      case 'team.upserted':
      // Its key and name, never a secret: every console names the accounts.
      case 'account.upserted':
        return true
      // To everyone: any desktop may still hold the follower (one reassigned away keeps its history), and
      // the relay cannot tell which; the event carries the openid alone, none of the follower's content.
      case 'conversation.erased':
      case 'messages.expired':
        return true
    }
  }
}
