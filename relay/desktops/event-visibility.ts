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
 * or a page of many events costs two reads, not one per event and desktop.
 */
export type VisibilitySource = () => Promise<EventVisibility>

/**
 * Conversation events reach those who may see the conversation, and a reassignment also reaches
 * whoever could see it before (so their inbox drops it); personal canned responses reach their owner only.
 */
export function createEventVisibility(store: StoreAccess): VisibilitySource {
  return async () => visibilityIn(await teamDirectoryOf(store))
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
