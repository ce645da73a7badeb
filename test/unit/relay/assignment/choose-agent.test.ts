import { expect, test } from '@playwright/test'
import { chooseAgent } from '../../../../relay/assignment/choose-agent.js'

test('the fewest open conversations wins, ties go to whoever waited longest, full agents are skipped', () => {
  const agents = [
    { username: 'ann', openCount: 2, cap: 3, lastAssignedAt: 100 },
    { username: 'bob', openCount: 1, cap: 3, lastAssignedAt: 300 },
    { username: 'cat', openCount: 1, cap: 3, lastAssignedAt: 200 },
    { username: 'dan', openCount: 0, cap: 0, lastAssignedAt: null },
  ]
  expect(chooseAgent(agents)?.username).toBe('cat')
  expect(chooseAgent([{ ...agents[1]!, lastAssignedAt: null }, agents[2]!])?.username).toBe('bob')
  expect(chooseAgent([{ ...agents[0]!, openCount: 3 }, agents[3]!])).toBeNull()
  expect(chooseAgent([{ username: 'eve', openCount: 99, cap: null, lastAssignedAt: 1 }])?.username).toBe(
    'eve',
  )
  expect(chooseAgent([])).toBeNull()
})
