import { expect, test } from '@playwright/test'
import type { AgentPresence, ConversationViewers } from '../../../../common/domain/team.js'
import { createPresenceTracker } from '../../../../relay/presence/presence-tracker.js'

test('a user is online while any desktop is, away when all are away, offline when silent or gone', () => {
  let clock = 0
  const changes: AgentPresence[] = []
  const viewers: ConversationViewers[] = []
  const tracker = createPresenceTracker({
    now: () => clock,
    timeoutMs: 1_000,
    sweepIntervalMs: 60_000,
    onPresenceChanged: (presence) => changes.push(presence),
    onViewersChanged: (next) => viewers.push(next),
  })
  tracker.connect('s1', 'ann')
  tracker.connect('s2', 'ann')
  tracker.heartbeat('s1', 'away')
  expect(tracker.statusOf('ann')).toBe('online')
  tracker.heartbeat('s2', 'away')
  expect(tracker.statusOf('ann')).toBe('away')
  tracker.setViewing('s1', 'o1', true)
  expect(viewers.at(-1)).toEqual({ conversationId: 'o1', usernames: ['ann'] })

  clock = 999
  tracker.sweep()
  expect(tracker.statusOf('ann')).toBe('away')
  clock = 1_000
  tracker.sweep()
  expect(tracker.statusOf('ann')).toBe('offline')
  expect(viewers.at(-1)).toEqual({ conversationId: 'o1', usernames: [] })
  tracker.sweep()
  expect(viewers).toHaveLength(2)

  tracker.heartbeat('s1', 'online')
  expect(tracker.statusOf('ann')).toBe('online')
  expect(viewers.at(-1)).toEqual({ conversationId: 'o1', usernames: ['ann'] })
  tracker.disconnect('s1')
  tracker.disconnect('s2')
  expect(changes.map((change) => [change.status, change.since])).toEqual([
    ['online', 0],
    ['away', 0],
    ['offline', 1_000],
    ['online', 1_000],
    ['offline', 1_000],
  ])
  tracker.close()
})
