import { expect, test } from '@playwright/test'
import { chooseAgent, type AgentLoad } from '../../../../relay/assignment/choose-agent.js'

const agent = (fields: Omit<AgentLoad, 'accountKeys'> & { accountKeys?: string[] }): AgentLoad => ({
  accountKeys: [],
  ...fields,
})

test('the fewest open conversations wins, ties go to whoever waited longest, full agents are skipped', () => {
  const agents = [
    agent({ username: 'ann', openCount: 2, cap: 3, lastAssignedAt: 100 }),
    agent({ username: 'bob', openCount: 1, cap: 3, lastAssignedAt: 300 }),
    agent({ username: 'cat', openCount: 1, cap: 3, lastAssignedAt: 200 }),
    agent({ username: 'dan', openCount: 0, cap: 0, lastAssignedAt: null }),
  ]
  expect(chooseAgent(agents, 'default')?.username).toBe('cat')
  expect(chooseAgent([{ ...agents[1]!, lastAssignedAt: null }, agents[2]!], 'default')?.username).toBe('bob')
  expect(chooseAgent([{ ...agents[0]!, openCount: 3 }, agents[3]!], 'default')).toBeNull()
  expect(
    chooseAgent([agent({ username: 'eve', openCount: 99, cap: null, lastAssignedAt: 1 })], 'default')
      ?.username,
  ).toBe('eve')
  expect(chooseAgent([], 'default')).toBeNull()
})

test("only agents whose team answers the conversation's account receive it", () => {
  const brandOnly = agent({
    username: 'ann',
    openCount: 0,
    cap: null,
    lastAssignedAt: null,
    accountKeys: ['brand'],
  })
  const everyAccount = agent({ username: 'bob', openCount: 5, cap: null, lastAssignedAt: null })
  expect(chooseAgent([brandOnly, everyAccount], 'brand')?.username).toBe('ann')
  expect(chooseAgent([brandOnly, everyAccount], 'region')?.username).toBe('bob')
  expect(chooseAgent([brandOnly], 'region')).toBeNull()
})
