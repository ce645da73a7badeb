import { isWithinAccounts } from '../../common/domain/account.js'
import { randomUUID } from 'node:crypto'
import type { Conversation, Tag } from '../../common/domain/conversation.js'
import type { User } from '../../common/domain/user.js'
import type { z } from 'zod'
import type { createTagRequestSchema, updateTagRequestSchema } from '../../common/relay/schemas.js'
import { can } from '../auth/permissions.js'
import { recordAudit } from '../audit/record-audit.js'
import { RelayError } from '../relay-error.js'
import type { RelayStore } from '../store/relay-store.js'
import { conversationAccessOf } from '../teams/conversation-access.js'
import { appendInternalLine } from '../tickets/activity-line.js'

/** Tags: supervisors create them, agents apply them to conversations they work. */
export interface TagService {
  list(): Promise<Tag[]>
  create(user: User, request: z.output<typeof createTagRequestSchema>): Promise<Tag>
  /** Renames or recolours a tag; conversations keep it (they hold its id), desktops hear `tag.upserted`. */
  update(user: User, tagId: string, change: z.output<typeof updateTagRequestSchema>): Promise<Tag>
  /** Replaces the conversation's tags; the added and removed ones each get an activity line. */
  setConversationTags(user: User, conversationId: string, tagIds: readonly string[]): Promise<Conversation>
  /** Adds and removes tags against the current set, so a late edit keeps tags others added meanwhile. */
  changeConversationTags(user: User, conversationId: string, changes: TagChanges): Promise<Conversation>
}

/** Tags to add and to remove, applied to whatever set the conversation has when they arrive. */
export interface TagChanges {
  readonly added: readonly string[]
  readonly removed: readonly string[]
}

/** Collaborators of the tag service. */
export interface TagServiceDependencies {
  readonly store: RelayStore
  readonly now: () => number
}

/** Creates the tag service. */
export function createTagService(dependencies: TagServiceDependencies): TagService {
  const { store, now } = dependencies
  return {
    list: async () => await store.tags.list(),
    create(user, request) {
      if (!can(user, 'tag:manage')) throw new RelayError('forbidden', 'Only supervisors manage tags.')
      return store.commit(async (tx, events) => {
        const existing = await tx.tags.findByName(request.name)
        if (existing !== null)
          throw new RelayError('conflict', `A tag named ${existing.name} exists.`, { tag: existing })
        const tag: Tag = {
          id: randomUUID(),
          name: request.name,
          color: request.color.toLowerCase(),
          accountKeys: request.accountKeys,
        }
        const at = now()
        await tx.tags.insert(tag, user.username, at)
        events.push(await tx.events.append({ type: 'tag.upserted', at, tag }))
        await recordAudit(tx, at, {
          actor: user.username,
          action: 'tag.created',
          target: tag.id,
          details: { name: tag.name, color: tag.color, accountKeys: tag.accountKeys },
        })
        return tag
      })
    },
    update(user, tagId, change) {
      if (!can(user, 'tag:manage')) throw new RelayError('forbidden', 'Only supervisors manage tags.')
      return store.commit(async (tx, events) => {
        const current = await tx.tags.get(tagId)
        if (current === null) throw new RelayError('not_found', `No tag ${tagId}.`)
        const name = change.name ?? current.name
        const existing = await tx.tags.findByName(name)
        if (existing !== null && existing.id !== tagId)
          throw new RelayError('conflict', `A tag named ${existing.name} exists.`, { tag: existing })
        const tag: Tag = {
          id: tagId,
          name,
          color: (change.color ?? current.color).toLowerCase(),
          accountKeys: change.accountKeys ?? current.accountKeys,
        }
        const at = now()
        await tx.tags.update(tag)
        events.push(await tx.events.append({ type: 'tag.upserted', at, tag }))
        await recordAudit(tx, at, {
          actor: user.username,
          action: 'tag.updated',
          target: tag.id,
          details: {
            name: tag.name,
            color: tag.color,
            previousName: current.name,
            ...(change.accountKeys === undefined ? {} : { accountKeys: tag.accountKeys }),
          },
        })
        return tag
      })
    },
    setConversationTags: (user, conversationId, tagIds) => applyTags(user, conversationId, () => tagIds),
    changeConversationTags: (user, conversationId, changes) =>
      applyTags(user, conversationId, (current) => [
        ...current.filter((id) => !changes.removed.includes(id)),
        ...changes.added.filter((id) => !changes.removed.includes(id)),
      ]),
  }

  async function applyTags(
    user: User,
    conversationId: string,
    tagIdsOf: (current: readonly string[]) => readonly string[],
  ): Promise<Conversation> {
    return store.commit(async (tx, events) => {
      const conversation = await tx.conversations.get(conversationId)
      if (conversation === null) throw new RelayError('not_found', `No conversation ${conversationId}.`)
      if (!can(user, 'conversation:work', conversation, await conversationAccessOf(tx, user, conversation))) {
        throw new RelayError('forbidden', 'You may not tag this conversation.')
      }
      const wanted = [...new Set(tagIdsOf(conversation.tagIds))]
      const tags: (Tag | null)[] = []
      for (const id of wanted) tags.push(await tx.tags.get(id))
      const unknown = wanted.filter((_, index) => tags[index] === null)
      if (unknown.length > 0) throw new RelayError('invalid', `No tag ${unknown.join(', ')}.`, { unknown })
      // A tag limited to other accounts cannot be added here (one kept from before its limit stays).
      const elsewhere = (tags as Tag[]).filter(
        (tag) =>
          !conversation.tagIds.includes(tag.id) &&
          !isWithinAccounts(tag.accountKeys, conversation.accountKey),
      )
      if (elsewhere.length > 0) {
        throw new RelayError(
          'invalid',
          `The tag ${elsewhere.map((tag) => tag.name).join(', ')} is not for this official account.`,
        )
      }
      const added = wanted.filter((id) => !conversation.tagIds.includes(id))
      const removed = conversation.tagIds.filter((id) => !wanted.includes(id))
      if (added.length === 0 && removed.length === 0) return conversation
      const at = now()
      const updated: Conversation = {
        ...conversation,
        tagIds: wanted,
        version: conversation.version + 1,
        updatedAt: at,
      }
      await tx.conversations.save(updated)
      await tx.assignments.recordChange({
        conversationId,
        version: updated.version,
        username: user.username,
        action: 'tagged',
        at,
      })
      events.push(await tx.events.append({ type: 'conversation.updated', at, conversation: updated }))
      const names = new Map((await tx.tags.list()).map((tag) => [tag.id, tag.name]))
      const nameOf = (id: string): string => names.get(id) ?? id
      for (const [action, tagIds] of [
        ['tagged', added],
        ['untagged', removed],
      ] as const) {
        if (tagIds.length === 0) continue
        await appendInternalLine(tx, events, {
          conversation: updated,
          actor: user.username,
          at,
          body: { type: 'activity', action, detail: tagIds.map(nameOf).join(', '), tagIds },
        })
      }
      return updated
    })
  }
}
