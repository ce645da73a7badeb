import { expect, test } from '@playwright/test'
import { boardOf } from '../../../../relay/board/board-of.js'

const HOUR = 3_600_000
const now = 1_000 * HOUR
const user = (username: string, role: 'agent' | 'supervisor' | 'admin', isDisabled = false) => ({
  username,
  displayName: username.toUpperCase(),
  role,
  isDisabled,
  kfAccount: null,
  teamId: 'front',
})
const history = (openedAt: number, sends: number[] = []) => ({
  lastOpenedAt: { message: openedAt },
  sendTimes: sends,
  isUnsubscribed: false,
})

test('the board lists agents with load and cap, the queue by waiting time, windows closing within the hour', () => {
  const board = boardOf({
    users: [
      user('ann', 'agent'),
      user('old', 'agent', true),
      user('root', 'admin'),
      user('sue', 'supervisor'),
    ],
    teams: [
      {
        id: 'front',
        name: 'Front',
        isSharingConversations: false,
        isAutoAssigning: true,
        agentCap: 5,
        accountKeys: [],
        windowRescue: null,
        autoResolveAfterHours: null,
        businessHours: null,
        sla: null,
        satisfaction: null,
      },
    ],
    statusOf: (username) => (username === 'ann' ? 'online' : 'offline'),
    openCounts: new Map([
      ['ann', 2],
      ['old', 1],
    ]),
    queue: [
      {
        id: 'q1',
        assignee: null,
        lastIncomingAt: now - 5 * 60_000,
        windowHistory: history(now - 5 * 60_000),
      },
    ],
    active: [
      {
        id: 'soon',
        assignee: 'ann',
        lastIncomingAt: now - 47.5 * HOUR,
        windowHistory: history(now - 47.5 * HOUR, [now - HOUR]),
      },
      { id: 'later', assignee: 'ann', lastIncomingAt: now - HOUR, windowHistory: history(now - HOUR) },
      {
        id: 'closed',
        assignee: null,
        lastIncomingAt: now - 49 * HOUR,
        windowHistory: history(now - 49 * HOUR),
      },
    ],
    tagCounts: new Map([['vip', 3]]),
    now,
  })
  expect(board.agents.map((agent) => [agent.username, agent.status, agent.openCount, agent.cap])).toEqual([
    ['ann', 'online', 2, 5],
    ['old', 'offline', 1, 5],
    ['sue', 'offline', 0, 5],
  ])
  expect(board.queue).toEqual([
    { conversationId: 'q1', waitingSince: now - 5 * 60_000, waitingMs: 5 * 60_000 },
  ])
  expect(board.expiring).toEqual([
    { conversationId: 'soon', assignee: 'ann', expiresAt: now + HOUR / 2, messagesLeft: 4, kind: 'message' },
  ])
  expect(board.tagCounts).toEqual({ vip: 3 })
})
