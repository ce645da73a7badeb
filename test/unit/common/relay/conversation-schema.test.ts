import { expect, test } from '@playwright/test'
import { conversationSchema } from '../../../../common/relay/entity-schemas.js'
import { relayEventSchema } from '../../../../common/relay/event-schemas.js'
import { conversationOf } from '../../main/core/replica-fixture.js'

test('a conversation names the team’s count unansweredCount; one from an older relay or its log, unreadCount, still parses', () => {
  const current = conversationOf('c1', { unansweredCount: 3 })
  expect(conversationSchema.parse(current)).toEqual(current)
  const { unansweredCount: _count, ...rest } = current
  const older = { ...rest, unreadCount: 3 }
  expect(conversationSchema.parse(older)).toEqual(current)
  const logged = { seq: 4, at: 1, type: 'conversation.updated', conversation: older }
  expect(relayEventSchema.parse(logged)).toEqual({ ...logged, conversation: current })
  // Both names: the current one wins; neither: refused.
  expect(conversationSchema.parse({ ...current, unreadCount: 9 }).unansweredCount).toBe(3)
  expect(conversationSchema.safeParse(rest).success).toBe(false)
})
